"""Tests for the OC2xx data-protection rules."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.model import (
    ChatMessage,
    DataCategory,
    Invitation,
    Kind,
    Meeting,
    Platform,
    Recording,
    Role,
    Share,
    ShareChannel,
    path_order,
)
from strategies import (
    POLICY,
    clean_text,
    codes,
    cpr_numbers,
    flags,
    meetings,
    optional,
)

if TYPE_CHECKING:
    from collections.abc import Callable

SENSITIVE = {DataCategory.HEALTH, DataCategory.CPR}
DIGITS = re.compile(r"\d")
CPR = re.compile(r"\d{6}-\d{4}")

texts = clean_text | st.builds("pt {}".format, cpr_numbers())
"""Free text that holds a CPR number (then it has digits) or nothing sensitive."""
text_invitations = st.builds(
    Invitation, subject=optional(texts), body=optional(texts), forwardable=flags
)
sensitive_shares = st.builds(
    Share,
    category=st.sampled_from([DataCategory.HEALTH, DataCategory.CPR]),
    channel=st.sampled_from(ShareChannel),
)
share_lists = st.lists(
    st.builds(Share, category=st.sampled_from(DataCategory), channel=st.sampled_from(ShareChannel))
    | sensitive_shares,
    max_size=4,
).map(tuple)
text_meetings = meetings(
    chat_text=texts,
    invitation=optional(text_invitations),
    sms_text=optional(texts),
    share_list=share_lists,
)
"""Meetings whose free text may hold CPR numbers and whose shares are often sensitive."""
conferences_often = meetings(
    kind=st.just(Kind.PATIENT_CONFERENCE) | st.sampled_from(Kind),
    platform=st.just(Platform.TEAMS) | st.sampled_from(Platform),
    share_list=share_lists,
)


def paths(meeting: Meeting, code: str) -> list[str]:
    """Return the paths of ``code``'s findings, in the engine's order."""
    return [found.path for found in oc.check(meeting, POLICY) if found.code == code]


def in_order(expected: list[str]) -> list[str]:
    """Sort expected paths in the engine's order (record order within a code)."""
    return sorted(expected, key=path_order)


def has_cpr(text: str | None) -> bool:
    """Tell whether a generated text is one that holds a CPR number."""
    return text is not None and DIGITS.search(text) is not None


def share_paths(meeting: Meeting, channels: set[ShareChannel]) -> list[str]:
    """Return the paths of the sensitive shares declared on ``channels``."""
    return [
        f"shares[{index}]"
        for index, share in enumerate(meeting.shares)
        if share.category in SENSITIVE and share.channel in channels
    ]


def text_fields(meeting: Meeting) -> list[tuple[str, str | None]]:
    """Return the invitation and SMS text fields with their paths, in record order."""
    invitation = meeting.invitation or Invitation()
    return [
        ("invitation.subject", invitation.subject),
        ("invitation.body", invitation.body),
        ("sms_text", meeting.sms_text),
    ]


def sensitive(meeting: Meeting) -> bool:
    """Work out the catalogue's *sensitive data* from the generated record."""
    return (
        any(share.category in SENSITIVE for share in meeting.shares)
        or any(has_cpr(message.text) for message in meeting.chat)
        or any(has_cpr(text) for _, text in text_fields(meeting))
    )


def recording_on(meeting: Meeting) -> bool:
    """Tell whether audio, video or a transcript is explicitly recorded."""
    recording = meeting.recording
    return recording is not None and True in (
        recording.audio,
        recording.video,
        recording.transcript,
    )


@pytest.mark.parametrize("code", ["OC201", "OC202", "OC203", "OC204", "OC205", "OC206"])
def test_example_fires_and_use_instead_does_not(code: str) -> None:
    """Each rule fires on its documented example and not on the record put right."""
    rule = oc.RULES[code]
    assert code in codes(oc.load_meeting(rule.example))
    assert code not in codes(oc.load_meeting(rule.use_instead))


@given(text_meetings)
def test_oc201_one_finding_per_chat_message_and_chat_share(meeting: Meeting) -> None:
    """OC201 reports each chat message with a CPR number and each sensitive chat share."""
    expected = [
        f"chat[{index}].text" for index, message in enumerate(meeting.chat) if has_cpr(message.text)
    ] + share_paths(meeting, {ShareChannel.CHAT})
    assert paths(meeting, "OC201") == in_order(expected)


@given(text_meetings)
def test_oc202_one_finding_per_text_field_and_invitation_share(meeting: Meeting) -> None:
    """OC202 reports each invitation or SMS field with a CPR number and each such share."""
    expected = [path for path, text in text_fields(meeting) if has_cpr(text)] + share_paths(
        meeting, {ShareChannel.INVITATION, ShareChannel.SMS_TEXT}
    )
    assert paths(meeting, "OC202") == in_order(expected)


