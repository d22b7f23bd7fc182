"""``--from pexip-events``: meetings assembled from the event sink's messages."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.cli import main
from onlinecompliance.model import Kind
from onlinecompliance.sources import RawRecord, UnreadableRecord, read_source
from onlinecompliance.sources.exports import FORMATS, Conventions, Located, recognise
from onlinecompliance.sources.exports.pexip_events import PEXIP_EVENTS

if TYPE_CHECKING:
    import pytest

EVENTS = Path(__file__).parent / "data" / "exports" / "pexip-events" / "events.jsonl"
U1 = "a0ed2c58-f45b-4d96-a1cb-89812ec938ea"
U2 = "0b8eb723-cf9d-4540-b12d-0f28149a7560"
U3 = "c0548ea2-6ba5-4726-a022-019c0cad75b6"
CANNOT_TELL = ["minsp_fallback", "recording.basis", "room.booked_via"]
VK = Conventions(kinds=(("vk-*", Kind.VIDEO_CONSULTATION),))
T0 = 1795683600.0
"""2026-11-26T09:00:00Z."""


def messages() -> list[dict[str, Any]]:
    """Return the fixture's messages, decoded."""
    lines = EVENTS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def located(values: list[Any], file: str = "sink.jsonl") -> list[Located]:
    """Messages one a line."""
    return [Located(file, RawRecord(line, value)) for line, value in enumerate(values, 1)]


def read(items: list[Located], conventions: Conventions | None = None) -> list[Located]:
    """Run the reader."""
    return list(PEXIP_EVENTS.read(items, Conventions() if conventions is None else conventions))


def record_id(item: RawRecord) -> object:
    """Return a record's id."""
    assert isinstance(item.data, dict)
    return item.data["id"]


def records(results: list[Located]) -> list[dict[str, Any]]:
    """Return the records read, in order; fail on anything unreadable."""
    found = []
    for result in results:
        assert isinstance(result.item, RawRecord), result.item
        assert isinstance(result.item.data, dict)
        found.append(result.item.data)
    return found


def event(event: str, seq: int, time: float, **data: Any) -> dict[str, Any]:
    """Return an event sink message."""
    return {
        "node": "10.0.0.1",
        "seq": seq,
        "version": 2,
        "time": time,
        "event": event,
        "data": data,
    }


