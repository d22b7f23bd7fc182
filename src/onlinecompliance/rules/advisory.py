"""OC6xx: advice under the 72-hour extended treatment responsibility.

For 72 hours after discharging a frail adult somatic patient to municipal care,
the discharging department advises the health professionals of the
municipality, general practice and the 1813 acute line. Calls outside that
window, about patients the scheme does not cover, between the wrong parties or
over an unapproved video platform fall outside the agreement.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from onlinecompliance.model import (
    AdvisoryMode,
    Destination,
    Kind,
    Organisation,
    Platform,
    Role,
    Severity,
)

from .base import Finding, Provenance, Rule

if TYPE_CHECKING:
    from collections.abc import Iterator

    from onlinecompliance.model import Advisory

    from .context import Context

__all__ = ["OC601", "OC602", "OC603", "OC604"]

_WINDOW = dt.timedelta(hours=72)
_MIN_ADMITTED_HOURS = 24
_COVERED_DESTINATIONS = frozenset(
    {
        Destination.TEMPORARY_MUNICIPAL_BED,
        Destination.NURSING_HOME,
        Destination.HOME_NURSING,
        Destination.MUNICIPAL_RESIDENCE,
    }
)
_HEALTH_PROFESSIONALS = frozenset({Role.DOCTOR, Role.HEALTH_STAFF, Role.EXTERNAL_HEALTH_STAFF})
_CALLER_ORGANISATIONS = frozenset(
    {Organisation.MUNICIPALITY, Organisation.GENERAL_PRACTICE, Organisation.ACUTE_LINE_1813}
)
_VIDEO_PLATFORMS = frozenset({Platform.SMS_VIDEO, Platform.MEET})
_ADVISORY_KIND = frozenset({Kind.ADVISORY_72H})

_SEED_SOURCE = "Virtuelle møder for sundhedspersonale og patienter (Region Hovedstaden)"
_AGREEMENT_SOURCE = "regionh.dk: Udvidet behandlingsansvar 72 timer"
_SEED_72H_DA = (
    "72 timers reglen: Særligt skrøbelige patienter får ekstra sikkerhedsnet med aftale om "
    "udvidet behandlingsansvar 72 timer, som giver kommunerne mulighed for telefonisk "
    "rådgivning hos hospitalet i 72 timer efter en udskrivelse."
)
_SEED_72H_EN = (
    "The 72-hour rule: particularly frail patients get an extra safety net through the "
    "agreement on extended treatment responsibility for 72 hours, which gives the "
    "municipalities phone advice from the hospital for 72 hours after a discharge."
)
_CALLER = {"id": "p1", "role": "health_staff", "organisation": "municipality"}
_ADVISORY = {
    "discharged_at": "2026-11-18T14:00:00+01:00",
    "admitted_hours": 52,
    "adult": True,
    "somatic": True,
    "destination": "nursing_home",
    "caller": "p1",
    "discharging_department": "HGH-Medicin",
    "callee_department": "HGH-Medicin",
    "mode": "phone",
}
_CALL = {
    "id": "a-1",
    "kind": "advisory_72h",
    "platform": "phone",
    "start": "2026-11-20T09:00:00+01:00",
    "participants": [_CALLER],
    "advisory": _ADVISORY,
}


def _duration(delta: dt.timedelta) -> str:
    """Write a non-negative duration in whole seconds, rounded up: ``72 h 1 s``."""
    seconds = -(-delta // dt.timedelta(seconds=1))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [
        f"{value} {unit}"
        for value, unit in ((hours, "h"), (minutes, "min"), (seconds, "s"))
        if value
    ]
    return " ".join(parts)


def _advisory_outside_window(context: Context) -> Iterator[Finding]:
    start = context.meeting.start
    advisory = context.meeting.advisory
    if start is None or advisory is None or advisory.discharged_at is None:
        return
    since = start - advisory.discharged_at
    if since < dt.timedelta(0):
        yield Finding("start", f"the contact started {_duration(-since)} before the discharge")
    elif since > _WINDOW:
        yield Finding(
            "start",
            f"the contact started {_duration(since)} after the discharge, "
            "outside the 72 hours the scheme covers",
        )


OC601 = Rule(
    code="OC601",
    name="advisory-outside-window",
    severity=Severity.WARNING,
    summary="Reports a 72-hour advisory contact before the discharge or over 72 hours after it.",
    rationale=(
        "The discharging department's extended responsibility lasts 72 hours from the "
        "discharge; afterwards the patient's general practitioner is responsible again."
    ),
    guideline_da=_SEED_72H_DA,
    guideline_en=_SEED_72H_EN,
    provenance=frozenset({Provenance.SEED}),
    sources=(_SEED_SOURCE,),
    fix="Check `start` and `advisory.discharged_at`; after 72 hours, refer the caller to the GP.",
    example={**_CALL, "start": "2026-11-21T15:00:00+01:00"},
    use_instead=_CALL,
    reading=(
        "Times compare as instants, whatever their UTC offsets. Exactly 72 hours after the "
        "discharge is inside the window. A contact with `start` or "
        "`advisory.discharged_at` unknown is not reported."
    ),
    kinds=_ADVISORY_KIND,
    check=_advisory_outside_window,
    needs=("advisory",),
)


def _ineligibility(advisory: Advisory) -> Iterator[str]:
    """Describe each known fact that puts the patient outside the scheme."""
    if advisory.adult is False:
        yield "not an adult"
    if advisory.somatic is False:
        yield "not a somatic patient"
    hours = advisory.admitted_hours
    if hours is not None and hours < _MIN_ADMITTED_HOURS:
        yield f"admitted {hours:.15g} hours, under 24"
    destination = advisory.destination
    if destination is not None and destination not in _COVERED_DESTINATIONS:
        yield f"discharged to {destination.value}, not a covered municipal destination"


def _advisory_patient_not_eligible(context: Context) -> Iterator[Finding]:
    advisory = context.meeting.advisory
    if advisory is None:
        return
    reasons = list(_ineligibility(advisory))
    if reasons:
        yield Finding(
            "advisory",
            f"the patient is outside the 72-hour scheme: {'; '.join(reasons)}",
        )


OC602 = Rule(
    code="OC602",
    name="advisory-patient-not-eligible",
    severity=Severity.WARNING,
    summary="Reports a 72-hour advisory contact about a patient the scheme does not cover.",
    rationale=(
        "The scheme covers adults discharged from somatic wards after at least 24 hours "
        "to a temporary municipal bed, a nursing home, home nursing or a municipal "
        "residence; other patients follow the ordinary rules of responsibility."
    ),
    guideline_da=(
        "Behandlingsansvar 72 timer efter udskrivning af voksne til midlertidige kommunale "
        "døgnpladser, plejecentre, kommunal sygepleje i eget hjem og på kommunale bosteder "
        "- i somatikken."
    ),
    guideline_en=(
        "Treatment responsibility for 72 hours after the discharge of adults to temporary "
        "municipal beds, nursing homes, municipal home nursing and municipal residences, in "
        "somatic care."
    ),
    provenance=frozenset({Provenance.SEED, Provenance.PUBLIC}),
    sources=(_SEED_SOURCE, "sundhed.dk: 72 timers udvidet behandlingsansvar"),
    fix="Handle the call under the ordinary rules, or correct the record's `advisory` facts.",
    example={**_CALL, "advisory": {**_ADVISORY, "admitted_hours": 12}},
    use_instead=_CALL,
    reading=(
        "Unknown facts (left out) are not reported; only an explicit `false`, a known "
        "number of hours under 24, or the destination `other` counts. Exactly 24 hours "
        "is covered. One finding per record names every reason."
    ),
    kinds=_ADVISORY_KIND,
    check=_advisory_patient_not_eligible,
    needs=("advisory",),
)


def _wrong_caller(context: Context, advisory: Advisory) -> Iterator[Finding]:
    if advisory.caller is None:
        return
    caller = context.participants_by_id.get(advisory.caller)
    if caller is None:
        return
    organisation = caller.organisation
    if organisation is None or organisation is Organisation.UNKNOWN or caller.role is None:
        return
    if caller.role not in _HEALTH_PROFESSIONALS or organisation not in _CALLER_ORGANISATIONS:
        yield Finding(
            "advisory.caller",
            f"the caller {context.who(caller)} of organisation {organisation.value} is not a "
            "health professional of a municipality, general practice or the 1813 acute line",
        )


def _wrong_callee(context: Context, advisory: Advisory) -> Iterator[Finding]:
    callee = advisory.callee_department
    discharging = advisory.discharging_department
    if callee is not None and discharging is not None and callee != discharging:
        yield Finding(
            "advisory.callee_department",
            f"the call went to department {context.quoted(callee)}, not the discharging "
            f"department {context.quoted(discharging)}",
        )


def _advisory_wrong_parties(context: Context) -> Iterator[Finding]:
    advisory = context.meeting.advisory
    if advisory is not None:
        yield from _wrong_caller(context, advisory)
        yield from _wrong_callee(context, advisory)


OC603 = Rule(
    code="OC603",
    name="advisory-wrong-parties",
    severity=Severity.WARNING,
    summary=(
        "Reports a 72-hour advisory contact whose caller is not a municipal, general "
        "practice or 1813 health professional, or that went to another department than "
        "the discharging one."
    ),
    rationale=(
        "The agreement makes the discharging department answer the questions of health "
        "professionals in the municipality, general practice and the 1813 acute line; "
        "other callers and other departments are outside it."
    ),
    guideline_da=(
        "Den udskrivende hospitalsafdeling håndterer henvendelser fra sundhedsprofessionelle "
        "i kommunen, almen praksis og Akuttelefonen 1813 efter udskrivelsen."
    ),
    guideline_en=(
        "The discharging hospital department handles the calls from health professionals in "
        "the municipality, general practice and the 1813 acute line after the discharge."
    ),
    provenance=frozenset({Provenance.PUBLIC}),
    sources=(_AGREEMENT_SOURCE,),
    fix=(
        "Route the call to the discharging department; callers other than municipal, GP "
        "or 1813 health professionals use the ordinary channels."
    ),
    example={**_CALL, "participants": [{**_CALLER, "role": "staff"}]},
    use_instead=_CALL,
    reading=(
        "A caller whose organisation is unknown (left out or `unknown`) is not reported, "
        "whatever the role. Departments compare exactly, and only when both are set. One "
        "finding per failed part: the caller, the department."
    ),
    kinds=_ADVISORY_KIND,
    check=_advisory_wrong_parties,
    needs=("advisory",),
)


def _advisory_video_platform(context: Context) -> Iterator[Finding]:
    advisory = context.meeting.advisory
    if advisory is not None and advisory.mode is AdvisoryMode.VIDEO:
        yield Finding(
            "platform",
            f"a video advisory contact on {context.platform_name}, not SMS video or Meet",
        )


OC604 = Rule(
    code="OC604",
    name="advisory-video-platform",
    severity=Severity.ERROR,
    summary="Reports a video advisory contact (72-hour scheme) outside SMS video and Meet.",
    rationale=(
        "Video between the hospital and municipal staff runs on the regional video "
        "infrastructure (SMS video or Meet), which is approved for patient data across "
        "sectors."
    ),
    guideline_da=(
        "Det udvidede behandlingsansvar 72 timer understøttes digitalt af "
        "videokonsultationer via VDX-SMS."
    ),
    guideline_en=(
        "The 72-hour extended treatment responsibility is supported digitally by video "
        "consultations over VDX SMS video."
    ),
    provenance=frozenset({Provenance.PUBLIC}),
    sources=("MedCom: 72 timers udvidet behandlingsansvar",),
    fix="Hold video advisory contacts as SMS video meetings (or in a Meet room).",
    example={
        **_CALL,
        "platform": "teams",
        "advisory": {**_ADVISORY, "mode": "video"},
    },
    use_instead={
        **_CALL,
        "platform": "sms_video",
        "advisory": {**_ADVISORY, "mode": "video"},
    },
    reading="An unknown mode (`advisory.mode` left out) is not reported.",
    kinds=_ADVISORY_KIND,
    platforms=frozenset(Platform) - _VIDEO_PLATFORMS,
    check=_advisory_video_platform,
    needs=("advisory",),
)
