"""Tests for the OC7xx Teams tenant-configuration rules."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.model import (
    NOT_SET_FACTS,
    AutoAdmittedUsers,
    Imported,
    Meeting,
    Platform,
    TenantPolicy,
)
from onlinecompliance.rules import FAMILIES
from strategies import POLICY, codes, meetings, optional

TENANT_CODES = ("OC701", "OC702", "OC703", "OC704", "OC705")
SETTINGS = tuple(field.name for field in attrs.fields(TenantPolicy))
SOURCE_FIELDS = {
    "allow_anonymous_users_to_join_meeting": "AllowAnonymousUsersToJoinMeeting",
    "auto_admitted_users": "AutoAdmittedUsers",
    "allow_pstn_users_to_bypass_lobby": "AllowPSTNUsersToBypassLobby",
    "allow_cloud_recording": "AllowCloudRecording",
    "allow_transcription": "AllowTranscription",
    "allow_anonymous_users_to_start_meeting": "AllowAnonymousUsersToStartMeeting",
    "allow_external_participant_give_request_control": (
        "AllowExternalParticipantGiveRequestControl"
    ),
}

flags = optional(st.booleans())
tenant_policies = st.builds(
    TenantPolicy,
    allow_anonymous_users_to_join_meeting=flags,
    auto_admitted_users=optional(st.sampled_from(AutoAdmittedUsers)),
    allow_pstn_users_to_bypass_lobby=flags,
    allow_cloud_recording=flags,
    allow_transcription=flags,
    allow_anonymous_users_to_start_meeting=flags,
    allow_external_participant_give_request_control=flags,
)
policy_ids = st.sampled_from(["Global", "Tag:AllOn", "Tag:RH-Klinik", "Tag:Kiosk"]) | st.text(
    min_size=1
).filter(str.strip)


def _imported(policy: TenantPolicy) -> Imported:
    """Say where a policy record came from, as the reader does."""
    fields = {"id": "Identity", "platform": "Get-CsTeamsMeetingPolicy"}
    for name in SETTINGS:
        if getattr(policy, name) is not None:
            fields[f"tenant_policy.{name}"] = SOURCE_FIELDS[name]
    return Imported("teams-meeting-policy", fields, tuple(sorted(NOT_SET_FACTS)))


@st.composite
def tenant_records(
    draw: st.DrawFn,
    *,
    platform: st.SearchStrategy[Platform | None] = st.just(Platform.TEAMS),
    imported: st.SearchStrategy[bool] = st.booleans(),
) -> Meeting:
    """Build a tenant-policy record as the reader makes it, or as one would write it by hand."""
    policy = draw(tenant_policies)
    return Meeting(
        id=draw(policy_ids),
        platform=draw(platform),
        tenant_policy=policy,
        imported=_imported(policy) if draw(imported) else None,
    )


FIRES_ON: tuple[tuple[str, str, object], ...] = (
    ("OC701", "allow_anonymous_users_to_join_meeting", True),
    ("OC702", "allow_pstn_users_to_bypass_lobby", True),
    ("OC702", "auto_admitted_users", AutoAdmittedUsers.EVERYONE),
    ("OC703", "allow_cloud_recording", True),
    ("OC703", "allow_transcription", True),
    ("OC704", "allow_anonymous_users_to_start_meeting", True),
    ("OC705", "allow_external_participant_give_request_control", True),
)
"""Each rule, the setting it reads and the value it fires on, in the engine's order."""


def expected_findings(policy: TenantPolicy) -> list[tuple[str, str]]:
    """Return the (code, path) pairs the catalogue implies, in the engine's order."""
    return [
        (code, f"tenant_policy.{setting}")
        for code, setting, value in FIRES_ON
        if getattr(policy, setting) is value
    ]


def tenant_findings(meeting: Meeting, policy: oc.Policy = POLICY) -> list[tuple[str, str]]:
    """Return the OC7xx findings of a record as (code, path), in the engine's order."""
    return [
        (violation.code, violation.path)
        for violation in oc.check(meeting, policy)
        if violation.code.startswith("OC7")
    ]


