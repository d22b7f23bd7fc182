"""Measure what one chat line costs in ``check_records``, now and at an earlier commit.

Run ``python benchmarks/chat_cost.py --against REV [--records N] [--lines K] [--repeats R]``
from the repository, with the package's dependencies installed. ``REV``'s package is
taken out of git (``git archive``) into a temporary folder; then child processes of the
same interpreter, alternating between the two versions, time ``check_records`` over
the same generated records:

* *base*: ``N`` records with no chat;
* *empty-handed*: the same records with ``K`` ordinary chat lines each (greetings,
  logistics, times, phone and order numbers: no finding);
* *with a finding*: ``K`` lines each that hold a CPR number or a health statement
  about a named patient, half and half; and, to show where the cost lies, the
  same with only CPR numbers and with only health statements.

The cost of a chat line is ``(chat - base) / (N * K)``, best of ``R`` runs of each
child. The script prints the microseconds per line for both versions and the ratio of
the best over all rounds; lower is better, and 1.00x means "no higher than before".
Beside it stand the ratios of each round (the two versions timed one after the other):
their median and range, to tell a difference from the machine's noise. The lines come from
``benchmarks/chat_text.py``, seeded, so both versions see the same text.
``--cpu-time`` times the children's CPU time instead of the wall clock: on a
busy shared machine it leaves out the time a child waits for a core.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = 20261207
KINDS = ("base", "empty-handed", "with a finding", "  a CPR number", "  a health statement")
FINDING_SHARES = {"with a finding": 0.5, "  a CPR number": 1.0, "  a health statement": 0.0}
"""The share of CPR numbers among the lines of each kind with a finding."""


def records(kind: str, count: int, lines: int) -> list[dict[str, Any]]:
    """Return ``count`` minimal meeting records whose chat is ``lines`` lines of ``kind``."""
    import chat_text  # noqa: PLC0415 (the sibling module, on the child's path)

    rng = random.Random(SEED)
    if kind == "empty-handed":
        pool = [
            line
            for line in chat_text.chat_lines(rng, 200_000, cpr_share=0.0, health_share=0.0)
            if "@" not in line
        ]
    elif kind in FINDING_SHARES:
        pool = [
            rng.choice(chat_text.CPR_FORMS).format(number=chat_text.cpr_number(rng))
            if rng.random() < FINDING_SHARES[kind]
            else chat_text.health_line(rng)
            for _ in range(5_000)
        ]
    else:
        pool = []
    return [
        {
            "id": f"m{number}",
            "kind": "internal_meeting",
            "platform": "meet",
            "room": {"url": "https://meet.regionh.dk/x", "booked_via": "bookingportal"},
            "chat": [] if kind == "base" else [{"text": rng.choice(pool)} for _ in range(lines)],
        }
        for number in range(count)
    ]


def child(count: int, lines: int, repeats: int, *, cpu_time: bool = False) -> None:
    """Time ``check_records`` over each kind of record; print the seconds as JSON."""
    import datetime as dt  # noqa: PLC0415

    import onlinecompliance as oc  # noqa: PLC0415 (the version on PYTHONPATH)

    clock = time.process_time if cpu_time else time.perf_counter
    policy = oc.Policy(today=dt.date(2026, 12, 7))
    seconds = {}
    for kind in KINDS:
        data = records(kind, count, lines)
        best = float("inf")
        for _ in range(repeats):
            start = clock()
            for _result in oc.check_records(data, policy):
                pass
            best = min(best, clock() - start)
        seconds[kind] = best
    print(json.dumps(seconds))


def extract(revision: str, folder: Path) -> Path:
    """Take ``revision``'s ``src`` out of git into ``folder``; return the ``src`` path."""
    git = shutil.which("git")
    if git is None:
        raise SystemExit("chat_cost needs git to take the earlier commit out")
    archive = subprocess.run(
        [git, "-C", str(ROOT), "archive", "--format=tar", revision, "src"],
        check=True,
        capture_output=True,
    ).stdout
    tar_path = folder / "src.tar"
    tar_path.write_bytes(archive)
    with tarfile.open(tar_path) as tar:
        tar.extractall(folder, filter="data")
    return folder / "src"


def run_child(source: Path, args: argparse.Namespace) -> dict[str, float]:
    """Run one child with ``source`` first on the path; return its seconds."""
    program = (
        f"import sys; sys.path[:0] = [{str(source)!r}, {str(HERE)!r}]; import chat_cost; "
        f"chat_cost.child({args.records}, {args.lines}, {args.repeats}, cpu_time={args.cpu_time})"
    )
    command = [sys.executable, "-c", program]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    seconds: dict[str, float] = json.loads(output)
    return seconds


def main() -> int:
    """Time both versions, alternating, and print the cost of a chat line in each."""
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--against", required=True, help="the earlier commit, e.g. HEAD~1")
    parser.add_argument("--records", type=int, default=2_000)
    parser.add_argument("--lines", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cpu-time", action="store_true", help="time CPU time, not wall time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        sources = {"then": extract(args.against, Path(folder)), "now": ROOT / "src"}
        rounds = [
            {side: run_child(source, args) for side, source in sources.items()}
            for _ in range(args.rounds)
        ]
    lines = args.records * args.lines
    clock = "CPU time" if args.cpu_time else "wall time"
    print(f"{args.records:,} records x {args.lines} chat lines; against {args.against}; {clock}")
    print(f"{'chat line':<22}{'then µs':>10}{'now µs':>10}{'now/then':>10}   each round's now/then")
    for kind in KINDS[1:]:
        best = {side: line_cost([run[side] for run in rounds], kind, lines) for side in sources}
        each = sorted(
            line_cost([run["now"]], kind, lines) / line_cost([run["then"]], kind, lines)
            for run in rounds
        )
        spread = f"{statistics.median(each):.2f}x ({each[0]:.2f}-{each[-1]:.2f})"
        print(
            f"{kind:<22}{best['then']:>10.2f}{best['now']:>10.2f}"
            f"{best['now'] / best['then']:>9.2f}x   {spread}"
        )
    return 0


def line_cost(runs: list[dict[str, float]], kind: str, lines: int) -> float:
    """Return the microseconds a chat line of ``kind`` costs, by the best of ``runs``."""
    return (min(run[kind] for run in runs) - min(run["base"] for run in runs)) / lines * 1e6


if __name__ == "__main__":
    sys.exit(main())
