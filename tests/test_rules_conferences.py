"""Tests for the OC3xx Teams patient-conference rules."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.model import (
    Invitation,
    Kind,
    LobbyBypass,
    Meeting,
    Organisation,
    Participant,
    Platform,
    Role,
    Teams,
    Tenant,
)
from strategies import POLICY, codes, meetings, participant_lists, participants

conferences_often = meetings(
    kind=st.just(Kind.PATIENT_CONFERENCE) | st.sampled_from(Kind),
    platform=st.just(Platform.TEAMS) | st.sampled_from(Platform),
)
"""Meetings that are a Teams patient conference about half the time."""
conferences = meetings(kind=st.just(Kind.PATIENT_CONFERENCE), platform=st.just(Platform.TEAMS))


def paths(meeting: Meeting, code: str) -> list[str]:
    """Return the paths of ``code``'s findings, in the engine's order."""
    return [found.path for found in oc.check(meeting, POLICY) if found.code == code]


def is_teams_conference(meeting: Meeting) -> bool:
    """Tell whether the meeting is in the scope of every OC3xx rule."""
    return meeting.kind is Kind.PATIENT_CONFERENCE and meeting.platform is Platform.TEAMS


def external_field(person: Participant) -> str | None:
    """Name the field that makes a participant a clinician from outside the region."""
    if person.role is Role.EXTERNAL_HEALTH_STAFF:
        return "role"
    known_outside = person.organisation not in {None, Organisation.REGION}
    if person.role in {Role.DOCTOR, Role.HEALTH_STAFF} and known_outside:
        return "organisation"
    return None


def open_settings(meeting: Meeting) -> list[str]:
    """Return the paths of the settings that open a conference, in the rule's order."""
    teams = meeting.teams or Teams()
    invitation = meeting.invitation or Invitation()
    found = {
        "teams.tenant": teams.tenant is Tenant.EXTERNAL,
        "teams.lobby_bypass": teams.lobby_bypass is LobbyBypass.EVERYONE,
        "teams.anonymous_join": teams.anonymous_join is True,
        "invitation.forwardable": invitation.forwardable is True,
    }
    return [path for path, opens in found.items() if opens]


@pytest.mark.parametrize("code", ["OC301", "OC302", "OC303"])
def test_example_fires_and_use_instead_does_not(code: str) -> None:
    """Each rule fires on its documented example and not on the record put right."""
    rule = oc.RULES[code]
    assert code in codes(oc.load_meeting(rule.example))
    assert code not in codes(oc.load_meeting(rule.use_instead))


@given(conferences_often)
def test_oc301_one_finding_per_non_clinician(meeting: Meeting) -> None:
    """OC301 reports each interpreter, staff member and guest of a Teams conference."""
    expected = [
        f"participants[{index}].role"
        for index, person in enumerate(meeting.participants)
        if person.role in {Role.INTERPRETER, Role.STAFF, Role.GUEST}
    ]
    assert paths(meeting, "OC301") == (expected if is_teams_conference(meeting) else [])


@given(conferences_often)
def test_oc302_one_finding_per_external_clinician(meeting: Meeting) -> None:
    """OC302 reports each clinician known to be from outside the region, at the telling field."""
    expected = [
        f"participants[{index}].{field}"
        for index, person in enumerate(meeting.participants)
        if (field := external_field(person)) is not None
    ]
    assert paths(meeting, "OC302") == (expected if is_teams_conference(meeting) else [])


@given(
    meetings(
        kind=st.just(Kind.PATIENT_CONFERENCE),
        platform=st.just(Platform.TEAMS),
        people=participant_lists(
            participants(
                role=st.sampled_from([Role.DOCTOR, Role.HEALTH_STAFF]),
                organisation=st.sampled_from([None, Organisation.REGION]),
            )
        ),
    )
)
def test_oc302_unknown_organisation_does_not_fire(meeting: Meeting) -> None:
    """Region clinicians and those whose organisation is left out are not reported."""
    assert "OC302" not in codes(meeting)


@given(conferences, st.permutations(range(5)))
def test_oc301_oc302_count_ignores_participant_order(meeting: Meeting, order: list[int]) -> None:
    """Permuting participants does not change how many OC301 and OC302 findings there are."""
    people = meeting.participants
    shuffled = tuple(people[index] for index in order if index < len(people))
    moved = attrs.evolve(meeting, participants=shuffled)
    for code in ("OC301", "OC302"):
        assert len(paths(moved, code)) == len(paths(meeting, code))


@given(conferences_often)
def test_oc303_one_finding_naming_every_setting(meeting: Meeting) -> None:
    """OC303 fires once on a Teams conference with open settings, at the first, naming all."""
    settings = open_settings(meeting) if is_teams_conference(meeting) else []
    found = [violation for violation in oc.check(meeting, POLICY) if violation.code == "OC303"]
    assert [violation.path for violation in found] == settings[:1]
    for violation in found:
        assert all(setting in violation.message for setting in settings)


def test_oc303_message_names_each_setting() -> None:
    """All four settings at once make one finding at `teams.tenant` naming each."""
    meeting = oc.load_meeting(
        {
            "id": "k-1",
            "kind": "patient_conference",
            "platform": "teams",
            "teams": {"tenant": "external", "lobby_bypass": "everyone", "anonymous_join": True},
            "invitation": {"forwardable": True},
        }
    )
    [finding] = [found for found in oc.check(meeting, POLICY) if found.code == "OC303"]
    assert finding.path == "teams.tenant"
    for setting in ("tenant external", "lobby_bypass everyone", "anonymous_join true"):
        assert setting in finding.message
    assert "forwardable true" in finding.message


def test_oc303_unknown_settings_do_not_fire() -> None:
    """Settings left out, and safe values, are not reported."""
    meeting = Meeting(
        id="k-1",
        kind=Kind.PATIENT_CONFERENCE,
        platform=Platform.TEAMS,
        teams=Teams(tenant=Tenant.REGIONAL, lobby_bypass=LobbyBypass.ORGANISATION),
        invitation=Invitation(forwardable=False),
    )
    assert "OC303" not in codes(meeting)
    assert "OC303" not in codes(attrs.evolve(meeting, teams=None, invitation=None))


def test_oc301_oc302_boundaries() -> None:
    """Patients are OC101's; external staff fire at `role`, others at `organisation`."""
    meeting = oc.load_meeting(
        {
            "id": "k-1",
            "kind": "patient_conference",
            "platform": "teams",
            "participants": [
                {"id": "p1", "role": "patient"},
                {"id": "p2", "role": "external_health_staff", "organisation": "region"},
                {"id": "p3", "role": "health_staff", "organisation": "private"},
                {"id": "p4", "role": "doctor"},
                {"id": "p5", "role": "interpreter", "organisation": "region"},
            ],
        }
    )
    assert paths(meeting, "OC301") == ["participants[4].role"]
    assert paths(meeting, "OC302") == ["participants[1].role", "participants[2].organisation"]
    assert "OC101" in codes(meeting)
