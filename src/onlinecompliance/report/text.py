"""The ``text`` format: one line per finding, like a compiler's, then a summary line."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from .findings import Report, Summary

__all__ = ["text_report", "text_summary"]


def text_report(reports: Sequence[Report], summary: Summary) -> Iterator[str]:
    """Write one line per finding, like a compiler's, then a summary line."""
    for report in reports:
        where = [f"record {_printable(report.record)}"] if report.record is not None else []
        if report.path:
            where.append(f"at {report.path}")
        if report.evidence is not None:
            where.append(f"evidence: {report.evidence}")
        context = f" ({', '.join(where)})" if where else ""
        yield (
            f"{_printable(report.file)}:{report.line}: {report.code} [{report.severity.value}] "
            f"{_printable(report.message)}{context}\n"
        )
    yield text_summary(summary) + "\n"


def text_summary(summary: Summary) -> str:
    """``3 records read, 2 checked, 1 invalid; 1 error, 2 warnings, 0 info; 1 empty file``."""
    counts = summary.by_severity
    line = (
        f"{_plural(summary.records_read, 'record')} read, {summary.records_checked} checked, "
        f"{summary.records_invalid} invalid; {_plural(counts['error'], 'error')}, "
        f"{_plural(counts['warning'], 'warning')}, {counts['info']} info"
    )
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
