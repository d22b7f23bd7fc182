"""OC1xx: each rule fires exactly when its condition holds."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.model import Kind, Participant, Platform, Role, Share
from strategies import POLICY, codes, cpr_numbers, meetings, participant_lists, participants

PATIENT_SIDE = {Role.PATIENT, Role.RELATIVE}
SENSITIVE = {oc.DataCategory.HEALTH, oc.DataCategory.CPR}


def patient_present(meeting: oc.Meeting) -> bool:
    """Compute the catalogue's *patient present* independently of the library."""
    return any(person.role in PATIENT_SIDE for person in meeting.participants)


def sensitive_shared(meeting: oc.Meeting) -> bool:
    """Sensitive data declared in shares (generated free text never holds any)."""
    return any(share.category in SENSITIVE for share in meeting.shares)


@given(meetings())
def test_oc101_patient_on_unapproved_platform(meeting: oc.Meeting) -> None:
    """OC101 fires exactly for a patient or relative on Teams, Zoom or other."""
    unapproved = meeting.platform in {Platform.TEAMS, Platform.ZOOM, Platform.OTHER}
    assert ("OC101" in codes(meeting)) == (unapproved and patient_present(meeting))


def test_oc101_names_every_patient_side_participant() -> None:
    """The message names each patient and relative by id and role."""
    meeting = oc.load_meeting(
        {
            "id": "t",
            "kind": "video_consultation",
            "platform": "teams",
            "participants": [
                {"id": "d", "role": "doctor"},
                {"id": "pt", "role": "patient"},
                {"id": "rel", "role": "relative", "in_person": True},
            ],
        }
    )
    [violation] = [v for v in oc.check(meeting, POLICY) if v.code == "OC101"]
    assert "participant pt (patient), participant rel (relative) attends a meeting on teams" == (
        violation.message
    )


@given(meetings(kind=st.just(Kind.VIDEO_CONSULTATION)))
def test_oc102_fallback_reason_missing(meeting: oc.Meeting) -> None:
    """OC102 fires for a video consultation on Meet or SMS video without a fallback reason."""
    fallback_platform = meeting.platform in {Platform.MEET, Platform.SMS_VIDEO}
    assert ("OC102" in codes(meeting)) == (fallback_platform and meeting.minsp_fallback is None)


@given(meetings())
def test_oc102_only_for_video_consultations(meeting: oc.Meeting) -> None:
    """OC102 never fires for other kinds of meeting."""
    if meeting.kind is not Kind.VIDEO_CONSULTATION:
        assert "OC102" not in codes(meeting)


@given(meetings())
def test_oc103_patient_data_on_unapproved_platform(meeting: oc.Meeting) -> None:
    """OC103 fires for sensitive data on Zoom/other, or on Teams outside a patient conference."""
    wrong_place = meeting.platform in {Platform.ZOOM, Platform.OTHER} or (
        meeting.platform is Platform.TEAMS and meeting.kind is not Kind.PATIENT_CONFERENCE
    )
    assert ("OC103" in codes(meeting)) == (wrong_place and sensitive_shared(meeting))


@given(
    meetings(platform=st.sampled_from([Platform.ZOOM, Platform.OTHER]), share_list=st.just(())),
    cpr_numbers(),
)
def test_oc103_detected_cpr_number_counts(meeting: oc.Meeting, cpr: str) -> None:
    """A CPR number written in the chat is sensitive data, as a declared share is."""
    with_cpr = attrs.evolve(meeting, chat=(oc.ChatMessage(text=f"pt. {cpr} ok"),))
    assert "OC103" in codes(with_cpr)
    [violation] = [v for v in oc.check(with_cpr, POLICY) if v.code == "OC103"]
    assert violation.evidence is not None
    assert "chat[0].text" in violation.evidence


@given(meetings(kind=st.just(Kind.GROUP_SESSION)))
def test_oc104_group_session_off_meet(meeting: oc.Meeting) -> None:
    """OC104 fires for a group session anywhere but Meet."""
    assert ("OC104" in codes(meeting)) == (meeting.platform is not Platform.MEET)


