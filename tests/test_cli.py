"""Tests for the command line: ``check``, ``rules`` and ``rule``, through ``main(argv)``."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from onlinecompliance import RULES
from onlinecompliance.cli import main

GROUP_ON_TEAMS = {"id": "a", "kind": "group_session", "platform": "teams"}
"""Gives OC104 (warning) and nothing else."""
MINSP_CONSULTATION = {
    "id": "b",
    "kind": "video_consultation",
    "platform": "minsp",
    "participants": [{"id": "p1", "role": "doctor"}],
}
"""Gives no OC1xx finding (at most informational notes from other families)."""
PATIENT_ON_ZOOM = {
    "id": "c",
    "kind": "video_consultation",
    "platform": "zoom",
    "participants": [{"id": "p1", "role": "doctor"}, {"id": "p2", "role": "patient"}],
}
"""Gives OC101 (error) among others."""
ZOOM_INTERNAL = {"id": "z", "kind": "internal_meeting", "platform": "zoom"}
"""Gives OC109 (info)."""
CPR = "010190-1235"


def line(record: object) -> str:
    """One JSON line."""
    return json.dumps(record) + "\n"


def write(tmp_path: Path, name: str, text: str | bytes) -> str:
    """Write a file in tmp_path and return its path as a string."""
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line; return exit code, standard output and standard error."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    """Run ``check --format json`` and parse its output."""
    code, out, _ = run(capsys, "check", "--format", "json", *argv)
    document: dict[str, Any] = json.loads(out)
    return code, document


def codes_at(document: dict[str, Any]) -> list[tuple[int, str]]:
    """(line, code) of every finding."""
    return [(finding["line"], finding["code"]) for finding in document["findings"]]


def test_check_jsonl_text_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A group session on Teams gives one OC104 line and a summary; a warning exits 0."""
    path = write(tmp_path, "log.jsonl", line(GROUP_ON_TEAMS))
    finding = (
        f"{path}:1: OC104 group-session-not-on-meet [warning] a group session on teams, not Meet "
        "(record a, at platform)"
    )
    summary = "1 record read, 1 checked, 0 invalid; 0 errors, 1 warning, 0 info"
    expected = (0, f"{finding}\n{summary}\n", "")
    assert expected == run(capsys, "check", path)


def test_check_clean_record_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A consultation on MinSP has no platform finding and nothing at error or warning."""
    path = write(tmp_path, "log.jsonl", line(MINSP_CONSULTATION))
    code, document = run_json(capsys, path)
    platform_codes = [f["code"] for f in document["findings"] if f["code"].startswith("OC1")]
    severities = document["summary"]["by_severity"]
    expected: tuple[int, list[str], int, int] = (0, [], 0, 0)
    assert expected == (code, platform_codes, severities["error"], severities["warning"])


def test_check_error_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An error finding (a patient on Zoom) makes the run exit 1."""
    path = write(tmp_path, "log.jsonl", line(PATIENT_ON_ZOOM))
    code, document = run_json(capsys, path)
    expected = (1, True)
    assert expected == (code, "OC101" in document["summary"]["by_code"])


