"""Checking a stream of records, with every record read accounted for."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from onlinecompliance.load import load_meeting
from onlinecompliance.model import (
    INVALID_RECORD_CODE,
    INVALID_RECORD_NAME,
    FieldError,
    InvalidRecord,
    Violation,
    list_errors,
)
from onlinecompliance.policy import Policy
from onlinecompliance.scan import shown

from .limits import limit_errors
from .meeting import examine
from .seen import SeenIds

if TYPE_CHECKING:
    import datetime

__all__ = ["RecordChecker", "RecordResult", "check_record", "check_records", "to_records"]


def _identifier(value: str | None) -> str:
    """Show an identifier in ``repr()`` as every output prints it: masked if it may be personal."""
    return "None" if value is None else repr(shown(value))


@attrs.frozen
class RecordResult:
    """The outcome for one record: its violations, or why it could not be read."""

    index: int
    """Position of the record in its input, from 0."""
    meeting_id: str | None = attrs.field(repr=_identifier)
    """The record's id, where it is a string (also for unreadable records)."""
    violations: tuple[Violation, ...] = ()
    errors: tuple[FieldError, ...] = ()
    """Input errors; when there are any, the record was not checked."""
    policy_waivers_used: frozenset[int] = frozenset()
    """Indexes of the policy's waivers that suppressed a finding of this record."""
    department: str | None = attrs.field(default=None, repr=_identifier)
    """The checked meeting's department as written, for reports that count by department."""
    week: str | None = None
    """The ISO week of the checked meeting's start, as ``2026-W49``: a count needs no more.

    The week is the one of the start's own date, in the offset it was written with.
    """

    @property
    def ok(self) -> bool:
        """Whether the record could be read and was checked."""
        return not self.errors

    def error_message(self) -> str:
        """Describe the input errors in one message: the first few, and how many more."""
        return list_errors(self.errors)

    def to_records(self, file: str | None = None, line: int | None = None) -> list[dict[str, Any]]:
        """Return the findings as flat rows for a table: one per violation, or one ``OC000``.

        The columns are ``file``, ``line``, ``record``, ``code``, ``name``,
        ``severity``, ``path``, ``source_field`` and ``message``, as in the ``csv``
        format; the record id is masked as in every output (``pandas.DataFrame(rows)``
        makes a table).
        """
        record = None if self.meeting_id is None else shown(self.meeting_id)
        where = {"file": file, "line": self.index + 1 if line is None else line, "record": record}
        if self.errors:
            message = self.error_message()
            return [
                {
                    **where,
                    "code": INVALID_RECORD_CODE,
                    "name": INVALID_RECORD_NAME,
                    "severity": "error",
                    "path": self.errors[0].path,
                    "source_field": None,
                    "message": message,
                }
            ]
        return [
            {
                **where,
                "code": found.code,
                "name": found.name,
                "severity": found.severity.value,
                "path": found.path,
                "source_field": found.source_field,
                "message": found.message,
            }
            for found in self.violations
        ]


class RecordChecker:
    """Checks records one at a time and reports an id that repeats an earlier one.

    One checker stands for one input (a file): record ids must be unique in it.
    The ids seen are kept as 64-bit digests, not as strings, in a store whose
    memory does not grow with the input (:class:`~.seen.SeenIds`): beyond some
    130,000 ids it writes digests to temporary files, which :meth:`close`
    removes (``with contextlib.closing(checker)``). Two different ids share a
    digest with a chance of about n² / 2⁶⁵ among n records (one in 37 million
    for a million records); the later one would then be reported as a repeat.
    """

    def __init__(self, policy: Policy | None = None) -> None:
        self._policy = Policy() if policy is None else policy
        self._seen_ids = SeenIds()
        self._count = 0

    def close(self) -> None:
        """Remove the temporary files of the ids seen, if any: the input is done with."""
        self._seen_ids.close()

    def check(self, data: object) -> RecordResult:
        """Read and check one record; never raises for bad input."""
        return self.remember(check_record(data, self._policy, self._count))

    def remember(self, result: RecordResult) -> RecordResult:
        """Take the next record's result, in input order; a repeated id makes it an input error.

        Workers check records apart (:func:`check_record`) and the one checker of
        the input remembers their results in order, which gives the same results
        as checking them here.
        """
        if result.index != self._count:  # a worker's result: numbered here, in input order
            result = attrs.evolve(result, index=self._count)
        self._count += 1
        if result.meeting_id is None:
            return result
        # Added also for unreadable records: a later one still repeats the id.
        if self._seen_ids.add(_digest(result.meeting_id)) and result.ok:
            repeat = FieldError("id", "repeats the id of an earlier record in this input")
            return RecordResult(result.index, result.meeting_id, errors=(repeat,))
        return result


def check_record(data: object, policy: Policy, index: int) -> RecordResult:
    """Read and check one record on its own, as the ``index``-th of its input.

    Pure, and what a worker process runs; whether the id repeats an earlier
    record is for :meth:`RecordChecker.remember` to say.
    """
    too_large = limit_errors(data, policy.limits) if isinstance(data, Mapping) else ()
    if too_large:
        return RecordResult(index, _raw_id(data), errors=too_large)
    try:
        meeting = load_meeting(data)
    except InvalidRecord as invalid:
        return RecordResult(index, _raw_id(data), errors=invalid.errors)
    violations, used = examine(meeting, policy)
    return RecordResult(
        index,
        meeting.id,
        tuple(violations),
        policy_waivers_used=used,
        department=meeting.department,
        week=None if meeting.start is None else _iso_week(meeting.start),
    )


def _iso_week(start: datetime.datetime) -> str:
    """Return the ISO week of ``start``'s own date, as ``2026-W49``."""
    year, week, _ = start.isocalendar()
    return f"{year}-W{week:02d}"


def check_records(
    records: Iterable[object], policy: Policy | None = None
) -> Iterator[RecordResult]:
    """Check records lazily, one result per record, in input order.

    Each item is a mapping such as a parsed JSON object; anything else gives a
    result with an input error rather than an exception. The temporary files
    of a long input's ids are removed when the results run out or the
    generator is closed.
    """
    with contextlib.closing(RecordChecker(policy)) as checker:
        for data in records:
            yield checker.check(data)


def _digest(record_id: str) -> int:
    data = record_id.encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


def _raw_id(data: object) -> str | None:
    raw = data.get("id") if isinstance(data, Mapping) else None
    return raw if isinstance(raw, str) else None


def to_records(results: Iterable[RecordResult]) -> list[dict[str, Any]]:
    """Return the findings of many results as flat rows: ``pandas.DataFrame(to_records(...))``.

    A result's ``line`` is its position in the input, counted from 1.
    """
    return [row for result in results for row in result.to_records()]
