"""The ``jsonl`` format: one compact JSON object a finding, then one summary object.

The last line is ``{"type": "summary", ...}``, so a log streamed through
``check`` still says how many records were read, checked and invalid.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import attrs

from .reporter import Options

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .findings import RecordReports, Summary

__all__ = ["JsonlReporter"]

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""One encoder for every line: ``json.dumps`` with options builds a new one each call."""


@attrs.define
class JsonlReporter:
    """Writes each finding as one line of JSON, and the summary as the last line."""

    options: Options

    def begin(self) -> Iterator[str]:
        """Return nothing: JSON lines have no heading."""
        return iter(())

    def add(self, item: RecordReports) -> Iterator[str]:
        """Return one line per finding of the record."""
        for report in item.reports:
            yield _encode(report.as_dict()) + "\n"

    def end(self, summary: Summary, _exit_code: int) -> Iterator[str]:
        """Return the summary line."""
        document = {"type": "summary", **summary.as_dict()}
        yield _encode(document) + "\n"
