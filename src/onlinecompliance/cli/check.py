"""``onlinecompliance check``: read every file, check every record, write one report."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from onlinecompliance.engine import RecordChecker
from onlinecompliance.model import InvalidPolicy, Severity
from onlinecompliance.policy import Policy
from onlinecompliance.report import (
    REPORTERS,
    Report,
    invalid_record,
    reports_for,
    sort_key,
    summarise,
)
from onlinecompliance.sources import (
    STDIN,
    UnreadableRecord,
    display_name,
    read_source,
    unsupported_reason,
)

from .output import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, error, reason, write_output

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable, Iterator

__all__ = ["run_check"]


def run_check(args: argparse.Namespace) -> int:
    """Check the files ``args`` names and write the report; return the exit code."""
    paths: list[str] = args.paths
    for path in paths:
        why = unsupported_reason(path)
        if why is not None:
            error(f"cannot check {path}: {why}")
            return EXIT_USAGE
    select = _selectors(args.select)
    if select is not None and not select:
        error("--select names no rule")
        return EXIT_USAGE
    ignore = _selectors(args.ignore) or ()
    try:
        policy = Policy(select=select, ignore=ignore)
    except InvalidPolicy as invalid:
        error(str(invalid))
        return EXIT_USAGE
    fail_on = policy.fail_on if args.fail_on is None else Severity(args.fail_on)

    run = _Run(policy)
    for path in paths:
        run.read(path)
    reports = run.reports
    summary = summarise(
        reports,
        records_read=run.records_read,
        records_checked=run.records_checked,
        records_invalid=run.records_invalid,
    )
    written = write_output(REPORTERS[args.format](reports, summary), args.output)
    if written != EXIT_OK or run.unreadable_files:
        return EXIT_USAGE
    if any(report.severity >= fail_on for report in reports):
        return EXIT_FINDINGS
    return EXIT_OK


class _Run:
    """The findings and counts of one ``check`` over several files."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.reports: list[Report] = []
        self.records_read = 0
        self.records_checked = 0
        self.records_invalid = 0
        self.unreadable_files = 0

    def read(self, path: str) -> None:
        """Check every record of one file; report on standard error if it cannot be read.

        The file's findings follow those of the files read before, sorted by line,
        code and path.
        """
        name = display_name(path)
        stdin = _stdin_lines() if path == STDIN else None
        if path == STDIN and stdin is None:
            self.unreadable_files += 1
            error("cannot read standard input: it is closed")
            return
        checker = RecordChecker(self.policy)
        found: list[Report] = []
        try:
            for item in read_source(path, stdin):
                self.records_read += 1
                if isinstance(item, UnreadableRecord):
                    self.records_invalid += 1
                    found.append(invalid_record(name, item.line, item.message))
                    continue
                result = checker.check(item.data)
                if result.ok:
                    self.records_checked += 1
                else:
                    self.records_invalid += 1
                found.extend(reports_for(result, name, item.line))
        except OSError as problem:
            self.unreadable_files += 1
            where = "standard input" if path == STDIN else path
            error(f"cannot read {where}: {reason(problem)}")
        self.reports.extend(sorted(found, key=sort_key))


def _stdin_lines() -> Iterable[bytes] | None:
    stream = sys.stdin
    if stream is None:
        return None
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        lines: Iterable[bytes] = buffer
        return lines
    return _encoded(stream)


def _encoded(stream: TextIO) -> Iterator[bytes]:
    for line in stream:
        yield line.encode("utf-8", "surrogateescape")


def _selectors(values: list[str] | None) -> tuple[str, ...] | None:
    """Join repeated ``--select CODES`` options; ``None`` when the option is not given."""
    if values is None:
        return None
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())
