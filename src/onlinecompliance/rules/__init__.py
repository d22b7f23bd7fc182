"""The rule catalogue: every rule, one module per family, in one registry.

A rule module defines :class:`~onlinecompliance.rules.base.Rule` values at its
top level; :data:`RULES` collects them, so adding a rule touches only its family
module (and its tests).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from onlinecompliance.model import INVALID_RECORD_CODE

from . import access, advisory, conferences, data_protection, identity, platform, tenant, waivers
from .base import Check, Finding, Provenance, Rule

if TYPE_CHECKING:
    from types import ModuleType

__all__ = [
    "FAMILIES",
    "RULES",
    "Check",
    "Finding",
    "Provenance",
    "Rule",
    "RuleRegistry",
    "collect_rules",
]

_FAMILIES: tuple[ModuleType, ...] = (
    platform,
    data_protection,
    conferences,
    access,
    identity,
    advisory,
    tenant,
    waivers,
)

FAMILIES: Mapping[str, str] = {
    "OC1": "platform choice",
    "OC2": "data protection",
    "OC3": "Teams patient conferences",
    "OC4": "access, rooms and clients",
    "OC5": "identity, need and local criteria",
    "OC6": "72-hour advice",
    "OC7": "Teams tenant configuration",
    "OC9": "waivers",
}
"""What each family's rules are about, by code prefix: for reports that group findings."""


def collect_rules(modules: Iterable[ModuleType] = _FAMILIES) -> list[Rule]:
    """Return every :class:`Rule` defined at the top level of ``modules``, in code order."""
    found = [
        value for module in modules for value in vars(module).values() if isinstance(value, Rule)
    ]
    return sorted(found, key=lambda rule: rule.code)


class RuleRegistry(Mapping[str, Rule]):
    """Rules by code, in code order; :meth:`lookup` also takes names."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self._by_code: dict[str, Rule] = {}
        self._by_name: dict[str, Rule] = {}
        for rule in rules:
            if rule.code in self._by_code or rule.name in self._by_name:
                raise ValueError(f"two rules share the code {rule.code} or name {rule.name}")
            self._by_code[rule.code] = rule
            self._by_name[rule.name] = rule

    def __getitem__(self, code: str) -> Rule:
        return self._by_code[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_code)

    def __len__(self) -> int:
        return len(self._by_code)

    def lookup(self, key: str) -> Rule | None:
        """Return the rule with this code (any case) or kebab-case name, if there is one."""
        return self._by_code.get(key.upper()) or self._by_name.get(key.lower())

    def matching(self, selector: str) -> tuple[Rule, ...]:
        """Return the rules a selector names: a code, a name, or a code prefix (``OC2``)."""
        rule = self.lookup(selector)
        if rule is not None:
            return (rule,)
        prefix = selector.upper()
        return tuple(rule for code, rule in self._by_code.items() if code.startswith(prefix))

    def suggest(self, key: str) -> str | None:
        """Return the code or name nearest to a misspelt ``key``, for error messages."""
        candidates = [*self._by_code, *self._by_name]
        close = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
        return close[0] if close else None

    def unknown(self, key: str, shown: str) -> str:
        """Say that ``key`` (``shown`` as given) names no rule, and what was probably meant.

        ``OC000`` gets its own answer: it is the code of unreadable records, which
        are always reported, so no suggestion of a look-alike code would help.
        """
        if key.strip().upper() == INVALID_RECORD_CODE:
            return (
                f"{INVALID_RECORD_CODE} is not a rule: it reports a record that cannot be "
                "read, which is always reported and cannot be selected, ignored or waived"
            )
        suggestion = self.suggest(key)
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        return f"{shown} is not a rule code or name{hint}"


RULES = RuleRegistry(collect_rules())
"""Every rule of the catalogue."""