def test_family_registered() -> None:
    assert FAMILIES["OC7"] == "Teams tenant configuration"
    assert [code for code in oc.RULES if code.startswith("OC7")] == list(TENANT_CODES)
    for code in TENANT_CODES:
        rule = oc.RULES[code]
        assert rule.severity is oc.Severity.WARNING
        assert rule.provenance == frozenset({oc.Provenance.INFERRED})
        assert rule.platforms == frozenset({Platform.TEAMS})
        assert rule.reading


@pytest.mark.parametrize("code", TENANT_CODES)
def test_example_fires_and_use_instead_does_not(code: str) -> None:
    rule = oc.RULES[code]
    assert codes(oc.load_meeting(rule.example)) == {code}
    assert codes(oc.load_meeting(rule.use_instead)) == set()


@given(tenant_records())
def test_exactly_the_findings_the_settings_imply(meeting: Meeting) -> None:
    """Each rule fires on its setting's explicit value, and on nothing else (both sides)."""
    assert meeting.tenant_policy is not None
    assert tenant_findings(meeting) == expected_findings(meeting.tenant_policy)


@given(tenant_records(), st.sampled_from([oc.Policy(), POLICY]))
def test_a_policy_record_fires_only_oc7xx(meeting: Meeting, policy: oc.Policy) -> None:
    """No rule but OC7xx fires on a tenant policy, read or written by hand, under defaults."""
    others = {code for code in codes(meeting, policy) if not code.startswith("OC7")}
    assert others == set()


@given(tenant_records(imported=st.just(value=True)))
def test_findings_name_the_setting(meeting: Meeting) -> None:
    """A finding on a policy read from an export shows the setting's own name beside its path."""
    for violation in oc.check(meeting, POLICY):
        setting = violation.path.removeprefix("tenant_policy.")
        assert violation.source_field == SOURCE_FIELDS[setting]
        assert violation.meeting_id == meeting.id


@given(tenant_records(platform=st.sampled_from([None, *set(Platform) - {Platform.TEAMS}])))
def test_not_teams_is_not_reported(meeting: Meeting) -> None:
    """OC7xx is scoped to Teams; a record whose platform is another or not known stays quiet."""
    if meeting.platform is None:
        meeting = attrs.evolve(meeting, imported=_imported(meeting.tenant_policy or TenantPolicy()))
    assert tenant_findings(meeting) == []


@given(meetings())
def test_meetings_without_a_policy_are_not_reported(meeting: Meeting) -> None:
    """A meeting record has no tenant_policy part, so OC7xx never fires on it."""
    assert not {code for code in codes(meeting) if code.startswith("OC7")}


@given(tenant_records(), st.sampled_from(TENANT_CODES))
def test_one_rule_off_leaves_the_others(meeting: Meeting, code: str) -> None:
    """Ignoring one OC7xx rule removes exactly its findings."""
    assert meeting.tenant_policy is not None
    policy = oc.Policy(today=POLICY.today, ignore=[code])
    expected = [found for found in expected_findings(meeting.tenant_policy) if found[0] != code]
    assert tenant_findings(meeting, policy) == expected


def test_messages_name_the_policy_and_the_setting_meaning() -> None:
    meeting = oc.load_meeting(
        {
            "id": "Tag:RH-Klinik",
            "platform": "teams",
            "tenant_policy": {
                "allow_anonymous_users_to_join_meeting": True,
                "auto_admitted_users": "everyone",
                "allow_pstn_users_to_bypass_lobby": True,
                "allow_cloud_recording": True,
                "allow_transcription": True,
                "allow_anonymous_users_to_start_meeting": True,
                "allow_external_participant_give_request_control": True,
            },
        }
    )
    found = oc.check(meeting, POLICY)
    assert len(found) == 7
    for violation in found:
        assert "'Tag:RH-Klinik'" in violation.message
        assert violation.severity is oc.Severity.WARNING


@pytest.mark.parametrize(
    "value", [value for value in AutoAdmittedUsers if value is not AutoAdmittedUsers.EVERYONE]
)
def test_only_everyone_is_a_lobby_bypass(value: AutoAdmittedUsers) -> None:
    meeting = Meeting(
        id="Global", platform=Platform.TEAMS, tenant_policy=TenantPolicy(auto_admitted_users=value)
    )
    assert tenant_findings(meeting) == []
