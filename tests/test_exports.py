"""The frame every export reader sits in: pages, conventions, policy tables, the command line.

The readers of real exports have tests of their own; here a small stand-in
format (``stand-in``: participants joined into meetings by ``conf``) exercises
what they share.
"""

from __future__ import annotations

import datetime
import io
import ipaddress
import json
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.cli import main
from onlinecompliance.model import App, Browser, Kind, Platform
from onlinecompliance.sources import RawRecord, UnreadableRecord, read_json_document
from onlinecompliance.sources.exports import (
    FORMATS,
    PAGE_MEMBERS,
    Conventions,
    ExportFormat,
    Located,
    RecordBuilder,
)
from onlinecompliance.sources.exports.clients import browser_of, client_of
from onlinecompliance.sources.exports.conventions import host_of, local_time

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

IE = "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko"
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"  # noqa: E501


def _read_stand_in(values: Iterable[Located], conventions: Conventions) -> Iterator[Located]:
    """Join participants into one meeting per ``conf``, located at its first participant."""
    meetings: dict[str, tuple[Located, list[dict[str, Any]]]] = {}
    for each in values:
        item = each.item
        if isinstance(item, UnreadableRecord):
            yield each
            continue
        data = item.data
        if not isinstance(data, dict) or not isinstance(data.get("conf"), str):
            yield Located(each.file, UnreadableRecord(item.line, "expected 'conf', a string"))
            continue
        meetings.setdefault(data["conf"], (each, []))[1].append(data)
    for conf, (first, people) in meetings.items():
        builder = RecordBuilder("stand-in", cannot_tell=["room.booked_via"])
        builder.set("id", conf, "conf")
        builder.set("kind", _value(conventions.kind_of(people[0].get("name"))), "name")
        builder.set("platform", _value(conventions.platform_of(people[0].get("alias"))), "alias")
        for person in people:
            index = builder.add_participant("participant")
            app, browser = client_of(person.get("ua"))
            builder.set(f"participants[{index}].client.app", _value(app), "ua")
            builder.set(f"participants[{index}].client.browser", _value(browser), "ua")
        yield Located(first.file, RawRecord(first.item.line, builder.record()))


def _value(member: Any) -> Any:
    return None if member is None else member.value


STAND_IN = ExportFormat(
    name="stand-in",
    title="A stand-in export for tests",
    recognises=lambda value: isinstance(value, dict) and {"conf", "alias"} <= value.keys(),
    read=_read_stand_in,
    settings=frozenset({"kinds", "platforms"}),
)


@pytest.fixture(autouse=True)
def stand_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(FORMATS, "stand-in", STAND_IN)


def participant(conf: str, ua: str = CHROME, **extra: Any) -> dict[str, Any]:
    return {"conf": conf, "alias": "meet.regionh.dk/x7", "ua": ua, "name": "Jens Hansen", **extra}


# --- pages -------------------------------------------------------------------------------------


def read_page(document: object, indent: int | None = 2) -> list[object]:
    text = json.dumps(document, indent=indent).encode()
    return list(read_json_document(io.BytesIO(text), members=PAGE_MEMBERS))


@given(
    elements=st.lists(st.dictionaries(st.sampled_from("abc"), st.integers()), max_size=4),
    member=st.sampled_from(sorted(PAGE_MEMBERS)),
    indent=st.sampled_from([None, 0, 2]),
)
def test_a_page_gives_its_elements_with_their_lines(
    elements: list[dict[str, int]], member: str, indent: int | None
) -> None:
    document = {"meta": {"next": None, "objects": 3}, member: elements, "after": [1, {"x": "}"}]}
    items = read_page(document, indent)
    assert [item.data for item in items if isinstance(item, RawRecord)] == elements
    text = json.dumps(document, indent=indent)
    starts = [text.count("\n", 0, text.index("{", text.index(f'"{member}"'))) + 1]
    if elements and indent:
        assert isinstance(items[0], RawRecord)
        assert items[0].line == starts[0]


def test_an_object_without_a_page_member_is_one_value() -> None:
    record = {"id": "m1", "kind": "internal_meeting", "platform": "teams", "value_note": 1}
    [item] = read_page(record)
    assert item == RawRecord(1, record)


@pytest.mark.parametrize(
    "text",
    ['{"objects": [{"a": 1}', '{"objects": [{"a": 1}], "meta": ', '{"objects": [{"a": 1}] "x": 1}'],
)
def test_a_broken_page_says_so_after_the_elements_read(text: str) -> None:
    items = list(read_json_document(io.BytesIO(text.encode()), members=PAGE_MEMBERS))
    assert isinstance(items[-1], UnreadableRecord)
    assert "'a'" not in items[-1].message


