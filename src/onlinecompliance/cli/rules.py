"""``onlinecompliance rules`` and ``rule``: the catalogue, as a list or one rule in full."""

from __future__ import annotations

from onlinecompliance.report.ruledocs import RULE_LIST_FORMATS, rule_document
from onlinecompliance.rules import RULES
from onlinecompliance.scan import describe

from .output import EXIT_OK, EXIT_USAGE, PROG, error, write_output

__all__ = ["list_rules", "show_rule"]


def list_rules(output_format: str) -> int:
    """Write every rule in ``output_format`` (a key of ``RULE_LIST_FORMATS``)."""
    write_output(RULE_LIST_FORMATS[output_format](list(RULES.values())), None)
    return EXIT_OK


def show_rule(key: str) -> int:
    """Write the full documentation of the rule ``key`` names (a code or a name)."""
    rule = RULES.lookup(key)
    if rule is None:
        error(f"{RULES.unknown(key, describe(key))} (see `{PROG} rules`)")
        return EXIT_USAGE
    write_output([rule_document(rule)], None)
    return EXIT_OK
