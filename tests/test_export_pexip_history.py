"""``--from pexip-history``: participant and conference history joined into meetings."""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.cli import main
from onlinecompliance.model import Kind, Platform
from onlinecompliance.sources import RawRecord, UnreadableRecord, read_json_lines, read_source
from onlinecompliance.sources.exports import FORMATS, Conventions, Located, recognise
from onlinecompliance.sources.exports.pexip_history import PEXIP_HISTORY

if TYPE_CHECKING:
    import pytest

DATA = Path(__file__).parent / "data" / "exports" / "pexip-history"
PARTICIPANTS = DATA / "participant-page.json"
CONFERENCES = DATA / "conference-page.json"
C1 = "8583f400-7886-48c9-874b-5fefc2ac097e"
C2 = "b5a8e0e2-3f7c-4b2e-9a55-2f1a0c6d9e11"
C3 = "0f6d2c1a-55aa-4d0e-8f3b-7c9e1d2a4b60"
IE = "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko"
CANNOT_TELL = ["minsp_fallback", "recording.basis", "room.booked_via"]
VK = Conventions(kinds=(("vk-*", Kind.VIDEO_CONSULTATION),))


def page(path: Path) -> dict[str, Any]:
    """Return a fixture page, decoded."""
    value: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return value


def located(path: Path) -> list[Located]:
    """Read a fixture as the command line would: each value with its file and line."""
    return [Located(path.name, item) for item in read_source(str(path))]


def entries(objects: list[Any], file: str = "history.jsonl") -> list[Located]:
    """Entries one a line, as a framework that unwraps pages hands them over."""
    return [Located(file, RawRecord(line, entry)) for line, entry in enumerate(objects, 1)]


def read(items: list[Located], conventions: Conventions | None = None) -> list[Located]:
    """Run the reader."""
    return list(PEXIP_HISTORY.read(items, Conventions() if conventions is None else conventions))


def record_id(item: RawRecord) -> object:
    """Return a record's id."""
    assert isinstance(item.data, dict)
    return item.data["id"]


def records(results: list[Located]) -> dict[str, dict[str, Any]]:
    """Return the records read, by id; fail on anything unreadable."""
    found: dict[str, dict[str, Any]] = {}
    for result in results:
        assert isinstance(result.item, RawRecord), result.item
        record = result.item.data
        assert isinstance(record, dict)
        found[record["id"]] = record
    return found


def test_participant_page_gives_one_meeting_per_conference() -> None:
    """Pexip's documented page shape: participants grouped by their ``conference``."""
    results = read(located(PARTICIPANTS))
    assert [C1, C2] == list(records(results))
    assert {"participant-page.json"} == {result.file for result in results}
    assert [RawRecord, RawRecord] == [type(result.item) for result in results]


def test_internet_explorer_on_a_meet_alias() -> None:
    """The whole record for a video consultation on Meet with an IE 11 guest and a stream."""
    expected = {
        "id": C1,
        "platform": "meet",
        "start": "2026-11-20T09:00:02+00:00",
        "end": "2026-11-20T09:20:13.141261+00:00",
        "participants": [
            {"id": "p1", "client": {"app": "browser", "browser": "chrome"}},
            {"id": "p2", "client": {"app": "browser", "browser": "internet_explorer"}},
        ],
        "recording": {"audio": True, "video": True},
        "imported": {
            "format": "pexip-history",
            "fields": {
                "id": "conference",
                "platform": "local_alias",
                "start": "start_time",
                "end": "end_time",
                "participants[0].id": "id",
                "participants[0].client.app": "vendor",
                "participants[0].client.browser": "vendor",
                "participants[1].id": "id",
                "participants[1].client.app": "vendor",
                "participants[1].client.browser": "vendor",
                "recording.audio": "is_streaming",
                "recording.video": "is_streaming",
            },
            "cannot_tell": CANNOT_TELL,
        },
    }
    assert expected == records(read(located(PARTICIPANTS)))[C1]