def test_check_json_output_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The json format is one object: schema version, findings with every key, summary."""
    path = write(tmp_path, "log.jsonl", line(GROUP_ON_TEAMS))
    code, document = run_json(capsys, "--select", "OC1", path)
    expected = {
        "schema_version": 1,
        "findings": [
            {
                "code": "OC104",
                "name": "group-session-not-on-meet",
                "severity": "warning",
                "record": "a",
                "path": "platform",
                "message": "a group session on teams, not Meet",
                "file": path,
                "line": 1,
                "evidence": None,
                "source_field": None,
            }
        ],
        "summary": {
            "records_read": 1,
            "records_checked": 1,
            "records_invalid": 0,
            "by_severity": {"error": 0, "warning": 1, "info": 0},
            "by_code": {"OC104": 1},
            "empty_files": [],
            "unreadable_files": [],
            "baselined": 0,
            "fixed": 0,
        },
    }
    assert (0, expected) == (code, document)


def test_check_json_summary_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Read counts every record but not blank lines; invalid ones are counted apart."""
    text = (
        line(GROUP_ON_TEAMS)
        + "\n  \n"
        + "not json\n"
        + line({**GROUP_ON_TEAMS, "id": "b"})
        + line(7)
        + line({"id": "c", "kind": "group_session"})
    )
    path = write(tmp_path, "log.jsonl", text)
    code, document = run_json(capsys, "--select", "OC104", path)
    expected = {
        "records_read": 5,
        "records_checked": 2,
        "records_invalid": 3,
        "by_severity": {"error": 3, "warning": 2, "info": 0},
        "by_code": {"OC000": 3, "OC104": 2},
        "empty_files": [],
        "unreadable_files": [],
        "baselined": 0,
        "fixed": 0,
    }
    assert (1, expected) == (code, document["summary"])


def test_check_blank_lines_are_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Blank lines are not records, and findings keep their line numbers."""
    path = write(tmp_path, "log.jsonl", "\n\n" + line(GROUP_ON_TEAMS) + "   \n\t\n")
    _, document = run_json(capsys, "--select", "OC1", path)
    expected = ([(3, "OC104")], 1)
    assert expected == (codes_at(document), document["summary"]["records_read"])


def test_check_bom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A byte order mark at the start of a JSONL file is ignored."""
    path = write(tmp_path, "log.jsonl", b"\xef\xbb\xbf" + line(GROUP_ON_TEAMS).encode())
    _, document = run_json(capsys, "--select", "OC1", path)
    expected = [(1, "OC104")]
    assert expected == codes_at(document)


def test_check_line_not_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A line that is not JSON is OC000 at its line, and later records are still checked."""
    text = line(MINSP_CONSULTATION) + '{"id": "x" "kind": 1}\n' + line(GROUP_ON_TEAMS)
    path = write(tmp_path, "log.jsonl", text)
    code, document = run_json(capsys, "--select", "OC1", path)
    first = document["findings"][0]
    expected_codes = (1, [(2, "OC000"), (3, "OC104")])
    assert expected_codes == (code, codes_at(document))
    expected = {
        "code": "OC000",
        "name": "invalid-record",
        "severity": "error",
        "record": None,
        "path": "",
        "message": "line is not valid JSON: Expecting ',' delimiter (column 12)",
        "evidence": None,
    }
    assert expected == {key: first[key] for key in expected}


def test_check_line_not_an_object(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A JSON value that is not an object is an invalid record."""
    path = write(tmp_path, "log.jsonl", "[1, 2]\n")
    code, out, _ = run(capsys, "check", path)
    expected = (
        1,
        (
            f"{path}:1: OC000 invalid-record [error] expected an object, got an array\n"
            "1 record read, 0 checked, 1 invalid; 1 error, 0 warnings, 0 info\n"
        ),
    )
    assert expected == (code, out)


def test_check_invalid_record_lists_every_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown enum value is one OC000 at the first error's path, listing every error."""
    record = {
        "id": "r1",
        "kind": "group_session",
        "platform": "teams",
        "participants": [{"id": "p1", "role": "docter"}],
        "colour": "blue",
    }
    path = write(tmp_path, "log.jsonl", line(record))
    _, document = run_json(capsys, path)
    [finding] = document["findings"]
    parts = finding["message"].split("; ")
    expected = ("OC000", "r1", parts[0].split(": ")[0])
    assert expected == (finding["code"], finding["record"], finding["path"])
    assert {"participants[0].role", "colour"} <= {part.split(": ")[0] for part in parts}
    assert "'docter' is not one of" in finding["message"]


