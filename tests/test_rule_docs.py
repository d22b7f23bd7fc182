"""Every rule is documented in full, and its examples show what it means."""

from __future__ import annotations

import re

import attrs
import pytest

import onlinecompliance as oc
from onlinecompliance.rules import collect_rules
from strategies import POLICY

ALL_RULES = list(oc.RULES.values())
CATALOGUE = [
    *(f"OC10{n}" for n in range(1, 10)),
    *(f"OC20{n}" for n in range(1, 7)),
    "OC301", "OC302", "OC303",
    *(f"OC4{n:02}" for n in range(1, 11)),
    "OC501", "OC502", "OC503", "OC504",
    "OC601", "OC602", "OC603", "OC604",
    *(f"OC70{n}" for n in range(1, 6)),
    "OC901", "OC902",
]  # fmt: skip


def test_catalogue_is_complete() -> None:
    """The registry holds exactly the catalogue's codes, in order."""
    assert CATALOGUE == list(oc.RULES)


def test_codes_and_names_unique() -> None:
    """No two rules share a code or a name."""
    rules = collect_rules()
    assert len(rules) == len({rule.code for rule in rules}) == len({rule.name for rule in rules})


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_rule_is_documented(rule: oc.Rule) -> None:
    """Each rule has a code, a kebab-case name and every piece of documentation."""
    assert re.fullmatch(r"OC\d{3}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", rule.name)
    texts = {
        "summary": rule.summary,
        "rationale": rule.rationale,
        "guideline_da": rule.guideline_da,
        "guideline_en": rule.guideline_en,
        "fix": rule.fix,
    }
    assert [] == [field for field, text in texts.items() if len(text.strip()) < 10]
    assert rule.summary.endswith(".")
    assert rule.provenance
    assert rule.sources
    assert all(source.strip() for source in rule.sources)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_example_fires_and_use_instead_does_not(rule: oc.Rule) -> None:
    """The documented example breaks the rule; the corrected record does not."""
    policy = attrs.evolve(POLICY, criteria=rule.example_criteria)
    fired = {violation.code for violation in oc.check(oc.load_meeting(rule.example), policy)}
    fixed = {violation.code for violation in oc.check(oc.load_meeting(rule.use_instead), policy)}
    assert rule.code in fired
    assert rule.code not in fixed


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_declared_scope_covers_example(rule: oc.Rule) -> None:
    """A rule's declared kinds and platforms admit its own example."""
    meeting = oc.load_meeting(rule.example)
    assert rule.applies_to(meeting.kind, meeting.platform)
