"""The ``json`` format: one document with the schema version, the findings and the summary."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .findings import SCHEMA_VERSION

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from .findings import Report, Summary

__all__ = ["json_report"]


def json_report(reports: Sequence[Report], summary: Summary) -> Iterator[str]:
    """Write one JSON object with the schema version, the findings and the summary."""
    document = {
        "schema_version": SCHEMA_VERSION,
        "findings": [report.as_dict() for report in reports],
        "summary": summary.as_dict(),
    }
    yield json.dumps(document, ensure_ascii=False, indent=2) + "\n"
