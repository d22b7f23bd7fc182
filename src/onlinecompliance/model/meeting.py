"""The meeting record, version 1, as frozen attrs classes.

Each class mirrors one object of the record format (``record-format.md`` in the
project docs); each enumeration is an :class:`enum.Enum` whose values are the
strings the format allows. A field that is ``None`` means "not known".

Free text that can carry personal data (chat messages, invitation subject and
body, SMS text) is left out of ``repr()``: only its length shows. Identifiers
(ids, departments, senders, the room URL, waiver reasons) show as
:func:`onlinecompliance.scan.shown` prints them: masked where they may hold a
CPR number.
"""

from __future__ import annotations

import datetime
import enum

import attrs

from onlinecompliance.scan import shown

__all__ = [
    "NOT_SET_FACTS",
    "Advisory",
    "AdvisoryMode",
    "App",
    "AutoAdmittedUsers",
    "Browser",
    "ChatMessage",
    "Client",
    "DataCategory",
    "Destination",
    "FallbackReason",
    "Identity",
    "Imported",
    "Invitation",
    "Kind",
    "LobbyBypass",
    "Meeting",
    "Organisation",
    "Participant",
    "Platform",
    "Recording",
    "RecordingBasis",
    "Role",
    "Room",
    "RoomBooking",
    "RoomType",
    "Share",
    "ShareChannel",
    "Teams",
    "Tenant",
    "TenantPolicy",
    "Waiver",
]


def _redacted(text: str | None) -> str:
    """Show free text in ``repr()`` by its length only; it may hold personal data."""
    return "None" if text is None else f"<{len(text)} characters>"


def _identifier(value: str | None) -> str:
    """Show an identifier in ``repr()`` as every output prints it: masked if it may be personal."""
    return "None" if value is None else repr(shown(value))


class Kind(enum.Enum):
    """What sort of meeting or contact the record describes."""

    INTERNAL_MEETING = "internal_meeting"
    VIDEO_CONSULTATION = "video_consultation"
    PATIENT_CONFERENCE = "patient_conference"
    GROUP_SESSION = "group_session"
    INTERPRETING = "interpreting"
    LIVE_EVENT = "live_event"
    ADVISORY_72H = "advisory_72h"


class Platform(enum.Enum):
    """The solution the meeting ran on."""

    MINSP = "minsp"
    MEET = "meet"
    SMS_VIDEO = "sms_video"
    TEAMS = "teams"
    ZOOM = "zoom"
    PHONE = "phone"
    OTHER = "other"


class FallbackReason(enum.Enum):
    """Why MinSP, the region's primary solution, was not used."""

    PATIENT_NOT_ON_MINSP = "patient_not_on_minsp"
    NO_DIGITAL_ID = "no_digital_id"
    THIRD_PARTY_PARTICIPANTS = "third_party_participants"
    TECHNICAL_FAILURE = "technical_failure"
    OTHER = "other"


class RoomType(enum.Enum):
    """A Meet room with a permanent address, or one made for this meeting."""

    FIXED = "fixed"
    UNIQUE = "unique"


class RoomBooking(enum.Enum):
    """Where a Meet room was ordered."""

    BOOKINGPORTAL = "bookingportal"
    CIMT_SERVICE = "cimt_service"


class Tenant(enum.Enum):
    """Whose Microsoft 365 tenant organised a Teams meeting."""

    REGIONAL = "regional"
    EXTERNAL = "external"


class LobbyBypass(enum.Enum):
    """Who may skip a Teams meeting's lobby."""

    ORGANISER = "organiser"
    INVITED = "invited"
    ORGANISATION = "organisation"
    EVERYONE = "everyone"


class Role(enum.Enum):
    """What a participant is in the meeting."""

    DOCTOR = "doctor"
    HEALTH_STAFF = "health_staff"
    EXTERNAL_HEALTH_STAFF = "external_health_staff"
    PATIENT = "patient"
    RELATIVE = "relative"
    INTERPRETER = "interpreter"
    STAFF = "staff"
    GUEST = "guest"


class Organisation(enum.Enum):
    """Where a participant works (or ``unknown``)."""

    REGION = "region"
    MUNICIPALITY = "municipality"
    GENERAL_PRACTICE = "general_practice"
    ACUTE_LINE_1813 = "acute_line_1813"
    OTHER_REGION = "other_region"
    PRIVATE = "private"
    UNKNOWN = "unknown"


