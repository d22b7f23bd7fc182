"""Parsing the command line and handing each command to its module."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from onlinecompliance import __version__
from onlinecompliance.report import REPORTERS
from onlinecompliance.report.ruledocs import RULE_LIST_FORMATS

from .check import run_check
from .output import EXIT_OK, EXIT_USAGE, PROG, error
from .policy_options import add_policy_options
from .rules import list_rules, show_rule

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse exits for --help, --version and usage errors
        return _exit_code(stop)
    command: str | None = args.command
    if command == "check":
        return run_check(args)
    if command == "rules":
        return list_rules(args.format)
    if command == "rule":
        return show_rule(args.key)
    parser.print_usage(sys.stderr)
    error("give a command: check, rules or rule")
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
    add_policy_options(check)

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


def _exit_code(stop: SystemExit) -> int:
    if stop.code is None:
        return EXIT_OK
    if isinstance(stop.code, int):
        return stop.code
    return EXIT_USAGE
