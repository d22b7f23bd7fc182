"""The benchmark suite: one command, one table, every figure a ratio taken in the same run.

Run ``python benchmarks/suite.py [--records N] [--memory-records M] [--quick]`` with
the package installed and ``jsonschema`` importable (``pip install -e '.[bench]'``,
or the test extra). It writes a seeded log (``make_log.py``: a region's mix of
meetings, 2-8 participants, chat mostly clean, 1 % spoilt records) to a
temporary folder and measures, side by side:

1. the floor: a ``json.loads`` loop over the log's lines, in this process;
2. the peer: ``jsonschema`` validating the same records against
   ``schemas/meeting.schema.json`` (every error, date-times checked);
3. :func:`onlinecompliance.check_records` over the same records (loading and
   checking; the ratio to the peer is the issue's "6x jsonschema");
4. the command line, ``check --format jsonl --output FILE``, as a process,
   against a bare ``python -c`` process running the ``json.loads`` loop over the
   same file (the issue's "0.12x");
5. one :func:`onlinecompliance.check` call on a typical four-participant meeting,
   p50 and p99, next to ``json.loads`` of the same record (and with
   ``load_meeting`` first, as a caller holding a mapping pays);
6. ``--jobs 2`` against ``--jobs 1`` (same command, same bytes out);
7. starting: ``onlinecompliance --help`` against ``python -c "import json"`` and
   ``python -c pass``, best of 20;
8. the peak memory (resident set) of the command line, ``--format jsonl`` and
   ``--format json``, over ``M`` records streamed from a JSON lines file and
   over the ``N`` of the throughput rows, to show it does not grow. These runs
   are not timed, and run side by side.

Processes are timed by wall clock, best of ``--repeats``, taking turns so that a
busy spell of the machine slows every side alike; the peak memory is the command
line's own high-water mark (``ru_maxrss``), taken by a small parent process
(``PEAK``; POSIX only). The table is Markdown, ready for ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import make_log  # the sibling module: run as python benchmarks/suite.py

import onlinecompliance as oc

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from jsonschema.protocols import Validator

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schemas" / "meeting.schema.json"
TODAY = "2026-12-31"
"""The reference date for waivers and birth dates: the end of the generated year."""
POLICY = oc.Policy(today=dt.date.fromisoformat(TODAY))
BARE_LOOP = (
    "import json, sys\n"
    "with open(sys.argv[1], 'rb') as log:\n"
    "    for line in log:\n"
    "        json.loads(line)\n"
)
"""The bare process the command line is held against: read every line, parse it."""
MEGABYTE = 1_000_000
FLAT = 1.2
"""Peak memory counts as flat when the large log's is at most this many times the small one's."""


class Row(NamedTuple):
    """One line of the table."""

    measure: str
    size: str
    result: str
    ratio: str = ""
    target: str = ""
    met: bool | None = None


class Run(NamedTuple):
    """A finished child process: its wall time and exit status."""

    seconds: float
    status: int


PEAK = (
    "import resource, subprocess, sys\n"
    "status = subprocess.call(sys.argv[2:])\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "with open(sys.argv[1], 'w') as out:\n"
    "    out.write(str(peak * (1 if sys.platform == 'darwin' else 1024)))\n"
    "sys.exit(status)\n"
)
"""Run a command and write its peak resident memory in bytes to a file (POSIX).

