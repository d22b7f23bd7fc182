"""Tests for the OC4xx rules: access, rooms and clients."""

from __future__ import annotations

import string
from typing import NamedTuple

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.model import (
    App,
    Browser,
    Meeting,
    Organisation,
    Platform,
    Role,
    Room,
    RoomBooking,
    RoomType,
    Share,
    ShareChannel,
)
from strategies import POLICY, TODAY, codes, cpr_numbers, meetings

ACCESS_CODES = [f"OC4{number:02d}" for number in range(1, 11)]
UNSUPPORTED = {Browser.INTERNET_EXPLORER, Browser.EDGE_LEGACY}
SENSITIVE = {oc.DataCategory.HEALTH, oc.DataCategory.CPR}
APPROVED_HOST = "meet.regionh.dk"


class RoomUrl(NamedTuple):
    """A generated room URL and the parts it was built from."""

    url: str
    scheme: str
    host: str
    secret: str


@st.composite
def room_urls(draw: st.DrawFn) -> RoomUrl:
    """Build a room URL with or without scheme, port and user name, around a secret code."""
    scheme = draw(st.sampled_from(["https", "HTTPS", "Https", "http", "ftp", ""]))
    host = draw(
        st.sampled_from(
            [
                APPROVED_HOST,
                "MEET.RegionH.DK",
                "sub.meet.regionh.dk",
                "meet.regionh.dk.example.org",
                "video.example.org",
                "[::1]",
            ]
        )
    )
    port = draw(st.sampled_from(["", ":443", ":8443"]))
    user = draw(st.sampled_from(["", "guest@"])) if scheme else ""
    secret = draw(st.text(alphabet=string.digits, min_size=9, max_size=12))
    path = draw(st.sampled_from([f"/{secret}", f"/room?code={secret}", f"/#{secret}"]))
    prefix = f"{scheme}://" if scheme else ""
    return RoomUrl(f"{prefix}{user}{host}{port}{path}", scheme, host, secret)


def with_url(meeting: Meeting, url: str | None) -> Meeting:
    """Replace the URL of the meeting's room (adding a room if it had none)."""
    return attrs.evolve(meeting, room=attrs.evolve(meeting.room or Room(), url=url))


def paths(meeting: Meeting, code: str, policy: oc.Policy = POLICY) -> list[str]:
    """Return the paths of the findings of ``code``, in the order ``check`` reports them."""
    return [violation.path for violation in oc.check(meeting, policy) if violation.code == code]


def meet(room: dict[str, object] | None = None, **fields: object) -> Meeting:
    """Load a minimal Meet record, with ``room`` and any other fields."""
    record: dict[str, object] = {"id": "m-1", "kind": "internal_meeting", "platform": "meet"}
    if room is not None:
        record["room"] = room
    return oc.load_meeting(record | fields)


# OC401 insecure-meeting-url


@given(meetings())
def test_oc401_fires_exactly_when_the_url_is_not_https(meeting: Meeting) -> None:
    """OC401 fires on any platform exactly when room.url is set and not https."""
    url = None if meeting.room is None else meeting.room.url
    expected = url is not None and not url.lower().startswith("https://")
    assert ("OC401" in codes(meeting)) == expected


@given(meetings(), room_urls())
def test_oc401_reads_the_scheme_without_regard_to_case(meeting: Meeting, room: RoomUrl) -> None:
    """OC401 fires once, at room.url, exactly when the scheme is missing or not https."""
    expected = ["room.url"] if room.scheme.lower() != "https" else []
    assert paths(with_url(meeting, room.url), "OC401") == expected


