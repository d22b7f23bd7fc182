"""Tests for reading eHealth video appointments (FHIR) into records."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.model import Platform
from onlinecompliance.sources import RawRecord, UnreadableRecord, read_json_lines, read_json_text
from onlinecompliance.sources.exports import FORMATS, Conventions, Located, recognise
from onlinecompliance.sources.exports.fhir import FHIR_APPOINTMENT
from onlinecompliance.sources.exports.vdx import VDX_BOOKING

DATA = Path(__file__).parent / "data" / "exports" / "fhir-appointment"
SITE = Conventions(platforms=(("sms.vdx.regionh.dk", Platform.SMS_VIDEO),))
CANNOT_TELL = ["minsp_fallback", "recording.basis", "room.booked_via"]


def document(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def located(*names: str) -> list[Located]:
    """Decode fixture files: JSONL by line, a JSON document whole (a Bundle included)."""
    items: list[Located] = []
    for name in names:
        content = (DATA / name).read_bytes()
        reader = (
            read_json_lines(io.BytesIO(content))
            if name.endswith(".jsonl")
            else read_json_text(content)
        )
        items.extend(Located(name, item) for item in reader)
    return items


def entries(name: str) -> list[Located]:
    """Give a Bundle's entries one by one, as the framework unwraps ``entry``."""
    bundle = document(name)
    return [Located(name, RawRecord(10 + n, entry)) for n, entry in enumerate(bundle["entry"])]


def read(items: list[Located], conventions: Conventions = SITE) -> list[Located]:
    return list(FHIR_APPOINTMENT.read(items, conventions))


def data(item: Located) -> dict[str, Any]:
    """Return a record read, failing the test when the item is no record."""
    assert isinstance(item.item, RawRecord), item
    assert isinstance(item.item.data, dict)
    return item.item.data


def problem(item: Located) -> UnreadableRecord:
    assert isinstance(item.item, UnreadableRecord), item
    return item.item


def one(resource: object, conventions: Conventions = SITE) -> list[Located]:
    return read([Located("x.json", RawRecord(1, resource))], conventions)


# Recognising


def test_registered_under_its_name() -> None:
    assert FORMATS["fhir-appointment"] is FHIR_APPOINTMENT
    assert frozenset({"platforms"}) == FHIR_APPOINTMENT.settings


def test_recognises_the_guides_example_and_bundle_entries() -> None:
    example = document("ig-get-appointment-video.json")
    assert FHIR_APPOINTMENT.recognises(example)
    assert recognise(example) is FHIR_APPOINTMENT
    assert FHIR_APPOINTMENT.recognises({"fullUrl": "x", "resource": example})
    assert FHIR_APPOINTMENT.recognises(document("bundle.json"))


def test_does_not_recognise_other_values() -> None:
    """Other resources, VDX meetings and our records are not it; any Appointment is."""
    bundle = document("bundle.json")
    regular, patient = bundle["entry"][2], bundle["entry"][6]
    ours = {"id": "vk-1", "kind": "video_consultation", "platform": "meet"}
    vdx = json.loads(
        (DATA.parent / "vdx-booking" / "spec-example-meeting.json").read_text(encoding="utf-8")
    )
    others: list[object] = [patient, ours, vdx, {"resourceType": "Appointment"}, [], None]
    for value in others:
        assert not FHIR_APPOINTMENT.recognises(value)
    assert not VDX_BOOKING.recognises(document("ig-get-appointment-video.json"))
    assert FHIR_APPOINTMENT.recognises(regular)  # physical: recognised, then passed over


# The guide's example


