"""``onlinecompliance check``: read every file, check every record, write the report as it goes.

Each record's findings are written as soon as it is checked, and only counts
are kept, so memory stays flat however long the log. Every path is tried: one
that cannot be read (missing, a folder, an unsupported type, not UTF-8 text)
is named on standard error with its reason, the others are still checked, and
the run exits 2. The same path given twice is read once. An empty file is a
warning, on standard error and in the summary.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from onlinecompliance import __version__
from onlinecompliance.engine import (
    RecordChecker,
    RecordResult,
    check_record,
    policy_waiver_findings,
)
from onlinecompliance.report import (
    REPORTERS,
    Options,
    RecordReports,
    Tally,
    invalid_record,
    policy_finding,
    record_reports,
    step_summary,
)
from onlinecompliance.report.baseline import Baseline, baseline_document, key_of
from onlinecompliance.report.statistics import statistics_table
from onlinecompliance.scan import shown
from onlinecompliance.sources import (
    STDIN,
    EmptySource,
    RawRecord,
    UnreadableRecord,
    UnreadableSource,
    check_head,
    display_name,
    read_source,
    unsupported_reason,
)
from onlinecompliance.sources.exports import (
    FORMATS,
    PAGE_MEMBERS,
    Conventions,
    ExportFormat,
    FileProblem,
    Located,
    export_file_problem,
    is_foreign,
    located_values,
    recognise,
)

from .output import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    ReportWriter,
    error,
    output_problem,
    reason,
    standard_input,
    warn,
)
from .parallel import Checked, Outcome, checked_in_parallel, worker_count
from .policy_options import usable_policy
from .progress import Progress

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable, Iterator, Mapping

    from onlinecompliance.model import Severity
    from onlinecompliance.policy import Policy, PolicySettings
    from onlinecompliance.report import Reporter, Summary
    from onlinecompliance.report.baseline import BaselineKey
    from onlinecompliance.sources import SourceItem

__all__ = ["run_check"]


def run_check(args: argparse.Namespace) -> int:
    """Check the files ``args`` names and write the report; return the exit code."""
    paths = _once_each(args.paths)
    prepared = _prepare(args, paths)
    if isinstance(prepared, int):
        return prepared
    settings, baseline = prepared
    policy = settings.build()
    run = _Run(policy, baseline, statistics=args.statistics, keys=args.write_baseline is not None)
    run.export = None if args.from_format is None else FORMATS[args.from_format]
    if worker_count(args.jobs) > 1:
        run.in_parallel(settings.values, worker_count(args.jobs))
    # Findings on a terminal show progress themselves, and would break a progress line.
    findings_on_screen = args.output is None and sys.stdout is not None and sys.stdout.isatty()
    progress = Progress(quiet=args.quiet or findings_on_screen)
    with ReportWriter(args.output) as report:
        reporter = _reporter(args, settings, policy, paths)
        report.write(reporter.begin())
        for item in run.items(paths):
            progress.update(run.tally.records_read)
            if not report.write(reporter.add(item)):
                break  # the reader closed the pipe: stop quietly
        progress.clear()
        if args.statistics:
            report.write([statistics_table(run.statistics)])
        exit_code = run.exit_code()
        report.write(reporter.end(run.tally.summary(), exit_code))
    _write_extras(args, run)
    return exit_code


def _prepare(
    args: argparse.Namespace, paths: list[str]
) -> tuple[PolicySettings, Baseline | None] | int:
    """Check the outputs and read the policy and the baseline; an exit code if one fails."""
    for what, target in (("the report", args.output), ("the baseline", args.write_baseline)):
        problem = None if target is None else output_problem(target, paths)
        if problem is not None:
            error(f"cannot write {what} to {target}: {problem}")
            return EXIT_USAGE
    settings = usable_policy(args)
    if settings is None:
        return EXIT_USAGE
    try:
        baseline = None if args.baseline is None else Baseline.read(Path(args.baseline))
    except OSError as problem:
        error(f"cannot read the baseline {args.baseline}: {reason(problem)}")
        return EXIT_USAGE
    except ValueError as problem:
        error(f"cannot use the baseline {args.baseline}: {problem}")
        return EXIT_USAGE
    return settings, baseline


def _reporter(
    args: argparse.Namespace, settings: PolicySettings, policy: Policy, paths: list[str]
) -> Reporter:
    """Return the reporter for ``--format``; with ``--statistics``, one that writes nothing."""
    if args.statistics:
        return _Silent()
    options = Options(
        colour=_wants_colour(args.output),
        rules=policy.enabled_rules,
        version=__version__,
        files=tuple(display_name(path) for path in paths),
        policy_file=settings.file,
        today=policy.today,
        generated=_report_date(os.environ),
        max_listed=args.html_max_findings,
    )
    return REPORTERS[args.format](options)


def _report_date(environ: Mapping[str, str]) -> datetime.datetime:
    """Return when the report is made: now, or ``SOURCE_DATE_EPOCH`` if set.

    The variable is reproducible builds' convention; with it, two runs give
    reports that can be compared byte for byte.
    """
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
    if epoch:
        warn("SOURCE_DATE_EPOCH is not a whole number of seconds: the report is dated now")
    return datetime.datetime.now(tz=datetime.timezone.utc)


def _write_extras(args: argparse.Namespace, run: _Run) -> None:
    """Write the baseline and GitHub's step summary, where asked for."""
    if args.write_baseline is not None:
        with ReportWriter(args.write_baseline) as baseline:
            baseline.write([baseline_document(run.baseline_keys.elements())])
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if args.format == "github" and summary_path:
        with Path(summary_path).open("a", encoding="utf-8") as page:
            page.write(step_summary(run.tally.summary()))


