"""Tests for the Microsoft Graph readers: ``graph-callrecord`` and ``graph-meeting``.

The fixtures under ``tests/data/exports/graph-*/`` are Graph's documented example
responses (``microsoftgraph/microsoft-graph-docs-contrib``, ``api-reference/v1.0``),
copied as they are, plus realistic variations with Danish names, addresses, phone
numbers and IP addresses, so the privacy tests bite.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.load.schema import meeting_schema
from onlinecompliance.model import Kind
from onlinecompliance.sources.exports.base import Located
from onlinecompliance.sources.exports.conventions import Conventions
from onlinecompliance.sources.exports.graph import (
    CANNOT_TELL,
    GRAPH_CALLRECORD,
    GRAPH_MEETING,
    LOBBY_SCOPES,
    is_call_record,
    recognises_meeting,
)
from onlinecompliance.sources.items import RawRecord, UnreadableRecord

if TYPE_CHECKING:
    from random import Random

DATA = Path(__file__).parent / "data" / "exports"
CALLS = DATA / "graph-callrecord"
MEETINGS = DATA / "graph-meeting"
DOCUMENTED_CALLS = ("get-basic.json", "get-expanded.json", "get-participants.json", "list.json")
"""``callrecords-callrecord-get.md`` examples 1, 2 (``$expand=sessions($expand=segments)``)
and 3, and ``callrecords-cloudcommunications-list-callrecords.md`` example 1."""
DOCUMENTED_MEETINGS = (
    "get-by-vtc-id.json",
    "get-by-meeting-id.json",
    "get-by-join-web-url.json",
    "get-by-join-meeting-id.json",
)
"""``onlinemeeting-get.md`` examples 1 to 4."""
REGION = "7d3c1a4e-5b6f-4c2d-9e8f-1a2b3c4d5e6f"
CONTOSO = "dc368399-474c-4d40-900c-6265431fd81f"
SITE = Conventions(
    region_tenants=frozenset({REGION}),
    kinds=(("patientkonference*", Kind.PATIENT_CONFERENCE),),
)
PERSONAL_KEYS = frozenset(
    {
        "displayName",
        "userPrincipalName",
        "upn",
        "emailAddress",
        "subject",
        "name",
        "ipAddress",
        "reflexiveIPAddress",
        "subnet",
        "captureDeviceName",
        "renderDeviceName",
        "callRecordingDisplayName",
        "callRecordingUrl",
        "headerValue",
        "passcode",
        "joinWebUrl",
        "chatDisplayName",
    }
)
"""Members whose values are personal or may be, and must never reach a record."""


def located(path: Path) -> list[Located]:
    """Decode a file as the framework does.

    A JSON lines file by line, a Graph page or an array by element (each at the line
    it starts on), otherwise the whole document.
    """
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        return [
            Located(path.name, RawRecord(number, json.loads(line)))
            for number, line in enumerate(text.splitlines(), 1)
            if line.strip()
        ]
    document = json.loads(text)
    if isinstance(document, dict) and isinstance(document.get("value"), list):
        position = text.index("[", text.index('"value"'))
    elif isinstance(document, list):
        position = text.index("[")
    else:
        return [Located(path.name, RawRecord(1, document))]
    decoder = json.JSONDecoder()
    items: list[Located] = []
    position += 1
    while True:
        while text[position] in " \t\r\n,":
            position += 1
        if text[position] == "]":
            return items
        value, end = decoder.raw_decode(text, position)
        line = text.count("\n", 0, position) + 1
        items.append(Located(path.name, RawRecord(line, value)))
        position = end


def data(item: Located) -> Any:
    """Return the decoded value of an item that is not unreadable."""
    assert isinstance(item.item, RawRecord), item
    return item.item.data


def records(items: list[Located]) -> list[dict[str, Any]]:
    """Return the records among read items, failing on an unreadable one."""
    out = []
    for item in items:
        assert isinstance(item.item, RawRecord), item
        assert isinstance(item.item.data, dict)
        out.append(item.item.data)
    return out


def read_calls(*names: str, conventions: Conventions = SITE) -> list[Located]:
    """Read call record fixtures with ``graph-callrecord``."""
    items = [item for name in names for item in located(CALLS / name)]
    return list(GRAPH_CALLRECORD.read(items, conventions))


def read_meetings(*paths: Path, conventions: Conventions = SITE) -> list[Located]:
    """Read meeting fixtures with ``graph-meeting``, all files in one call."""
    items = [item for path in paths for item in located(path)]
    return list(GRAPH_MEETING.read(items, conventions))


def personal_values(value: object) -> set[str]:
    """Every string under a personal member, and every phone number, in a source value."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, member in value.items():
            if key in PERSONAL_KEYS and isinstance(member, str) and len(member) > 3:
                found.add(member)
            if key == "phone" and isinstance(member, dict) and isinstance(member.get("id"), str):
                found.add(member["id"])
            found |= personal_values(member)
    elif isinstance(value, list):
        for member in value:
            found |= personal_values(member)
    return found


