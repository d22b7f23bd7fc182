"""``--from pexip-events``: meetings assembled from Pexip Infinity's event sink.

Conferencing Nodes send one JSON message per event to an event sink
(``{"node": …, "seq": …, "version": …, "time": …, "event": …, "data": {…}}``);
a receiver that writes each message as a line gives a JSON lines file, read in
order (several files: in the order given). A bulk message (``eventsink_bulk``)
holds several events in ``data``.

A meeting is assembled per conference instance. The event sink has no id for a
conference: its events name it (``name`` in conference events, ``conference``
in participant events), and one conference is reported by every node that hosts
a participant. So a conference instance opens with the first event that names
it, gathers its participants' events by their ``uuid``, and closes when every
node that said ``conference_started`` has said ``conference_ended`` and every
participant that connected has disconnected; the next event with that name
opens a new instance. A participant's facts are the latest its events gave.

The record's id is the ``uuid`` of the instance's first participant, and it is
located at the line of the instance's first event. An instance with no
participant event gives no record: it has no id, no alias to tell a platform
by, and nobody to check; nor does a reception, a test call or a playback.
Times are Unix time (UTC); a time written as text without an offset is read in
the policy's ``timezone``. Events other than conference and participant events
(``eventsink_started``, media windows …) tell nothing about a meeting and are
passed over. What a meeting can and cannot tell is in :mod:`.pexip`.
"""

from __future__ import annotations

import collections
from typing import TYPE_CHECKING

import attrs

from onlinecompliance.sources.items import RawRecord, UnreadableRecord

from .base import ExportFormat, Located
from .pexip import (
    OPAQUE_ID,
    BadField,
    Conference,
    Leg,
    Moment,
    Named,
    earliest,
    flag,
    is_meeting,
    latest,
    meeting_record,
    moment,
    text,
)

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable, Iterator, Mapping

    from .conventions import Conventions

__all__ = ["PEXIP_EVENTS", "read_events", "recognises_events"]

NAME = "pexip-events"

_CONFERENCE_EVENTS = frozenset({"conference_started", "conference_updated", "conference_ended"})
_PARTICIPANT_EVENTS = frozenset(
    {"participant_connected", "participant_updated", "participant_disconnected"}
)
_MEDIA_STREAMS_EVENT = "participant_media_streams_destroyed"
_BULK_EVENT = "eventsink_bulk"
_ENVELOPE_FIELDS = frozenset({"node", "seq", "version", "time"})
_EVENT_PREFIXES = ("conference_", "participant_", "eventsink_")


def recognises_events(value: object) -> bool:
    """Whether a decoded value is plainly an event sink message, by its envelope."""
    if not isinstance(value, dict) or "data" not in value:
        return False
    event = value.get("event")
    return (
        isinstance(event, str)
        and event.startswith(_EVENT_PREFIXES)
        and bool(_ENVELOPE_FIELDS & value.keys())
    )


@attrs.frozen
class _Place:
    """Where an event is: the file, the line of its message, and its path in the message."""

    file: str
    line: int
    path: str
    """``data[3]`` for an event in a bulk message; empty for a message of its own."""

    def at(self, field: str) -> str:
        return f"{self.path}.{field}" if self.path else field


@attrs.frozen
class _ConferenceEvent:
    event: str
    node: str
    name: str
    tag: str | None
    service: str | None
    start: Moment | None
    end: Moment | None


@attrs.frozen
class _ParticipantEvent:
    event: str
    uuid: str
    conference: str | None
    direction: str | None
    destination_alias: str | None
    source_alias: str | None
    vendor: str | None
    address: str | None
    service_tag: str | None
    service: str | None
    streaming: bool | None
    media: bool | None
    streams: frozenset[str]
    start: Moment | None
    end: Moment | None


@attrs.frozen
class _StreamsEvent:
    uuid: str
    streams: frozenset[str]


@attrs.define
class _LegState:
    """What the events of one participant said so far; the latest value wins."""

    direction: str | None = None
    destination_alias: str | None = None
    source_alias: str | None = None
    vendor: str | None = None
    address: str | None = None
    service_tag: str | None = None
    service: str | None = None
    """The latest service type other than ``connecting`` (PIN entry, waiting)."""
    streaming: bool = False
    media: bool = False
    streams: set[str] = attrs.Factory(set)
    start: Moment | None = None
    end: Moment | None = None

    def update(self, event: _ParticipantEvent) -> None:
        for field in (
            "direction",
            "destination_alias",
            "source_alias",
            "vendor",
            "address",
            "service_tag",
            "start",
            "end",
        ):
            value = getattr(event, field)
            if value is not None:
                setattr(self, field, value)
        if event.service not in {None, "connecting"}:
            self.service = event.service
        self.streaming = self.streaming or event.streaming is True
        self.media = self.media or event.media is True or bool(event.streams)
        self.streams |= event.streams

    def leg(self) -> Leg:
        """Return the leg.

        Only a yes tells media: at connect time no leg has media yet, and a
        disconnect event can say ``has_media: false`` beside the media streams it lists.
        """
        if self.direction == "out":
            alias = None if self.source_alias is None else Named(self.source_alias, "source_alias")
        elif self.destination_alias is None:
            alias = None
        else:
            alias = Named(self.destination_alias, "destination_alias")
        return Leg(
            id_field="uuid",
            alias=alias,
            vendor=self.vendor,
            address=self.address,
            streaming=self.streaming,
            media=True if self.media else None,
            streams=frozenset(self.streams) if self.streams else None,
            start=self.start,
            end=self.end,
        )


