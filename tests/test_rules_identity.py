"""Tests for the OC5xx rules: patient identity, visual need and local criteria."""

from __future__ import annotations

import fnmatch
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.model import Identity, Kind, Meeting, Platform, Role
from strategies import POLICY, TODAY, codes, meetings, optional, participant_lists, participants

VIDEO_OUTSIDE_MINSP = {
    Platform.MEET,
    Platform.SMS_VIDEO,
    Platform.TEAMS,
    Platform.ZOOM,
    Platform.OTHER,
}
DEPARTMENTS = ["RH-Kardiologi", "RH-Kardio", "HGH-Medicin", "rh-kardiologi"]
GLOBS = ["RH-Kardio*", "RH-*", "*", "HGH-Medicin", "Bispebjerg-*", "rh-kardio*"]


def policy_with(*entries: oc.LocalCriteria) -> oc.Policy:
    """Build the test policy with these local criteria entries."""
    return oc.Policy(criteria=entries, today=TODAY)


EXAMPLE_POLICY = policy_with(
    oc.LocalCriteria("RH-Kardio*", platforms=frozenset({Platform.MINSP, Platform.MEET}))
)
"""The policy that the OC503 and OC504 examples are written for (see their `reading`)."""

patient_heavy = participant_lists(
    participants(
        role=st.sampled_from([Role.PATIENT, Role.PATIENT, Role.RELATIVE, Role.DOCTOR, Role.STAFF]),
        identity=st.sampled_from([None, *Identity, Identity.DISPLAY_NAME, Identity.NONE]),
    ),
)
local_criteria = st.builds(
    oc.LocalCriteria,
    department=st.sampled_from(GLOBS),
    kinds=optional(st.frozensets(st.sampled_from(Kind), min_size=1)),
    platforms=optional(st.frozensets(st.sampled_from(Platform), min_size=1)),
    identities=optional(st.frozensets(st.sampled_from(Identity), min_size=1)),
    max_participants=optional(st.integers(min_value=0, max_value=5)),
)
policies = st.lists(local_criteria, min_size=1, max_size=3).map(
    lambda entries: policy_with(*entries)
)
departments = st.sampled_from([*DEPARTMENTS, None])
kinds = st.just(Kind.VIDEO_CONSULTATION) | st.sampled_from(Kind)
"""Any kind, video consultations half of the time."""


def found(meeting: Meeting, code: str, policy: oc.Policy = POLICY) -> list[oc.Violation]:
    """Return the violations of one rule for a meeting."""
    return [violation for violation in oc.check(meeting, policy) if violation.code == code]


def record(**fields: Any) -> Meeting:
    """Load a video consultation record, with ``fields`` replacing the defaults."""
    data: dict[str, Any] = {"id": "vk-1", "kind": "video_consultation", "platform": "minsp"}
    data.update(fields)
    return oc.load_meeting(data)


def covers(glob: str, meeting: Meeting) -> bool:
    """Oracle: whether a criteria glob covers the meeting's department, case kept."""
    return meeting.department is not None and fnmatch.fnmatchcase(meeting.department, glob)


def breaks(entry: oc.LocalCriteria, meeting: Meeting) -> bool:
    """Oracle: whether the meeting falls outside any constraint of the entry."""
    people = meeting.participants
    return (
        (entry.kinds is not None and meeting.kind not in entry.kinds)
        or (entry.platforms is not None and meeting.platform not in entry.platforms)
        or (
            entry.identities is not None
            and any(
                person.role is Role.PATIENT
                and person.identity is not None
                and person.identity not in entry.identities
                for person in people
            )
        )
        or (entry.max_participants is not None and len(people) > entry.max_participants)
    )


@pytest.mark.parametrize("code", ["OC501", "OC502", "OC503", "OC504"])
def test_examples_fire_and_corrections_do_not(code: str) -> None:
    """Each rule fires on its example and not on its corrected record, under the example policy."""
    rule = oc.RULES[code]
    assert code in codes(oc.load_meeting(rule.example), EXAMPLE_POLICY)
    assert code not in codes(oc.load_meeting(rule.use_instead), EXAMPLE_POLICY)


@given(meetings(people=patient_heavy))
def test_oc501_fires_per_unverified_patient_off_minsp(meeting: Meeting) -> None:
    """OC501 reports each patient identified by display name or not at all, off MinSP."""
    expected = [
        f"participants[{index}].identity"
        for index, person in enumerate(meeting.participants)
        if meeting.platform in VIDEO_OUTSIDE_MINSP
        and person.role is Role.PATIENT
        and person.identity in {Identity.DISPLAY_NAME, Identity.NONE}
    ]
    assert [violation.path for violation in found(meeting, "OC501")] == expected


def test_oc501_ignores_relatives_unknown_identity_and_minsp() -> None:
    """Relatives, unknown identities and MinSP patients are not reported by OC501."""
    people = [
        {"id": "p1", "role": "relative", "identity": "none"},
        {"id": "p2", "role": "patient"},
        {"id": "p3", "role": "patient", "identity": "visual"},
    ]
    assert found(record(platform="meet", participants=people), "OC501") == []
    unverified = [{"id": "p1", "role": "patient", "identity": "display_name"}]
    assert found(record(platform="minsp", participants=unverified), "OC501") == []


