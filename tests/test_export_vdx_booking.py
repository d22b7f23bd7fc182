"""Tests for reading MedCom VDX Booking meetings and scheduling-infos into records."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.model import Kind, Platform
from onlinecompliance.sources import RawRecord, UnreadableRecord, read_json_lines, read_json_text
from onlinecompliance.sources.exports import FORMATS, Conventions, Located, recognise
from onlinecompliance.sources.exports.vdx import VDX_BOOKING, offset_time, url_origin

DATA = Path(__file__).parent / "data" / "exports" / "vdx-booking"
FHIR = Path(__file__).parent / "data" / "exports" / "fhir-appointment"
SITE = Conventions(
    kinds=(("vk-*", Kind.VIDEO_CONSULTATION), ("gruppe-*", Kind.GROUP_SESSION)),
    platforms=(("sms.vdx.regionh.dk", Platform.SMS_VIDEO),),
)
CANNOT_TELL = ["minsp_fallback", "recording.basis", "room.booked_via"]
U1 = "46b46a1e-a4d3-4387-87ee-a67dcaa222cb"
U3 = "e2a7c4d1-5f86-4b0e-8c3a-71d9f0b2a6c5"


def located(*names: str) -> list[Located]:
    """Decode fixture files as the framework does: JSONL by line, a JSON array by element."""
    items: list[Located] = []
    for name in names:
        path = DATA / name
        content = path.read_bytes()
        reader = (
            read_json_lines(io.BytesIO(content))
            if name.endswith(".jsonl")
            else read_json_text(content)
        )
        items.extend(Located(name, item) for item in reader)
    return items


def read(*names: str, conventions: Conventions = SITE) -> list[Located]:
    return list(VDX_BOOKING.read(located(*names), conventions))


def data(item: Located) -> dict[str, Any]:
    """Return a record read, failing the test when the item is no record."""
    assert isinstance(item.item, RawRecord), item
    assert isinstance(item.item.data, dict)
    return item.item.data


def records(*names: str, conventions: Conventions = SITE) -> list[dict[str, Any]]:
    return [data(item) for item in read(*names, conventions=conventions)]


def values(name: str) -> list[Any]:
    """Return the decoded values of a fixture file."""
    return [item.item.data for item in located(name) if isinstance(item.item, RawRecord)]


def from_values(items: list[object], conventions: Conventions = SITE) -> list[Located]:
    """Read values given directly, each on its own line of one file."""
    given_items = [Located("x.jsonl", RawRecord(n, v)) for n, v in enumerate(items, start=1)]
    return list(VDX_BOOKING.read(given_items, conventions))


# Recognising


def test_registered_under_its_name() -> None:
    assert FORMATS["vdx-booking"] is VDX_BOOKING
    assert {"kinds", "platforms"} == VDX_BOOKING.settings


def test_recognises_the_spec_examples() -> None:
    meeting, schedule = (
        values("spec-example-meeting.json")[0],
        values("spec-example-scheduling-info.json")[0],
    )
    assert VDX_BOOKING.recognises(meeting)
    assert VDX_BOOKING.recognises(schedule)
    assert recognise(meeting) is VDX_BOOKING
    assert recognise(schedule) is VDX_BOOKING


def test_does_not_recognise_other_values() -> None:
    """Our own records, FHIR appointments and loose objects are not VDX bookings."""
    ours = {
        "id": "vk-1",
        "kind": "video_consultation",
        "platform": "meet",
        "start": "2026-11-20T10:00:00+01:00",
    }
    fhir = json.loads((FHIR / "ig-get-appointment-video.json").read_text(encoding="utf-8"))
    for value in (ours, fhir, [values("meetings.json")[0]], {"uuid": U1}, "uuid", None):
        assert not VDX_BOOKING.recognises(value)


# The spec's examples


def test_spec_example_meeting() -> None:
    """The meeting object alone: times, the short link's origin, the PIN switch, the organiser."""
    [record] = records("spec-example-meeting.json", conventions=Conventions())
    assert {
        "id": U1,
        "start": "2019-10-02T15:00:00+00:00",
        "end": "2019-10-02T15:00:00+00:00",
        "room": {"guest_pin": False},
        "participants": [{"id": "p1", "organiser": True}],
        "imported": {
            "format": "vdx-booking",
            "fields": {
                "id": "uuid",
                "start": "startTime",
                "end": "endTime",
                "room.guest_pin": "guestPinRequired",
                "participants[0].id": "organizedBy",
                "participants[0].organiser": "organizedBy",
            },
            "cannot_tell": CANNOT_TELL,
        },
    } == record


