"""Microsoft Graph: Teams call records, and online meetings with their attendance and chat.

Two formats read what Microsoft Graph returns for Teams (``microsoftgraph/
microsoft-graph-docs-contrib``, ``api-reference/v1.0``):

``graph-callrecord``
    a ``callRecord`` (``GET /communications/callRecords/{id}``, with or without
    ``$expand=sessions($expand=segments)`` or ``participants_v2``), one record each:
    who took part (by tenant), who organised it, and each participant's client
    from the sessions' user agents.
``graph-meeting``
    an ``onlineMeeting`` (``GET /me/onlineMeetings/{id}``) with its settings, joined
    with its attendance reports (nested under ``attendanceReports``, or a report
    whose ``@odata.context`` names the meeting) and its chat messages (``chatId``
    is the meeting's ``chatInfo.threadId``), one record each.

Names, e-mail addresses, user principal names, phone numbers and the meeting's
subject are read only to derive a fact and are never copied. The one text that
is carried is a chat message's ``body.content``, into ``chat[].text``, because the
scanner must check it; the outputs never print chat text.
"""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import attrs

from onlinecompliance.model import App, Browser, LobbyBypass, Organisation, Platform, Tenant
from onlinecompliance.sources.items import RawRecord, UnreadableRecord

from .base import ExportFormat, Located, RecordBuilder
from .clients import browser_of, client_of
from .conventions import local_time

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    from .conventions import Conventions

__all__ = ["GRAPH_CALLRECORD", "GRAPH_MEETING"]

CANNOT_TELL = ("minsp_fallback", "recording.basis", "room.booked_via")
"""The "not set" facts Graph never holds: Teams has no MinSP fallback reason, no
legal basis for a recording and no Meet room booking."""

_UTC = datetime.timezone.utc
_GUID = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
_MEETING_ID = re.compile(r"[A-Za-z0-9+/=_-]+|[0-9a-fA-F-]+_19:[\w.:-]+@thread\.\w+")
"""An ``onlineMeeting`` id: base64 (``MSpkYzE3…``) or ``{organizer object id}_{thread id}``,
neither of which can hold a name or an address."""
_REPORT_CONTEXT = re.compile(r"onlineMeetings\('([^']+)'\)/attendanceReports")
"""The meeting a report belongs to, as Graph's ``@odata.context`` of a report names it."""

_PERSON_KINDS = (
    "user",
    "onPremises",
    "guest",
    "phone",
    "acsUser",
    "azureCommunicationServicesUser",
    "spoolUser",
    "encrypted",
)
"""The identities of an identity set that are a person, in the order they are read.
``application``, ``applicationInstance`` and ``device`` are bots and devices, not people."""
_IDENTITY_TYPES = {
    "#microsoft.graph.communicationsGuestIdentity": "guest",
    "#microsoft.graph.communicationsPhoneIdentity": "phone",
    "#microsoft.graph.azureCommunicationServicesUserIdentity": "acsUser",
}
"""The kind of a single identity (``associatedIdentity``, an attendance record's
``identity``) by its ``@odata.type``; anything else is a Microsoft Entra user."""