def test_oc501_message_names_participant_platform_and_identity() -> None:
    """OC501's message names the participant, the platform and the identity method."""
    people = [{"id": "p1", "role": "doctor"}, {"id": "p7", "role": "patient", "identity": "none"}]
    (violation,) = found(record(platform="zoom", participants=people), "OC501")
    assert violation.path == "participants[1].identity"
    assert "participant p7 (patient)" in violation.message
    assert "zoom" in violation.message
    assert "none" in violation.message


@given(meetings(kind=kinds))
def test_oc502_fires_exactly_on_video_without_visual_need(meeting: Meeting) -> None:
    """OC502 fires on a video consultation explicitly not needing visual contact."""
    expected = meeting.kind is Kind.VIDEO_CONSULTATION and meeting.visual_contact_needed is False
    assert [violation.path for violation in found(meeting, "OC502")] == (
        ["visual_contact_needed"] if expected else []
    )


def test_oc502_unknown_need_is_not_reported() -> None:
    """An unknown visual need is not reported; a known one is not either."""
    assert found(record(), "OC502") == []
    assert found(record(visual_contact_needed=True), "OC502") == []
    assert len(found(record(visual_contact_needed=False), "OC502")) == 1


@given(meetings(kind=kinds, department=departments), policies)
def test_oc503_fires_exactly_without_matching_criteria(meeting: Meeting, policy: oc.Policy) -> None:
    """OC503 fires on a video consultation whose department no criteria glob covers."""
    expected = meeting.kind is Kind.VIDEO_CONSULTATION and not any(
        covers(entry.department, meeting) for entry in policy.criteria
    )
    assert [violation.path for violation in found(meeting, "OC503", policy)] == (
        ["department"] if expected else []
    )


@given(meetings(kind=kinds, department=departments))
def test_oc503_fires_on_every_video_consultation_under_the_default_policy(meeting: Meeting) -> None:
    """Without criteria in the policy, every video consultation gets OC503."""
    assert ("OC503" in codes(meeting)) == (meeting.kind is Kind.VIDEO_CONSULTATION)


def test_oc503_record_without_department_matches_no_criteria() -> None:
    """A record without a department is reported even when a criteria entry matches all."""
    policy = policy_with(oc.LocalCriteria("*"))
    (violation,) = found(record(), "OC503", policy)
    assert violation.path == "department"
    assert found(record(department="HGH-Medicin"), "OC503", policy) == []


def test_oc503_globs_keep_case() -> None:
    """A department glob matches with case kept."""
    policy = policy_with(oc.LocalCriteria("RH-Kardio*"))
    assert found(record(department="RH-Kardiologi"), "OC503", policy) == []
    (violation,) = found(record(department="rh-kardiologi"), "OC503", policy)
    assert "'rh-kardiologi'" in violation.message


@given(
    meetings(kind=kinds, department=departments, people=patient_heavy),
    policies,
)
def test_oc504_fires_exactly_when_patient_contact_breaks_a_matching_entry(
    meeting: Meeting, policy: oc.Policy
) -> None:
    """OC504 reports patient contact that breaks some criteria entry covering its department."""
    patient_contact = meeting.kind is Kind.VIDEO_CONSULTATION or any(
        person.role in {Role.PATIENT, Role.RELATIVE} for person in meeting.participants
    )
    broken = [
        entry
        for entry in policy.criteria
        if covers(entry.department, meeting) and breaks(entry, meeting)
    ]
    violations = found(meeting, "OC504", policy)
    if patient_contact and broken:
        (violation,) = violations
        assert violation.path == "department"
        for entry in broken:
            index = policy.criteria.index(entry)
            assert f"policy criteria[{index}] for {entry.department!r}" in violation.message
    else:
        assert violations == []


def kardio(**constraints: Any) -> oc.Policy:
    """Build a policy with one criteria entry, for 'RH-Kardio*'."""
    return policy_with(oc.LocalCriteria("RH-Kardio*", **constraints))


def test_oc504_leaves_internal_meetings_without_patients_alone() -> None:
    """An entry's kinds restrict patient contact, not the department's internal meetings."""
    policy = kardio(kinds=frozenset({Kind.VIDEO_CONSULTATION}))
    staff = [{"id": "p1", "role": "doctor"}, {"id": "p2", "role": "health_staff"}]
    meeting = record(
        kind="internal_meeting", platform="teams", department="RH-Kardiologi", participants=staff
    )
    assert found(meeting, "OC504", policy) == []
    with_relative = record(
        kind="internal_meeting",
        platform="teams",
        department="RH-Kardiologi",
        participants=[*staff, {"id": "p3", "role": "relative"}],
    )
    (violation,) = found(with_relative, "OC504", policy)
    assert "kind internal_meeting (allowed: video_consultation)" in violation.message


