"""Interruptions and the output file: Ctrl-C, a closed pipe, an output that would do harm."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from onlinecompliance.cli import main
from onlinecompliance.report import json as json_format

if TYPE_CHECKING:
    import pytest

GROUP_ON_TEAMS = {"id": "a", "kind": "group_session", "platform": "teams"}


def log(tmp_path: Path, count: int = 1) -> Path:
    """Write a log of ``count`` group sessions on Teams (one OC104 warning each)."""
    path = tmp_path / "log.jsonl"
    lines = (json.dumps({**GROUP_ON_TEAMS, "id": f"r{index}"}) for index in range(count))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_ctrl_c_exits_130_with_one_line_and_leaves_no_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the report is written: exit 130, one line, no partial report file."""

    class Interrupted:
        """A format that is interrupted after its first piece."""

        def __init__(self, _options: object) -> None:
            pass

        def begin(self) -> list[str]:
            return ["{"]

        def add(self, _item: object) -> list[str]:
            raise KeyboardInterrupt

        def end(self, *_: object) -> list[str]:
            return []

    monkeypatch.setattr(json_format, "JsonReporter", Interrupted)  # REPORTERS looks it up there
    report = tmp_path / "report.json"
    code = main(
        ["check", str(log(tmp_path)), "--isolated", "--format", "json", "--output", str(report)]
    )
    err = capsys.readouterr().err
    assert (130, "onlinecompliance: interrupted\n") == (code, err)
    assert [log(tmp_path).name] == [path.name for path in tmp_path.iterdir()]


def test_output_naming_an_input_is_refused_before_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--output that names an input would overwrite it: refused, and the input is untouched."""
    path = log(tmp_path)
    before = path.read_bytes()
    code = main(["check", str(path), "--isolated", "--output", str(path)])
    assert 2 == code
    assert "which the report would overwrite" in capsys.readouterr().err
    assert before == path.read_bytes()


def test_output_replaces_an_old_report_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A report written over an old one holds the new report only."""
    report = tmp_path / "report.txt"
    report.write_text("old report " * 1000, encoding="utf-8")
    assert 0 == main(["check", str(log(tmp_path)), "--isolated", "--output", str(report)])
    text = report.read_text(encoding="utf-8")
    assert "old report" not in text
    assert "1 record read" in text
    assert "" == capsys.readouterr().err


def test_closed_pipe_ends_quietly_with_the_findings_exit_code(tmp_path: Path) -> None:
    """A reader that stops early (``| head -1``) ends the run quietly; findings give exit 1."""
    path = log(tmp_path, count=3000)
    src = str(Path(__file__).resolve().parent.parent / "src")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "onlinecompliance",
            "check",
            str(path),
            "--isolated",
            "--fail-on",
            "warning",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"PYTHONPATH": src},
        cwd=tmp_path,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read()
    process.wait(timeout=60)
    assert b"OC104" in first
    assert (1, b"") == (process.returncode, err)
