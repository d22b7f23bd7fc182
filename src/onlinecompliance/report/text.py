"""The ``text`` format: one line per finding, like a compiler's, then a summary line.

``file:line: CODE name [severity] message (record id, at path, evidence: …)``.
On a terminal the code and severity are coloured, unless ``NO_COLOR`` is set
(``FORCE_COLOR`` colours any output); the command line decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from .reporter import Options

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .findings import RecordReports, Report, Summary

__all__ = ["TextReporter", "text_summary"]

_COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;34m"}
_BOLD = "\033[1m"
_RESET = "\033[0m"


@attrs.define
class TextReporter:
    """Writes findings as lines of text."""

    options: Options

    def begin(self) -> Iterator[str]:
        """Return nothing: text has no heading."""
        return iter(())

    def add(self, item: RecordReports) -> Iterator[str]:
        """Return one line per finding of the record."""
        for report in item.reports:
            yield self._line(report)

    def end(self, summary: Summary, _exit_code: int) -> Iterator[str]:
        """Return the summary line."""
        yield text_summary(summary) + "\n"

    def _line(self, report: Report) -> str:
        where = [f"record {report.record}"] if report.record is not None else []
        if report.path:
            where.append(f"at {report.located_path}")
        if report.evidence is not None:
            where.append(f"evidence: {report.evidence}")
        context = f" ({', '.join(where)})" if where else ""
        code, severity = report.code, f"[{report.severity.value}]"
        if self.options.colour:
            code = f"{_BOLD}{code}{_RESET}"
            severity = f"{_COLOURS[report.severity.value]}{severity}{_RESET}"
        return (
            f"{_printable(report.file)}:{report.line}: {code} {report.name} {severity} "
            f"{_printable(report.message)}{context}\n"
        )


def text_summary(summary: Summary) -> str:
    """``3 records read, 2 checked, 1 invalid; 1 error, 2 warnings, 0 info; 1 empty file``."""
    counts = summary.by_severity
    line = (
        f"{_plural(summary.records_read, 'record')} read, {summary.records_checked} checked, "
        f"{summary.records_invalid} invalid; {_plural(counts['error'], 'error')}, "
        f"{_plural(counts['warning'], 'warning')}, {counts['info']} info"
    )
    if summary.baselined or summary.fixed:
        line += f"; {summary.baselined} in the baseline, {summary.fixed} fixed since"
    if summary.empty_files:
        line += f"; {_plural(len(summary.empty_files), 'empty file')}"
    if summary.unreadable_files:
        line += f"; {_plural(len(summary.unreadable_files), 'file')} not read"
    return line


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _printable(text: str) -> str:
    """Escape control characters so that one finding stays on one line of text."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