def test_oc504_video_consultation_is_patient_contact_without_listed_participants() -> None:
    """A video consultation is checked even when no participant is listed."""
    policy = kardio(platforms=frozenset({Platform.MINSP}))
    meeting = record(platform="meet", department="RH-Kardiologi")
    (violation,) = found(meeting, "OC504", policy)
    assert violation.message == (
        "policy criteria[0] for 'RH-Kardio*' not met: platform meet (allowed: minsp)"
    )


def test_oc504_unknown_identity_does_not_fire() -> None:
    """A patient's unknown identity is not held against the identity criterion."""
    policy = kardio(identities=frozenset({Identity.MITID}))
    unknown = [
        {"id": "p1", "role": "patient"},
        {"id": "p2", "role": "relative", "identity": "none"},
    ]
    assert found(record(department="RH-Kardiologi", participants=unknown), "OC504", policy) == []
    named = [{"id": "p1", "role": "patient", "identity": "display_name"}]
    (violation,) = found(record(department="RH-Kardiologi", participants=named), "OC504", policy)
    assert (
        "participant p1 (patient) with identity display_name (allowed: mitid)" in violation.message
    )


def test_oc504_names_patients_in_id_order() -> None:
    """Patients breaking the identity criterion are named by id, whatever their order."""
    policy = kardio(identities=frozenset({Identity.MITID}))
    people = [
        {"id": "p9", "role": "patient", "identity": "none"},
        {"id": "p2", "role": "patient", "identity": "display_name"},
    ]
    forward = found(record(department="RH-Kardiologi", participants=people), "OC504", policy)
    reverse = found(record(department="RH-Kardiologi", participants=people[::-1]), "OC504", policy)
    (violation,) = forward
    assert violation.message == (
        "policy criteria[0] for 'RH-Kardio*' not met: "
        "participant p2 (patient) with identity display_name (allowed: mitid); "
        "participant p9 (patient) with identity none (allowed: mitid)"
    )
    assert forward == reverse


def test_oc504_max_participants_boundary() -> None:
    """max_participants allows exactly that many participants and reports one more."""
    policy = kardio(max_participants=2)
    two = [{"id": "p1", "role": "doctor"}, {"id": "p2", "role": "patient"}]
    assert found(record(department="RH-Kardiologi", participants=two), "OC504", policy) == []
    three = [*two, {"id": "p3", "role": "relative"}]
    (violation,) = found(record(department="RH-Kardiologi", participants=three), "OC504", policy)
    assert "3 participants (allowed: at most 2)" in violation.message


def test_oc504_one_finding_names_every_criterion_and_entry() -> None:
    """One finding per record names each unmet criterion of each matching entry."""
    policy = policy_with(
        oc.LocalCriteria(
            "RH-Kardio*",
            kinds=frozenset({Kind.VIDEO_CONSULTATION}),
            platforms=frozenset({Platform.MINSP, Platform.MEET}),
            identities=frozenset({Identity.MITID, Identity.NEMID}),
            max_participants=2,
        ),
        oc.LocalCriteria("RH-*", platforms=frozenset({Platform.MINSP})),
        oc.LocalCriteria("HGH-*", platforms=frozenset({Platform.MINSP})),
    )
    people = [
        {"id": "p1", "role": "doctor"},
        {"id": "p2", "role": "patient", "identity": "display_name"},
        {"id": "p3", "role": "patient", "identity": "mitid"},
    ]
    meeting = record(
        kind="group_session", platform="zoom", department="RH-Kardiologi", participants=people
    )
    (violation,) = found(meeting, "OC504", policy)
    assert violation.path == "department"
    assert violation.message == (
        "policy criteria[0] for 'RH-Kardio*' not met: "
        "kind group_session (allowed: video_consultation); "
        "platform zoom (allowed: meet, minsp); "
        "participant p2 (patient) with identity display_name (allowed: mitid, nemid); "
        "3 participants (allowed: at most 2) "
        "and policy criteria[1] for 'RH-*' not met: platform zoom (allowed: minsp)"
    )


def test_oc504_needs_a_matching_entry() -> None:
    """Without an entry for the department, OC504 is silent (OC503 reports it)."""
    policy = kardio(platforms=frozenset({Platform.MINSP}))
    meeting = record(platform="meet", department="HGH-Medicin")
    assert found(meeting, "OC504", policy) == []
    assert found(record(platform="meet"), "OC504", policy) == []
    assert "OC503" in codes(meeting, policy)


@given(
    meetings(kind=kinds, department=departments, people=patient_heavy),
    policies,
    st.randoms(),
)
def test_oc5xx_messages_do_not_depend_on_participant_order(
    meeting: Meeting, policy: oc.Policy, random: Any
) -> None:
    """Permuting participants changes no OC5xx code or message, only indices in paths."""
    shuffled = list(meeting.participants)
    random.shuffle(shuffled)
    permuted = attrs.evolve(meeting, participants=tuple(shuffled))

    def summary(subject: Meeting) -> list[tuple[str, str]]:
        return sorted(
            (violation.code, violation.message)
            for violation in oc.check(subject, policy)
            if violation.code.startswith("OC5")
        )

    assert summary(meeting) == summary(permuted)