@pytest.mark.parametrize(
    ("url", "fires"),
    [
        ("https://meet.regionh.dk/a1", False),
        ("HTTPS://MEET.REGIONH.DK:443/a1", False),
        ("https://meet.regionh.dk:/a1", False),
        ("http://meet.regionh.dk/a1", True),
        ("ftp://meet.regionh.dk/a1", True),
        ("meet.regionh.dk/a1", True),
        ("meet.regionh.dk:443/a1", True),
        ("//meet.regionh.dk/a1", True),
        ("", True),
        ("https://[::1/a1", True),
        ("https://meet.regionh.dk:port/a1", False),
        ("https://meet.regionh.dk:99999/a1", False),
    ],
)
def test_oc401_boundaries(url: str, fires: bool) -> None:
    """OC401 on schemes, missing schemes and URLs that cannot be read; a bad port is OC402's."""
    meeting = meet({"url": url, "booked_via": "bookingportal"})
    assert ("OC401" in codes(meeting)) == fires


# OC402 unexpected-meet-host


@given(meetings(), room_urls())
def test_oc402_fires_exactly_off_an_approved_host(meeting: Meeting, room: RoomUrl) -> None:
    """OC402 fires once on Meet exactly when the URL's host is not meet.regionh.dk."""
    meeting = with_url(meeting, room.url)
    on_other_host = room.host.lower() != APPROVED_HOST
    expected = ["room.url"] if meeting.platform is Platform.MEET and on_other_host else []
    assert paths(meeting, "OC402") == expected


@given(meetings(platform=st.just(Platform.MEET)))
def test_oc402_is_silent_without_a_url(meeting: Meeting) -> None:
    """OC402 does not fire when room.url is not known."""
    assert "OC402" not in codes(with_url(meeting, None))


@given(room_urls())
def test_oc402_takes_its_hosts_from_the_policy(room: RoomUrl) -> None:
    """OC402 compares with the policy's meet_hosts, in lower case."""
    policy = oc.Policy(today=TODAY, meet_hosts=frozenset({"Video.Example.ORG"}))
    meeting = meet({"url": room.url})
    expected = ["room.url"] if room.host.lower() != "video.example.org" else []
    assert paths(meeting, "OC402", policy) == expected


@pytest.mark.parametrize(
    ("url", "fires"),
    [
        ("https://meet.regionh.dk/a1", False),
        ("https://MEET.RegionH.dk:8443/a1", False),
        ("https://meet.regionh.dk./a1", False),
        ("https://guest@meet.regionh.dk/a1", False),
        ("meet.regionh.dk/a1", False),
        ("meet.regionh.dk:443/a1", False),
        ("http://meet.regionh.dk/a1", False),
        ("https://sub.meet.regionh.dk/a1", True),
        ("https://meet.regionh.dk.example.org/a1", True),
        ("https://meet.regionh.dk@example.org/a1", True),
        ("https://example.org/meet.regionh.dk", True),
        ("https:///a1", True),
        ("/a1", True),
        ("https://[::1/a1", True),
        ("https://meet.regionh.dk:port/a1", True),
    ],
)
def test_oc402_boundaries(url: str, fires: bool) -> None:
    """OC402 on case, ports, user names, subdomains, look-alikes and unreadable URLs."""
    assert ("OC402" in codes(meet({"url": url}))) == fires


@given(meetings(advisory=st.none()), room_urls())
def test_url_findings_never_show_the_room_code(meeting: Meeting, room: RoomUrl) -> None:
    """No finding repeats the path, query or fragment of the room URL."""
    for violation in oc.check(with_url(meeting, room.url), POLICY):
        assert room.secret not in violation.message
        assert room.secret not in (violation.evidence or "")


def test_oc402_message_names_the_host_and_the_approved_hosts() -> None:
    """OC402 names the host it found and the approved hosts, not the room code."""
    [violation] = [
        found
        for found in oc.check(meet({"url": "https://Video.Example.org:443/r123"}), POLICY)
        if found.code == "OC402"
    ]
    assert violation.message == (
        "room.url points to 'video.example.org', which is not an approved Meet host "
        "(meet.regionh.dk)"
    )


# OC403 unsupported-browser, OC404 virtual-workplace-client, OC405 unlisted-browser


def browsers_in_use(meeting: Meeting) -> list[tuple[int, Browser]]:
    """Each participant's browser where it is known, with the participant's index."""
    return [
        (index, person.client.browser)
        for index, person in enumerate(meeting.participants)
        if person.client is not None and person.client.browser is not None
    ]