LOBBY_SCOPES: Mapping[str, LobbyBypass | None] = {
    "organizer": LobbyBypass.ORGANISER,
    "invited": LobbyBypass.INVITED,
    "organizationExcludingGuests": LobbyBypass.ORGANISATION,
    "organization": LobbyBypass.ORGANISATION,
    "organizationAndFederated": None,
    "everyone": LobbyBypass.EVERYONE,
    "unknownFutureValue": None,
}
"""``lobbyBypassSettings.scope`` → ``teams.lobby_bypass``. ``organization`` admits the
tenant's own users and its (Microsoft Entra B2B) guests, which are accounts of the
tenant's directory: the organisation. ``organizationAndFederated`` also admits other,
trusted organisations' users: neither the organisation nor everyone, so not known."""
AUTO_ADMITTED: Mapping[str, LobbyBypass | None] = {
    "organizer": LobbyBypass.ORGANISER,
    "invitedusersincompany": LobbyBypass.INVITED,
    "everyoneincompany": LobbyBypass.ORGANISATION,
    "everyoneinsameandfederatedcompany": None,
    "everyone": LobbyBypass.EVERYONE,
}
"""The deprecated ``autoAdmittedUsers`` (still in Graph's examples, in either case),
read only when ``lobbyBypassSettings.scope`` is absent."""
_WEB_PLATFORMS = frozenset({"web"})
_DEVICE_PLATFORMS: Mapping[str, App] = {
    "roomSystem": App.VIDEO_ENDPOINT,
    "surfaceHub": App.VIDEO_ENDPOINT,
    "ipPhone": App.PHONE,
}
"""``clientUserAgent.platform`` values that are a device, whatever the software on it."""
_NO_EQUIVALENT_FAMILIES = frozenset({"skypeForBusiness", "lync", "azureCommunicationServices"})
"""``productFamily`` values that are no app of ours: the client is not known."""
_RECORDING_EVENT = "#microsoft.graph.callRecordingEventMessageDetail"
_TRANSCRIPT_EVENT = "#microsoft.graph.callTranscriptEventMessageDetail"
_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "blockquote"})


# ---------------------------------------------------------------------------
# Small readers of JSON values


def _text(value: object, key: str) -> str | None:
    """Return a member that is a non-empty string, or ``None``."""
    member = value.get(key) if isinstance(value, dict) else None
    return member if isinstance(member, str) and member else None


def _object(value: object, key: str) -> dict[str, object] | None:
    """Return a member that is an object, or ``None``."""
    member = value.get(key) if isinstance(value, dict) else None
    return member if isinstance(member, dict) else None


def _objects(value: object, key: str) -> list[tuple[int, dict[str, object]]]:
    """Return the objects of an array member with their indexes; other elements are skipped."""
    member = value.get(key) if isinstance(value, dict) else None
    if not isinstance(member, list):
        return []
    return [(index, item) for index, item in enumerate(member) if isinstance(item, dict)]


def _utc(text: str | None) -> str | None:
    """Return a Graph time (always UTC, ``Z``) as RFC 3339; ``None`` when unreadable."""
    return local_time(text, _UTC)


# ---------------------------------------------------------------------------
# Parties: the person behind an identity, for joining and for facts


@attrs.frozen
class _Party:
    """One person's identity: which kind of identity, its id (to join on) and tenant.

    The id is read to tell the same person apart in different parts of the export;
    it is never copied into a record.
    """

    kind: str
    key: str | None
    tenant: str | None
    field: str
    """The source field of the identity: ``participants_v2[1].identity.user``."""


def _party_of_set(identity_set: object, field: str) -> _Party | None:
    """Return the person an identity set names (the first person identity in it), or ``None``."""
    if not isinstance(identity_set, dict):
        return None
    for kind in _PERSON_KINDS:
        identity = _object(identity_set, kind)
        if identity is not None:
            return _Party(
                kind, _text(identity, "id"), _text(identity, "tenantId"), f"{field}.{kind}"
            )
    return None


def _party_of_identity(identity: object, field: str) -> _Party | None:
    """Return the person a single identity names, its kind by ``@odata.type``."""
    if not isinstance(identity, dict):
        return None
    kind = _IDENTITY_TYPES.get(_text(identity, "@odata.type") or "", "user")
    key = _text(identity, "id")
    if key is None and _text(identity, "tenantId") is None:
        return None
    return _Party(kind, key, _text(identity, "tenantId"), field)


