"""What the argument parser needs to know before any command runs, and nothing more.

``onlinecompliance --help`` builds the whole parser, so this module imports
no stage of the package: the names of the report formats, of the export
formats, of the rule catalogue's formats, of the schemas and of the severities
are written here as text. ``tests/test_startup.py`` checks that each list is
the same as the one the stage defines (``report.REPORTERS``,
``sources.exports.FORMATS``, ``report.ruledocs.RULE_LIST_FORMATS``,
``cli.schema.SCHEMAS``, ``model.Severity``), so adding a format still means
adding it here too, and the test says so.
"""

from __future__ import annotations

import argparse

TYPE_CHECKING = False  # as typing's, without loading typing: ``--help`` needs none of it
if TYPE_CHECKING:
    import datetime

__all__ = [
    "EXPORT_FORMATS",
    "PROG",
    "REPORT_FORMATS",
    "RULE_LIST_FORMATS",
    "SCHEMA_NAMES",
    "SEVERITIES",
    "add_policy_options",
    "add_policy_source",
    "count",
    "export_format",
]

PROG = "onlinecompliance"
"""The program's name, in usage lines and before every message."""

REPORT_FORMATS = ("text", "json", "jsonl", "sarif", "junit", "github", "csv", "html")
"""``check --format``: the keys of :data:`onlinecompliance.report.REPORTERS`, in its order."""

RULE_LIST_FORMATS = ("text", "json", "markdown")
"""``rules --format``: the keys of :data:`onlinecompliance.report.ruledocs.RULE_LIST_FORMATS`."""

EXPORT_FORMATS = (
    "pexip-history",
    "pexip-events",
    "vdx-booking",
    "fhir-appointment",
    "graph-callrecord",
    "graph-meeting",
    "teams-meeting-policy",
)
"""``--from``: the keys of :data:`onlinecompliance.sources.exports.FORMATS`, in its order."""

SCHEMA_NAMES = ("meeting", "policy")
"""``schema NAME``: the keys of :data:`onlinecompliance.cli.schema.SCHEMAS`."""

SEVERITIES = ("info", "warning", "error")
"""``--fail-on``: the values of :class:`onlinecompliance.model.Severity`, lowest first."""


def add_policy_options(parser: argparse.ArgumentParser) -> None:
    """Add the options that choose the policy and override its keys."""
    add_policy_source(parser)
    parser.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="run only these rules: comma-separated codes, names or code prefixes (OC1); "
        "may be repeated; replaces the policy's select",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        metavar="CODES",
        help="do not run these rules: comma-separated codes, names or code prefixes; "
        "may be repeated; replaces the policy's ignore",
    )
    parser.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        help="exit 1 when a finding has this severity or a higher one (default: error)",
    )
    parser.add_argument(
        "--today",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the reference date for waivers and birth dates (default: the local date)",
    )


def add_policy_source(parser: argparse.ArgumentParser) -> None:
    """Add the options that choose the policy file (and none that override its keys)."""
    parser.set_defaults(select=None, ignore=None, fail_on=None, today=None)
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--policy",
        metavar="FILE",
        help="read the policy from FILE (default: onlinecompliance.toml, or "
        "[tool.onlinecompliance] in pyproject.toml, in this folder or the nearest parent)",
    )
    source.add_argument(
        "--isolated",
        action="store_true",
        help="ignore every policy file and use the built-in default policy",
    )


def count(text: str) -> int:
    """Read a whole number, zero or more, for argparse."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number, zero or more: {text!r}")
    return int(text)


def export_format(text: str) -> str:
    """Read ``--from``'s export format, checked against the formats when the option is given.

    Not argparse's ``choices``, which ``check --help`` would read: this looks the
    formats up only when ``--from`` is used, and says what ``choices`` would.
    """
    from onlinecompliance.sources.exports import FORMATS  # noqa: PLC0415

    if text not in FORMATS:
        choices = ", ".join(map(repr, FORMATS))
        raise argparse.ArgumentTypeError(f"invalid choice: {text!r} (choose from {choices})")
    return text


def _date(text: str) -> datetime.date:
    import datetime  # noqa: PLC0415 (when --today is given: --help needs no dates)

    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date such as 2026-12-31, got {text!r}"
        ) from None