@given(text_meetings)
def test_no_finding_shows_a_number_or_birth_date(meeting: Meeting) -> None:
    """No message or evidence contains a generated CPR number or its birth date."""
    texts = [message.text for message in meeting.chat] + [text for _, text in text_fields(meeting)]
    numbers = [found for text in texts if text for found in CPR.findall(text)]
    shown = " ".join(f"{found.message} {found.evidence}" for found in oc.check(meeting, POLICY))
    for number in numbers:
        assert number not in shown
        assert number[:6] not in shown


def test_oc201_one_finding_for_several_numbers_in_one_message() -> None:
    """Two numbers in one chat message make one finding whose evidence names both, masked."""
    meeting = oc.load_meeting(
        {
            "id": "m-1",
            "kind": "internal_meeting",
            "platform": "meet",
            "participants": [{"id": "p1", "role": "doctor"}],
            "chat": [{"sender": "p1", "text": "cpr 010190-1234 og 020285-4321"}],
        }
    )
    [finding] = [found for found in oc.check(meeting, POLICY) if found.code == "OC201"]
    assert finding.path == "chat[0].text"
    assert "participant p1 (doctor)" in finding.message
    assert finding.evidence is not None
    assert finding.evidence.count("XXXXXX-XXXX") == 2
    assert "0101" not in finding.evidence


def test_oc201_ignores_personal_data_share_in_chat() -> None:
    """A chat share of category personal or none is not sensitive data."""
    meeting = Meeting(
        id="m-1",
        kind=Kind.INTERNAL_MEETING,
        platform=Platform.MEET,
        shares=(
            Share(DataCategory.PERSONAL, ShareChannel.CHAT),
            Share(DataCategory.NONE, ShareChannel.CHAT),
        ),
        chat=(ChatMessage("Hej"),),
    )
    assert "OC201" not in codes(meeting)


@given(
    meetings(recording=optional(st.builds(Recording, audio=flags, video=flags, transcript=flags)))
)
def test_oc203_fires_exactly_when_teams_records(meeting: Meeting) -> None:
    """OC203 fires once, at `recording`, exactly on a Teams meeting that records."""
    expected = ["recording"] if meeting.platform is Platform.TEAMS and recording_on(meeting) else []
    assert paths(meeting, "OC203") == expected


@given(
    base=text_meetings,
    recording=st.builds(
        Recording,
        audio=flags,
        video=flags,
        transcript=flags,
        basis=st.none() | st.sampled_from(oc.RecordingBasis),
    ),
)
def test_oc204_fires_exactly_without_basis(base: Meeting, recording: Recording) -> None:
    """OC204 fires off Teams when a recording with a patient or sensitive data has no basis."""
    meeting = attrs.evolve(base, recording=recording)
    patient = any(person.role in {Role.PATIENT, Role.RELATIVE} for person in meeting.participants)
    expected = (
        meeting.platform is not Platform.TEAMS
        and recording_on(meeting)
        and (patient or sensitive(meeting))
        and recording.basis is None
    )
    assert paths(meeting, "OC204") == (["recording.basis"] if expected else [])


def test_oc204_not_set_basis_fires_with_patient_only() -> None:
    """A patient alone is enough for OC204; the basis left out counts as not set."""
    record = {
        "id": "vk-1",
        "kind": "video_consultation",
        "platform": "meet",
        "participants": [{"id": "p1", "role": "relative", "in_person": True}],
        "recording": {"transcript": True, "basis": None},
    }
    assert "OC204" in codes(oc.load_meeting(record))
    assert "OC204" not in codes(oc.load_meeting({**record, "recording": {"transcript": False}}))
    assert "OC204" not in codes(oc.load_meeting({**record, "participants": []}))


def test_oc204_leaves_teams_to_oc203() -> None:
    """On Teams a recording without basis is OC203's, not OC204's."""
    record = {
        "id": "k-1",
        "kind": "patient_conference",
        "platform": "teams",
        "shares": [{"category": "health", "channel": "audio_video"}],
        "recording": {"audio": True},
    }
    assert codes(oc.load_meeting(record)) >= {"OC203"}
    assert "OC204" not in codes(oc.load_meeting(record))


