"""The ``junit`` format: JUnit XML as GitLab and Jenkins read it.

A test suite per file, a test case per record: a record with an error-level
finding fails its test case, one with warnings or notes passes and lists them
in its output. Suites carry no counts, which would have to be known before
their first test case: GitLab and Jenkins count the test cases themselves, and
so the report is written as the run goes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

import attrs

from onlinecompliance.model import Severity

from .reporter import Options

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .findings import RecordReports, Report, Summary

__all__ = ["JunitReporter"]

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold, even escaped."""


@attrs.define
class JunitReporter:
    """Writes ``<testsuites>``, one ``<testsuite>`` per file, one ``<testcase>`` per record."""

    options: Options
    _file: str | None = None

    def begin(self) -> Iterator[str]:
        """Return the XML declaration and the opening of the suites."""
        yield '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="onlinecompliance">\n'

    def add(self, item: RecordReports) -> Iterator[str]:
        """Return the record's test case, opening its file's suite first if it is new."""
        if item.file != self._file:
            if self._file is not None:
                yield "  </testsuite>\n"
            self._file = item.file
            yield f"  <testsuite name={_attribute(item.file)}>\n"
        name = f"record {item.record} (line {item.line})" if item.record else f"line {item.line}"
        yield (
            f"    <testcase name={_attribute(name)} classname={_attribute(item.file)} "
            f'file={_attribute(item.file)} line="{item.line}"'
        )
        if not item.reports:
            yield "/>\n"
            return
        yield ">\n"
        errors = [report for report in item.reports if report.severity is Severity.ERROR]
        if errors:
            first = errors[0]
            details = "\n".join(_line(report) for report in errors)
            yield (
                f"      <failure type={_attribute(first.code)} "
                f"message={_attribute(f'{first.code} {first.name}: {first.message}')}>"
                f"{_text(details)}</failure>\n"
            )
        others = [report for report in item.reports if report.severity is not Severity.ERROR]
        if others:
            yield f"      <system-out>{_text(chr(10).join(map(_line, others)))}</system-out>\n"
        yield "    </testcase>\n"

    def end(self, _summary: Summary, _exit_code: int) -> Iterator[str]:
        """Return the end of the last suite and of the suites."""
        if self._file is not None:
            yield "  </testsuite>\n"
        yield "</testsuites>\n"


def _line(report: Report) -> str:
    where = f" at {report.located_path}" if report.path else ""
    return f"{report.code} {report.name} [{report.severity.value}]{where}: {report.message}"


def _attribute(value: str) -> str:
    return quoteattr(_NOT_XML.sub("?", value), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("?", value))