Measured from a small parent: on Linux a child's ``ru_maxrss`` starts from the
memory of the process that started it (the exec accounts the copy it replaces),
so the suite, which holds the log's records, cannot measure its children
directly."""


def start(command: Sequence[str], errors: Path) -> tuple[subprocess.Popen[bytes], float]:
    """Start ``command`` with its output thrown away and its errors to ``errors``."""
    with errors.open("ab") as stderr:
        return subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=stderr
        ), time.perf_counter()


def finish(process: subprocess.Popen[bytes], began: float) -> Run:
    """Wait for ``process``; return its wall time and exit status."""
    status = process.wait()
    return Run(time.perf_counter() - began, status)


def run(command: Sequence[str], errors: Path) -> Run:
    """Run ``command`` alone; measure its wall time."""
    return finish(*start(command, errors))


def check_command(log: Path, output: Path, report: str = "jsonl", jobs: int = 1) -> list[str]:
    """Return the command line as a data team runs it over a log."""
    return [
        sys.executable,
        "-m",
        "onlinecompliance",
        "check",
        str(log),
        "--isolated",
        "--today",
        TODAY,
        "--format",
        report,
        "--output",
        str(output),
        "--jobs",
        str(jobs),
        "--quiet",
    ]


def checked(result: Run, errors: Path, what: str) -> Run:
    """Stop the suite if a command failed (exit 0 and 1 are both a finished check)."""
    if result.status not in {0, 1}:
        message = errors.read_text(encoding="utf-8", errors="replace")
        raise SystemExit(f"{what} failed with status {result.status}:\n{message}")
    return result


def best_of(repeats: int, passes: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Return the shortest of ``repeats`` timings of each pass, taking turns in each repeat."""
    best = dict.fromkeys(passes, float("inf"))
    for _ in range(repeats):
        for name, work in passes.items():
            gc.collect()
            began = time.perf_counter()
            work()
            best[name] = min(best[name], time.perf_counter() - began)
    return best


def rate(count: int, seconds: float) -> str:
    """Say how many records a second."""
    return f"{count / seconds:,.0f} records/s"


def megabytes(peak: int) -> str:
    """Say how many megabytes (10**6 bytes)."""
    return f"{peak / MEGABYTE:,.1f} MB"


def json_schema_validator() -> Validator | None:
    """Return a validator of the record's JSON Schema, if ``jsonschema`` is installed."""
    try:
        import jsonschema  # noqa: PLC0415 (a bench and test extra, not a dependency)
    except ImportError:
        return None
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def in_process(lines: list[bytes], repeats: int) -> list[Row]:
    """Rows 1-3: the json.loads floor, the jsonschema peer and check_records, in this process."""
    records = [json.loads(line) for line in lines]
    passes: dict[str, Callable[[], object]] = {
        "floor": lambda: [json.loads(line) for line in lines],
        "check_records": lambda: sum(1 for _ in oc.check_records(records, POLICY)),
    }
    validator = json_schema_validator()
    if validator is not None:
        passes["jsonschema"] = lambda: sum(
            1 for record in records for _ in validator.iter_errors(record)
        )
    best = best_of(repeats, passes)
    size = f"{len(lines):,}"
    rows = [Row("`json.loads` loop, in process (the floor)", size, rate(len(lines), best["floor"]))]
    if validator is None:
        rows.append(Row("`jsonschema` validation", size, "skipped: jsonschema is not installed"))
        peer = ""
    else:
        rows.append(
            Row(
                "`jsonschema` validation of the same records",
                size,
                rate(len(lines), best["jsonschema"]),
                f"{best['floor'] / best['jsonschema']:.3f}x the floor",
            )
        )
        ratio = best["jsonschema"] / best["check_records"]
        peer = f"{ratio:.1f}x jsonschema"
    rows.append(
        Row(
            "`check_records` (load and check), in process",
            size,
            rate(len(lines), best["check_records"]),
            peer,
            "≥ 6x jsonschema",
            None if validator is None else ratio >= 6,  # the target
        )
    )
    return rows


def percentiles(work: Callable[[], object], calls: int) -> tuple[float, float]:
    """p50 and p99 of ``calls`` timed calls of ``work``, in microseconds, after a warm-up."""
    for _ in range(min(calls, 200)):
        work()
    gc.collect()
    samples = []
    for _ in range(calls):
        began = time.perf_counter_ns()
        work()
        samples.append((time.perf_counter_ns() - began) / 1000)
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[98]


def latency(calls: int) -> list[Row]:
    """Row 5: one check() on a typical four-participant meeting, next to json.loads."""
    record = next(
        r
        for r in make_log.records(1_000)
        if len(r["participants"]) == 4  # the typical meeting
        and r["kind"] == "video_consultation"
        and "chat" not in r
        and not r["id"].endswith("-x")
    )
    line = json.dumps(record, ensure_ascii=False)
    meeting = oc.load_meeting(record)
    parse = percentiles(lambda: json.loads(line), calls)
    rows = []
    for measure, work in (
        ("`check()`, one call", lambda: oc.check(meeting, POLICY)),
        (
            "`load_meeting()` + `check()`, one call",
            lambda: oc.check(oc.load_meeting(record), POLICY),
        ),
    ):
        p50, p99 = percentiles(work, calls)
        rows.append(
            Row(
                f"{measure}: a {record['platform']} video consultation, 4 participants",
                f"{calls:,} calls",
                f"p50 {p50:,.0f} µs, p99 {p99:,.0f} µs",
                f"`json.loads` p50 {parse[0]:,.1f} µs, p99 {parse[1]:,.1f} µs "
                f"({p50 / parse[0]:,.0f}x at p50)",
                "report",
            )
        )
    return rows