@given(meetings(kind=st.just(Kind.INTERPRETING)))
def test_oc105_interpreting_off_meet(meeting: oc.Meeting) -> None:
    """OC105 fires for interpreting anywhere but Meet."""
    assert ("OC105" in codes(meeting)) == (meeting.platform is not Platform.MEET)


@given(meetings())
def test_oc106_other_platform_without_patient_data(meeting: oc.Meeting) -> None:
    """OC106 fires on platform other with no patient and no sensitive data."""
    quiet = not patient_present(meeting) and not sensitive_shared(meeting)
    assert ("OC106" in codes(meeting)) == (meeting.platform is Platform.OTHER and quiet)


def _sms_guest_offends(person: Participant, people: tuple[Participant, ...]) -> bool:
    if person.organiser or person.role in {Role.EXTERNAL_HEALTH_STAFF, *PATIENT_SIDE}:
        return False
    organiser_marked = any(other.organiser for other in people)
    known_guest = person.organiser is False or organiser_marked
    return known_guest or person.role not in {Role.DOCTOR, Role.HEALTH_STAFF}


@given(meetings(platform=st.just(Platform.SMS_VIDEO)))
def test_oc107_sms_video_guest_scope(meeting: oc.Meeting) -> None:
    """OC107 reports each non-organiser outside the SMS video audience, at its role."""
    expected = [
        f"participants[{index}].role"
        for index, person in enumerate(meeting.participants)
        if _sms_guest_offends(person, meeting.participants)
    ]
    found = [v.path for v in oc.check(meeting, POLICY) if v.code == "OC107"]
    assert expected == found


@given(
    meetings(
        platform=st.just(Platform.SMS_VIDEO),
        people=participant_lists(participants(organiser=st.none()), min_size=1),
    )
)
def test_oc107_unmarked_organiser_spares_clinicians(meeting: oc.Meeting) -> None:
    """With no organiser marked, doctors and health staff are taken as possible organisers."""
    flagged = {v.path for v in oc.check(meeting, POLICY) if v.code == "OC107"}
    for index, person in enumerate(meeting.participants):
        if person.role in {Role.DOCTOR, Role.HEALTH_STAFF}:
            assert f"participants[{index}].role" not in flagged


@given(meetings(kind=st.just(Kind.LIVE_EVENT)))
def test_oc108_live_event_needs_teams_with_licence(meeting: oc.Meeting) -> None:
    """OC108 fires off Teams, or on Teams with an explicit missing desktop licence."""
    no_licence = meeting.teams is not None and meeting.teams.desktop_licence is False
    expected = meeting.platform is not Platform.TEAMS or no_licence
    assert ("OC108" in codes(meeting)) == expected


@given(meetings())
def test_oc109_zoom_note(meeting: oc.Meeting) -> None:
    """OC109 notes a Zoom meeting with no patient and no sensitive data."""
    quiet = not patient_present(meeting) and not sensitive_shared(meeting)
    assert ("OC109" in codes(meeting)) == (meeting.platform is Platform.ZOOM and quiet)


@given(meetings(platform=st.sampled_from([Platform.ZOOM, Platform.OTHER])))
def test_platform_choice_reported_once(meeting: oc.Meeting) -> None:
    """A Zoom or other meeting gets exactly one of OC101/OC103 or OC106/OC109."""
    found = set(codes(meeting)) & {"OC101", "OC103", "OC106", "OC109"}
    serious = bool(found & {"OC101", "OC103"})
    quiet = bool(found & {"OC106", "OC109"})
    assert serious != quiet


def test_share_of_personal_data_is_not_sensitive() -> None:
    """Ordinary personal data (category personal) does not make a Zoom meeting OC103."""
    meeting = oc.Meeting(
        id="z",
        kind=Kind.INTERNAL_MEETING,
        platform=Platform.ZOOM,
        shares=(Share(oc.DataCategory.PERSONAL, oc.ShareChannel.CHAT),),
    )
    assert {"OC109"} == set(codes(meeting))