def test_spec_example_scheduling_info() -> None:
    """A scheduling-info nests its meeting; the nested fields are named by their path."""
    [record] = records("spec-example-scheduling-info.json", conventions=Conventions())
    assert "platform" not in record  # test.dk is no Meet host, and nothing else is configured
    assert {"guest_pin": False} == record["room"]  # the portal's join page is not the room
    fields = record["imported"]["fields"]
    assert "meetingDetails.uuid" == fields["id"]
    assert "room.url" not in fields
    assert "meetingDetails.guestPinRequired" == fields["room.guest_pin"]


def test_spec_example_platform_by_configured_domain() -> None:
    site = Conventions(platforms=(("test.dk", Platform.SMS_VIDEO),))
    [record] = records("spec-example-scheduling-info.json", conventions=site)
    assert "sms_video" == record["platform"]
    assert "uriWithDomain" == record["imported"]["fields"]["platform"]


# The fixtures


def test_scheduling_infos_with_their_meetings() -> None:
    """Each booking of a ``/v2/scheduling-info`` page, at the line where its element starts."""
    items = read("scheduling-info.json")
    assert [2, 81, 158, 232] == [item.item.line for item in items]
    first, group, sms, staff = (data(item) for item in items if isinstance(item.item, RawRecord))
    assert {
        "id": U1,
        "start": "2026-11-20T10:00:00+01:00",
        "end": "2026-11-20T10:20:00+01:00",
        "kind": "video_consultation",
        "platform": "meet",
        "room": {"guest_pin": False},
        "participants": [{"id": "p1", "organiser": True}],
        "imported": {
            "format": "vdx-booking",
            "fields": {
                "id": "meetingDetails.uuid",
                "start": "meetingDetails.startTime",
                "end": "meetingDetails.endTime",
                "kind": "meetingDetails.labels[0]",
                "platform": "uriWithDomain",
                "room.guest_pin": "meetingDetails.guestPinRequired",
                "participants[0].id": "meetingDetails.organizedBy",
                "participants[0].organiser": "meetingDetails.organizedBy",
            },
            "cannot_tell": CANNOT_TELL,
        },
    } == first
    assert ("group_session", "meet", True) == (
        group["kind"],
        group["platform"],
        group["room"]["guest_pin"],
    )
    assert ("video_consultation", "sms_video") == (sms["kind"], sms["platform"])
    assert "meetingDetails.subject" == sms["imported"]["fields"]["kind"]
    assert "room" not in sms  # no guestPinRequired, a guest PIN exists, and no room URL
    assert "kind" not in staff  # the label "intern" matches no configured glob
    assert "platform" not in staff  # vdx.regionh.dk is neither a Meet host nor configured


def test_times_keep_their_offset() -> None:
    """A UTC time stays UTC and a local one keeps +01:00: nothing is converted or guessed."""
    by_id = {record["id"]: record for record in records("meetings.json")}
    assert "2026-11-21T13:00:00+00:00" == by_id["9c1f5e0a-3b7d-4a51-9f0e-2d6c8b4a7e13"]["start"]
    assert "2026-11-20T10:00:00+01:00" == by_id[U1]["start"]


def test_a_single_meeting_object() -> None:
    [record] = records("meeting.json")
    assert U1 == record["id"]
    assert "platform" not in record  # a meeting alone does not say where its room is


def test_meetings_join_their_scheduling_infos_across_files() -> None:
    """Meetings in one file, scheduling-infos in another: joined by uuid, located at the meeting."""
    items = read("meetings.json", "scheduling-info-without-meetings.json")
    assert all(item.file == "meetings.json" for item in items)
    assert [2, 42, 80, 115] == [item.item.line for item in items]
    by_id = {data(item)["id"]: data(item) for item in items if isinstance(item.item, RawRecord)}
    assert "meet" == by_id[U1]["platform"]
    assert "sms_video" == by_id[U3]["platform"]
    assert "room.url" not in by_id[U3]["imported"]["fields"]
    assert (
        "platform" not in by_id["9c1f5e0a-3b7d-4a51-9f0e-2d6c8b4a7e13"]
    )  # no scheduling-info given


