"""The ``json`` format: one document with the schema version, the findings and the summary.

The document is written as it goes, element by element, and reads exactly as
``json.dumps(document, indent=2)`` would write it.
"""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING

import attrs

from .findings import SCHEMA_VERSION
from .reporter import Options

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .findings import RecordReports, Summary

__all__ = ["JsonReporter"]


@attrs.define
class JsonReporter:
    """Writes ``{"schema_version": 1, "findings": [...], "summary": {...}}``."""

    options: Options
    _written: int = 0

    def begin(self) -> Iterator[str]:
        """Return the document's opening, up to the findings array."""
        yield f'{{\n  "schema_version": {SCHEMA_VERSION},\n  "findings": ['

    def add(self, item: RecordReports) -> Iterator[str]:
        """Return the record's findings as elements of the array."""
        for report in item.reports:
            text = json.dumps(report.as_dict(), ensure_ascii=False, indent=2)
            yield ("," if self._written else "") + "\n" + textwrap.indent(text, "    ")
            self._written += 1

    def end(self, summary: Summary, _exit_code: int) -> Iterator[str]:
        """Return the end of the array, the summary and the end of the document."""
        text = json.dumps(summary.as_dict(), ensure_ascii=False, indent=2)
        closing = "\n  ]" if self._written else "]"
        yield f'{closing},\n  "summary": {textwrap.indent(text, "  ").lstrip()}\n}}\n'
