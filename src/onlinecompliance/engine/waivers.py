"""Applying waivers to a record's findings, and reporting OC901 and OC902.

Waivers come from two places: the record's own ``waivers``, and the policy's,
which pick records by id and department globs. A live waiver drops every
finding of its rule; an expired one drops nothing, so the finding it waived
comes back, and is reported (OC901); a live one that dropped nothing is
reported too (OC902), unless the policy does not run its rule. A record's
waivers are reported with the record. The policy's are reported once per run
(:func:`policy_waiver_findings`), because whether one was used shows only
after every record. The rules are documented in
:mod:`onlinecompliance.rules.waivers`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from onlinecompliance.rules import RULES, Finding
from onlinecompliance.rules.waivers import OC901, OC902
from onlinecompliance.scan import describe

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterator, Sequence
    from collections.abc import Set as AbstractSet

    from onlinecompliance.model import Meeting, Waiver
    from onlinecompliance.policy import Policy, PolicyWaiver
    from onlinecompliance.rules import Rule

__all__ = ["apply_waivers", "is_expired", "policy_waiver_findings"]


def apply_waivers(
    meeting: Meeting, found: Sequence[tuple[Rule, Finding]], policy: Policy
) -> tuple[list[tuple[Rule, Finding]], frozenset[int]]:
    """Drop the findings a live waiver covers, and add the record's OC901 and OC902 findings.

    Returns the findings kept and the indexes of the policy's waivers that
    dropped a finding here.
    """
    found_codes = {rule.code for rule, _ in found}
    codes = [waived_code(waiver) for waiver in meeting.waivers]
    live = {
        code
        for waiver, code in zip(meeting.waivers, codes, strict=True)
        if not is_expired(waiver, policy.today)
    }
    used_policy_waivers: set[int] = set()
    for index, waiver in enumerate(policy.waivers):
        if waiver.matches(meeting) and not waiver.is_expired(policy.today):
            code = waived_code(waiver)
            live.add(code)
            if code in found_codes:
                used_policy_waivers.add(index)
    kept = [(rule, finding) for rule, finding in found if rule.code not in live]
    kept.extend(
        (rule, finding)
        for rule, finding in _record_waiver_findings(meeting, codes, found_codes & live, policy)
        if policy.is_enabled(rule.code)
    )
    return kept, frozenset(used_policy_waivers)


def policy_waiver_findings(
    policy: Policy, used: AbstractSet[int]
) -> Iterator[tuple[int, Rule, Finding]]:
    """Yield OC901 for each expired policy waiver and OC902 for each live one never used.

    ``used`` holds the indexes of the policy's waivers that dropped a finding in
    any record of the run. Each item is the waiver's index, the rule and the finding.
    """
    for index, waiver in enumerate(policy.waivers):
        code = waived_code(waiver)
        path = f"waivers[{index}]"
        if waiver.is_expired(policy.today):
            message = f"the policy's waiver for {code} expired on {waiver.expires}"
            found: tuple[Rule, Finding] | None = (OC901, Finding(path, message))
        elif index not in used and policy.is_enabled(code):
            message = f"the policy's waiver for {code} suppressed no finding"
            found = (OC902, Finding(path, message))
        else:
            found = None
        if found is not None and policy.is_enabled(found[0].code):
            yield index, *found


def is_expired(waiver: Waiver, today: datetime.date) -> bool:
    """Whether ``today`` is after the waiver's last day."""
    return waiver.expires is not None and today > waiver.expires


def waived_code(waiver: Waiver | PolicyWaiver) -> str:
    """Return the code of the rule a waiver names (loading has checked that it exists)."""
    rule = RULES.lookup(waiver.rule)
    if rule is None:
        raise ValueError(f"waiver names no known rule: {describe(waiver.rule)}")
    return rule.code


def _record_waiver_findings(
    meeting: Meeting, codes: Sequence[str], suppressed: AbstractSet[str], policy: Policy
) -> Iterator[tuple[Rule, Finding]]:
    """Yield OC901 for each expired waiver of the record and OC902 for each that waived nothing.

    ``codes[i]`` is the code of the rule that ``meeting.waivers[i]`` names.
    """
    for index, (waiver, code) in enumerate(zip(meeting.waivers, codes, strict=True)):
        path = f"waivers[{index}]"
        if is_expired(waiver, policy.today):
            message = f"the waiver for {code} expired on {waiver.expires}"
            yield OC901, Finding(path, message)
        elif code not in suppressed and policy.is_enabled(code):
            yield OC902, Finding(path, f"the waiver for {code} suppressed no finding")