@attrs.define
class _Instance:
    """One conference instance, open until every node and every participant has left."""

    place: _Place
    name: Named
    tag: Named | None = None
    service: str | None = None
    nodes: set[str] = attrs.Factory(set)
    connected: set[str] = attrs.Factory(set)
    legs: dict[str, _LegState] = attrs.Factory(dict)
    starts: list[Moment] = attrs.Factory(list)
    ends: list[Moment] = attrs.Factory(list)
    closed: bool = False

    def conference(self) -> Conference | None:
        """Return the conference, or ``None`` when nobody joined or it was no meeting."""
        if not self.legs or not is_meeting(self.service, (s.service for s in self.legs.values())):
            return None
        legs = [state.leg() for state in self.legs.values()]
        names = [self.name]
        if self.tag is not None:
            names.append(self.tag)
        service_tag = next((s.service_tag for s in self.legs.values() if s.service_tag), None)
        if service_tag is not None:
            names.append(Named(service_tag, "service_tag"))
        ends = [*self.ends, *(leg.end for leg in legs)]
        return Conference(
            id=Named(next(iter(self.legs)), "uuid"),
            names=tuple(names),
            start=earliest([*self.starts, *(leg.start for leg in legs)]),
            end=latest(ends) if self.closed else None,
            legs=tuple(legs),
        )


class _Assembler:
    """Conference instances, assembled as their events arrive and released in input order."""

    def __init__(self, conventions: Conventions) -> None:
        self.conventions = conventions
        self.zone = conventions.zone()
        self.open: dict[str, _Instance] = {}
        self.by_uuid: dict[str, _Instance] = {}
        self.written: set[str] = set()
        """Participants of instances already released: a late event of theirs is passed over."""
        self.pending: collections.deque[_Instance | Located] = collections.deque()

    def passthrough(self, located: Located) -> None:
        self.pending.append(located)

    def take(self, file: str, line: int, message: object) -> None:
        """Apply the events of one message; an event that cannot be read is passed on as such."""
        for place, event in _events(file, line, message):
            problem = self._apply(place, event)
            if problem is not None:
                self.pending.append(Located(file, problem))

    def released(self, *, finished: bool = False) -> Iterator[Located]:
        """Yield what is ready, in input order: everything when the input has ``finished``."""
        while self.pending:
            head = self.pending[0]
            if isinstance(head, _Instance) and not (head.closed or finished):
                return
            self.pending.popleft()
            if isinstance(head, Located):
                yield head
                continue
            self.written.update(head.legs)
            for uuid in head.legs:
                self.by_uuid.pop(uuid, None)
            conference = head.conference()
            if conference is not None:
                record = meeting_record(NAME, conference, self.conventions)
                yield Located(head.place.file, RawRecord(head.place.line, record))

    def _apply(self, place: _Place, event: object) -> UnreadableRecord | None:
        if not isinstance(event, dict):
            return UnreadableRecord(
                place.line, "Pexip event sink: an event is not a JSON object", place.path
            )
        name = event.get("event")
        if not isinstance(name, str):
            message = "Pexip event sink: the message has no event name ('event')"
            return UnreadableRecord(place.line, message, place.at("event"))
        if name not in _CONFERENCE_EVENTS | _PARTICIPANT_EVENTS | {_MEDIA_STREAMS_EVENT}:
            return None
        data = event.get("data")
        if not isinstance(data, dict):
            message = f"Pexip event sink: {name}: 'data' is not a JSON object"
            return UnreadableRecord(place.line, message, place.at("data"))
        try:
            if name in _CONFERENCE_EVENTS:
                self._conference(place, _conference_event(name, event, data, self.zone))
            elif name in _PARTICIPANT_EVENTS:
                self._participant(place, _participant_event(name, data, self.zone))
            else:
                self._streams(_streams_event(data))
        except BadField as error:
            message = f"Pexip event sink: {name}: {error}"
            field = error.field if error.field == "node" else f"data.{error.field}"
            return UnreadableRecord(place.line, message, place.at(field))
        return None

    def _instance(self, place: _Place, name: Named) -> _Instance:
        instance = self.open.get(name.value)
        if instance is None:
            instance = _Instance(place, name)
            self.open[name.value] = instance
            self.pending.append(instance)
        return instance

    def _conference(self, place: _Place, event: _ConferenceEvent) -> None:
        instance = self._instance(place, Named(event.name, "name"))
        instance.name = Named(event.name, "name")
        if event.tag is not None:
            instance.tag = Named(event.tag, "tag")
        if event.service is not None:
            instance.service = event.service
        if event.start is not None:
            instance.starts.append(event.start)
        if event.event == "conference_started":
            instance.nodes.add(event.node)
        elif event.event == "conference_ended":
            if event.end is not None:
                instance.ends.append(event.end)
            instance.nodes.discard(event.node)
            self._close_if_done(instance)

    def _participant(self, place: _Place, event: _ParticipantEvent) -> None:
        instance = self.by_uuid.get(event.uuid)
        if instance is None:
            if event.uuid in self.written:
                return
            if event.conference is None:
                raise BadField("conference", "given, so the event joins no conference")
            instance = self._instance(place, Named(event.conference, "conference"))
            self.by_uuid[event.uuid] = instance
        instance.legs.setdefault(event.uuid, _LegState()).update(event)
        if event.event == "participant_connected":
            instance.connected.add(event.uuid)
        elif event.event == "participant_disconnected":
            instance.connected.discard(event.uuid)
            self._close_if_done(instance)

    def _streams(self, event: _StreamsEvent) -> None:
        instance = self.by_uuid.get(event.uuid)
        if instance is not None and event.streams:
            state = instance.legs[event.uuid]
            state.media = True
            state.streams |= event.streams

    def _close_if_done(self, instance: _Instance) -> None:
        if instance.nodes or instance.connected or instance.closed:
            return
        instance.closed = True
        if self.open.get(instance.name.value) is instance:
            del self.open[instance.name.value]


