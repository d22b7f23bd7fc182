"""``--jobs N``: a JSON lines file checked in N processes, with the same output as one.

The file is cut at line ends into ranges of a few megabytes; each worker reads
its ranges with the same reader, checks each record on its own
(:func:`onlinecompliance.engine.check_record`) and turns its violations into
findings as reported, masked id and all, so the parent has little left to do
per record. The results come back in the order of the file, and the one checker
of the file remembers them in that order (repeated ids, counts, baseline,
output), so the report is byte for byte the report of ``--jobs 1``. Workers
build their policy from the same settings.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import attrs

from onlinecompliance.engine import RecordResult, check_record
from onlinecompliance.model import FieldError, Severity
from onlinecompliance.policy import Policy
from onlinecompliance.report import RecordReports, Report, record_reports
from onlinecompliance.sources import RawRecord, UnreadableRecord, read_json_lines

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = ["RANGE_BYTES", "Checked", "checked_in_parallel", "worker_count"]

RANGE_BYTES = 4 * 1024 * 1024
"""How much of a file one task holds: large enough to cost little to send, small enough to share."""
_BLOCK = 1 << 20

_worker_policy: Policy | None = None
"""The policy of a worker process, built once from the settings it is started with."""


@attrs.frozen
class Checked:
    """A record a worker checked: its result, and its findings ready to report.

    The result keeps the id and the input errors, which is all the checker of
    the file needs to remember; the violations are in ``reports``. When the id
    turns out to repeat an earlier record's, the reports no longer hold and are
    made anew from what the checker says.
    """

    result: RecordResult
    reports: RecordReports
    """The record's findings, with its id and department as printed."""


Outcome = tuple[int, UnreadableRecord | RecordResult | Checked]
"""A record's line, and the reader's complaint or the record's result."""


def worker_count(jobs: int) -> int:
    """Return how many processes ``--jobs`` asks for: 0 means one per core."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def checked_in_parallel(
    path: str, name: str, settings: Mapping[str, Any], jobs: int
) -> Iterator[Outcome]:
    """Yield each record of the JSON lines file at ``path``, checked by ``jobs`` workers.

    ``name`` is the file as reports name it.
    """
    import multiprocessing  # noqa: PLC0415 (only a run with --jobs pays for importing it)

    tasks = ((path, name, start, end, line) for start, end, line in _ranges(path))
    with multiprocessing.Pool(jobs, initializer=_start_worker, initargs=(dict(settings),)) as pool:
        for outcomes in pool.imap(_check_range, tasks):
            for line, outcome in outcomes:
                if isinstance(outcome, UnreadableRecord):
                    yield line, outcome
                else:
                    yield line, _unpack(outcome, name, line)


def _ranges(path: str) -> Iterator[tuple[int, int, int]]:
    """Cut the file at line ends into ranges: ``(start, end, line of start)``."""
    start, start_line, position, newlines = 0, 1, 0, 0  # newlines: before ``position``
    with Path(path).open("rb") as file:
        while block := file.read(_BLOCK):
            offset = max(0, start + RANGE_BYTES - position)
            while offset < len(block) and (cut := block.find(b"\n", offset)) >= 0:
                end = position + cut + 1
                yield start, end, start_line
                start_line = newlines + block.count(b"\n", 0, cut + 1) + 1
                start = end
                offset = max(cut + 1, start + RANGE_BYTES - position)
            newlines += block.count(b"\n")
            position += len(block)
    if position > start:
        yield start, position, start_line


def _start_worker(settings: dict[str, Any]) -> None:
    global _worker_policy  # noqa: PLW0603 (one policy per worker process, built once)
    _worker_policy = Policy(**settings)


def _check_range(task: tuple[str, str, int, int, int]) -> list[Packed]:
    """Read and check the records of one range of a file, in order, packed for the way back."""
    path, name, start, end, first_line = task
    policy = _worker_policy if _worker_policy is not None else Policy()
    outcomes: list[Packed] = []
    with Path(path).open("rb") as file:
        file.seek(start)
        for item in read_json_lines(_Range(file, end), policy.limits, first_line=first_line):
            if isinstance(item, RawRecord):
                result = check_record(item.data, policy, 0)
                reports = record_reports(result, name, item.line, key=policy.fingerprint_key)
                outcomes.append((item.line, _pack(result, reports)))
            else:
                outcomes.append((item.line, item))
    return outcomes


Packed = tuple[int, UnreadableRecord | tuple[Any, ...]]
"""A record's line and its result as plain tuples, which pickle several times faster."""

_SEVERITIES = tuple(Severity)


def _pack(result: RecordResult, reports: RecordReports) -> tuple[Any, ...]:
    packed_reports = tuple(
        (
            report.code,
            report.name,
            _SEVERITIES.index(report.severity),
            report.path,
            report.message,
            report.evidence,
            report.source_field,
        )
        for report in reports.reports
    )
    errors = tuple(tuple(error) for error in result.errors)
    used = tuple(result.policy_waivers_used)
    where = (reports.record, reports.department, reports.week)
    return result.meeting_id, errors, used, where, packed_reports


def _unpack(packed: tuple[Any, ...], name: str, line: int) -> Checked:
    meeting_id, errors, used, (record, department, week), packed_reports = packed
    result = RecordResult(
        0,
        meeting_id,
        errors=tuple(FieldError(path, message) for path, message in errors),
        policy_waivers_used=frozenset(used),
    )
    reports = tuple(
        Report(code, rule, _SEVERITIES[level], record, path, message, name, line, evidence, source)
        for code, rule, level, path, message, evidence, source in packed_reports
    )
    return Checked(result, RecordReports(name, line, record, reports, department, week))


class _Range:
    """The part of a file up to ``end``, read line by line."""

    def __init__(self, file: BinaryIO, end: int) -> None:
        self._file = file
        self._end = end

    def readline(self, size: int = -1) -> bytes:
        """Read one line, or up to ``size`` bytes of it, without passing the range's end."""
        left = self._end - self._file.tell()
        if left <= 0:
            return b""
        return self._file.readline(left if size < 0 else min(size, left))