# --- conventions and user agents ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "host"),
    [
        ("https://Meet.RegionH.dk/abc", "meet.regionh.dk"),
        ("meet.regionh.dk/abc", "meet.regionh.dk"),
        ("sip:room.42@meet.regionh.dk:5061", "meet.regionh.dk"),
        ("room.42@meet.regionh.dk", "meet.regionh.dk"),
        ("", None),
        (None, None),
    ],
)
def test_host_of_every_way_an_alias_is_written(address: str | None, host: str | None) -> None:
    assert host_of(address) == host


def test_meet_hosts_mean_meet_and_globs_the_rest() -> None:
    conventions = Conventions(platforms=(("*.minsp.regionh.dk", Platform.MINSP),))
    assert conventions.platform_of("sip:a@meet.regionh.dk") is Platform.MEET
    assert conventions.platform_of("https://vk.minsp.regionh.dk/r") is Platform.MINSP
    assert conventions.platform_of("meet.example.com/r") is None


def test_kinds_by_glob_first_match_wins_without_case() -> None:
    conventions = Conventions(
        kinds=(("VK-*", Kind.VIDEO_CONSULTATION), ("*", Kind.INTERNAL_MEETING))
    )
    assert conventions.kind_of("vk-2026-1") is Kind.VIDEO_CONSULTATION
    assert conventions.kind_of("team") is Kind.INTERNAL_MEETING
    assert Conventions().kind_of("vk-2026-1") is None


def test_times_without_an_offset_are_in_the_sites_zone() -> None:
    assert local_time("2026-11-20T09:45:23.155000", datetime.timezone.utc) == (
        "2026-11-20T09:45:23.155000+00:00"
    )
    copenhagen = Conventions(timezone="Europe/Copenhagen").zone()
    assert local_time("2026-07-01T10:00:00", copenhagen) == "2026-07-01T10:00:00+02:00"
    assert local_time("2026-02-25T19:00:24.5827579Z", copenhagen) == (
        "2026-02-25T19:00:24.582757+00:00"
    )
    assert local_time("yesterday", copenhagen) is None


@pytest.mark.parametrize(
    ("agent", "client"),
    [
        (IE, (App.BROWSER, Browser.INTERNET_EXPLORER)),
        (
            "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1)",
            (App.BROWSER, Browser.INTERNET_EXPLORER),
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/70.0 Edge/18.19041",
            (App.BROWSER, Browser.EDGE_LEGACY),
        ),
        (CHROME + " Edg/120.0.0.0", (App.BROWSER, Browser.EDGE)),
        (CHROME, (App.BROWSER, Browser.CHROME)),
        (
            "Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 Version/17.1 Safari/605.1.15",
            (App.BROWSER, Browser.SAFARI),
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
            (App.BROWSER, Browser.FIREFOX),
        ),
        ("Pexip Infinity Connect/2.0", (App.PEXIP, None)),
        ("TANDBERG/529 (TC7.3.6)", (App.VIDEO_ENDPOINT, None)),
        ("", (None, None)),
        ("curl/8.0", (None, None)),
    ],
)
def test_client_of_a_user_agent(agent: str, client: tuple[App | None, Browser | None]) -> None:
    assert client_of(agent) == client


def test_browser_of_a_web_client_that_also_names_teams() -> None:
    teams_web = CHROME + " Edg/120.0.0.0 Teams/1.6.00.1381"
    assert client_of(teams_web) == (App.TEAMS, None)
    assert browser_of(teams_web) is Browser.EDGE
    assert browser_of(IE) is Browser.INTERNET_EXPLORER
    assert browser_of("curl/8.0") is None


def test_virtual_desktops_only_when_a_range_is_configured() -> None:
    conventions = Conventions(virtual_desktop_networks=(ipaddress.ip_network("10.20.0.0/16"),))
    assert conventions.on_virtual_desktop("10.20.3.4") is True
    assert conventions.on_virtual_desktop("192.0.2.1") is False
    assert conventions.on_virtual_desktop("not an address") is None
    assert Conventions().on_virtual_desktop("10.20.3.4") is None


# --- the policy's [import.*] tables -------------------------------------------------------------