class App(enum.Enum):
    """The program a participant joined with."""

    BROWSER = "browser"
    PEXIP = "pexip"
    MINSP_APP = "minsp_app"
    TEAMS = "teams"
    PHONE = "phone"
    VIDEO_ENDPOINT = "video_endpoint"


class Browser(enum.Enum):
    """The browser a participant joined with, where the app is a browser."""

    CHROME = "chrome"
    EDGE = "edge"
    EDGE_LEGACY = "edge_legacy"
    SAFARI = "safari"
    FIREFOX = "firefox"
    OPERA = "opera"
    INTERNET_EXPLORER = "internet_explorer"
    OTHER = "other"


class AutoAdmittedUsers(enum.Enum):
    """Who a Teams meeting policy lets skip the lobby (``AutoAdmittedUsers``)."""

    EVERYONE = "everyone"
    EVERYONE_IN_COMPANY = "everyone_in_company"
    EVERYONE_IN_SAME_AND_FEDERATED_COMPANY = "everyone_in_same_and_federated_company"
    EVERYONE_IN_COMPANY_EXCLUDING_GUESTS = "everyone_in_company_excluding_guests"
    ORGANIZER_ONLY = "organizer_only"
    INVITED_USERS = "invited_users"


class Identity(enum.Enum):
    """How a participant's identity was established."""

    MITID = "mitid"
    NEMID = "nemid"
    VISUAL = "visual"
    DISPLAY_NAME = "display_name"
    NONE = "none"


class DataCategory(enum.Enum):
    """What kind of data a share carries; ``health`` and ``cpr`` are sensitive."""

    HEALTH = "health"
    CPR = "cpr"
    PERSONAL = "personal"
    NONE = "none"


class ShareChannel(enum.Enum):
    """Where in the meeting data travels."""

    AUDIO_VIDEO = "audio_video"
    CHAT = "chat"
    SCREEN = "screen"
    FILE = "file"
    RECORDING = "recording"
    INVITATION = "invitation"
    SMS_TEXT = "sms_text"
    NOTES = "notes"


class RecordingBasis(enum.Enum):
    """The legal basis documented for a recording."""

    CONSENT = "consent"
    NECESSITY = "necessity"


class Destination(enum.Enum):
    """Where a patient was discharged to (the 72-hour scheme)."""

    TEMPORARY_MUNICIPAL_BED = "temporary_municipal_bed"
    NURSING_HOME = "nursing_home"
    HOME_NURSING = "home_nursing"
    MUNICIPAL_RESIDENCE = "municipal_residence"
    OTHER = "other"


class AdvisoryMode(enum.Enum):
    """How an advisory contact took place."""

    PHONE = "phone"
    VIDEO = "video"


@attrs.frozen
class Room:
    """The virtual room a Meet or SMS video meeting used."""

    type: RoomType | None = None
    url: str | None = attrs.field(default=None, repr=_identifier)
    booked_via: RoomBooking | None = None
    guest_pin: bool | None = None


@attrs.frozen
class Teams:
    """Settings of a Microsoft Teams meeting."""

    tenant: Tenant | None = None
    lobby_bypass: LobbyBypass | None = None
    anonymous_join: bool | None = None
    desktop_licence: bool | None = None


@attrs.frozen
class Client:
    """The program and browser a participant joined with."""

    app: App | None = None
    browser: Browser | None = None
    virtual_workplace: bool | None = None


@attrs.frozen
class Participant:
    """One person in the meeting; ``id`` is unique within the record."""

    id: str = attrs.field(repr=_identifier)
    role: Role | None = None
    """What the participant is; required unless the record is imported."""
    organisation: Organisation | None = None
    organiser: bool | None = None
    client: Client | None = None
    identity: Identity | None = None
    minsp_active: bool | None = None
    in_person: bool | None = None


@attrs.frozen
class Share:
    """A declaration that the meeting carries data of a category on a channel."""

    category: DataCategory
    channel: ShareChannel


@attrs.frozen
class ChatMessage:
    """One chat message; its text is scanned for sensitive data and never shown."""

    text: str = attrs.field(repr=_redacted)
    sender: str | None = attrs.field(default=None, repr=_identifier)
    sent_at: datetime.datetime | None = None


@attrs.frozen
class Invitation:
    """The meeting invitation; subject and body are scanned and never shown."""

    subject: str | None = attrs.field(default=None, repr=_redacted)
    body: str | None = attrs.field(default=None, repr=_redacted)
    forwardable: bool | None = None


@attrs.frozen
class Recording:
    """What was recorded, and on what legal basis."""

    audio: bool | None = None
    video: bool | None = None
    transcript: bool | None = None
    basis: RecordingBasis | None = None

    @property
    def is_on(self) -> bool:
        """Whether anything at all was recorded."""
        return bool(self.audio or self.video or self.transcript)