def uid(name: str) -> str:
    """Return the UUID a short name stands for in these tests."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def joined(name: str, conference: str | None = "vmr", **data: Any) -> dict[str, Any]:
    """Return the participant fields Pexip documents for every participant event."""
    return {
        "uuid": uid(name),
        "conference": conference,
        "call_direction": "in",
        "destination_alias": "meet.regionh.dk/abc",
        "source_alias": "someone@example.dk",
        "display_name": "Some One",
        "remote_address": "192.0.2.10",
        "vendor": "Mozilla/5.0 (Windows NT 10.0; Trident/7.0; rv:11.0) like Gecko",
        "is_streaming": False,
        "has_media": False,
        "connect_time": T0,
        **data,
    }


def test_the_sinks_log_gives_one_meeting_per_conference_instance() -> None:
    """One room used twice is two meetings, each located at its first event."""
    results = read([Located("sink.jsonl", item) for item in read_source(str(EVENTS))], VK)
    assert [("sink.jsonl", 2), ("sink.jsonl", 12)] == [(r.file, r.item.line) for r in results]
    first, second = records(results)
    expected = {
        "id": U1,
        "kind": "video_consultation",
        "platform": "meet",
        "start": "2026-11-26T09:00:00+00:00",
        "end": "2026-11-26T09:15:06+00:00",
        "participants": [
            {"id": "p1", "client": {"app": "browser", "browser": "chrome"}},
            {"id": "p2", "client": {"app": "browser", "browser": "internet_explorer"}},
        ],
        "imported": {
            "format": "pexip-events",
            "fields": {
                "id": "uuid",
                "kind": "name",
                "platform": "destination_alias",
                "start": "start_time",
                "end": "end_time",
                "participants[0].id": "uuid",
                "participants[0].client.app": "vendor",
                "participants[0].client.browser": "vendor",
                "participants[1].id": "uuid",
                "participants[1].client.app": "vendor",
                "participants[1].client.browser": "vendor",
            },
            "cannot_tell": CANNOT_TELL,
        },
    }
    assert expected == first
    assert U3 == second["id"]
    browsers = [p["client"]["browser"] for p in second["participants"]]
    assert ["safari", "edge_legacy"] == browsers


def test_internet_explorer_in_the_sink_gives_oc403() -> None:
    """An IE 11 participant on a Meet alias fires OC403, and every record read loads."""
    first, second = (oc.load_meeting(record) for record in records(read(located(messages()))))
    expected = [("OC403", "participants[1].client.browser", "vendor")]
    assert expected == [(v.code, v.path, v.source_field) for v in oc.check(first)]
    assert expected == [(v.code, v.path, v.source_field) for v in oc.check(second)]


def test_without_conference_events_a_meeting_ends_when_its_last_participant_leaves() -> None:
    """Participant events alone: the next join after everyone left is a new meeting."""
    values = [
        event("participant_connected", 1, T0, **joined("u1")),
        event("participant_connected", 2, T0 + 1, **joined("u2")),
        event("participant_disconnected", 3, T0 + 60, **joined("u1"), end_time=T0 + 60),
        event("participant_disconnected", 4, T0 + 70, **joined("u2"), end_time=T0 + 70),
        event("participant_connected", 5, T0 + 99, **joined("u3")),
    ]
    first, second = records(read(located(values)))
    assert (uid("u1"), 2, "2026-11-26T09:01:10+00:00") == (
        first["id"],
        len(first["participants"]),
        first["end"],
    )
    assert "connect_time" == first["imported"]["fields"]["start"]
    assert uid("u3") == second["id"]
    assert "end" not in second


def test_meetings_come_out_in_the_order_they_began() -> None:
    """A meeting that began first but ended last still comes out first."""
    values = [
        event("participant_connected", 1, T0, **joined("a1", "long")),
        event("participant_connected", 2, T0 + 1, **joined("b1", "short")),
        event("participant_disconnected", 3, T0 + 2, **joined("b1", "short")),
        event("participant_disconnected", 4, T0 + 3, **joined("a1", "long")),
    ]
    assert [(uid("a1"), 1), (uid("b1"), 2)] == [
        (record_id(r.item), r.item.line)
        for r in read(located(values))
        if isinstance(r.item, RawRecord)
    ]


def test_a_meeting_spans_the_nodes_that_host_it() -> None:
    """It ends when every node that started it has ended it, not at the first node's end."""
    values = [
        event("conference_started", 1, T0, name="vmr", start_time=T0),
        {**event("conference_started", 1, T0 + 5, name="vmr", start_time=T0 + 5), "node": "n2"},
        event("participant_connected", 2, T0 + 6, **joined("u1")),
        event("participant_disconnected", 3, T0 + 50, **joined("u1"), end_time=T0 + 50),
        event("conference_ended", 4, T0 + 51, name="vmr", end_time=T0 + 51),
        {**event("participant_connected", 2, T0 + 52, **joined("u2")), "node": "n2"},
        {**event("participant_disconnected", 3, T0 + 80, **joined("u2")), "node": "n2"},
        {**event("conference_ended", 4, T0 + 81, name="vmr", end_time=T0 + 81), "node": "n2"},
    ]
    (record,) = records(read(located(values)))
    assert 2 == len(record["participants"])
    assert "2026-11-26T09:01:21+00:00" == record["end"]


def test_an_open_meeting_at_the_end_of_the_log_has_no_end() -> None:
    """A conference still running when the log stops is read without an end time."""
    values = [event("conference_started", 1, T0, name="vmr", start_time=T0)]
    values.append(event("participant_connected", 2, T0 + 1, **joined("u1")))
    (record,) = records(read(located(values)))
    assert "2026-11-26T09:00:00+00:00" == record["start"]
    assert "end" not in record


def test_a_conference_nobody_joined_gives_no_record() -> None:
    """Without a participant event there is no id, no alias and nobody to check."""
    values = [
        event("eventsink_started", 1, T0),
        event("conference_started", 2, T0, name="vmr", start_time=T0),
        event("conference_ended", 3, T0 + 9, name="vmr", end_time=T0 + 9),
    ]
    assert [] == read(located(values))


def test_a_streaming_leg_records_the_meeting() -> None:
    """A streaming or recording device is no participant; it sets the recording."""
    values = [
        event("participant_connected", 1, T0, **joined("u1")),
        event("participant_connected", 2, T0, **joined("rec", is_streaming=True)),
        event("participant_updated", 3, T0, **joined("rec", is_streaming=True, has_media=True)),
    ]
    (record,) = records(read(located(values)))
    assert {"audio": True, "video": True} == record["recording"]
    assert ["p1"] == [p["id"] for p in record["participants"]]


