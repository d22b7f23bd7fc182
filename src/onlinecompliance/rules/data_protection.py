"""OC2xx: data protection.

Health data and CPR numbers are sensitive personal data (GDPR art. 9). They may
travel in the meeting's protected audio and video, but not in its chat, not in
invitations and SMS texts that leave the meeting by e-mail and phone, and not
in recordings without a legal basis; Teams may not record at all, and patient
documentation belongs in Sundhedsplatformen, not in Teams files or notes. Nor
may a CPR number serve as an id or a label (OC206).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from onlinecompliance.model import Kind, Platform, Severity, ShareChannel
from onlinecompliance.scan import (
    Detection,
    DetectionKind,
    any_holds_cpr_candidate,
    holds_cpr_candidate,
    scan_text,
)

from .base import GUIDELINE, Finding, Provenance, Rule, few
from .context import detection_evidence

if TYPE_CHECKING:
    from collections.abc import Iterator

    from onlinecompliance.model import ChatMessage, Meeting, Recording

    from .context import Context

_MEET_ROOM = {"url": "https://meet.regionh.dk/a1b2", "booked_via": "bookingportal"}
_MEETING = {"id": "m-1", "kind": "internal_meeting", "platform": "meet", "room": _MEET_ROOM}
_CONFERENCE = {"id": "k-1", "kind": "patient_conference", "platform": "teams"}
_DOCTOR = {"id": "p1", "role": "doctor", "organisation": "region", "organiser": True}
_PATIENT = {"id": "p2", "role": "patient", "identity": "mitid"}
_CHAT_CHANNELS = frozenset({ShareChannel.CHAT})
_INVITATION_CHANNELS = frozenset({ShareChannel.INVITATION, ShareChannel.SMS_TEXT})
_INVITATION_FIELDS = {
    "invitation.subject": "the invitation's subject",
    "invitation.body": "the invitation's body",
    "sms_text": "the SMS text",
}


def _kinds(detections: tuple[Detection, ...]) -> str:
    if len(detections) == 1:  # most messages: no set to make
        return detections[0].kind._value_
    return ", ".join(sorted({found.kind._value_ for found in detections}))


def _evidence(path: str, detections: tuple[Detection, ...]) -> str:
    return few(detections, functools.partial(detection_evidence, path), separator="; ")


def _declared_shares(context: Context, channels: frozenset[ShareChannel]) -> Iterator[Finding]:
    """Yield one finding per declared share of health data or CPR numbers on ``channels``."""
    for index, share in context.sensitive_shares:
        if share.channel in channels:
            yield Finding(
                f"shares[{index}]",
                f"{share.category.value} data is declared shared on channel {share.channel.value}",
            )


def _sender(context: Context, message: ChatMessage) -> str:
    person = context.participants_by_id.get(message.sender) if message.sender else None
    return f" from {context.who(person)}" if person is not None else ""


def _sensitive_data_in_chat(context: Context) -> Iterator[Finding]:
    by_field = context.detections_by_field
    for index, message in enumerate(context.meeting.chat if by_field else ()):
        path = f"chat[{index}].text"
        found = by_field.get(path)
        if found:
            yield Finding(
                path,
                f"a chat message{_sender(context, message)} contains sensitive personal data "
                f"({_kinds(found)})",
                _evidence(path, found),
            )
    yield from _declared_shares(context, _CHAT_CHANNELS)


OC201 = Rule(
    code="OC201",
    name="sensitive-data-in-chat",
    severity=Severity.ERROR,
    summary="Reports health data or CPR numbers found in, or declared for, a meeting's chat.",
    rationale=(
        "The chat is stored and shown outside the meeting's audio and video, on every "
        "platform; the guideline forbids sharing sensitive personal data there on Meet "
        "and on Teams alike."
    ),
    guideline_da="NB. Du må ikke dele personfølsomme oplysninger i chatten.",
    guideline_en="NB: you must not share sensitive personal data in the chat.",
    provenance=frozenset({Provenance.SEED, Provenance.PUBLIC}),
    sources=(GUIDELINE, "regionh.dk: Teams"),
    fix="Remove the data from the chat and give it by voice, or in Sundhedsplatformen.",
    example={**_MEETING, "chat": [{"text": "Husk cpr 010190-1234 til journalen"}]},
    use_instead={**_MEETING, "chat": [{"text": "Husk at skrive i journalen"}]},
    reading=(
        "One finding per chat message with detections (all detections of the message in "
        "its evidence), and one per share of category health or cpr declared on channel "
        "chat. Detections count from the policy's lowest confidence (default medium). "
        "How text is read where the catalogue is silent is written in the scanner's "
        "modules: which keywords and windows raise a CPR number (scan.cpr), who counts as "
        "mentioned (scan.persons) and what links a person to a clinical term "
        "(scan.clauses, scan.health), each choosing the reading with fewer false alarms "
        "but for the keyword after a number, measured to where it begins."
    ),
    check=_sensitive_data_in_chat,
    needs=("chat", "shares"),
)


def _sensitive_data_in_invitation(context: Context) -> Iterator[Finding]:
    by_field = context.detections_by_field
    for path, place in _INVITATION_FIELDS.items():
        found = by_field.get(path)
        if found:
            yield Finding(
                path,
                f"{place} contains sensitive personal data ({_kinds(found)})",
                _evidence(path, found),
            )
    yield from _declared_shares(context, _INVITATION_CHANNELS)


OC202 = Rule(
    code="OC202",
    name="sensitive-data-in-invitation",
    severity=Severity.WARNING,
    summary="Reports health data or CPR numbers in a meeting's invitation or SMS text.",
    rationale=(
        "Invitations travel by e-mail and SMS, outside the meeting's protection, and are "
        "easily forwarded; like the chat, they are no place for sensitive personal data."
    ),
    guideline_da="NB. Du må ikke dele personfølsomme oplysninger i chatten.",
    guideline_en="NB: you must not share sensitive personal data in the chat.",
    provenance=frozenset({Provenance.INFERRED}),
    sources=(GUIDELINE,),
    fix="Keep the invitation and SMS text free of patient data; refer to the meeting only.",
    example={**_MEETING, "invitation": {"subject": "Konference om 010190-1234"}},
    use_instead={**_MEETING, "invitation": {"subject": "Konference"}},
    reading=(
        "One finding per text field with detections (`invitation.subject`, "
        "`invitation.body`, `sms_text`), and one per share of category health or cpr "
        "declared on channel invitation or sms_text."
    ),
    check=_sensitive_data_in_invitation,
    needs=("invitation", "sms_text", "shares"),
)


def _recorded(recording: Recording) -> str:
    """Name what is recorded: ``audio, video``."""
    parts = {"audio": recording.audio, "video": recording.video, "transcript": recording.transcript}
    return ", ".join(name for name, on in parts.items() if on)


def _teams_recording(context: Context) -> Iterator[Finding]:
    recording = context.meeting.recording
    if recording is not None and recording.is_on:
        yield Finding("recording", f"a Teams meeting is recorded ({_recorded(recording)})")


OC203 = Rule(
    code="OC203",
    name="teams-recording",
    severity=Severity.ERROR,
    summary="Reports a Teams meeting that records audio, video or a transcript.",
    rationale=(
        "The region approved Teams on the condition that sound and picture are not "
        "recorded; a recording or transcript keeps what was said outside the health record."
    ),
    guideline_da=(
        "Der må ikke udveksles personfølsomme oplysninger i chatten … eller optages lyd og billede."
    ),
    guideline_en=(
        "Sensitive personal data must not be exchanged in the chat … nor may sound and "
        "picture be recorded."
    ),
    provenance=frozenset({Provenance.PUBLIC}),
    sources=("regionh.dk: Teams",),
    fix="Turn off recording and transcription in Teams.",
    example={**_CONFERENCE, "recording": {"audio": True, "video": True}},
    use_instead={**_CONFERENCE, "recording": {"audio": False, "video": False}},
    reading="A transcript counts as a recording, as the catalogue's term *recording is on* says.",
    platforms=frozenset({Platform.TEAMS}),
    check=_teams_recording,
    needs=("recording",),
)


def _recording_without_basis(context: Context) -> Iterator[Finding]:
    recording = context.meeting.recording
    if recording is None or not recording.is_on or recording.basis is not None:
        return
    if context.cannot_tell("recording.basis"):
        return
    reasons = [few(context.patients, context.who)] if context.patients else []
    if context.has_sensitive_data:
        reasons.append("sensitive personal data")
    if reasons:
        yield Finding(
            "recording.basis",
            f"a recording ({_recorded(recording)}) on {context.platform_name} with "
            f"{', '.join(reasons)} has no documented legal basis",
            context.sensitive_data_evidence(),
        )


OC204 = Rule(
    code="OC204",
    name="recording-without-basis",
    severity=Severity.WARNING,
    summary=(
        "Reports a recording with a patient present or sensitive data that does not say "
        "on what legal basis it was made."
    ),
    rationale=(
        "A recording of a patient or of health data is processing of sensitive personal "
        "data: it needs a legal basis, and without a documented necessity only consent "
        "will do."
    ),
    guideline_da=(
        "En optagelse af et digitalt møde kræver et retsgrundlag; uden en dokumenteret "
        "nødvendighed kun med samtykke."
    ),
    guideline_en=(
        "A recording of a digital meeting needs a legal basis; without a documented "
        "necessity, only with consent."
    ),
    provenance=frozenset({Provenance.PUBLIC}),
    sources=("Datatilsynet: optagelse af digitale møder",),
    fix="Set `recording.basis` to consent or necessity, or do not record.",
    example={
        "id": "vk-1",
        "kind": "video_consultation",
        "platform": "minsp",
        "participants": [_DOCTOR, _PATIENT],
        "recording": {"audio": True},
    },
    use_instead={
        "id": "vk-1",
        "kind": "video_consultation",
        "platform": "minsp",
        "participants": [_DOCTOR, _PATIENT],
        "recording": {"audio": True, "basis": "consent"},
    },
    reading=(
        "A condition that something is *not set*: a recording without `recording.basis` "
        "fires. Sensitive data is the catalogue's term (a declared share of health or cpr "
        "on any channel, or a detection in free text). Teams recordings are OC203's."
    ),
    platforms=frozenset(Platform) - {Platform.TEAMS},
    check=_recording_without_basis,
    needs=("recording",),
)

_DOCUMENT_CHANNELS = frozenset({ShareChannel.FILE, ShareChannel.NOTES})


def _documentation_outside_sp(context: Context) -> Iterator[Finding]:
    problems = (
        [("documented_in_sp", "documented_in_sp is false")]
        if context.meeting.documented_in_sp is False
        else []
    )
    problems.extend(
        (
            f"shares[{index}]",
            f"shares[{index}] declares {share.category.value} data on {share.channel.value}",
        )
        for index, share in context.sensitive_shares
        if share.channel in _DOCUMENT_CHANNELS
    )
    if problems:
        yield Finding(
            problems[0][0],
            "patient documentation from a Teams patient conference is kept outside "
            f"Sundhedsplatformen: {'; '.join(problem for _, problem in problems)}",
        )


OC205 = Rule(
    code="OC205",
    name="documentation-outside-sp",
    severity=Severity.ERROR,
    summary=(
        "Reports a Teams patient conference that was not documented in Sundhedsplatformen, "
        "or that keeps patient data in Teams files or notes."
    ),
    rationale=(
        "Teams is approved for patient conferences only as a meeting room; the patient "
        "record is Sundhedsplatformen, and files or notes in Teams are outside it."
    ),
    guideline_da="Evt. patientdokumentation skal fortsat skrives i SP.",
    guideline_en="Any patient documentation must still be written in Sundhedsplatformen.",
    provenance=frozenset({Provenance.PUBLIC}),
    sources=("regionh.dk: Teams, patient conferences",),
    fix=(
        "Write the conference's conclusions in Sundhedsplatformen and keep no patient data "
        "in Teams files or notes."
    ),
    example={**_CONFERENCE, "documented_in_sp": False},
    use_instead={**_CONFERENCE, "documented_in_sp": True},
    reading=(
        "`documented_in_sp` fires only on an explicit false. Only declared shares have a "
        "channel, so only shares of health or cpr on channel file or notes count for the "
        "second part. The path is the first problem; the message names every one."
    ),
    kinds=frozenset({Kind.PATIENT_CONFERENCE}),
    platforms=frozenset({Platform.TEAMS}),
    check=_documentation_outside_sp,
)


_NUMBER_KINDS = frozenset({DetectionKind.CPR, DetectionKind.ECPR})


def _identifying_fields(meeting: Meeting) -> Iterator[tuple[str, str | None]]:
    """Yield each field that names or labels something, with its path (OC206's list)."""
    yield "id", meeting.id
    for index, person in enumerate(meeting.participants):
        yield f"participants[{index}].id", person.id
    yield "department", meeting.department
    yield "platform_name", meeting.platform_name
    for index, message in enumerate(meeting.chat):
        yield f"chat[{index}].sender", message.sender
    yield "room.url", None if meeting.room is None else meeting.room.url
    for index, waiver in enumerate(meeting.waivers):
        yield f"waivers[{index}].reason", waiver.reason
        yield f"waivers[{index}].approved_by", waiver.approved_by
    advisory = meeting.advisory
    if advisory is not None:
        yield "advisory.callee_department", advisory.callee_department
        yield "advisory.discharging_department", advisory.discharging_department


def _personal_data_in_identifier(context: Context) -> Iterator[Finding]:
    fields = [(path, value) for path, value in _identifying_fields(context.meeting) if value]
    if not any_holds_cpr_candidate(value for _, value in fields):
        return  # the cheap test first: most records hold no candidate in any identifier
    for path, value in fields:
        if not holds_cpr_candidate(value):
            continue
        numbers = scan_text(value, policy=context.settings, kinds=_NUMBER_KINDS)
        if numbers:
            kinds = " or ".join(sorted({found.kind.value for found in numbers}))
            yield Finding(
                path,
                f"{path} holds a {kinds} number, so every system that reads the record spreads it",
                few(numbers, Detection.describe, separator="; "),
            )


OC206 = Rule(
    code="OC206",
    name="personal-data-in-identifier",
    severity=Severity.ERROR,
    summary=(
        "Reports a CPR number in a field that names or labels something: an id, a "
        "department, a sender, a room URL or a waiver's reason."
    ),
    rationale=(
        "An identifier is copied into every log, report and system that handles the record, "
        "so a CPR number used as a key, or written into a label, spreads far beyond the "
        "meeting it belongs to, where the law limits its use."
    ),
    guideline_da=(
        "Offentlige myndigheder kan behandle oplysninger om personnummer med henblik på "
        "entydig identifikation eller som journalnummer."
    ),
    guideline_en=(
        "Public authorities may process CPR numbers for unambiguous identification or as "
        "a file number (the Danish Data Protection Act, section 11(1))."
    ),
    provenance=frozenset({Provenance.PUBLIC}),
    sources=("Databeskyttelsesloven § 11",),
    fix=(
        "Use a pseudonymous key (a booking or meeting number, p1, p2, …) and keep the link "
        "to the person in the patient record, not in the meeting's identifiers."
    ),
    example={
        "id": "vk-010190-1234",
        "kind": "video_consultation",
        "platform": "minsp",
        "department": "RH-Kardiologi",
    },
    use_instead={
        "id": "vk-2026-000123",
        "kind": "video_consultation",
        "platform": "minsp",
        "department": "RH-Kardiologi",
    },
    reading=(
        "A value counts when the scanner reads a CPR or eCPR number in it at the policy's "
        "lowest confidence (default medium), the same as in free text; a bare number at "
        "low confidence does not fire, but is still masked in every output. One finding "
        "per field, at the field's path; the message shows the number's masked shape only."
    ),
    check=_personal_data_in_identifier,
)
