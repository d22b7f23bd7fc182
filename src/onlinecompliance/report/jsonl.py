"""The ``jsonl`` format: one compact JSON object a finding, ready to stream."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from .findings import Report, Summary

__all__ = ["jsonl_report"]


def jsonl_report(reports: Sequence[Report], _summary: Summary) -> Iterator[str]:
    """Write the findings as JSON lines, one compact object a line, without a summary."""
    for report in reports:
        yield json.dumps(report.as_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"
