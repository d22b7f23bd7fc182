"""OC1xx: the choice of platform.

MinSP (video on Pexip) is the region's primary solution for virtual patient
contact; MedCom's Meet serves where MinSP is not possible, and for group
sessions and interpreting; Teams is for clinicians among themselves; Zoom is
for ordinary meetings without patient data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from onlinecompliance.model import Kind, Platform, Role, Severity

from .base import Finding, Provenance, Rule, few
from .context import CLINICIAN_ROLES, Context

if TYPE_CHECKING:
    from collections.abc import Iterator

_ALL_BUT_MEET = frozenset(Platform) - {Platform.MEET}
_MEET_ROOM = {"url": "https://meet.regionh.dk/a1b2", "booked_via": "bookingportal"}
_DOCTOR = {"id": "p1", "role": "doctor", "organisation": "region", "organiser": True}
_PATIENT = {"id": "p2", "role": "patient", "identity": "mitid"}
_GUIDELINE_PRIMARY_DA = (
    "Region Hovedstadens primære løsning til virtuel patientkontakt er videokonsultation via Min SP"
)
_GUIDELINE_PRIMARY_EN = (
    "The Capital Region's primary solution for virtual patient contact is video "
    "consultation via MinSP."
)


def _patient_contact_on_unapproved_platform(context: Context) -> Iterator[Finding]:
    if context.patients:
        platform = context.platform_name
        patients = few(context.patients, context.who)
        yield Finding("platform", f"{patients} attends a meeting on {platform}")


OC101 = Rule(
    code="OC101",
    name="patient-contact-on-unapproved-platform",
    severity=Severity.ERROR,
    summary=(
        "Reports a patient or relative in a meeting on Teams, Zoom or another unapproved platform."
    ),
    rationale=(
        "Patient contact must run on MinSP, or on Meet where MinSP is not possible. "
        "Teams is approved only for clinicians among themselves, and other platforms are "
        "not approved for patients at all."
    ),
    guideline_da=(
        f"{_GUIDELINE_PRIMARY_DA}. Der er dog tilfælde, hvor denne løsning ikke er mulig og "
        "hvor Meet-løsningen fra Medcom i stedet kan anvendes."
    ),
    guideline_en=(
        f"{_GUIDELINE_PRIMARY_EN} There are cases where it is not possible, and where "
        "MedCom's Meet can be used instead."
    ),
    provenance=frozenset({Provenance.SEED, Provenance.PUBLIC}),
    sources=("Virtuelle møder for sundhedspersonale og patienter (Region Hovedstaden)",),
    fix="Hold the meeting on MinSP, or on Meet where MinSP is not possible.",
    example={
        "id": "vk-1",
        "kind": "video_consultation",
        "platform": "teams",
        "participants": [_DOCTOR, _PATIENT],
    },
    use_instead={
        "id": "vk-1",
        "kind": "video_consultation",
        "platform": "minsp",
        "participants": [_DOCTOR, _PATIENT],
    },
    reading="A relative counts as a patient, also one who attends in person.",
    platforms=frozenset({Platform.TEAMS, Platform.ZOOM, Platform.OTHER}),
    check=_patient_contact_on_unapproved_platform,
    needs=("participants",),
)


def _minsp_fallback_undocumented(context: Context) -> Iterator[Finding]:
    if context.meeting.minsp_fallback is None and not context.cannot_tell("minsp_fallback"):
        platform = context.platform_name
        yield Finding(
            "minsp_fallback",
            f"a video consultation on {platform} gives no reason why MinSP was not used",
        )


OC102 = Rule(
    code="OC102",
    name="minsp-fallback-undocumented",
    severity=Severity.WARNING,
    summary=(
        "Reports a video consultation on Meet or SMS video that does not say why MinSP was "
        "not used."
    ),
    rationale=(
        "Meet and SMS video are fallbacks, allowed only where MinSP is not possible. "
        "Recording the reason shows that the primary solution was considered."
    ),
    guideline_da="Videokonsultationer med patienter skal foregå med MinSP videoløsningen.",
    guideline_en="Video consultations with patients must use the MinSP video solution.",
    provenance=frozenset({Provenance.SEED, Provenance.PUBLIC}),
    sources=(
        "Virtuelle møder for sundhedspersonale og patienter (Region Hovedstaden)",
        "Public copy of the guideline, purpose list",
    ),
    fix="Set `minsp_fallback` to the reason MinSP could not be used.",
    example={"id": "vk-1", "kind": "video_consultation", "platform": "meet", "room": _MEET_ROOM},
    use_instead={
        "id": "vk-1",
        "kind": "video_consultation",
        "platform": "meet",
        "room": _MEET_ROOM,
        "minsp_fallback": "no_digital_id",
    },
    kinds=frozenset({Kind.VIDEO_CONSULTATION}),
    platforms=frozenset({Platform.MEET, Platform.SMS_VIDEO}),
    check=_minsp_fallback_undocumented,
)


def _patient_data_on_unapproved_platform(context: Context) -> Iterator[Finding]:
    meeting = context.meeting
    if meeting.platform is Platform.TEAMS and meeting.kind is Kind.PATIENT_CONFERENCE:
        return
    if context.has_sensitive_data:
        yield Finding(
            "platform",
            f"sensitive personal data in a meeting on {context.platform_name} "
            f"(kind {context.kind_name})",
            context.sensitive_data_evidence(),
        )


OC103 = Rule(
    code="OC103",
    name="patient-data-on-unapproved-platform",
    severity=Severity.ERROR,
    summary=(
        "Reports health data or CPR numbers in a meeting on Zoom or another platform, or on "
        "Teams outside a patient conference."
    ),
    rationale=(
        "Meetings that include patient information belong on MinSP or Meet. Teams is "
        "approved for patient data only in patient conferences between clinicians; Zoom "
        "and other tools are for ordinary meetings."
    ),
    guideline_da=(
        "Meet skal anvendes ved møder, hvor der indgår patientoplysninger, og hvor MinSP "
        "ikke kan anvendes."
    ),
    guideline_en=(
        "Meet must be used for meetings that include patient information where MinSP "
        "cannot be used."
    ),
    provenance=frozenset({Provenance.PUBLIC}),
    sources=("regionh.dk: Meet", "regionh.dk: Zoom"),
    fix="Move the meeting to Meet (or MinSP for a patient), or keep patient data out of it.",
    example={
        "id": "m-1",
        "kind": "internal_meeting",
        "platform": "zoom",
        "shares": [{"category": "health", "channel": "screen"}],
    },
    use_instead={
        "id": "m-1",
        "kind": "internal_meeting",
        "platform": "meet",
        "room": _MEET_ROOM,
        "shares": [{"category": "health", "channel": "screen"}],
    },
    reading=(
        "Sensitive data is a declared share of category health or cpr, or a detection in "
        "free text at the policy's lowest confidence (default medium)."
    ),
    platforms=frozenset({Platform.TEAMS, Platform.ZOOM, Platform.OTHER}),
    check=_patient_data_on_unapproved_platform,
    needs=("shares", "chat", "invitation", "sms_text"),
)


def _group_session_not_on_meet(context: Context) -> Iterator[Finding]:
    yield Finding("platform", f"a group session on {context.platform_name}, not Meet")


OC104 = Rule(
    code="OC104",
    name="group-session-not-on-meet",
    severity=Severity.WARNING,
    summary="Reports a group session held on another platform than Meet.",
    rationale=(
        "Meet is the region's solution for meetings and teaching with several patients or parties."
    ),
    guideline_da=(
        "Meet kan også benyttes ved møder/undervisning med flere patienter/parter samtidig."
    ),
    guideline_en=(
        "Meet can also be used for meetings or teaching with several patients or parties at once."
    ),
    provenance=frozenset({Provenance.PUBLIC}),
    sources=("regionh.dk: Meet",),
    fix="Hold group sessions in a Meet room.",
    example={"id": "g-1", "kind": "group_session", "platform": "minsp"},
    use_instead={
        "id": "g-1",
        "kind": "group_session",
        "platform": "meet",
        "room": _MEET_ROOM,
    },
    kinds=frozenset({Kind.GROUP_SESSION}),
    platforms=_ALL_BUT_MEET,
    check=_group_session_not_on_meet,
)


def _interpreting_not_on_meet(context: Context) -> Iterator[Finding]:
    yield Finding("platform", f"video interpreting on {context.platform_name}, not Meet")


OC105 = Rule(
    code="OC105",
    name="interpreting-not-on-meet",
    severity=Severity.ERROR,
    summary="Reports video interpreting held on another platform than Meet.",
    rationale="The region's contract with Tolkdanmark covers video interpreting on Meet only.",
    guideline_da=(
        "Videotolkning til patienter i fremmøde, må udelukkende ske ved brug af Meet, da der "
        "er kontrakt med Tolkdanmark."
    ),
    guideline_en=(
        "Video interpreting for patients attending in person may only use Meet, as the "
        "region has a contract with Tolkdanmark."
    ),
    provenance=frozenset({Provenance.PUBLIC}),
    sources=("regionh.dk: Meet, video interpreting",),
    fix="Book the interpreter through Meet.",
    example={"id": "t-1", "kind": "interpreting", "platform": "teams"},
    use_instead={"id": "t-1", "kind": "interpreting", "platform": "meet", "room": _MEET_ROOM},
    kinds=frozenset({Kind.INTERPRETING}),
    platforms=_ALL_BUT_MEET,
    check=_interpreting_not_on_meet,
)


def _unapproved_platform(context: Context) -> Iterator[Finding]:
    if context.patient_absent and not context.has_sensitive_data:
        yield Finding(
            "platform", "the meeting ran on a platform that is not among the approved solutions"
        )


OC106 = Rule(
    code="OC106",
    name="unapproved-platform",
    severity=Severity.WARNING,
    summary="Reports a meeting on a platform that is not among the region's approved solutions.",
    rationale=(
        "The guideline lists the approved solutions (MinSP, Meet, SMS video, Teams); a "
        "tool outside that list has not been assessed for data protection."
    ),
    guideline_da=(
        "At understøtte viden om og rammer for at sikre onlinekommunikationsløsninger, "
        "godkendt af Region Hovedstaden."
    ),
    guideline_en=(
        "To support knowledge of, and a framework for, online communication solutions "
        "approved by the Capital Region."
    ),
    provenance=frozenset({Provenance.INFERRED}),
    sources=("Virtuelle møder for sundhedspersonale og patienter (Region Hovedstaden), purpose",),
    fix="Use one of the approved solutions.",
    example={
        "id": "m-2",
        "kind": "internal_meeting",
        "platform": "other",
        "platform_name": "Whereby",
    },
    use_instead={"id": "m-2", "kind": "internal_meeting", "platform": "teams"},
    reading=(
        "With a patient present or sensitive data, OC101 or OC103 reports the meeting "
        "instead, so one meeting is not reported twice for the same choice. When a "
        "participant's role is not known (a record read from an export), whether a patient "
        "is present is not known, and the rule is quiet."
    ),
    platforms=frozenset({Platform.OTHER}),
    check=_unapproved_platform,
)

_SMS_VIDEO_GUESTS = frozenset({Role.EXTERNAL_HEALTH_STAFF, Role.PATIENT, Role.RELATIVE})


def _sms_video_guest_scope(context: Context) -> Iterator[Finding]:
    people = context.meeting.participants
    organiser_marked = any(person.organiser for person in people)
    for index, person in enumerate(people):
        if person.organiser or person.role is None or person.role in _SMS_VIDEO_GUESTS:
            continue
        known_guest = person.organiser is False or organiser_marked
        if known_guest or person.role not in CLINICIAN_ROLES:
            yield Finding(
                f"participants[{index}].role",
                f"{context.who(person)} is invited to an SMS video meeting, which is for health "
                "professionals outside the hospital, patients and relatives",
            )


OC107 = Rule(
    code="OC107",
    name="sms-video-guest-scope",
    severity=Severity.WARNING,
    summary=(
        "Reports an SMS video guest who is not external health staff, a patient or a relative."
    ),
    rationale=(
        "SMS video meetings are set up for health professionals outside the hospital and "
        "for patients and relatives; other guests should be met on another solution."
    ),
    guideline_da=(
        "Opret videomøde via SMS med sundhedsprofessionelle uden for hospitalet og/eller "
        "patienter og pårørende."
    ),
    guideline_en=(
        "Create an SMS video meeting with health professionals outside the hospital and/or "
        "patients and relatives."
    ),
    provenance=frozenset({Provenance.PUBLIC}),
    sources=("regionh.dk: VDX Booking, SMS video meetings",),
    fix=(
        "Invite only external health staff, patients and relatives by SMS; meet others on "
        "Meet or Teams."
    ),
    example={
        "id": "s-1",
        "kind": "video_consultation",
        "platform": "sms_video",
        "minsp_fallback": "third_party_participants",
        "participants": [_DOCTOR, {"id": "p2", "role": "guest"}],
    },
    use_instead={
        "id": "s-1",
        "kind": "video_consultation",
        "platform": "sms_video",
        "minsp_fallback": "third_party_participants",
        "participants": [_DOCTOR, {"id": "p2", "role": "relative"}],
    },
    reading=(
        "The organiser is the participant marked `organiser: true`; one marked "
        "`organiser: false` is not. Where a participant's part is not known (left out) and "
        "no one is marked as organiser, the organiser is taken to be one of the doctors or "
        "health staff, so they are not reported; interpreters, staff and guests are."
    ),
    platforms=frozenset({Platform.SMS_VIDEO}),
    check=_sms_video_guest_scope,
    needs=("participants",),
)


def _live_event_without_licence(context: Context) -> Iterator[Finding]:
    meeting = context.meeting
    if meeting.platform is not None and meeting.platform is not Platform.TEAMS:
        yield Finding("platform", f"a live event on {meeting.platform.value}, not Teams")
    elif meeting.teams is not None and meeting.teams.desktop_licence is False:
        yield Finding("teams.desktop_licence", "a Teams live event without a desktop licence")


OC108 = Rule(
    code="OC108",
    name="live-event-without-licence",
    severity=Severity.ERROR,
    summary="Reports a live event outside Teams, or on Teams without a desktop licence.",
    rationale="Live events are approved on Teams, and only for users with a desktop licence.",
    guideline_da=(
        "Teams kan endvidere anvendes til livebegivenheder … hvis man har såkaldt "
        "Skrivebordslicens."
    ),
    guideline_en=(
        "Teams can also be used for live events (such as information and staff meetings) "
        "if one has a so-called desktop licence."
    ),
    provenance=frozenset({Provenance.PUBLIC}),
    sources=("regionh.dk: Teams",),
    fix="Hold live events on Teams from an account with a desktop licence.",
    example={
        "id": "l-1",
        "kind": "live_event",
        "platform": "teams",
        "teams": {"desktop_licence": False},
    },
    use_instead={
        "id": "l-1",
        "kind": "live_event",
        "platform": "teams",
        "teams": {"desktop_licence": True},
    },
    reading="An unknown licence (`teams.desktop_licence` left out) is not reported.",
    kinds=frozenset({Kind.LIVE_EVENT}),
    check=_live_event_without_licence,
)


def _zoom_meeting(context: Context) -> Iterator[Finding]:
    if context.patient_absent and not context.has_sensitive_data:
        yield Finding(
            "platform", "a meeting on Zoom: the general rules on personal data still apply"
        )


OC109 = Rule(
    code="OC109",
    name="zoom-meeting",
    severity=Severity.INFO,
    summary="Notes a meeting on Zoom, which is for ordinary meetings, teaching and webinars.",
    rationale=(
        "Zoom is allowed for ordinary online meetings, but not for patients or patient "
        "data; the note reminds the organiser to keep it that way."
    ),
    guideline_da=(
        "Zoom kan anvendes til almindelige onlinemøder, undervisning og webinarer; de "
        "generelle regler for persondata gælder fortsat."
    ),
    guideline_en=(
        "Zoom can be used for ordinary online meetings, teaching and webinars; the general "
        "rules on personal data still apply."
    ),
    provenance=frozenset({Provenance.PUBLIC}),
    sources=("regionh.dk: Zoom",),
    fix="Nothing to fix; keep patients and patient data out of Zoom meetings.",
    example={"id": "z-1", "kind": "internal_meeting", "platform": "zoom"},
    use_instead={"id": "z-1", "kind": "internal_meeting", "platform": "teams"},
    reading=(
        "With a patient present or sensitive data, OC101 or OC103 reports the meeting instead. "
        "In a record read from an export whose participants' roles are not known, whether a "
        "patient is present is not known either, so the rule is quiet (as OC106)."
    ),
    platforms=frozenset({Platform.ZOOM}),
    check=_zoom_meeting,
)