def without_chat_text(record: dict[str, Any]) -> dict[str, Any]:
    """Return a record without its chat texts, the one text carried on purpose."""
    copied = copy.deepcopy(record)
    for message in copied.get("chat", []):
        message.pop("text", None)
    return copied


def patient_conference() -> list[Located]:
    """Read the realistic variation: a meeting, the documented report, and its chat."""
    return read_meetings(
        MEETINGS / "patient-conference-meeting.json",
        MEETINGS / "attendance-report.json",
        MEETINGS / "patient-conference-chat.json",
    )


# ---------------------------------------------------------------------------
# graph-callrecord


@pytest.mark.parametrize("name", DOCUMENTED_CALLS)
def test_documented_call_record_examples_read_with_no_invalid_record(name: str) -> None:
    """Held-out check: Graph's documented callRecord examples read with nothing unreadable."""
    for conventions in (Conventions(), SITE):
        read = read_calls(name, conventions=conventions)
        assert read
        for record in records(read):
            assert record["imported"]["format"] == "graph-callrecord"
            assert record["imported"]["cannot_tell"] == list(CANNOT_TELL)


def test_expanded_example_reads_participants_and_organiser() -> None:
    """The sessions' endpoints are the organiser and the callee; Skype clients are not known."""
    conventions = Conventions(region_tenants=frozenset({CONTOSO}))
    (record,) = records(read_calls("get-expanded.json", conventions=conventions))
    assert record["id"] == "e523d2ed-2966-4b6b-925b-754a88034cc5"
    assert record["platform"] == "teams"
    assert record["start"] == "2020-02-25T18:52:21.216988+00:00"
    assert record["participants"] == [
        {"id": "p1", "organisation": "region", "organiser": True},
        {"id": "p2", "organisation": "region", "organiser": False},
    ]
    assert record["teams"] == {"tenant": "regional"}
    assert "kind" not in record
    fields = record["imported"]["fields"]
    assert fields["participants[1].id"] == "sessions[0].callee.associatedIdentity"
    assert fields["teams.tenant"] == "organizer_v2.identity.user.tenantId"


def test_documented_participants_with_one_id_are_two_people() -> None:
    """Example 3 gives both participants the same ``id``: people are told apart by identity."""
    (record,) = records(read_calls("get-participants.json"))
    assert [person["id"] for person in record["participants"]] == ["p1", "p2"]


def test_tenant_is_not_known_without_region_tenants() -> None:
    """Without ``region-tenants`` neither organisation nor tenant is known."""
    (record,) = records(read_calls("get-basic.json", conventions=Conventions()))
    assert record["participants"] == [{"id": "p1", "organiser": True}]
    assert "teams" not in record


def test_another_tenant_is_external_and_no_organisation() -> None:
    """A configured region tenant that is not the organiser's: external, organisation left out."""
    (record,) = records(read_calls("get-basic.json"))
    assert record["teams"] == {"tenant": "external"}
    assert record["participants"] == [{"id": "p1", "organiser": True}]


def test_unknown_call_type_leaves_the_platform_out_and_a_phone_organiser_is_a_phone() -> None:
    """``type: unknown`` without a join URL: platform not known; a phone identity joins by phone."""
    first, second = records(read_calls("list.json"))
    assert "platform" not in first
    assert "platform" not in second
    assert second["participants"] == [{"id": "p1", "client": {"app": "phone"}, "organiser": True}]


def test_group_meeting_clients_guests_and_services() -> None:
    """Teams app, a browser from the web client's header, an anonymous guest and a phone."""
    (record,) = records(read_calls("group-meeting.json"))
    assert record["participants"] == [
        {"id": "p1", "organisation": "region", "client": {"app": "teams"}, "organiser": True},
        {"id": "p2", "client": {"app": "browser", "browser": "edge"}, "organiser": False},
        {
            "id": "p3",
            "identity": "display_name",
            "client": {"app": "browser", "browser": "safari"},
            "organiser": False,
        },
        {"id": "p4", "client": {"app": "phone"}, "organiser": False},
    ]
    assert record["teams"] == {"tenant": "regional", "anonymous_join": True}
    fields = record["imported"]["fields"]
    assert fields["participants[1].client.browser"] == "sessions[1].caller.userAgent.headerValue"
    assert fields["participants[1].client.app"] == "sessions[1].caller.userAgent.platform"
    assert fields["teams.anonymous_join"] == "participants_v2[2].identity.guest"


