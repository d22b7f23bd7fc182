"""MedCom's VDX Booking API: booked video meetings, read as meeting records.

The VDX Booking API (OpenAPI spec ``video-api-v2.yaml`` in the public repository
``KvalitetsIT/medcom-video-api``) keeps a booking in two objects with the same
``uuid``: the *meeting* (``GET /v2/meetings``: subject, organiser, times, labels,
``guestPinRequired``, the guests' ``shortLink``) and its *scheduling information*
(``GET /v2/scheduling-info``: the room's ``uriWithDomain``, the PINs and the
``portalLink``, with the meeting nested as ``meetingDetails``). The reader takes
either, or both from different files, and joins them by ``uuid``, as the meeting's
own ``_links.scheduling-info`` does.

What the API cannot tell stays out of the record: who joined (so no roles), which
channel booked the room (``room.booked_via``), why MinSP was not used, recording.
The platform is read from the host of the room's URI (a ``meet-hosts`` host is Meet;
a site names the domain of its SMS video template in ``platforms``), and the kind
from a label or the subject by the site's ``kinds`` globs. PINs, e-mail addresses,
subjects and the room's URI are read, never copied.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import attrs

from onlinecompliance.model import Platform
from onlinecompliance.sources.items import RawRecord, UnreadableRecord

from .base import ExportFormat, Located, RecordBuilder
from .conventions import local_time

if TYPE_CHECKING:
    from .conventions import Conventions

__all__ = ["CANNOT_TELL", "VDX_BOOKING", "is_uuid", "offset_time", "room_url", "url_origin"]

NAME = "vdx-booking"

CANNOT_TELL = ("minsp_fallback", "recording.basis", "room.booked_via")
"""The "not set" facts a booking never holds: no field says why MinSP was not used,
what legal basis a recording has, or through which channel (Bookingportal, CIMT
Service) the booking was made, so OC102, OC204 and OC406 stay quiet."""

_MEETING_FIELDS = frozenset({"uuid", "shortId", "organizedBy", "startTime", "endTime"})
"""Fields the spec requires of every meeting object; together, only a VDX meeting has them."""
_SCHEDULING_FIELDS = frozenset({"uuid", "uriWithDomain", "provisionStatus", "vmrAvailableBefore"})
"""Fields the spec requires of every scheduling-info object."""

_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_SPACED_OFFSET = re.compile(
    r"(?P<moment>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?)"
    r" ?(?P<hours>[+-]\d{2}):?(?P<minutes>\d{2})"
)
"""A time with a numeric offset, also as API v1 wrote it: ``2019-10-02T13:00:00 +0000``."""
_HAS_OFFSET = re.compile(r".*(?:[Zz]|[+-]\d{2}:\d{2})")
_TIME_EXPECTED = "expected a time with an offset (yyyy-MM-dd'T'HH:mm:ssXXX)"


def is_uuid(value: object) -> bool:
    """Whether a value is a UUID: an opaque id that cannot hold a name, safe as a record id."""
    return isinstance(value, str) and _UUID.fullmatch(value) is not None


def offset_time(text: str) -> str | None:
    """Return a time with an offset as RFC 3339, or ``None`` when it has none or is no time.

    A booked time without its offset would need a guess at the zone, so it is refused
    rather than read as UTC.
    """
    text = text.strip()
    spaced = _SPACED_OFFSET.fullmatch(text)
    if spaced is not None:
        text = f"{spaced['moment']}{spaced['hours']}:{spaced['minutes']}"
    if not _HAS_OFFSET.fullmatch(text):
        return None
    return local_time(text, datetime.timezone.utc)


def url_origin(url: str) -> str | None:
    """Return an http(s) URL's scheme and host only (``https://portal.vconf.dk/``).

    Portal and short links carry the room's URI and the guest PIN in their path or
    query; the rules on a room's URL read only its scheme (OC401) and host (OC402), so
    that is all a record keeps. ``None`` for anything that is not an http(s) URL.
    """
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not host:
        return None
    return f"{scheme}://{host}{f':{port}' if port else ''}/"


def room_url(link: str | None, conventions: Conventions) -> str | None:
    """Return the origin of the link guests join by, when it is at a Meet host; else ``None``.

    Bookings are joined through MedCom's portal (``portal.vconf.dk``): a join page, not
    the room's address. Kept as ``room.url``, it would make OC402 report every booking
    as a room on an unexpected host, a finding on what the source does not say. So the
    room's URL is known only when the link is at one of the site's ``meet-hosts``, and
    then as its scheme and host only (OC401 still sees an ``http`` link).
    """
    if not link or conventions.platform_of(link) is not Platform.MEET:
        return None
    return url_origin(link)


@attrs.frozen
class _Part:
    """One object of a booking (a meeting or a scheduling-info), and where it was read."""

    file: str
    line: int
    position: tuple[int, int]
    """File order, then line: the order records are yielded in."""
    fields: Mapping[str, object]
    prefix: str = ""
    """How the source names the object's fields: ``meetingDetails.`` when nested."""