class _People:
    """The participants of one record, one per person, in the order the source names them.

    A person named twice (organiser, participant, session endpoint, attendance
    record, chat sender) is one participant, matched by the identity's id. Facts
    are set once, from the first source that tells them.
    """

    def __init__(self, builder: RecordBuilder, conventions: Conventions) -> None:
        self._builder = builder
        self._conventions = conventions
        self._index: dict[tuple[str, str], int] = {}
        self._set: set[str] = set()
        self.count = 0

    def add(self, party: _Party | None) -> int | None:
        """Return the index of the party's participant, adding it if it is new."""
        if party is None:
            return None
        key = (party.kind, party.key) if party.key else None
        index = self._index.get(key) if key else None
        if index is None:
            index = self._builder.add_participant(party.field)
            self.count += 1
            if key:
                self._index[key] = index
        self._facts(index, party)
        return index

    def known(self, party: _Party | None) -> int | None:
        """Return the index of a party already added, without adding it."""
        if party is None or not party.key:
            return None
        return self._index.get((party.kind, party.key))

    def set(self, index: int, path: str, value: object, field: str) -> None:
        """Set a participant's fact once: the first source that tells it wins."""
        full = f"participants[{index}].{path}"
        if value is None or full in self._set:
            return
        self._set.add(full)
        self._builder.set(full, value, field)

    def _facts(self, index: int, party: _Party) -> None:
        """Set what the identity itself tells: organisation, identity, app."""
        if self._conventions.region_tenant(party.tenant):
            self.set(index, "organisation", Organisation.REGION.value, f"{party.field}.tenantId")
        if party.kind == "guest":
            # "A participant who joined the communication without authentication."
            self.set(index, "identity", "display_name", party.field)
        if party.kind == "phone":
            self.set(index, "client.app", App.PHONE.value, party.field)


def _set_tenant(builder: RecordBuilder, organiser: _Party | None, conventions: Conventions) -> None:
    """Set whose tenant organised the meeting: the region's, another, or not known."""
    regional = conventions.region_tenant(organiser.tenant if organiser else None)
    if organiser is None or regional is None:
        return
    tenant = Tenant.REGIONAL if regional else Tenant.EXTERNAL
    builder.set("teams.tenant", tenant.value, f"{organiser.field}.tenantId")


def _mark_organiser(people: _People, organiser: int | None, field: str) -> None:
    """Mark the organiser, and everyone else as not the organiser (a call has one)."""
    if organiser is None:
        return
    for index in range(people.count):
        people.set(index, "organiser", index == organiser, field)


# ---------------------------------------------------------------------------
# Clients, from a session endpoint's user agent


def _client(agent: dict[str, object]) -> tuple[App | None, Browser | None]:
    """Return the app and browser a ``clientUserAgent`` tells.

    ``platform: web`` is the browser client: the browser is read from
    ``headerValue``. A room system, Surface Hub or IP phone is a device. Otherwise
    ``productFamily: teams`` is the Teams app; Skype for Business, Lync and Azure
    Communication Services apps are no app of ours. Without a product family the
    header is read as any user agent.
    """
    platform = _text(agent, "platform")
    family = _text(agent, "productFamily")
    header = _text(agent, "headerValue")
    if platform in _WEB_PLATFORMS:
        return App.BROWSER, browser_of(header)
    device = _DEVICE_PLATFORMS.get(platform or "")
    if device is not None:
        return device, None
    if family == "teams":
        return App.TEAMS, None
    if family in _NO_EQUIVALENT_FAMILIES:
        return None, None
    return client_of(header)


def _is_service(agent: dict[str, object]) -> bool:
    """Whether a user agent is a service's (a conferencing server, a gateway, a bot)."""
    kind = _text(agent, "@odata.type") or ""
    return kind.endswith("serviceUserAgent") or "role" in agent


def _endpoint_party(endpoint: dict[str, object], field: str) -> _Party | None:
    """Return the person at a session endpoint: ``associatedIdentity`` or ``identity``."""
    associated = _party_of_identity(
        _object(endpoint, "associatedIdentity"), f"{field}.associatedIdentity"
    )
    return associated or _party_of_set(_object(endpoint, "identity"), f"{field}.identity")


def _read_sessions(record: dict[str, object], people: _People) -> None:
    """Add each session endpoint's person and set their client from its user agent.

    A person's first client in source order is kept. A service endpoint (the
    conference server in a group call) is no participant.
    """
    for number, session in _objects(record, "sessions"):
        for side in ("caller", "callee"):
            endpoint = _object(session, side)
            if endpoint is None:
                continue
            field = f"sessions[{number}].{side}"
            agent = _object(endpoint, "userAgent")
            if agent is not None and _is_service(agent):
                continue
            index = people.add(_endpoint_party(endpoint, field))
            if index is None or agent is None:
                continue
            app, browser = _client(agent)
            source = f"{field}.userAgent"
            platform = _text(agent, "platform") or ""
            told = (
                "platform" if platform in _WEB_PLATFORMS or platform in _DEVICE_PLATFORMS else None
            )
            app_field = f"{source}.{told or 'productFamily'}"
            people.set(index, "client.app", app and app.value, app_field)
            people.set(index, "client.browser", browser and browser.value, f"{source}.headerValue")