def test_json_lines_room_system_internet_explorer_and_deprecated_participants() -> None:
    """A room system is a video endpoint; IE on the web client is read; ``participants`` too."""
    first, second = records(read_calls("calls.jsonl"))
    assert first["participants"][1]["client"] == {"app": "video_endpoint"}
    assert first["participants"][2]["client"] == {
        "app": "browser",
        "browser": "internet_explorer",
    }
    assert second["platform"] == "teams"
    assert second["participants"][1] == {
        "id": "p2",
        "organisation": "region",
        "client": {"app": "browser", "browser": "safari"},
        "organiser": False,
    }


def test_call_records_come_located_in_order() -> None:
    """Each record is at the line its value starts on, files in order."""
    read = read_calls("list.json", "calls.jsonl", "get-basic.json")
    assert [(item.file, item.item.line) for item in read] == [
        ("list.json", 4),
        ("list.json", 33),
        ("calls.jsonl", 1),
        ("calls.jsonl", 2),
        ("get-basic.json", 1),
    ]


def test_not_a_call_record_is_unreadable_without_its_values() -> None:
    """A value that is no callRecord, or whose id is no GUID, is unreadable; values not repeated."""
    secret = "Jens Hansen 010190-1235"  # noqa: S105 (a name, not a password)
    good = data(located(CALLS / "get-basic.json")[0])
    assert isinstance(good, dict)
    items = [
        Located("x.json", RawRecord(1, {"name": secret})),
        Located("x.json", RawRecord(2, {**good, "id": secret})),
        Located("x.json", UnreadableRecord(3, "not JSON")),
    ]
    read = list(GRAPH_CALLRECORD.read(items, SITE))
    assert [type(item.item) for item in read] == [UnreadableRecord] * 3
    assert read[2] == items[2]
    assert isinstance(read[1].item, UnreadableRecord)
    assert read[1].item.path == "id"
    assert all(secret not in repr(item) for item in read)


def test_call_records_hold_no_personal_value() -> None:
    """No name, address, phone number, IP address, device or user agent reaches a record."""
    names = (*DOCUMENTED_CALLS, "group-meeting.json", "calls.jsonl")
    for name in names:
        sources = [data(item) for item in located(CALLS / name)]
        secrets = personal_values(sources)
        text = json.dumps(records(read_calls(name)), ensure_ascii=False)
        assert secrets
        assert not [secret for secret in secrets if secret in text], name


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_subset_and_order_of_participants_and_sessions_reads(draws: st.DataObject) -> None:
    """Dropping or shuffling participants and sessions never makes a record unreadable."""
    value = data(located(CALLS / "group-meeting.json")[0])
    assert isinstance(value, dict)
    varied = dict(value)
    for key in ("participants_v2", "sessions"):
        members = draws.draw(st.permutations(value[key]))
        varied[key] = members[: draws.draw(st.integers(0, len(members)))]
    if draws.draw(st.booleans()):
        varied.pop("organizer_v2")
    (record,) = records(list(GRAPH_CALLRECORD.read([Located("f", RawRecord(1, varied))], SITE)))
    ids = [person["id"] for person in record.get("participants", [])]
    assert ids == [f"p{number}" for number in range(1, len(ids) + 1)]
    assert not personal_values(varied) & set(json.dumps(record).split('"'))


# ---------------------------------------------------------------------------
# graph-meeting


@pytest.mark.parametrize("name", DOCUMENTED_MEETINGS)
def test_documented_meeting_examples_read(name: str) -> None:
    """Each documented onlineMeeting example reads to one Teams record."""
    (record,) = records(read_meetings(MEETINGS / name))
    assert record["platform"] == "teams"
    assert record["participants"][0]["organiser"] is True
    assert "kind" not in record


