"""Held-out policy cases: criteria, policy waivers, ``today`` and policy errors.

Each folder of ``data/policy_cases`` holds a policy file, ``records.jsonl`` and
``expected.json``; they were written from the specification and the rule
catalogue alone, by a writer who did not read the implementation (the folder's
README describes the format). Each case runs the command line in its folder, as
a user would, and compares the findings whose code it watches.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from onlinecompliance.cli import main

CASES_FOLDER = Path(__file__).parent / "data" / "policy_cases"
CASES = sorted(path for path in CASES_FOLDER.iterdir() if path.is_dir())


def finding_key(finding: dict[str, Any]) -> tuple[str, str | None, str, int]:
    """Return what a case compares of a finding: code, record, file and line."""
    return finding["code"], finding["record"], finding["file"], finding["line"]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_policy_case(
    case: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The run gives exactly the expected watched findings, exit code and messages."""
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    monkeypatch.chdir(case)
    policy = ["--policy", "policy.toml"] if (case / "policy.toml").exists() else []
    code = main(["check", "records.jsonl", "--format", "json", *policy, *expected["args"]])
    out, err = capsys.readouterr()
    if "stderr_contains" in expected:
        assert [] == [part for part in expected["stderr_contains"] if part not in err]
        assert "Traceback" not in err
    else:
        findings = json.loads(out)["findings"]
        watched = Counter(
            finding_key(finding) for finding in findings if finding["code"] in expected["watch"]
        )
        assert Counter(map(finding_key, expected["findings"])) == watched
    if "exit_code" in expected:
        assert expected["exit_code"] == code


def test_cases_cover_every_way_to_name_a_policy() -> None:
    """The set has cases for --policy, onlinecompliance.toml and pyproject.toml."""
    names = {path.name for case in CASES for path in case.glob("*.toml")}
    assert {"policy.toml", "onlinecompliance.toml", "pyproject.toml"} <= names