def command_line(folder: Path, log: Path, count: int, repeats: int) -> list[Row]:
    """Rows 4 and 6: the command line against a bare json.loads process; --jobs 2 against 1."""
    errors = folder / "errors.txt"
    outputs = {jobs: folder / f"jobs{jobs}.jsonl" for jobs in (1, 2)}
    commands = {
        "bare": [sys.executable, "-c", BARE_LOOP, str(log)],
        "jobs1": check_command(log, outputs[1]),
        "jobs2": check_command(log, outputs[2], jobs=2),
    }
    best: dict[str, Run] = {}
    for _ in range(repeats):
        for name, command in commands.items():
            result = checked(run(command, errors), errors, name)
            if name not in best or result.seconds < best[name].seconds:
                best[name] = result
    bare, one, two = best["bare"], best["jobs1"], best["jobs2"]
    same = outputs[1].read_bytes() == outputs[2].read_bytes()
    ratio = bare.seconds / one.seconds
    size = f"{count:,}"
    return [
        Row("bare `json.loads` loop, as a process", size, rate(count, bare.seconds)),
        Row(
            "command line `check --format jsonl --output FILE`, as a process",
            size,
            rate(count, one.seconds),
            f"{ratio:.3f}x the bare process",
            "≥ 0.12x",
            ratio >= 0.12,  # the target
        ),
        Row(
            f"`--jobs 2` against `--jobs 1` ({os.cpu_count()} cores)",
            size,
            rate(count, two.seconds),
            f"{one.seconds / two.seconds:.2f}x; same output: {'yes' if same else 'NO'}",
            "same output",
            same,
        ),
    ]


def memory(folder: Path, log: Path, count: int, big: int) -> list[Row]:
    """Rows 13-14: peak memory of the command line at ``count`` and at ``big`` records."""
    if os.name != "posix":  # pragma: no cover - the resource module is POSIX only
        return [Row("peak memory", "", "n/a: measured on POSIX only")]
    errors = folder / "errors.txt"
    print(f"writing {big:,} records for the memory rows …", file=sys.stderr)
    big_log = folder / "big.jsonl"
    make_log.write_log(big_log, big)
    # Memory is each process's own, so these run side by side; none of them is timed.
    started = {}
    for report in ("jsonl", "json"):
        for size, source in ((count, log), (big, big_log)):
            output = folder / f"memory-{size}.{report}"
            peak = folder / f"peak-{size}.{report}"
            command = [
                sys.executable,
                "-c",
                PEAK,
                str(peak),
                *check_command(source, output, report),
            ]
            started[report, size] = (start(command, errors), peak)
    print(f"checking {count:,} and {big:,} records, --format jsonl and json …", file=sys.stderr)
    peaks = {}
    for key, ((process, began), peak) in started.items():
        checked(finish(process, began), errors, f"--format {key[0]}")
        peaks[key] = int(peak.read_text(encoding="ascii"))
    big_log.unlink()
    rows = []
    for report in ("jsonl", "json"):
        small, large = peaks[report, count], peaks[report, big]
        rows.append(
            Row(
                f"peak memory, command line `--format {report}`",
                f"{count:,} / {big:,}",
                f"{megabytes(small)} / {megabytes(large)}",
                f"{large / small:.2f}x the {count:,}",
                "< 100 MB, flat",
                large < 100 * MEGABYTE and large / small <= FLAT,
            )
        )
    return rows