@given(conferences_often)
def test_oc205_fires_exactly_on_documentation_outside_sp(meeting: Meeting) -> None:
    """OC205 fires once per Teams conference not documented in SP or with data in files or notes."""
    problems = (["documented_in_sp"] if meeting.documented_in_sp is False else []) + share_paths(
        meeting, {ShareChannel.FILE, ShareChannel.NOTES}
    )
    in_scope = meeting.kind is Kind.PATIENT_CONFERENCE and meeting.platform is Platform.TEAMS
    expected = problems[:1] if in_scope else []
    assert paths(meeting, "OC205") == expected
    for violation in oc.check(meeting, POLICY):
        if violation.code == "OC205":
            assert all(problem in violation.message for problem in problems)


def test_oc205_unknown_documentation_does_not_fire() -> None:
    """`documented_in_sp` left out is not known, so OC205 stays quiet."""
    meeting = Meeting(
        id="k-1",
        kind=Kind.PATIENT_CONFERENCE,
        platform=Platform.TEAMS,
        shares=(Share(DataCategory.PERSONAL, ShareChannel.NOTES),),
    )
    assert "OC205" not in codes(meeting)
    assert paths(attrs.evolve(meeting, documented_in_sp=False), "OC205") == ["documented_in_sp"]


PLACES: dict[str, Callable[[Meeting, str], Meeting]] = {
    "id": lambda meeting, value: attrs.evolve(meeting, id=value),
    "participants[0].id": lambda meeting, value: attrs.evolve(
        meeting, participants=(oc.Participant(id=value, role=Role.DOCTOR),)
    ),
    "department": lambda meeting, value: attrs.evolve(meeting, department=value),
    "platform_name": lambda meeting, value: attrs.evolve(meeting, platform_name=value),
    "chat[0].sender": lambda meeting, value: attrs.evolve(
        meeting,
        participants=(oc.Participant(id=value, role=Role.DOCTOR),),
        chat=(ChatMessage(text="hej", sender=value),),
    ),
    "room.url": lambda meeting, value: attrs.evolve(
        meeting, room=oc.Room(url=f"https://meet.regionh.dk/{value}")
    ),
    "waivers[0].reason": lambda meeting, value: attrs.evolve(
        meeting, waivers=(oc.Waiver(rule="OC109", reason=value),)
    ),
    "waivers[0].approved_by": lambda meeting, value: attrs.evolve(
        meeting, waivers=(oc.Waiver(rule="OC109", reason="approved", approved_by=value),)
    ),
    "advisory.callee_department": lambda meeting, value: attrs.evolve(
        meeting, advisory=oc.Advisory(callee_department=value)
    ),
    "advisory.discharging_department": lambda meeting, value: attrs.evolve(
        meeting, advisory=oc.Advisory(discharging_department=value)
    ),
}
"""How to put a value into each identifying field (and what must agree with it)."""


def with_identifier(meeting: Meeting, path: str, value: str) -> Meeting:
    """Put ``value`` into the identifying field at ``path``, on a meeting reduced to it."""
    bare = attrs.evolve(
        meeting,
        participants=(oc.Participant(id="p0", role=Role.DOCTOR),),
        chat=(),
        advisory=None,
        waivers=(),
    )
    return PLACES[path](bare, value)


IDENTIFYING_PATHS = tuple(PLACES)


@given(meetings(), st.sampled_from(IDENTIFYING_PATHS), cpr_numbers())
def test_oc206_fires_once_at_each_identifier_holding_a_cpr_number(
    meeting: Meeting, path: str, cpr: str
) -> None:
    """A CPR number in an identifying field is one OC206 at that field, and only there."""
    marked = with_identifier(meeting, path, f"x{cpr}")
    found = [found for found in oc.check(marked, POLICY) if found.code == "OC206"]
    paths = {"chat[0].sender", "participants[0].id"} if path == "chat[0].sender" else {path}
    assert paths == {violation.path for violation in found}
    assert len(paths) == len(found)
    digits = "".join(filter(str.isdigit, cpr))
    printed = " ".join(f"{violation.message} {violation.evidence}" for violation in found)
    assert not any(digits[start : start + 6] in printed for start in range(5))


@given(meetings(), st.sampled_from(IDENTIFYING_PATHS))
def test_oc206_is_silent_on_identifiers_without_a_number(meeting: Meeting, path: str) -> None:
    """Identifiers with ordinary numbers (dates, booking numbers) give no OC206."""
    marked = with_identifier(meeting, path, "vk-2026-000123")
    assert "OC206" not in codes(marked)


def test_oc206_bare_number_below_the_policy_confidence_is_masked_not_reported() -> None:
    """Ten bare digits failing modulus 11 are low confidence: no OC206, but masked in repr."""
    meeting = Meeting(id="0101901234", kind=Kind.INTERNAL_MEETING, platform=Platform.TEAMS)
    assert "OC206" not in codes(meeting)
    assert "0101901234" not in repr(meeting)