def test_check_duplicate_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A record that repeats an earlier id in the same file is OC000 at path id."""
    path = write(tmp_path, "log.jsonl", line(GROUP_ON_TEAMS) + line(GROUP_ON_TEAMS))
    _, document = run_json(capsys, "--select", "OC1", path)
    second = document["findings"][1]
    expected = (2, "OC000", "id", "a", "id: repeats the id of an earlier record in this input")
    assert expected == (
        second["line"],
        second["code"],
        second["path"],
        second["record"],
        second["message"],
    )


def test_check_same_id_in_two_files_is_fine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ids must be unique within a file, not across files."""
    first = write(tmp_path, "one.jsonl", line(GROUP_ON_TEAMS))
    second = write(tmp_path, "two.jsonl", line(GROUP_ON_TEAMS))
    _, document = run_json(capsys, "--select", "OC1", first, second)
    assert [(first, "OC104"), (second, "OC104")] == [
        (f["file"], f["code"]) for f in document["findings"]
    ]


def test_check_json_array_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """In a JSON array each finding is at the line where its element starts; a bad one is alone."""
    text = (
        "[\n"
        + json.dumps(GROUP_ON_TEAMS, indent=2)
        + ",\n  42,\n"
        + json.dumps({**GROUP_ON_TEAMS, "id": "z"})
        + "\n]\n"
    )
    path = write(tmp_path, "log.json", text)
    code, document = run_json(capsys, "--select", "OC1", path)
    expected = (1, [(2, "OC104"), (7, "OC000"), (8, "OC104")])
    assert expected == (code, codes_at(document))


def test_check_json_array_syntax_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A malformed element is one OC000 at its line, and the elements after it are read."""
    broken = line({**GROUP_ON_TEAMS, "id": "y"}).replace('"kind":', '"kind"', 1)
    text = (
        "[\n" + line(GROUP_ON_TEAMS) + ",\n" + broken + ",\n" + line({**GROUP_ON_TEAMS, "id": "z"})
    )
    path = write(tmp_path, "log.json", text + "]")
    code, document = run_json(capsys, "--select", "OC1", path)
    expected = (1, [(2, "OC104"), (4, "OC000"), (6, "OC104")], 3)
    assert expected == (code, codes_at(document), document["summary"]["records_read"])
    assert "record is not valid JSON: Expecting ':' delimiter" in document["findings"][1]["message"]


def test_check_single_json_object(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A .json file holding one object is one record."""
    path = write(tmp_path, "one.json", "\n" + json.dumps(GROUP_ON_TEAMS, indent=2))
    _, document = run_json(capsys, "--select", "OC1", path)
    expected = ([(2, "OC104")], 1)
    assert expected == (codes_at(document), document["summary"]["records_read"])


def test_check_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file is reported on stderr, the other files are checked, and the run exits 2."""
    missing = str(tmp_path / "missing.jsonl")
    present = write(tmp_path, "log.jsonl", line(GROUP_ON_TEAMS))
    code, out, err = run(capsys, "check", "--format", "json", "--select", "OC1", missing, present)
    expected_err = f"onlinecompliance: cannot check {missing}: No such file or directory\n"
    assert (2, expected_err, [(1, "OC104")]) == (code, err, codes_at(json.loads(out)))


def test_check_directory_is_unreadable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A directory named like a source is an unreadable file, not a traceback."""
    folder = tmp_path / "logs.jsonl"
    folder.mkdir()
    code, _, err = run(capsys, "check", str(folder))
    expected = (2, True)
    assert expected == (code, err.startswith(f"onlinecompliance: cannot check {folder}: "))