def test_a_booking_located_where_it_was_read_first() -> None:
    """Scheduling-info file first: the joined record is located at the scheduling-info."""
    items = read("scheduling-info-without-meetings.json", "meetings.json")
    assert [
        ("scheduling-info-without-meetings.json", 2),
        ("scheduling-info-without-meetings.json", 41),
    ] == [(item.file, item.item.line) for item in items[:2]]
    assert [U3, U1] == [data(item)["id"] for item in items[:2] if isinstance(item.item, RawRecord)]


def test_a_pool_room_nobody_booked_makes_no_record() -> None:
    assert [] == read("scheduling-info-without-meetings.json")


def test_the_same_meeting_read_twice_is_one_record() -> None:
    """``/v2/meetings`` and ``/v2/scheduling-info`` hold the same meeting: one record for both."""
    ids = [record["id"] for record in records("meetings.json", "scheduling-info.json")]
    assert 4 == len(ids) == len(set(ids))


def test_different_meeting_objects_with_one_uuid_stay_two_records() -> None:
    """Two versions of a meeting are not merged: the repeated id is for the checker to report."""
    meeting = values("meeting.json")[0]
    changed = {**meeting, "endTime": "2026-11-20T10:40:00+01:00"}
    items = from_values([meeting, changed])
    assert [U1, U1] == [data(item)["id"] for item in items if isinstance(item.item, RawRecord)]


def test_api_v1_times() -> None:
    """API v1 wrote ``2019-10-02T13:00:00 +0000``; the offset is read all the same."""
    items = read("meetings.jsonl")
    by_id = {data(item)["id"]: data(item) for item in items if isinstance(item.item, RawRecord)}
    assert "2019-10-02T13:00:00+00:00" == by_id["7a61c2f8-0e4b-4d93-8b27-5c1e9d3f6a08"]["start"]


def test_unreadable_values_are_reported_at_their_line() -> None:
    items = read("meetings.jsonl")
    problems = [
        (item.item.line, item.item.message, item.item.path)
        for item in items
        if isinstance(item.item, UnreadableRecord)
    ]
    assert [
        (3, "VDX Booking: uuid: expected a UUID", "id"),
        (
            4,
            "VDX Booking: startTime: expected a time with an offset (yyyy-MM-dd'T'HH:mm:ssXXX)",
            "start",
        ),
        (
            5,
            (
                "VDX Booking: expected a meeting (uuid, startTime …) or a scheduling-info "
                "(uuid, uriWithDomain, provisionStatus …) object"
            ),
            "",
        ),
    ] == problems
    assert [1, 2, 3, 4, 5, 6] == [item.item.line for item in items]


def test_unreadable_record_names_the_booking_when_its_uuid_is_sound() -> None:
    [item] = from_values([{**values("meeting.json")[0], "guestPinRequired": "yes"}])
    assert isinstance(item.item, UnreadableRecord)
    assert (U1, "room.guest_pin") == (item.item.record, item.item.path)
    assert "VDX Booking: guestPinRequired: expected true or false" == item.item.message


def test_wrong_types_are_unreadable_not_ignored() -> None:
    meeting = values("meeting.json")[0]
    cases = {
        "labels": ("vk-x", "labels: expected an array of strings"),
        "subject": (17, "subject: expected a string"),
        "organizedBy": ("x", "organizedBy: expected an object (organisationId, email)"),
        "endTime": ("tomorrow", "endTime: expected a time with an offset"),
    }
    for field, (value, expected) in cases.items():
        [item] = from_values([{**meeting, field: value}])
        assert isinstance(item.item, UnreadableRecord), field
        assert expected in item.item.message


def test_a_problem_in_the_scheduling_info_is_located_there() -> None:
    meeting = values("meeting.json")[0]
    schedule = {**values("scheduling-info-without-meetings.json")[1], "uriWithDomain": 2840117}
    items = [Located("m.json", RawRecord(2, meeting)), Located("s.json", RawRecord(7, schedule))]
    [item] = VDX_BOOKING.read(items, SITE)
    assert ("s.json", 7) == (item.file, item.item.line)
    assert isinstance(item.item, UnreadableRecord)
    assert "VDX Booking: uriWithDomain: expected a string" == item.item.message


