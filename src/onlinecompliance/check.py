"""The engine: run the policy's rules on one meeting and return sorted violations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .context import Context
from .errors import describe
from .paths import path_order
from .policy import Policy
from .rules import RULES
from .rules.waivers import is_expired, waiver_findings
from .violation import Violation

if TYPE_CHECKING:
    from .model import Meeting, Waiver
    from .rules import Finding, Rule

__all__ = ["check"]


def check(meeting: Meeting, policy: Policy | None = None) -> list[Violation]:
    """Return every way ``meeting`` breaks the policy's rules.

    Pure: no I/O, no clock (the policy carries the reference date), no shared
    state; the same input gives the same list in the same order (by code, then
    path in record order, then message). Waivers in the record suppress the
    findings of their rule until they expire.
    """
    if policy is None:
        policy = Policy()
    context = Context(meeting, policy)
    found = [
        _violation(rule, finding, meeting, policy)
        for rule in policy.rules_for(meeting.kind, meeting.platform)
        if rule.check is not None
        for finding in rule.check(context)
    ]
    if meeting.waivers:
        found = _apply_waivers(meeting, found, policy)
    return sorted(found, key=_sort_key)


def _apply_waivers(meeting: Meeting, found: list[Violation], policy: Policy) -> list[Violation]:
    """Drop findings that a live waiver covers, and report expired and unused waivers."""
    codes = [_waived_code(waiver) for waiver in meeting.waivers]
    live = {
        code
        for waiver, code in zip(meeting.waivers, codes, strict=True)
        if not is_expired(waiver, policy.today)
    }
    kept = [violation for violation in found if violation.code not in live]
    suppressed = {violation.code for violation in found} & live
    kept.extend(
        _violation(rule, finding, meeting, policy)
        for rule, finding in waiver_findings(meeting, codes, suppressed, policy)
        if policy.is_enabled(rule.code)
    )
    return kept


def _waived_code(waiver: Waiver) -> str:
    """Return the code of the rule a waiver names (loading has checked that it exists)."""
    rule = RULES.lookup(waiver.rule)
    if rule is None:
        raise ValueError(f"waiver names no known rule: {describe(waiver.rule)}")
    return rule.code


def _violation(rule: Rule, finding: Finding, meeting: Meeting, policy: Policy) -> Violation:
    return Violation(
        code=rule.code,
        name=rule.name,
        severity=policy.severity_of(rule.code),
        message=finding.message,
        path=finding.path,
        meeting_id=meeting.id,
        evidence=finding.evidence,
    )


def _sort_key(violation: Violation) -> tuple[str, tuple[str | int, ...], str]:
    return violation.code, path_order(violation.path), violation.message
