"""Applying a record's waivers to its findings, and reporting OC901 and OC902.

A live waiver drops every finding of its rule; an expired one drops nothing and
is reported (OC901), so the finding it waived comes back; a live one that
dropped nothing is reported too (OC902), unless the policy does not run its
rule. The rules are documented in :mod:`onlinecompliance.rules.waivers`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from onlinecompliance.model import describe
from onlinecompliance.rules import RULES, Finding
from onlinecompliance.rules.waivers import OC901, OC902

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterator, Sequence
    from collections.abc import Set as AbstractSet

    from onlinecompliance.model import Meeting, Waiver
    from onlinecompliance.policy import Policy
    from onlinecompliance.rules import Rule

__all__ = ["apply_waivers", "is_expired"]


def apply_waivers(
    meeting: Meeting, found: Sequence[tuple[Rule, Finding]], policy: Policy
) -> list[tuple[Rule, Finding]]:
    """Drop the findings that a live waiver covers, and add OC901 and OC902 findings."""
    codes = [_waived_code(waiver) for waiver in meeting.waivers]
    live = {
        code
        for waiver, code in zip(meeting.waivers, codes, strict=True)
        if not is_expired(waiver, policy.today)
    }
    kept = [(rule, finding) for rule, finding in found if rule.code not in live]
    suppressed = {rule.code for rule, _ in found} & live
    kept.extend(
        (rule, finding)
        for rule, finding in _waiver_findings(meeting, codes, suppressed, policy)
        if policy.is_enabled(rule.code)
    )
    return kept


def is_expired(waiver: Waiver, today: datetime.date) -> bool:
    """Whether ``today`` is after the waiver's last day."""
    return waiver.expires is not None and today > waiver.expires


def _waiver_findings(
    meeting: Meeting, codes: Sequence[str], suppressed: AbstractSet[str], policy: Policy
) -> Iterator[tuple[Rule, Finding]]:
    """Yield OC901 for each expired waiver and OC902 for each live one that waived nothing.

    ``codes[i]`` is the code of the rule that ``meeting.waivers[i]`` names.
    """
    for index, (waiver, code) in enumerate(zip(meeting.waivers, codes, strict=True)):
        path = f"waivers[{index}]"
        if is_expired(waiver, policy.today):
            message = f"the waiver for {code} expired on {waiver.expires}"
            yield OC901, Finding(path, message)
        elif code not in suppressed and policy.is_enabled(code):
            yield OC902, Finding(path, f"the waiver for {code} suppressed no finding")


def _waived_code(waiver: Waiver) -> str:
    """Return the code of the rule a waiver names (loading has checked that it exists)."""
    rule = RULES.lookup(waiver.rule)
    if rule is None:
        raise ValueError(f"waiver names no known rule: {describe(waiver.rule)}")
    return rule.code
