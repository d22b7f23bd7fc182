"""The JSON Schema: the committed file is current, and it agrees with the library."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema.exceptions import best_match

import onlinecompliance as oc
from onlinecompliance.load.schema import meeting_schema, render
from strategies import meetings, waivers

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schemas" / "meeting.schema.json"
VALIDATOR = jsonschema.Draft202012Validator(
    meeting_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)

FULL: dict[str, Any] = {
    "id": "vk-2026-000123",
    "kind": "advisory_72h",
    "platform": "meet",
    "start": "2026-11-20T10:00:00+01:00",
    "room": {"type": "unique", "url": "https://meet.regionh.dk/abc123", "guest_pin": True},
    "participants": [
        {"id": "p1", "role": "doctor", "client": {"app": "browser", "browser": "edge"}},
        {"id": "p2", "role": "health_staff", "organisation": "municipality"},
    ],
    "shares": [{"category": "health", "channel": "audio_video"}],
    "chat": [{"sender": "p1", "sent_at": "2026-11-20T09:02:00Z", "text": "Hej"}],
    "advisory": {"admitted_hours": 52, "caller": "p2", "mode": "phone"},
    "waivers": [{"rule": "OC102", "reason": "no MitID", "expires": "2027-03-31"}],
}
"""A readable record that uses every kind of schema: nesting, arrays, enums, formats."""


def _with(**changes: Any) -> dict[str, Any]:
    """:data:`FULL` with some top-level fields replaced."""
    return copy.deepcopy(FULL) | changes


def _without(field: str) -> dict[str, Any]:
    """:data:`FULL` without one top-level field."""
    record = copy.deepcopy(FULL)
    del record[field]
    return record


def test_committed_schema_is_current() -> None:
    """schemas/meeting.schema.json is exactly what ``render()`` writes today."""
    committed = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
    assert committed == render(meeting_schema()), (
        "schemas/meeting.schema.json is stale; run `python scripts/generate.py`"
    )


def test_schema_is_valid_draft_2020_12() -> None:
    """The schema itself conforms to the draft 2020-12 metaschema."""
    jsonschema.Draft202012Validator.check_schema(meeting_schema())


def test_formats_are_checked() -> None:
    """The validator asserts ``date-time`` and ``date``, so format cases below count."""
    checked = VALIDATOR.format_checker.checkers if VALIDATOR.format_checker else {}
    assert {"date", "date-time"} <= set(checked), (
        "jsonschema cannot check date-time without rfc3339-validator (in the test extras)"
    )


def test_full_record_is_valid_to_schema_and_loader() -> None:
    """The base of the invalid cases below validates and loads."""
    VALIDATOR.validate(FULL)
    oc.load_meeting(FULL)


@given(meetings(waiver_list=st.lists(waivers, max_size=2).map(tuple)))
def test_every_dumped_meeting_validates(meeting: oc.Meeting) -> None:
    """Whatever ``dump_meeting`` writes, the schema accepts."""
    VALIDATOR.validate(oc.dump_meeting(meeting))


@pytest.mark.parametrize(
    ("record", "path"),
    [
        pytest.param(_with(colour="red"), "$", id="unknown-field"),
        pytest.param(
            _with(participants=[{"id": "p1", "role": "doctor", "client": {"colour": "red"}}]),
            "$.participants[0].client",
            id="unknown-nested-field",
        ),
        pytest.param(_with(kind="webinar"), "$.kind", id="bad-enum"),
        pytest.param(
            _with(participants=[{"id": "p1", "role": "surgeon"}]),
            "$.participants[0].role",
            id="bad-nested-enum",
        ),
        pytest.param(_with(documented_in_sp="yes"), "$.documented_in_sp", id="string-for-boolean"),
        pytest.param(
            _with(advisory={"admitted_hours": "52"}),
            "$.advisory.admitted_hours",
            id="string-for-number",
        ),
        pytest.param(
            _with(advisory={"admitted_hours": True}),
            "$.advisory.admitted_hours",
            id="boolean-for-number",
        ),
        pytest.param(_with(participants={"id": "p1"}), "$.participants", id="object-for-array"),
        pytest.param(_with(participants=None), "$.participants", id="null-for-array"),
        pytest.param(_with(room="https://x"), "$.room", id="string-for-object"),
        pytest.param(_without("platform"), "$", id="missing-required"),
        pytest.param(
            _with(participants=[{"id": "p1"}]), "$.participants[0]", id="missing-nested-required"
        ),
        pytest.param(_with(start="2026-11-20T10:00:00"), "$.start", id="date-time-without-offset"),
        pytest.param(
            _with(waivers=[{"rule": "OC102", "reason": "r", "expires": "2027-02-30"}]),
            "$.waivers[0].expires",
            id="date-that-does-not-exist",
        ),
    ],
)
def test_invalid_records_fail_schema_and_loader(record: dict[str, Any], path: str) -> None:
    """A malformed record fails validation at its path, and the loader rejects it too."""
    error = best_match(VALIDATOR.iter_errors(record))
    assert error is not None
    assert error.json_path == path
    with pytest.raises(oc.InvalidRecord):
        oc.load_meeting(record)
