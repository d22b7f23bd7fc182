"""The ``github`` format: workflow commands that GitHub Actions shows as annotations.

``::error file=…,line=…,title=CODE name::message`` for each finding (``warning``
and ``notice`` for the other severities), escaped as GitHub's toolkit escapes
them, so no value can end a command early or start another. :func:`step_summary`
is the Markdown table the command line adds to ``$GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from .reporter import Options

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .findings import RecordReports, Report, Summary

__all__ = ["GithubReporter", "step_summary"]

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


@attrs.define
class GithubReporter:
    """Writes one workflow command per finding."""

    options: Options

    def begin(self) -> Iterator[str]:
        """Return nothing: annotations have no heading."""
        return iter(())

    def add(self, item: RecordReports) -> Iterator[str]:
        """Return one annotation per finding of the record."""
        for report in item.reports:
            yield _annotation(report)

    def end(self, _summary: Summary, _exit_code: int) -> Iterator[str]:
        """Return nothing: the summary goes to the step summary."""
        return iter(())


def _annotation(report: Report) -> str:
    properties = ",".join(
        f"{key}={_property(value)}"
        for key, value in (
            ("file", report.file),
            ("line", str(report.line)),
            ("title", f"{report.code} {report.name}"),
        )
    )
    where = f" (record {report.record})" if report.record is not None else ""
    message = f"{report.message}{where}"
    return f"::{_COMMANDS[report.severity.value]} {properties}::{_data(message)}\n"


def step_summary(summary: Summary) -> str:
    """Return the run's counts as Markdown for the job's summary page."""
    lines = [
        "### onlinecompliance",
        "",
        (
            f"{summary.records_read} records read, {summary.records_checked} checked, "
            f"{summary.records_invalid} invalid."
        ),
        "",
        "| Severity | Findings |",
        "| --- | --- |",
        *(f"| {level} | {count} |" for level, count in summary.by_severity.items()),
        "",
        "| Code | Findings |",
        "| --- | --- |",
        *(f"| {code} | {count} |" for code, count in summary.by_code.items()),
    ]
    return "\n".join(lines) + "\n"


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")