def test_internet_explorer_on_meet_gives_oc403() -> None:
    """A participant-history page with an IE user agent on a Meet alias fires OC403 only.

    No kind, no role: the record loads as an imported one, and OC406 (a Meet room not
    ordered) stays quiet because Pexip cannot tell how a room was ordered.
    """
    record = records(read(located(PARTICIPANTS)))[C1]
    violations = oc.check(oc.load_meeting(record))
    expected = [("OC403", "participants[1].client.browser", "vendor")]
    assert expected == [(v.code, v.path, v.source_field) for v in violations]


def test_every_record_read_loads() -> None:
    """What the reader writes is a valid imported record, with and without conventions."""
    items = located(CONFERENCES) + located(PARTICIPANTS) + located(DATA / "participants.jsonl")
    for conventions in (Conventions(), VK):
        for record in records(read(items, conventions)).values():
            assert record["id"] == oc.load_meeting(record).id


def test_edge_legacy_on_a_sip_alias_at_meet() -> None:
    """``sip:room@meet.regionh.dk`` is Meet too; a Cisco endpoint is a video endpoint."""
    record = records(read(located(PARTICIPANTS)))[C2]
    assert "meet" == record["platform"]
    clients = [participant["client"] for participant in record["participants"]]
    assert [{"app": "video_endpoint"}, {"app": "browser", "browser": "edge_legacy"}] == clients
    assert ["OC403"] == [v.code for v in oc.check(oc.load_meeting(record))]


def test_conference_history_joins_its_participants_in_either_order() -> None:
    """Conference entries give the id, name, tag and times, whichever file comes first."""
    for files in ([CONFERENCES, PARTICIPANTS], [PARTICIPANTS, CONFERENCES]):
        results = read([item for path in files for item in located(path)], VK)
        found = records(results)
        assert [C1, C2, C3] == sorted(found, key=[C1, C2, C3].index)
        assert {"conference-page.json"} == {result.file for result in results}
        assert "video_consultation" == found[C1]["kind"]
        assert "name" == found[C1]["imported"]["fields"]["kind"]
        assert "id" == found[C1]["imported"]["fields"]["id"]
        assert 2 == len(found[C1]["participants"])
        assert "2026-11-20T09:00:02+00:00" == found[C1]["start"]


def test_a_conference_alone_is_a_meeting_without_participant_detail() -> None:
    """No participant entries: the conference's times, no platform, no participants."""
    expected = {
        "id": C3,
        "start": "2026-11-21T08:00:00+00:00",
        "end": "2026-11-21T08:10:00+00:00",
        "imported": {
            "format": "pexip-history",
            "fields": {"id": "id", "start": "start_time", "end": "end_time"},
            "cannot_tell": CANNOT_TELL,
        },
    }
    assert expected == records(read(located(CONFERENCES), VK))[C3]


def test_kind_by_the_conference_name_then_the_service_tag() -> None:
    """The site's ``kinds`` globs read the name first, then the tag; nothing matches, no kind."""
    conventions = Conventions(kinds=(("kardio", Kind.VIDEO_CONSULTATION),))
    found = records(read(located(CONFERENCES) + located(PARTICIPANTS), conventions))
    assert ("video_consultation", "tag") == (
        found[C1]["kind"],
        found[C1]["imported"]["fields"]["kind"],
    )
    assert "kind" not in found[C2]
    participant = {**page(PARTICIPANTS)["objects"][0], "service_tag": "kardio"}
    record = records(read(entries([participant]), conventions))[C1]
    assert "service_tag" == record["imported"]["fields"]["kind"]


def test_history_times_are_utc_unless_the_policy_says_otherwise() -> None:
    """Times without an offset are UTC by Pexip's documentation; ``timezone`` changes that."""
    copenhagen = Conventions(timezone="Europe/Copenhagen")
    record = records(read(located(CONFERENCES), copenhagen))[C1]
    assert "2026-11-20T09:00:02+01:00" == record["start"]
    assert "2026-11-20T09:00:02+00:00" == records(read(located(CONFERENCES)))[C1]["start"]


