"""The benchmarks' log generator: seeded, realistic, valid but for one record in a hundred."""

from __future__ import annotations

import collections
import copy
import datetime as dt
import json
import random
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest
from make_log import INVALID_SHARE, SPOILERS, records, write_log

import onlinecompliance as oc

if TYPE_CHECKING:
    from collections.abc import Callable

COUNT = 3_000
SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "schemas" / "meeting.schema.json").read_text(
        encoding="utf-8"
    )
)
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


@pytest.fixture(scope="module")
def log() -> list[dict[str, Any]]:
    return list(records(COUNT))


def spoilt(record: dict[str, Any]) -> bool:
    return str(record.get("id", "")).endswith("-x")


def loads(record: dict[str, Any]) -> bool:
    try:
        oc.load_meeting(record)
    except oc.InvalidRecord:
        return False
    return True


def test_every_record_loads_but_the_spoilt_ones(log: list[dict[str, Any]]) -> None:
    assert [] == [record["id"] for record in log if loads(record) == spoilt(record)]


def test_one_record_in_a_hundred_is_spoilt(log: list[dict[str, Any]]) -> None:
    assert COUNT * INVALID_SHARE == sum(spoilt(record) for record in log)


def test_ids_are_unique(log: list[dict[str, Any]]) -> None:
    assert len(log) == len({record["id"] for record in log})


@pytest.mark.parametrize("spoil", SPOILERS, ids=lambda spoil: spoil.__name__)
def test_each_way_of_spoiling_is_rejected(
    spoil: Callable[[random.Random, dict[str, Any]], None], log: list[dict[str, Any]]
) -> None:
    record = copy.deepcopy(next(r for r in log if not spoilt(r) and r["kind"] != "advisory_72h"))
    oc.load_meeting(record)
    spoil(random.Random(0), record)  # noqa: S311 (a seeded draw, as in the generator)
    with pytest.raises(oc.InvalidRecord):
        oc.load_meeting(record)


def test_valid_records_meet_the_json_schema_too(log: list[dict[str, Any]]) -> None:
    """The jsonschema peer in the suite accepts what the loader accepts."""
    rejected = [r["id"] for r in log if not spoilt(r) and not VALIDATOR.is_valid(r)]
    assert [] == rejected


def test_the_same_seed_gives_the_same_log() -> None:
    assert list(records(200)) == list(records(200))
    assert list(records(200)) != list(records(200, seed=1))


def test_a_json_array_holds_the_same_records_as_json_lines(tmp_path: Path) -> None:
    write_log(tmp_path / "log.jsonl", 300)
    write_log(tmp_path / "log.json", 300)
    lines = (tmp_path / "log.jsonl").read_text(encoding="utf-8").splitlines()
    array = json.loads((tmp_path / "log.json").read_text(encoding="utf-8"))
    assert [json.loads(line) for line in lines] == array == list(records(300))


def test_the_mix_is_a_regions(log: list[dict[str, Any]]) -> None:
    """Mostly video consultations on MinSP and Meet, internal meetings on Teams, 2-8 people."""
    valid = [r for r in log if not spoilt(r)]
    kinds = collections.Counter(r["kind"] for r in valid)
    assert "video_consultation" == kinds.most_common(1)[0][0]
    assert {"advisory_72h", "patient_conference", "group_session", "interpreting"} <= set(kinds)
    platforms = collections.Counter((r["kind"], r["platform"]) for r in valid)
    consultations = kinds["video_consultation"]
    assert platforms["video_consultation", "minsp"] > consultations / 2
    assert platforms["video_consultation", "sms_video"] > 0
    assert platforms["internal_meeting", "teams"] > kinds["internal_meeting"] * 0.7
    sizes = collections.Counter(len(r["participants"]) for r in valid)
    assert set(range(2, 9)) == set(sizes)


def test_most_chat_is_clean_and_some_is_not(log: list[dict[str, Any]]) -> None:
    policy = oc.Policy(today=dt.date(2026, 12, 31), select=("OC201",))
    with_chat = [r for r in log if r.get("chat") and not spoilt(r)]
    flagged = [result for result in oc.check_records(with_chat, policy) if result.violations]
    assert 0.15 < len(with_chat) / len(log) < 0.35
    assert 0 < len(flagged) < len(with_chat) / 4
