"""The engine for one record: run the policy's rules on a meeting, return sorted violations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from onlinecompliance.model import Violation, path_order
from onlinecompliance.policy import Policy
from onlinecompliance.rules.context import Context

from .waivers import apply_waivers

if TYPE_CHECKING:
    from onlinecompliance.model import Meeting
    from onlinecompliance.rules import Finding, Rule

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
        (rule, finding)
        for rule in policy.rules_for(meeting.kind, meeting.platform)
        if rule.check is not None
        for finding in rule.check(context)
    ]
    if meeting.waivers:
        found = apply_waivers(meeting, found, policy)
    return sorted(
        (_violation(rule, finding, meeting, policy) for rule, finding in found), key=_sort_key
    )


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