def test_platform_by_the_sites_globs_and_not_when_aliases_disagree() -> None:
    """``platforms`` globs name other hosts; two platforms in one conference name none."""
    minsp = Conventions(platforms=(("*.minsp.example", Platform.MINSP),))
    first, second = page(PARTICIPANTS)["objects"][:2]
    alias = "sip:4711@video.minsp.example"
    record = records(read(entries([{**first, "local_alias": alias}]), minsp))[C1]
    assert "minsp" == record["platform"]
    mixed = read(entries([{**first, "local_alias": alias}, second]), minsp)
    assert "platform" not in records(mixed)[C1]
    unknown = read(entries([{**first, "local_alias": "meet.alice"}]))
    assert "platform" not in records(unknown)[C1]


def test_virtual_desktop_by_the_sites_address_ranges() -> None:
    """With ranges configured an address says yes or no; without, nothing is said."""
    ranges = Conventions(virtual_desktop_networks=(ipaddress.ip_network("10.128.0.0/16"),))
    record = records(read(located(PARTICIPANTS), ranges))[C1]
    workplaces = [p["client"]["virtual_workplace"] for p in record["participants"]]
    assert [True, False] == workplaces
    assert (
        "remote_address" == record["imported"]["fields"]["participants[0].client.virtual_workplace"]
    )
    plain = records(read(located(PARTICIPANTS)))[C1]
    assert all("virtual_workplace" not in p["client"] for p in plain["participants"])


def test_a_streaming_leg_is_a_recording_not_a_participant() -> None:
    """``is_streaming`` is a device; its listed streams say what it recorded; no media, none."""
    objects = page(PARTICIPANTS)["objects"]
    stream = objects[2]
    audio_only = {**stream, "media_streams": [{"stream_type": "audio", "id": 1}]}
    record = records(read(entries([objects[0], audio_only])))[C1]
    assert {"audio": True} == record["recording"]
    assert 1 == len(record["participants"])
    silent = {**stream, "has_media": False}
    assert "recording" not in records(read(entries([objects[0], silent])))[C1]
    assert "recording" not in records(read(entries([objects[0], objects[1]])))[C1]


def test_an_entry_read_twice_counts_once() -> None:
    """Overlapping pages repeat entries; a participant or conference is counted once."""
    objects = page(PARTICIPANTS)["objects"]
    conference = page(CONFERENCES)["objects"][0]
    results = read(entries([conference, *objects[:2], conference, *objects[:2]]))
    record = records(results)[C1]
    assert 2 == len(record["participants"])
    assert 1 == len(results)


def test_a_nested_conference_joins_and_tells_what_an_entry_would() -> None:
    """``conference`` may be the entry itself rather than its URI."""
    conference = page(CONFERENCES)["objects"][0]
    participant = {**page(PARTICIPANTS)["objects"][1], "conference": conference}
    record = records(read(entries([participant]), VK))[C1]
    fields = record["imported"]["fields"]
    expected = ("video_consultation", "conference.name", "conference.start_time")
    assert expected == (record["kind"], fields["kind"], fields["start"])


