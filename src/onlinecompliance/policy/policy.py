"""The policy a check runs under: which rules, how severe, and local settings.

``Policy()`` is the built-in default: every rule at its default severity, no
local criteria, today's local date as the reference date. Reading a policy from
a TOML file comes with the policy-file feature; everything it will set is a
field here, so Python callers can build the same policy by hand.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

import attrs

from onlinecompliance.model import (
    Browser,
    InvalidPolicy,
    Kind,
    Limits,
    LocalCriteria,
    Platform,
    Severity,
)
from onlinecompliance.rules import RULES, Rule
from onlinecompliance.scan import DEFAULT_MIN_CONFIDENCE, MIN_KEY_LENGTH, Confidence, describe
from onlinecompliance.sources.exports import Conventions

from .waivers import PolicyWaiver

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = ["DEFAULT_BROWSERS", "DEFAULT_MEET_HOSTS", "Policy", "ReadOnly"]

_V = TypeVar("_V")

DEFAULT_BROWSERS = frozenset({Browser.CHROME, Browser.EDGE, Browser.SAFARI})
"""The guideline recommends Google Chrome, the new Microsoft Edge or Safari."""
DEFAULT_MEET_HOSTS = frozenset({"meet.regionh.dk"})
"""The guideline's address for Meet rooms."""


class ReadOnly(Mapping[str, _V]):
    """A mapping nobody can change that pickles, unlike ``types.MappingProxyType``.

    A policy is sent to worker processes whole (``--jobs``, a Dask bag), and is
    shared by threads, so its mappings must be both.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, _V]) -> None:
        self._items = dict(items)

    def __getitem__(self, key: str) -> _V:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._items!r})"


def _severities(value: Mapping[str, Severity]) -> Mapping[str, Severity]:
    return ReadOnly(value)


def _conventions(value: Mapping[str, Conventions]) -> Mapping[str, Conventions]:
    return ReadOnly(value)


def _selectors(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise TypeError("rule selectors must be a sequence of strings, not one string")
    return tuple(value)


def _optional_selectors(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else _selectors(value)


def _criteria(value: Iterable[LocalCriteria]) -> tuple[LocalCriteria, ...]:
    return tuple(value)


def _waivers(value: Iterable[PolicyWaiver]) -> tuple[PolicyWaiver, ...]:
    return tuple(value)


@attrs.frozen(eq=False)
class Policy:
    """Rule selection, severities and the settings rules read."""

    select: tuple[str, ...] | None = attrs.field(default=None, converter=_optional_selectors)
    """Rules to run, by code, name or code prefix; ``None`` runs every rule."""
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_selectors)
    """Rules not to run, by code, name or code prefix."""
    severity: Mapping[str, Severity] = attrs.field(factory=dict, converter=_severities)
    """Severity per rule code or name, overriding the rule's default."""
    fail_on: Severity = Severity.ERROR
    """The lowest severity that makes the command line exit 1."""
    min_confidence: Confidence = DEFAULT_MIN_CONFIDENCE
    """The lowest detection confidence that counts as sensitive data."""
    recommended_browsers: frozenset[Browser] = DEFAULT_BROWSERS
    meet_hosts: frozenset[str] = DEFAULT_MEET_HOSTS
    criteria: tuple[LocalCriteria, ...] = attrs.field(default=(), converter=_criteria)
    today: datetime.date = attrs.field(factory=datetime.date.today)
    """Reference date for waiver expiry and birth dates in CPR numbers."""
    waivers: tuple[PolicyWaiver, ...] = attrs.field(default=(), converter=_waivers)
    """Approved exceptions for the records they pick, like waivers inside records."""
    limits: Limits = attrs.field(factory=Limits)
    """How large a record may be before it is refused as unreadable (OC000)."""
    imports: Mapping[str, Conventions] = attrs.field(factory=dict, converter=_conventions)
    """A site's conventions for reading each export format, by ``--from`` name."""
    fingerprint_key: bytes | None = attrs.field(default=None, repr=False)
    """A secret of at least 16 bytes; with it, masked identifiers carry a keyed fingerprint.

    Never written to a policy file or shown: the command line reads it from the
    environment (``SECURITY.md``).
    """

    def __attrs_post_init__(self) -> None:
        if self.fingerprint_key is not None and len(self.fingerprint_key) < MIN_KEY_LENGTH:
            raise InvalidPolicy(f"the fingerprint key must be at least {MIN_KEY_LENGTH} bytes long")
        for selector in (*(self.select or ()), *self.ignore):
            _matching(selector)
        for key in self.severity:
            _named_rule(key)
        for waiver in self.waivers:
            rule = _named_rule(waiver.rule)
            if not rule.waivable:
                raise InvalidPolicy(f"{rule.code} cannot be waived")

    @cached_property
    def enabled_rules(self) -> tuple[Rule, ...]:
        """The rules this policy runs, in code order."""
        selected = (
            RULES.values()
            if self.select is None
            else {rule for selector in self.select for rule in _matching(selector)}
        )
        ignored = {rule.code for selector in self.ignore for rule in _matching(selector)}
        return tuple(
            sorted(
                (rule for rule in selected if rule.code not in ignored),
                key=lambda rule: rule.code,
            )
        )

    @cached_property
    def _severities(self) -> dict[str, Severity]:
        overrides = {_named_rule(key).code: level for key, level in self.severity.items()}
        return {rule.code: overrides.get(rule.code, rule.severity) for rule in RULES.values()}

    @cached_property
    def _rules_by_scope(self) -> dict[tuple[Kind | None, Platform | None], tuple[Rule, ...]]:
        """Filled on demand: a policy made for one check pays for one scope only.

        Two threads filling the same scope store equal tuples, so the race is harmless.
        """
        return {}

    @cached_property
    def _enabled_codes(self) -> frozenset[str]:
        return frozenset(rule.code for rule in self.enabled_rules)

    def is_enabled(self, code: str) -> bool:
        """Whether the rule with this code runs under the policy."""
        return code in self._enabled_codes

    def severity_of(self, code: str) -> Severity:
        """Return the severity that findings of this rule get under the policy."""
        return self._severities[code]

    def conventions(self, export_format: str) -> Conventions:
        """Return how this site reads ``export_format``: its ``[import.*]`` table and Meet hosts."""
        found = self.imports.get(export_format, Conventions())
        return attrs.evolve(found, meet_hosts=tuple(self.meet_hosts))

    def rules_for(self, kind: Kind | None, platform: Platform | None) -> tuple[Rule, ...]:
        """Return the enabled rules that can fire on a record of this kind and platform."""
        scope = self._rules_by_scope
        rules = scope.get((kind, platform))
        if rules is None:
            rules = tuple(rule for rule in self.enabled_rules if rule.applies_to(kind, platform))
            scope[kind, platform] = rules
        return rules


def _matching(selector: str) -> tuple[Rule, ...]:
    rules = RULES.matching(selector)
    if not rules:
        raise InvalidPolicy(RULES.unknown(selector, describe(selector)))
    return rules


def _named_rule(key: str) -> Rule:
    rule = RULES.lookup(key)
    if rule is None:
        raise InvalidPolicy(RULES.unknown(key, describe(key)))
    return rule
