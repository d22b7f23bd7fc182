"""The command line with policy files: finding them, flags over them, showing them, errors.

Every test runs in its own empty folder (``monkeypatch.chdir``), so policy
discovery sees only the files the test writes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.cli import main
from onlinecompliance.policy import read_policy_text

VIDEO_ON_MEET = {
    "id": "vk-1",
    "kind": "video_consultation",
    "platform": "meet",
    "department": "RH-Kardiologi",
    "minsp_fallback": "patient_not_on_minsp",
    "room": {"type": "unique", "url": "https://meet.regionh.dk/a1"},
    "participants": [
        {"id": "p1", "role": "doctor", "organisation": "region"},
        {"id": "p2", "role": "patient", "identity": "mitid"},
    ],
}
"""A Meet consultation whose only findings are OC406 (room not ordered) and OC503."""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return an empty working folder with the log ``log.jsonl`` of :data:`VIDEO_ON_MEET`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "log.jsonl").write_text(json.dumps(VIDEO_ON_MEET) + "\n", encoding="utf-8")
    return tmp_path


def codes(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], str]:
    """Run ``check log.jsonl`` with ``argv``; return the exit code, codes found and stderr."""
    exit_code = main(["check", "log.jsonl", "--format", "json", *argv])
    out, err = capsys.readouterr()
    found = [finding["code"] for finding in json.loads(out)["findings"]] if out else []
    return exit_code, found, err


@pytest.mark.usefixtures("folder")
def test_no_policy_file_runs_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a policy file every rule runs: OC406 and OC503."""
    assert (0, ["OC406", "OC503"], "") == codes(capsys)


