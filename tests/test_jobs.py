"""``--jobs``: checking in several processes gives the very same report as one process."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from onlinecompliance.cli import main, parallel

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "meetings.jsonl"


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Write a log of many records: the example's, with repeats, bad lines, a BOM, blanks."""
    monkeypatch.chdir(tmp_path)
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    body = []
    for copy in range(40):
        for number, line in enumerate(lines):
            record = json.loads(line)
            if copy % 3 or number % 5:  # some ids repeat an earlier copy's
                record["id"] = f"{record['id']}-{copy}"
            body.append(json.dumps(record, ensure_ascii=False))
        body.extend(["", "not json", '{"id": "x", "id": "y"}'])
    path = tmp_path / "log.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + ("\n".join(body) + "\n").encode())
    monkeypatch.setattr(parallel, "RANGE_BYTES", 2048)  # many ranges, cut at odd places
    return path


@pytest.mark.parametrize(
    "output_format", ["text", "json", "jsonl", "sarif", "junit", "csv", "html"]
)
def test_jobs_give_byte_identical_reports(
    log: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    output_format: str,
) -> None:
    """The report and the exit code are the same with 1, 2 and 3 processes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764979200")  # the html report's date
    runs = []
    for jobs in ("1", "2", "3"):
        code = main(
            [
                "check",
                str(log),
                "--isolated",
                "--today",
                "2026-12-01",
                "--format",
                output_format,
                "--jobs",
                jobs,
            ]
        )
        runs.append((code, capsys.readouterr().out))
    assert runs[0] == runs[1] == runs[2]
    assert len(runs[0][1]) > 10_000


def test_ranges_cover_the_file_at_line_ends(log: Path) -> None:
    """The ranges follow each other, end at line ends and know their first line's number."""
    data = log.read_bytes()
    ranges = list(parallel._ranges(str(log)))  # noqa: SLF001 (the cutting itself is the subject)
    assert len(ranges) > 10
    assert 0 == ranges[0][0]
    assert len(data) == ranges[-1][1]
    for (_, end, _), (start, _, line) in itertools.pairwise(ranges):
        assert end == start
        assert data[end - 1 : end] == b"\n"
        assert line == data.count(b"\n", 0, start) + 1