def test_a_dialled_out_leg_reaches_the_conference_by_its_source_alias() -> None:
    """For a call Pexip placed, the destination is the far end; the source is the room."""
    out = joined("u1", call_direction="out", destination_alias="sip:x@example.org")
    out["source_alias"] = "sip:vk1@meet.regionh.dk"
    (record,) = records(read(located([event("participant_connected", 1, T0, **out)])))
    assert ("meet", "source_alias") == (
        record["platform"],
        record["imported"]["fields"]["platform"],
    )


def test_a_late_event_of_a_written_meeting_is_passed_over() -> None:
    """An update arriving after its meeting was written does not make a meeting of its own."""
    values = [
        event("participant_connected", 1, T0, **joined("u1")),
        event("participant_disconnected", 2, T0 + 5, **joined("u1")),
        event("participant_updated", 3, T0 + 6, **joined("u1")),
    ]
    assert [uid("u1")] == [record["id"] for record in records(read(located(values)))]


def test_a_bulk_message_holds_events() -> None:
    """``eventsink_bulk`` carries events in ``data``; each is applied in turn."""
    inner = [
        event("participant_connected", 1, T0, **joined("u1")),
        event("participant_connected", 2, T0, **joined("u2")),
    ]
    bulk = {"node": "127.0.0.1", "seq": 0, "version": 2, "event": "eventsink_bulk", "data": inner}
    (record,) = records(read(located([bulk])))
    assert 2 == len(record["participants"])


def test_unix_times_are_utc_and_text_times_take_the_policys_zone() -> None:
    """Unix time needs no zone; a time written as text without an offset gets the policy's."""
    copenhagen = Conventions(timezone="Europe/Copenhagen")
    numbers = [event("participant_connected", 1, T0, **joined("u1"))]
    assert "2026-11-26T09:00:00+00:00" == records(read(located(numbers), copenhagen))[0]["start"]
    text = [
        event("participant_connected", 1, T0, **joined("u1", connect_time="2026-11-26T09:00:00"))
    ]
    assert "2026-11-26T09:00:00+01:00" == records(read(located(text), copenhagen))[0]["start"]


def test_unreadable_events_are_named_at_their_line_and_the_rest_is_read() -> None:
    """A bad event is one unreadable record with its field; the meeting is still written."""
    bad_vendor = event("participant_updated", 2, T0, **joined("u1", vendor=["x"]))
    bulk = {"node": "127.0.0.1", "seq": 0, "event": "eventsink_bulk", "data": [bad_vendor]}
    values = [
        event("participant_connected", 1, T0, **joined("u1")),
        bad_vendor,
        bulk,
        "text",
        {"node": "n", "data": {}},
        {**event("participant_connected", 3, T0), "data": []},
        event("participant_connected", 4, T0, **joined("u9", conference=None)),
        event("participant_connected", 4, T0, **{**joined("u8"), "uuid": "Birte Lund"}),
        event("participant_disconnected", 5, T0 + 1, **joined("u1")),
    ]
    items = located(values)
    items.insert(2, Located("sink.jsonl", UnreadableRecord(99, "line is not valid JSON")))
    expected = [
        ("sink.jsonl", 1, "record", uid("u1")),
        (
            "sink.jsonl",
            2,
            "Pexip event sink: participant_updated: 'vendor' is not text",
            "data.vendor",
        ),
        ("sink.jsonl", 99, "line is not valid JSON", ""),
        (
            "sink.jsonl",
            3,
            "Pexip event sink: participant_updated: 'vendor' is not text",
            "data[0].data.vendor",
        ),
        ("sink.jsonl", 4, "Pexip event sink: an event is not a JSON object", ""),
        ("sink.jsonl", 5, "Pexip event sink: the message has no event name ('event')", "event"),
        (
            "sink.jsonl",
            6,
            "Pexip event sink: participant_connected: 'data' is not a JSON object",
            "data",
        ),
        (
            "sink.jsonl",
            7,
            (
                "Pexip event sink: participant_connected: "
                "'conference' is not given, so the event joins no conference"
            ),
            "data.conference",
        ),
        (
            "sink.jsonl",
            8,
            "Pexip event sink: participant_connected: 'uuid' is not a UUID",
            "data.uuid",
        ),
    ]
    actual = [
        (r.file, r.item.line, "record", record_id(r.item))
        if isinstance(r.item, RawRecord)
        else (r.file, r.item.line, r.item.message, r.item.path)
        for r in read(items)
    ]
    assert expected == actual