def test_lobby_scopes_map_and_federated_is_not_known() -> None:
    """``everyone`` and ``organization`` map; ``organizationAndFederated`` has no equivalent."""
    (vtc,) = records(read_meetings(MEETINGS / "get-by-vtc-id.json"))
    (by_id,) = records(read_meetings(MEETINGS / "get-by-meeting-id.json"))
    assert vtc["teams"] == {"lobby_bypass": "everyone"}
    assert by_id["teams"]["lobby_bypass"] == "organisation"
    assert LOBBY_SCOPES["organizationAndFederated"] is None
    value = data(located(MEETINGS / "get-by-meeting-id.json")[0])
    assert isinstance(value, dict)
    federated = {**value, "lobbyBypassSettings": {"scope": "organizationAndFederated"}}
    (record,) = records(list(GRAPH_MEETING.read([Located("m", RawRecord(1, federated))], SITE)))
    assert "lobby_bypass" not in record.get("teams", {})
    deprecated = {key: item for key, item in value.items() if key != "lobbyBypassSettings"}
    (record,) = records(list(GRAPH_MEETING.read([Located("m", RawRecord(1, deprecated))], SITE)))
    assert record["teams"]["lobby_bypass"] == "organisation"
    assert record["imported"]["fields"]["teams.lobby_bypass"] == "autoAdmittedUsers"


def test_documented_report_and_chat_alone_are_unreadable() -> None:
    """A report or message whose meeting is not in the input cannot be joined."""
    read = read_meetings(MEETINGS / "attendance-report.json", MEETINGS / "chat-messages.json")
    assert [type(item.item) for item in read] == [UnreadableRecord] * 4
    assert [item.item.line for item in read] == [1, 6, 42, 78]


def test_documented_chat_joins_by_thread_id() -> None:
    """Messages join the meeting whose ``chatInfo.threadId`` is their ``chatId``."""
    value = data(located(MEETINGS / "get-by-meeting-id.json")[0])
    assert isinstance(value, dict)
    meeting = {**value, "chatInfo": {"threadId": "19:2da4c29f6d7041eca70b638b43d45437@thread.v2"}}
    items = [
        Located("meeting.json", RawRecord(1, meeting)),
        *located(MEETINGS / "chat-messages.json"),
        *located(MEETINGS / "system-events.json"),
    ]
    read = list(GRAPH_MEETING.read(items, SITE))
    assert [(item.file, type(item.item)) for item in read] == [
        ("meeting.json", RawRecord),
        ("system-events.json", UnreadableRecord),
    ]
    (record,) = records(read[:1])
    assert record["chat"] == [
        {"text": "Hello world", "sender": "p2", "sent_at": "2021-03-28T20:48:29.832000+00:00"}
    ]
    assert record["recording"] == {"transcript": True}


def test_patient_conference() -> None:
    """Kind by the subject's convention, tenant, lobby, recording, attendance and chat."""
    (record,) = records(patient_conference())
    assert record["id"] == "MSpkYzE3Njc0Yy04MWQ5LTRhZGItYmZ"
    assert record["kind"] == "patient_conference"
    assert record["teams"] == {"tenant": "regional", "lobby_bypass": "everyone"}
    assert record["recording"] == {"video": True, "transcript": True}
    assert record["participants"] == [
        {"id": "p1", "organisation": "region", "organiser": True},
        {"id": "p2", "organiser": False},
        {"id": "p3", "organisation": "region"},
        {"id": "p4", "organiser": False},
        {"id": "p5", "organiser": False},
    ]
    assert [(message["sender"], message["sent_at"][:16]) for message in record["chat"]] == [
        ("p1", "2026-11-20T09:00"),
        ("p1", "2026-11-20T09:25"),
        ("p2", "2026-11-20T09:32"),
    ]
    assert record["chat"][2]["text"] == "Tak. Jeg sender epikrisen til lars.ostergaard@kk.dk"
    fields = record["imported"]["fields"]
    assert fields["kind"] == "subject"
    assert fields["participants[4].id"] == "attendanceReport.attendanceRecords[0].identity"


def test_subject_is_never_copied() -> None:
    """The subject (here with a name and a CPR number) only gives the kind."""
    text = json.dumps(records(patient_conference()), ensure_ascii=False)
    assert "Jens Hansen" not in text
    assert "hjertesvigt" not in text
    without = Conventions(region_tenants=frozenset({REGION}))
    items = located(MEETINGS / "patient-conference-meeting.json")
    (record,) = records(list(GRAPH_MEETING.read(items, without)))
    assert "kind" not in record


def test_meetings_hold_no_personal_value_outside_chat_text() -> None:
    """Names, addresses, UPNs, passcodes, join URLs and recording names stay out."""
    paths = sorted(MEETINGS.glob("*.json"))
    sources = [data(item) for path in paths for item in located(path)]
    secrets = personal_values(sources)
    read = [item for path in paths for item in read_meetings(path)] + patient_conference()
    text = json.dumps(
        [
            without_chat_text(data(item)) if isinstance(item.item, RawRecord) else repr(item)
            for item in read
        ],
        ensure_ascii=False,
    )
    assert secrets
    assert not [secret for secret in secrets if secret in text]