def _wants_colour(output: str | None) -> bool:
    """Colour text on a terminal, unless ``NO_COLOR`` says not to; ``FORCE_COLOR`` always."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return output is None and sys.stdout is not None and sys.stdout.isatty()


class _Silent:
    """A reporter that writes nothing: ``--statistics`` writes its table instead."""

    def begin(self) -> Iterable[str]:
        """Return nothing."""
        return ()

    def add(self, _item: RecordReports) -> Iterable[str]:
        """Return nothing."""
        return ()

    def end(self, _summary: Summary, _exit_code: int) -> Iterable[str]:
        """Return nothing."""
        return ()


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
    """One ``check`` over several files: its counts, as the records go by."""

    def __init__(
        self, policy: Policy, baseline: Baseline | None, *, statistics: bool, keys: bool
    ) -> None:
        self.policy = policy
        self.baseline = baseline
        self.tally = Tally()
        self.statistics: Counter[tuple[str, str, Severity]] = Counter()
        self._counting = statistics
        self.baseline_keys: Counter[BaselineKey] = Counter()
        """Every finding's baseline key, kept only when a baseline is to be written."""
        self._keeping_keys = keys
        self.policy_waivers_used: set[int] = set()
        self._parallel: tuple[Mapping[str, Any], int] | None = None
        self.export: ExportFormat | None = None
        """The export every file is read as (``--from``); ``None`` reads our records."""

    def in_parallel(self, settings: Mapping[str, Any], jobs: int) -> None:
        """Check JSON lines files in ``jobs`` processes, whose policy ``settings`` make."""
        self._parallel = (settings, jobs)

    def items(self, paths: Iterable[str]) -> Iterator[RecordReports]:
        """Yield every record of every file, then the findings about the policy itself."""
        if self.export is not None:
            yield from self._exported(paths, self.export)
        else:
            for path in paths:
                yield from self._file(path)
        yield from self._policy_items()
        if self.baseline is not None:
            self.tally.fixed = self.baseline.unmatched()

    def exit_code(self) -> int:
        """Return 2 if a file could not be read, 1 if a finding reaches ``fail-on``, else 0."""
        if self.tally.unreadable_files:
            return EXIT_USAGE
        worst = self.tally.worst
        return EXIT_FINDINGS if worst is not None and worst >= self.policy.fail_on else EXIT_OK

    def _file(self, path: str) -> Iterator[RecordReports]:
        name = display_name(path)
        why = unsupported_reason(path)
        stdin = standard_input() if path == STDIN else None
        if why is None and path == STDIN and stdin is None:
            why = "it is closed"
        if why is not None:
            self._unreadable(name, why)
            return
        # Record ids must be unique within one file; the checker's temporary files go with it.
        with contextlib.closing(RecordChecker(self.policy)) as checker:
            try:
                for line, outcome in self._outcomes(path, stdin):
                    yield self._kept(self._record(name, line, outcome, checker))
            except (OSError, UnreadableSource, EmptySource) as problem:
                self._file_problem(path, problem)

    def _file_problem(self, path: str, problem: FileProblem) -> None:
        """Report a file that could not be read as a whole; an empty one is a warning."""
        name = display_name(path)
        if isinstance(problem, EmptySource):
            self.tally.empty_files.append(name)
            warn(f"{name} is empty: it holds no records")
        else:
            why = reason(problem) if isinstance(problem, OSError) else str(problem)
            self._unreadable(name, why)

    def _outcomes(self, path: str, stdin: BinaryIO | None) -> Iterator[Outcome]:
        """Yield each record's line and result (or the reader's complaint), in order.

        A ``.json`` or ``.jsonl`` file whose first value is plainly an export is read
        as that export. A ``.json`` file whose first value shares no key with our
        records is refused as a whole (a log's odd first line spoils only itself).
        """
        lines = path.lower().endswith(".jsonl")
        if self._parallel is not None and lines and path != STDIN and not self._is_export(path):
            with Path(path).open("rb") as file:
                check_head(file)
            yield from checked_in_parallel(path, display_name(path), *self._parallel)
            return
        items: Iterable[SourceItem] = read_source(path, stdin, self.policy.limits, PAGE_MEMBERS)
        if path != STDIN and (lines or path.lower().endswith(".json")):
            items = self._recognised(path, iter(items), refuse_foreign=not lines)
        yield from self._numbered(items)

    def _numbered(self, items: Iterable[SourceItem]) -> Iterator[Outcome]:
        """Check each record read, numbered as the file's checker numbers what it remembers."""
        index = 0
        for item in items:
            if isinstance(item, UnreadableRecord):
                yield item.line, item
            else:
                yield item.line, check_record(item.data, self.policy, index)
                index += 1

    def _recognised(
        self, path: str, items: Iterator[SourceItem], *, refuse_foreign: bool
    ) -> Iterator[SourceItem]:
        """Read a file as the export its first value plainly is, or as our records."""
        first = next(items, None)
        if first is None:
            return
        items = itertools.chain((first,), items)
        export = recognise(first.data) if isinstance(first, RawRecord) else None
        if export is not None:
            values = (Located(display_name(path), item) for item in items)
            items = (each.item for each in export.read(values, self._conventions(export)))
        elif refuse_foreign and is_foreign(first):
            raise UnreadableSource(_NO_READER)
        yield from items

    def _is_export(self, path: str) -> bool:
        """Whether the first value of a JSON lines file is plainly an export."""
        with contextlib.closing(read_source(path, None, self.policy.limits)) as items:
            first = next(items, None)
        return isinstance(first, RawRecord) and recognise(first.data) is not None

    def _exported(self, paths: Iterable[str], export: ExportFormat) -> Iterator[RecordReports]:
        """Read every file as ``export``, in one go (a reader may join values across files)."""
        values = located_values(paths, self._export_file, self._file_problem)
        for file, located in itertools.groupby(
            export.read(values, self._conventions(export)), key=lambda each: each.file
        ):
            # Record ids must be unique within one file; the checker's temporary files go with it.
            with contextlib.closing(RecordChecker(self.policy)) as checker:
                try:
                    for line, outcome in self._numbered(each.item for each in located):
                        yield self._kept(self._record(file, line, outcome, checker))
                except OSError as problem:  # the checker's store of ids, on a full disk
                    self._file_problem(file, problem)

    def _export_file(self, path: str) -> Iterator[SourceItem]:
        """Decode one file of an export: JSON lines, or a JSON document with its pages opened."""
        why = export_file_problem(path)
        if why is not None:
            raise UnreadableSource(why)
        stdin = standard_input() if path == STDIN else None
        return read_source(path, stdin, self.policy.limits, PAGE_MEMBERS)

    def _conventions(self, export: ExportFormat) -> Conventions:
        return self.policy.conventions(export.name)

    def _record(
        self,
        name: str,
        line: int,
        outcome: UnreadableRecord | RecordResult | Checked,
        checker: RecordChecker,
    ) -> RecordReports:
        """Count one item of a file and return its findings."""
        tally = self.tally
        tally.records_read += 1
        key = self.policy.fingerprint_key
        if isinstance(outcome, UnreadableRecord):
            tally.records_invalid += 1
            record = None if outcome.record is None else shown(outcome.record, key=key)
            finding = invalid_record(name, line, outcome.message, path=outcome.path, record=record)
            return RecordReports(name, line, record, (finding,))
        if isinstance(outcome, Checked):
            result = checker.remember(outcome.result)
            if result.ok == outcome.result.ok:  # the id does not repeat: the worker's findings hold
                self._count_result(result)
                return outcome.reports
        else:
            result = checker.remember(outcome)
        self._count_result(result)
        return record_reports(result, name, line, key=key)

    def _count_result(self, result: RecordResult) -> None:
        """Count a record that could be read, as checked or invalid."""
        tally = self.tally
        if result.ok:
            tally.records_checked += 1
        else:
            tally.records_invalid += 1
        self.policy_waivers_used |= result.policy_waivers_used

    def _kept(self, item: RecordReports) -> RecordReports:
        """Count a record's findings; leave out those the baseline holds."""
        for report in item.reports:
            if self._counting:
                self.statistics[report.code, report.name, report.severity] += 1
            if self._keeping_keys:
                self.baseline_keys[key_of(report)] += 1
        if self.baseline is None or self._counting:
            kept = item.reports
        else:
            kept = tuple(report for report in item.reports if not self.baseline.matches(report))
            self.tally.baselined += len(item.reports) - len(kept)
        self.tally.count(kept)
        if kept is item.reports:
            return item
        return RecordReports(item.file, item.line, item.record, kept, item.department, item.week)

    def _policy_items(self) -> Iterator[RecordReports]:
        policy = self.policy
        for index, rule, finding in policy_waiver_findings(policy, self.policy_waivers_used):
            origin = policy.waivers[index].origin
            report = policy_finding(rule, finding, policy.severity_of(rule.code), origin)
            yield self._kept(RecordReports(report.file, report.line, None, (report,)))

    def _unreadable(self, name: str, why: str) -> None:
        self.tally.unreadable_files.append(name)
        error(f"cannot check {name}: {why}")


_NO_READER = (
    "it is neither meeting records nor an export that can be recognised by its fields; "
    "if it is an export, name its format with --from"
)
