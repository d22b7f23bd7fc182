"""OC3xx: Teams patient conferences.

The region's information security team approved Teams for patient conferences
between doctors and health staff, on conditions. A conference is a closed room
of the region's clinicians: others in it, clinicians from outside the region, or
settings that let people in unchecked all widen who hears about the patient.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from onlinecompliance.model import Kind, LobbyBypass, Organisation, Platform, Role, Severity, Tenant

from .base import GUIDELINE, Finding, Provenance, Rule
from .context import CLINICIAN_ROLES

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .context import Context

_CONFERENCE_KINDS = frozenset({Kind.PATIENT_CONFERENCE})
_TEAMS = frozenset({Platform.TEAMS})
TEAMS_APPROVAL_DA = (
    "Teams kan anvendes til patientkonferencer mellem læger/sundhedsfagligt personale, hvis "
    "følgende retningslinjer opfyldes."
)
TEAMS_APPROVAL_EN = (
    "Teams may be used for patient conferences between doctors/health staff if the "
    "following guidelines are met."
)
_CONFERENCE = {"id": "k-1", "kind": "patient_conference", "platform": "teams"}
_DOCTOR = {"id": "p1", "role": "doctor", "organisation": "region", "organiser": True}
_NON_CLINICIANS = frozenset({Role.INTERPRETER, Role.STAFF, Role.GUEST})


def _conference_participant_not_clinician(context: Context) -> Iterator[Finding]:
    for index, person in enumerate(context.meeting.participants):
        if person.role in _NON_CLINICIANS:
            yield Finding(
                f"participants[{index}].role",
                f"{context.who(person)} takes part in a Teams patient conference, which is for "
                "doctors and health staff",
            )


OC301 = Rule(
    code="OC301",
    name="conference-participant-not-clinician",
    severity=Severity.ERROR,
    summary="Reports an interpreter, staff member or guest in a Teams patient conference.",
    rationale=(
        "Teams is approved for patient conferences between doctors and health staff; "
        "anyone else in the conference hears about a patient without a clinical role."
    ),
    guideline_da=TEAMS_APPROVAL_DA,
    guideline_en=TEAMS_APPROVAL_EN,
    provenance=frozenset({Provenance.SEED}),
    sources=(GUIDELINE,),
    fix="Hold the conference among doctors and health staff only.",
    example={**_CONFERENCE, "participants": [_DOCTOR, {"id": "p2", "role": "guest"}]},
    use_instead={
        **_CONFERENCE,
        "participants": [_DOCTOR, {"id": "p2", "role": "health_staff", "organisation": "region"}],
    },
    reading=(
        "A patient or relative is reported by OC101, and external health staff by OC302, "
        "so neither is reported here."
    ),
    kinds=_CONFERENCE_KINDS,
    platforms=_TEAMS,
    check=_conference_participant_not_clinician,
    needs=("participants",),
)

_OUTSIDE_REGION = frozenset(Organisation) - {Organisation.REGION}


def _conference_external_clinician(context: Context) -> Iterator[Finding]:
    for index, person in enumerate(context.meeting.participants):
        if person.role is Role.EXTERNAL_HEALTH_STAFF:
            path = f"participants[{index}].role"
        elif person.role in CLINICIAN_ROLES and person.organisation in _OUTSIDE_REGION:
            path = f"participants[{index}].organisation"
        else:
            continue
        origin = f" of {person.organisation.value}" if person.organisation else ""
        yield Finding(
            path,
            f"{context.who(person)}{origin} is a clinician from outside the region in a Teams "
            "patient conference",
        )


OC302 = Rule(
    code="OC302",
    name="conference-external-clinician",
    severity=Severity.WARNING,
    summary="Reports a clinician from outside the region in a Teams patient conference.",
    rationale=(
        "The approval covers conferences between doctors and health staff, and does not "
        "say whether clinicians outside the region count; sharing patient data with them "
        "needs its own basis, so the organiser should confirm it."
    ),
    guideline_da=TEAMS_APPROVAL_DA,
    guideline_en=TEAMS_APPROVAL_EN,
    provenance=frozenset({Provenance.INFERRED}),
    sources=(GUIDELINE,),
    fix=(
        "Confirm that clinicians from outside the region may take part (and record a "
        "waiver), or hold the conference without them."
    ),
    example={
        **_CONFERENCE,
        "participants": [_DOCTOR, {"id": "p2", "role": "doctor", "organisation": "other_region"}],
    },
    use_instead={
        **_CONFERENCE,
        "participants": [_DOCTOR, {"id": "p2", "role": "doctor", "organisation": "region"}],
    },
    reading=(
        "Role external_health_staff is outside the region whatever its organisation. A "
        "doctor or health staff member fires with any organisation other than region, "
        "`unknown` included (the catalogue exempts `unknown` for OC603, not here); one "
        "whose organisation is left out is not reported."
    ),
    kinds=_CONFERENCE_KINDS,
    platforms=_TEAMS,
    check=_conference_external_clinician,
    needs=("participants",),
)


def _offending_settings(context: Context) -> Iterator[tuple[str, str]]:
    """Yield (path, description) for each setting that opens the conference."""
    teams = context.meeting.teams
    if teams is not None:
        if teams.tenant is Tenant.EXTERNAL:
            yield (
                "teams.tenant",
                "organised outside the region's tenant (teams.tenant external)",
            )
        if teams.lobby_bypass is LobbyBypass.EVERYONE:
            yield "teams.lobby_bypass", "everyone bypasses the lobby (teams.lobby_bypass everyone)"
        if teams.anonymous_join is True:
            yield "teams.anonymous_join", "anonymous users may join (teams.anonymous_join true)"
    invitation = context.meeting.invitation
    if invitation is not None and invitation.forwardable is True:
        yield (
            "invitation.forwardable",
            "the invitation may be forwarded (invitation.forwardable true)",
        )


def _conference_teams_settings(context: Context) -> Iterator[Finding]:
    settings = list(_offending_settings(context))
    if settings:
        yield Finding(
            settings[0][0],
            "a Teams patient conference has settings that open it beyond the invited clinicians: "
            + "; ".join(description for _, description in settings),
        )


OC303 = Rule(
    code="OC303",
    name="conference-teams-settings",
    severity=Severity.WARNING,
    summary=(
        "Reports a Teams patient conference organised outside the region's tenant, or "
        "with settings that let people in unchecked."
    ),
    rationale=(
        "A patient conference must stay among the clinicians invited. An external tenant "
        "puts the meeting under another organisation's control; a lobby everyone bypasses, "
        "anonymous joining or a forwardable invitation let anyone with the link in."
    ),
    guideline_da=TEAMS_APPROVAL_DA,
    guideline_en=TEAMS_APPROVAL_EN,
    provenance=frozenset({Provenance.INFERRED}),
    sources=(
        GUIDELINE,
        "Microsoft Learn: Teams meeting lobby settings",
        "Nordic health-sector guidance on Teams meetings",
    ),
    fix=(
        "Organise the conference in the region's tenant, keep everyone outside the region "
        "in the lobby, and turn off anonymous joining and forwarding."
    ),
    example={**_CONFERENCE, "teams": {"tenant": "regional", "lobby_bypass": "everyone"}},
    use_instead={**_CONFERENCE, "teams": {"tenant": "regional", "lobby_bypass": "organisation"}},
    reading=(
        "Each setting fires only on its explicit value; a setting left out is not known "
        "and not reported. One finding per record: its path is the first offending "
        "setting in the order tenant, lobby_bypass, anonymous_join, forwardable, and its "
        "message names every one."
    ),
    kinds=_CONFERENCE_KINDS,
    platforms=_TEAMS,
    check=_conference_teams_settings,
    needs=("teams", "invitation"),
)
