"""Teams meeting policies: the tenant's configuration, one record per policy (rules OC7xx).

Three tools write the same ``Get-CsTeamsMeetingPolicy`` objects, with the same
setting names, to JSON:

- ``Get-CsTeamsMeetingPolicy | ConvertTo-Json``: an array of policies, or one
  object when there is one policy;
- CISA ScubaGear: ``meeting_policies`` in ``ProviderSettingsExport.json``, and
  ``Raw.meeting_policies`` in ``ScubaResults_<id>.json``;
- Microsoft365DSC: ``New-M365DSCReportFromConfiguration -Type JSON`` turns an
  exported configuration into an array of resource instances, each with its
  ``ResourceName``; the ``TeamsMeetingPolicy`` ones have the cmdlet's setting
  names, keyed by the same ``Identity``.

A policy is one record: its ``Identity`` (``Global``, ``Tag:RH-Klinik``) is the
record id, its platform is Teams, and the seven settings the OC7xx rules read go
under ``tenant_policy``. A setting the export does not hold (left out, or
``null``) is not known, and so is an ``AutoAdmittedUsers`` value this reader does
not know (a newer one): no rule fires on it. A policy is never a meeting, so its
kind is left out, and the meeting facts whose absence some rules report
(:data:`CANNOT_TELL`) are listed as facts the source cannot tell. The policy's
``Description`` and the configuration's credentials and tenant names are never
read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from onlinecompliance.sources.items import RawRecord, SourceItem, UnreadableRecord

from .base import ExportFormat, Located, RecordBuilder

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    from .conventions import Conventions

__all__ = ["AUTO_ADMITTED_USERS", "CANNOT_TELL", "SETTINGS", "TEAMS_MEETING_POLICY"]

NAME = "teams-meeting-policy"
IDENTITY = "Identity"
"""The policy's name: ``Global``, or ``Tag:`` and the name it was given."""
PLATFORM_SOURCE = "Get-CsTeamsMeetingPolicy"
"""What ``platform`` is read from: every policy this cmdlet returns is a Teams policy."""
AUTO_ADMITTED = "AutoAdmittedUsers"

SETTINGS: Mapping[str, str] = {
    "AllowAnonymousUsersToJoinMeeting": "tenant_policy.allow_anonymous_users_to_join_meeting",
    AUTO_ADMITTED: "tenant_policy.auto_admitted_users",
    "AllowPSTNUsersToBypassLobby": "tenant_policy.allow_pstn_users_to_bypass_lobby",
    "AllowCloudRecording": "tenant_policy.allow_cloud_recording",
    "AllowTranscription": "tenant_policy.allow_transcription",
    "AllowAnonymousUsersToStartMeeting": "tenant_policy.allow_anonymous_users_to_start_meeting",
    "AllowExternalParticipantGiveRequestControl": (
        "tenant_policy.allow_external_participant_give_request_control"
    ),
}
"""The settings read, by their name in the cmdlet's output, and our path for each."""

AUTO_ADMITTED_USERS: Mapping[str, str] = {
    "Everyone": "everyone",
    "EveryoneInCompany": "everyone_in_company",
    "EveryoneInSameAndFederatedCompany": "everyone_in_same_and_federated_company",
    "EveryoneInCompanyExcludingGuests": "everyone_in_company_excluding_guests",
    "OrganizerOnly": "organizer_only",
    "InvitedUsers": "invited_users",
}
"""``AutoAdmittedUsers`` as ``Set-CsTeamsMeetingPolicy`` documents it, and our value."""
_AUTO_ADMITTED_FOLDED = {name.casefold(): ours for name, ours in AUTO_ADMITTED_USERS.items()}
"""PowerShell compares these names without case, and so do we."""

_BOOLEAN_WORDS = {"true": True, "$true": True, "false": False, "$false": False}
"""How PowerShell spells a boolean in text, should a tool write one as a string."""

CANNOT_TELL = ("minsp_fallback", "recording.basis", "room.booked_via")
"""Meeting facts a tenant policy never holds, whose absence OC102, OC204 and OC406 report."""

DSC_RESOURCE = "TeamsMeetingPolicy"
"""The Microsoft365DSC resource (``MSFT_TeamsMeetingPolicy``) of a meeting policy."""
_DSC_NAME = "ResourceName"
_DSC_INSTANCE = "ResourceInstanceName"
_DSC_ENSURE = "Ensure"
_SCUBA_RAW = "Raw"
_SCUBA_POLICIES = "meeting_policies"

_DISTINCTIVE = frozenset(
    {
        *SETTINGS,
        "AllowMeetNow",
        "AllowIPVideo",
        "AllowIPAudio",
        "ScreenSharingMode",
        "MeetingChatEnabledType",
        "AllowChannelMeetingScheduling",
        "AllowPrivateMeetingScheduling",
        "AllowOutlookAddIn",
        "AllowPowerPointSharing",
        "AllowWhiteboard",
        "DesignatedPresenterRoleMode",
        "MediaBitRateKb",
    }
)
"""Setting names only a Teams meeting policy has; content detection wants several."""
_ENOUGH = 3


def _auto_admitted_names() -> str:
    return ", ".join(AUTO_ADMITTED_USERS)