def test_unreadable_entries_are_named_at_their_place_and_the_rest_is_read() -> None:
    """Each bad entry is one unreadable record saying which field, in input order."""
    first, second = page(PARTICIPANTS)["objects"][:2]
    status = {**first, "resource_uri": "/api/admin/status/v1/participant/x/"}
    items = [
        Located("a.json", RawRecord(1, {"meta": {}, "objects": [{**first, "vendor": 7}, second]})),
        Located(
            "a.json", UnreadableRecord(2, "line is not valid JSON: Expecting value (column 1)")
        ),
        *entries([{**first, "conference": None}, ["x"], status, {"alarm": 1}], "b.jsonl"),
        *entries([{**first, "conference": "Henning Sørensens møderum"}], "c.jsonl"),
    ]
    expected = [
        ("a.json", 1, "Pexip participant history entry: 'vendor' is not text", "objects[0].vendor"),
        ("a.json", 1, "record", C1),
        ("a.json", 2, "line is not valid JSON: Expecting value (column 1)", ""),
        (
            "b.jsonl",
            1,
            (
                "Pexip participant history entry: it names no conference ('conference'), "
                "so it joins no meeting"
            ),
            "conference",
        ),
        ("b.jsonl", 2, "Pexip history: a history entry is not JSON objects", ""),
        (
            "b.jsonl",
            3,
            "Pexip history: this is a live status entry, not history; export the history",
            "",
        ),
        ("b.jsonl", 4, "Pexip history: neither a participant nor a conference history entry", ""),
        (
            "c.jsonl",
            1,
            "Pexip participant history entry: 'conference' is not a conference history URI or id",
            "conference",
        ),
    ]
    actual = [
        (r.file, r.item.line, "record", record_id(r.item))
        if isinstance(r.item, RawRecord)
        else (r.file, r.item.line, r.item.message, r.item.path)
        for r in read(items)
    ]
    assert expected == actual


def test_recognised_by_documented_fields() -> None:
    """A page or an entry of history is recognised; our records and the event sink are not."""
    participant = page(PARTICIPANTS)["objects"][0]
    conference = page(CONFERENCES)["objects"][0]
    assert PEXIP_HISTORY is FORMATS["pexip-history"]
    for value in (page(PARTICIPANTS), page(CONFERENCES), participant, conference):
        assert recognise(value) is PEXIP_HISTORY
    bare = {key: participant[key] for key in ("conference", "conference_name", "local_alias")}
    ours = {"id": "m1", "kind": "internal_meeting", "platform": "meet", "participants": []}
    event = {"node": "10.0.0.1", "seq": 1, "event": "participant_connected", "data": participant}
    for value in ({"meta": {}, "objects": []}, bare, ours, event, [participant], "x"):
        assert not PEXIP_HISTORY.recognises(value)


def test_jsonl_of_entries_reads_like_the_page() -> None:
    """One entry a line gives the same records, located at each conference's first line."""
    path = DATA / "participants.jsonl"
    with path.open("rb") as file:
        items = [Located("p.jsonl", item) for item in read_json_lines(file)]
    results = read(items)
    assert [1, 4] == [result.item.line for result in results]
    from_page = records(read(located(PARTICIPANTS)))
    assert from_page == records(results)


PERSONAL = (
    "Birte Lund",
    "Henning",
    "birte.lund@example.dk",
    "regionh.dk",
    "vk4711",
    "85.191.64.12",
    "10.128.14.55",
    "Jens Hansen",
    "room314",
    "rtmps://",
    "vk-kardio",
    "Tværfaglig",
    "Mødelokale",
)


def test_no_name_alias_or_address_reaches_a_record_or_message() -> None:
    """Names, e-mail addresses, aliases, addresses and conference names are read, never copied."""
    first = page(PARTICIPANTS)["objects"][0]
    items = [
        *located(CONFERENCES),
        *located(PARTICIPANTS),
        *entries([{**first, "conference": "Henning Sørensen"}, {**first, "vendor": 1}]),
    ]
    written = json.dumps([str(result.item) for result in read(items, VK)], ensure_ascii=False)
    assert [] == [value for value in PERSONAL if value in written]


secret = st.text(alphabet="abcdefghij .@", min_size=1, max_size=12).map(
    lambda text: f"\u2603{text}"
)
"""Text no record or message could hold by chance: it starts with a snowman."""


@given(secret, secret, secret, secret)
def test_no_input_text_leaks(name: str, alias: str, address: str, room: str) -> None:
    """Whatever the names, aliases and addresses are, none of them is written."""
    objects = [
        {
            **entry,
            "display_name": name,
            "remote_alias": alias,
            "remote_address": address,
            "local_alias": f"{room}@meet.regionh.dk",
            "conference_name": room,
        }
        for entry in page(PARTICIPANTS)["objects"]
    ]
    results = read(entries(objects), VK)
    written = json.dumps([str(result.item) for result in results], ensure_ascii=False)
    assert not any(value in written for value in (name, alias, address, room))


