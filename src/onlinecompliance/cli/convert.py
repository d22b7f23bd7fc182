"""``onlinecompliance convert``: an export in, our JSON lines records out.

A data team keeps what the library understood of an export, and can check it
later with ``check`` as it is. Every record written is one ``load_meeting``
accepts; a value of the export that gives no record is named on standard error
with its file, line and why, and counted. Nothing from the export that is
personal data is written: the readers never copy it into a record.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from onlinecompliance.load import load_meeting
from onlinecompliance.model import InvalidRecord
from onlinecompliance.sources import (
    STDIN,
    EmptySource,
    UnreadableRecord,
    UnreadableSource,
    display_name,
    read_source,
)
from onlinecompliance.sources.exports import (
    FORMATS,
    PAGE_MEMBERS,
    FileProblem,
    export_file_problem,
    located_values,
)

from .output import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    ReportWriter,
    error,
    note,
    output_problem,
    reason,
    standard_input,
    warn,
)
from .policy_options import usable_policy

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator

    from onlinecompliance.model import Limits
    from onlinecompliance.sources import SourceItem

__all__ = ["run_convert"]

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def run_convert(args: argparse.Namespace) -> int:
    """Convert the files ``args`` names; return 0, 1 when a value gave no record, or 2."""
    if args.output is not None:
        problem = output_problem(args.output, args.paths)
        if problem is not None:
            error(f"cannot write the records to {args.output}: {problem}")
            return EXIT_USAGE
    settings = usable_policy(args)
    if settings is None:
        return EXIT_USAGE
    policy = settings.build()
    export = FORMATS[args.from_format]
    counts = _Counts()
    values = located_values(
        args.paths, lambda path: _decoded(path, policy.limits), counts.file_problem
    )
    with ReportWriter(args.output) as output:
        for each in export.read(values, policy.conventions(export.name)):
            line = counts.record(each.file, each.item)
            if line is not None and not output.write([line]):
                break
    note(counts.summary())
    if counts.unreadable_files:
        return EXIT_USAGE
    return EXIT_FINDINGS if counts.skipped else EXIT_OK


def _decoded(path: str, limits: Limits) -> Iterator[SourceItem]:
    why = export_file_problem(path)
    if why is not None:
        raise UnreadableSource(why)
    stdin = standard_input() if path == STDIN else None
    return read_source(path, stdin, limits, PAGE_MEMBERS)


class _Counts:
    """What a conversion wrote and left out."""

    def __init__(self) -> None:
        self.written = 0
        self.skipped = 0
        self.unreadable_files = 0

    def record(self, file: str, item: SourceItem) -> str | None:
        """Return a record as a JSON line, or name on standard error why there is none."""
        if isinstance(item, UnreadableRecord):
            self._skip(file, item.line, item.message)
            return None
        try:
            load_meeting(item.data)
        except InvalidRecord as invalid:
            first = invalid.errors[0]
            self._skip(file, item.line, f"{first.path}: {first.message}")
            return None
        self.written += 1
        return _ENCODER.encode(item.data) + "\n"

    def file_problem(self, path: str, problem: FileProblem) -> None:
        """Name a file that could not be read as a whole; an empty one is a warning."""
        if isinstance(problem, EmptySource):
            warn(f"{display_name(path)} is empty: it holds no records")
            return
        self.unreadable_files += 1
        why = reason(problem) if isinstance(problem, OSError) else str(problem)
        error(f"cannot convert {display_name(path)}: {why}")

    def summary(self) -> str:
        """Say what was written and what was left out."""
        return (
            f"{self.written:,} records written, {self.skipped:,} values without a record, "
            f"{self.unreadable_files:,} files not read"
        )

    def _skip(self, file: str, line: int, why: str) -> None:
        self.skipped += 1
        error(f"{file}:{line}: no record: {why}")
