"""Records read from exports: what they may leave out, and how findings name their source."""

from __future__ import annotations

from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.load.schema import meeting_schema
from onlinecompliance.rules import RULES
from strategies import meetings

VALIDATOR = jsonschema.Draft202012Validator(meeting_schema())
FIELDS = {"participants[0].client.browser": "vendor"}
IMPORTED = {"format": "pexip-history", "fields": FIELDS}


def errors_of(record: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(oc.InvalidRecord) as raised:
        oc.load_meeting(record)
    return [(error.path, error.message) for error in raised.value.errors]


@pytest.mark.parametrize(
    ("record", "path"),
    [
        ({"id": "m1", "platform": "meet"}, "kind"),
        ({"id": "m1", "kind": "internal_meeting"}, "platform"),
        ({"id": "m1", "kind": None, "platform": "meet"}, "kind"),
        (
            {
                "id": "m1",
                "kind": "internal_meeting",
                "platform": "meet",
                "participants": [{"id": "p1"}],
            },
            "participants[0].role",
        ),
    ],
)
def test_hand_written_records_stay_strict(record: dict[str, Any], path: str) -> None:
    """Without ``imported``, kind, platform and roles are required, by loader and schema alike."""
    assert (path, "required field is missing") in errors_of(record)
    assert not VALIDATOR.is_valid(record)


def test_imported_records_may_leave_out_what_the_source_cannot_tell() -> None:
    record = {"id": "c-1", "participants": [{"id": "p1"}], "imported": IMPORTED}
    meeting = oc.load_meeting(record)
    assert (meeting.kind, meeting.platform, meeting.participants[0].role) == (None, None, None)
    assert meeting.imported == oc.Imported("pexip-history", FIELDS)
    assert VALIDATOR.is_valid(record)


def test_a_tenant_policy_has_no_kind() -> None:
    record = {"id": "Global", "platform": "teams", "tenant_policy": {"allow_transcription": True}}
    assert oc.load_meeting(record).kind is None
    assert VALIDATOR.is_valid(record)


def test_cannot_tell_names_only_the_not_set_facts() -> None:
    record = {"id": "c-1", "imported": {"format": "x", "cannot_tell": ["room.url"]}}
    [(path, message)] = errors_of(record)
    assert path == "imported.cannot_tell[0]"
    assert "minsp_fallback, recording.basis, room.booked_via" in message


@given(meeting=meetings())
def test_unknown_kind_and_platform_fire_only_unscoped_rules(meeting: oc.Meeting) -> None:
    """A rule scoped to kinds or platforms reads "not known" as false and stays quiet."""
    unknown = attrs.evolve(meeting, kind=None, platform=None, imported=oc.Imported("x"))
    for violation in oc.check(unknown):
        rule = RULES[violation.code]
        assert (rule.kinds, rule.platforms) == (None, None), violation.code


@given(meeting=meetings())
def test_unknown_roles_never_fire_a_role_rule(meeting: oc.Meeting) -> None:
    """Leaving out every role removes findings; it never adds one."""
    no_roles = tuple(attrs.evolve(person, role=None) for person in meeting.participants)
    unknown = attrs.evolve(meeting, participants=no_roles, imported=oc.Imported("x"))
    before = {(v.code, v.path) for v in oc.check(attrs.evolve(meeting, imported=oc.Imported("x")))}
    assert {(v.code, v.path) for v in oc.check(unknown)} <= before


NOT_SET = [
    (
        "OC406",
        "room.booked_via",
        {"id": "m", "kind": "video_consultation", "platform": "meet", "minsp_fallback": "other"},
    ),
    ("OC102", "minsp_fallback", {"id": "m", "kind": "video_consultation", "platform": "meet"}),
    (
        "OC204",
        "recording.basis",
        {
            "id": "m",
            "kind": "internal_meeting",
            "platform": "meet",
            "participants": [{"id": "p1", "role": "patient"}],
            "recording": {"video": True},
        },
    ),
]


@pytest.mark.parametrize(("code", "fact", "record"), NOT_SET)
def test_not_set_rules_stay_quiet_on_what_the_source_cannot_hold(
    code: str, fact: str, record: dict[str, Any]
) -> None:
    def codes(data: dict[str, Any]) -> set[str]:
        return {violation.code for violation in oc.check(oc.load_meeting(data))}

    assert code in codes(record)
    assert code in codes({**record, "imported": {"format": "x"}})
    assert code not in codes({**record, "imported": {"format": "x", "cannot_tell": [fact]}})


def test_findings_name_the_source_field_of_their_path() -> None:
    record: dict[str, Any] = {
        "id": "c-1",
        "platform": "meet",
        "participants": [{"id": "p1", "client": {"browser": "internet_explorer"}}],
        "imported": {"format": "pexip-history", "fields": {"participants[0].client": "vendor"}},
    }
    [violation] = [v for v in oc.check(oc.load_meeting(record)) if v.code == "OC403"]
    assert violation.path == "participants[0].client.browser"
    assert violation.source_field == "vendor"
    hand_written = {**record, "kind": "internal_meeting", "imported": None}
    hand_written["participants"] = [{**record["participants"][0], "role": "doctor"}]
    assert all(v.source_field is None for v in oc.check(oc.load_meeting(hand_written)))


@given(
    path=st.from_regex(r"[a-z_]{1,8}(\[[0-9]\])?(\.[a-z_]{1,8}(\[[0-9]\])?){0,3}", fullmatch=True)
)
def test_source_of_finds_the_nearest_object_above(path: str) -> None:
    imported = oc.Imported("x", {path: "deep"})
    assert imported.source_of(path) == "deep"
    assert imported.source_of(path + ".child") == "deep"
    assert imported.source_of(path + "[3]") == "deep"
    assert oc.Imported("x").source_of(path) is None


def test_source_of_an_object_names_the_fields_below_it() -> None:
    imported = oc.Imported("x", {"recording.video": "eventDetail", "recording.transcript": "tx"})
    assert imported.source_of("recording") == "eventDetail, tx"
    assert imported.source_of("recordings") is None
