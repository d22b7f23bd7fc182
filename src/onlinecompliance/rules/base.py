"""What a rule is: its documentation as data, and a small pure check function.

A check takes the :class:`~.context.Context` of one record and
yields :class:`Finding` values (a path and a message). The engine adds the code,
name, severity and meeting id, applies waivers and sorts. A rule declares the
meeting kinds and platforms it can fire on, and the fields it cannot fire
without, so the engine never calls it for records it cannot concern.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from onlinecompliance.model import Kind, LocalCriteria, Platform, Severity

if TYPE_CHECKING:
    from .context import Context

__all__ = ["GUIDELINE", "NAMED_AT_MOST", "Check", "Finding", "Provenance", "Rule", "few"]

GUIDELINE = "Virtuelle møder for sundhedspersonale og patienter (Region Hovedstaden)"
"""The guideline's title, as the rules' ``sources`` name it."""
NAMED_AT_MOST = 3
"""How many offending items a message or evidence names before it counts the rest."""
_T = TypeVar("_T")


class Provenance(enum.Enum):
    """Where a rule comes from."""

    SEED = "seed"
    """Stated in the guideline text."""
    PUBLIC = "public"
    """Stated in another public source, named in the rule's ``sources``."""
    INFERRED = "inferred"
    """A reasonable reading where the guideline's original list is lost."""
    TOOL = "tool"
    """About the linter's own workings (waivers), not the guideline."""


@attrs.frozen
class Finding:
    """What a check reports: where in the record, and what is wrong there."""

    path: str
    message: str
    evidence: str | None = None


Check = Callable[["Context"], Iterable[Finding]]


@attrs.frozen(eq=False)
class Rule:
    """One rule of the catalogue: documentation, scope and check.

    Rules compare and hash by identity: each exists once, in the registry.
    """

    code: str
    """Stable code such as ``OC101``; never reused."""
    name: str
    """Kebab-case name that reads after "allow": ``sensitive-data-in-chat``."""
    severity: Severity
    """Default severity; a policy may change it."""
    summary: str
    """What it does, in one sentence."""
    rationale: str
    """Why it matters."""
    guideline_da: str
    """The Danish sentence the rule comes from (or the nearest, when inferred)."""
    guideline_en: str
    """Its English translation."""
    provenance: frozenset[Provenance]
    sources: tuple[str, ...]
    """The documents behind the rule, by name."""
    fix: str
    """What to do about a finding."""
    example: Mapping[str, Any]
    """A record on which the rule fires."""
    use_instead: Mapping[str, Any]
    """The same record put right, on which it does not."""
    check: Check | None = attrs.field(repr=False)
    """The check function; ``None`` for the waiver rules, which the engine reports."""
    example_criteria: tuple[LocalCriteria, ...] = ()
    """Local criteria of the policy the examples are checked under (OC503, OC504)."""
    reading: str = ""
    """Where the catalogue leaves the condition open, the reading chosen and why."""
    kinds: frozenset[Kind] | None = None
    """Meeting kinds the rule can fire on; ``None`` means all."""
    platforms: frozenset[Platform] | None = None
    """Platforms the rule can fire on; ``None`` means all."""
    needs: tuple[str, ...] = ()
    """Fields of the meeting of which one at least must hold something for the rule to fire.

    Holding something means not ``None``, not an empty array and not an empty
    string (so a boolean field, whose ``false`` says something, is never one of
    them). ``()``, the default, means the rule may fire on any record. The
    tests check that a rule stays silent on records where none of its fields
    holds anything.
    """
    waivable: bool = True
    """Whether a waiver may name the rule (not the waiver rules themselves)."""

    def applies_to(self, kind: Kind | None, platform: Platform | None) -> bool:
        """Whether the rule can fire on a record of this kind and platform at all.

        A rule scoped to some kinds (or platforms) never fires on a record whose kind
        (or platform) is not known: its condition reads "not known" as false.
        """
        return (self.kinds is None or kind in self.kinds) and (
            self.platforms is None or platform in self.platforms
        )


def few(items: Sequence[_T], name: Callable[[_T], str], *, separator: str = ", ") -> str:
    """Name the first few items and count the rest: ``p3, p7, p9 and 49,997 more``.

    A message about 50,000 participants names a few, so that it stays one line.
    """
    named = separator.join(map(name, items[:NAMED_AT_MOST]))
    rest = len(items) - min(len(items), NAMED_AT_MOST)
    return f"{named} and {rest:,} more" if rest else named
