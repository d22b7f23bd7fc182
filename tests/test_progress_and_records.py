"""Progress on a terminal, and findings as flat rows for data teams."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pytest

import onlinecompliance as oc
from onlinecompliance.cli.progress import Progress

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "meetings.jsonl"


class Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        """Say it is a terminal."""
        return True


def test_progress_shows_after_a_second_and_clears() -> None:
    """Nothing in the first second; then a count and a rate on one line, cleared at the end."""
    clock = iter([100.0, 100.5, 101.5, 101.6, 102.0])
    screen = Terminal()
    progress = Progress(quiet=False, stream=screen, clock=lambda: next(clock))
    progress.update(10)
    assert "" == screen.getvalue()
    progress.update(3000)
    progress.update(3001)  # too soon to redraw
    progress.update(4000)
    progress.clear()
    assert (
        "\r3,000 records checked, 2,000 a second\r4,000 records checked, 2,000 a second\r\033[K"
        == screen.getvalue()
    )


@pytest.mark.parametrize("quiet", [True, False])
def test_progress_is_silent_when_quiet_or_not_a_terminal(quiet: bool) -> None:
    """--quiet, or a stream that is no terminal, gets no progress at all."""
    stream = Terminal() if quiet else io.StringIO()
    progress = Progress(quiet=quiet, stream=stream)
    for count in range(0, 10**6, 1000):
        progress.update(count)
    progress.clear()
    assert "" == stream.getvalue()


def test_to_records_gives_one_flat_row_per_finding() -> None:
    """to_records() has one row per violation or OC000, with the csv format's columns."""
    records = [json.loads(line) for line in EXAMPLE.read_text(encoding="utf-8").splitlines()]
    results = list(oc.check_records(records, oc.Policy(today=datetime.date(2026, 12, 1))))
    rows = oc.to_records(results)
    expected = sum(len(result.violations) or bool(result.errors) for result in results)
    assert expected == len(rows)
    columns = [
        "file",
        "line",
        "record",
        "code",
        "name",
        "severity",
        "path",
        "source_field",
        "message",
    ]
    assert all(list(row) == columns for row in rows)
    assert {row["line"] for row in rows if row["code"] == "OC000"} == {
        result.index + 1 for result in results if result.errors
    }


def test_to_records_masks_an_id_holding_a_cpr_number() -> None:
    """A data team's table never holds the digits of a CPR number used as an id."""
    (result,) = oc.check_records(
        [{"id": "010190-1234", "kind": "internal_meeting", "platform": "zoom"}]
    )
    assert all("010190" not in str(row) for row in result.to_records("log.jsonl", 7))
    assert [("log.jsonl", 7)] == [
        (row["file"], row["line"]) for row in result.to_records("log.jsonl", 7)
    ][:1]
