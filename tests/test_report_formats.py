"""The output formats: SARIF, JUnit, GitHub, CSV, JSON lines, text; baselines and statistics.

Each format is checked where its readers look: SARIF against the SARIF 2.1.0
JSON Schema (``data/sarif-schema-2.1.0.json``, OASIS, see ``data/README.md``),
JUnit by parsing the XML, CSV by reading it back.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.cli import main
from onlinecompliance.model import Severity
from onlinecompliance.report import Report
from onlinecompliance.report.json import json_element
from onlinecompliance.report.jsonl import json_line

DATA = Path(__file__).parent / "data"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "meetings.jsonl"
SARIF_SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a working folder holding a copy of the example log as ``log.jsonl``."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "log.jsonl").write_bytes(EXAMPLE.read_bytes())
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Run ``check log.jsonl --isolated`` with ``argv``; return the exit code and stdout."""
    code = main(["check", "log.jsonl", "--isolated", "--today", "2026-12-01", *argv])
    return code, capsys.readouterr().out


def summary(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    """Return the JSON summary of a run with ``argv``."""
    _, out = run(capsys, "--format", "json", *argv)
    result: dict[str, Any] = json.loads(out)["summary"]
    return result


@pytest.mark.usefixtures("folder")
def test_sarif_validates_and_describes_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    """SARIF output validates against the 2.1.0 schema, with every rule and a result each."""
    code, out = run(capsys, "--format", "sarif")
    log = json.loads(out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    (sarif_run,) = log["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    assert [*oc.RULES, "OC000"] == [rule["id"] for rule in rules]
    assert all(
        rule["help"]["markdown"] and rule["helpUri"].startswith("https://") for rule in rules
    )
    expected = summary(capsys)
    assert sum(expected["by_code"].values()) == len(sarif_run["results"])
    for result in sarif_run["results"]:
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert ("log.jsonl", "%SRCROOT%") == (artifact["uri"], artifact["uriBaseId"])
        assert location["physicalLocation"]["region"]["startLine"] >= 1
        assert result["level"] in {"error", "warning", "note"}
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert [{"executionSuccessful": True, "exitCode": code}] == sarif_run["invocations"]


def test_sarif_fingerprints_do_not_move_with_lines(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Blank lines added above every record change the lines, not the fingerprints."""
    _, before = run(capsys, "--format", "sarif")
    log = folder / "log.jsonl"
    log.write_text("\n\n" + log.read_text(encoding="utf-8"), encoding="utf-8")
    _, after = run(capsys, "--format", "sarif")

    def prints(out: str) -> list[str]:
        results = json.loads(out)["runs"][0]["results"]
        return [result["partialFingerprints"]["onlinecompliance/v1"] for result in results]

    assert prints(before) == prints(after)
    assert len(set(prints(before))) > 10


@pytest.mark.usefixtures("folder")
def test_junit_has_a_case_per_record_and_fails_on_errors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """JUnit: one suite for the file, one case per record, failures for records with errors."""
    _, out = run(capsys, "--format", "junit")
    root = ET.fromstring(out)  # noqa: S314 (our own output)
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    expected = summary(capsys)
    assert ("log.jsonl", expected["records_read"]) == (suite.get("name"), len(cases))
    failed = [case for case in cases if case.find("failure") is not None]
    _, jsonl = run(capsys, "--format", "jsonl")
    error_lines = {
        finding["line"]
        for finding in map(json.loads, jsonl.splitlines())
        if finding.get("severity") == "error"
    }
    assert sorted(error_lines) == sorted(int(case.get("line", "0")) for case in failed)


def test_github_annotations_are_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Workflow commands escape %, newlines, colons and commas, and map info to notice."""
    path = tmp_path / "a,b:c%.jsonl"
    path.write_text(
        json.dumps({"id": "x", "kind": "internal_meeting", "platform": "zoom"}) + "\n",
        encoding="utf-8",
    )
    assert 0 == main(["check", str(path), "--isolated", "--format", "github"])
    (annotation,) = capsys.readouterr().out.splitlines()
    assert annotation.startswith("::notice file=")
    assert "a%2Cb%3Ac%25.jsonl" in annotation
    assert ",line=1,title=OC109 zoom-meeting::" in annotation


def test_github_step_summary_is_written_where_asked(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With $GITHUB_STEP_SUMMARY set, the github format appends a Markdown table to it."""
    page = folder / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(page))
    run(capsys, "--format", "github")
    text = page.read_text(encoding="utf-8")
    assert text.startswith("### onlinecompliance")
    assert "| OC101 |" in text


@pytest.mark.usefixtures("folder")
def test_csv_has_the_record_columns_and_defuses_formulas(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """CSV reads back with the to_records() columns, one row per finding."""
    _, out = run(capsys, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    expected = summary(capsys)
    assert sum(expected["by_code"].values()) == len(rows)
    assert [
        "file",
        "line",
        "record",
        "code",
        "name",
        "severity",
        "path",
        "source_field",
        "message",
    ] == list(rows[0])
    assert not any(value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())


def test_csv_formula_cells_start_with_an_apostrophe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A record id that a spreadsheet would run as a formula is written as text."""
    path = tmp_path / "log.jsonl"
    record = {"id": "=HYPERLINK(1)", "kind": "internal_meeting", "platform": "zoom"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    main(["check", str(path), "--isolated", "--format", "csv"])
    (row,) = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert "'=HYPERLINK(1)" == row["record"]


def test_baseline_reports_only_new_findings_and_counts_fixed(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A baseline hides today's findings, shows a new one, and counts the fixed ones."""
    baseline = folder / "baseline.json"
    everything = summary(capsys, "--write-baseline", str(baseline))
    total = sum(everything["by_code"].values())
    assert (0, total) == (
        sum(summary(capsys, "--baseline", str(baseline))["by_code"].values()),
        summary(capsys, "--baseline", str(baseline))["baselined"],
    )
    log = folder / "log.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines()
    new = json.dumps({"id": "new-1", "kind": "internal_meeting", "platform": "zoom"})
    log.write_text("\n".join([new, *lines[1:]]) + "\n", encoding="utf-8")
    after = summary(capsys, "--baseline", str(baseline))
    assert {"OC109": 1} == after["by_code"]
    assert after["fixed"] > 0
    assert total == after["baselined"] + after["fixed"]


def test_baseline_file_is_sorted_and_holds_no_personal_data(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The baseline is sorted, stable JSON; an id holding a CPR number is stored masked."""
    log = folder / "log.jsonl"
    record = {"id": "010190-1234", "kind": "internal_meeting", "platform": "zoom"}
    log.write_text(json.dumps(record) + "\n", encoding="utf-8")
    first, second = folder / "one.json", folder / "two.json"
    run(capsys, "--write-baseline", str(first))
    run(capsys, "--write-baseline", str(second))
    text = first.read_text(encoding="utf-8")
    assert text == second.read_text(encoding="utf-8")
    entries = json.loads(text)["findings"]
    assert entries == sorted(entries, key=lambda entry: (entry["code"], entry["record"]))
    assert "010190" not in text


@pytest.mark.usefixtures("folder")
def test_statistics_count_every_finding_even_baselined(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--statistics prints one line per rule, counted before the baseline leaves any out."""
    counts = summary(capsys)["by_code"]
    baseline = tmp_path / "base.json"
    run(capsys, "--write-baseline", str(baseline))
    _, out = run(capsys, "--statistics", "--baseline", str(baseline))
    found = {line.split()[1]: int(line.split()[0]) for line in out.splitlines()}
    assert counts == dict(sorted(found.items()))


@pytest.mark.usefixtures("folder")
def test_json_is_written_as_one_document(capsys: pytest.CaptureFixture[str]) -> None:
    """The streamed JSON reads exactly as json.dumps(document, indent=2) writes it."""
    _, out = run(capsys, "--format", "json")
    assert json.dumps(json.loads(out), ensure_ascii=False, indent=2) + "\n" == out


@pytest.mark.usefixtures("folder")
def test_text_colour_follows_force_and_no_color(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """FORCE_COLOR colours text even into a pipe; NO_COLOR wins over it."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\033[" in run(capsys)[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\033[" not in run(capsys)[1]


any_text = st.text(st.characters(exclude_categories=()), max_size=30)
"""Any text, lone surrogates, quotes, control and line-separator characters included."""
reports = st.builds(
    Report,
    code=any_text,
    name=any_text,
    severity=st.sampled_from(Severity),
    record=st.none() | any_text,
    path=any_text,
    message=any_text,
    file=any_text,
    line=st.integers(min_value=0, max_value=2**63),
    evidence=st.none() | any_text,
)


@given(reports)
def test_jsonl_template_writes_what_json_dumps_writes(report: Report) -> None:
    expected = json.dumps(report.as_dict(), ensure_ascii=False, separators=(",", ":"))
    assert expected == json_line(report)


@given(reports)
def test_json_template_writes_what_json_dumps_writes_in_the_document(report: Report) -> None:
    document = json.dumps({"findings": [report.as_dict()]}, ensure_ascii=False, indent=2)
    head, tail = '{\n  "findings": [\n', "\n  ]\n}"
    assert document.startswith(head)
    assert document.endswith(tail)
    assert document[len(head) : -len(tail)] == json_element(report)