def startup(folder: Path, repeats: int) -> list[Row]:
    """Row 7: ``--help`` against starting Python with json, and with nothing."""
    errors = folder / "errors.txt"
    commands = {
        "pass": [sys.executable, "-c", "pass"],
        "json": [sys.executable, "-c", "import json"],
        "help": [sys.executable, "-m", "onlinecompliance", "--help"],
    }
    script = Path(sys.executable).with_name("onlinecompliance")
    if script.exists():
        commands["script"] = [str(script), "--help"]
    best = dict.fromkeys(commands, float("inf"))
    for _ in range(repeats):
        for name, command in commands.items():
            best[name] = min(best[name], checked(run(command, errors), errors, name).seconds)
    rows = [
        Row("`python -c pass`", "", f"{best['pass'] * 1000:.1f} ms"),
        Row('`python -c "import json"`', "", f"{best['json'] * 1000:.1f} ms"),
    ]
    for name, measure in (
        ("help", "`python -m onlinecompliance --help`"),
        ("script", "`onlinecompliance --help`"),
    ):
        if name in best:
            ratio = best[name] / best["json"]
            rows.append(
                Row(
                    measure,
                    "",
                    f"{best[name] * 1000:.1f} ms",
                    f"{ratio:.2f}x import json, {best[name] / best['pass']:.2f}x pass",
                    "≤ 2x import json",
                    ratio <= 2,  # the target
                )
            )
    return rows


def machine() -> str:
    """Describe the machine in one line: cores, CPU model, Python, system."""
    model = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for text in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if text.startswith("model name"):
                model = text.partition(":")[2].strip()
                break
    return (
        f"{os.cpu_count()} cores, {model}; Python {platform.python_version()} "
        f"({platform.python_implementation()}); {platform.system()} {platform.release()}"
    )


def table(rows: list[Row]) -> str:
    """Lay the rows out as a Markdown table, numbered."""
    lines = [
        "| # | measure | records | result | ratio | target | met |",
        "| ---: | --- | ---: | --- | --- | --- | :---: |",
    ]
    marks = {True: "yes", False: "**no**", None: ""}
    for number, row in enumerate(rows, start=1):
        cells = (str(number), row.measure, row.size, row.result, row.ratio, row.target)
        lines.append("| " + " | ".join(cells) + f" | {marks[row.met]} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Make the log, run every measurement, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--records", type=int, help="records for the throughput rows (20,000)")
    parser.add_argument("--in-process", type=int, help="of those, for rows 1-3 (5,000)")
    parser.add_argument(
        "--memory-records", type=int, help="records for the memory rows (1,000,000; 0 skips them)"
    )
    parser.add_argument("--calls", type=int, help="timed calls for the latency rows (20,000)")
    parser.add_argument("--repeats", type=int, help="best of this many runs (3)")
    parser.add_argument("--seed", type=int, default=make_log.SEED)
    parser.add_argument("--quick", action="store_true", help="small sizes, for a first look")
    args = parser.parse_args(argv)
    sizes: dict[str, Any] = (
        {
            "records": 2_000,
            "in_process": 500,
            "memory_records": 20_000,
            "calls": 1_000,
            "repeats": 1,
        }
        if args.quick
        else {
            "records": 20_000,
            "in_process": 5_000,
            "memory_records": 1_000_000,
            "calls": 20_000,
            "repeats": 3,
        }
    )
    for name, default in sizes.items():
        if getattr(args, name) is None:
            setattr(args, name, default)
    with tempfile.TemporaryDirectory(prefix="oc-bench-") as name:
        folder = Path(name)
        log = folder / "log.jsonl"
        size = make_log.write_log(log, args.records, args.seed)
        with log.open("rb") as lines:
            sample = [next(lines) for _ in range(min(args.in_process, args.records))]
        print("in process …", file=sys.stderr)
        rows = in_process(sample, args.repeats)
        print("command line …", file=sys.stderr)
        rows += command_line(folder, log, args.records, args.repeats)
        print("single calls …", file=sys.stderr)
        rows += latency(args.calls)
        print("starting …", file=sys.stderr)
        rows += startup(folder, max(20, args.repeats))
        if args.memory_records:
            rows += memory(folder, log, args.records, args.memory_records)
    print(f"Machine: {machine()}")
    print(
        f"Log: {args.records:,} records ({size / MEGABYTE:,.1f} MB of JSON lines, seed "
        f"{args.seed}, {make_log.INVALID_SHARE:.0%} invalid); rows 1-3 on the first "
        f"{len(sample):,}; best of {args.repeats}; onlinecompliance {oc.__version__}"
    )
    print()
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