# ---------------------------------------------------------------------------
# graph-callrecord


def is_call_record(value: object) -> bool:
    """Whether a value is plainly a Graph ``callRecord``: id, type, modalities and times."""
    if not isinstance(value, dict):
        return False
    return (
        isinstance(value.get("id"), str)
        and isinstance(value.get("type"), str)
        and isinstance(value.get("modalities"), list)
        and "startDateTime" in value
        and ("version" in value or "lastModifiedDateTime" in value)
    )


def read_call_records(items: Iterable[Located], conventions: Conventions) -> Iterator[Located]:
    """Read call records, one record each, in the order they come."""
    for located in items:
        item = located.item
        if isinstance(item, UnreadableRecord):
            yield located
            continue
        yield Located(located.file, _call_record_item(item, conventions))


def _call_record_item(item: RawRecord, conventions: Conventions) -> RawRecord | UnreadableRecord:
    """Return the record of one call record, or why it cannot be read."""
    value = item.data
    if not is_call_record(value) or not isinstance(value, dict):
        return UnreadableRecord(
            item.line,
            "expected a Graph callRecord: an object with id, type, modalities and startDateTime",
        )
    if not _GUID.fullmatch(str(value["id"])):
        return UnreadableRecord(item.line, "expected the callRecord's id to be a GUID", path="id")
    return RawRecord(item.line, call_record(value, conventions).record())


def call_record(value: dict[str, object], conventions: Conventions) -> RecordBuilder:
    """Build the record of one call record (its builder, so a meeting can add to it)."""
    builder = RecordBuilder("graph-callrecord", CANNOT_TELL)
    builder.set("id", value["id"], "id")
    if _text(value, "joinWebUrl"):
        builder.set("platform", Platform.TEAMS.value, "joinWebUrl")
    elif _text(value, "type") in ("groupCall", "peerToPeer"):
        builder.set("platform", Platform.TEAMS.value, "type")
    builder.set("start", _utc(_text(value, "startDateTime")), "startDateTime")
    builder.set("end", _utc(_text(value, "endDateTime")), "endDateTime")
    people = _People(builder, conventions)
    organiser = _call_organiser(value)
    organiser_index = people.add(organiser)
    for number, participant in _objects(value, "participants_v2"):
        people.add(
            _party_of_set(_object(participant, "identity"), f"participants_v2[{number}].identity")
        )
    for number, identity_set in _objects(value, "participants"):
        people.add(_party_of_set(identity_set, f"participants[{number}]"))
    _read_sessions(value, people)
    _mark_organiser(people, organiser_index, organiser.field if organiser else "")
    _call_teams(builder, value, organiser, conventions)
    return builder


def _call_organiser(value: dict[str, object]) -> _Party | None:
    """Return the organiser: ``organizer_v2.identity``, or the deprecated ``organizer``."""
    return _party_of_set(
        _object(_object(value, "organizer_v2"), "identity"), "organizer_v2.identity"
    ) or _party_of_set(_object(value, "organizer"), "organizer")


def _call_teams(
    builder: RecordBuilder,
    value: dict[str, object],
    organiser: _Party | None,
    conventions: Conventions,
) -> None:
    """Set the Teams facts a call record tells: the organiser's tenant, anonymous joins."""
    _set_tenant(builder, organiser, conventions)
    guests = [
        f"participants_v2[{number}].identity.guest"
        for number, participant in _objects(value, "participants_v2")
        if _object(_object(participant, "identity"), "guest") is not None
    ] + [
        f"participants[{number}].guest"
        for number, identity_set in _objects(value, "participants")
        if _object(identity_set, "guest") is not None
    ]
    if guests:
        # A guest identity "joined the communication without authentication".
        builder.set("teams.anonymous_join", value=True, source_field=guests[0])


