"""The reports: findings located in files, written in the format a reader wants.

:mod:`.findings` holds what every format writes (:class:`Report`,
:class:`RecordReports`, :class:`Summary`, counted by :class:`Tally`);
:mod:`.reporter` says what a format is: a :class:`Reporter` fed one record at
a time. Each format is one module (:mod:`.text`, :mod:`.json`, :mod:`.jsonl`,
:mod:`.csv`, :mod:`.sarif`, :mod:`.junit`, :mod:`.github`, :mod:`.html`), and
:data:`REPORTERS` names them, so a new format is one module and one entry
here; a format's module is imported when a run asks for it. :mod:`.baseline`
keeps known findings out of a report, :mod:`.statistics` counts them, and
:mod:`.ruledocs` writes the rule catalogue itself. A format reads rules only
through :mod:`onlinecompliance.rules`' public names.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING

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
from .github import step_summary
from .reporter import Options, Reporter, ReporterFactory

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

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


class _Formats(Mapping[str, "ReporterFactory"]):
    """Formats by name, each imported when first looked up.

    A run writes one format, and some formats pull in much of the standard
    library (JUnit's XML escaping imports ``urllib.request``, ``http`` and
    ``ssl``): a continuous-integration check of one small configuration file
    spends most of its time starting up.
    """

    def __init__(self, places: dict[str, str]) -> None:
        self._places = places

    def __getitem__(self, name: str) -> ReporterFactory:
        module, _, factory = self._places[name].partition(":")
        found: ReporterFactory = getattr(importlib.import_module(module, __name__), factory)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._places)


REPORTERS: Mapping[str, ReporterFactory] = _Formats(
    {
        "text": ".text:TextReporter",
        "json": ".json:JsonReporter",
        "jsonl": ".jsonl:JsonlReporter",
        "sarif": ".sarif:SarifReporter",
        "junit": ".junit:JunitReporter",
        "github": ".github:GithubReporter",
        "csv": ".csv:CsvReporter",
        "html": ".html:HtmlReporter",
    }
)
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