def on_browser_platform(meeting: Meeting) -> bool:
    """Whether the meeting runs where participants join with a browser."""
    return meeting.platform in {Platform.MEET, Platform.SMS_VIDEO}


@given(meetings())
def test_oc403_fires_per_participant_with_an_old_microsoft_browser(meeting: Meeting) -> None:
    """OC403 fires once per participant on IE or old Edge, on Meet and SMS video only."""
    expected = [
        f"participants[{index}].client.browser"
        for index, browser in browsers_in_use(meeting)
        if browser in UNSUPPORTED and on_browser_platform(meeting)
    ]
    assert paths(meeting, "OC403") == expected


@given(meetings())
def test_oc404_fires_per_participant_on_the_virtual_workplace(meeting: Meeting) -> None:
    """OC404 fires once per participant with virtual_workplace true, on Meet and SMS video."""
    expected = [
        f"participants[{index}].client.virtual_workplace"
        for index, person in enumerate(meeting.participants)
        if person.client is not None
        and person.client.virtual_workplace is True
        and on_browser_platform(meeting)
    ]
    assert paths(meeting, "OC404") == expected


@given(meetings(), st.frozensets(st.sampled_from(Browser)))
def test_oc405_fires_per_participant_off_the_policy_list(
    meeting: Meeting, recommended: frozenset[Browser]
) -> None:
    """OC405 fires per unlisted browser, except those OC403 reports."""
    policy = oc.Policy(today=TODAY, recommended_browsers=recommended)
    expected = [
        f"participants[{index}].client.browser"
        for index, browser in browsers_in_use(meeting)
        if browser not in recommended
        and browser not in UNSUPPORTED
        and on_browser_platform(meeting)
    ]
    assert paths(meeting, "OC405", policy) == expected


@pytest.mark.parametrize(
    ("browser", "expected"),
    [
        ("chrome", set()),
        ("edge", set()),
        ("safari", set()),
        ("firefox", {"OC405"}),
        ("opera", {"OC405"}),
        ("other", {"OC405"}),
        ("internet_explorer", {"OC403"}),
        ("edge_legacy", {"OC403"}),
    ],
)
def test_browser_rules_under_the_default_policy(browser: str, expected: set[str]) -> None:
    """Each browser is recommended, unlisted (OC405) or unsupported (OC403), never two."""
    person = {"id": "p1", "role": "doctor", "client": {"app": "browser", "browser": browser}}
    meeting = meet({"url": "https://meet.regionh.dk/a1"}, participants=[person])
    assert codes(meeting) & {"OC403", "OC405"} == expected


# OC406 meet-room-not-ordered


@given(meetings())
def test_oc406_fires_exactly_on_meet_without_an_ordering(meeting: Meeting) -> None:
    """OC406 fires on Meet when room or room.booked_via is not set, at that path."""
    if meeting.platform is not Platform.MEET:
        expected = []
    elif meeting.room is None:
        expected = ["room"]
    else:
        expected = ["room.booked_via"] if meeting.room.booked_via is None else []
    assert paths(meeting, "OC406") == expected


@pytest.mark.parametrize("booked_via", ["cimt_service", "bookingportal"])
def test_oc406_accepts_either_ordering_channel(booked_via: str) -> None:
    """A room ordered through CIMT Service or the Bookingportal does not fire OC406."""
    assert "OC406" not in codes(meet({"booked_via": booked_via}))


# OC407 fixed-room-with-patient


@given(meetings())
def test_oc407_fires_exactly_on_a_fixed_meet_room_with_a_patient(meeting: Meeting) -> None:
    """OC407 fires once on Meet with a fixed room and a patient or relative present."""
    fixed = meeting.room is not None and meeting.room.type is RoomType.FIXED
    patient = any(person.role in {Role.PATIENT, Role.RELATIVE} for person in meeting.participants)
    expected = ["room.type"] if meeting.platform is Platform.MEET and fixed and patient else []
    assert paths(meeting, "OC407") == expected


# OC408 sms-video-without-guest-pin

