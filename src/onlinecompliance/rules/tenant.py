"""OC7xx: Teams tenant configuration.

These rules read the region's Teams meeting policies (``Get-CsTeamsMeetingPolicy``,
as PowerShell, ScubaGear or Microsoft365DSC export it), not meetings: a record with
a ``tenant_policy`` part is one policy, named by its ``Identity``. The guideline
approves Teams for patient conferences only if its conditions are met, and the
list of conditions is lost; these rules follow OC203 and OC303 per meeting, and
the CISA SCuBA Teams baseline (MS.TEAMS 1.1-1.7), for the settings every meeting
under a policy starts with. A setting the export does not hold is not known and
fires nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from onlinecompliance.model import AutoAdmittedUsers, Platform, Severity

from .base import Finding, Provenance, Rule

if TYPE_CHECKING:
    from collections.abc import Iterator

    from onlinecompliance.model import TenantPolicy

    from .context import Context

_TEAMS = frozenset({Platform.TEAMS})
_APPROVAL_DA = (
    "Teams kan anvendes til patientkonferencer mellem læger/sundhedsfagligt personale, hvis "
    "følgende retningslinjer opfyldes."
)
_APPROVAL_EN = (
    "Teams may be used for patient conferences between doctors/health staff if the "
    "following guidelines are met."
)
_GUIDELINE = "Virtuelle møder for sundhedspersonale og patienter (Region Hovedstaden)"
_SCUBA = "CISA SCuBA Microsoft Teams baseline (baselines/teams.md)"
_POLICY_REFERENCE = "Microsoft Learn: Set-CsTeamsMeetingPolicy (Teams PowerShell)"
_READING = (
    "Fires only on the setting's explicit value in the policy; a setting the export "
    "does not hold is not known and not reported."
)


def _policy(**settings: object) -> dict[str, object]:
    """Return an example record: the policy ``Tag:RH-Klinik`` with ``settings``."""
    return {"id": "Tag:RH-Klinik", "platform": "teams", "tenant_policy": settings}


def _path(setting: str) -> str:
    return f"tenant_policy.{setting}"


def _policy_name(context: Context) -> str:
    """Name the policy in a message: ``policy 'Tag:RH-Klinik'``."""
    return f"Teams meeting policy {context.quoted(context.meeting.id)}"


def _settings(context: Context) -> TenantPolicy | None:
    return context.meeting.tenant_policy


def _tenant_anonymous_join(context: Context) -> Iterator[Finding]:
    settings = _settings(context)
    if settings is not None and settings.allow_anonymous_users_to_join_meeting is True:
        yield Finding(
            _path("allow_anonymous_users_to_join_meeting"),
            f"{_policy_name(context)} lets anonymous people join its users' meetings",
        )


OC701 = Rule(
    code="OC701",
    name="tenant-anonymous-join",
    severity=Severity.WARNING,
    summary="Reports a Teams meeting policy that lets anonymous people join meetings.",
    rationale=(
        "An anonymous participant has no identity anyone checked; every meeting organised "
        "under the policy, patient conferences included, can then be joined by whoever has "
        "the link. OC303 reports the same per meeting."
    ),
    guideline_da=_APPROVAL_DA,
    guideline_en=_APPROVAL_EN,
    provenance=frozenset({Provenance.INFERRED}),
    sources=(_GUIDELINE, _POLICY_REFERENCE, "Microsoft Learn: Teams meeting lobby settings"),
    fix=(
        "Set AllowAnonymousUsersToJoinMeeting to false "
        "(Set-CsTeamsMeetingPolicy -Identity <policy> -AllowAnonymousUsersToJoinMeeting $false), "
        "or assign the policy only to users who never hold patient conferences."
    ),
    example=_policy(allow_anonymous_users_to_join_meeting=True),
    use_instead=_policy(allow_anonymous_users_to_join_meeting=False),
    reading=_READING,
    platforms=_TEAMS,
    check=_tenant_anonymous_join,
)


def _tenant_lobby_bypass(context: Context) -> Iterator[Finding]:
    settings = _settings(context)
    if settings is None:
        return
    if settings.auto_admitted_users is AutoAdmittedUsers.EVERYONE:
        yield Finding(
            _path("auto_admitted_users"),
            f"{_policy_name(context)} lets everyone, anonymous people too, skip the lobby",
        )
    if settings.allow_pstn_users_to_bypass_lobby is True:
        yield Finding(
            _path("allow_pstn_users_to_bypass_lobby"),
            f"{_policy_name(context)} lets callers by telephone skip the lobby",
        )


OC702 = Rule(
    code="OC702",
    name="tenant-lobby-bypass",
    severity=Severity.WARNING,
    summary=(
        "Reports a Teams meeting policy that lets everyone, or callers by telephone, skip "
        "the lobby."
    ),
    rationale=(
        "The lobby is where the organiser sees who is joining before they hear anything. "
        "A policy that admits everyone, or telephone callers whose number says nothing "
        "of who they are, lets people from outside straight into the meeting. OC303 reports "
        "the same per meeting; SCuBA MS.TEAMS.1.3 and 1.5 ask the same of the tenant."
    ),
    guideline_da=_APPROVAL_DA,
    guideline_en=_APPROVAL_EN,
    provenance=frozenset({Provenance.INFERRED}),
    sources=(
        _GUIDELINE,
        (
            f"{_SCUBA}: MS.TEAMS.1.3 (anonymous users and dial-in callers SHOULD NOT be "
            "admitted automatically), MS.TEAMS.1.5 (dial-in users SHOULD NOT be enabled to "
            "bypass the lobby)"
        ),
        _POLICY_REFERENCE,
    ),
    fix=(
        "Set AutoAdmittedUsers to EveryoneInCompanyExcludingGuests, InvitedUsers or "
        "OrganizerOnly, and AllowPSTNUsersToBypassLobby to false."
    ),
    example=_policy(auto_admitted_users="everyone", allow_pstn_users_to_bypass_lobby=False),
    use_instead=_policy(
        auto_admitted_users="everyone_in_company_excluding_guests",
        allow_pstn_users_to_bypass_lobby=False,
    ),
    reading=(
        f"{_READING} One finding per offending setting, each at its own path: "
        "AutoAdmittedUsers Everyone, then AllowPSTNUsersToBypassLobby true. Only Everyone "
        "admits anonymous people; EveryoneInSameAndFederatedCompany admits people of "
        "federated organisations, which the catalogue does not name, so it is not reported."
    ),
    platforms=_TEAMS,
    check=_tenant_lobby_bypass,
)


def _tenant_recording_allowed(context: Context) -> Iterator[Finding]:
    settings = _settings(context)
    if settings is None:
        return
    if settings.allow_cloud_recording is True:
        yield Finding(
            _path("allow_cloud_recording"),
            f"{_policy_name(context)} lets its users record meetings in the cloud",
        )
    if settings.allow_transcription is True:
        yield Finding(
            _path("allow_transcription"),
            f"{_policy_name(context)} lets its users transcribe meetings",
        )


OC703 = Rule(
    code="OC703",
    name="tenant-recording-allowed",
    severity=Severity.WARNING,
    summary="Reports a Teams meeting policy that allows cloud recording or transcription.",
    rationale=(
        "Recording in Teams is not allowed (OC203 per meeting): a recording or a "
        "transcript of a meeting about a patient is a copy of health data kept outside "
        "the patient record. A policy that allows them leaves it to each organiser to "
        "remember; SCuBA MS.TEAMS.1.6 asks that recording be off."
    ),
    guideline_da=_APPROVAL_DA,
    guideline_en=_APPROVAL_EN,
    provenance=frozenset({Provenance.INFERRED}),
    sources=(
        _GUIDELINE,
        f"{_SCUBA}: MS.TEAMS.1.6 (meeting recording SHOULD be disabled)",
        _POLICY_REFERENCE,
    ),
    fix="Set AllowCloudRecording and AllowTranscription to false.",
    example=_policy(allow_cloud_recording=True, allow_transcription=False),
    use_instead=_policy(allow_cloud_recording=False, allow_transcription=False),
    reading=(
        f"{_READING} One finding per setting allowed, each at its own path: "
        "AllowCloudRecording, then AllowTranscription."
    ),
    platforms=_TEAMS,
    check=_tenant_recording_allowed,
)


def _tenant_anonymous_start(context: Context) -> Iterator[Finding]:
    settings = _settings(context)
    if settings is not None and settings.allow_anonymous_users_to_start_meeting is True:
        yield Finding(
            _path("allow_anonymous_users_to_start_meeting"),
            f"{_policy_name(context)} lets anonymous people start its users' meetings",
        )


OC704 = Rule(
    code="OC704",
    name="tenant-anonymous-start",
    severity=Severity.WARNING,
    summary="Reports a Teams meeting policy that lets anonymous people start meetings.",
    rationale=(
        "A meeting an anonymous person can start runs before anyone of the region is in "
        "it to see who joins; SCuBA makes this a SHALL (MS.TEAMS.1.2)."
    ),
    guideline_da=_APPROVAL_DA,
    guideline_en=_APPROVAL_EN,
    provenance=frozenset({Provenance.INFERRED}),
    sources=(
        _GUIDELINE,
        f"{_SCUBA}: MS.TEAMS.1.2 (anonymous users SHALL NOT be enabled to start meetings)",
        _POLICY_REFERENCE,
    ),
    fix="Set AllowAnonymousUsersToStartMeeting to false.",
    example=_policy(allow_anonymous_users_to_start_meeting=True),
    use_instead=_policy(allow_anonymous_users_to_start_meeting=False),
    reading=_READING,
    platforms=_TEAMS,
    check=_tenant_anonymous_start,
)


def _tenant_external_control(context: Context) -> Iterator[Finding]:
    settings = _settings(context)
    if settings is not None and settings.allow_external_participant_give_request_control is True:
        yield Finding(
            _path("allow_external_participant_give_request_control"),
            f"{_policy_name(context)} lets participants from outside give or take control "
            "of a shared screen",
        )


OC705 = Rule(
    code="OC705",
    name="tenant-external-control",
    severity=Severity.WARNING,
    summary=(
        "Reports a Teams meeting policy that lets participants from outside control a shared "
        "screen."
    ),
    rationale=(
        "A clinician's shared screen may show a patient's record; a participant from "
        "outside the region who takes control of it can open more of it, or act in the "
        "region's systems. SCuBA MS.TEAMS.1.1 asks that this be off."
    ),
    guideline_da=_APPROVAL_DA,
    guideline_en=_APPROVAL_EN,
    provenance=frozenset({Provenance.INFERRED}),
    sources=(
        _GUIDELINE,
        (
            f"{_SCUBA}: MS.TEAMS.1.1 (external meeting participants SHOULD NOT be enabled to "
            "request control of shared desktops or windows)"
        ),
        _POLICY_REFERENCE,
    ),
    fix="Set AllowExternalParticipantGiveRequestControl to false.",
    example=_policy(allow_external_participant_give_request_control=True),
    use_instead=_policy(allow_external_participant_give_request_control=False),
    reading=_READING,
    platforms=_TEAMS,
    check=_tenant_external_control,
)
