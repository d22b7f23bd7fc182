"""Tests for the teams-meeting-policy reader (Get-CsTeamsMeetingPolicy, ScubaGear, M365DSC)."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.cli import main
from onlinecompliance.sources.exports import (
    FORMATS,
    PAGE_MEMBERS,
    Conventions,
    Located,
    recognise,
)
from onlinecompliance.sources.exports.teams_policy import (
    AUTO_ADMITTED_USERS,
    CANNOT_TELL,
    SETTINGS,
    TEAMS_MEETING_POLICY,
)
from onlinecompliance.sources.files import read_source
from onlinecompliance.sources.items import RawRecord, SourceItem, UnreadableRecord

DATA = pathlib.Path(__file__).parent / "data" / "exports" / "teams-meeting-policy"
EXAMPLE = (
    pathlib.Path(__file__).parent.parent / "examples" / "exports" / "teams-meeting-policy.json"
)
CMDLET = DATA / "get-csteamsmeetingpolicy.json"
SINGLE = DATA / "get-csteamsmeetingpolicy-single.json"
PROVIDER = DATA / "scubagear-ProviderSettingsExport.json"
RESULTS = DATA / "scubagear-ScubaResults.json"
DSC = DATA / "m365dsc-report.json"
FIXTURES = (CMDLET, SINGLE, PROVIDER, RESULTS, DSC, EXAMPLE)

PERSONAL = (
    "Mette",
    "Kjær",
    "mette.kjaer.hansen@regionh.dk",
    "+45 38 66 12 34",
    "38 66 12 34",
    "Jonas",
    "jrp@regionh.dk",
    "Fatima",
    "Lars Bo",
    "lars.bo.nielsen@regionh.dk",
    "Søren",
    "soeren.mikkelsen@regionh.dk",
    "servicedesk@regionh.dk",
    "3f0c1a52-7d4e-4a8b-9c21-5e6f7a8b9c0d",
    "regionh.onmicrosoft.com",
    "Region H (Produktion)",
    "intra.regionh.dk",
    "$OrganizationName",
    "ApplicationId",
    "Oprettet",
)
"""Names, e-mail addresses, phone numbers and tenant names the fixtures hold outside the
settings read; none may reach a record or a message."""

KEYS = tuple(SETTINGS)
TENANT_CODES = ("OC701", "OC702", "OC703", "OC704", "OC705")


def values_of(path: pathlib.Path) -> list[Located]:
    """Decode a file as ``check`` does: array elements, a page's array, or the whole document."""
    return [Located(path.name, item) for item in read_source(str(path), members=PAGE_MEMBERS)]


def read(*located: Located, conventions: Conventions | None = None) -> list[Located]:
    """Run the reader over located values."""
    return list(TEAMS_MEETING_POLICY.read(iter(located), conventions or Conventions()))


def read_file(path: pathlib.Path) -> list[Located]:
    return read(*values_of(path))


def records(items: list[Located]) -> list[dict[str, Any]]:
    """Return the records, failing on an unreadable item."""
    found = []
    for located in items:
        assert isinstance(located.item, RawRecord), located.item
        assert isinstance(located.item.data, dict)
        found.append(located.item.data)
    return found


def policy(**settings: object) -> dict[str, object]:
    """Return a policy as the cmdlet writes it, with ``settings`` over a locked-down default."""
    base: dict[str, object] = {
        "Identity": "Tag:RH-Test",
        "Description": None,
        "AllowMeetNow": True,
        "AllowIPVideo": True,
        "ScreenSharingMode": "EntireScreen",
        "AllowAnonymousUsersToJoinMeeting": False,
        "AutoAdmittedUsers": "EveryoneInCompanyExcludingGuests",
        "AllowPSTNUsersToBypassLobby": False,
        "AllowCloudRecording": False,
        "AllowTranscription": False,
        "AllowAnonymousUsersToStartMeeting": False,
        "AllowExternalParticipantGiveRequestControl": False,
    }
    base.update(settings)
    return base