@attrs.define
class _Booking:
    """The objects read for one ``uuid``: its meeting(s) and scheduling-info(s).

    The same object read twice (from ``/v2/meetings`` and as the ``meetingDetails`` of
    ``/v2/scheduling-info``) is one meeting; different meeting objects with one ``uuid``
    stay separate records, so the repeated id is reported, not hidden.
    """

    meetings: list[list[_Part]] = attrs.Factory(list)
    """Distinct meeting objects, each with every place it was read."""
    schedules: list[_Part] = attrs.Factory(list)
    """Distinct scheduling-info objects."""

    def add_meeting(self, part: _Part) -> None:
        """Add a meeting object, or another place of one already read."""
        for places in self.meetings:
            if places[0].fields == part.fields:
                places.append(part)
                return
        self.meetings.append([part])

    def add_schedule(self, part: _Part) -> None:
        """Add a scheduling-info object unless the same one was read already."""
        if all(known.fields != part.fields for known in self.schedules):
            self.schedules.append(part)

    def pairs(self) -> Iterator[tuple[_Part, _Part | None, _Part]]:
        """Yield each meeting, its scheduling-info, and the part read first (its location).

        A scheduling-info that no meeting claims is a pool room not yet booked: not a
        meeting, so it makes no record.
        """
        for index, places in enumerate(self.meetings):
            schedule = self.schedules[index] if index < len(self.schedules) else None
            found = [*places, *([schedule] if schedule is not None else [])]
            yield places[0], schedule, min(found, key=lambda part: part.position)


class _UnusableError(Exception):
    """A documented field holds a value of the wrong type: the booking cannot be read."""

    def __init__(self, part: _Part, field: str, expected: str, path: str) -> None:
        super().__init__(f"VDX Booking: {part.prefix}{field}: {expected}")
        self.part = part
        self.path = path


def recognises(value: object) -> bool:
    """Whether a value plainly is a VDX meeting or scheduling-info, by the spec's fields."""
    if not isinstance(value, dict):
        return False
    keys = value.keys()
    return keys >= _MEETING_FIELDS or keys >= _SCHEDULING_FIELDS


def read(items: Iterable[Located], conventions: Conventions) -> Iterator[Located]:
    """Read meetings and scheduling-infos, joined by ``uuid``, into records in file order."""
    out: list[tuple[tuple[int, int, int], Located]] = []
    files: dict[str, int] = {}
    bookings: dict[str, _Booking] = {}
    for sequence, located in enumerate(items):
        file_index = files.setdefault(located.file, len(files))
        item = located.item
        if isinstance(item, UnreadableRecord):
            out.append(((file_index, item.line, sequence), located))
            continue
        fields = item.data if isinstance(item.data, dict) else {}
        part = _Part(located.file, item.line, (file_index, item.line), fields)
        problem = _file_value(part, bookings)
        if problem is not None:
            out.append(((file_index, item.line, sequence), Located(part.file, problem)))
    sequence = len(out)
    for booking in bookings.values():
        for meeting, schedule, first in booking.pairs():
            position, located = _record(meeting, schedule, first, conventions)
            out.append(((*position, sequence), located))
            sequence += 1
    out.sort(key=lambda entry: entry[0])
    for _, located in out:
        yield located


