"""Streaming records: every record accounted for, repeated ids reported."""

from __future__ import annotations

from typing import Any

import onlinecompliance as oc
from onlinecompliance.model import FieldError

GOOD: dict[str, Any] = {"id": "a", "kind": "internal_meeting", "platform": "minsp"}


def test_one_result_per_record_in_order() -> None:
    """Each input gives one result, at its index, readable or not."""
    results = list(
        oc.check_records([GOOD, [1], {**GOOD, "id": "b", "kind": "x"}, {**GOOD, "id": "c"}])
    )
    assert [0, 1, 2, 3] == [result.index for result in results]
    assert [True, False, False, True] == [result.ok for result in results]
    assert ["a", None, "b", "c"] == [result.meeting_id for result in results]


def test_repeated_id_is_an_input_error() -> None:
    """A record repeating an earlier record's id is an error at path ``id``."""
    results = list(oc.check_records([GOOD, GOOD]))
    expected = (FieldError("id", "repeats the id of an earlier record in this input"),)
    assert expected == results[1].errors


def test_id_of_an_unreadable_record_still_counts_as_used() -> None:
    """A later record repeating the id of an unreadable one is reported too."""
    results = list(oc.check_records([{**GOOD, "kind": "x"}, GOOD]))
    assert ["id"] == [error.path for error in results[1].errors]


def test_records_are_checked_lazily() -> None:
    """Results come as records are read: a generator is not drained up front."""
    taken: list[int] = []

    def source() -> Any:
        for number in range(3):
            taken.append(number)
            yield {**GOOD, "id": str(number)}

    results = oc.check_records(source())
    next(results)
    assert [0] == taken


def test_result_carries_department_and_iso_week() -> None:
    """A checked record's result names its department and the ISO week of its start only."""
    record = {**GOOD, "department": "RH-Kardiologi", "start": "2026-12-06T23:30:00+01:00"}
    result = next(oc.check_records([record]))
    assert ("RH-Kardiologi", "2026-W49") == (result.department, result.week)


def test_week_is_that_of_the_start_in_its_own_offset() -> None:
    """Sunday late in UTC is the same Sunday's week, not Monday's in Copenhagen."""
    record = {**GOOD, "start": "2026-12-06T23:30:00Z"}
    assert "2026-W49" == next(oc.check_records([record])).week


def test_invalid_and_repeated_records_carry_no_department() -> None:
    """A record that could not be checked has no department or week to count by."""
    record = {**GOOD, "department": "RH", "start": "2026-12-06T10:00:00Z"}
    results = list(oc.check_records([record, record, {**record, "id": "b", "kind": "x"}]))
    assert ["RH", None, None] == [result.department for result in results]
    assert ["2026-W49", None, None] == [result.week for result in results]


def test_repr_of_a_result_masks_id_and_department() -> None:
    """``repr()`` of a result shows its id and department as outputs print them."""
    cpr = "0101901234"
    record = {**GOOD, "id": cpr, "department": f"afd {cpr}"}
    assert cpr not in repr(next(oc.check_records([record])))
