"""The generated fast structurer agrees with the slow path (cattrs) on every record.

The fast path (:mod:`onlinecompliance.load.fast`) may only ever decide a
success, and then must build the value the slow path builds; on anything it
is not sure of it gives up, and the slow path decides, errors included.
"""

from __future__ import annotations

import json
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.load import dump_meeting, load_meeting
from onlinecompliance.load.codegen import structurer_source
from onlinecompliance.load.fast import structure_fast
from onlinecompliance.load.loader import load, structure_slowly
from onlinecompliance.model import InvalidRecord, Meeting
from strategies import corrupted_records, json_values, meetings, waivers

if TYPE_CHECKING:
    from collections.abc import Callable

FAST = Path(oc.__file__).parent / "load" / "fast.py"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "meetings.jsonl"

with_waivers = meetings(waiver_list=st.lists(waivers, max_size=2).map(tuple))


def as_json(meeting: Meeting) -> Any:
    """Return the record of ``meeting`` as a JSON reader gives it (lists, not tuples)."""
    return json.loads(json.dumps(dump_meeting(meeting)))


def loaded_slowly(data: object) -> Meeting | tuple[oc.FieldError, ...]:
    """Load ``data`` the way ``load_meeting`` did before the fast path: a meeting, or errors."""
    try:
        return load(data, fast=False)
    except InvalidRecord as invalid:
        return invalid.errors


def loaded(data: object) -> Meeting | tuple[oc.FieldError, ...]:
    """Load ``data`` with ``load_meeting``: a meeting, or its errors."""
    try:
        return load_meeting(data)
    except InvalidRecord as invalid:
        return invalid.errors


def assert_agree(data: dict[str, Any]) -> None:
    """Check that the fast path builds what the slow path builds, or gives up; loading as before."""
    fast = structure_fast(data)
    try:
        slow = structure_slowly(data)
    except InvalidRecord:
        assert fast is None  # the fast path never accepts what the slow path refuses
    else:
        if fast is not None:
            assert slow == fast
            assert dump_meeting(slow) == dump_meeting(fast)  # offsets too, which == ignores
            assert repr(slow) == repr(fast)
    assert loaded_slowly(data) == loaded(data)


def test_the_committed_fast_structurer_is_fresh() -> None:
    expected = structurer_source()
    actual = FAST.read_text(encoding="utf-8")
    assert expected == actual, "load/fast.py is stale; run `python scripts/generate.py`"


@given(with_waivers)
def test_the_fast_path_reads_every_valid_record_as_the_slow_path_does(meeting: Meeting) -> None:
    data = as_json(meeting)
    fast = structure_fast(data)
    assert fast is not None  # a valid JSON record never needs the slow path
    assert structure_slowly(data) == fast
    assert dump_meeting(fast) == data
    assert_agree(data)


@given(corrupted_records(with_waivers).map(lambda record: json.loads(json.dumps(record))))
def test_the_fast_path_agrees_on_corrupted_records_errors_included(data: dict[str, Any]) -> None:
    assert_agree(data)


@given(json_values.filter(lambda value: isinstance(value, dict)))
def test_the_fast_path_agrees_on_any_object(data: dict[str, Any]) -> None:
    assert_agree(data)


def _python_values(value: Any, draw: Callable[[st.SearchStrategy[bool]], bool]) -> Any:
    """Turn some lists of ``value`` into tuples and some objects into read-only mappings."""
    if isinstance(value, list):
        items = [_python_values(item, draw) for item in value]
        return tuple(items) if draw(st.booleans()) else items
    if isinstance(value, dict):
        fields = {key: _python_values(item, draw) for key, item in value.items()}
        return types.MappingProxyType(fields) if draw(st.booleans()) else fields
    return value


@given(st.data(), with_waivers)
def test_the_fast_path_leaves_python_containers_to_the_slow_path(
    data: st.DataObject, meeting: Meeting
) -> None:
    """A caller's tuples and mappings other than dicts are read (slowly) as before."""
    record = _python_values(as_json(meeting), data.draw)
    if isinstance(record, dict):
        assert_agree(record)
    assert loaded_slowly(record) == loaded(record)


def test_the_fast_path_reads_every_example_record_as_the_slow_path_does() -> None:
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        assert_agree(json.loads(line))


def test_the_fast_path_gives_up_on_subclasses_of_json_types() -> None:
    class Text(str):
        __slots__ = ()

    record = {"id": Text("x"), "kind": "internal_meeting", "platform": "zoom"}
    assert structure_fast(record) is None
    assert load_meeting(record) == structure_slowly(record)
