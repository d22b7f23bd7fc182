"""``onlinecompliance check``: read every file, check every record, write one report.

Every path is tried: one that cannot be read (missing, a folder, an unsupported
type, not UTF-8 text) is named on standard error with its reason, the others
are still checked, and the run exits 2. The same path given twice is read
once. An empty file is a warning, on standard error and in the summary.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from onlinecompliance.engine import RecordChecker, policy_waiver_findings
from onlinecompliance.model import InvalidPolicy
from onlinecompliance.report import (
    REPORTERS,
    Report,
    invalid_record,
    policy_finding,
    reports_for,
    sort_key,
    summarise,
)
from onlinecompliance.scan import shown
from onlinecompliance.sources import (
    STDIN,
    EmptySource,
    UnreadableRecord,
    UnreadableSource,
    display_name,
    read_source,
    unsupported_reason,
)

from .output import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    error,
    output_problem,
    reason,
    warn,
    write_output,
)
from .policy_options import policy_settings

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable

    from onlinecompliance.policy import Policy

__all__ = ["run_check"]


def run_check(args: argparse.Namespace) -> int:
    """Check the files ``args`` names and write the report; return the exit code."""
    paths = _once_each(args.paths)
    if args.output is not None:
        problem = output_problem(args.output, paths)
        if problem is not None:
            error(f"cannot write the report to {args.output}: {problem}")
            return EXIT_USAGE
    try:
        policy = policy_settings(args).build()
    except InvalidPolicy as invalid:
        for message in invalid.problems:
            error(message)
        return EXIT_USAGE
    except OSError as problem:
        error(f"cannot read the policy {args.policy}: {reason(problem)}")
        return EXIT_USAGE
    run = _Run(policy)
    for path in paths:
        run.read(path)
    run.report_policy_waivers()
    reports = run.reports
    summary = summarise(
        reports,
        records_read=run.records_read,
        records_checked=run.records_checked,
        records_invalid=run.records_invalid,
        empty_files=tuple(run.empty_files),
        unreadable_files=tuple(run.unreadable_files),
    )
    write_output(REPORTERS[args.format](reports, summary), args.output)
    if run.unreadable_files:
        return EXIT_USAGE
    if any(report.severity >= policy.fail_on for report in reports):
        return EXIT_FINDINGS
    return EXIT_OK


def _once_each(paths: Iterable[str]) -> list[str]:
    """Keep the first of paths that name the same file, in the order given."""
    seen: set[str] = set()
    unique = []
    for path in paths:
        key = path if path == STDIN else str(Path(path).resolve())
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


class _Run:
    """The findings and counts of one ``check`` over several files."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.reports: list[Report] = []
        self.records_read = 0
        self.records_checked = 0
        self.records_invalid = 0
        self.empty_files: list[str] = []
        self.unreadable_files: list[str] = []
        self.policy_waivers_used: set[int] = set()

    def read(self, path: str) -> None:
        """Check every record of one file; say on standard error if it cannot be read.

        The file's findings follow those of the files read before, sorted by line,
        code and path.
        """
        name = display_name(path)
        why = unsupported_reason(path)
        stdin = _stdin() if path == STDIN else None
        if why is None and path == STDIN and stdin is None:
            why = "it is closed"
        if why is not None:
            self._unreadable(name, why)
            return
        found: list[Report] = []
        try:
            self._check_records(path, name, stdin, found)
        except EmptySource:
            self.empty_files.append(name)
            warn(f"{name} is empty: it holds no records")
        except UnreadableSource as problem:
            self._unreadable(name, str(problem))
        except OSError as problem:
            self._unreadable(name, reason(problem))
        self.reports.extend(sorted(found, key=sort_key))

    def _check_records(
        self, path: str, name: str, stdin: BinaryIO | None, found: list[Report]
    ) -> None:
        checker = RecordChecker(self.policy)
        key = self.policy.fingerprint_key
        for item in read_source(path, stdin, self.policy.limits):
            self.records_read += 1
            if isinstance(item, UnreadableRecord):
                self.records_invalid += 1
                record = None if item.record is None else shown(item.record, key=key)
                found.append(
                    invalid_record(name, item.line, item.message, path=item.path, record=record)
                )
                continue
            result = checker.check(item.data)
            if result.ok:
                self.records_checked += 1
            else:
                self.records_invalid += 1
            self.policy_waivers_used |= result.policy_waivers_used
            found.extend(reports_for(result, name, item.line, key=key))

    def _unreadable(self, name: str, why: str) -> None:
        self.unreadable_files.append(name)
        error(f"cannot check {name}: {why}")

    def report_policy_waivers(self) -> None:
        """Add the findings about the policy's own waivers, after those of every file."""
        policy = self.policy
        for index, rule, finding in policy_waiver_findings(policy, self.policy_waivers_used):
            origin = policy.waivers[index].origin
            severity = policy.severity_of(rule.code)
            self.reports.append(policy_finding(rule, finding, severity, origin))


def _stdin() -> BinaryIO | None:
    """Return standard input as bytes, or ``None`` when there is none."""
    stream = sys.stdin
    if stream is None:
        return None
    buffer: BinaryIO | None = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer
    return io.BytesIO(stream.read().encode("utf-8", "surrogateescape"))  # a stand-in in tests
