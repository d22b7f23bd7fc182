"""OC5xx: who the patient is, whether video is needed, and the local criteria.

Outside MinSP, which logs patients in with MitID, the clinician must establish
the patient's identity some other way. A video consultation is for when the
clinician needs to see the patient. Hospital managements agree local criteria
for video consultations with outpatients; the policy holds them per department,
and these rules report departments without criteria and records that break them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from onlinecompliance.model import Identity, Kind, LocalCriteria, Platform, Role, Severity

from .base import Finding, Provenance, Rule

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from enum import Enum

    from .context import Context

__all__ = ["OC501", "OC502", "OC503", "OC504"]

_SEED_SOURCE = "Virtuelle møder for sundhedspersonale og patienter (Region Hovedstaden)"
_LOCAL_CRITERIA_DA = (
    "Hospitalsdirektioner er ansvarlige for at distribuere vejledningen til kliniske "
    "afdelinger og for at der lokalt aftales kriterier for brug af videokonsultation med "
    "ambulante patienter."
)
_LOCAL_CRITERIA_EN = (
    "Hospital managements are responsible for distributing the guideline to clinical "
    "departments and for agreeing local criteria for video consultations with outpatients."
)
_EXAMPLE_CRITERIA = (
    LocalCriteria("RH-Kardio*", platforms=frozenset({Platform.MINSP, Platform.MEET})),
)
_DOCTOR = {"id": "p1", "role": "doctor", "organisation": "region", "organiser": True}
_MEET_ROOM = {"url": "https://meet.regionh.dk/a1b2", "booked_via": "bookingportal"}
_UNVERIFIED = frozenset({Identity.DISPLAY_NAME, Identity.NONE})
_UNVERIFIED_PLATFORMS = frozenset(
    {Platform.MEET, Platform.SMS_VIDEO, Platform.TEAMS, Platform.ZOOM, Platform.OTHER}
)


def _patient_identity_not_verified(context: Context) -> Iterator[Finding]:
    platform = context.platform_name
    for index, person in enumerate(context.meeting.participants):
        identity = person.identity
        if person.role is Role.PATIENT and identity is not None and identity in _UNVERIFIED:
            yield Finding(
                f"participants[{index}].identity",
                f"{context.who(person)} joined on {platform} with identity "
                f"{identity.value}, which does not verify who the patient is",
            )


OC501 = Rule(
    code="OC501",
    name="patient-identity-not-verified",
    severity=Severity.WARNING,
    summary=(
        "Reports a patient on a video platform other than MinSP whose identity rests on a "
        "display name or was not checked."
    ),
    rationale=(
        "MinSP logs patients in with MitID; on other platforms anyone can join under any "
        "name, and a consultation with the wrong person discloses health data to them."
    ),
    guideline_da="Du skal sikre patientens identitet på tilstrækkelig sikker vis, fx med MitID.",
    guideline_en="You must secure the patient's identity adequately, for example with MitID.",
    provenance=frozenset({Provenance.PUBLIC}),
    sources=("Styrelsen for Patientsikkerhed: guide to digital health treatment",),
    fix=(
        "Verify the patient's identity (MitID, or by sight when the clinician knows the "
        "patient) and record how in `identity`, or hold the consultation on MinSP."
    ),
    example={
        "id": "vk-1",
        "kind": "video_consultation",
        "platform": "meet",
        "room": _MEET_ROOM,
        "minsp_fallback": "patient_not_on_minsp",
        "participants": [_DOCTOR, {"id": "p2", "role": "patient", "identity": "display_name"}],
    },
    use_instead={
        "id": "vk-1",
        "kind": "video_consultation",
        "platform": "meet",
        "room": _MEET_ROOM,
        "minsp_fallback": "patient_not_on_minsp",
        "participants": [_DOCTOR, {"id": "p2", "role": "patient", "identity": "mitid"}],
    },
    reading=(
        "Only participants with role patient are checked, not relatives. An unknown "
        "identity (`identity` left out) is not reported; `visual` counts as verified."
    ),
    platforms=_UNVERIFIED_PLATFORMS,
    check=_patient_identity_not_verified,
    needs=("participants",),
)


def _video_without_visual_need(context: Context) -> Iterator[Finding]:
    if context.meeting.visual_contact_needed is False:
        yield Finding(
            "visual_contact_needed",
            "a video consultation where no visual contact was needed",
        )


OC502 = Rule(
    code="OC502",
    name="video-without-visual-need",
    severity=Severity.INFO,
    summary="Notes a video consultation recorded as not needing visual contact.",
    rationale=(
        "Video is for seeing and assessing the patient; without that need a phone "
        "consultation is simpler for the patient and carries less data."
    ),
    guideline_da="Er der ikke behov for visuel kontakt kan telefonkonsultation anvendes.",
    guideline_en="If no visual contact is needed, a phone consultation can be used.",
    provenance=frozenset({Provenance.SEED}),
    sources=(_SEED_SOURCE,),
    fix="Consider a phone consultation when the clinician does not need to see the patient.",
    example={
        "id": "vk-1",
        "kind": "video_consultation",
        "platform": "minsp",
        "visual_contact_needed": False,
    },
    use_instead={
        "id": "vk-1",
        "kind": "video_consultation",
        "platform": "minsp",
        "visual_contact_needed": True,
    },
    reading="An unknown need (`visual_contact_needed` left out) is not reported.",
    kinds=frozenset({Kind.VIDEO_CONSULTATION}),
    check=_video_without_visual_need,
)


def _no_local_criteria(context: Context) -> Iterator[Finding]:
    meeting = context.meeting
    if any(entry.matches(meeting) for entry in context.settings.criteria):
        return
    if meeting.department is None:
        yield Finding(
            "department", "a video consultation without a department: no criteria cover it"
        )
    else:
        yield Finding(
            "department",
            "no local criteria in the policy cover department "
            + context.quoted(meeting.department),
        )


OC503 = Rule(
    code="OC503",
    name="no-local-criteria",
    severity=Severity.INFO,
    summary="Notes a video consultation in a department that the policy has no local criteria for.",
    rationale=(
        "Each hospital management must agree when its departments may use video "
        "consultations with outpatients; without criteria in the policy, the linter "
        "cannot check that they are followed."
    ),
    guideline_da=_LOCAL_CRITERIA_DA,
    guideline_en=_LOCAL_CRITERIA_EN,
    provenance=frozenset({Provenance.SEED}),
    sources=(_SEED_SOURCE,),
    fix=(
        "Add the department's agreed criteria to the policy (`criteria`), or set "
        "`department` on the record."
    ),
    example={
        "id": "vk-1",
        "kind": "video_consultation",
        "platform": "minsp",
        "department": "HGH-Medicin",
    },
    use_instead={
        "id": "vk-1",
        "kind": "video_consultation",
        "platform": "minsp",
        "department": "RH-Kardiologi",
    },
    reading=(
        "A record without a department matches no entry and is reported. Under the "
        "built-in policy, which has no criteria, every video consultation is."
    ),
    kinds=frozenset({Kind.VIDEO_CONSULTATION}),
    check=_no_local_criteria,
    example_criteria=_EXAMPLE_CRITERIA,
)


def _allowed(values: Iterable[Enum]) -> str:
    """List allowed enum values for a message: ``meet, minsp``."""
    return ", ".join(sorted(value.value for value in values)) or "nothing"


def _unmet(context: Context, entry: LocalCriteria) -> Iterator[str]:
    """Describe each constraint of ``entry`` that the meeting breaks (patients by id)."""
    meeting = context.meeting
    if entry.kinds is not None and meeting.kind is not None and meeting.kind not in entry.kinds:
        yield f"kind {meeting.kind.value} (allowed: {_allowed(entry.kinds)})"
    platform = meeting.platform
    if entry.platforms is not None and platform is not None and platform not in entry.platforms:
        yield f"platform {platform.value} (allowed: {_allowed(entry.platforms)})"
    if entry.identities is not None:
        for person in sorted(meeting.participants, key=lambda person: person.id):
            identity = person.identity
            if (
                person.role is Role.PATIENT
                and identity is not None
                and identity not in entry.identities
            ):
                yield (
                    f"{context.who(person)} with identity {identity.value} "
                    f"(allowed: {_allowed(entry.identities)})"
                )
    count = len(meeting.participants)
    if entry.max_participants is not None and count > entry.max_participants:
        yield f"{count} participants (allowed: at most {entry.max_participants})"


def _written_at(entry: LocalCriteria) -> str:
    """Say where a policy file holds ``entry``: `` (onlinecompliance.toml:12)``."""
    return "" if entry.origin is None else f" ({entry.origin})"


def _local_criteria_not_met(context: Context) -> Iterator[Finding]:
    meeting = context.meeting
    if meeting.kind is not Kind.VIDEO_CONSULTATION and not context.patient_present:
        return
    unmet = [
        f"policy criteria[{index}] for {entry.department!r}{_written_at(entry)} not met: "
        + "; ".join(problems)
        for index, entry in enumerate(context.settings.criteria)
        if entry.matches(meeting) and (problems := list(_unmet(context, entry)))
    ]
    if unmet:
        yield Finding("department", " and ".join(unmet))


OC504 = Rule(
    code="OC504",
    name="local-criteria-not-met",
    severity=Severity.ERROR,
    summary=(
        "Reports patient contact that breaks the local criteria the policy holds for the "
        "record's department."
    ),
    rationale=(
        "The local criteria are what the hospital management agreed for video contact "
        "with patients in the department; a meeting outside them has not been approved."
    ),
    guideline_da=_LOCAL_CRITERIA_DA,
    guideline_en=_LOCAL_CRITERIA_EN,
    provenance=frozenset({Provenance.SEED}),
    sources=(_SEED_SOURCE,),
    fix="Hold the meeting as the department's local criteria allow, or have the criteria changed.",
    example={
        "id": "vk-1",
        "kind": "video_consultation",
        "platform": "sms_video",
        "department": "RH-Kardiologi",
        "minsp_fallback": "patient_not_on_minsp",
        "participants": [_DOCTOR, {"id": "p2", "role": "patient", "identity": "mitid"}],
    },
    use_instead={
        "id": "vk-1",
        "kind": "video_consultation",
        "platform": "minsp",
        "department": "RH-Kardiologi",
        "participants": [_DOCTOR, {"id": "p2", "role": "patient", "identity": "mitid"}],
    },
    reading=(
        "The criteria concern video contact with patients, so the rule checks only "
        "patient contact: a video consultation, or any record with a patient or relative "
        "present. A department's internal meetings are not held to its patient criteria. "
        "Within that scope an entry's `kinds` lists the kinds of meeting the department "
        "may use with patients. Every entry whose department glob matches is checked. The "
        "identity criterion applies to participants with role patient whose identity is "
        "known; an unknown identity is not reported. `max_participants` counts every "
        "listed participant. One finding per record, at `department` (which selects the "
        "criteria), names each unmet criterion and its entry."
    ),
    check=_local_criteria_not_met,
    example_criteria=_EXAMPLE_CRITERIA,
)