def summary(record: dict[str, Any]) -> dict[str, Any]:
    """Return a record without the order of its participants."""
    clients = sorted(
        json.dumps(p.get("client", {}), sort_keys=True) for p in record["participants"]
    )
    rest = {key: value for key, value in record.items() if key not in {"participants", "imported"}}
    return {**rest, "clients": clients}


@given(st.permutations(page(CONFERENCES)["objects"] + page(PARTICIPANTS)["objects"]))
def test_any_order_of_entries_reads_the_same_meetings(shuffled: list[Any]) -> None:
    """Shuffled entries give the same meetings, none unreadable; only participant order moves."""
    expected = {
        key: summary(record)
        for key, record in records(read(located(CONFERENCES) + located(PARTICIPANTS))).items()
        if "participants" in record
    }
    found = records(read(entries(shuffled)))
    assert expected == {key: summary(r) for key, r in found.items() if "participants" in r}
    assert {C1, C2, C3} == set(found)


def test_receptions_test_calls_and_playback_are_no_meetings() -> None:
    """A Virtual Reception, a test call or a playback gives no record; a gateway call does."""
    conference = page(CONFERENCES)["objects"][0]
    first = page(PARTICIPANTS)["objects"][0]
    for service in ("two_stage_dialing", "test_call", "media_playback"):
        assert [] == read(entries([{**conference, "service_type": service}, first]))
        assert [] == read(entries([{**first, "service_type": service}]))
    assert [C1] == list(records(read(entries([{**first, "service_type": "gateway"}]))))


def test_the_examples_read() -> None:
    """The example pages in ``examples/exports`` read, load and show OC403."""
    examples = Path(__file__).parent.parent / "examples" / "exports"
    items = located(examples / "pexip-history-conferences.json")
    items += located(examples / "pexip-history-participants.json")
    codes = [
        violation.code
        for record in records(read(items, VK)).values()
        for violation in oc.check(oc.load_meeting(record))
    ]
    assert 2 == codes.count("OC403")


def test_a_record_id_is_only_ever_a_number_or_a_uuid() -> None:
    """A conference id that could hold a name is refused, and the name is not repeated."""
    conference = page(CONFERENCES)["objects"][0]
    named = {**conference, "id": "Henning Sørensen"}
    uri = "/api/admin/history/v1/conference/Henning/"
    by_uri = {key: value for key, value in conference.items() if key != "id"} | {
        "resource_uri": uri
    }
    participant = {**page(PARTICIPANTS)["objects"][0], "conference": uri}
    numbered = {**conference, "id": 42}
    expected = [
        ("Pexip conference history entry: 'id' is not a number or a UUID", "id"),
        (
            (
                "Pexip conference history entry: "
                "'resource_uri' is not a history URI that ends in a number or a UUID"
            ),
            "resource_uri",
        ),
        (
            "Pexip participant history entry: 'conference' is not a conference history URI or id",
            "conference",
        ),
        ("record", "42"),
    ]
    actual = [
        (r.item.message, r.item.path)
        if isinstance(r.item, UnreadableRecord)
        else ("record", record_id(r.item))
        for r in read(entries([named, by_uri, participant, numbered]))
    ]
    assert expected == actual


def test_check_a_participant_history_page_from_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``check --from pexip-history`` and ``check`` alone both find OC403 at the entry's line."""
    for argv in (["--from", "pexip-history", str(PARTICIPANTS)], [str(PARTICIPANTS)]):
        code = main(["check", "--isolated", "--format", "json", *argv])
        findings = json.loads(capsys.readouterr().out)["findings"]
        found = [(f["code"], f["line"], f["path"], f["source_field"]) for f in findings]
        assert 1 == code
        assert ("OC403", 10, "participants[1].client.browser", "vendor") == found[0]
        assert ["OC403", "OC403"] == [finding[0] for finding in found]