def policy_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "onlinecompliance.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_tables_set_a_formats_conventions(tmp_path: Path) -> None:
    path = policy_file(
        tmp_path,
        'meet-hosts = ["meet.regionh.dk", "video.example.dk"]\n'
        '[import.stand-in]\nkinds = {"vk-*" = "video_consultation"}\n',
    )
    conventions = oc.load_policy(path).conventions("stand-in")
    assert conventions.kinds == (("vk-*", Kind.VIDEO_CONSULTATION),)
    assert conventions.meet_hosts == ("meet.regionh.dk", "video.example.dk")
    assert oc.Policy().conventions("stand-in") == Conventions()


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "[import.stand-inn]\n",
            "import.stand-inn: no export format is called 'stand-inn'; did you mean 'stand-in'?",
        ),
        (
            "[import.stand-in]\nregion-tenants = ['x']\n",
            (
                "import.stand-in.region-tenants: stand-in does not use this key; it reads: kinds, "
                "platforms"
            ),
        ),
        (
            "[import.stand-in]\nkinds = {'' = 'group_session'}\n",
            "import.stand-in.kinds: a glob must not be empty",
        ),
        (
            "[import.stand-in]\nkinds = {'x' = 'webinar'}\n",
            "import.stand-in.kinds.x: 'webinar' is not one of",
        ),
    ],
)
def test_import_tables_are_read_strictly(tmp_path: Path, table: str, expected: str) -> None:
    with pytest.raises(oc.InvalidPolicy) as raised:
        oc.load_policy(policy_file(tmp_path, table))
    assert any(expected in problem for problem in raised.value.problems), raised.value.problems


def test_policy_show_writes_the_import_tables_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = policy_file(tmp_path, '[import.stand-in]\nkinds = {"vk-*" = "video_consultation"}\n')
    assert main(["policy", "--show", "--policy", str(path)]) == 0
    shown = capsys.readouterr().out
    assert "[import.stand-in]  # " in shown
    assert 'kinds = {"vk-*" = "video_consultation"}' in shown
    (tmp_path / "again").mkdir()
    again = policy_file(tmp_path / "again", shown)
    assert oc.load_policy(again).conventions("stand-in") == oc.load_policy(path).conventions(
        "stand-in"
    )


# --- the command line ---------------------------------------------------------------------------


def write_json(path: Path, value: object) -> str:
    path.write_text(json.dumps(value, indent=2), encoding="utf-8")
    return str(path)


def check_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any], str]:
    code = main(["check", "--isolated", "--format", "json", *argv])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def test_from_joins_values_across_files_and_names_the_source_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = write_json(tmp_path / "a.json", {"objects": [participant("c1"), participant("c2")]})
    second = write_json(tmp_path / "b.json", [participant("c1", ua=IE)])
    code, document, _ = check_json(capsys, "--from", "stand-in", first, second)
    assert code == 1
    [finding] = [f for f in document["findings"] if f["code"] == "OC403"]
    assert (finding["file"], finding["line"], finding["record"]) == (first, 3, "c1")
    assert finding["path"] == "participants[1].client.browser"
    assert finding["source_field"] == "ua"
    assert document["summary"]["records_read"] == 2
    assert "OC406" not in {f["code"] for f in document["findings"]}  # it cannot tell the booking


def test_an_export_is_recognised_by_its_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = write_json(tmp_path / "page.json", {"meta": {}, "objects": [participant("c9", IE)]})
    code, document, _ = check_json(capsys, export)
    assert code == 1
    assert {f["code"] for f in document["findings"]} >= {"OC403"}


def test_a_file_no_reader_matches_is_named_and_the_others_are_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unknown = write_json(tmp_path / "unknown.json", [{"meetingName": "x", "host": "Jens"}])
    export = write_json(tmp_path / "page.json", [participant("c9", IE)])
    code, document, err = check_json(capsys, unknown, export)
    assert code == 2
    assert f"cannot check {unknown}: it is neither meeting records nor an export" in err
    assert document["summary"]["unreadable_files"] == [unknown]
    assert {f["code"] for f in document["findings"]} >= {"OC403"}
    assert "Jens" not in err + json.dumps(document)


def test_convert_writes_records_check_reads_as_they_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = write_json(tmp_path / "page.json", [participant("c1", IE), {"alias": "x"}])
    converted = tmp_path / "records.jsonl"
    code = main(["convert", "--isolated", "--from", "stand-in", export, "--output", str(converted)])
    err = capsys.readouterr().err
    assert code == 1  # one value gave no record
    assert f"{export}:8: no record: expected 'conf', a string" in err
    [record] = [json.loads(line) for line in converted.read_text(encoding="utf-8").splitlines()]
    assert record["imported"]["fields"]["participants[0].client.browser"] == "ua"
    assert "Jens" not in converted.read_text(encoding="utf-8")
    code, document, _ = check_json(capsys, str(converted))
    [finding] = [f for f in document["findings"] if f["code"] == "OC403"]
    assert finding["source_field"] == "ua"


def test_from_refuses_a_file_that_cannot_hold_an_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    toml = tmp_path / "meetings.toml"
    toml.write_text("", encoding="utf-8")
    export = write_json(tmp_path / "page.json", [participant("c9")])
    code, document, err = check_json(capsys, "--from", "stand-in", str(toml), export)
    assert code == 2
    assert "an export is read from a .json or .jsonl file" in err
    assert document["summary"]["records_read"] == 1
