"""The ``csv`` format: one row a finding, with the columns of ``to_records()``.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as
a formula; such a cell is written with a leading apostrophe, which they show
as text (OWASP's advice against CSV injection).
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

import attrs

from .reporter import Options

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .findings import RecordReports, Summary

__all__ = ["COLUMNS", "CsvReporter"]

COLUMNS = (
    "file",
    "line",
    "record",
    "code",
    "name",
    "severity",
    "path",
    "source_field",
    "message",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@attrs.define
class CsvReporter:
    """Writes a header row and one row per finding."""

    options: Options

    def begin(self) -> Iterator[str]:
        """Return the header row."""
        yield _row(COLUMNS)

    def add(self, item: RecordReports) -> Iterator[str]:
        """Return one row per finding of the record."""
        for report in item.reports:
            record = report.as_record()
            yield _row(tuple(_cell(record[column]) for column in COLUMNS))

    def end(self, _summary: Summary, _exit_code: int) -> Iterator[str]:
        """Return nothing: the rows are the report."""
        return iter(())


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _row(cells: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()