def test_the_guides_example() -> None:
    """``GET_Appointment_Video``: a practitioner, a patient and a contained Location."""
    [item] = read(located("ig-get-appointment-video.json"), Conventions())
    assert {
        "id": "180772",
        "start": "2021-09-10T09:00:00+00:00",
        "end": "2021-09-10T11:00:00+00:00",
        "room": {"guest_pin": True},
        "participants": [
            {"id": "p1", "role": "health_staff"},
            {"id": "p2", "role": "patient"},
        ],
        "kind": "video_consultation",
        "imported": {
            "format": "fhir-appointment",
            "fields": {
                "id": "id",
                "start": "start",
                "end": "end",
                "room.guest_pin": "extension[1].valueString",
                "participants[0].id": "participant[1].actor.reference",
                "participants[0].role": "participant[1].actor.reference",
                "participants[1].id": "participant[2].actor.reference",
                "participants[1].role": "participant[2].actor.reference",
                "kind": "serviceType[0].coding[0].code, participant[2].actor.reference",
            },
            "cannot_tell": CANNOT_TELL,
        },
    } == data(item)


def test_the_vmr_host_gives_the_platform_by_convention() -> None:
    """``rooms.vconf-stage.dk`` is no Meet host; a site that says it is gets ``meet``."""
    example = document("ig-get-appointment-video.json")
    site = Conventions(meet_hosts=("rooms.vconf-stage.dk",))
    [item] = one(example, site)
    assert "meet" == data(item)["platform"]
    assert "extension[4].valueUri" == data(item)["imported"]["fields"]["platform"]


# The Bundle


def test_bundle_entries_one_by_one() -> None:
    """Physical, cancelled and included resources make no record; the rest keep entry order."""
    items = read(entries("bundle.json"))
    assert [("180772", 10), ("180901", 11), ("181004", 14), ("181022", 15)] == [
        (data(item)["id"], item.item.line) for item in items
    ]
    assert "resource.id" == data(items[0])["imported"]["fields"]["id"]


def test_a_whole_bundle_as_one_value() -> None:
    """A Bundle on one JSON line: its entries are named ``entry[n].resource``."""
    items = read(located("bundle.json"))
    assert ["180772", "180901", "181004", "181022"] == [data(item)["id"] for item in items]
    assert "entry[4].resource.start" == data(items[2])["imported"]["fields"]["start"]


def test_group_video_appointment_is_a_group_session() -> None:
    group = data(read(entries("bundle.json"))[1])
    assert "group_session" == group["kind"]
    assert "resource.serviceType[0].coding[0].code" == group["imported"]["fields"]["kind"]
    assert ["health_staff", "patient", "patient", "patient"] == [
        participant["role"] for participant in group["participants"]
    ]
    assert "meet" == group["platform"]  # 2840555@meet.regionh.dk
    assert False is group["room"]["guest_pin"]  # the service filled in the room, with no guest PIN


def test_relatives_declined_and_contained_participants() -> None:
    """A declined practitioner is left out; a RelatedPerson is a relative; ``#ext1`` resolves."""
    record = data(read(entries("bundle.json"))[2])
    assert ["health_staff", "patient", "relative", "health_staff"] == [
        participant["role"] for participant in record["participants"]
    ]
    assert ["p1", "p2", "p3", "p4"] == [participant["id"] for participant in record["participants"]]
    assert (
        "resource.participant[5].actor.reference"
        == record["imported"]["fields"]["participants[3].role"]
    )
    assert "video_consultation" == record["kind"]
    assert "sms_video" == record["platform"]
    assert "url" not in record["room"]  # the portal's join page, not a Meet host's room


def test_appointment_between_practitioners_has_no_kind() -> None:
    """Without a patient, a video appointment could be a conference or a meeting: not known."""
    record = data(read(entries("bundle.json"))[3])
    assert "kind" not in record
    assert ["health_staff", "health_staff"] == [p["role"] for p in record["participants"]]
    assert (
        "resource.participant[2].actor.type" == record["imported"]["fields"]["participants[1].role"]
    )


def test_cancelled_appointments_make_no_record() -> None:
    cancelled = document("bundle.json")["entry"][3]["resource"]
    assert [] == one(cancelled)
    assert [] == one({**cancelled, "status": "entered-in-error"})
    assert 1 == len(one({**cancelled, "status": "noshow"}))


# References