def test_unknown_values_and_bad_ids_are_unreadable() -> None:
    """A value that is no part of a meeting export, or a meeting id that is not Graph's."""
    value = data(located(MEETINGS / "get-by-meeting-id.json")[0])
    assert isinstance(value, dict)
    items = [
        Located("a", RawRecord(1, {"id": "vk-1", "kind": "video_consultation"})),
        Located("a", RawRecord(2, {**value, "id": "jens hansen@regionh.dk"})),
    ]
    read = list(GRAPH_MEETING.read(items, SITE))
    assert [type(item.item) for item in read] == [UnreadableRecord] * 2
    assert "jens" not in repr(read)


@settings(max_examples=30, deadline=None)
@given(st.randoms(use_true_random=False))
def test_any_order_of_the_values_reads_the_same_meeting(random: Random) -> None:
    """Shuffled values (reports and messages before their meeting) join just the same."""
    items = [
        item
        for path in (
            MEETINGS / "patient-conference-meeting.json",
            MEETINGS / "attendance-report.json",
            MEETINGS / "patient-conference-chat.json",
        )
        for item in located(path)
    ]
    random.shuffle(items)
    (record,) = records(list(GRAPH_MEETING.read(items, SITE)))
    (expected,) = records(patient_conference())
    assert record["chat"] == expected["chat"]
    assert record["recording"] == expected["recording"]
    assert len(record["participants"]) == len(expected["participants"])


# ---------------------------------------------------------------------------
# Recognition


def test_recognition_is_strict_and_exclusive() -> None:
    """Each format knows its own values, not the other's, and not our record format."""
    for name in (*DOCUMENTED_CALLS, "group-meeting.json", "calls.jsonl"):
        for item in located(CALLS / name):
            assert is_call_record(data(item))
            assert not recognises_meeting(data(item))
    for path in sorted(MEETINGS.glob("*.json")):
        for item in located(path):
            assert recognises_meeting(data(item)), path
            assert not is_call_record(data(item))
    ours = Path(__file__).parent.parent / "examples" / "meetings.jsonl"
    for line in ours.read_text(encoding="utf-8").splitlines():
        if line.strip():
            value = json.loads(line)
            assert not is_call_record(value)
            assert not recognises_meeting(value)


def test_examples_read_with_nothing_unreadable() -> None:
    """The small exports in ``examples/exports/`` read to one record each."""
    examples = Path(__file__).parent.parent / "examples" / "exports"
    (call,) = records(
        list(GRAPH_CALLRECORD.read(located(examples / "graph-callrecord.json"), SITE))
    )
    (meeting,) = records(list(GRAPH_MEETING.read(located(examples / "graph-meeting.json"), SITE)))
    assert call["platform"] == meeting["platform"] == "teams"
    assert meeting["kind"] == "patient_conference"


# ---------------------------------------------------------------------------
# Loading and checking the records


def all_records() -> list[dict[str, Any]]:
    """Return every record the fixtures give, with both formats."""
    calls = [
        record
        for name in (*DOCUMENTED_CALLS, "group-meeting.json", "calls.jsonl")
        for record in records(read_calls(name))
    ]
    meetings = [
        data(item)
        for path in sorted(MEETINGS.glob("*.json"))
        for item in read_meetings(path)
        if isinstance(item.item, RawRecord)
    ]
    return calls + meetings + records(patient_conference())


def test_every_record_loads_with_no_input_error() -> None:
    """Held-out check, second half: the records load (and meet the schema) with no input error."""
    validator = jsonschema.Draft202012Validator(meeting_schema())
    found = all_records()
    assert len(found) == 14
    for record in found:
        meeting = oc.load_meeting(record)
        assert meeting.imported is not None
        assert validator.is_valid(record), record["id"]


def test_documented_call_records_give_no_finding() -> None:
    """A call record tells no kind or role: the rules that need them stay quiet."""
    for name in DOCUMENTED_CALLS:
        for record in records(read_calls(name)):
            assert oc.check(oc.load_meeting(record)) == []


def test_patient_conference_findings_name_their_source_fields() -> None:
    """Chat with a CPR number, a recording, and a lobby everyone bypasses."""
    (record,) = records(patient_conference())
    violations = oc.check(oc.load_meeting(record))
    assert [(found.code, found.path, found.source_field) for found in violations] == [
        ("OC201", "chat[1].text", "chatMessage.body.content"),
        ("OC203", "recording", "chatMessage.eventDetail.@odata.type"),
        ("OC303", "teams.lobby_bypass", "lobbyBypassSettings.scope"),
    ]
    assert all("010190" not in found.message for found in violations)
