"""``--from pexip-history``: Pexip Infinity's participant and conference history.

The management node keeps ended conferences at ``/api/admin/history/v1/conference/``
and their participant calls at ``/api/admin/history/v1/participant/``. A file
holds what those resources return: API pages (``{"meta": …, "objects": […]}``),
a JSON array of entries, or one entry a line (JSON lines), of either resource or
both, and several files are read together. Participants are grouped into one
meeting by their ``conference`` (the URI of their conference history entry, or
that entry nested); a conference entry with the same id, from any of the files,
gives the meeting its name, service tag and times. A conference entry without
participants is a meeting without participant detail.

The record's id is the conference history entry's id, and the record is located
where that entry starts, or where its first participant starts when the entry
was not given. An entry read twice (overlapping pages) counts once. A conference
whose ``service_type`` is no meeting (a reception, a test call, a playback; by
the participants' service types when the conference entry was not given) gives
no record.

History times carry no offset. Pexip documents them as UTC, and so they are
read, unless the policy's ``[import.pexip-history]`` ``timezone`` says otherwise.
What the rest of a meeting can and cannot tell is in :mod:`.pexip`.
"""

from __future__ import annotations

import re
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

__all__ = ["PEXIP_HISTORY", "read_history", "recognises_history"]

NAME = "pexip-history"

_HISTORY_URI = re.compile(r"/history/v1/(participant|conference)/(?:([^/?#]+)/?)?")
"""The path of a history resource, and the entry's id when the path names one."""
_PARTICIPANT_FIELDS = frozenset({"conference", "conference_name", "local_alias", "remote_alias"})
_CONFERENCE_FIELDS = frozenset({"name", "participant_count", "service_type", "start_time"})

Key = tuple[int, int]
"""Where an entry is in the input: the item's position, and the entry's within it."""


class _Unjoinable(Exception):
    """A participant entry whose conference cannot be told."""


def recognises_history(value: object) -> bool:
    """Whether a decoded value is plainly history: a page of it, or an entry by its fields."""
    if isinstance(value, dict) and "meta" in value and isinstance(value.get("objects"), list):
        objects = value["objects"]
        return bool(objects) and _plainly_entry(objects[0])
    return _plainly_entry(value)


def _plainly_entry(value: object) -> bool:
    if not isinstance(value, dict):
        return False
    uri = value.get("resource_uri")
    if isinstance(uri, str) and _HISTORY_URI.search(uri):
        return True
    fields = value.keys()
    return fields >= _PARTICIPANT_FIELDS or fields >= _CONFERENCE_FIELDS


@attrs.frozen
class _Place:
    """Where an entry starts: its key, the file, the line, and its path in the decoded value."""

    key: Key
    file: str
    line: int
    path: str
    """``objects[2]`` for an entry of a page; empty for an entry on its own."""

    def at(self, field: str) -> str:
        return f"{self.path}.{field}" if self.path else field


@attrs.frozen
class _ConferenceEntry:
    id: str
    prefix: str
    """``conference.`` when the entry was nested in a participant's ``conference``."""
    name: str | None
    tag: str | None
    service: str | None
    start: Moment | None
    end: Moment | None


@attrs.frozen
class _ParticipantEntry:
    conference_id: str
    own_id: str | None
    """The entry's own id or URI, to count an entry read twice once."""
    conference_name: str | None
    service_tag: str | None
    service: str | None
    nested: _ConferenceEntry | None
    leg: Leg


@attrs.define
class _Meeting:
    """The entries of one conference, as they are found."""

    conference: tuple[_Place, _ConferenceEntry] | None = None
    nested: _ConferenceEntry | None = None
    participants: list[tuple[_Place, _ParticipantEntry]] = attrs.Factory(list)
    seen: set[str] = attrs.Factory(set)

    def place(self) -> _Place:
        """Where the record is located: its conference entry, else its first participant."""
        return self.conference[0] if self.conference is not None else self.participants[0][0]

    def is_meeting(self) -> bool:
        """Whether the conference was a meeting rather than a reception, test call or playback."""
        entry = self.conference[1] if self.conference is not None else self.nested
        services = (participant.service for _, participant in self.participants)
        return is_meeting(None if entry is None else entry.service, services)

    def joined(self, conference_id: str) -> Conference:
        entry = self.conference[1] if self.conference is not None else self.nested
        legs = tuple(participant.leg for _, participant in self.participants)
        names: list[Named] = []
        if entry is not None and entry.name is not None:
            names.append(Named(entry.name, f"{entry.prefix}name"))
        first_name = _first(participant.conference_name for _, participant in self.participants)
        if first_name is not None:
            names.append(Named(first_name, "conference_name"))
        if entry is not None and entry.tag is not None:
            names.append(Named(entry.tag, f"{entry.prefix}tag"))
        first_tag = _first(participant.service_tag for _, participant in self.participants)
        if first_tag is not None:
            names.append(Named(first_tag, "service_tag"))
        start = None if entry is None else entry.start
        end = None if entry is None else entry.end
        return Conference(
            id=Named(conference_id, "id" if self.conference is not None else "conference"),
            names=tuple(names),
            start=earliest(leg.start for leg in legs) if start is None else start,
            end=latest(leg.end for leg in legs) if end is None else end,
            legs=legs,
        )