def _boolean(value: object) -> bool | None:
    """Read a boolean setting; ``None`` when it is not a boolean."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _BOOLEAN_WORDS.get(value.strip().casefold())
    return None


def _setting(field: str, value: object) -> tuple[object, str | None]:
    """Return our value of one setting (``None``: not known) and what is wrong with it, if anything.

    A value of the wrong type is an error: the export is not what it says. An
    ``AutoAdmittedUsers`` name this reader does not know is not an error but not
    known, since Microsoft adds values (``InvitedUsers`` came later).
    """
    if value is None:
        return None, None
    if field == AUTO_ADMITTED:
        if not isinstance(value, str):
            return None, f"{field}: expected a string such as {_auto_admitted_names()}"
        return _AUTO_ADMITTED_FOLDED.get(value.strip().casefold()), None
    flag = _boolean(value)
    if flag is None:
        return None, f"{field}: expected true or false"
    return flag, None


def _identity(policy: Mapping[str, object]) -> str | None:
    identity = policy.get(IDENTITY)
    if isinstance(identity, str) and identity.strip():
        return identity.strip()
    return None


def policy_record(line: int, policy: object) -> SourceItem:
    """Turn one decoded policy object into our record, or say why it cannot be read."""
    if not isinstance(policy, dict):
        return UnreadableRecord(
            line, "expected a Teams meeting policy: an object with Identity and its settings"
        )
    identity = _identity(policy)
    if identity is None:
        return UnreadableRecord(
            line,
            "expected Identity, the policy's name (Global or Tag:…), as a string",
            path=IDENTITY,
        )
    builder = RecordBuilder(NAME, cannot_tell=CANNOT_TELL)
    builder.set("id", identity, IDENTITY)
    builder.set("platform", "teams", PLATFORM_SOURCE)
    for field, path in SETTINGS.items():
        value, problem = _setting(field, policy.get(field))
        if problem is not None:
            return UnreadableRecord(line, problem, path=field, record=identity)
        builder.set(path, value, field)
    return RawRecord(line, builder.record())


def _is_policy(value: Mapping[str, object]) -> bool:
    return _identity(value) is not None and len(_DISTINCTIVE.intersection(value)) >= _ENOUGH


def _is_dsc_instance(value: Mapping[str, object]) -> bool:
    return _DSC_NAME in value and _DSC_INSTANCE in value


def _scuba_policies(value: Mapping[str, object]) -> list[object] | None:
    """Return the policies of ScubaGear's results arriving whole, or ``None`` if it is not that.

    ``ScubaResults_<id>.json`` holds them under ``Raw.meeting_policies``; the
    provider's own export holds them under ``meeting_policies``, which arrives
    element by element when it is an array, and whole otherwise.
    """
    raw = value.get(_SCUBA_RAW)
    holder = raw if isinstance(raw, dict) and _SCUBA_POLICIES in raw else value
    if _SCUBA_POLICIES not in holder or IDENTITY in holder:
        return None
    held = holder[_SCUBA_POLICIES]
    return held if isinstance(held, list) else [held]


def _policies(value: object) -> Iterator[object]:
    """Yield the policies one decoded value holds.

    A policy yields itself; ScubaGear's results arriving whole yield theirs; a
    Microsoft365DSC report's ``TeamsMeetingPolicy`` instance
    yields itself, and its other resources (the tenant's other settings) and
    instances that remove a policy (``Ensure`` ``Absent``) yield nothing.
    """
    if not isinstance(value, dict):
        yield value
        return
    held = _scuba_policies(value)
    if held is not None:
        yield from held
        return
    if _is_dsc_instance(value):
        resource = value.get(_DSC_NAME)
        absent = str(value.get(_DSC_ENSURE, "Present")).casefold() == "absent"
        ours = isinstance(resource, str) and resource.casefold() == DSC_RESOURCE.casefold()
        if ours and not absent:
            yield value
        return
    yield value


def read(values: Iterable[Located], conventions: Conventions) -> Iterator[Located]:
    """Read the policies of every value, in file order and line order.

    A value that arrives whole (ScubaGear's results, one policy) puts each of its
    policies at the line where the value starts. Site conventions are not needed:
    a policy names itself and is always Teams.
    """
    del conventions
    for located in values:
        item = located.item
        if isinstance(item, UnreadableRecord):
            yield located
            continue
        for policy in _policies(item.data):
            yield Located(located.file, policy_record(item.line, policy))


def recognises(value: object) -> bool:
    """Whether a decoded value is plainly a Teams meeting policy export.

    A policy has its ``Identity`` and several setting names only a Teams meeting
    policy has; ScubaGear's results hold such policies under
    ``Raw.meeting_policies``; a Microsoft365DSC report's instance says
    ``ResourceName`` ``TeamsMeetingPolicy``.
    """
    if not isinstance(value, dict):
        return False
    held = _scuba_policies(value)
    if held is not None:
        return bool(held) and isinstance(held[0], dict) and _is_policy(held[0])
    if _is_dsc_instance(value):
        resource = value.get(_DSC_NAME)
        return resource == DSC_RESOURCE and _identity(value) is not None
    return _is_policy(value)


TEAMS_MEETING_POLICY = ExportFormat(
    name=NAME,
    title="Teams meeting policies (Get-CsTeamsMeetingPolicy, ScubaGear, Microsoft365DSC)",
    recognises=recognises,
    read=read,
)