def one(value: object, line: int = 1) -> SourceItem:
    """Read one decoded value and return its one item."""
    items = read(Located("policies.json", RawRecord(line, value)))
    assert len(items) == 1
    return items[0].item


def everything(items: list[Located]) -> str:
    """Everything the reader produced, as one text to search."""
    parts = []
    for located in items:
        item = located.item
        if isinstance(item, RawRecord):
            parts.append(json.dumps(item.data, ensure_ascii=False))
        else:
            parts.append(f"{item.message} {item.path} {item.record}")
    return "\n".join(parts)


# The registry and the record


def test_registered_by_name() -> None:
    assert FORMATS["teams-meeting-policy"] is TEAMS_MEETING_POLICY
    assert TEAMS_MEETING_POLICY.settings == frozenset()


def test_cmdlet_export_one_record_per_policy_in_order() -> None:
    found = records(read_file(CMDLET))
    assert [record["id"] for record in found] == [
        "Global",
        "Tag:AllOn",
        "Tag:RestrictedAnonymousAccess",
        "Tag:AllOff",
        "Tag:RestrictedAnonymousNoRecording",
        "Tag:Default",
        "Tag:Kiosk",
        "Tag:RH-Klinik",
        "Tag:RH-Patientkonference",
        "Tag:RH-Tolkebistand",
        "Tag:RH-Undervisning",
    ]


def test_record_shape() -> None:
    klinik = next(
        record for record in records(read_file(CMDLET)) if record["id"] == "Tag:RH-Klinik"
    )
    assert klinik == {
        "id": "Tag:RH-Klinik",
        "platform": "teams",
        "tenant_policy": {
            "allow_anonymous_users_to_join_meeting": False,
            "auto_admitted_users": "everyone",
            "allow_pstn_users_to_bypass_lobby": True,
            "allow_cloud_recording": False,
            "allow_transcription": True,
            "allow_anonymous_users_to_start_meeting": True,
            "allow_external_participant_give_request_control": True,
        },
        "imported": {
            "format": "teams-meeting-policy",
            "fields": {
                "id": "Identity",
                "platform": "Get-CsTeamsMeetingPolicy",
                **{path: field for field, path in SETTINGS.items()},
            },
            "cannot_tell": sorted(CANNOT_TELL),
        },
    }


def test_kind_and_participants_left_out() -> None:
    for record in records(read_file(CMDLET)):
        assert "kind" not in record
        assert "participants" not in record
        assert record["platform"] == "teams"


def test_setting_missing_or_null_is_not_known() -> None:
    tolk = next(
        record for record in records(read_file(CMDLET)) if record["id"] == "Tag:RH-Tolkebistand"
    )
    policy_part = tolk["tenant_policy"]
    assert "allow_pstn_users_to_bypass_lobby" not in policy_part  # null in the export
    assert "allow_transcription" not in policy_part  # not in the export
    assert "tenant_policy.allow_transcription" not in tolk["imported"]["fields"]
    assert policy_part["auto_admitted_users"] == "everyone_in_same_and_federated_company"


def test_each_record_located_at_its_object() -> None:
    text = CMDLET.read_text(encoding="utf-8").splitlines()
    for located in read_file(CMDLET):
        assert located.file == CMDLET.name
        assert text[located.item.line - 1].strip() == "{"
        assert isinstance(located.item, RawRecord)
        assert isinstance(located.item.data, dict)
        identity = located.item.data["id"]
        following = "\n".join(text[located.item.line - 1 : located.item.line + 3])
        assert f'"Identity": "{identity}"' in following


def test_single_object_export() -> None:
    (record,) = records(read_file(SINGLE))
    assert record["id"] == "Tag:RH-Akut"
    assert record["tenant_policy"]["auto_admitted_users"] == "everyone_in_company_excluding_guests"