def test_reference_forms() -> None:
    """Relative, absolute and versioned references, contained ones, and ``actor.type``."""
    example = document("ig-get-appointment-video.json")
    example["contained"].append({"resourceType": "RelatedPerson", "id": "rp"})
    example["participant"] = [
        {"actor": {"reference": "Patient/102"}},
        {"actor": {"reference": "https://x.dk/fhir/Practitioner/7/_history/3"}},
        {"actor": {"reference": "#rp"}},
        {"actor": {"reference": "#1"}},
        {"actor": {"type": "http://hl7.org/fhir/StructureDefinition/RelatedPerson"}},
        {"actor": {"reference": "urn:uuid:8e0a", "display": "Jens Hansen"}},
        {"actor": {"reference": "CareTeam/108752"}},
        {"type": [{"coding": [{"code": "PART"}]}]},
        "not a participant",
    ]
    [item] = one(example)
    assert ["patient", "health_staff", "relative", "relative"] == [
        participant["role"] for participant in data(item)["participants"]
    ]


# Ids, PINs, times


def test_a_request_body_uses_the_vdx_meeting_uuid() -> None:
    """No server id yet: the VDX meeting's UUID; no PIN or room from the service: not known."""
    items = read(located("values.jsonl"))
    body = data(items[4])
    assert "61d0b3f9-4e2a-4c7b-9f8e-1a5c3d7b2e06" == body["id"]
    assert "identifier[0].value" == body["imported"]["fields"]["id"]
    assert "room" not in body


def test_unreadable_values() -> None:
    items = read(located("values.jsonl"))
    assert [1, 2, 3, 4, 5, 6] == [item.item.line for item in items]
    messages = [
        (problem(item).message, problem(item).path, problem(item).record)
        for item in items
        if isinstance(item.item, UnreadableRecord)
    ]
    assert [
        ("FHIR Appointment: start: expected an instant with an offset", "start", "180999"),
        (
            (
                "FHIR Appointment: id: expected the server's numeric id or a UUID, "
                "or an identifier with system http://vdx.medcom.dk/meeting"
            ),
            "id",
            None,
        ),
        (
            "FHIR Appointment: expected an Appointment, a Bundle or a Bundle entry (resourceType)",
            "",
            None,
        ),
        (
            "FHIR Appointment: extension[1].valueString: expected a string (valueString)",
            "room.guest_pin",
            "181100",
        ),
    ] == messages


def test_problems_inside_a_bundle_name_the_entry() -> None:
    bundle = document("bundle.json")
    bundle["entry"][0]["resource"]["end"] = "2026-11-20T09:30"
    items = one(bundle)
    assert "FHIR Appointment: entry[0].resource.end: expected an instant with an offset" == (
        problem(items[0]).message
    )
    assert 4 == len(items)


def test_wrong_types_are_unreadable() -> None:
    example = document("ig-get-appointment-video.json")
    for name in ("ehealth-vmr-uri", "ehealth-meeting-url"):
        changed = copy.deepcopy(example)
        for extension in changed["extension"]:
            if extension["url"].endswith(name):
                extension["valueUri"] = 122081
        [item] = one(changed)
        assert "expected a URI (valueUri)" in problem(item).message
    [item] = one({**example, "start": 20210910})
    assert "start: expected an instant with an offset" in problem(item).message
    [item] = one({"resourceType": "Bundle", "entry": {"resource": example}})
    assert "FHIR Appointment: entry: expected an array of entries" == problem(item).message


def test_decoding_errors_pass_through() -> None:
    broken = Located("a.jsonl", UnreadableRecord(3, "not JSON at column 9"))
    assert [broken] == read([broken])


# Checking the records


def test_records_load_and_check() -> None:
    """The records load as imported records, and the rules read them as the guide means them."""
    codes = {}
    for item in read(entries("bundle.json")):
        meeting = oc.load_meeting(data(item))
        codes[meeting.id] = sorted({violation.code for violation in oc.check(meeting)})
    assert {
        "180772": ["OC503"],  # no department, so no local criteria; no OC102: cannot tell
        "180901": [],  # joined through portal.vconf.dk: no room URL, so no OC402
        "181004": ["OC503"],
        "181022": [],
    } == codes


