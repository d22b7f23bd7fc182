"""Findings located in files, and the summary of a run: what every format writes.

A :class:`Report` is one finding as the command line shows it: a rule violation
of a checked record, or an unreadable record (code ``OC000``), with the file and
line it came from; :class:`RecordReports` holds one record's. :class:`Tally`
counts a run as it goes and gives its :class:`Summary`.

Nothing here prints input: messages and evidence come from the library, which
describes values rather than repeating them.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from onlinecompliance.model import (
    INVALID_RECORD_CODE,
    INVALID_RECORD_NAME,
    Severity,
)
from onlinecompliance.scan import shown

if TYPE_CHECKING:
    from onlinecompliance.engine import RecordResult
    from onlinecompliance.model import Origin
    from onlinecompliance.rules import Finding, Rule

__all__ = [
    "SCHEMA_VERSION",
    "RecordReports",
    "Report",
    "Summary",
    "Tally",
    "invalid_record",
    "policy_finding",
    "record_reports",
    "reports_for",
    "summarise",
]
SCHEMA_VERSION = 1
"""Version of the ``json`` and ``jsonl`` output; raised only for incompatible changes."""

_HIGH_FIRST = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@attrs.frozen
class Report:
    """One finding as reported: where it is in which file, and what is wrong."""

    code: str
    name: str
    severity: Severity
    record: str | None
    """The record's id; ``None`` when it has none that is a string, or for the policy."""
    path: str
    """Where in the record, as ``participants[2].role``; ``""`` is the record itself.

    For a finding about the policy, where in the policy: ``waivers[1]``.
    """
    message: str
    file: str
    """The file as given on the command line; ``<stdin>`` for standard input."""
    line: int
    """The line where the record starts (or, for a syntax error, where the error is)."""
    evidence: str | None = None
    """Masked description of sensitive data found, never the data itself."""
    source_field: str | None = None
    """For a record read from an export, the source's field ``path`` was read from."""

    @property
    def located_path(self) -> str:
        """Return the path, with the source field beside it for a record read from an export."""
        if self.source_field is None:
            return self.path
        return f"{self.path} (source field {self.source_field})"

    def as_dict(self) -> dict[str, Any]:
        """Return the finding as JSON data, keys in a fixed order; ``evidence`` may be null."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "record": self.record,
            "path": self.path,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "evidence": self.evidence,
            "source_field": self.source_field,
        }

    def as_record(self) -> dict[str, Any]:
        """Return the finding as one flat row for a table (CSV, pandas), without evidence."""
        return {
            "file": self.file,
            "line": self.line,
            "record": self.record,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "path": self.path,
            "source_field": self.source_field,
            "message": self.message,
        }


@attrs.frozen
class Summary:
    """Counts over a whole run."""

    records_read: int
    """Every record read, also unreadable ones; blank lines are not records."""
    records_checked: int
    records_invalid: int
    by_severity: Mapping[str, int]
    """Findings per severity; every severity is a key."""
    by_code: Mapping[str, int]
    """Findings per code, in code order."""
    empty_files: tuple[str, ...] = ()
    """Files that held no records at all (a warning, not an error)."""
    unreadable_files: tuple[str, ...] = ()
    """Files that could not be read at all (missing, a folder, not UTF-8 text)."""
    baselined: int = 0
    """Findings left out because the baseline holds them."""
    fixed: int = 0
    """Baseline entries that no finding matched: fixed since the baseline was written."""

    def as_dict(self) -> dict[str, Any]:
        """Return the summary as JSON data, keys in a fixed order."""
        return {
            "records_read": self.records_read,
            "records_checked": self.records_checked,
            "records_invalid": self.records_invalid,
            "by_severity": dict(self.by_severity),
            "by_code": dict(self.by_code),
            "empty_files": list(self.empty_files),
            "unreadable_files": list(self.unreadable_files),
            "baselined": self.baselined,
            "fixed": self.fixed,
        }


def invalid_record(
    file: str, line: int, message: str, *, path: str = "", record: str | None = None
) -> Report:
    """Return the ``OC000`` finding for a record that could not be read."""
    return Report(
        code=INVALID_RECORD_CODE,
        name=INVALID_RECORD_NAME,
        severity=Severity.ERROR,
        record=record,
        path=path,
        message=message,
        file=file,
        line=line,
    )


def policy_finding(
    rule: Rule, finding: Finding, severity: Severity, origin: Origin | None
) -> Report:
    """Return a finding about the policy itself (a waiver in it), located in the policy file."""
    return Report(
        code=rule.code,
        name=rule.name,
        severity=severity,
        record=None,
        path=finding.path,
        message=finding.message,
        file="<policy>" if origin is None else origin.file,
        line=1 if origin is None or origin.line is None else origin.line,
    )


def reports_for(
    result: RecordResult, file: str, line: int, *, key: bytes | None = None
) -> list[Report]:
    """Return the findings for one record: its violations, or one ``OC000`` listing its errors.

    The record's id is printed as :func:`~onlinecompliance.scan.shown` prints it,
    with ``key`` fingerprinting a masked id; an ``OC000`` names at most a few of
    its errors and counts the rest.
    """
    record = None if result.meeting_id is None else shown(result.meeting_id, key=key)
    if result.errors:
        message = result.error_message()
        return [invalid_record(file, line, message, path=result.errors[0].path, record=record)]
    return [
        Report(
            code=violation.code,
            name=violation.name,
            severity=violation.severity,
            record=record,
            path=violation.path,
            message=violation.message,
            file=file,
            line=line,
            evidence=violation.evidence,
            source_field=violation.source_field,
        )
        for violation in result.violations
    ]


def record_reports(
    result: RecordResult, file: str, line: int, *, key: bytes | None = None
) -> RecordReports:
    """Return what the output says about one record read: its findings, id and department.

    The id and the department are printed as :func:`~onlinecompliance.scan.shown`
    prints them, each worked out once (masking may scan them).
    """
    reports = tuple(reports_for(result, file, line, key=key))
    if reports:
        record = reports[0].record
    else:
        record = None if result.meeting_id is None else shown(result.meeting_id, key=key)
    department = None if result.department is None else _shown_department(result.department, key)
    return RecordReports(file, line, record, reports, department, result.week)


@functools.lru_cache(maxsize=1024)
def _shown_department(department: str, key: bytes | None) -> str:
    """Print a department as :func:`shown` does, remembered: a log names few departments."""
    return shown(department, key=key)


@attrs.frozen
class RecordReports:
    """What the output says about one record, or about the policy: where, and its findings.

    A record without findings is still one item, so that formats that list
    every record (JUnit's test cases) can list it.
    """

    file: str
    line: int
    record: str | None
    reports: tuple[Report, ...] = ()
    department: str | None = None
    """The checked meeting's department as printed (masked where it may be personal)."""
    week: str | None = None
    """The ISO week of the checked meeting's start (``2026-W49``), where it is known."""


class Tally:
    """The counts of a run, kept as the findings go by, so no finding need be kept."""

    def __init__(self) -> None:
        self.records_read = 0
        self.records_checked = 0
        self.records_invalid = 0
        self._by_severity: Counter[Severity] = Counter()
        self.codes: Counter[str] = Counter()
        self.empty_files: list[str] = []
        self.unreadable_files: list[str] = []
        self.baselined = 0
        self.fixed = 0

    @property
    def worst(self) -> Severity | None:
        """The most severe finding reported so far."""
        return next((level for level in _HIGH_FIRST if self._by_severity[level]), None)

    def count(self, reports: Iterable[Report]) -> None:
        """Count findings that are reported."""
        for report in reports:
            self._by_severity[report.severity] += 1
            self.codes[report.code] += 1

    def summary(self) -> Summary:
        """Return the counts so far as a :class:`Summary`."""
        return Summary(
            records_read=self.records_read,
            records_checked=self.records_checked,
            records_invalid=self.records_invalid,
            by_severity={level.value: self._by_severity[level] for level in _HIGH_FIRST},
            by_code=dict(sorted(self.codes.items())),
            empty_files=tuple(self.empty_files),
            unreadable_files=tuple(self.unreadable_files),
            baselined=self.baselined,
            fixed=self.fixed,
        )


def summarise(
    reports: Iterable[Report], *, records_read: int, records_checked: int, records_invalid: int
) -> Summary:
    """Count findings per severity and per code: the summary of findings held in memory."""
    tally = Tally()
    tally.records_read, tally.records_checked = records_read, records_checked
    tally.records_invalid = records_invalid
    tally.count(reports)
    return tally.summary()