def test_scubagear_provider_export() -> None:
    items = read_file(PROVIDER)
    assert [record["id"] for record in records(items)] == ["Global", "Tag:RH-Klinik", "Tag:AllOff"]
    lines = PROVIDER.read_text(encoding="utf-8").splitlines()
    for located in items:
        assert '"Identity": "' in lines[located.item.line]


def test_scubagear_results_raw_section() -> None:
    """ScubaResults arrives whole: its policies sit at the document's line."""
    items = read_file(RESULTS)
    assert [record["id"] for record in records(items)] == ["Global", "Tag:RH-Klinik", "Tag:AllOff"]
    assert {located.item.line for located in items} == {1}
    provider = records(read_file(PROVIDER))
    assert records(items) == provider


def test_m365dsc_report_reads_meeting_policies_only() -> None:
    found = records(read_file(DSC))
    assert [record["id"] for record in found] == ["Global", "Tag:RH-Klinik"]
    assert found[1]["tenant_policy"] == {
        "allow_anonymous_users_to_join_meeting": True,
        "auto_admitted_users": "everyone",
        "allow_pstn_users_to_bypass_lobby": False,
        "allow_cloud_recording": True,
        "allow_transcription": False,
        "allow_anonymous_users_to_start_meeting": False,
        "allow_external_participant_give_request_control": True,
    }


def test_m365dsc_absent_instance_is_no_policy() -> None:
    instance = {
        "ResourceName": "TeamsMeetingPolicy",
        "ResourceInstanceName": "TeamsMeetingPolicy-Tag:Old",
        "Identity": "Tag:Old",
        "Ensure": "Absent",
    }
    assert read(Located("dsc.json", RawRecord(3, instance))) == []


def test_m365dsc_other_resource_is_skipped() -> None:
    instance = {
        "ResourceName": "TeamsMeetingConfiguration",
        "ResourceInstanceName": "TeamsMeetingConfiguration-Global",
        "Identity": "Global",
        "DisableAnonymousJoin": False,
    }
    assert read(Located("dsc.json", RawRecord(3, instance))) == []


def test_example_reads() -> None:
    found = records(read_file(EXAMPLE))
    assert [record["id"] for record in found] == ["Global", "Tag:RH-Klinik"]


# Values


@pytest.mark.parametrize(("source", "ours"), sorted(AUTO_ADMITTED_USERS.items()))
def test_auto_admitted_users_mapping(source: str, ours: str) -> None:
    item = one(policy(AutoAdmittedUsers=source))
    assert isinstance(item, RawRecord)
    assert item.data["tenant_policy"]["auto_admitted_users"] == ours  # type: ignore[index]
    lower = one(policy(AutoAdmittedUsers=source.lower()))
    assert lower == item


def test_unknown_auto_admitted_users_is_not_known() -> None:
    item = one(policy(AutoAdmittedUsers="EveryoneInCompanyAndCopilotAgents"))
    assert isinstance(item, RawRecord)
    assert "auto_admitted_users" not in item.data["tenant_policy"]  # type: ignore[index]
    assert "EveryoneInCompanyAndCopilotAgents" not in everything([Located("policies.json", item)])


@pytest.mark.parametrize(("text", "flag"), [("True", True), ("$false", False), (" FALSE ", False)])
def test_powershell_boolean_words(text: str, flag: bool) -> None:
    item = one(policy(AllowCloudRecording=text))
    assert isinstance(item, RawRecord)
    assert item.data["tenant_policy"]["allow_cloud_recording"] is flag  # type: ignore[index]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("AllowCloudRecording", 1),
        ("AllowCloudRecording", "ja"),
        ("AllowAnonymousUsersToJoinMeeting", ["true"]),
        ("AutoAdmittedUsers", 2),
        ("AutoAdmittedUsers", {"Value": "Everyone"}),
    ],
)
def test_wrong_type_is_unreadable(field: str, value: object) -> None:
    item = one(policy(**{field: value}), line=7)
    assert isinstance(item, UnreadableRecord)
    assert item.line == 7
    assert item.path == field
    assert item.record == "Tag:RH-Test"
    assert item.message.startswith(field)
    assert "ja" not in item.message.split()
    assert "Value" not in item.message
    assert not any(character.isdigit() for character in item.message)


