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

__all__ = ["check", "examine"]


def check(meeting: Meeting, policy: Policy | None = None) -> list[Violation]:
    """Return every way ``meeting`` breaks the policy's rules.

    Pure: no I/O, no clock (the policy carries the reference date), no shared
    state; the same input gives the same list in the same order (by code, then
    path in record order, then message). Waivers in the record, and the
    policy's waivers that pick it, suppress the findings of their rule until
    they expire.
    """
    return examine(meeting, Policy() if policy is None else policy)[0]


def examine(meeting: Meeting, policy: Policy) -> tuple[list[Violation], frozenset[int]]:
    """Check ``meeting``; also return the indexes of the policy's waivers that were used.

    A run needs those to report the policy's unused waivers (OC902) at its end.
    """
    context = Context(meeting, policy)
    found = [
        (rule, finding)
        for rule in policy.rules_for(meeting.kind, meeting.platform)
        if rule.check is not None
        for finding in rule.check(context)
    ]
    used: frozenset[int] = frozenset()
    if meeting.waivers or policy.waivers:
        found, used = apply_waivers(meeting, found, policy)
    violations = sorted(
        (_violation(rule, finding, meeting, policy) for rule, finding in found), key=_sort_key
    )
    return violations, used


def _violation(rule: Rule, finding: Finding, meeting: Meeting, policy: Policy) -> Violation:
    return Violation(
        code=rule.code,
        name=rule.name,
        severity=policy.severity_of(rule.code),
        message=finding.message,
        path=finding.path,
        meeting_id=meeting.id,
        evidence=finding.evidence,
        source_field=None if meeting.imported is None else meeting.imported.source_of(finding.path),
    )


def _sort_key(violation: Violation) -> tuple[str, tuple[str | int, ...], str]:
    return violation.code, path_order(violation.path), violation.message