def test_recognised_by_the_envelope() -> None:
    """An event sink message is recognised; history and our records are not."""
    assert PEXIP_EVENTS is FORMATS["pexip-events"]
    for value in messages():
        assert recognise(value) is PEXIP_EVENTS
    ours = {"id": "m1", "kind": "internal_meeting", "platform": "meet", "participants": []}
    history = {"conference": "/api/admin/history/v1/conference/1/", "conference_name": "x"}
    bare: dict[str, object] = {"event": "participant_connected", "data": {}}
    others: list[object] = [ours, history, bare, [], None]
    assert not any(PEXIP_EVENTS.recognises(other) for other in others)


PERSONAL = (
    "Karen Holm",
    "karen.holm@",
    "Birte",
    "Ole Jensen",
    "anne.k",
    "regionh.dk",
    "vk0815",
    "vk-ortopaedi",
    "85.191.64.12",
    "10.128.14.56",
    "10.10.1.21",
    "Region H DC1",
)


def test_no_name_alias_or_address_reaches_a_record_or_message() -> None:
    """Names, aliases, addresses and conference names are read, never copied."""
    values = [*messages(), event("participant_connected", 1, T0, **joined("x", vendor=7))]
    written = json.dumps([str(r.item) for r in read(located(values), VK)], ensure_ascii=False)
    assert [] == [value for value in PERSONAL if value in written]


secret = st.text(alphabet="abcdefghij .@", min_size=1, max_size=12).map(
    lambda text: f"\u2603{text}"
)
"""Text no record or message could hold by chance: it starts with a snowman."""


@given(secret, secret, secret)
def test_no_input_text_leaks(name: str, alias: str, room: str) -> None:
    """Whatever the display names, aliases and rooms are, none of them is written."""
    values = []
    for value in messages():
        data: Any = value["data"]
        if isinstance(data, dict) and "uuid" in data:
            data = {**data, "display_name": name, "source_alias": alias, "conference": room}
            data["destination_alias"] = f"{room}@meet.regionh.dk"
        elif isinstance(data, dict) and "name" in data:
            data = {**data, "name": room}
        values.append({**value, "data": data})
    written = json.dumps([str(r.item) for r in read(located(values), VK)], ensure_ascii=False)
    assert not any(secret_value in written for secret_value in (name, alias, room))


@given(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=12), st.randoms())
def test_every_participant_lands_in_exactly_one_meeting(rooms: list[str], random: Any) -> None:
    """However joins and leaves interleave, each participant is in one written meeting."""
    values = []
    for index, room in enumerate(rooms):
        values.append(event("participant_connected", 2 * index, T0, **joined(f"u{index}", room)))
    leaves = [
        event("participant_disconnected", 2 * index + 1, T0, **joined(f"u{index}", room))
        for index, room in enumerate(rooms)
    ]
    random.shuffle(leaves)
    values += leaves
    counted = [len(record["participants"]) for record in records(read(located(values)))]
    assert len(rooms) == sum(counted)


def test_a_virtual_reception_is_no_meeting() -> None:
    """Callers pass through a reception on their way to a meeting, which is read instead."""
    reception = {"service_type": "two_stage_dialing"}
    values = [
        event("conference_started", 1, T0, name="lobby", start_time=T0, **reception),
        event("participant_connected", 2, T0, **joined("u1", "lobby", **reception)),
        event("participant_disconnected", 3, T0 + 9, **joined("u1", "lobby", **reception)),
        event("conference_ended", 4, T0 + 9, name="lobby", end_time=T0 + 9, **reception),
        event("participant_connected", 5, T0 + 10, **joined("u2", service_type="connecting")),
        event("participant_updated", 6, T0 + 11, **joined("u2", service_type="conference")),
        event(
            "participant_connected", 7, T0 + 12, **joined("u3", "test", service_type="test_call")
        ),
    ]
    assert [uid("u2")] == [record["id"] for record in records(read(located(values)))]


def test_the_example_reads() -> None:
    """The example log in ``examples/exports`` reads, loads and shows OC403."""
    example = Path(__file__).parent.parent / "examples" / "exports" / "pexip-events.jsonl"
    items = [Located("sink.jsonl", item) for item in read_source(str(example))]
    meetings = [oc.load_meeting(record) for record in records(read(items, VK))]
    codes = [violation.code for meeting in meetings for violation in oc.check(meeting)]
    assert 2 == codes.count("OC403")


def test_check_an_event_sink_log_from_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``check --from pexip-events`` finds OC403 at the line where each meeting began."""
    code = main(["check", "--isolated", "--format", "json", "--from", "pexip-events", str(EVENTS)])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert 1 == code
    assert [("OC403", 2), ("OC403", 12)] == [(f["code"], f["line"]) for f in findings]