@pytest.mark.parametrize("identity", [None, "", "  ", 17, {"Name": "Global"}])
def test_policy_without_identity_is_unreadable(identity: object) -> None:
    value = policy()
    if identity is None:
        del value["Identity"]
    else:
        value["Identity"] = identity
    item = one(value, line=4)
    assert isinstance(item, UnreadableRecord)
    assert item.path == "Identity"
    assert item.line == 4


@pytest.mark.parametrize("value", [17, "Global", None, ["Global"]])
def test_not_an_object_is_unreadable(value: object) -> None:
    item = one(value)
    assert isinstance(item, UnreadableRecord)
    assert "Teams meeting policy" in item.message


def test_unreadable_values_pass_through() -> None:
    broken = Located("a.json", UnreadableRecord(3, "not JSON at column 5"))
    good = Located("a.json", RawRecord(9, policy()))
    items = read(broken, good)
    assert items[0] is broken
    assert isinstance(items[1].item, RawRecord)


def test_files_in_order() -> None:
    items = read(*values_of(SINGLE), *values_of(PROVIDER), *values_of(DSC))
    assert [located.file for located in items] == [
        SINGLE.name,
        *[PROVIDER.name] * 3,
        *[DSC.name] * 2,
    ]


def test_identity_kept_trimmed() -> None:
    item = one(policy(Identity=" Tag:RH-Klinik "))
    assert isinstance(item, RawRecord)
    assert item.data["id"] == "Tag:RH-Klinik"  # type: ignore[index]


# Content detection


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.name)
def test_recognises_first_value_of_each_fixture(path: pathlib.Path) -> None:
    first = values_of(path)[0].item
    assert isinstance(first, RawRecord)
    assert TEAMS_MEETING_POLICY.recognises(first.data)
    assert recognise(first.data) is TEAMS_MEETING_POLICY


@pytest.mark.parametrize(
    "value",
    [
        {"id": "k-1", "kind": "patient_conference", "platform": "teams"},
        {"id": "k-1", "platform": "teams", "tenant_policy": {"allow_cloud_recording": True}},
        {"Identity": "Global", "AllowEmailIntoChannel": False},
        {"Identity": "Global", "AllowFederatedUsers": True, "AllowTeamsConsumer": False},
        {"Identity": "Global", "AllowBroadcastScheduling": True, "BroadcastRecordingMode": "x"},
        {"Identity": "Global", "AllowCloudRecording": True},
        {
            "ResourceName": "TeamsMeetingConfiguration",
            "ResourceInstanceName": "TeamsMeetingConfiguration-Global",
            "Identity": "Global",
        },
        {
            "@odata.type": "#microsoft.graph.onlineMeeting",
            "allowedPresenters": "everyone",
            "lobbyBypassSettings": {"scope": "organization"},
            "recordAutomatically": False,
        },
        {"meta": {"total_count": 1}, "objects": []},
        {"Raw": {"meeting_policies": []}},
        {"Raw": {"meeting_policies": [{"Identity": "Global"}]}},
        [policy()],
        "Global",
    ],
)
def test_does_not_recognise_others(value: object) -> None:
    assert not TEAMS_MEETING_POLICY.recognises(value)


def test_recognises_the_whole_provider_export() -> None:
    """A provider export whose meeting_policies holds one object arrives whole."""
    assert TEAMS_MEETING_POLICY.recognises({"baseline_version": "1", "meeting_policies": policy()})
    (record,) = records(read(Located("p.json", RawRecord(1, {"meeting_policies": policy()}))))
    assert record["id"] == "Tag:RH-Test"


