"""``graph-callrecord``: Microsoft Graph ``callRecord`` values (Teams), one record each.

A ``callRecord`` (``GET /communications/callRecords/{id}``, with or without
``$expand=sessions($expand=segments)`` or ``participants_v2``) tells who took part
(by tenant), who organised it, and each participant's client from the sessions'
user agents. People and tenants are read as ``graph.py`` reads them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from onlinecompliance.model import App, Browser, Platform
from onlinecompliance.sources.items import RawRecord, UnreadableRecord

from .base import ExportFormat, Located, RecordBuilder
from .clients import browser_of, client_of
from .graph import (
    CANNOT_TELL,
    Party,
    People,
    mark_organiser,
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

__all__ = ["GRAPH_CALLRECORD", "is_call_record"]

_GUID = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
_WEB_PLATFORMS = frozenset({"web"})
_DEVICE_PLATFORMS: Mapping[str, App] = {
    "roomSystem": App.VIDEO_ENDPOINT,
    "surfaceHub": App.VIDEO_ENDPOINT,
    "ipPhone": App.PHONE,
}
"""``clientUserAgent.platform`` values that are a device, whatever the software on it."""
_NO_EQUIVALENT_FAMILIES = frozenset({"skypeForBusiness", "lync", "azureCommunicationServices"})
"""``productFamily`` values that are no app of ours: the client is not known."""


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
    platform = text_at(agent, "platform")
    family = text_at(agent, "productFamily")
    header = text_at(agent, "headerValue")
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
    kind = text_at(agent, "@odata.type") or ""
    return kind.endswith("serviceUserAgent") or "role" in agent


def _endpoint_party(endpoint: dict[str, object], field: str) -> Party | None:
    """Return the person at a session endpoint: ``associatedIdentity`` or ``identity``."""
    associated = party_of_identity(
        object_at(endpoint, "associatedIdentity"), f"{field}.associatedIdentity"
    )
    return associated or party_of_set(object_at(endpoint, "identity"), f"{field}.identity")


def _read_sessions(record: dict[str, object], people: People) -> None:
    """Add each session endpoint's person and set their client from its user agent.

    A person's first client in source order is kept. A service endpoint (the
    conference server in a group call) is no participant.
    """
    for number, session in objects_at(record, "sessions"):
        for side in ("caller", "callee"):
            endpoint = object_at(session, side)
            if endpoint is None:
                continue
            field = f"sessions[{number}].{side}"
            agent = object_at(endpoint, "userAgent")
            if agent is not None and _is_service(agent):
                continue
            index = people.add(_endpoint_party(endpoint, field))
            if index is None or agent is None:
                continue
            app, browser = _client(agent)
            source = f"{field}.userAgent"
            platform = text_at(agent, "platform") or ""
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
    if text_at(value, "joinWebUrl"):
        builder.set("platform", Platform.TEAMS.value, "joinWebUrl")
    elif text_at(value, "type") in ("groupCall", "peerToPeer"):
        builder.set("platform", Platform.TEAMS.value, "type")
    builder.set("start", utc_time(text_at(value, "startDateTime")), "startDateTime")
    builder.set("end", utc_time(text_at(value, "endDateTime")), "endDateTime")
    people = People(builder, conventions)
    organiser = _call_organiser(value)
    organiser_index = people.add(organiser)
    for number, participant in objects_at(value, "participants_v2"):
        people.add(
            party_of_set(object_at(participant, "identity"), f"participants_v2[{number}].identity")
        )
    for number, identity_set in objects_at(value, "participants"):
        people.add(party_of_set(identity_set, f"participants[{number}]"))
    _read_sessions(value, people)
    mark_organiser(people, organiser_index, organiser.field if organiser else "")
    _call_teams(builder, value, organiser, conventions)
    return builder


def _call_organiser(value: dict[str, object]) -> Party | None:
    """Return the organiser: ``organizer_v2.identity``, or the deprecated ``organizer``."""
    return party_of_set(
        object_at(object_at(value, "organizer_v2"), "identity"), "organizer_v2.identity"
    ) or party_of_set(object_at(value, "organizer"), "organizer")


def _call_teams(
    builder: RecordBuilder,
    value: dict[str, object],
    organiser: Party | None,
    conventions: Conventions,
) -> None:
    """Set the Teams facts a call record tells: the organiser's tenant, anonymous joins."""
    set_tenant(builder, organiser, conventions)
    guests = [
        f"participants_v2[{number}].identity.guest"
        for number, participant in objects_at(value, "participants_v2")
        if object_at(object_at(participant, "identity"), "guest") is not None
    ] + [
        f"participants[{number}].guest"
        for number, identity_set in objects_at(value, "participants")
        if object_at(identity_set, "guest") is not None
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
