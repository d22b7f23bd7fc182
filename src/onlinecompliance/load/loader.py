"""Reading untrusted data into a :class:`~onlinecompliance.model.Meeting`.

Structuring (types, enums, unknown fields) is the converter's job; this module
adds the invariants that need the whole record, such as participant references,
and gathers every problem into one :class:`~onlinecompliance.model.InvalidRecord`.
A waiver must name a rule of the catalogue, so this stage reads the rule
registry (its codes and names, never the checks).
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Mapping
from typing import Any

from onlinecompliance.model import FieldError, InvalidRecord, Meeting
from onlinecompliance.rules import RULES
from onlinecompliance.scan import describe

from .converter import field_errors, make_converter
from .fast import structure_fast

__all__ = ["dump_meeting", "load_meeting", "structure_slowly"]

_CONVERTER = make_converter()


def load_meeting(data: object) -> Meeting:
    """Read one meeting record from a mapping (a parsed JSON object or TOML table).

    Raises :class:`InvalidRecord` listing every problem as ``(path, message)``.
    """
    if not isinstance(data, Mapping):
        raise InvalidRecord((FieldError("", f"expected an object, got {describe(data)}"),))
    meeting = structure_fast(data)  # None for a record it is not sure of
    if meeting is None:
        meeting = structure_slowly(data)
    problems = tuple(_invariant_errors(meeting))
    if problems:
        raise InvalidRecord(problems)
    return meeting


def structure_slowly(data: Mapping[str, object]) -> Meeting:
    """Structure ``data`` with cattrs' detailed validation, which names every problem.

    What :func:`load_meeting` falls back on when the fast structurer
    (:mod:`.fast`, generated) gives up; it builds the same value on a record both read.
    Raises :class:`InvalidRecord` listing every problem as ``(path, message)``.
    """
    try:
        return _CONVERTER.structure(data, Meeting)
    except Exception as error:  # noqa: BLE001 (cattrs groups any hook's error; all become FieldErrors)
        raise InvalidRecord(tuple(field_errors(error))) from None


def dump_meeting(meeting: Meeting) -> dict[str, Any]:
    """Write a meeting back as plain JSON data; ``load_meeting`` reads it back equal."""
    data: dict[str, Any] = _CONVERTER.unstructure(meeting)
    return data


def _invariant_errors(meeting: Meeting) -> Iterator[FieldError]:
    """Problems that need the whole record: empty ids, repeats, dangling references."""
    if not meeting.id.strip():
        yield FieldError("id", "must not be empty")
    known_ids = yield from _participant_errors(meeting)
    for index, message in enumerate(meeting.chat):
        if message.sender is not None and message.sender not in known_ids:
            yield FieldError(f"chat[{index}].sender", _no_such_participant(message.sender))
    advisory = meeting.advisory
    if advisory is not None:
        if advisory.caller is not None and advisory.caller not in known_ids:
            yield FieldError("advisory.caller", _no_such_participant(advisory.caller))
        if advisory.admitted_hours is not None and advisory.admitted_hours < 0:
            yield FieldError("advisory.admitted_hours", "must be a number of hours >= 0")
    for index, waiver in enumerate(meeting.waivers):
        yield from _waiver_errors(f"waivers[{index}]", waiver.rule, waiver.reason)


def _participant_errors(meeting: Meeting) -> Generator[FieldError, None, set[str]]:
    """Report empty and repeated participant ids; return the ids that exist."""
    first_use: dict[str, int] = {}
    for index, person in enumerate(meeting.participants):
        if not person.id.strip():
            yield FieldError(f"participants[{index}].id", "must not be empty")
        elif person.id in first_use:
            yield FieldError(
                f"participants[{index}].id",
                f"repeats the id of participants[{first_use[person.id]}]",
            )
        else:
            first_use[person.id] = index
    return set(first_use)


def _waiver_errors(path: str, rule_key: str, reason: str) -> Iterator[FieldError]:
    rule = RULES.lookup(rule_key)
    if rule is None:
        yield FieldError(f"{path}.rule", RULES.unknown(rule_key, describe(rule_key)))
    elif not rule.waivable:
        yield FieldError(f"{path}.rule", f"{rule.code} cannot be waived")
    if not reason.strip():
        yield FieldError(f"{path}.reason", "must give a reason")


def _no_such_participant(participant_id: str) -> str:
    return f"names no participant of this record: {describe(participant_id)}"