# Privacy


def test_no_personal_data_in_records_or_messages() -> None:
    produced = everything([item for path in FIXTURES for item in read_file(path)])
    for text in PERSONAL:
        assert text not in produced, text


def test_no_personal_data_in_messages_of_broken_fixtures() -> None:
    """Policies with every setting broken still say nothing of what they hold."""
    document = json.loads(CMDLET.read_text(encoding="utf-8"))
    for broken in document:
        broken["AllowCloudRecording"] = broken["Description"] or "Mette Kjær Hansen"
    items = read(*(Located("b.json", RawRecord(n, value)) for n, value in enumerate(document, 1)))
    assert all(isinstance(located.item, UnreadableRecord) for located in items)
    produced = everything(items)
    for text in PERSONAL:
        assert text not in produced, text


# Properties

_settings = st.fixed_dictionaries(
    {},
    optional={
        **{field: st.none() | st.booleans() for field in KEYS if field != "AutoAdmittedUsers"},
        "AutoAdmittedUsers": st.none()
        | st.sampled_from(sorted(AUTO_ADMITTED_USERS))
        | st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", min_size=1),
    },
)
_noise = st.dictionaries(
    st.sampled_from(["Description", "Key", "MeetingChatEnabledType", "Note", "Owner"]),
    st.text().map("§{}".format) | st.none(),
)
"""Fields the reader never reads, marked with a character the identities never hold."""
_identities = st.text(min_size=1).filter(lambda text: text.strip() != "" and "§" not in text)


def _expected(settings: dict[str, object]) -> dict[str, object]:
    """Return what the record should hold: every known, non-null setting, mapped."""
    expected: dict[str, object] = {}
    for field, value in settings.items():
        if value is None:
            continue
        name = SETTINGS[field].split(".", 1)[1]
        if field == "AutoAdmittedUsers":
            folded = {key.casefold(): ours for key, ours in AUTO_ADMITTED_USERS.items()}
            mapped = folded.get(str(value).casefold())
            if mapped is not None:
                expected[name] = mapped
        else:
            expected[name] = value
    return expected


@given(settings=_settings, noise=_noise, identity=_identities, order=st.randoms())
def test_any_valid_policy_reads_exactly(
    settings: dict[str, object], noise: dict[str, object], identity: str, order: Any
) -> None:
    """Any valid policy, its keys in any order, reads with exactly its known settings."""
    value: dict[str, object] = {"Identity": identity, "AllowMeetNow": True, **noise, **settings}
    keys = list(value)
    order.shuffle(keys)
    item = one({key: value[key] for key in keys})
    assert isinstance(item, RawRecord)
    record = item.data
    assert isinstance(record, dict)
    assert record["id"] == identity.strip()
    assert record.get("tenant_policy", {}) == _expected(settings)
    assert "kind" not in record
    assert "§" not in json.dumps(record, ensure_ascii=False)


@given(
    field=st.sampled_from(KEYS),
    bad=st.integers() | st.floats(allow_nan=False) | st.lists(st.booleans(), max_size=2),
    secret=st.text(min_size=1).map("§{}".format),
)
def test_bad_values_never_echoed(field: str, bad: object, secret: str) -> None:
    """A setting of the wrong type is unreadable, and its message repeats nothing of the input."""
    item = one(policy(**{field: bad}, Description=secret, Owner=secret))
    assert isinstance(item, UnreadableRecord)
    assert item.path == field
    assert "§" not in item.message
    assert not any(character.isdigit() for character in item.message)


@given(policies=st.lists(_settings, min_size=1, max_size=6))
def test_array_in_any_order_reads_all(policies: list[dict[str, object]]) -> None:
    """Every element of a cmdlet export becomes a record, at its own line, in order."""
    located = [
        Located("p.json", RawRecord(2 + 20 * index, {"Identity": f"Tag:P{index}", **settings}))
        for index, settings in enumerate(policies)
    ]
    items = read(*located)
    assert [located.item.line for located in items] == [2 + 20 * n for n in range(len(policies))]
    assert [record["id"] for record in records(items)] == [
        f"Tag:P{n}" for n in range(len(policies))
    ]


