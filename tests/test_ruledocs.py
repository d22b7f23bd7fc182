"""The rule reference in docs/ is generated from the rules and kept fresh."""

from __future__ import annotations

from pathlib import Path

import onlinecompliance as oc
from onlinecompliance.report.ruledocs import reference_markdown, rule_document

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_committed_reference_is_fresh() -> None:
    """docs/rules.md equals what the rules' documentation renders today."""
    expected = reference_markdown(list(oc.RULES.values()))
    actual = REFERENCE.read_text(encoding="utf-8")
    assert expected == actual, "docs/rules.md is stale; run `python scripts/generate.py`"


def test_reference_has_every_rule_with_every_section() -> None:
    """Each rule has a heading and all of its sections in the reference."""
    text = REFERENCE.read_text(encoding="utf-8")
    for rule in oc.RULES.values():
        section = text.split(f"## {rule.code} ", 1)[1].split("\n## ", 1)[0]
        for title in ("What it does", "Why", "Guideline", "How to fix", "Example", "Use instead"):
            assert f"### {title}" in section, (rule.code, title)


def test_plain_and_markdown_documents_share_their_text() -> None:
    """The plain-text document of a rule holds the same fix text as the reference."""
    rule = oc.RULES["OC201"]
    assert rule.fix.split()[:4] == rule_document(rule).split("How to fix\n", 1)[1].split()[:4]
