"""The command line: ``onlinecompliance check``, ``rules`` and ``rule``.

Exit codes: 0 when no finding is at or above ``--fail-on``; 1 when one is; 2 for
usage errors, unknown rule codes, and files that cannot be read or written. A
file that cannot be read is reported on standard error and the other files are
still checked. No input ever causes a traceback, and no output repeats input.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import __version__
from .errors import InvalidPolicy
from .policy import Policy
from .records import RecordChecker
from .reporters import REPORTERS, Report, invalid_record, reports_for, sort_key, summarise
from .ruledocs import RULE_LIST_FORMATS, rule_document
from .rules import RULES
from .sources import STDIN, UnreadableRecord, display_name, read_source, unsupported_reason
from .violation import Severity

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

__all__ = ["main"]

PROG = "onlinecompliance"
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse exits for --help, --version and usage errors
        return _exit_code(stop)
    command: str | None = args.command
    if command == "check":
        return _check(args)
    if command == "rules":
        return _write_output(RULE_LIST_FORMATS[args.format](list(RULES.values())), None)
    if command == "rule":
        return _rule(args.key)
    parser.print_usage(sys.stderr)
    _error("give a command: check, rules or rule")
    return EXIT_USAGE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Check online meetings and video consultations in Danish hospitals against "
            "the Capital Region of Denmark's guideline on approved online communication solutions."
        ),
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="check meeting records",
        description="Check meeting records and report every finding.",
        allow_abbrev=False,
    )
    check.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a .jsonl file (one record a line), a .json file (an array of records, or "
        "one record), or - for JSON lines on standard input",
    )
    check.add_argument(
        "--format", choices=tuple(REPORTERS), default="text", help="output format (default: text)"
    )
    check.add_argument(
        "--output", metavar="FILE", help="write the report to FILE, not standard output"
    )
    check.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="run only these rules: comma-separated codes, names or code prefixes (OC1); "
        "may be repeated",
    )
    check.add_argument(
        "--ignore",
        action="append",
        metavar="CODES",
        help="do not run these rules: comma-separated codes, names or code prefixes; "
        "may be repeated",
    )
    check.add_argument(
        "--fail-on",
        choices=[level.value for level in Severity],
        help="exit 1 when a finding has this severity or a higher one (default: error)",
    )
    check.add_argument(
        "--isolated",
        action="store_true",
        help="ignore every policy file and use the built-in default policy (policy files "
        "are not read yet, so today this changes nothing)",
    )

    rules = commands.add_parser(
        "rules", help="list every rule", description="List every rule.", allow_abbrev=False
    )
    rules.add_argument(
        "--format",
        choices=tuple(RULE_LIST_FORMATS),
        default="text",
        help="output format (default: text)",
    )

    rule = commands.add_parser(
        "rule",
        help="explain one rule",
        description="Show the full documentation of one rule.",
        allow_abbrev=False,
    )
    rule.add_argument("key", metavar="CODE-OR-NAME", help="a rule code (any case) or name")
    return parser


def _check(args: argparse.Namespace) -> int:
    paths: list[str] = args.paths
    for path in paths:
        reason = unsupported_reason(path)
        if reason is not None:
            _error(f"cannot check {path}: {reason}")
            return EXIT_USAGE
    select = _selectors(args.select)
    if select is not None and not select:
        _error("--select names no rule")
        return EXIT_USAGE
    ignore = _selectors(args.ignore) or ()
    try:
        policy = Policy(select=select, ignore=ignore)
    except InvalidPolicy as error:
        _error(str(error))
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
    written = _write_output(REPORTERS[args.format](reports, summary), args.output)
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
            _error("cannot read standard input: it is closed")
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
        except OSError as error:
            self.unreadable_files += 1
            where = "standard input" if path == STDIN else path
            _error(f"cannot read {where}: {_reason(error)}")
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


def _rule(key: str) -> int:
    rule = RULES.lookup(key)
    if rule is None:
        suggestion = RULES.suggest(key)
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        _error(f"no rule is named {key!r}{hint} (see `{PROG} rules`)")
        return EXIT_USAGE
    return _write_output([rule_document(rule)], None)


def _write_output(pieces: Iterable[str], output: str | None) -> int:
    """Write to ``output``, or standard output when it is ``None``; 2 if that fails."""
    try:
        if output is None:
            _write_stream(sys.stdout, pieces)
        else:
            # Escaping keeps lone surrogates from ids (JSON "\udc80") writable, as JSON escapes.
            with Path(output).open(
                "w", encoding="utf-8", newline="\n", errors="backslashreplace"
            ) as file:
                file.writelines(pieces)
    except BrokenPipeError:  # a reader such as `head` stopped reading: nothing to say
        _silence_stdout()
        return EXIT_USAGE
    except OSError as error:
        _error(f"cannot write {output or 'standard output'}: {_reason(error)}")
        return EXIT_USAGE
    return EXIT_OK


def _write_stream(stream: TextIO, pieces: Iterable[str]) -> None:
    """Write UTF-8 whatever the locale says, so JSON output stays JSON.

    Lone surrogates (possible in ids read from JSON escapes) are written as
    backslash escapes, which JSON reads back as the same escapes.
    """
    stream.flush()
    binary = getattr(stream, "buffer", None)
    for piece in pieces:
        if binary is None:
            stream.write(piece)
        else:
            binary.write(piece.encode("utf-8", "backslashreplace"))
    (stream if binary is None else binary).flush()


def _silence_stdout() -> None:
    """Point standard output at the null device so that flushing at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _error(message: str) -> None:
    sys.stderr.write(f"{PROG}: {message}\n")


def _exit_code(stop: SystemExit) -> int:
    if stop.code is None:
        return EXIT_OK
    if isinstance(stop.code, int):
        return stop.code
    return EXIT_USAGE
