"""Hostile inputs: every record counted, nothing personal printed, never a traceback.

``data/hostile`` holds inputs written from the specification alone (see its
README), each with its expected outcome beside it: exit code, number of OC000
findings, records read, fragments of standard error, and strings that must
appear nowhere. Each runs through the command line in that folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from onlinecompliance.cli import main

HOSTILE = Path(__file__).parent / "data" / "hostile"
CASES = sorted(
    path
    for path in HOSTILE.iterdir()
    if path.is_file() and not path.name.endswith(".expected.json") and path.name != "README.md"
)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_case(
    case: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The run exits as expected, counts every record, and prints nothing forbidden."""
    expected: dict[str, Any] = json.loads(
        case.with_name(case.name.rsplit(".", 1)[0] + ".expected.json").read_text(encoding="utf-8")
    )
    monkeypatch.chdir(HOSTILE)
    code = main(["check", case.name, "--format", "json", "--isolated"])
    out, err = capsys.readouterr()
    assert expected["exit_code"] == code
    assert "Traceback" not in err
    document = json.loads(out) if out.strip() else None
    if expected["oc000"] is not None:
        assert document is not None
        found = [item for item in document["findings"] if item["code"] == "OC000"]
        assert expected["oc000"] == len(found)
    if document is not None:
        summary = document["summary"]
        counted = summary["records_checked"] + summary["records_invalid"]
        assert summary["records_read"] == counted
        if expected["records_read"] is not None:
            assert expected["records_read"] == summary["records_read"]
    shown = f"{out}\n{err}".casefold()
    assert [] == [
        part for part in expected["stderr_contains"] if part.casefold() not in err.casefold()
    ]
    assert [] == [word for word in expected["forbidden"] if word.casefold() in shown]


def test_every_case_has_its_expectation() -> None:
    """Each input has an expected outcome beside it, and there are cases to run."""
    assert len(CASES) > 20
    missing = [
        case.name
        for case in CASES
        if not case.with_name(case.name.rsplit(".", 1)[0] + ".expected.json").exists()
    ]
    assert [] == missing