def _file_value(part: _Part, bookings: dict[str, _Booking]) -> UnreadableRecord | None:
    """File one value under its ``uuid`` as a meeting, a scheduling-info, or both.

    A scheduling-info may nest its meeting as ``meetingDetails``; then both are filed
    under the meeting's ``uuid``. Anything else is a value this reader cannot use.
    """
    fields = part.fields
    is_schedule = bool({"uriWithDomain", "provisionStatus"} & fields.keys())
    is_meeting = not is_schedule and {"uuid", "startTime"} <= fields.keys()
    if not (is_meeting or is_schedule):
        return UnreadableRecord(
            part.line,
            "VDX Booking: expected a meeting (uuid, startTime …) or a scheduling-info "
            "(uuid, uriWithDomain, provisionStatus …) object",
        )
    meeting = part if is_meeting else None
    nested = fields.get("meetingDetails")
    if is_schedule and isinstance(nested, dict):
        meeting = attrs.evolve(part, fields=nested, prefix="meetingDetails.")
    elif nested is not None:
        return UnreadableRecord(part.line, "VDX Booking: meetingDetails: expected a meeting object")
    owner = meeting or part
    uuid = owner.fields.get("uuid")
    if not isinstance(uuid, str) or not is_uuid(uuid):
        message = f"VDX Booking: {owner.prefix}uuid: expected a UUID"
        return UnreadableRecord(part.line, message, path="id")
    booking = bookings.setdefault(uuid.lower(), _Booking())
    if meeting is not None:
        booking.add_meeting(meeting)
    if is_schedule:
        booking.add_schedule(part)
    return None


def _record(
    meeting: _Part, schedule: _Part | None, first: _Part, conventions: Conventions
) -> tuple[tuple[int, int], Located]:
    """Build the record of one booking where it was read first, or say which field is unusable.

    The problem is located at the object that holds the field, which may be in another file.
    """
    try:
        record = RawRecord(first.line, _build(meeting, schedule, conventions))
    except _UnusableError as problem:
        uuid = meeting.fields.get("uuid")
        message = UnreadableRecord(
            problem.part.line,
            str(problem),
            path=problem.path,
            record=uuid if isinstance(uuid, str) else None,
        )
        return problem.part.position, Located(problem.part.file, message)
    return first.position, Located(first.file, record)


def _build(meeting: _Part, schedule: _Part | None, conventions: Conventions) -> dict[str, object]:
    """Map one booking's fields onto our record (see ``docs/sources.md``)."""
    record = RecordBuilder(NAME, cannot_tell=CANNOT_TELL)
    record.set("id", meeting.fields["uuid"], f"{meeting.prefix}uuid")
    _times(record, meeting)
    _kind(record, meeting, conventions)
    if schedule is not None:
        platform = conventions.platform_of(_text(schedule, "uriWithDomain", "platform"))
        record.set("platform", platform.value if platform else None, "uriWithDomain")
    _room_url(record, meeting, schedule, conventions)
    _guest_pin(record, meeting, schedule)
    _organiser(record, meeting)
    return record.record()


def _times(record: RecordBuilder, meeting: _Part) -> None:
    """Set start and end, which the API writes with their offset."""
    for field, path in (("startTime", "start"), ("endTime", "end")):
        text = _text(meeting, field, path)
        if text is None:
            continue
        moment = offset_time(text)
        if moment is None:
            raise _UnusableError(meeting, field, _TIME_EXPECTED, path)
        record.set(path, moment, f"{meeting.prefix}{field}")