GRAPH_CALLRECORD = ExportFormat(
    name="graph-callrecord",
    title="Microsoft Graph callRecord (Teams call records)",
    recognises=is_call_record,
    read=read_call_records,
    settings=frozenset({"region-tenants"}),
)


# ---------------------------------------------------------------------------
# graph-meeting


def is_online_meeting(value: object) -> bool:
    """Whether a value is plainly an ``onlineMeeting``: id, join URL and two of its settings."""
    if not isinstance(value, dict) or "modalities" in value:
        return False
    settings = ("chatInfo", "lobbyBypassSettings", "joinMeetingIdSettings", "allowedPresenters")
    return (
        isinstance(value.get("id"), str)
        and isinstance(value.get("joinWebUrl"), str)
        and sum(key in value for key in settings) >= 2
    )


def is_chat_message(value: object) -> bool:
    """Whether a value is plainly a ``chatMessage``: type, chat, sender and body."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("messageType"), str)
        and "chatId" in value
        and "from" in value
        and isinstance(value.get("body"), dict)
    )


def is_attendance_report(value: object) -> bool:
    """Whether a value is plainly a ``meetingAttendanceReport``."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("id"), str)
        and "meetingStartDateTime" in value
        and ("totalParticipantCount" in value or "attendanceRecords" in value)
    )


def recognises_meeting(value: object) -> bool:
    """Whether a value is plainly part of a ``graph-meeting`` export."""
    return is_online_meeting(value) or is_chat_message(value) or is_attendance_report(value)


@attrs.frozen
class _Value:
    """A decoded value with its place, for joining and for putting output in order."""

    order: tuple[int, int]
    file: str
    line: int
    data: dict[str, object]


@attrs.define
class _Joined:
    """One meeting's values, joined from all the files given."""

    meeting: _Value
    reports: list[tuple[str, dict[str, object]]] = attrs.Factory(list)
    messages: list[_Value] = attrs.Factory(list)


def read_meetings(items: Iterable[Located], conventions: Conventions) -> Iterator[Located]:
    """Read online meetings with their attendance reports and chat messages, one record each.

    Every value of every file is read first, as the keys join across files; the
    records and unreadable values then come out in file order, then line order.
    """
    files: dict[str, int] = {}
    out: list[tuple[tuple[int, int], Located]] = []
    meetings: list[_Value] = []
    reports: list[_Value] = []
    messages: list[_Value] = []
    for located in items:
        order = (files.setdefault(located.file, len(files)), located.item.line)
        item = located.item
        if isinstance(item, UnreadableRecord):
            out.append((order, located))
        elif is_online_meeting(item.data) and isinstance(item.data, dict):
            meetings.append(_Value(order, located.file, item.line, item.data))
        elif is_attendance_report(item.data) and isinstance(item.data, dict):
            reports.append(_Value(order, located.file, item.line, item.data))
        elif is_chat_message(item.data) and isinstance(item.data, dict):
            messages.append(_Value(order, located.file, item.line, item.data))
        else:
            message = "expected a Graph onlineMeeting, meetingAttendanceReport or chatMessage"
            out.append((order, Located(located.file, UnreadableRecord(item.line, message))))
    joined, unjoined = _join(meetings, reports, messages)
    out.extend(unjoined)
    out.extend((meeting.meeting.order, _meeting_item(meeting, conventions)) for meeting in joined)
    out.sort(key=lambda pair: pair[0])
    for _, located in out:
        yield located


