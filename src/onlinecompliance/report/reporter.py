"""What an output format is: a writer fed one record at a time, so nothing is held.

A run calls :meth:`Reporter.begin` once, :meth:`Reporter.add` once per record
(in the order of files given, then lines), and :meth:`Reporter.end` once with
the summary. Each returns pieces of text to write at once. So a report of a
million records is written as the records are checked, with flat memory, and
formats that need a whole document (JSON, SARIF, JUnit) write its opening, its
items and its closing in turn.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import attrs

from onlinecompliance.rules import Rule

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .findings import RecordReports, Summary

__all__ = ["Options", "Reporter", "ReporterFactory"]


@attrs.frozen
class Options:
    """What a format may need to know about the run besides the findings."""

    colour: bool = False
    """Colour the text format (on a terminal that wants it)."""
    rules: Sequence[Rule] = ()
    """The rules the policy runs, for formats that describe them (SARIF)."""
    version: str = ""
    """The tool's version, for formats that name it."""
    files: Sequence[str] = ()
    """The files given, as findings name them, for formats that say what was checked (HTML)."""
    policy_file: str | None = None
    """The policy file in force, as named; ``None`` for the built-in default."""
    today: datetime.date | None = None
    """The policy's reference date."""
    generated: datetime.datetime | None = None
    """When the report was made; the command line takes it from ``SOURCE_DATE_EPOCH`` if set."""
    max_listed: int = 10_000
    """The most findings a format that lists them for reading lists (HTML); all are counted."""


class Reporter(Protocol):
    """One output format, written as the run goes."""

    def begin(self) -> Iterable[str]:
        """Return what comes before the first record."""

    def add(self, item: RecordReports) -> Iterable[str]:
        """Return what one record's findings (maybe none) add to the output."""

    def end(self, summary: Summary, exit_code: int) -> Iterable[str]:
        """Return what comes after the last record."""


class ReporterFactory(Protocol):
    """Makes a reporter for a run."""

    def __call__(self, options: Options) -> Reporter:
        """Return a reporter for a run with ``options``."""