def test_policy_file_is_found_in_a_parent(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """onlinecompliance.toml in a parent folder applies in a subfolder."""
    (folder / "onlinecompliance.toml").write_text('ignore = ["OC503"]\n', encoding="utf-8")
    sub = folder / "logs"
    sub.mkdir()
    (sub / "log.jsonl").write_text(json.dumps(VIDEO_ON_MEET) + "\n", encoding="utf-8")
    monkeypatch.chdir(sub)
    assert (0, ["OC406"], "") == codes(capsys)


def test_pyproject_policy_takes_effect(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A policy under [tool.onlinecompliance] in pyproject.toml is read."""
    (folder / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.onlinecompliance]\nignore = ["OC406"]\n',
        encoding="utf-8",
    )
    assert (0, ["OC503"], "") == codes(capsys)


def test_flags_replace_the_file_and_isolated_ignores_it(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--ignore replaces the file's ignore; --isolated uses the default policy."""
    (folder / "onlinecompliance.toml").write_text(
        'ignore = ["OC503"]\nfail-on = "warning"\n', encoding="utf-8"
    )
    assert (1, ["OC406"], "") == codes(capsys)
    assert (0, ["OC503"], "") == codes(capsys, "--ignore", "OC406")
    assert (0, ["OC406"], "") == codes(capsys, "--fail-on", "error")
    assert (0, ["OC406", "OC503"], "") == codes(capsys, "--isolated")


def test_today_flag_expires_a_policy_waiver(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--today beyond a waiver's expiry brings its finding back and reports the waiver."""
    (folder / "policy.toml").write_text(
        'today = 2026-12-01\n\n[[waivers]]\nrule = "OC406"\nrecords = "vk-*"\n'
        'reason = "booked by phone"\nexpires = 2026-12-31\n',
        encoding="utf-8",
    )
    assert (0, ["OC503"], "") == codes(capsys, "--policy", "policy.toml")
    exit_code = main(["check", "log.jsonl", "--policy", "policy.toml", "--today", "2027-01-01"])
    out, _ = capsys.readouterr()
    assert 0 == exit_code
    expired = "the policy's waiver for OC406 expired on 2026-12-31"
    assert f"policy.toml:3: OC901 expired-waiver [warning] {expired}" in out
    assert "log.jsonl:1: OC406" in out


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (
            b'ignor = ["OC1"]\n',
            "policy.toml:1: ignor: unknown field: 'ignor'; did you mean 'ignore'?",
        ),
        (b'select = ["OC99x"]\n', "policy.toml:1: select[0]: 'OC99x' is not a rule code or name"),
        (b'ignore = ["OC000"]\n', "OC000 is not a rule"),
        (b"today = 2026-13-01\n", "policy.toml:1:"),
        (b"", "policy.toml: the policy file is empty"),
        (b'ignore = ["\xff"]\n', "policy.toml: byte 12 is not UTF-8"),
    ],
)
def test_policy_errors_exit_2_without_traceback(
    folder: Path, capsys: pytest.CaptureFixture[str], content: bytes, fragment: str
) -> None:
    """A policy file in error stops the run with exit 2 and names the problem."""
    (folder / "policy.toml").write_bytes(content)
    exit_code, found, err = codes(capsys, "--policy", "policy.toml")
    assert (2, []) == (exit_code, found)
    assert fragment in err
    assert "Traceback" not in err


def test_policy_that_is_a_folder_or_missing_exits_2(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A policy path that is a folder, or does not exist, is a clear error."""
    (folder / "policies").mkdir()
    assert 2 == codes(capsys, "--policy", "policies")[0]
    assert 2 == codes(capsys, "--policy", "missing.toml")[0]
    _, _, err = codes(capsys, "--policy", "missing.toml")
    assert "cannot read the policy missing.toml" in err


@pytest.mark.usefixtures("folder")
def test_bad_today_flag_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """--today takes a date such as 2026-12-31."""
    assert 2 == main(["check", "log.jsonl", "--today", "31-12-2026"])
    assert "expected a date such as 2026-12-31" in capsys.readouterr().err


@pytest.mark.usefixtures("folder")
def test_ignore_oc000_and_rule_oc000_get_a_clear_answer(capsys: pytest.CaptureFixture[str]) -> None:
    """OC000 is explained, not answered with a look-alike code."""
    assert 2 == main(["check", "log.jsonl", "--ignore", "OC000"])
    assert 2 == main(["rule", "oc000"])
    err = capsys.readouterr().err
    assert 2 == err.count("OC000 is not a rule")
    assert "did you mean" not in err


def test_policy_show_names_each_origin(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Policy --show says which value came from the file, which from a flag, which is default."""
    (folder / "onlinecompliance.toml").write_text(
        '# a policy\nignore = ["OC109"]\n\n[[criteria]]\ndepartment = "RH-*"\n',
        encoding="utf-8",
    )
    assert 0 == main(["policy", "--show", "--fail-on", "warning"])
    out = capsys.readouterr().out
    assert 'ignore = ["OC109"]  # onlinecompliance.toml:2' in out
    assert 'fail-on = "warning"  # --fail-on' in out
    assert 'min-confidence = "medium"  # default' in out
    assert "[[criteria]]  # onlinecompliance.toml:4" in out


def test_schema_command_prints_both_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    """``schema meeting`` and ``schema policy`` print the committed schemas."""
    root = Path(__file__).resolve().parent.parent / "schemas"
    for name in ("meeting", "policy"):
        assert 0 == main(["schema", name])
        assert (root / f"{name}.schema.json").read_text(encoding="utf-8") == capsys.readouterr().out


def test_toml_templates_are_checked_at_their_table_lines(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A .toml file of [[meeting]] tables is checked; findings name each table's line."""
    (folder / "templates.toml").write_text(
        '# set-ups\n[[meeting]]\nid = "a"\nkind = "internal_meeting"\nplatform = "zoom"\n\n'
        '[[meeting]]\nid = "b"\nkind = "video_consultation"\nplatform = "minsp"\n'
        'department = "RH-Kardiologi"\n\n[[meeting]]\nid = "c"\nkind = "webinar"\n'
        'platform = "teams"\n',
        encoding="utf-8",
    )
    assert 1 == main(["check", "templates.toml", "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    found = [(item["line"], item["code"]) for item in document["findings"]]
    assert [(2, "OC109"), (7, "OC503"), (13, "OC000")] == found
    assert (3, 2, 1) == tuple(
        document["summary"][key] for key in ("records_read", "records_checked", "records_invalid")
    )


def test_toml_syntax_error_is_one_oc000_with_line_and_column(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A TOML syntax error is one unreadable record at its line, naming the column."""
    (folder / "templates.toml").write_text('[[meeting]]\nid = "a"\nkind =\n', encoding="utf-8")
    assert 1 == main(["check", "templates.toml", "--format", "json"])
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert ("OC000", 3) == (finding["code"], finding["line"])
    assert "column" in finding["message"]


SHOWN_KEYS = st.fixed_dictionaries(
    {},
    optional={
        "ignore": st.lists(st.sampled_from(["OC109", "OC4", "unlisted-browser"]), max_size=3),
        "fail-on": st.sampled_from(["info", "warning", "error"]),
        "min-confidence": st.sampled_from(["low", "medium", "high"]),
        "today": st.dates().map(lambda day: day.isoformat()),
        "meet-hosts": st.lists(st.sampled_from(["meet.regionh.dk", "møde.example"]), max_size=2),
    },
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(keys=SHOWN_KEYS, waived=st.booleans())
def test_shown_policy_reads_back_as_the_same_policy(
    keys: dict[str, Any], waived: bool, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The output of ``policy --show`` is a policy file that gives the same policy."""
    lines = ["# generated"]
    lines += [
        f"{key} = {value if key == 'today' else json.dumps(value)}" for key, value in keys.items()
    ]
    if waived:
        lines += ["[[waivers]]", 'rule = "OC406"', 'departments = "RH-*"', 'reason = "approved"']
    (folder / "onlinecompliance.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    original = oc.load_policy(folder / "onlinecompliance.toml")
    assert 0 == main(["policy", "--show"])
    shown = read_policy_text(capsys.readouterr().out, "shown.toml").build()
    fields = ("select", "ignore", "fail_on", "min_confidence", "today", "meet_hosts")
    assert [getattr(original, name) for name in fields] == [getattr(shown, name) for name in fields]
    assert original.waivers == shown.waivers