def read_history(items: Iterable[Located], conventions: Conventions) -> Iterator[Located]:
    """Read participant and conference history entries into meeting records.

    Yields in input order of where each record is located; entries that cannot be
    read come out as unreadable records at their place.
    """
    zone = conventions.zone()
    meetings: dict[str, _Meeting] = {}
    unreadable: list[tuple[Key, Located]] = []
    for position, located in enumerate(items):
        item = located.item
        if isinstance(item, UnreadableRecord):
            unreadable.append(((position, 0), located))
            continue
        for index, (path, entry) in enumerate(_entries(item.data)):
            place = _Place((position, index), located.file, item.line, path)
            problem = _take(meetings, place, entry, zone)
            if problem is not None:
                unreadable.append((place.key, Located(located.file, problem)))
    results: list[tuple[Key, Located]] = list(unreadable)
    for conference_id, meeting in meetings.items():
        if not meeting.is_meeting():
            continue
        place = meeting.place()
        record = meeting_record(NAME, meeting.joined(conference_id), conventions)
        results.append((place.key, Located(place.file, RawRecord(place.line, record))))
    results.sort(key=lambda result: result[0])
    for _, result in results:
        yield result


def _entries(value: object) -> list[tuple[str, object]]:
    """Return the entries a decoded value holds, with their paths: a page's objects, or itself."""
    if isinstance(value, dict) and "objects" in value and "resource_uri" not in value:
        objects = value["objects"]
        if not isinstance(objects, list):
            return [("objects", objects)]
        return [(f"objects[{index}]", entry) for index, entry in enumerate(objects)]
    return [("", value)]


def _take(
    meetings: dict[str, _Meeting], place: _Place, entry: object, zone: datetime.tzinfo
) -> UnreadableRecord | None:
    """Add one entry to its meeting; return why it cannot be read, if it cannot."""
    if not isinstance(entry, dict):
        what = "a page's objects are" if place.path == "objects" else "a history entry is"
        return UnreadableRecord(place.line, f"Pexip history: {what} not JSON objects", place.path)
    uri = entry.get("resource_uri")
    if isinstance(uri, str) and "/status/v1/" in uri:
        message = "Pexip history: this is a live status entry, not history; export the history"
        return UnreadableRecord(place.line, message, place.path)
    if _is_participant(entry):
        return _take_participant(meetings, place, entry, zone)
    if _is_conference(entry):
        return _take_conference(meetings, place, entry, zone)
    message = "Pexip history: neither a participant nor a conference history entry"
    return UnreadableRecord(place.line, message, place.path)


def _take_participant(
    meetings: dict[str, _Meeting],
    place: _Place,
    entry: Mapping[str, object],
    zone: datetime.tzinfo,
) -> UnreadableRecord | None:
    what = "Pexip participant history entry"
    try:
        participant = _participant(entry, zone)
    except BadField as error:
        return UnreadableRecord(place.line, f"{what}: {error}", place.at(error.field))
    except _Unjoinable as error:
        return UnreadableRecord(place.line, f"{what}: {error}", place.at("conference"))
    meeting = meetings.setdefault(participant.conference_id, _Meeting())
    if participant.own_id is not None:
        if participant.own_id in meeting.seen:
            return None
        meeting.seen.add(participant.own_id)
    meeting.participants.append((place, participant))
    if meeting.nested is None:
        meeting.nested = participant.nested
    return None


def _take_conference(
    meetings: dict[str, _Meeting],
    place: _Place,
    entry: Mapping[str, object],
    zone: datetime.tzinfo,
) -> UnreadableRecord | None:
    what = "Pexip conference history entry"
    try:
        conference = _conference(entry, zone, "")
    except BadField as error:
        return UnreadableRecord(place.line, f"{what}: {error}", place.at(error.field))
    except _Unjoinable as error:
        return UnreadableRecord(place.line, f"{what}: {error}", place.at("id"))
    meeting = meetings.setdefault(conference.id, _Meeting())
    if meeting.conference is None:
        meeting.conference = (place, conference)
    return None


def _is_participant(entry: Mapping[str, object]) -> bool:
    uri = entry.get("resource_uri")
    if isinstance(uri, str) and (match := _HISTORY_URI.search(uri)) is not None:
        return match[1] == "participant"
    return "conference" in entry or "conference_name" in entry