def _kind(record: RecordBuilder, meeting: _Part, conventions: Conventions) -> None:
    """Set the kind by the site's ``kinds`` globs: on each label in turn, then the subject.

    Labels are how a booking is tagged on purpose; the subject is free text, tried last.
    Neither is copied.
    """
    subject = _text(meeting, "subject", "kind")
    labels = meeting.fields.get("labels")
    if labels is not None:
        if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
            raise _UnusableError(meeting, "labels", "expected an array of strings", "kind")
        for index, label in enumerate(labels):
            kind = conventions.kind_of(label)
            if kind is not None:
                record.set("kind", kind.value, f"{meeting.prefix}labels[{index}]")
                return
    kind = conventions.kind_of(subject)
    record.set("kind", kind.value if kind else None, f"{meeting.prefix}subject")


def _room_url(
    record: RecordBuilder, meeting: _Part, schedule: _Part | None, conventions: Conventions
) -> None:
    """Set the room's URL, as the origin of the link guests join by.

    The scheduling-info's ``portalLink`` first (the same link an eHealth appointment
    calls its meeting URL), else the meeting's ``shortLink``. Only scheme and host are
    kept: the rest holds the room's URI and the guest PIN.
    """
    links = [(schedule, "portalLink")] if schedule is not None else []
    links += [(meeting, "shortLink"), (meeting, "shortlink")]
    for part, field in links:
        link = _text(part, field, "room.url")
        origin = room_url(link, conventions)
        if origin is not None:
            record.set("room.url", origin, f"{part.prefix}{field}")
            return


def _guest_pin(record: RecordBuilder, meeting: _Part, schedule: _Part | None) -> None:
    """Set whether the guest is asked for a PIN.

    ``guestPinRequired`` is the documented switch ("when true shortlink will ask for
    pin"). Without it, a scheduling-info whose ``guestPin`` is explicitly ``null`` has
    no guest PIN to ask for. A PIN that exists may still be filled in by the portal
    link, so on its own it does not say the guest is asked. PINs are never copied.
    """
    required = meeting.fields.get("guestPinRequired")
    if isinstance(required, bool):
        record.set("room.guest_pin", required, f"{meeting.prefix}guestPinRequired")
    elif required is not None:
        raise _UnusableError(
            meeting, "guestPinRequired", "expected true or false", "room.guest_pin"
        )
    elif (
        schedule is not None
        and "guestPin" in schedule.fields
        and schedule.fields["guestPin"] is None
    ):
        record.set("room.guest_pin", value=False, source_field="guestPin")


def _organiser(record: RecordBuilder, meeting: _Part) -> None:
    """Add the organiser as a participant: a fact the booking holds, with no role.

    ``organizedBy`` holds an e-mail address and an organisation id; neither is copied,
    and the organisation id names a VDX organisation that no documented field maps to
    ours, so the organisation stays not known.
    """
    organiser = meeting.fields.get("organizedBy")
    if isinstance(organiser, dict):
        index = record.add_participant(f"{meeting.prefix}organizedBy")
        record.set(f"participants[{index}].organiser", True, f"{meeting.prefix}organizedBy")  # noqa: FBT003
    elif organiser is not None:
        expected = "expected an object (organisationId, email)"
        raise _UnusableError(meeting, "organizedBy", expected, "participants")


def _text(part: _Part, field: str, path: str) -> str | None:
    """Return a documented string field, ``None`` when absent; another type is unusable."""
    value = part.fields.get(field)
    if value is None or isinstance(value, str):
        return value
    raise _UnusableError(part, field, "expected a string", path)


VDX_BOOKING = ExportFormat(
    name=NAME,
    title="MedCom VDX Booking API: meetings and their scheduling information",
    recognises=recognises,
    read=read,
    settings=frozenset({"kinds", "platforms"}),
)