def _join(
    meetings: list[_Value], reports: list[_Value], messages: list[_Value]
) -> tuple[list[_Joined], list[tuple[tuple[int, int], Located]]]:
    """Join reports (by the meeting id in ``@odata.context``) and messages (by ``chatId``)."""
    joined = [_Joined(meeting) for meeting in meetings]
    by_id = {_text(item.meeting.data, "id"): item for item in joined}
    by_thread = {
        _text(_object(item.meeting.data, "chatInfo"), "threadId"): item
        for item in joined
        if _text(_object(item.meeting.data, "chatInfo"), "threadId")
    }
    for item in joined:
        for number, report in _objects(item.meeting.data, "attendanceReports"):
            item.reports.append((f"attendanceReports[{number}]", report))
    unjoined: list[tuple[tuple[int, int], Located]] = []
    for given in reports:
        match = _REPORT_CONTEXT.search(_text(given.data, "@odata.context") or "")
        owner = by_id.get(match[1]) if match else None
        if owner is None:
            message = (
                "expected a meetingAttendanceReport whose @odata.context names an onlineMeeting "
                "given in the input, or the report under the meeting's attendanceReports"
            )
            unjoined.append(
                (given.order, Located(given.file, UnreadableRecord(given.line, message)))
            )
        else:
            owner.reports.append(("attendanceReport", given.data))
    for chat in messages:
        owner = by_thread.get(_text(chat.data, "chatId"))
        if owner is None:
            message = (
                "expected a chatMessage whose chatId is the chatInfo.threadId "
                "of an onlineMeeting given in the input"
            )
            unjoined.append((chat.order, Located(chat.file, UnreadableRecord(chat.line, message))))
        else:
            owner.messages.append(chat)
    return joined, unjoined


def _meeting_item(joined: _Joined, conventions: Conventions) -> Located:
    """Return the record of one meeting, or why it cannot be read."""
    meeting = joined.meeting
    meeting_id = _text(meeting.data, "id") or ""
    if not _MEETING_ID.fullmatch(meeting_id):
        message = "expected the onlineMeeting's id to be a Graph meeting id"
        return Located(meeting.file, UnreadableRecord(meeting.line, message, path="id"))
    builder = online_meeting(joined, conventions)
    return Located(meeting.file, RawRecord(meeting.line, builder.record()))


def online_meeting(joined: _Joined, conventions: Conventions) -> RecordBuilder:
    """Build the record of one meeting with its reports and messages."""
    value = joined.meeting.data
    builder = RecordBuilder("graph-meeting", CANNOT_TELL)
    builder.set("id", value["id"], "id")
    kind = conventions.kind_of(_text(value, "subject"))
    builder.set("kind", kind and kind.value, "subject")
    builder.set("platform", Platform.TEAMS.value, "joinWebUrl")
    _meeting_times(builder, value, joined.reports)
    people = _People(builder, conventions)
    participants = _object(value, "participants")
    organiser = _party_of_set(
        _object(_object(participants, "organizer"), "identity"), "participants.organizer.identity"
    )
    organiser_index = people.add(organiser)
    if organiser_index is not None and organiser is not None:
        people.set(organiser_index, "organiser", value=True, field=organiser.field)
    for number, attendee in _objects(participants, "attendees"):
        index = people.add(
            _party_of_set(
                _object(attendee, "identity"), f"participants.attendees[{number}].identity"
            )
        )
        if index is not None and _text(attendee, "role") != "coorganizer":
            people.set(index, "organiser", value=False, field=f"participants.attendees[{number}]")
    _attendance(people, joined.reports)
    _meeting_teams(builder, value, organiser, conventions)
    _recording(builder, value, joined.messages)
    _chat(builder, people, joined.messages)
    return builder


def _meeting_times(
    builder: RecordBuilder,
    value: dict[str, object],
    reports: list[tuple[str, dict[str, object]]],
) -> None:
    """Start and end: the meeting's own, else the first attendance report's."""
    for ours, theirs, reported in (
        ("start", "startDateTime", "meetingStartDateTime"),
        ("end", "endDateTime", "meetingEndDateTime"),
    ):
        moment = _utc(_text(value, theirs))
        if moment is not None:
            builder.set(ours, moment, theirs)
            continue
        for field, report in reports:
            moment = _utc(_text(report, reported))
            if moment is not None:
                builder.set(ours, moment, f"{field}.{reported}")
                break


