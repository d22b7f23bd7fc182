"""The ``jsonl`` format: one compact JSON object a finding, then one summary object.

The last line is ``{"type": "summary", ...}``, so a log streamed through
``check`` still says how many records were read, checked and invalid.

A finding's line is written from a template, with each string quoted by the
standard library's own quoting (the C function ``json.dumps`` uses): the bytes
are those of ``json.dumps(report.as_dict(), ensure_ascii=False,
separators=(",", ":"))``, which the tests check on any text, at a fifth of the cost.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import attrs

from .json import nullable, quoted
from .reporter import Options

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .findings import RecordReports, Report, Summary

__all__ = ["JsonlReporter", "json_line"]

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""One encoder for the summary: ``json.dumps`` with options builds a new one each call."""


def json_line(report: Report) -> str:
    """Return the finding as one compact JSON object, keys in the order of ``as_dict``."""
    return (
        f'{{"code":{quoted(report.code)},"name":{quoted(report.name)},'
        f'"severity":{quoted(report.severity.value)},"record":{nullable(report.record)},'
        f'"path":{quoted(report.path)},"message":{quoted(report.message)},'
        f'"file":{quoted(report.file)},"line":{report.line:d},'
        f'"evidence":{nullable(report.evidence)},'
        f'"source_field":{nullable(report.source_field)}}}'
    )


@attrs.define
class JsonlReporter:
    """Writes each finding as one line of JSON, and the summary as the last line."""

    options: Options

    def begin(self) -> Iterator[str]:
        """Return nothing: JSON lines have no heading."""
        return iter(())

    def add(self, item: RecordReports) -> list[str]:
        """Return one line per finding of the record."""
        return [json_line(report) + "\n" for report in item.reports]

    def end(self, summary: Summary, _exit_code: int) -> Iterator[str]:
        """Return the summary line."""
        document = {"type": "summary", **summary.as_dict()}
        yield _encode(document) + "\n"
