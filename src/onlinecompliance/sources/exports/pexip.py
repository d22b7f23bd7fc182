"""What Pexip Infinity tells about a meeting: shared by its history and its event sink.

Pexip Infinity runs the region's MinSP video, Meet and SMS video. Both of its
exports describe a conference and its participant calls ("legs"); this module
turns one conference and its legs into a record in our format, whichever export
they came from (:mod:`.pexip_history`, :mod:`.pexip_events`).

What a leg can tell, and what it cannot:

- the platform, by the alias the leg reached, through the site's conventions
  (:meth:`~.conventions.Conventions.platform_of`); when the legs' aliases name two
  different platforms, the platform is not known;
- the app and browser, by the user agent Pexip keeps in ``vendor``
  (:func:`~.clients.client_of`);
- a virtual desktop, by the leg's address, when the site gives the ranges;
- a recording: Pexip marks a leg that is "a streaming or recording device"
  (``is_streaming``). It does not tell a recorder from a live stream; either
  carries the meeting's sound and picture out of it to a service that can keep
  them, so such a leg sets ``recording.audio`` and ``recording.video`` (only the
  kinds of stream it carried, where the export lists them), and is no
  participant. A leg that Pexip says had no media recorded nothing. No
  streaming leg does not mean no recording (someone may record otherwise), so
  ``recording`` is then left out.
- never a role: Pexip's ``chair`` and ``guest`` are privileges in the
  conference, not clinician or patient. Nor an organisation or an identity.

The kind of meeting comes only from the site's ``kinds`` globs, on the
conference's name and then on its service tag. A Virtual Reception, a test call
or a media playback is no meeting (:data:`NOT_MEETINGS`) and gives no record.
Names, aliases, display names and addresses are read for these facts and never
copied; record ids are Pexip's own (:data:`OPAQUE_ID`).
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

import attrs

from .base import RecordBuilder
from .clients import client_of
from .conventions import local_time

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from onlinecompliance.model import Platform

    from .conventions import Conventions

__all__ = [
    "CANNOT_TELL",
    "NOT_MEETINGS",
    "OPAQUE_ID",
    "BadField",
    "Conference",
    "Leg",
    "Moment",
    "Named",
    "earliest",
    "flag",
    "is_meeting",
    "latest",
    "meeting_record",
    "moment",
    "text",
]

CANNOT_TELL = ("minsp_fallback", "recording.basis", "room.booked_via")
"""What Pexip never holds, though the guideline asks for it to be recorded: why
MinSP was not used, the basis of a recording, and how a Meet room was ordered."""


OPAQUE_ID = re.compile(r"\d+|[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
"""What Pexip's ids are, and all a record id may be: a number or a UUID, never a name."""

NOT_MEETINGS = frozenset({"two_stage_dialing", "test_call", "media_playback"})
"""Pexip services (``service_type``) that are no meeting: a Virtual Reception (callers
pass through it on their way to a meeting, where they are read again), the Test
Call Service and Media Playback."""


def is_meeting(service: str | None, leg_services: Iterable[str | None]) -> bool:
    """Whether a conference is a meeting, by its service type, else by its legs' ones."""
    if service is not None:
        return service not in NOT_MEETINGS
    known = [leg_service for leg_service in leg_services if leg_service is not None]
    return not known or not all(leg_service in NOT_MEETINGS for leg_service in known)


class BadField(Exception):
    """A source field that is there but not of its documented type."""

    def __init__(self, field: str, expected: str) -> None:
        super().__init__(f"'{field}' is not {expected}")
        self.field = field
        self.expected = expected


@attrs.frozen
class Named:
    """A value read from the source, with the source field it came from."""

    value: str
    field: str


@attrs.frozen
class Moment:
    """A time read from the source, with the source field it came from."""

    value: datetime.datetime
    field: str


@attrs.frozen
class Leg:
    """One participant call as Pexip recorded it, reduced to what a record can take."""

    id_field: str
    """The source field of the leg's own id (``id`` in history, ``uuid`` in the event sink)."""
    alias: Named | None = None
    """The alias of the conference the leg reached."""
    vendor: str | None = None
    address: str | None = None
    streaming: bool = False
    media: bool | None = None
    """Whether the leg carried media; ``None`` when the export does not say."""
    streams: frozenset[str] | None = None
    """The kinds of media stream the export lists for the leg (``audio``,
    ``video``, ``presentation``), or ``None`` when it lists none."""
    start: Moment | None = None
    end: Moment | None = None