def test_the_portal_as_an_approved_meet_host() -> None:
    """A site that joins its Meet rooms through the VDX portal says so in ``meet-hosts``."""
    policy = oc.Policy(meet_hosts=frozenset({"meet.regionh.dk", "portal.vconf.dk"}))
    group = oc.load_meeting(data(read(entries("bundle.json"))[1]))
    assert [] == oc.check(group, policy)


def test_no_rule_fires_on_a_fact_the_source_cannot_hold() -> None:
    """A Meet video consultation with no fallback reason and no ordered room: no finding.

    OC102 and OC406 stay quiet, because an appointment never holds those facts.
    """
    example = document("ig-get-appointment-video.json")
    site = Conventions(meet_hosts=("rooms.vconf-stage.dk",))
    meeting = oc.load_meeting(data(one(example, site)[0]))
    codes = {violation.code for violation in oc.check(meeting)}
    assert not codes & {"OC102", "OC204", "OC406"}


# Privacy

PERSONAL = (
    "Jens Hansen",
    "Bent Nielsen",
    "Karen Poulsen",
    "Ole Madsen",
    "Hanne Madsen",
    "Lise Andersen",
    "Mads Vestergaard",
    "Tove Jensen",
    "Maria",
    "maria.lund@kommune.dk",
    "lokale.3142@regionh.dk",
    "0101901235",
    "0102030405",
    "+4522456789",
    "122081@rooms.vconf.dk",
    "2840555@meet.regionh.dk",
    "5512090@sms.vdx.regionh.dk",
    "43589",
    "57211",
    "77031",
    "grå stær",
    "Blegdamsvej",
    "actor1 display text",
)


def test_no_personal_data_reaches_records_or_messages() -> None:
    outputs = read(entries("bundle.json")) + read(located("values.jsonl", "appointment.json"))
    text = json.dumps(
        [
            item.item.data if isinstance(item.item, RawRecord) else item.item.message
            for item in outputs
        ],
        ensure_ascii=False,
    )
    for value in PERSONAL:
        assert value not in text, value


# Properties

markers = st.from_regex(r"Zq[a-z]{6}", fullmatch=True)


@given(st.permutations(range(8)))
def test_any_order_of_bundle_entries(order: list[int]) -> None:
    """However the entries are ordered, the same records come out, in the order given."""
    bundle = document("bundle.json")
    items = [
        Located("b.json", RawRecord(line, bundle["entry"][index]))
        for line, index in enumerate(order, start=1)
    ]
    out = read(items)
    assert all(isinstance(item.item, RawRecord) for item in out)
    assert sorted(["180772", "180901", "181004", "181022"]) == sorted(data(i)["id"] for i in out)
    assert [item.item.line for item in out] == sorted(item.item.line for item in out)


@given(st.permutations(range(5)), markers, markers)
def test_participant_roles_follow_their_order(order: list[int], name: str, pin: str) -> None:
    """Participants keep source order; display names and PINs never reach the record."""
    resource = copy.deepcopy(document("bundle.json")["entry"][4]["resource"])
    people = resource["participant"][1:]
    for person in people:
        person["actor"]["display"] = name
    for extension in resource["extension"]:
        if extension["url"].endswith("pin-code"):
            extension["valueString"] = pin
    resource["participant"] = [resource["participant"][0], *(people[index] for index in order)]
    [item] = one(resource)
    record = data(item)
    expected = {0: None, 1: "health_staff", 2: "patient", 3: "relative", 4: "health_staff"}
    assert [expected[index] for index in order if expected[index]] == [
        participant["role"] for participant in record["participants"]
    ]
    text = json.dumps(record)
    assert name not in text
    assert pin not in text


def test_the_example_export_reads_whole() -> None:
    example = Path(__file__).parent.parent / "examples" / "exports" / "fhir-appointment-bundle.json"
    bundle = json.loads(example.read_text(encoding="utf-8"))
    items = [Located(example.name, RawRecord(n, entry)) for n, entry in enumerate(bundle["entry"])]
    out = read(items)
    assert ["180772", "180901"] == [data(item)["id"] for item in out]
    for item in out:
        oc.load_meeting(data(item))
