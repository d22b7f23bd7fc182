"""Measure each stage of checking a log, per record, against ``json.loads`` in the same run.

Run ``python benchmarks/stages.py [--records N] [--repeats R] [--only STAGE...]``
with the package installed (``pip install -e '.[test]'`` for the ``jsonschema``
comparison). The log is the suite's (``benchmarks/make_log.py``: a region's
mix, 1 % invalid), so the stages add up to the suite's rows. Each stage is
timed over the same records, least CPU time of ``R`` runs (CPU time, not wall
time, because the machine may be shared), and
printed in microseconds a record and as a multiple of a bare ``json.loads`` loop
over the same lines: only the ratios carry from one machine to another.

In-process stages: ``json.loads`` (the floor); ``read_json_lines`` (the strict
line reader); ``load_meeting``; ``structure_slow`` (cattrs with detailed
validation, the path taken by records that fail); ``scan`` (``scan_text`` over
each record's free text, the scanner's share of ``check``); ``check``;
``record_reports`` (findings located in the file); ``jsonl`` and ``json`` (the
reporters' text); ``check_records`` (the library's stream); and ``jsonschema``
(validating the same records against ``schemas/meeting.schema.json``), the
comparison issue 12 sets for ``check_records``.

Process stages (``--processes``): the command line, ``check --format jsonl``
and ``--format json`` into a file, against a process that runs a bare
``json.loads`` loop over the same file, each as the CPU time (user and system)
of the child, least of ``R``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gc
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from make_log import write_log  # the sibling module: run as python benchmarks/stages.py

from onlinecompliance import InvalidRecord, Meeting, Policy, check, check_records, load_meeting
from onlinecompliance.engine import check_record
from onlinecompliance.load.loader import structure_slowly
from onlinecompliance.report import REPORTERS, Options, record_reports
from onlinecompliance.scan import scan_text
from onlinecompliance.sources import RawRecord, read_json_lines

if TYPE_CHECKING:
    from collections.abc import Callable

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "meeting.schema.json"
POLICY = Policy(today=datetime.date(2026, 12, 1))
LOADS = "import json, sys\nfor line in open(sys.argv[1], 'rb'):\n    json.loads(line)\n"


def least_cpu(stages: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Return the least CPU time of ``repeats`` runs of each stage, the collector paused.

    The stages take turns, so that a busy spell of a shared machine hits them
    alike. The command line streams, so its collector finds little (callgrind
    counts about 1 % of its instructions there); a benchmark that holds every
    record and result would time the collector walking them instead.
    """
    best = dict.fromkeys(stages, float("inf"))
    for _ in range(repeats):
        for name, run in stages.items():
            gc.collect()
            gc.disable()
            start = time.process_time()
            run()
            best[name] = min(best[name], time.process_time() - start)
            gc.enable()
    return best


def child_cpu(command: list[str]) -> float:
    """Run ``command``; return the user and system time it took."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=False, capture_output=True)  # exits 1: findings
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def loaded(data: list[object]) -> list[Meeting]:
    """Return the meetings among ``data`` that can be read."""
    meetings = []
    for item in data:
        with contextlib.suppress(InvalidRecord):  # invalid records are part of the mix
            meetings.append(load_meeting(item))
    return meetings


def free_texts(meetings: list[Meeting]) -> list[str]:
    """Return every free text of ``meetings``: what ``check`` scans."""
    found: list[str] = []
    for meeting in meetings:
        found.extend(message.text for message in meeting.chat)
        if meeting.invitation is not None:
            found.extend(filter(None, (meeting.invitation.subject, meeting.invitation.body)))
        if meeting.sms_text:
            found.append(meeting.sms_text)
    return found


def in_process(raw: bytes) -> dict[str, Callable[[], object]]:
    """Return the in-process stages over the log ``raw``, by name."""
    lines = raw.splitlines()
    data = [json.loads(line) for line in lines]
    meetings = loaded(data)
    texts = free_texts(meetings)
    results = [check_record(item, POLICY, index) for index, item in enumerate(data)]
    reports = [record_reports(result, "log.jsonl", index) for index, result in enumerate(results)]

    def reporting(name: str) -> Callable[[], object]:
        def run() -> object:
            reporter = REPORTERS[name](Options())
            return [piece for item in reports for piece in reporter.add(item)]

        return run

    def slow() -> object:
        found: list[Meeting | Exception] = []
        for item in data:
            try:
                found.append(structure_slowly(item))
            except Exception as error:  # noqa: BLE001, PERF203 (the mix has invalid records)
                found.append(error)
        return found

    stages: dict[str, Callable[[], object]] = {
        "json.loads": lambda: [json.loads(line) for line in lines],
        "read_json_lines": lambda: [
            item for item in read_json_lines(io.BytesIO(raw)) if isinstance(item, RawRecord)
        ],
        "load_meeting": lambda: loaded(data),
        "structure_slow": slow,
        "scan": lambda: [scan_text(text, policy=POLICY) for text in texts],
        "check": lambda: [check(meeting, POLICY) for meeting in meetings],
        "record_reports": lambda: [
            record_reports(result, "log.jsonl", index) for index, result in enumerate(results)
        ],
        "jsonl": reporting("jsonl"),
        "json": reporting("json"),
        "check_records": lambda: list(check_records(data, POLICY)),
    }
    try:
        import jsonschema  # noqa: PLC0415 (a test dependency, optional here)
    except ImportError:
        print("jsonschema is not installed: its comparison is skipped")
    else:
        schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        stages["jsonschema"] = lambda: [list(validator.iter_errors(item)) for item in data]
    return stages


def processes(log: Path, output: Path) -> dict[str, list[str]]:
    """Return the commands of the process stages, by name."""
    check_command = [sys.executable, "-m", "onlinecompliance", "check", str(log), "--isolated"]
    check_command += ["--today", "2026-12-01", "--output", str(output), "--format"]
    return {
        "json.loads process": [sys.executable, "-c", LOADS, str(log)],
        "check --format jsonl": [*check_command, "jsonl"],
        "check --format json": [*check_command, "json"],
    }


def main() -> int:
    """Generate the log, time every stage chosen, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", nargs="*", help="in-process stages to time (default: all)")
    parser.add_argument("--processes", action="store_true", help="also time the command line")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "log.jsonl"
        write_log(log, args.records)
        stages = in_process(log.read_bytes())
        print(f"{args.records:,} records; least CPU time of {args.repeats}")
        print(f"{'stage':<22} {'µs/record':>10} {'x json.loads':>13}")
        chosen = {name: stages[name] for name in ["json.loads", *(args.only or stages)]}
        timed = least_cpu(chosen, args.repeats)
        floor = timed["json.loads"]
        for name, seconds in timed.items():
            print(f"{name:<22} {seconds / args.records * 1e6:10.2f} {seconds / floor:13.2f}")
        if "jsonschema" in timed and "check_records" in timed:
            ratio = timed["jsonschema"] / timed["check_records"]
            print(f"check_records is {ratio:.1f}x as fast as jsonschema validation")
        if args.processes:
            commands = processes(log, Path(folder) / "out")
            best = {name: float("inf") for name in commands}
            for _ in range(args.repeats):  # interleaved, so that a busy spell hits all alike
                for name, command in commands.items():
                    best[name] = min(best[name], child_cpu(command))
            base = best["json.loads process"]
            for name, seconds in best.items():
                micro = seconds / args.records * 1e6
                print(
                    f"{name:<22} {micro:10.2f} {seconds / base:13.2f}  (throughput ratio "
                    f"{base / seconds:.3f})"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