@attrs.frozen
class Conference:
    """One conference instance with its legs, as read from one export."""

    id: Named
    names: tuple[Named, ...] = ()
    """What may tell the kind, first match wins: the conference's name, its service tag."""
    start: Moment | None = None
    end: Moment | None = None
    legs: tuple[Leg, ...] = ()


def text(entry: Mapping[str, object], field: str) -> str | None:
    """Return a text field, ``None`` when it is missing, null or empty."""
    value = entry.get(field)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadField(field, "text")
    return value


def flag(entry: Mapping[str, object], field: str) -> bool | None:
    """Return a boolean field, ``None`` when it is missing or null."""
    value = entry.get(field)
    if value is None or isinstance(value, bool):
        return value
    raise BadField(field, "true or false")


def moment(entry: Mapping[str, object], field: str, zone: datetime.tzinfo) -> Moment | None:
    """Return a time field: ISO 8601 text (without an offset, in ``zone``) or Unix time.

    History writes ``2015-04-02T09:36:53.712941`` (UTC, by Pexip's documentation);
    the event sink writes Unix time as a number, which is UTC whatever the zone.
    A missing, null or unreadable time is not known.
    """
    value = entry.get(field)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise BadField(field, "a time")
    if isinstance(value, int | float):
        try:
            when = datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
        return Moment(when, field)
    if not isinstance(value, str):
        raise BadField(field, "a time")
    written = local_time(value, zone)
    return None if written is None else Moment(datetime.datetime.fromisoformat(written), field)


def meeting_record(
    source: str, conference: Conference, conventions: Conventions
) -> dict[str, object]:
    """Return the record in our format for one conference and its legs."""
    record = RecordBuilder(source, CANNOT_TELL)
    record.set("id", conference.id.value, conference.id.field)
    for name in conference.names:
        kind = conventions.kind_of(name.value)
        if kind is not None:
            record.set("kind", kind.value, name.field)
            break
    platform = _platform(conference.legs, conventions)
    if platform is not None:
        record.set("platform", platform[0].value, platform[1])
    if conference.start is not None:
        record.set("start", conference.start.value.isoformat(), conference.start.field)
    if conference.end is not None:
        record.set("end", conference.end.value.isoformat(), conference.end.field)
    for leg in conference.legs:
        if not leg.streaming:
            _add_participant(record, leg, conventions)
    _add_recording(record, conference.legs)
    return record.record()


def _platform(legs: Iterable[Leg], conventions: Conventions) -> tuple[Platform, str] | None:
    """Return the one platform the legs' aliases reach, with its source field, or ``None``."""
    found: tuple[Platform, str] | None = None
    for leg in legs:
        if leg.alias is None:
            continue
        platform = conventions.platform_of(leg.alias.value)
        if platform is None:
            continue
        if found is None:
            found = (platform, leg.alias.field)
        elif found[0] is not platform:
            return None
    return found


def _add_recording(record: RecordBuilder, legs: Iterable[Leg]) -> None:
    """Set what the streaming or recording legs carried away; nothing when there were none."""
    recorded = [leg for leg in legs if leg.streaming and leg.media is not False]
    for stream in ("audio", "video"):
        if any(leg.streams is None or stream in leg.streams for leg in recorded):
            record.set(f"recording.{stream}", True, "is_streaming")  # noqa: FBT003


def _add_participant(record: RecordBuilder, leg: Leg, conventions: Conventions) -> None:
    index = record.add_participant(leg.id_field)
    app, browser = client_of(leg.vendor)
    client = f"participants[{index}].client"
    record.set(f"{client}.app", None if app is None else app.value, "vendor")
    record.set(f"{client}.browser", None if browser is None else browser.value, "vendor")
    desktop = conventions.on_virtual_desktop(leg.address)
    record.set(f"{client}.virtual_workplace", desktop, "remote_address")


def earliest(moments: Iterable[Moment | None]) -> Moment | None:
    """Return the earliest of the known moments, or ``None``."""
    known = [when for when in moments if when is not None]
    return min(known, key=lambda when: when.value) if known else None


def latest(moments: Iterable[Moment | None]) -> Moment | None:
    """Return the latest of the known moments, or ``None``."""
    known = [when for when in moments if when is not None]
    return max(known, key=lambda when: when.value) if known else None
