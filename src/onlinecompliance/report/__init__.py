"""The reports: findings located in files, written in the format a reader wants.

:mod:`.findings` holds what every format writes (:class:`Report`,
:class:`RecordReports`, :class:`Summary`, counted by :class:`Tally`);
:mod:`.reporter` says what a format is: a :class:`Reporter` fed one record at
a time. Each format is one module (:mod:`.text`, :mod:`.json`, :mod:`.jsonl`,
:mod:`.csv`, :mod:`.sarif`, :mod:`.junit`, :mod:`.github`, :mod:`.html`), and
:data:`REPORTERS` names them, so a new format is one module and one entry
here. :mod:`.baseline` keeps known findings out of a report, :mod:`.statistics`
counts them, and :mod:`.ruledocs` writes the rule catalogue itself. A format
reads rules only through :mod:`onlinecompliance.rules`' public names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .csv import CsvReporter
from .findings import (
    SCHEMA_VERSION,
    RecordReports,
    Report,
    Summary,
    Tally,
    invalid_record,
    policy_finding,
    record_reports,
    reports_for,
    summarise,
)
from .github import GithubReporter, step_summary
from .html import HtmlReporter
from .json import JsonReporter
from .jsonl import JsonlReporter
from .junit import JunitReporter
from .reporter import Options, Reporter, ReporterFactory
from .sarif import SarifReporter
from .text import TextReporter

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

__all__ = [
    "REPORTERS",
    "SCHEMA_VERSION",
    "Options",
    "RecordReports",
    "Report",
    "Reporter",
    "ReporterFactory",
    "Summary",
    "Tally",
    "invalid_record",
    "policy_finding",
    "record_reports",
    "render",
    "reports_for",
    "step_summary",
    "summarise",
]

REPORTERS: Mapping[str, ReporterFactory] = {
    "text": TextReporter,
    "json": JsonReporter,
    "jsonl": JsonlReporter,
    "sarif": SarifReporter,
    "junit": JunitReporter,
    "github": GithubReporter,
    "csv": CsvReporter,
    "html": HtmlReporter,
}
"""Findings formats by name, in the order the command line lists them."""


def render(
    name: str,
    items: Iterable[RecordReports],
    summary: Summary,
    *,
    options: Options | None = None,
    exit_code: int = 0,
) -> Iterator[str]:
    """Write a whole report in the format ``name``: for callers that hold the findings."""
    reporter = REPORTERS[name](Options() if options is None else options)
    yield from reporter.begin()
    for item in items:
        yield from reporter.add(item)
    yield from reporter.end(summary, exit_code)