def test_decoding_errors_pass_through_in_order() -> None:
    meeting = values("meeting.json")[0]
    items = [
        Located("a.jsonl", UnreadableRecord(1, "not JSON at column 3")),
        Located("a.jsonl", RawRecord(2, meeting)),
        Located("b.jsonl", UnreadableRecord(1, "not UTF-8")),
    ]
    out = list(VDX_BOOKING.read(items, SITE))
    assert [("a.jsonl", 1), ("a.jsonl", 2), ("b.jsonl", 1)] == [
        (item.file, item.item.line) for item in out
    ]
    assert items[0] == out[0]
    assert items[2] == out[2]


# Guest PIN


def test_guest_pin_from_the_scheduling_info_when_the_meeting_does_not_say() -> None:
    """An explicit ``guestPin: null`` means no guest PIN; a PIN or no field says nothing."""
    meeting = {
        key: value for key, value in values("meeting.json")[0].items() if key != "guestPinRequired"
    }
    schedule = values("scheduling-info-without-meetings.json")[1]
    without = {**schedule, "guestPin": None}
    stripped = {key: value for key, value in schedule.items() if key not in ("guestPin", "hostPin")}
    for given_schedule, expected in ((without, False), (schedule, None), (stripped, None)):
        [item] = from_values([meeting, given_schedule])
        assert isinstance(item.item, RawRecord)
        assert expected == data(item).get("room", {}).get("guest_pin")


# Kinds and platforms by the site's conventions


def test_no_conventions_no_kind() -> None:
    """Without ``kinds`` globs, a label means nothing: the kind is not known."""
    for record in records("meetings.json", conventions=Conventions()):
        assert "kind" not in record


def test_kind_label_before_subject() -> None:
    meeting = {**values("meeting.json")[0], "subject": "gruppe-hold 3", "labels": ["x", "vk-1"]}
    [item] = from_values([meeting])
    assert isinstance(item.item, RawRecord)
    assert ("video_consultation", "labels[1]") == (
        data(item)["kind"],
        data(item)["imported"]["fields"]["kind"],
    )


def test_platform_of_the_meet_host_needs_no_configuration() -> None:
    by_id = {
        record["id"]: record
        for record in records("scheduling-info.json", conventions=Conventions())
    }
    assert "meet" == by_id[U1]["platform"]
    assert "platform" not in by_id[U3]


# Helpers


def test_offset_time() -> None:
    assert "2019-10-02T15:00:00+02:00" == offset_time("2019-10-02T15:00:00+02:00")
    assert "2019-10-02T13:00:00+00:00" == offset_time("2019-10-02T13:00:00 +0000")
    assert "2019-10-02T13:00:00+00:00" == offset_time("2019-10-02T13:00:00Z")
    assert "2021-09-10T09:00:00+00:00" == offset_time("2021-09-10T09:00:00.000+00:00")
    assert offset_time("2019-10-02T13:00:00") is None
    assert offset_time("2019-10-02") is None
    assert offset_time("soon +0100") is None


def test_url_origin() -> None:
    link = "https://portal.vconf.dk/?url=4618@test.dk&pin=9180&start_dato=2018-11-01T11:15:00"
    assert "https://portal.vconf.dk/" == url_origin(link)
    assert "http://portal.vconf.dk:8080/" == url_origin("HTTP://Portal.vconf.dk:8080/x")
    assert url_origin("1782@test.dk") is None
    assert url_origin("sip:1782@test.dk") is None
    assert url_origin("https://[::1") is None


# Privacy


PERSONAL = (
    "hanne.jensen@regionh.dk",
    "soren.moller@regionh.dk",
    "mette.kjaer@regionh.dk",
    "anders.holm@regionh.dk",
    "jonas.berg@regionh.dk",
    "mail@mail.dk",
    "Bent Nielsen",
    "Lise Andersen",
    "Karen Poulsen",
    "hanneholm",
    "2840117@meet.regionh.dk",
    "5512044@sms.vdx.regionh.dk",
    "1782@test.dk",
    "59371",
    "48213",
    "60422",
    "9180",
    "22 45 67 89",
    "k3m9qv7xw2ta",
    "RH-Kardiologi",
    "Videokonsultation",
    "ablation",
)


