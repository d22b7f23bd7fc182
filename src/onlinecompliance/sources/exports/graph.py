"""Microsoft Graph, what its two Teams formats share: values, identities and people.

``graph_callrecord.py`` reads ``callRecord`` values, ``graph_meeting.py`` reads
``onlineMeeting`` values with their attendance and chat (``microsoftgraph/
microsoft-graph-docs-contrib``, ``api-reference/v1.0``). Both find the people
behind Graph's identity sets here, tell them apart by identity (the documented
examples give two people one participant id), and read their tenant. Names,
e-mail addresses, user principal names and phone numbers are read only to tell
people apart and are never copied.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import attrs

from onlinecompliance.model import App, Organisation, Tenant

from .conventions import local_time

if TYPE_CHECKING:
    from .base import RecordBuilder
    from .conventions import Conventions

__all__ = [
    "CANNOT_TELL",
    "Party",
    "People",
    "mark_organiser",
    "object_at",
    "objects_at",
    "party_of_identity",
    "party_of_set",
    "set_tenant",
    "text_at",
    "utc_time",
]

CANNOT_TELL = ("minsp_fallback", "recording.basis", "room.booked_via")
"""The "not set" facts Graph never holds: Teams has no MinSP fallback reason, no
legal basis for a recording and no Meet room booking."""

_UTC = datetime.timezone.utc
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


# ---------------------------------------------------------------------------
# Small readers of JSON values


def text_at(value: object, key: str) -> str | None:
    """Return a member that is a non-empty string, or ``None``."""
    member = value.get(key) if isinstance(value, dict) else None
    return member if isinstance(member, str) and member else None


def object_at(value: object, key: str) -> dict[str, object] | None:
    """Return a member that is an object, or ``None``."""
    member = value.get(key) if isinstance(value, dict) else None
    return member if isinstance(member, dict) else None


def objects_at(value: object, key: str) -> list[tuple[int, dict[str, object]]]:
    """Return the objects of an array member with their indexes; other elements are skipped."""
    member = value.get(key) if isinstance(value, dict) else None
    if not isinstance(member, list):
        return []
    return [(index, item) for index, item in enumerate(member) if isinstance(item, dict)]


def utc_time(text: str | None) -> str | None:
    """Return a Graph time (always UTC, ``Z``) as RFC 3339; ``None`` when unreadable."""
    return local_time(text, _UTC)


# ---------------------------------------------------------------------------
# Parties: the person behind an identity, for joining and for facts


@attrs.frozen
class Party:
    """One person's identity: which kind of identity, its id (to join on) and tenant.

    The id is read to tell the same person apart in different parts of the export;
    it is never copied into a record.
    """

    kind: str
    key: str | None
    tenant: str | None
    field: str
    """The source field of the identity: ``participants_v2[1].identity.user``."""


def party_of_set(identity_set: object, field: str) -> Party | None:
    """Return the person an identity set names (the first person identity in it), or ``None``."""
    if not isinstance(identity_set, dict):
        return None
    for kind in _PERSON_KINDS:
        identity = object_at(identity_set, kind)
        if identity is not None:
            return Party(
                kind, text_at(identity, "id"), text_at(identity, "tenantId"), f"{field}.{kind}"
            )
    return None


def party_of_identity(identity: object, field: str) -> Party | None:
    """Return the person a single identity names, its kind by ``@odata.type``."""
    if not isinstance(identity, dict):
        return None
    kind = _IDENTITY_TYPES.get(text_at(identity, "@odata.type") or "", "user")
    key = text_at(identity, "id")
    if key is None and text_at(identity, "tenantId") is None:
        return None
    return Party(kind, key, text_at(identity, "tenantId"), field)


class People:
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

    def add(self, party: Party | None) -> int | None:
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

    def known(self, party: Party | None) -> int | None:
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

    def _facts(self, index: int, party: Party) -> None:
        """Set what the identity itself tells: organisation, identity, app."""
        if self._conventions.region_tenant(party.tenant):
            self.set(index, "organisation", Organisation.REGION.value, f"{party.field}.tenantId")
        if party.kind == "guest":
            # "A participant who joined the communication without authentication."
            self.set(index, "identity", "display_name", party.field)
        if party.kind == "phone":
            self.set(index, "client.app", App.PHONE.value, party.field)


def set_tenant(builder: RecordBuilder, organiser: Party | None, conventions: Conventions) -> None:
    """Set whose tenant organised the meeting: the region's, another, or not known."""
    regional = conventions.region_tenant(organiser.tenant if organiser else None)
    if organiser is None or regional is None:
        return
    tenant = Tenant.REGIONAL if regional else Tenant.EXTERNAL
    builder.set("teams.tenant", tenant.value, f"{organiser.field}.tenantId")


def mark_organiser(people: People, organiser: int | None, field: str) -> None:
    """Mark the organiser, and everyone else as not the organiser (a call has one)."""
    if organiser is None:
        return
    for index in range(people.count):
        people.set(index, "organiser", index == organiser, field)