@attrs.frozen
class Advisory:
    """An advisory contact under the 72-hour extended treatment responsibility."""

    discharged_at: datetime.datetime | None = None
    admitted_hours: float | None = None
    adult: bool | None = None
    somatic: bool | None = None
    destination: Destination | None = None
    caller: str | None = attrs.field(default=None, repr=_identifier)
    discharging_department: str | None = attrs.field(default=None, repr=_identifier)
    callee_department: str | None = attrs.field(default=None, repr=_identifier)
    mode: AdvisoryMode | None = None


@attrs.frozen
class Waiver:
    """An approved exception: findings of ``rule`` in this record are not reported."""

    rule: str
    """A rule code or name, such as ``OC102`` or ``minsp-fallback-undocumented``."""
    reason: str = attrs.field(repr=_identifier)
    approved_by: str | None = attrs.field(default=None, repr=_identifier)
    expires: datetime.date | None = None
    """Last day the waiver holds; ``None`` means it never expires."""


@attrs.frozen
class TenantPolicy:
    """A Teams meeting policy of the region's tenant (``Get-CsTeamsMeetingPolicy``).

    A record with this part describes configuration, not a meeting: the settings
    every Teams meeting under the policy starts with. Its id is the policy's
    ``Identity`` (``Global``, ``Tag:RH-Klinik``).
    """

    allow_anonymous_users_to_join_meeting: bool | None = None
    auto_admitted_users: AutoAdmittedUsers | None = None
    allow_pstn_users_to_bypass_lobby: bool | None = None
    allow_cloud_recording: bool | None = None
    allow_transcription: bool | None = None
    allow_anonymous_users_to_start_meeting: bool | None = None
    allow_external_participant_give_request_control: bool | None = None


NOT_SET_FACTS = frozenset({"minsp_fallback", "recording.basis", "room.booked_via"})
"""The facts whose absence is a finding (OC102, OC204, OC406): an export names those it
cannot hold in :attr:`Imported.cannot_tell`."""


@attrs.frozen
class Imported:
    """Where a record read from a real system's export came from.

    A record with this part may leave out what its source cannot tell: ``kind``,
    ``platform`` and participants' ``role``. Hand-written records stay strict.
    """

    format: str
    """The export format it was read from: ``pexip-history``."""
    fields: dict[str, str] = attrs.field(factory=dict, hash=False)
    """The source field each of our paths was read from: ``participants[1].client.browser``
    from ``vendor``."""
    cannot_tell: tuple[str, ...] = ()
    """The not-set facts (:data:`NOT_SET_FACTS`) the source cannot hold, so no rule
    reports them as missing."""

    def source_of(self, path: str) -> str | None:
        """Return the source field a path was read from.

        That of the nearest object above it when the path itself was not set (a
        finding at ``participants[1].client.browser`` when the source gave the whole
        client); else those of the values below it (a finding at ``recording`` names
        the fields ``recording.video`` and ``recording.transcript`` came from).
        """
        above = path
        while above:
            field = self.fields.get(above)
            if field is not None:
                return field
            above = above[: max(above.rfind("."), above.rfind("["), 0)]
        children = (f"{path}.", f"{path}[")
        below = {field for key, field in self.fields.items() if key.startswith(children)}
        return ", ".join(sorted(below)) or None


@attrs.frozen
class Meeting:
    """One online meeting, video consultation or advisory contact."""

    id: str = attrs.field(repr=_identifier)
    kind: Kind | None = None
    """What sort of meeting it is; required unless the record is imported or a tenant policy."""
    platform: Platform | None = None
    """The solution it ran on; required unless the record is imported."""
    platform_name: str | None = attrs.field(default=None, repr=_identifier)
    department: str | None = attrs.field(default=None, repr=_identifier)
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    minsp_fallback: FallbackReason | None = None
    visual_contact_needed: bool | None = None
    documented_in_sp: bool | None = None
    room: Room | None = None
    teams: Teams | None = None
    participants: tuple[Participant, ...] = ()
    shares: tuple[Share, ...] = ()
    chat: tuple[ChatMessage, ...] = ()
    invitation: Invitation | None = None
    sms_text: str | None = attrs.field(default=None, repr=_redacted)
    recording: Recording | None = None
    advisory: Advisory | None = None
    waivers: tuple[Waiver, ...] = ()
    tenant_policy: TenantPolicy | None = None
    imported: Imported | None = None