def test_no_personal_data_reaches_records_or_messages() -> None:
    """Names, e-mail addresses, aliases, PINs, subjects and organisations are read, never copied."""
    names = [path.name for path in sorted(DATA.iterdir()) if path.suffix in (".json", ".jsonl")]
    out = [read(name) for name in names] + [read(*names)]
    text = json.dumps(
        [
            [
                data(item) if isinstance(item.item, RawRecord) else item.item.message
                for item in items
            ]
            for items in out
        ],
        ensure_ascii=False,
    )
    for value in PERSONAL:
        assert value not in text, value


# Properties

markers = st.from_regex(r"Zq[a-z]{6}", fullmatch=True)


@given(st.permutations(range(4)))
def test_any_order_of_an_export_reads_whole(order: list[int]) -> None:
    """However the elements are ordered, every booking is read, each at its own line."""
    schedules = values("scheduling-info.json")
    items = [
        Located("s.jsonl", RawRecord(line, schedules[index]))
        for line, index in enumerate(order, start=1)
    ]
    out = list(VDX_BOOKING.read(items, SITE))
    assert all(isinstance(item.item, RawRecord) for item in out)
    assert [schedules[index]["uuid"] for index in order] == [data(item)["id"] for item in out]
    assert [1, 2, 3, 4] == [item.item.line for item in out]


@given(markers, markers, markers, markers)
def test_no_input_text_leaks(subject: str, email: str, label: str, alias: str) -> None:
    """Free text, e-mail addresses, labels and room aliases never reach a record."""
    schedule = copy.deepcopy(values("scheduling-info.json")[0])
    meeting = schedule["meetingDetails"]
    meeting["subject"] = f"vk {subject}"
    meeting["description"] = subject
    meeting["organizedBy"]["email"] = f"{email}@regionh.dk"
    meeting["labels"] = [label, f"vk-{label}"]
    schedule["uriWithDomain"] = f"{alias}@meet.regionh.dk"
    schedule["portalLink"] = f"https://portal.vconf.dk/?url={alias}@meet.regionh.dk&pin=1"
    [item] = from_values([schedule])
    assert isinstance(item.item, RawRecord)
    text = json.dumps(data(item))
    for marker in (subject, email, label, alias):
        assert marker not in text
    assert "video_consultation" == data(item)["kind"]


# Checking the records


def test_records_load_and_check() -> None:
    """The records load; OC102 and OC406 stay quiet on what a booking never holds."""
    codes = {}
    for record in records("scheduling-info.json"):
        meeting = oc.load_meeting(record)
        codes[meeting.id] = sorted({violation.code for violation in oc.check(meeting)})
    assert {
        U1: ["OC503"],  # no department; the portal link is no room URL, so no OC402
        "9c1f5e0a-3b7d-4a51-9f0e-2d6c8b4a7e13": [],
        U3: ["OC503"],  # SMS video: OC402 is for Meet only
        "0d3b9e72-8a14-4c6f-b5e1-c47a2f9d8b30": [],  # kind and platform not known
    } == codes


def test_the_portal_as_an_approved_meet_host() -> None:
    policy = oc.Policy(meet_hosts=frozenset({"meet.regionh.dk", "portal.vconf.dk"}))
    meeting = oc.load_meeting(records("scheduling-info.json")[0])
    assert ["OC503"] == [violation.code for violation in oc.check(meeting, policy)]


def test_sms_video_without_guest_pin_and_sensitive_data() -> None:
    """OC408 reads ``room.guest_pin`` from ``guestPinRequired``: false is a real answer."""
    schedule = copy.deepcopy(values("scheduling-info.json")[2])
    schedule["meetingDetails"]["guestPinRequired"] = False
    record = data(from_values([schedule])[0])
    record["shares"] = [{"category": "health", "channel": "audio_video"}]
    meeting = oc.load_meeting(record)
    violations = [v for v in oc.check(meeting) if v.code == "OC408"]
    assert ["room.guest_pin"] == [violation.path for violation in violations]


def test_the_example_export_reads_whole() -> None:
    example = (
        Path(__file__).parent.parent / "examples" / "exports" / "vdx-booking-scheduling-info.json"
    )
    items = [Located(example.name, item) for item in read_json_text(example.read_bytes())]
    out = list(VDX_BOOKING.read(items, SITE))
    assert [U1, U3] == [data(item)["id"] for item in out]
    for item in out:
        oc.load_meeting(data(item))