def _attendance(people: _People, reports: list[tuple[str, dict[str, object]]]) -> None:
    """Add the people of the attendance records; ``role: Organizer`` is the organiser.

    ``emailAddress`` and ``identity.displayName`` are never read.
    """
    for field, report in reports:
        for number, record in _objects(report, "attendanceRecords"):
            source = f"{field}.attendanceRecords[{number}]"
            index = people.add(
                _party_of_identity(_object(record, "identity"), f"{source}.identity")
            )
            role = _text(record, "role")
            if index is not None and role in ("Organizer", "Presenter", "Attendee"):
                people.set(index, "organiser", role == "Organizer", f"{source}.role")


def _meeting_teams(
    builder: RecordBuilder,
    value: dict[str, object],
    organiser: _Party | None,
    conventions: Conventions,
) -> None:
    """Tenant (the organiser's) and who bypasses the lobby."""
    _set_tenant(builder, organiser, conventions)
    scope = _text(_object(value, "lobbyBypassSettings"), "scope")
    if scope is not None:
        bypass = LOBBY_SCOPES.get(scope)
        builder.set("teams.lobby_bypass", bypass and bypass.value, "lobbyBypassSettings.scope")
        return
    admitted = _text(value, "autoAdmittedUsers")
    if admitted is not None:
        bypass = AUTO_ADMITTED.get(admitted.casefold())
        builder.set("teams.lobby_bypass", bypass and bypass.value, "autoAdmittedUsers")


def _recording(builder: RecordBuilder, value: dict[str, object], messages: list[_Value]) -> None:
    """Set recording: set to record automatically, or a recording or transcript event in chat.

    ``recordAutomatically: false`` does not say the meeting was not recorded (anyone
    allowed may start a recording), so only ``true`` is read.
    """
    if value.get("recordAutomatically") is True:
        builder.set("recording.video", value=True, source_field="recordAutomatically")
    for message in messages:
        detail = _object(message.data, "eventDetail")
        kind = _text(detail, "@odata.type")
        if kind == _RECORDING_EVENT and _text(detail, "callRecordingStatus") != "failure":
            builder.set(
                "recording.video", value=True, source_field="chatMessage.eventDetail.@odata.type"
            )
        elif kind == _TRANSCRIPT_EVENT:
            builder.set(
                "recording.transcript",
                value=True,
                source_field="chatMessage.eventDetail.@odata.type",
            )


def _chat(builder: RecordBuilder, people: _People, messages: list[_Value]) -> None:
    """Each user message with text, oldest first: its text, sender and time.

    System events, deleted messages and messages with no text are not chat.
    """
    position = 0
    for message in sorted(messages, key=_created):
        data = message.data
        if _text(data, "messageType") != "message" or _text(data, "deletedDateTime"):
            continue
        text = _body_text(_object(data, "body"))
        if not text:
            continue
        builder.set(f"chat[{position}].text", text, "chatMessage.body.content")
        sender = people.add(_party_of_set(_object(data, "from"), "chatMessage.from"))
        if sender is not None:
            builder.set(f"chat[{position}].sender", f"p{sender + 1}", "chatMessage.from")
        builder.set(
            f"chat[{position}].sent_at",
            _utc(_text(data, "createdDateTime")),
            "chatMessage.createdDateTime",
        )
        position += 1


def _created(message: _Value) -> tuple[bool, str]:
    """Order chat oldest first (Graph lists it newest first); an unreadable time goes last."""
    created = _utc(_text(message.data, "createdDateTime"))
    return created is None, created or ""


class _TextOfHtml(HTMLParser):
    """The text of an HTML chat body: tags dropped, entities read, blocks on their own lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _body_text(body: dict[str, object] | None) -> str | None:
    """Return a chat body's text: HTML (``contentType: html``) read as text."""
    content = _text(body, "content")
    if content is None:
        return None
    if (_text(body, "contentType") or "").casefold() != "html":
        return content.strip() or None
    parser = _TextOfHtml()
    parser.feed(content)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line) or None


GRAPH_MEETING = ExportFormat(
    name="graph-meeting",
    title="Microsoft Graph onlineMeeting, with its attendance reports and chat messages",
    recognises=recognises_meeting,
    read=read_meetings,
    settings=frozenset({"kinds", "region-tenants"}),
)