# Checked: the records load, and give exactly the OC7xx findings their settings imply

_ORACLE: tuple[tuple[str, str, object], ...] = (
    ("OC701", "AllowAnonymousUsersToJoinMeeting", True),
    ("OC702", "AllowPSTNUsersToBypassLobby", True),
    ("OC702", "AutoAdmittedUsers", "Everyone"),
    ("OC703", "AllowCloudRecording", True),
    ("OC703", "AllowTranscription", True),
    ("OC704", "AllowAnonymousUsersToStartMeeting", True),
    ("OC705", "AllowExternalParticipantGiveRequestControl", True),
)
"""The catalogue's conditions in the source's own terms, in the engine's order."""


def _implied(policy: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Return (code, our path, source field) for each setting of a source policy that offends."""
    return [
        (code, SETTINGS[field], field)
        for code, field, value in _ORACLE
        if policy.get(field) is value or (isinstance(value, str) and policy.get(field) == value)
    ]


def _source_policies(path: pathlib.Path) -> list[dict[str, Any]]:
    """Return the policies in a fixture, straight from the JSON, as an oracle."""
    document = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(document, dict):
        document = document.get("Raw", document)
        document = document.get("meeting_policies", [document])
    return [
        value
        for value in document
        if value.get("ResourceName", "TeamsMeetingPolicy") == "TeamsMeetingPolicy"
    ]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.name)
def test_fixture_records_give_exactly_the_implied_findings(path: pathlib.Path) -> None:
    found = records(read_file(path))
    sources = _source_policies(path)
    assert [record["id"] for record in found] == [policy["Identity"] for policy in sources]
    for record, source in zip(found, sources, strict=True):
        meeting = oc.load_meeting(record)
        violations = oc.check(meeting)
        assert [(v.code, v.path, v.source_field) for v in violations] == _implied(source)


def test_klinik_policy_findings() -> None:
    record = next(r for r in records(read_file(CMDLET)) if r["id"] == "Tag:RH-Klinik")
    violations = oc.check(oc.load_meeting(record))
    assert [(v.code, v.path, v.source_field) for v in violations] == [
        ("OC702", "tenant_policy.allow_pstn_users_to_bypass_lobby", "AllowPSTNUsersToBypassLobby"),
        ("OC702", "tenant_policy.auto_admitted_users", "AutoAdmittedUsers"),
        ("OC703", "tenant_policy.allow_transcription", "AllowTranscription"),
        (
            "OC704",
            "tenant_policy.allow_anonymous_users_to_start_meeting",
            "AllowAnonymousUsersToStartMeeting",
        ),
        (
            "OC705",
            "tenant_policy.allow_external_participant_give_request_control",
            "AllowExternalParticipantGiveRequestControl",
        ),
    ]


def test_presets_as_microsoft_ships_them() -> None:
    """The built-in policies (values from ScubaGear's sample tenant) allow anonymous joining."""
    found = {r["id"]: r for r in records(read_file(CMDLET))}
    for identity, expected in {
        "Tag:AllOn": ["OC701", "OC703", "OC703"],
        "Tag:RestrictedAnonymousAccess": ["OC701", "OC703", "OC703"],
        "Tag:AllOff": ["OC701"],
        "Tag:RestrictedAnonymousNoRecording": ["OC701"],
        "Tag:Default": ["OC701", "OC703", "OC703"],
        "Tag:Kiosk": ["OC701"],
        "Global": [],
        "Tag:RH-Patientkonference": [],
    }.items():
        violations = oc.check(oc.load_meeting(found[identity]))
        assert [violation.code for violation in violations] == expected, identity


@given(settings=_settings, identity=_identities)
def test_any_read_policy_loads_and_fires_only_oc7xx(
    settings: dict[str, object], identity: str
) -> None:
    """Whatever a policy holds, its record loads and only the OC7xx rules it implies fire."""
    item = one({"Identity": identity, "AllowMeetNow": True, **settings})
    assert isinstance(item, RawRecord)
    meeting = oc.load_meeting(item.data)
    assert meeting.kind is None
    violations = oc.check(meeting)
    assert all(violation.code.startswith("OC7") for violation in violations)
    normalised = {
        field: (
            next(
                (name for name in AUTO_ADMITTED_USERS if name.casefold() == str(value).casefold()),
                None,
            )
            if field == "AutoAdmittedUsers"
            else value
        )
        for field, value in settings.items()
    }
    assert [(v.code, v.path, v.source_field) for v in violations] == _implied(normalised)


# The command line


def check_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any], str]:
    code = main(["check", "--isolated", "--format", "json", "--fail-on", "warning", *argv])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def test_check_from_reads_every_kind_of_export(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(path) for path in (CMDLET, PROVIDER, RESULTS, DSC)]
    code, document, err = check_json(capsys, "--from", "teams-meeting-policy", *paths)
    assert code == 1
    assert err == ""
    findings = document["findings"]
    assert {finding["code"] for finding in findings} <= set(TENANT_CODES)
    implied = [
        (str(path), policy["Identity"], code, our_path, field)
        for path in (CMDLET, PROVIDER, RESULTS, DSC)
        for policy in _source_policies(path)
        for code, our_path, field in _implied(policy)
    ]
    reported = [(f["file"], f["record"], f["code"], f["path"], f["source_field"]) for f in findings]
    assert sorted(reported) == sorted(implied)
    klinik = [f for f in findings if f["file"] == str(CMDLET) and f["record"] == "Tag:RH-Klinik"]
    lines = CMDLET.read_text(encoding="utf-8").splitlines()
    assert all('"Identity": "Tag:RH-Klinik"' in lines[f["line"]] for f in klinik)
    assert document["summary"]["records_read"] == 11 + 3 + 3 + 2


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.name)
def test_check_recognises_each_export_by_content(
    path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, document, err = check_json(capsys, str(path))
    assert err == ""
    implied = [found for policy in _source_policies(path) for found in _implied(policy)]
    assert len(document["findings"]) == len(implied)
    assert code == (1 if implied else 0)


def test_convert_writes_records_without_personal_data(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "policies.jsonl"
    paths = [str(path) for path in FIXTURES]
    code = main(
        ["convert", "--isolated", "--from", "teams-meeting-policy", *paths, "--output", str(output)]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    text = output.read_text(encoding="utf-8")
    converted = [json.loads(line) for line in text.splitlines()]
    assert len(converted) == sum(len(_source_policies(path)) for path in FIXTURES)
    for text_part in PERSONAL:
        assert text_part not in text + captured.err + captured.out, text_part
    one_tenant = tmp_path / "one-tenant.jsonl"
    one_tenant.write_text(
        "".join(line + "\n" for line in text.splitlines()[: 11 + 1]), encoding="utf-8"
    )
    code, document, _ = check_json(capsys, str(one_tenant))
    assert {f["code"][:3] for f in document["findings"]} == {"OC7"}
    assert {f["source_field"] for f in document["findings"]} <= set(SETTINGS)


def test_windows_powershell_utf16_is_refused_clearly(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ConvertTo-Json > file`` in Windows PowerShell 5.1 writes UTF-16 with a byte order mark."""
    redirected = tmp_path / "policies.json"
    redirected.write_bytes(SINGLE.read_text(encoding="utf-8").encode("utf-16"))
    code, _, err = check_json(capsys, "--from", "teams-meeting-policy", str(redirected))
    assert code == 2
    assert "UTF-16" in err
    assert "Lars" not in err
