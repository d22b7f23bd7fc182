"""Hypothesis strategies for every model class, shared by all tests.

``meetings()`` builds a valid :class:`Meeting`; each keyword replaces the
strategy of one field, so a rule test can pin what its condition needs and let
everything else vary. Free text from :func:`clean_text` holds no digits, so it
never contains a CPR number; tests that want one put it in with :func:`cpr_numbers`.
"""

from __future__ import annotations

import datetime
import string
from typing import Any

from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.model import (
    Advisory,
    AdvisoryMode,
    App,
    Browser,
    ChatMessage,
    Client,
    DataCategory,
    Destination,
    FallbackReason,
    Identity,
    Invitation,
    Kind,
    LobbyBypass,
    Meeting,
    Organisation,
    Participant,
    Platform,
    Recording,
    RecordingBasis,
    Role,
    Room,
    RoomBooking,
    RoomType,
    Share,
    ShareChannel,
    Teams,
    Tenant,
    Waiver,
)
from onlinecompliance.scan.detection import DASHES

TODAY = datetime.date(2026, 11, 26)
"""The reference date of :data:`POLICY`, so that tests do not read the clock."""
POLICY = oc.Policy(today=TODAY)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Draw the value or ``None`` ("not known")."""
    return st.none() | strategy


flags = optional(st.booleans())

clean_text = st.text(
    alphabet=st.characters(categories=["L", "Zs"], exclude_characters="\x00"),
    max_size=40,
)
"""Free text without digits or punctuation: never a CPR number or a code."""

identifiers = st.text(alphabet=string.ascii_lowercase + string.digits + "-", min_size=1, max_size=8)
"""Record and participant ids."""

offsets = st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(
    lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))
)
aware_datetimes = st.datetimes(
    min_value=datetime.datetime(1990, 1, 1),
    max_value=datetime.datetime(2040, 12, 31),
    timezones=offsets,
)
dates = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2040, 12, 31))

urls = st.builds(
    "{}://{}/{}".format,
    st.sampled_from(["https", "HTTPS", "http", "ftp"]),
    st.sampled_from(["meet.regionh.dk", "MEET.REGIONH.DK:443", "video.example.org"]),
    st.text(alphabet=string.ascii_lowercase, max_size=6),
)

rooms = st.builds(
    Room,
    type=optional(st.sampled_from(RoomType)),
    url=optional(urls),
    booked_via=optional(st.sampled_from(RoomBooking)),
    guest_pin=flags,
)
teams_settings = st.builds(
    Teams,
    tenant=optional(st.sampled_from(Tenant)),
    lobby_bypass=optional(st.sampled_from(LobbyBypass)),
    anonymous_join=flags,
    desktop_licence=flags,
)
clients = st.builds(
    Client,
    app=optional(st.sampled_from(App)),
    browser=optional(st.sampled_from(Browser)),
    virtual_workplace=flags,
)
shares = st.builds(
    Share, category=st.sampled_from(DataCategory), channel=st.sampled_from(ShareChannel)
)
invitations = st.builds(
    Invitation, subject=optional(clean_text), body=optional(clean_text), forwardable=flags
)
recordings = st.builds(
    Recording,
    audio=flags,
    video=flags,
    transcript=flags,
    basis=optional(st.sampled_from(RecordingBasis)),
)

waivable_rules = st.sampled_from(
    [
        key
        for rule in oc.RULES.values()
        if not rule.code.startswith("OC9")
        for key in (rule.code, rule.name)
    ]
)
waivers = st.builds(
    Waiver,
    rule=waivable_rules,
    reason=clean_text.filter(str.strip),
    approved_by=optional(clean_text),
    expires=optional(dates),
)


def participants(
    *,
    id: st.SearchStrategy[str] = identifiers,  # noqa: A002 (the record format's name)
    role: st.SearchStrategy[Role] = st.sampled_from(Role),
    organisation: st.SearchStrategy[Organisation | None] = optional(st.sampled_from(Organisation)),
    organiser: st.SearchStrategy[bool | None] = flags,
    client: st.SearchStrategy[Client | None] = optional(clients),
    identity: st.SearchStrategy[Identity | None] = optional(st.sampled_from(Identity)),
    minsp_active: st.SearchStrategy[bool | None] = flags,
    in_person: st.SearchStrategy[bool | None] = flags,
) -> st.SearchStrategy[Participant]:
    """Build a participant; each keyword replaces the strategy of that field."""
    return st.builds(
        Participant,
        id=id,
        role=role,
        organisation=organisation,
        organiser=organiser,
        client=client,
        identity=identity,
        minsp_active=minsp_active,
        in_person=in_person,
    )


def participant_lists(
    people: st.SearchStrategy[Participant] | None = None, *, min_size: int = 0, max_size: int = 5
) -> st.SearchStrategy[tuple[Participant, ...]]:
    """Participants with unique ids."""
    return st.lists(
        participants() if people is None else people,
        min_size=min_size,
        max_size=max_size,
        unique_by=lambda person: person.id,
    ).map(tuple)


@st.composite
def _chat(
    draw: st.DrawFn, people: tuple[Participant, ...], text: st.SearchStrategy[str]
) -> tuple[ChatMessage, ...]:
    senders = optional(st.sampled_from([person.id for person in people])) if people else st.none()
    messages = st.builds(ChatMessage, text=text, sender=senders, sent_at=optional(aware_datetimes))
    return tuple(draw(st.lists(messages, max_size=3)))


@st.composite
def _advisory(draw: st.DrawFn, people: tuple[Participant, ...]) -> Advisory:
    callers = optional(st.sampled_from([person.id for person in people])) if people else st.none()
    departments = optional(st.sampled_from(["HGH-Medicin", "RH-Kardiologi"]))
    return Advisory(
        discharged_at=draw(optional(aware_datetimes)),
        admitted_hours=draw(optional(st.floats(min_value=0, max_value=500, allow_nan=False))),
        adult=draw(flags),
        somatic=draw(flags),
        destination=draw(optional(st.sampled_from(Destination))),
        caller=draw(callers),
        discharging_department=draw(departments),
        callee_department=draw(departments),
        mode=draw(optional(st.sampled_from(AdvisoryMode))),
    )


_UNSET: Any = object()


@st.composite
def meetings(
    draw: st.DrawFn,
    *,
    kind: st.SearchStrategy[Kind] = st.sampled_from(Kind),
    platform: st.SearchStrategy[Platform] = st.sampled_from(Platform),
    department: st.SearchStrategy[str | None] = optional(
        st.sampled_from(["RH-Kardiologi", "HGH-Medicin"])
    ),
    minsp_fallback: st.SearchStrategy[FallbackReason | None] = optional(
        st.sampled_from(FallbackReason)
    ),
    visual_contact_needed: st.SearchStrategy[bool | None] = flags,
    documented_in_sp: st.SearchStrategy[bool | None] = flags,
    room: st.SearchStrategy[Room | None] = optional(rooms),
    teams: st.SearchStrategy[Teams | None] = optional(teams_settings),
    people: st.SearchStrategy[tuple[Participant, ...]] = participant_lists(),
    share_list: st.SearchStrategy[tuple[Share, ...]] = st.lists(shares, max_size=3).map(tuple),
    chat_text: st.SearchStrategy[str] = clean_text,
    invitation: st.SearchStrategy[Invitation | None] = optional(invitations),
    sms_text: st.SearchStrategy[str | None] = optional(clean_text),
    recording: st.SearchStrategy[Recording | None] = optional(recordings),
    advisory: st.SearchStrategy[Advisory | None] | None = None,
    waiver_list: st.SearchStrategy[tuple[Waiver, ...]] = st.just(()),
) -> Meeting:
    """Build a valid meeting; every keyword replaces the strategy of one field.

    ``advisory`` defaults to one whose caller is a participant of the meeting.
    Waivers are off by default, since they change which findings are reported.
    """
    present = draw(people)
    start = draw(optional(aware_datetimes))
    return Meeting(
        id=draw(identifiers),
        kind=draw(kind),
        platform=draw(platform),
        platform_name=draw(optional(clean_text)),
        department=draw(department),
        start=start,
        end=draw(optional(aware_datetimes)),
        minsp_fallback=draw(minsp_fallback),
        visual_contact_needed=draw(visual_contact_needed),
        documented_in_sp=draw(documented_in_sp),
        room=draw(room),
        teams=draw(teams),
        participants=present,
        shares=draw(share_list),
        chat=draw(_chat(present, chat_text)),
        invitation=draw(invitation),
        sms_text=draw(sms_text),
        recording=draw(recording),
        advisory=draw(optional(_advisory(present)) if advisory is None else advisory),
        waivers=draw(waiver_list),
    )


def codes(meeting: Meeting, policy: oc.Policy = POLICY) -> set[str]:
    """Return the codes ``check`` reports for ``meeting``."""
    return {violation.code for violation in oc.check(meeting, policy)}


@st.composite
def cpr_numbers(draw: st.DrawFn) -> str:
    """Draw a CPR number with a real birth date before :data:`TODAY`, with a separator.

    The separator is a hyphen, another dash, a space or a no-break space: a
    separated number is medium confidence on its own, so it always counts.
    """
    birth = draw(st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY))
    seventh = draw(st.sampled_from("0123" if birth.year < 2000 else "456789"))
    tail = draw(st.text(alphabet=string.digits, min_size=3, max_size=3))
    separator = draw(st.sampled_from(["-", *DASHES, " ", "\u00a0"]))
    return f"{birth:%d%m%y}{separator}{seventh}{tail}"


json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
"""Any JSON value."""


@st.composite
def corrupted_records(draw: st.DrawFn, records: st.SearchStrategy[Meeting] | None = None) -> object:
    """Draw a valid record with one field, somewhere, replaced by an arbitrary JSON value.

    Or, now and then, with one field left out. ``records`` draws the meeting
    (:func:`meetings` by default).
    """
    record: Any = oc.dump_meeting(draw(meetings() if records is None else records))
    node = record
    while isinstance(node, dict) and node and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(node)))
        child = node[key]
        if isinstance(child, list) and child:
            child = child[draw(st.integers(0, len(child) - 1))]
        if not isinstance(child, dict):
            break
        node = child
    if isinstance(node, dict) and node and draw(st.integers(0, 9)) == 0:
        del node[draw(st.sampled_from(sorted(node)))]
    elif isinstance(node, dict):
        node[draw(st.sampled_from([*node, "extra"]) if node else st.just("id"))] = draw(json_values)
    return record
