"""Catalogue cases: each record gives exactly the codes that RULES.md implies.

``data/catalogue_cases.jsonl`` holds one case a line: a ``name``, the ``expect``-ed set of
codes under the built-in default policy, and the ``record``. The expectations were written
from the rule catalogue and the record format alone, not from the rules' code. All records
go through ``onlinecompliance check --format json`` in one file, in order, so the record
of case *n* starts on line *n*; each case compares the codes of the findings on its line.

The reference date for waiver expiry and CPR birth dates is 2026-11-26, given with
``--today``; ``--isolated`` keeps any policy file around the working folder out.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from onlinecompliance.cli import main

if TYPE_CHECKING:
    from collections.abc import Iterator

CASES_FILE = Path(__file__).parent / "data" / "catalogue_cases.jsonl"
REFERENCE_DATE = datetime.date(2026, 11, 26)
RULE_CODES = (
    *(f"OC10{n}" for n in range(1, 10)),
    *(f"OC20{n}" for n in range(1, 6)),
    *(f"OC30{n}" for n in range(1, 4)),
    *(f"OC40{n}" for n in range(1, 10)),
    "OC410",
    *(f"OC50{n}" for n in range(1, 5)),
    *(f"OC60{n}" for n in range(1, 5)),
    "OC901",
    "OC902",
)
"""Every rule in RULES.md."""
NEVER_UNDER_DEFAULT_POLICY = frozenset({"OC504"})
"""The default policy has no local criteria, so OC504 cannot fire."""
NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _read_cases() -> list[dict[str, Any]]:
    with CASES_FILE.open(encoding="utf-8") as file:
        return [json.loads(line) for line in file if line.strip()]


CASES = _read_cases()


def _case_params() -> Iterator[Any]:
    for line, case in enumerate(CASES, start=1):
        yield pytest.param(line, case, id=case["name"])


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Run the command line once over every record; return the JSON report and exit code."""
    folder = tmp_path_factory.mktemp("catalogue")
    records = folder / "records.jsonl"
    records.write_text(
        "".join(json.dumps(case["record"], ensure_ascii=False) + "\n" for case in CASES),
        encoding="utf-8",
    )
    output = folder / "report.json"
    arguments = ["check", str(records), "--format", "json", "--output", str(output)]
    exit_code = main([*arguments, "--isolated", "--today", REFERENCE_DATE.isoformat()])
    result: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    result["exit_code"] = exit_code
    return result


def test_case_file_is_well_formed() -> None:
    """Case names are unique kebab-case, record ids unique, expectations known codes."""
    names = [case["name"] for case in CASES]
    ids = [case["record"]["id"] for case in CASES]
    codes = {code for case in CASES for code in case["expect"]}
    assert [] == [name for name in names if not NAME.fullmatch(name)]
    assert len(names) == len(set(names))
    assert len(ids) == len(set(ids))
    assert set() == codes - {*RULE_CODES, "OC000"}
    assert [] == [case["name"] for case in CASES if sorted(set(case["expect"])) != case["expect"]]


def test_every_rule_fires_somewhere_and_stays_silent_somewhere() -> None:
    """Each rule has a firing case and a case without it (OC504 never fires by default)."""
    fired = {code for case in CASES for code in case["expect"]}
    silent = {code for code in RULE_CODES if any(code not in case["expect"] for case in CASES)}
    assert set(RULE_CODES) - NEVER_UNDER_DEFAULT_POLICY == fired & set(RULE_CODES)
    assert set(RULE_CODES) == silent


def test_every_record_is_read(report: dict[str, Any]) -> None:
    """The summary counts every case's record, and error findings make the exit code 1."""
    invalid = sum("OC000" in case["expect"] for case in CASES)
    assert len(CASES) == report["summary"]["records_read"]
    assert invalid == report["summary"]["records_invalid"]
    assert 1 == report["exit_code"]


def test_findings_fall_on_case_lines(report: dict[str, Any]) -> None:
    """Every finding names a line that starts one of the cases' records."""
    lines = {finding["line"] for finding in report["findings"]}
    assert set() == lines - set(range(1, len(CASES) + 1))


@pytest.mark.parametrize(("line", "case"), list(_case_params()))
def test_catalogue_case(report: dict[str, Any], line: int, case: dict[str, Any]) -> None:
    """The record gives exactly the expected set of codes on its line."""
    actual = {finding["code"] for finding in report["findings"] if finding["line"] == line}
    assert set(case["expect"]) == actual