def read_events(items: Iterable[Located], conventions: Conventions) -> Iterator[Located]:
    """Assemble meetings from event sink messages; yield them in the order they begin.

    Memory holds the conference instances still open and those that began
    before one of them, not the whole log.
    """
    assembler = _Assembler(conventions)
    for located in items:
        item = located.item
        if isinstance(item, UnreadableRecord):
            assembler.passthrough(located)
        else:
            assembler.take(located.file, item.line, item.data)
        yield from assembler.released()
    yield from assembler.released(finished=True)


def _events(file: str, line: int, message: object) -> list[tuple[_Place, object]]:
    """Return the events of a message, with their places: a bulk message's, or itself."""
    if isinstance(message, dict) and message.get("event") == _BULK_EVENT:
        inner = message.get("data")
        if isinstance(inner, list):
            return [
                (_Place(file, line, f"data[{index}]"), event) for index, event in enumerate(inner)
            ]
    return [(_Place(file, line, ""), message)]


def _conference_event(
    name: str, event: Mapping[str, object], data: Mapping[str, object], zone: datetime.tzinfo
) -> _ConferenceEvent:
    conference = text(data, "name")
    if conference is None:
        raise BadField("name", "given, so the event names no conference")
    node = event.get("node", "")
    if not isinstance(node, str):
        raise BadField("node", "text")
    return _ConferenceEvent(
        event=name,
        node=node,
        name=conference,
        tag=text(data, "tag"),
        service=text(data, "service_type"),
        start=moment(data, "start_time", zone),
        end=moment(data, "end_time", zone),
    )


def _participant_event(
    name: str, data: Mapping[str, object], zone: datetime.tzinfo
) -> _ParticipantEvent:
    uuid = _uuid(data)
    return _ParticipantEvent(
        event=name,
        uuid=uuid,
        conference=text(data, "conference"),
        direction=text(data, "call_direction"),
        destination_alias=text(data, "destination_alias"),
        source_alias=text(data, "source_alias"),
        vendor=text(data, "vendor"),
        address=text(data, "remote_address"),
        service_tag=text(data, "service_tag"),
        service=text(data, "service_type"),
        streaming=flag(data, "is_streaming"),
        media=flag(data, "has_media"),
        streams=_stream_types(data.get("media_streams")),
        start=moment(data, "connect_time", zone),
        end=moment(data, "end_time", zone),
    )


def _streams_event(data: Mapping[str, object]) -> _StreamsEvent:
    return _StreamsEvent(_uuid(data), _stream_types(data.get("media_streams")))


def _uuid(data: Mapping[str, object]) -> str:
    """Return a participant's ``uuid``; it may become the record's id, so only a UUID will do."""
    uuid = text(data, "uuid")
    if uuid is None:
        raise BadField("uuid", "given, so the event names no participant")
    if not OPAQUE_ID.fullmatch(uuid):
        raise BadField("uuid", "a UUID")
    return uuid


def _stream_types(value: object) -> frozenset[str]:
    """Return the kinds of stream an event's ``media_streams`` list."""
    if not isinstance(value, list):
        return frozenset()
    return frozenset(
        stream["stream_type"]
        for stream in value
        if isinstance(stream, dict) and isinstance(stream.get("stream_type"), str)
    )


PEXIP_EVENTS = ExportFormat(
    name=NAME,
    title="Pexip Infinity event sink messages (JSON lines, one message a line)",
    recognises=recognises_events,
    read=read_events,
    settings=frozenset({"kinds", "platforms", "virtual-desktop-networks", "timezone"}),
)
