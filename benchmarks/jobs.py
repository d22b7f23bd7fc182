"""Measure ``check --jobs 2`` against ``--jobs 1`` on one generated log, in one run.

Run ``python benchmarks/jobs.py [--records N] [--repeats R]`` with the package
installed. The log is the example log's records repeated with fresh ids (a
seeded, deterministic mix of kinds, platforms, chat with and without CPR
numbers, and one invalid record in 18). Both settings run as processes,
interleaved, best of ``R``; the script prints the time of each, the speed-up,
and checks that both wrote the same bytes. On a shared machine, run it when
nothing else is busy: the speed-up is the ratio of two measurements taken
side by side, never an absolute figure.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "meetings.jsonl"


def make_log(path: Path, records: int) -> None:
    """Write ``records`` records: the example's, cycled, each with its own id."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    with path.open("w", encoding="utf-8") as log:
        for number in range(records):
            record = json.loads(lines[number % len(lines)])
            record["id"] = f"{record['id']}-{number}"
            log.write(json.dumps(record, ensure_ascii=False) + "\n")


def timed(log: Path, jobs: int, output: Path) -> float:
    """Run the command line over ``log`` with ``--jobs``; return its wall time."""
    command = [
        sys.executable,
        "-m",
        "onlinecompliance",
        "check",
        str(log),
        "--isolated",
        "--today",
        "2026-12-01",
        "--format",
        "jsonl",
        "--output",
        str(output),
        "--jobs",
        str(jobs),
    ]
    start = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    """Generate the log, time both settings interleaved, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "log.jsonl"
        make_log(log, args.records)
        outputs = {jobs: Path(folder) / f"out{jobs}.jsonl" for jobs in (1, 2)}
        best = {1: float("inf"), 2: float("inf")}
        for _ in range(args.repeats):
            for jobs in (1, 2):
                best[jobs] = min(best[jobs], timed(log, jobs, outputs[jobs]))
        same = outputs[1].read_bytes() == outputs[2].read_bytes()
    print(f"{args.records:,} records, best of {args.repeats}")
    for jobs, seconds in best.items():
        print(f"--jobs {jobs}: {seconds:7.2f} s  {args.records / seconds:9,.0f} records/s")
    print(f"speed-up: {best[1] / best[2]:.2f}x; same output: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