def _is_conference(entry: Mapping[str, object]) -> bool:
    uri = entry.get("resource_uri")
    if isinstance(uri, str) and (match := _HISTORY_URI.search(uri)) is not None:
        return match[1] == "conference"
    return "participant_count" in entry or "participants" in entry or "name" in entry


def _participant(entry: Mapping[str, object], zone: datetime.tzinfo) -> _ParticipantEntry:
    reference = entry.get("conference")
    nested: _ConferenceEntry | None = None
    if isinstance(reference, dict):
        try:
            nested = _conference(reference, zone, "conference.")
        except BadField as error:
            raise BadField(f"conference.{error.field}", error.expected) from None
        except _Unjoinable:
            raise _Unjoinable("its nested 'conference' has no id, so it joins no meeting") from None
        conference_id = nested.id
    else:
        conference_id = _conference_reference(reference)
    streams = _stream_types(entry.get("media_streams"))
    leg = Leg(
        id_field="id",
        alias=_named(entry, "local_alias"),
        vendor=text(entry, "vendor"),
        address=text(entry, "remote_address"),
        streaming=flag(entry, "is_streaming") is True,
        media=flag(entry, "has_media"),
        streams=streams,
        start=moment(entry, "start_time", zone),
        end=moment(entry, "end_time", zone),
    )
    return _ParticipantEntry(
        conference_id=conference_id,
        own_id=_own_id(entry),
        conference_name=text(entry, "conference_name"),
        service_tag=text(entry, "service_tag"),
        service=text(entry, "service_type"),
        nested=nested,
        leg=leg,
    )


def _conference(
    entry: Mapping[str, object], zone: datetime.tzinfo, prefix: str
) -> _ConferenceEntry:
    conference_id = _own_id(entry, history="conference")
    if conference_id is None:
        raise _Unjoinable("it has no id ('id' or 'resource_uri')")
    start, end = moment(entry, "start_time", zone), moment(entry, "end_time", zone)
    return _ConferenceEntry(
        id=conference_id,
        prefix=prefix,
        name=text(entry, "name"),
        tag=text(entry, "tag"),
        service=text(entry, "service_type"),
        start=None if start is None else Moment(start.value, prefix + start.field),
        end=None if end is None else Moment(end.value, prefix + end.field),
    )


def _own_id(entry: Mapping[str, object], history: str = "") -> str | None:
    """Return an entry's id: its ``id``, else the id its ``resource_uri`` ends with.

    A conference's id (``history="conference"``) becomes the record's id, so it must
    be what Pexip's ids are, a number or a UUID: never a name.
    """
    value = entry.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value:
        if history and not OPAQUE_ID.fullmatch(value):
            raise BadField("id", "a number or a UUID")
        return value
    if value is not None and value != "":
        raise BadField("id", "text or a number")
    uri = entry.get("resource_uri")
    if isinstance(uri, str) and (match := _HISTORY_URI.search(uri)) is not None and match[2]:
        if history and match[1] != history:
            return None
        if history and not OPAQUE_ID.fullmatch(match[2]):
            raise BadField("resource_uri", "a history URI that ends in a number or a UUID")
        return match[2]
    return None


def _conference_reference(value: object) -> str:
    """Return the conference id a participant's ``conference`` names: a URI, or a bare id."""
    if value is None or value == "":
        raise _Unjoinable("it names no conference ('conference'), so it joins no meeting")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise BadField("conference", "a conference history URI or id")
    match = _HISTORY_URI.search(value)
    if match is not None and match[1] == "conference" and match[2]:
        value = match[2]
    if OPAQUE_ID.fullmatch(value):
        return value
    raise _Unjoinable("'conference' is not a conference history URI or id")


def _named(entry: Mapping[str, object], field: str) -> Named | None:
    value = text(entry, field)
    return None if value is None else Named(value, field)


def _stream_types(value: object) -> frozenset[str] | None:
    """Return the kinds of stream a participant's nested ``media_streams`` list, if it lists any."""
    if not isinstance(value, list):
        return None
    kinds = {
        stream["stream_type"]
        for stream in value
        if isinstance(stream, dict) and isinstance(stream.get("stream_type"), str)
    }
    return frozenset(kinds) if kinds else None


def _first(values: Iterable[str | None]) -> str | None:
    return next((value for value in values if value is not None), None)


PEXIP_HISTORY = ExportFormat(
    name=NAME,
    title=(
        "Pexip Infinity participant and conference history "
        "(management API pages, JSON arrays or JSON lines)"
    ),
    recognises=recognises_history,
    read=read_history,
    settings=frozenset({"kinds", "platforms", "virtual-desktop-networks", "timezone"}),
)