def test_check_unsupported_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path of another type is named with the supported types; the other paths are checked."""
    path = write(tmp_path, "log.csv", "id\n")
    present = write(tmp_path, "log.jsonl", line(GROUP_ON_TEAMS))
    code, out, err = run(capsys, "check", "--format", "json", "--select", "OC1", path, present)
    message = f"onlinecompliance: cannot check {path}: unsupported file type; use .jsonl, .json"
    assert (2, True, [(1, "OC104")]) == (code, message in err, codes_at(json.loads(out)))
    assert [path] == json.loads(out)["summary"]["unreadable_files"]


def test_check_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """``-`` reads JSON lines from standard input, reported as <stdin>."""
    data = (line(GROUP_ON_TEAMS) + "\n" + line(PATIENT_ON_ZOOM)).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, document = run_json(capsys, "--select", "OC101,OC104", "-")
    expected = [("<stdin>", 1, "OC104"), ("<stdin>", 3, "OC101")]
    assert (1, expected) == (
        code,
        [(f["file"], f["line"], f["code"]) for f in document["findings"]],
    )


def test_check_stdin_without_buffer(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A text-only standard input (no ``.buffer``) is read too."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(line(GROUP_ON_TEAMS)))
    _, document = run_json(capsys, "--select", "OC1", "-")
    expected = [(1, "OC104")]
    assert expected == codes_at(document)


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [(None, 0), ("error", 0), ("warning", 1), ("info", 1)],
)
def test_check_fail_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fail_on: str | None, expected: int
) -> None:
    """A warning fails the run only with --fail-on warning or info."""
    path = write(tmp_path, "log.jsonl", line(GROUP_ON_TEAMS))
    options = [] if fail_on is None else ["--fail-on", fail_on]
    assert expected == run(capsys, "check", "--select", "OC1", *options, path)[0]


def test_check_fail_on_info(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An info finding (Zoom meeting, OC109) fails only with --fail-on info."""
    path = write(tmp_path, "log.jsonl", line(ZOOM_INTERNAL))
    codes = [
        run(capsys, "check", "--select", "OC109", "--fail-on", level, path)[0]
        for level in ("error", "warning", "info")
    ]
    expected = [0, 0, 1]
    assert expected == codes


def test_check_select_and_ignore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--select takes codes, names and prefixes; --ignore removes rules from the selection."""
    path = write(
        tmp_path, "log.jsonl", line(PATIENT_ON_ZOOM) + line(GROUP_ON_TEAMS) + line(ZOOM_INTERNAL)
    )

    def codes(*options: str) -> list[str]:
        out = run(capsys, "check", "--format", "json", *options, path)[1]
        return sorted(json.loads(out)["summary"]["by_code"])

    expected = [["OC101", "OC104", "OC109"], ["OC101", "OC104"], ["OC104"]]
    assert expected == [
        codes("--select", "OC101, group-session-not-on-meet,oc109"),
        codes("--select", "OC1", "--ignore", "zoom-meeting"),
        codes("--select", "OC101", "--select", "OC104", "--ignore", "OC101"),
    ]
    assert "OC104" not in codes("--ignore", "OC104")


def test_check_bad_select(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown rule in --select or --ignore is a usage error with a suggestion."""
    path = write(tmp_path, "log.jsonl", line(GROUP_ON_TEAMS))
    code, out, err = run(capsys, "check", "--select", "group-sesion-not-on-meet", path)
    message = (
        "onlinecompliance: 'group-sesion-not-on-meet' is not a rule code or name; "
        "did you mean 'group-session-not-on-meet'?\n"
    )
    expected = (2, "", message, 2)
    assert expected == (code, out, err, run(capsys, "check", "--ignore", "OC8", path)[0])


