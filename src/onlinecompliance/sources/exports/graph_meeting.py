"""``graph-meeting``: Microsoft Graph ``onlineMeeting`` values (Teams), with attendance and chat.

An ``onlineMeeting`` (``GET /me/onlineMeetings/{id}``) with its settings, joined
with its attendance reports (nested under ``attendanceReports``, or a report whose
``@odata.context`` names the meeting) and its chat messages (``chatId`` is the
meeting's ``chatInfo.threadId``), one record each. The subject is read only to
derive the kind and is never copied. The one text that is carried is a chat
message's ``body.content``, into ``chat[].text``, because the scanner must check
it; the outputs never print chat text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import attrs

from onlinecompliance.model import LobbyBypass, Platform
from onlinecompliance.sources.items import RawRecord, UnreadableRecord

from .base import ExportFormat, Located, RecordBuilder
from .graph import (
    CANNOT_TELL,
    Party,
    People,
    object_at,
    objects_at,
    party_of_identity,
    party_of_set,
    set_tenant,
    text_at,
    utc_time,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    from .conventions import Conventions

__all__ = ["GRAPH_MEETING", "LOBBY_SCOPES", "recognises_meeting"]

_MEETING_ID = re.compile(r"[A-Za-z0-9+/=_-]+|[0-9a-fA-F-]+_19:[\w.:-]+@thread\.\w+")
"""An ``onlineMeeting`` id: base64 (``MSpkYzE3…``) or ``{organizer object id}_{thread id}``,
neither of which can hold a name or an address."""
_REPORT_CONTEXT = re.compile(r"onlineMeetings\('([^']+)'\)/attendanceReports")
"""The meeting a report belongs to, as Graph's ``@odata.context`` of a report names it."""
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
_RECORDING_EVENT = "#microsoft.graph.callRecordingEventMessageDetail"
_TRANSCRIPT_EVENT = "#microsoft.graph.callTranscriptEventMessageDetail"
_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "blockquote"})


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
    by_id = {text_at(item.meeting.data, "id"): item for item in joined}
    by_thread = {
        text_at(object_at(item.meeting.data, "chatInfo"), "threadId"): item
        for item in joined
        if text_at(object_at(item.meeting.data, "chatInfo"), "threadId")
    }
    for item in joined:
        for number, report in objects_at(item.meeting.data, "attendanceReports"):
            item.reports.append((f"attendanceReports[{number}]", report))
    unjoined: list[tuple[tuple[int, int], Located]] = []
    for given in reports:
        match = _REPORT_CONTEXT.search(text_at(given.data, "@odata.context") or "")
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
        owner = by_thread.get(text_at(chat.data, "chatId"))
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
    meeting_id = text_at(meeting.data, "id") or ""
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
    kind = conventions.kind_of(text_at(value, "subject"))
    builder.set("kind", kind and kind.value, "subject")
    builder.set("platform", Platform.TEAMS.value, "joinWebUrl")
    _meeting_times(builder, value, joined.reports)
    people = People(builder, conventions)
    participants = object_at(value, "participants")
    organiser = party_of_set(
        object_at(object_at(participants, "organizer"), "identity"),
        "participants.organizer.identity",
    )
    organiser_index = people.add(organiser)
    if organiser_index is not None and organiser is not None:
        people.set(organiser_index, "organiser", value=True, field=organiser.field)
    for number, attendee in objects_at(participants, "attendees"):
        index = people.add(
            party_of_set(
                object_at(attendee, "identity"), f"participants.attendees[{number}].identity"
            )
        )
        if index is not None and text_at(attendee, "role") != "coorganizer":
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
        moment = utc_time(text_at(value, theirs))
        if moment is not None:
            builder.set(ours, moment, theirs)
            continue
        for field, report in reports:
            moment = utc_time(text_at(report, reported))
            if moment is not None:
                builder.set(ours, moment, f"{field}.{reported}")
                break


def _attendance(people: People, reports: list[tuple[str, dict[str, object]]]) -> None:
    """Add the people of the attendance records; ``role: Organizer`` is the organiser.

    ``emailAddress`` and ``identity.displayName`` are never read.
    """
    for field, report in reports:
        for number, record in objects_at(report, "attendanceRecords"):
            source = f"{field}.attendanceRecords[{number}]"
            index = people.add(
                party_of_identity(object_at(record, "identity"), f"{source}.identity")
            )
            role = text_at(record, "role")
            if index is not None and role in ("Organizer", "Presenter", "Attendee"):
                people.set(index, "organiser", role == "Organizer", f"{source}.role")


def _meeting_teams(
    builder: RecordBuilder,
    value: dict[str, object],
    organiser: Party | None,
    conventions: Conventions,
) -> None:
    """Tenant (the organiser's) and who bypasses the lobby."""
    set_tenant(builder, organiser, conventions)
    scope = text_at(object_at(value, "lobbyBypassSettings"), "scope")
    if scope is not None:
        bypass = LOBBY_SCOPES.get(scope)
        builder.set("teams.lobby_bypass", bypass and bypass.value, "lobbyBypassSettings.scope")
        return
    admitted = text_at(value, "autoAdmittedUsers")
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
        detail = object_at(message.data, "eventDetail")
        kind = text_at(detail, "@odata.type")
        if kind == _RECORDING_EVENT and text_at(detail, "callRecordingStatus") != "failure":
            builder.set(
                "recording.video", value=True, source_field="chatMessage.eventDetail.@odata.type"
            )
        elif kind == _TRANSCRIPT_EVENT:
            builder.set(
                "recording.transcript",
                value=True,
                source_field="chatMessage.eventDetail.@odata.type",
            )


def _chat(builder: RecordBuilder, people: People, messages: list[_Value]) -> None:
    """Each user message with text, oldest first: its text, sender and time.

    System events, deleted messages and messages with no text are not chat.
    """
    position = 0
    for message in sorted(messages, key=_created):
        data = message.data
        if text_at(data, "messageType") != "message" or text_at(data, "deletedDateTime"):
            continue
        text = _body_text(object_at(data, "body"))
        if not text:
            continue
        builder.set(f"chat[{position}].text", text, "chatMessage.body.content")
        sender = people.add(party_of_set(object_at(data, "from"), "chatMessage.from"))
        if sender is not None:
            builder.set(f"chat[{position}].sender", f"p{sender + 1}", "chatMessage.from")
        builder.set(
            f"chat[{position}].sent_at",
            utc_time(text_at(data, "createdDateTime")),
            "chatMessage.createdDateTime",
        )
        position += 1


def _created(message: _Value) -> tuple[bool, str]:
    """Order chat oldest first (Graph lists it newest first); an unreadable time goes last."""
    created = utc_time(text_at(message.data, "createdDateTime"))
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
    content = text_at(body, "content")
    if content is None:
        return None
    if (text_at(body, "contentType") or "").casefold() != "html":
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
