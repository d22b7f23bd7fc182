"""Checking a stream of records, with every record read accounted for."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import attrs

from onlinecompliance.load import load_meeting
from onlinecompliance.model import FieldError, InvalidRecord, Violation
from onlinecompliance.policy import Policy

from .limits import limit_errors
from .meeting import examine

__all__ = ["RecordChecker", "RecordResult", "check_records"]


@attrs.frozen
class RecordResult:
    """The outcome for one record: its violations, or why it could not be read."""

    index: int
    """Position of the record in its input, from 0."""
    meeting_id: str | None
    """The record's id, where it is a string (also for unreadable records)."""
    violations: tuple[Violation, ...] = ()
    errors: tuple[FieldError, ...] = ()
    """Input errors; when there are any, the record was not checked."""
    policy_waivers_used: frozenset[int] = frozenset()
    """Indexes of the policy's waivers that suppressed a finding of this record."""

    @property
    def ok(self) -> bool:
        """Whether the record could be read and was checked."""
        return not self.errors


class RecordChecker:
    """Checks records one at a time and reports an id that repeats an earlier one.

    One checker stands for one input (a file): record ids must be unique in it.
    """

    def __init__(self, policy: Policy | None = None) -> None:
        self._policy = Policy() if policy is None else policy
        self._seen_ids: set[str] = set()
        self._count = 0

    def check(self, data: object) -> RecordResult:
        """Read and check one record; never raises for bad input."""
        index = self._count
        self._count += 1
        too_large = limit_errors(data, self._policy.limits) if isinstance(data, Mapping) else ()
        if too_large:
            return RecordResult(index, _raw_id(data), errors=too_large)
        try:
            meeting = load_meeting(data)
        except InvalidRecord as invalid:
            raw_id = _raw_id(data)
            if raw_id is not None:  # a later record with this id still repeats it
                self._seen_ids.add(raw_id)
            return RecordResult(index, raw_id, errors=invalid.errors)
        if meeting.id in self._seen_ids:
            repeat = FieldError("id", "repeats the id of an earlier record in this input")
            return RecordResult(index, meeting.id, errors=(repeat,))
        self._seen_ids.add(meeting.id)
        violations, used = examine(meeting, self._policy)
        return RecordResult(index, meeting.id, tuple(violations), policy_waivers_used=used)


def check_records(
    records: Iterable[object], policy: Policy | None = None
) -> Iterator[RecordResult]:
    """Check records lazily, one result per record, in input order.

    Each item is a mapping such as a parsed JSON object; anything else gives a
    result with an input error rather than an exception.
    """
    checker = RecordChecker(policy)
    for data in records:
        yield checker.check(data)


def _raw_id(data: object) -> str | None:
    raw = data.get("id") if isinstance(data, Mapping) else None
    return raw if isinstance(raw, str) else None
