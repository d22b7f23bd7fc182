"""Parsing the command line and handing each command to its module."""

from __future__ import annotations

import argparse
import sys

from onlinecompliance import __version__

from .arguments import (
    EXPORT_FORMATS,
    PROG,
    REPORT_FORMATS,
    RULE_LIST_FORMATS,
    SCHEMA_NAMES,
    add_policy_options,
    add_policy_source,
    count,
    export_format,
)

TYPE_CHECKING = False  # as typing's, without loading typing: ``--help`` needs none of it
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse exits for --help, --version and usage errors
        return _exit_code(stop)
    # Loaded once the arguments are read: --help and --version write through argparse.
    from .output import EXIT_INTERRUPTED, EXIT_USAGE, OutputFailed, error  # noqa: PLC0415

    command = _COMMANDS.get(args.command)
    if command is None:
        parser.print_usage(sys.stderr)
        error(f"give a command: {', '.join(_COMMANDS)}")
        return EXIT_USAGE
    try:
        return command(args)
    except OutputFailed as failed:
        error(str(failed))
        return EXIT_USAGE
    except KeyboardInterrupt:
        error("interrupted")
        return EXIT_INTERRUPTED


# Each command's module is imported when the command runs, not before: ``--help``
# and ``--version`` load no stage of the package, and each command loads only
# the stages it uses.


def _check(args: argparse.Namespace) -> int:
    from .check import run_check  # noqa: PLC0415

    return run_check(args)


def _convert(args: argparse.Namespace) -> int:
    from .convert import run_convert  # noqa: PLC0415

    return run_convert(args)


def _rules(args: argparse.Namespace) -> int:
    from .rules import list_rules  # noqa: PLC0415

    return list_rules(args.format)


def _rule(args: argparse.Namespace) -> int:
    from .rules import show_rule  # noqa: PLC0415

    return show_rule(args.key)


def _policy(args: argparse.Namespace) -> int:
    from .policy import show_policy  # noqa: PLC0415

    return show_policy(args)


def _schema(args: argparse.Namespace) -> int:
    from .schema import print_schema  # noqa: PLC0415

    return print_schema(args.name)


_COMMANDS: Mapping[str, Callable[[argparse.Namespace], int]] = {
    "check": _check,
    "convert": _convert,
    "rules": _rules,
    "rule": _rule,
    "policy": _policy,
    "schema": _schema,
}
"""Each command's function, by the command's name."""


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
        "one record), a .toml file of [[meeting]] tables, or - for JSON lines on standard input",
    )
    check.add_argument(
        "--format", choices=REPORT_FORMATS, default="text", help="output format (default: text)"
    )
    _add_from(check, required=False)
    check.add_argument(
        "--output",
        metavar="FILE",
        help="write the report to FILE, not standard output (written whole, or not at all)",
    )
    check.add_argument(
        "--html-max-findings",
        type=count,
        default=10_000,
        metavar="N",
        help="list at most N findings in the html format's table; the summary counts them all "
        "(default: 10000)",
    )
    check.add_argument(
        "--baseline",
        metavar="FILE",
        help="leave out the findings FILE holds (from --write-baseline); count them, and the "
        "ones fixed since, in the summary",
    )
    check.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="write this run's findings to FILE, to check against later with --baseline",
    )
    check.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="check JSON lines files in N processes (0: one per core); the report is the "
        "same as with one (default: 1)",
    )
    check.add_argument(
        "--quiet",
        action="store_true",
        help="show no progress on standard error (shown only on a terminal, after a second)",
    )
    check.add_argument(
        "--statistics",
        action="store_true",
        help="print how many findings each rule gave, instead of the findings",
    )
    add_policy_options(check)

    convert = commands.add_parser(
        "convert",
        help="convert an export to meeting records",
        description="Read a real system's export and write what was understood of it as "
        "meeting records, one JSON object a line, that 'check' reads as they are.",
        allow_abbrev=False,
    )
    convert.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="export files (.json or .jsonl), read together so that values join across files, "
        "or - for JSON lines on standard input",
    )
    _add_from(convert, required=True)
    convert.add_argument(
        "--output",
        metavar="FILE",
        help="write the records to FILE, not standard output (written whole, or not at all)",
    )
    add_policy_source(convert)

    rules = commands.add_parser(
        "rules", help="list every rule", description="List every rule.", allow_abbrev=False
    )
    rules.add_argument(
        "--format",
        choices=RULE_LIST_FORMATS,
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

    policy = commands.add_parser(
        "policy",
        help="show the policy in force",
        description="Show the policy in force as a policy file, with where each value came "
        "from: a file and line, a flag, or the default.",
        allow_abbrev=False,
    )
    policy.add_argument(
        "--show", action="store_true", help="show the effective policy (the default action)"
    )
    add_policy_options(policy)

    schema = commands.add_parser(
        "schema",
        help="print a JSON Schema",
        description="Print the JSON Schema of a meeting record or of a policy file.",
        allow_abbrev=False,
    )
    schema.add_argument("name", choices=SCHEMA_NAMES, help="which schema")
    return parser


def _add_from(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument(
        "--from",
        dest="from_format",
        type=export_format,
        required=required,
        metavar="FORMAT",
        help=f"read every PATH as this export, together: {', '.join(EXPORT_FORMATS)}"
        + ("" if required else " (default: our records; a .json export is recognised by content)"),
    )


def _exit_code(stop: SystemExit) -> int:
    if isinstance(stop.code, int):  # argparse's: 0 after --help and --version, 2 after misuse
        return stop.code
    from .output import EXIT_OK, EXIT_USAGE  # noqa: PLC0415

    return EXIT_OK if stop.code is None else EXIT_USAGE
