"""The engine for one record: run the policy's rules on a meeting, return sorted violations."""

from __future__ import annotations

import functools
import operator
from typing import TYPE_CHECKING

from onlinecompliance.model import Violation, path_order
from onlinecompliance.policy import Policy
from onlinecompliance.rules import RULES
from onlinecompliance.rules.context import Context

from .waivers import apply_waivers

if TYPE_CHECKING:
    from onlinecompliance.model import Meeting
    from onlinecompliance.rules import Check, Finding, Rule

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
    rules = policy.rules_for(meeting.kind, meeting.platform)
    found = [
        (rule, finding)
        for rule, check in _runnable(rules, tuple(map(bool, _needed_fields(meeting))))
        for finding in check(context)
    ]
    used: frozenset[int] = frozenset()
    if meeting.waivers or policy.waivers:
        found, used = apply_waivers(meeting, found, policy)
    violations = [_violation(rule, finding, meeting, policy) for rule, finding in found]
    if len(violations) > 1:
        violations.sort(key=_sort_key)
    return violations, used


_NEEDED: tuple[str, ...] = tuple(sorted({field for rule in RULES.values() for field in rule.needs}))
"""The fields some rule needs (:attr:`Rule.needs`), looked at once per record."""
_needed_fields = operator.attrgetter(*_NEEDED)


@functools.lru_cache(maxsize=1024)
def _runnable(rules: tuple[Rule, ...], holding: tuple[bool, ...]) -> tuple[tuple[Rule, Check], ...]:
    """Return the rules that can fire, with their checks, given which needed fields hold something.

    ``holding`` says, for each field of :data:`_NEEDED` in turn, whether it
    holds something. A log has few kinds of record, so the answer is remembered.
    """
    held = {field for field, holds in zip(_NEEDED, holding, strict=True) if holds}
    return tuple(
        (rule, rule.check)
        for rule in rules
        if rule.check is not None
        and (not rule.needs or any(field in held or field not in _NEEDED for field in rule.needs))
    )


def _violation(rule: Rule, finding: Finding, meeting: Meeting, policy: Policy) -> Violation:
    # By position, in the order of Violation's fields: a call by keywords costs about half
    # again as much, once for every finding of a log.
    return Violation(
        rule.code,
        rule.name,
        policy.severity_of(rule.code),
        finding.message,
        finding.path,
        meeting.id,
        finding.evidence,
        None if meeting.imported is None else meeting.imported.source_of(finding.path),
    )


_path_order = functools.lru_cache(maxsize=4096)(path_order)
"""``path_order``, remembered: a log's findings name the same few hundred paths again and again."""


def _sort_key(violation: Violation) -> tuple[str, tuple[str | int, ...], str]:
    return violation.code, _path_order(violation.path), violation.message