def test_check_empty_select(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--select with no rule in it is a usage error rather than a run that checks nothing."""
    path = write(tmp_path, "log.jsonl", line(GROUP_ON_TEAMS))
    expected = (2, "", "onlinecompliance: --select names no rule\n")
    assert expected == run(capsys, "check", "--select", " , ", path)


def test_check_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--output writes the report to a file, in UTF-8, and nothing to standard output."""
    path = write(tmp_path, "log.jsonl", line(GROUP_ON_TEAMS))
    report = tmp_path / "report.json"
    code, out, err = run(capsys, "check", "--format", "json", "--output", str(report), path)
    expected = (0, "", "", [(1, "OC104")])
    assert expected == (code, out, err, codes_at(json.loads(report.read_text(encoding="utf-8"))))


def test_check_output_unwritable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An output file that cannot be written is an error message and exit 2."""
    path = write(tmp_path, "log.jsonl", line(GROUP_ON_TEAMS))
    target = tmp_path / "no" / "such" / "report.txt"
    code, _, err = run(capsys, "check", "--output", str(target), path)
    message = f"onlinecompliance: cannot write the report to {target}: the folder "
    assert (2, True) == (code, err.startswith(message))


def test_check_json_is_byte_identical(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same input gives the same bytes twice."""
    text = (
        line(PATIENT_ON_ZOOM)
        + "bad\n"
        + line(GROUP_ON_TEAMS)
        + line({"id": "d", "kind": "x", "platform": "y"})
    )
    path = write(tmp_path, "log.jsonl", text)
    first = tmp_path / "first.json"
    second = tmp_path / "second.json"
    run(capsys, "check", "--format", "json", "--output", str(first), path)
    run(capsys, "check", "--format", "json", "--output", str(second), path)
    assert first.read_bytes() == second.read_bytes()


def test_check_jsonl_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The jsonl format prints each finding as one compact JSON object a line, then the summary."""
    path = write(tmp_path, "log.jsonl", line(GROUP_ON_TEAMS) + "oops\n")
    code, out, _ = run(capsys, "check", "--format", "jsonl", "--select", "OC1", path)
    lines = out.splitlines()
    *findings, summary = [json.loads(text) for text in lines]
    expected = (1, [("OC104", 1), ("OC000", 2)])
    assert expected == (code, [(finding["code"], finding["line"]) for finding in findings])
    assert lines[0].startswith('{"code":"OC104","name":"group-session-not-on-meet",')
    assert ("summary", 2, 1, 1) == (
        summary["type"],
        summary["records_read"],
        summary["records_checked"],
        summary["records_invalid"],
    )


def test_check_findings_sorted_by_file_line_code_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Files in the order given, then line, code and path."""
    first = write(tmp_path, "b.jsonl", line(PATIENT_ON_ZOOM) + line(GROUP_ON_TEAMS))
    second = write(tmp_path, "a.jsonl", line(GROUP_ON_TEAMS))
    _, document = run_json(capsys, "--select", "OC1", first, second)
    keys = [(f["file"], f["line"], f["code"]) for f in document["findings"]]
    assert keys == sorted(keys, key=lambda key: ([first, second].index(key[0]), key[1], key[2]))
    assert [first, second] == list(dict.fromkeys(key[0] for key in keys))


def test_check_invalid_utf8_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A line that is not UTF-8 is OC000 at its line; the file goes on."""
    path = write(tmp_path, "log.jsonl", b'{"id": "\xff"}\n' + line(GROUP_ON_TEAMS).encode())
    _, document = run_json(capsys, "--select", "OC1", path)
    expected = ([(1, "OC000"), (2, "OC104")], "line is not valid UTF-8 (byte 9 cannot be decoded)")
    assert expected == (codes_at(document), document["findings"][0]["message"])


def test_check_isolated_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--isolated runs with the built-in default policy."""
    path = write(tmp_path, "log.jsonl", line(GROUP_ON_TEAMS))
    assert run(capsys, "check", "--select", "OC1", path) == run(
        capsys, "check", "--isolated", "--select", "OC1", path
    )


def test_check_control_characters_in_ids_stay_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A record id with a newline or an escape is masked, so a finding is one clean line."""
    path = write(tmp_path, "log.jsonl", line({**GROUP_ON_TEAMS, "id": "a\nb\x1b"}))
    _, out, _ = run(capsys, "check", "--select", "OC1", path)
    expected = (
        f"{path}:1: OC104 group-session-not-on-meet [warning] a group session on teams, not Meet "
        "(record X?X?, at platform)"
    )
    assert expected == out.splitlines()[0]


def test_no_output_holds_cpr_or_chat_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No format, nor standard error, repeats a CPR number or chat text from the input."""
    record = {
        "id": "vk-1",
        "kind": "video_consultation",
        "platform": "teams",
        "participants": [{"id": "p1", "role": "doctor"}, {"id": "p2", "role": "patient"}],
        "chat": [{"sender": "p1", "text": f"Hemmeligtord: patientens CPR er {CPR}"}],
        "sms_text": f"cpr {CPR}",
    }
    bad_record = {
        "id": "vk-2",
        "kind": "video_consultation",
        "platform": CPR,
        "chat": [{"text": 1}],
    }
    text = line(record) + f"Hemmeligtord {CPR} not json\n" + line(bad_record) + f'{{"id": "{CPR}\n'
    path = write(tmp_path, "log.jsonl", text)
    outputs = [run(capsys, "check", "--format", name, path) for name in ("text", "json", "jsonl")]
    expected = [1, 1, 1]
    assert expected == [code for code, _, _ in outputs]
    printed = "".join(out + err for _, out, err in outputs)
    assert "OC000" in printed
    assert "OC101" in printed
    for secret in ("0101901235", "010190", "Hemmeligtord", "patientens"):
        assert secret not in printed


def test_rules_text(capsys: pytest.CaptureFixture[str]) -> None:
    """``rules`` lists every rule in code order as aligned columns."""
    code, out, _ = run(capsys, "rules")
    lines = out.splitlines()
    width = max(len(rule.name) for rule in RULES.values())
    first = RULES["OC101"]
    assert (0, len(RULES)) == (code, len(lines))
    assert f"OC101  error    {first.name:<{width}}  {first.summary}" == lines[0]
    assert list(RULES) == [text.split()[0] for text in lines]


def test_rules_json(capsys: pytest.CaptureFixture[str]) -> None:
    """``rules --format json`` gives every rule's documentation."""
    code, out, _ = run(capsys, "rules", "--format", "json")
    rules = json.loads(out)
    oc101 = rules[0]
    assert (0, list(RULES)) == (code, [rule["code"] for rule in rules])
    expected_keys = {
        "code",
        "name",
        "severity",
        "summary",
        "rationale",
        "guideline_da",
        "guideline_en",
        "provenance",
        "sources",
        "fix",
        "reading",
        "kinds",
        "platforms",
        "example",
        "use_instead",
    }
    assert expected_keys == set(oc101)
    expected_scope = (["public", "seed"], None, ["other", "teams", "zoom"])
    assert expected_scope == (oc101["provenance"], oc101["kinds"], oc101["platforms"])
    assert dict(RULES["OC101"].example) == oc101["example"]


def test_rules_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    """``rules --format markdown`` is a table with a header and one row per rule."""
    code, out, _ = run(capsys, "rules", "--format", "markdown")
    lines = out.splitlines()
    assert (0, len(RULES) + 2) == (code, len(lines))
    expected = "| Code | Name | Severity | Provenance | Summary |"
    assert expected == lines[0]
    assert lines[2].startswith(
        "| OC101 | patient-contact-on-unapproved-platform | error | public, seed | "
    )


@pytest.mark.parametrize("key", ["OC104", "oc104", "group-session-not-on-meet"])
def test_rule_document(capsys: pytest.CaptureFixture[str], key: str) -> None:
    """``rule`` takes a code in any case or a name and prints every section."""
    code, out, _ = run(capsys, "rule", key)
    rule = RULES["OC104"]
    expected_title = (0, "OC104 group-session-not-on-meet (warning)")
    assert expected_title == (code, out.splitlines()[0])
    headings = [text for text in out.splitlines()[1:] if text and not text.startswith(" ")]
    expected = [
        "What it does",
        "Why",
        "Guideline",
        "Provenance and sources",
        "Applies to",
        "How to fix",
    ]
    expected += ["Reading"] if rule.reading else []
    expected += ["Example", "Use instead"]
    assert expected == headings
    assert "Danish: " in out
    assert "English: " in out


def test_rule_document_example_is_json(capsys: pytest.CaptureFixture[str]) -> None:
    """The example record is printed as JSON that reads back equal."""
    _, out, _ = run(capsys, "rule", "OC101")
    example = out.split("\nExample\n")[1].split("\nUse instead\n")[0]
    assert dict(RULES["OC101"].example) == json.loads(example)


def test_rule_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown rule is an error on stderr with a suggestion, exit 2."""
    code, out, err = run(capsys, "rule", "group-sesion-not-on-meet")
    expected = (
        "onlinecompliance: 'group-sesion-not-on-meet' is not a rule code or name; "
        "did you mean 'group-session-not-on-meet'? (see `onlinecompliance rules`)\n"
    )
    assert (2, "", expected) == (code, out, err)


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a command the usage is shown and the exit code is 2."""
    code, _, err = run(capsys)
    expected = (2, True)
    assert expected == (code, "usage: onlinecompliance" in err)


def test_argparse_errors_return_2(capsys: pytest.CaptureFixture[str]) -> None:
    """Bad options return 2 instead of raising SystemExit."""
    expected = [2, 2, 2]
    assert expected == [
        run(capsys, "check")[0],
        run(capsys, "check", "--format", "xml", "a.jsonl")[0],
        run(capsys, "check", "--fail", "error", "a.jsonl")[0],
    ]


def test_help_returns_0(capsys: pytest.CaptureFixture[str]) -> None:
    """--help prints usage and returns 0."""
    code, out, _ = run(capsys, "check", "--help")
    expected = (0, True)
    assert expected == (code, "--isolated" in out)


def test_python_dash_m(tmp_path: Path) -> None:
    """``python -m onlinecompliance`` runs the command line and exits with its code."""
    path = write(tmp_path, "log.jsonl", line(PATIENT_ON_ZOOM))
    src = str(Path(__file__).resolve().parents[1] / "src")
    result = subprocess.run(
        [sys.executable, "-m", "onlinecompliance", "check", "--select", "OC101", path],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": src, "PYTHONIOENCODING": "utf-8"},
    )
    expected = (1, "", True)
    assert expected == (
        result.returncode,
        result.stderr,
        f"{path}:1: OC101 patient-contact-on-unapproved-platform [error] " in result.stdout,
    )


def test_json_output_is_utf8_whatever_the_locale(tmp_path: Path) -> None:
    """With an ASCII locale, ``--format json`` still writes UTF-8 JSON that parses back."""
    path = write(tmp_path, "log.jsonl", line({**GROUP_ON_TEAMS, "id": "møde"}))
    src = str(Path(__file__).resolve().parents[1] / "src")
    result = subprocess.run(
        [sys.executable, "-m", "onlinecompliance", "check", "--format", "json", path],
        capture_output=True,
        check=False,
        env={"PYTHONPATH": src, "PYTHONIOENCODING": "ascii"},
    )
    findings = json.loads(result.stdout.decode("utf-8"))["findings"]
    assert ["møde"] == [finding["record"] for finding in findings]


def test_unreadable_record_names_its_id_and_field_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A repeated field, NaN or huge number is an OC000 at the field, with the record's id."""
    text = (
        '{"id": "vk-1", "kind": "group_session", "platform": "meet", "platform": "teams"}\n'
        '{"id": "010190-1234", "kind": "group_session", "platform": "meet",'
        ' "advisory": {"admitted_hours": NaN}}\n'
    )
    path = write(tmp_path, "log.jsonl", text)
    _, document = run_json(capsys, "--isolated", path)
    found = [(item["record"], item["path"]) for item in document["findings"]]
    assert [("vk-1", "platform"), ("XXXXXX-XXXX", "advisory.admitted_hours")] == found
