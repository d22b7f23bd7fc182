"""``onlinecompliance check``: read every file, check every record, write one report."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

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
from onlinecompliance.sources import (
    STDIN,
    UnreadableRecord,
    display_name,
    read_source,
    unsupported_reason,
)

from .output import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, error, reason, write_output
from .policy_options import policy_settings

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable, Iterator

    from onlinecompliance.policy import Policy

__all__ = ["run_check"]


def run_check(args: argparse.Namespace) -> int:
    """Check the files ``args`` names and write the report; return the exit code."""
    paths: list[str] = args.paths
    for path in paths:
        why = unsupported_reason(path)
        if why is not None:
            error(f"cannot check {path}: {why}")
            return EXIT_USAGE
    try:
        policy = policy_settings(args).build()
    except InvalidPolicy as invalid:
        for problem in invalid.problems:
            error(problem)
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
    )
    written = write_output(REPORTERS[args.format](reports, summary), args.output)
    if written != EXIT_OK or run.unreadable_files:
        return EXIT_USAGE
    if any(report.severity >= policy.fail_on for report in reports):
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
        self.policy_waivers_used: set[int] = set()

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
                self.policy_waivers_used |= result.policy_waivers_used
                found.extend(reports_for(result, name, item.line, key=self.policy.fingerprint_key))
        except OSError as problem:
            self.unreadable_files += 1
            where = "standard input" if path == STDIN else path
            error(f"cannot read {where}: {reason(problem)}")
        self.reports.extend(sorted(found, key=sort_key))

    def report_policy_waivers(self) -> None:
        """Add the findings about the policy's own waivers, after those of every file."""
        policy = self.policy
        for index, rule, finding in policy_waiver_findings(policy, self.policy_waivers_used):
            origin = policy.waivers[index].origin
            severity = policy.severity_of(rule.code)
            self.reports.append(policy_finding(rule, finding, severity, origin))


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
