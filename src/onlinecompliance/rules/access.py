"""OC4xx: access, rooms and clients.

A meeting is only as safe as the way into it: the room's address must use
HTTPS on the region's own Meet host, the room should be ordered through the
region's channels and be unique when patients join, and participants should
use a browser or program that the video server supports. On MinSP, clinicians
use Pexip and patients must be active on MinSP.

Room addresses are access secrets: a message may name a URL's scheme and host,
never its path or query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from onlinecompliance.model import App, Browser, Platform, Role, RoomType, Severity
from onlinecompliance.scan import describe

from .base import GUIDELINE, Finding, Provenance, Rule, few

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from urllib.parse import SplitResult

    from onlinecompliance.model import Client, Participant

    from .context import Context

_BROWSER_PLATFORMS = frozenset({Platform.MEET, Platform.SMS_VIDEO})
_UNSUPPORTED_BROWSERS = frozenset({Browser.INTERNET_EXPLORER, Browser.EDGE_LEGACY})
_VDX_BOOKING = "regionh.dk: VDX Booking, SMS video meetings"
_MEET_URL = "https://meet.regionh.dk/a1b2"
_MEET_ROOM = {"type": "unique", "url": _MEET_URL, "booked_via": "bookingportal"}
_DOCTOR = {"id": "p1", "role": "doctor", "organisation": "region", "organiser": True}
_PATIENT = {"id": "p2", "role": "patient", "identity": "mitid", "minsp_active": True}


def _split_url(url: str) -> SplitResult | None:
    """Split a room URL, or return ``None`` when it cannot be read.

    A URL without ``//`` before its host (``meet.regionh.dk/abc``) is read as a
    host and path with no scheme. Bad IPv6 brackets make it unreadable.
    """
    try:
        parts = urlsplit(url)
        if not parts.netloc and not parts.path.startswith("/"):
            parts = urlsplit(f"//{url}")
    except ValueError:
        return None
    return parts


def _host(parts: SplitResult | None) -> str | None:
    """Return the URL's host in the form hosts compare in, or None if it cannot be read.

    A bad port (``:99999``, ``:x``) makes the host unreadable, too.
    """
    if parts is None:
        return None
    try:
        _ = parts.port
    except ValueError:
        return None
    return None if parts.hostname is None else _normal_host(parts.hostname)


def _normal_host(host: str) -> str:
    """Put a host name in the form hosts compare in: lower case, no final dot."""
    return host.lower().rstrip(".")


def _with_client(
    people: Iterable[tuple[int, Participant]],
) -> Iterator[tuple[int, Participant, Client]]:
    """Yield the participants among ``people`` whose client is known, with the client."""
    for index, person in people:
        if person.client is not None:
            yield index, person, person.client


def _insecure_meeting_url(context: Context) -> Iterator[Finding]:
    room = context.meeting.room
    if room is None or room.url is None:
        return
    parts = _split_url(room.url)
    if parts is None:
        yield Finding(
            "room.url", "room.url cannot be read as a URL, so it is not known to use https"
        )
    elif not parts.scheme:
        yield Finding("room.url", "room.url does not start with https://")
    elif (scheme := parts.scheme.lower()) != "https":
        yield Finding("room.url", f"room.url uses {describe(scheme)}, not https")


OC401 = Rule(
    code="OC401",
    name="insecure-meeting-url",
    severity=Severity.ERROR,
    summary="Reports a room URL that does not use HTTPS.",
    rationale=(
        "Over plain http, or another unencrypted scheme, the room address and everything "
        "the browser sends can be read and changed on the way; the guideline relies on "
        "HTTPS for the meeting's data security."
    ),
    guideline_da=(
        "Kobler du op via meet.regionh.dk, er det via en HTTPS-hjemmeside, som er en "
        "krypteret udgave af http."
    ),
    guideline_en=(
        "Connecting via meet.regionh.dk uses an HTTPS website, an encrypted version of http."
    ),
    provenance=frozenset({Provenance.SEED}),
    sources=(GUIDELINE,),
    fix="Give the room's address as https://…, as the booking confirmation states it.",
    example={
        "id": "m-401",
        "kind": "internal_meeting",
        "platform": "meet",
        "room": {**_MEET_ROOM, "url": "http://meet.regionh.dk/a1b2"},
    },
    use_instead={"id": "m-401", "kind": "internal_meeting", "platform": "meet", "room": _MEET_ROOM},
    reading=(
        "The scheme compares without regard to case. A URL with no scheme "
        "(`meet.regionh.dk/abc`) and a URL that cannot be read (bad IPv6 brackets, or "
        "`https:` without `//`) are reported, since neither is known to use https. Only the "
        "scheme counts: a bad port is OC402's concern. "
        "Applies on every platform where a room URL is recorded."
    ),
    check=_insecure_meeting_url,
    needs=("room",),
)


def _unexpected_meet_host(context: Context) -> Iterator[Finding]:
    room = context.meeting.room
    if room is None or room.url is None:
        return
    approved = sorted({_normal_host(host) for host in context.settings.meet_hosts})
    host = _host(_split_url(room.url))
    if host is None:
        yield Finding(
            "room.url",
            f"room.url names no host that can be read; Meet rooms are at {', '.join(approved)}",
        )
    elif host not in approved:
        yield Finding(
            "room.url",
            f"room.url points to {context.quoted(host)}, which is not an approved Meet host "
            f"({', '.join(approved)})",
        )


OC402 = Rule(
    code="OC402",
    name="unexpected-meet-host",
    severity=Severity.WARNING,
    summary="Reports a Meet room whose URL is not on an approved Meet host.",
    rationale=(
        "The region's Meet rooms live on meet.regionh.dk; a link to another host may lead "
        "to a look-alike site or to infrastructure that the region has not approved."
    ),
    guideline_da="Du tilgår et møderum Meet, ved at skrive meet.regionh.dk i din browser.",
    guideline_en="You reach a Meet room by typing meet.regionh.dk in your browser.",
    provenance=frozenset({Provenance.SEED}),
    sources=(GUIDELINE,),
    fix="Use the room address on meet.regionh.dk, or add the host to the policy's `meet_hosts`.",
    example={
        "id": "m-402",
        "kind": "internal_meeting",
        "platform": "meet",
        "room": {**_MEET_ROOM, "url": "https://meet.example.org/a1b2"},
    },
    use_instead={"id": "m-402", "kind": "internal_meeting", "platform": "meet", "room": _MEET_ROOM},
    reading=(
        "Hosts compare in lower case, without the port, user name or a final dot; "
        "subdomains of an approved host do not match. A record without `room.url` is not "
        "reported (the host is not known). A URL without `//` is read as host and path "
        "(`meet.regionh.dk/abc` is on meet.regionh.dk); a URL that cannot be read, or that "
        "names no host, is reported."
    ),
    platforms=frozenset({Platform.MEET}),
    check=_unexpected_meet_host,
    needs=("room",),
)


def _unsupported_browser(context: Context) -> Iterator[Finding]:
    for index, person, client in _with_client(enumerate(context.meeting.participants)):
        if client.browser in _UNSUPPORTED_BROWSERS:
            yield Finding(
                f"participants[{index}].client.browser",
                f"{context.who(person)} joins with {client.browser.value}, which does not "
                "support the newest version of the video server",
            )


OC403 = Rule(
    code="OC403",
    name="unsupported-browser",
    severity=Severity.ERROR,
    summary="Reports a participant who joins Meet or SMS video with Internet Explorer or old Edge.",
    rationale=(
        "The old Microsoft browsers do not support the newest version of the video server, "
        "so the meeting may fail or fall back to weaker settings."
    ),
    guideline_da=(
        "Det anbefales ikke at bruge den gamle browser fra Microsoft (Internet Explorer), da "
        "den ikke understøtter den nyeste version af videoserveren."
    ),
    guideline_en=(
        "Using the old browser from Microsoft (Internet Explorer) is not recommended, since "
        "it does not support the newest version of the video server."
    ),
    provenance=frozenset({Provenance.SEED}),
    sources=(GUIDELINE,),
    fix="Join with Google Chrome, the new Microsoft Edge or Safari.",
    example={
        "id": "m-403",
        "kind": "internal_meeting",
        "platform": "meet",
        "room": _MEET_ROOM,
        "participants": [{**_DOCTOR, "client": {"app": "browser", "browser": "internet_explorer"}}],
    },
    use_instead={
        "id": "m-403",
        "kind": "internal_meeting",
        "platform": "meet",
        "room": _MEET_ROOM,
        "participants": [{**_DOCTOR, "client": {"app": "browser", "browser": "edge"}}],
    },
    reading=(
        "The old Edge (`edge_legacy`) counts with Internet Explorer as the old Microsoft browser."
    ),
    platforms=_BROWSER_PLATFORMS,
    check=_unsupported_browser,
    needs=("participants",),
)


def _virtual_workplace_client(context: Context) -> Iterator[Finding]:
    for index, person, client in _with_client(enumerate(context.meeting.participants)):
        if client.virtual_workplace is True:
            yield Finding(
                f"participants[{index}].client.virtual_workplace",
                f"{context.who(person)} joins from the virtual workplace (VA), where video "
                "quality is not good enough",
            )


OC404 = Rule(
    code="OC404",
    name="virtual-workplace-client",
    severity=Severity.WARNING,
    summary="Reports a participant who joins Meet or SMS video from the virtual workplace.",
    rationale=(
        "Video through the virtual workplace (remote desktop) is of poor quality, which "
        "matters when the clinician must see the patient."
    ),
    guideline_da="Ej heller VA (virtuel arbejdsplads), da videokvaliteten ikke er optimal.",
    guideline_en="Nor the virtual workplace (VA), as the video quality is not optimal.",
    provenance=frozenset({Provenance.SEED}),
    sources=(GUIDELINE,),
    fix="Join from a local browser on the PC, not from inside the virtual workplace.",
    example={
        "id": "m-404",
        "kind": "internal_meeting",
        "platform": "meet",
        "room": _MEET_ROOM,
        "participants": [{**_DOCTOR, "client": {"browser": "chrome", "virtual_workplace": True}}],
    },
    use_instead={
        "id": "m-404",
        "kind": "internal_meeting",
        "platform": "meet",
        "room": _MEET_ROOM,
        "participants": [{**_DOCTOR, "client": {"browser": "chrome", "virtual_workplace": False}}],
    },
    reading="Only an explicit `client.virtual_workplace: true` is reported.",
    platforms=_BROWSER_PLATFORMS,
    check=_virtual_workplace_client,
    needs=("participants",),
)


def _unlisted_browser(context: Context) -> Iterator[Finding]:
    recommended = context.settings.recommended_browsers
    for index, person, client in _with_client(enumerate(context.meeting.participants)):
        browser = client.browser
        if browser is None or browser in recommended or browser in _UNSUPPORTED_BROWSERS:
            continue
        listed = ", ".join(sorted(choice.value for choice in recommended)) or "none"
        yield Finding(
            f"participants[{index}].client.browser",
            f"{context.who(person)} joins with {browser.value}, which is not a recommended browser "
            f"(recommended: {listed})",
        )


OC405 = Rule(
    code="OC405",
    name="unlisted-browser",
    severity=Severity.INFO,
    summary="Notes a participant who joins Meet or SMS video with a browser not recommended.",
    rationale=(
        "The guideline recommends Chrome, the new Edge and Safari; other browsers are not "
        "tested against the region's video server."
    ),
    guideline_da=(
        "Det kan anbefales at du bruger enten Google Chrome eller Microsoft Edge, der er den "
        "nye browser fra Microsoft eller Safari fra Apple."
    ),
    guideline_en=(
        "We recommend Google Chrome or Microsoft Edge, the new browser from Microsoft, or "
        "Safari from Apple."
    ),
    provenance=frozenset({Provenance.SEED}),
    sources=(GUIDELINE,),
    fix="Join with one of the recommended browsers, or add the browser to the policy's list.",
    example={
        "id": "m-405",
        "kind": "internal_meeting",
        "platform": "meet",
        "room": _MEET_ROOM,
        "participants": [{**_DOCTOR, "client": {"app": "browser", "browser": "firefox"}}],
    },
    use_instead={
        "id": "m-405",
        "kind": "internal_meeting",
        "platform": "meet",
        "room": _MEET_ROOM,
        "participants": [{**_DOCTOR, "client": {"app": "browser", "browser": "chrome"}}],
    },
    reading=(
        "The list is the policy's `recommended_browsers`. Internet Explorer and the old Edge "
        "are reported by OC403 only, even when the policy leaves them off the list."
    ),
    platforms=_BROWSER_PLATFORMS,
    check=_unlisted_browser,
    needs=("participants",),
)


def _meet_room_not_ordered(context: Context) -> Iterator[Finding]:
    room = context.meeting.room
    if context.cannot_tell("room.booked_via"):
        return
    if room is None:
        yield Finding(
            "room", "the Meet meeting records no room, so it is not known how it was ordered"
        )
    elif room.booked_via is None:
        yield Finding("room.booked_via", "the Meet room does not say where it was ordered")


OC406 = Rule(
    code="OC406",
    name="meet-room-not-ordered",
    severity=Severity.WARNING,
    summary="Reports a Meet meeting whose room does not say where it was ordered.",
    rationale=(
        "Meet rooms are ordered through CIMT Service or created in the Bookingportal; a room "
        "from elsewhere is outside the region's administration of rooms and access."
    ),
    guideline_da=(
        "For at du kan bruge Meet skal du bestille et møderum via genvejen "
        "”CIMT Service” på skrivebordet på din PC."
    ),
    guideline_en=(
        'To use Meet you must order a meeting room through the "CIMT Service" shortcut on '
        "your PC's desktop."
    ),
    provenance=frozenset({Provenance.SEED}),
    sources=(GUIDELINE,),
    fix="Set `room.booked_via` to `cimt_service` or `bookingportal`.",
    example={
        "id": "m-406",
        "kind": "internal_meeting",
        "platform": "meet",
        "room": {"type": "unique", "url": _MEET_URL},
    },
    use_instead={"id": "m-406", "kind": "internal_meeting", "platform": "meet", "room": _MEET_ROOM},
    reading=(
        'A "not set" rule: a missing `room.booked_via`, or a missing `room`, is reported, '
        "since the guideline asks for the ordering to be recorded. Both `cimt_service` and "
        "`bookingportal` count as ordered."
    ),
    platforms=frozenset({Platform.MEET}),
    check=_meet_room_not_ordered,
)


def _fixed_room_with_patient(context: Context) -> Iterator[Finding]:
    room = context.meeting.room
    if room is None or room.type is not RoomType.FIXED:
        return
    if context.patients:
        patients = few(context.patients, context.who)
        yield Finding(
            "room.type", f"a fixed Meet room, with a permanent address, is used with {patients}"
        )


OC407 = Rule(
    code="OC407",
    name="fixed-room-with-patient",
    severity=Severity.WARNING,
    summary="Reports a fixed Meet room used for a meeting with a patient or relative.",
    rationale=(
        "A fixed room keeps its address, which earlier patients know and may reuse; a unique "
        "room from the Bookingportal exists for one meeting only."
    ),
    guideline_da=(
        "Bookingportal: En portal til at oprette et unikt møderum i Meet, hver gang du skal "
        "bruge det."
    ),
    guideline_en="Bookingportal: a portal for creating a unique Meet room each time you need one.",
    provenance=frozenset({Provenance.INFERRED}),
    sources=(GUIDELINE,),
    fix="Create a unique room in the Bookingportal for each meeting with a patient.",
    example={
        "id": "m-407",
        "kind": "video_consultation",
        "platform": "meet",
        "minsp_fallback": "no_digital_id",
        "room": {**_MEET_ROOM, "type": "fixed"},
        "participants": [_DOCTOR, _PATIENT],
    },
    use_instead={
        "id": "m-407",
        "kind": "video_consultation",
        "platform": "meet",
        "minsp_fallback": "no_digital_id",
        "room": _MEET_ROOM,
        "participants": [_DOCTOR, _PATIENT],
    },
    reading=(
        "A relative counts as a patient, also one who attends in person. A room whose type "
        "is not recorded is not reported."
    ),
    platforms=frozenset({Platform.MEET}),
    check=_fixed_room_with_patient,
    needs=("room",),
)


def _sms_video_without_guest_pin(context: Context) -> Iterator[Finding]:
    room = context.meeting.room
    if room is not None and room.guest_pin is False and context.has_sensitive_data:
        yield Finding(
            "room.guest_pin",
            "an SMS video meeting with sensitive personal data lets guests in without a PIN",
            context.sensitive_data_evidence(),
        )


OC408 = Rule(
    code="OC408",
    name="sms-video-without-guest-pin",
    severity=Severity.INFO,
    summary="Notes an SMS video meeting with sensitive data whose guests join without a PIN.",
    rationale=(
        "An SMS link can be forwarded or read by someone else on the phone; a guest PIN "
        "makes sure that only the person told the PIN joins a meeting about their health."
    ),
    guideline_da=("Denne adgang kan også bruges til oprettelse af SMS videomøder."),
    guideline_en="This access can also be used to create SMS video meetings.",
    provenance=frozenset({Provenance.PUBLIC}),
    sources=(_VDX_BOOKING,),
    fix="Switch on the guest PIN in VDX Booking and give the PIN to the patient separately.",
    example={
        "id": "s-408",
        "kind": "video_consultation",
        "platform": "sms_video",
        "minsp_fallback": "no_digital_id",
        "room": {"booked_via": "bookingportal", "guest_pin": False},
        "shares": [{"category": "health", "channel": "audio_video"}],
    },
    use_instead={
        "id": "s-408",
        "kind": "video_consultation",
        "platform": "sms_video",
        "minsp_fallback": "no_digital_id",
        "room": {"booked_via": "bookingportal", "guest_pin": True},
        "shares": [{"category": "health", "channel": "audio_video"}],
    },
    reading=(
        "Only an explicit `room.guest_pin: false` is reported. Sensitive data is a declared "
        "share of category health or cpr, or a detection in free text at the policy's lowest "
        "confidence (default medium)."
    ),
    platforms=frozenset({Platform.SMS_VIDEO}),
    check=_sms_video_without_guest_pin,
    needs=("room",),
)


def _minsp_clinician_not_pexip(context: Context) -> Iterator[Finding]:
    for index, person, client in _with_client(context.region_clinicians()):
        if client.app is not None and client.app is not App.PEXIP:
            yield Finding(
                f"participants[{index}].client.app",
                f"{context.who(person)} joins the MinSP video consultation with "
                f"{client.app.value}, not Pexip",
            )


OC409 = Rule(
    code="OC409",
    name="minsp-clinician-not-pexip",
    severity=Severity.WARNING,
    summary="Reports a region clinician who joins a MinSP video consultation without Pexip.",
    rationale=(
        "MinSP video consultations run on Pexip; the clinician's side is the Pexip program "
        "from the region's Softwareshop, which is set up for the region's video infrastructure."
    ),
    guideline_da=(
        "Pexip: Det IT-program der understøtter videokonsultationen via MinSP. Pexip hentes i "
        "Softwareshoppen."
    ),
    guideline_en=(
        "Pexip: the program that supports the video consultation via MinSP. Pexip is "
        "installed from the Softwareshop."
    ),
    provenance=frozenset({Provenance.SEED}),
    sources=(GUIDELINE,),
    fix="Install Pexip from the Softwareshop and start the consultation from it.",
    example={
        "id": "v-409",
        "kind": "video_consultation",
        "platform": "minsp",
        "participants": [{**_DOCTOR, "client": {"app": "browser"}}, _PATIENT],
    },
    use_instead={
        "id": "v-409",
        "kind": "video_consultation",
        "platform": "minsp",
        "participants": [{**_DOCTOR, "client": {"app": "pexip"}}, _PATIENT],
    },
    reading=(
        "Only doctors and health staff with organisation `region` are checked; a clinician "
        "whose app is not recorded is not reported."
    ),
    platforms=frozenset({Platform.MINSP}),
    check=_minsp_clinician_not_pexip,
    needs=("participants",),
)


def _minsp_patient_not_active(context: Context) -> Iterator[Finding]:
    for index, person in enumerate(context.meeting.participants):
        if person.role is Role.PATIENT and person.minsp_active is False:
            yield Finding(
                f"participants[{index}].minsp_active",
                f"{context.who(person)} is not active on MinSP, so cannot join a MinSP video "
                "consultation",
            )


OC410 = Rule(
    code="OC410",
    name="minsp-patient-not-active",
    severity=Severity.ERROR,
    summary="Reports a patient in a MinSP video consultation who is not active on MinSP.",
    rationale=(
        "MinSP video is for patients who are active on MinSP; for anyone else the "
        "consultation belongs on Meet or SMS video, with the reason recorded."
    ),
    guideline_da="… patienter, der er aktive på MinSP.",
    guideline_en="… patients who are active on MinSP.",
    provenance=frozenset({Provenance.PUBLIC}),
    sources=("regionh.dk: MinSP video consultations",),
    fix=(
        "Have the patient activate MinSP, or hold the consultation on Meet or SMS video with "
        "`minsp_fallback: patient_not_on_minsp`."
    ),
    example={
        "id": "v-410",
        "kind": "video_consultation",
        "platform": "minsp",
        "participants": [_DOCTOR, {**_PATIENT, "minsp_active": False}],
    },
    use_instead={
        "id": "v-410",
        "kind": "video_consultation",
        "platform": "minsp",
        "participants": [_DOCTOR, _PATIENT],
    },
    reading=(
        "Only role `patient` is checked (a relative needs no MinSP account), and only an "
        "explicit `minsp_active: false` is reported."
    ),
    platforms=frozenset({Platform.MINSP}),
    check=_minsp_patient_not_active,
    needs=("participants",),
)