quiet_meetings = meetings(chat_text=st.just(""), invitation=st.none(), sms_text=st.none())
"""Meetings whose free text holds nothing, so sensitive data is only what shares declare."""


@given(quiet_meetings)
def test_oc408_fires_exactly_on_sms_video_with_sensitive_data_and_no_pin(meeting: Meeting) -> None:
    """OC408 fires once on SMS video with sensitive shares and guest_pin false."""
    no_pin = meeting.room is not None and meeting.room.guest_pin is False
    sensitive = any(share.category in SENSITIVE for share in meeting.shares)
    on_sms = meeting.platform is Platform.SMS_VIDEO
    assert paths(meeting, "OC408") == (
        ["room.guest_pin"] if on_sms and sensitive and no_pin else []
    )


@given(
    meetings(
        platform=st.just(Platform.SMS_VIDEO),
        room=st.builds(Room, guest_pin=st.just(False)),  # noqa: FBT003 (a value, not a flag),
        share_list=st.just(()),
        chat_text=st.just(""),
        invitation=st.none(),
        sms_text=cpr_numbers().map("Dit cpr-nr. {} til mødet".format),
    )
)
def test_oc408_counts_a_cpr_number_in_the_sms_text(meeting: Meeting) -> None:
    """A CPR number in the SMS text makes the data sensitive, and the evidence is masked."""
    [violation] = [found for found in oc.check(meeting, POLICY) if found.code == "OC408"]
    assert violation.evidence is not None
    assert "sms_text" in violation.evidence
    assert meeting.sms_text is not None
    assert meeting.sms_text.split()[2] not in violation.evidence


def test_oc408_is_silent_when_the_pin_is_not_known() -> None:
    """An unknown guest_pin does not fire OC408."""
    meeting = oc.Meeting(
        id="s-1",
        kind=oc.Kind.VIDEO_CONSULTATION,
        platform=Platform.SMS_VIDEO,
        room=Room(booked_via=RoomBooking.BOOKINGPORTAL),
        shares=(Share(oc.DataCategory.CPR, ShareChannel.AUDIO_VIDEO),),
    )
    assert "OC408" not in codes(meeting)


# OC409 minsp-clinician-not-pexip


@given(meetings())
def test_oc409_fires_per_region_clinician_without_pexip(meeting: Meeting) -> None:
    """OC409 fires on MinSP per region doctor or health staff whose known app is not Pexip."""
    expected = [
        f"participants[{index}].client.app"
        for index, person in enumerate(meeting.participants)
        if meeting.platform is Platform.MINSP
        and person.role in {Role.DOCTOR, Role.HEALTH_STAFF}
        and person.organisation is Organisation.REGION
        and person.client is not None
        and person.client.app not in {None, App.PEXIP}
    ]
    assert paths(meeting, "OC409") == expected


# OC410 minsp-patient-not-active


@given(meetings())
def test_oc410_fires_per_patient_not_active_on_minsp(meeting: Meeting) -> None:
    """OC410 fires on MinSP once per patient with minsp_active false."""
    expected = [
        f"participants[{index}].minsp_active"
        for index, person in enumerate(meeting.participants)
        if meeting.platform is Platform.MINSP
        and person.role is Role.PATIENT
        and person.minsp_active is False
    ]
    assert paths(meeting, "OC410") == expected


# Documentation


@pytest.mark.parametrize("code", ACCESS_CODES)
def test_example_fires_and_use_instead_does_not(code: str) -> None:
    """Each rule's example fires it and its use_instead does not."""
    rule = oc.RULES[code]
    assert code in codes(oc.load_meeting(rule.example))
    assert code not in codes(oc.load_meeting(rule.use_instead))


@pytest.mark.parametrize("code", ACCESS_CODES)
def test_documentation_is_filled_in(code: str) -> None:
    """Each rule has every documentation field, and is scoped to its platforms."""
    rule = oc.RULES[code]
    texts = (rule.summary, rule.rationale, rule.guideline_da, rule.guideline_en, rule.fix)
    assert all(text.strip() for text in texts)
    assert rule.provenance
    assert rule.sources
    assert rule.check is not None
