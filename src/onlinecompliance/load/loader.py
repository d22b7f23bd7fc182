"""Reading untrusted data into a :class:`~onlinecompliance.model.Meeting`.

Structuring (types, enums, unknown fields) is the converter's job; this module
adds the invariants that need the whole record, such as participant references,
and gathers every problem into one :class:`~onlinecompliance.model.InvalidRecord`.
A waiver must name a rule of the catalogue, so this stage reads the rule
registry (its codes and names, never the checks).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Generator, Iterable, Iterator, Mapping
from typing import Any

import attrs

from onlinecompliance.model import NOT_SET_FACTS, FieldError, Imported, InvalidRecord, Meeting
from onlinecompliance.rules import RULES
from onlinecompliance.scan import describe

from .converter import field_errors, make_converter
from .fast import structure_fast

__all__ = ["dump_meeting", "load_meeting", "structure_slowly"]

_CONVERTER = make_converter()
_REQUIRED = "required field is missing"
_FIELD_ORDER = {name: index for index, name in enumerate(attrs.fields_dict(Meeting))}
_TOP_LEVEL = re.compile(r"[a-z_]*")


def load_meeting(data: object) -> Meeting:
    """Read one meeting record from a mapping (a parsed JSON object or TOML table).

    Raises :class:`InvalidRecord` listing every problem as ``(path, message)``.
    """
    return load(data, fast=True)


def load(data: object, *, fast: bool) -> Meeting:
    """Read one record, trying the fast structurer first when ``fast`` (the tests compare)."""
    if not isinstance(data, Mapping):
        raise InvalidRecord((FieldError("", f"expected an object, got {describe(data)}"),))
    required = tuple(_required_errors(data))
    meeting = structure_fast(data) if fast and not required else None  # None: not sure of it
    if meeting is None:
        try:
            meeting = structure_slowly(data)
        except InvalidRecord as invalid:
            raise InvalidRecord(_in_record_order(required, invalid.errors)) from None
    problems = _in_record_order(required, _invariant_errors(meeting))
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


def _in_record_order(*groups: Iterable[FieldError]) -> tuple[FieldError, ...]:
    """Merge errors by the record's top-level field order, as the converter lists its own."""
    return tuple(
        sorted(
            itertools.chain(*groups),
            key=lambda error: _FIELD_ORDER.get(_TOP_LEVEL.match(error.path)[0], -1),  # type: ignore[index]
        )
    )


def _required_errors(data: Mapping[str, object]) -> Iterator[FieldError]:
    """Require ``kind``, ``platform`` and participants' ``role`` unless the record is imported.

    The model lets them be ``None`` because an export may not tell them; a
    hand-written record (no ``imported`` part) must still give them. A record that
    describes a Teams tenant policy (``tenant_policy``) is configuration, not a
    meeting, and has no kind.
    """
    if data.get("imported") is not None:
        return
    if data.get("kind") is None and data.get("tenant_policy") is None:
        yield FieldError("kind", _REQUIRED)
    if data.get("platform") is None:
        yield FieldError("platform", _REQUIRED)
    participants = data.get("participants")
    if isinstance(participants, list):
        for index, person in enumerate(participants):
            if isinstance(person, Mapping) and person.get("role") is None:
                yield FieldError(f"participants[{index}].role", _REQUIRED)


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
    if meeting.imported is not None:
        yield from _imported_errors(meeting.imported)


def _imported_errors(imported: Imported) -> Iterator[FieldError]:
    if not imported.format.strip():
        yield FieldError("imported.format", "must name the export format")
    for index, path in enumerate(imported.cannot_tell):
        if path not in NOT_SET_FACTS:
            allowed = ", ".join(sorted(NOT_SET_FACTS))
            yield FieldError(
                f"imported.cannot_tell[{index}]", f"{describe(path)} is not one of: {allowed}"
            )


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
