"""The scanner takes time linear in the length of its text, whatever the text.

Each adversarial megabyte below would take hours through a pattern that
backtracks quadratically (a nested quantifier, or a greedy run retried from
every start), so these tests finishing is the check; no time is asserted. The
structural test looks for nested quantifiers in every compiled pattern of the
scanner's modules.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from typing import TYPE_CHECKING, Any

import pytest

import onlinecompliance.scan
from onlinecompliance import Confidence, Detection, Policy, scan_text

if TYPE_CHECKING:
    from collections.abc import Iterator

MEGABYTE = 1 << 20
TODAY = dt.date(2026, 11, 26)
SCANNER_MODULES = tuple(
    sorted(module.name for module in pkgutil.iter_modules(onlinecompliance.scan.__path__))
)
"""Every module of the scanner package."""

UNITS = {
    "all digits": "0",
    "digit run": "0123456789",
    "digits and hyphens": "0-",
    "numbers and hyphens": "0101901234-",
    "numbers and spaces": "010190 1234 ",
    "en-dashes between digits": "010190\u20131234\u2013",
    "no-break spaces between digits": "0\u00a0",
    "cpr keyword": "cpr ",
    "pt keyword": "pt. ",
    "patient keyword": "patienten ",
    "negative word": "ordre ",
    "capitalised names": "Jens Hansen ",
    "names glued": "JensHansen",
    "name and health": "Pt. Jens Hansen har fået Marevan ",
    "hyphen-joined terms": "KOL-",
    "diagnosis codes": "DI21.9 ",
    "diagnosis context": "diagnose ",
    "letters only": "a",
    "capital letters only": "A",
    "at signs": "@",
    "e-mail fragments": "a@b.",
    "dots": "a.",
    "plus 45": "+45 ",
    "phone digits": "+45 12 ",
    "dotted capital i": "\u0130",
    "names before dashes": "Lise Holm - KOL ",
    "places labelling names": "st 3: Inge, CRP 112 / ",
    "pronouns": "Birgit på stue 6. Hun har feber. ",
    "measurements": "sat 88 ",
    "genitives": "Villy Holms højre hofte ",
}
"""Repeated to a megabyte, each unit stresses one part of the scanner."""

LONG_TAILS = {
    "letters then at sign": "a" * (MEGABYTE - 1) + "@",
    "digits then letters": "1" * (MEGABYTE // 2) + "a" * (MEGABYTE // 2),
    "plus 45 then digits": "+45" + "1" * MEGABYTE,
    "name then words": "Pt. " + "Jens " * (MEGABYTE // 5),
}
"""One long run with the character that could complete a match only at its end."""


def megabyte_of(unit: str) -> str:
    """Repeat ``unit`` to one megabyte of characters."""
    return unit * (MEGABYTE // len(unit))


@pytest.mark.parametrize(
    "min_confidence", [Confidence.MEDIUM, Confidence.LOW], ids=["default", "low"]
)
@pytest.mark.parametrize(
    "text", [*map(megabyte_of, UNITS.values()), *LONG_TAILS.values()], ids=[*UNITS, *LONG_TAILS]
)
def test_adversarial_megabyte_finishes(text: str, min_confidence: Confidence) -> None:
    """A megabyte built to make a backtracking pattern slow is scanned (in linear time)."""
    detections = scan_text(text, policy=Policy(today=TODAY, min_confidence=min_confidence))
    assert isinstance(detections, list)
    assert all(isinstance(detection, Detection) for detection in detections)


def _scanner_patterns() -> Iterator[tuple[str, str]]:
    """Yield the name and source of each compiled pattern at the top of a scanner module.

    Patterns kept in a tuple, list or dict at module level are found too.
    """
    for name in SCANNER_MODULES:
        module = importlib.import_module(f"onlinecompliance.scan.{name}")
        for attribute, value in vars(module).items():
            members: dict[int | None, object]
            if isinstance(value, dict):
                members = dict(enumerate(value.values()))
            elif isinstance(value, (tuple, list)):
                members = dict(enumerate(value))
            else:
                members = {None: value}
            for index, member in members.items():
                source = getattr(member, "pattern", None)
                if isinstance(source, bytes):  # a pattern over a text's bytes or shape
                    source = source.decode("latin-1")
                if isinstance(source, str) and hasattr(member, "finditer"):
                    place = "" if index is None else f"[{index}]"
                    yield f"{name}.{attribute}{place}", source


SCANNER_PATTERNS = dict(_scanner_patterns())
"""The lexicon's terms are searched by an Aho-Corasick automaton, linear by construction."""


def _parser() -> Any:
    """Return the standard library's regular-expression parser module."""
    try:
        return importlib.import_module("re._parser")
    except ImportError:  # Python 3.10
        return importlib.import_module("sre_parse")


REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
"""The parser's names for a quantified item."""


def _subpatterns(value: object) -> Iterator[Any]:
    """Yield the parsed subpatterns held anywhere in an item's argument."""
    if isinstance(value, (tuple, list)):
        for item in value:
            yield from _subpatterns(item)
    elif hasattr(value, "data") and hasattr(value, "getwidth"):
        yield value


def _repeats(subpattern: Any) -> Iterator[tuple[int, Any]]:
    """Yield (maximum, body) for every quantified item in ``subpattern``, at any depth."""
    for operator, argument in subpattern:
        if str(operator) in REPEATS:
            _, maximum, body = argument
            yield maximum, body
        for inner in _subpatterns(argument):
            yield from _repeats(inner)


def nested_quantifiers(source: str) -> list[str]:
    """Describe each quantifier (above one) whose body holds another quantifier (above one)."""
    parsed = _parser().parse(source, 0)
    return [
        f"a quantifier up to {maximum} around one up to {inner}"
        for maximum, body in _repeats(parsed)
        if maximum > 1
        for inner, _ in _repeats(body)
        if inner > 1
    ]


@pytest.mark.parametrize("source", SCANNER_PATTERNS.values(), ids=SCANNER_PATTERNS.keys())
def test_pattern_has_no_nested_quantifier(source: str) -> None:
    """No compiled pattern of the scanner nests a quantifier inside another."""
    expected: list[str] = []
    assert expected == nested_quantifiers(source)


@pytest.mark.parametrize(
    ("source", "nested"),
    [
        (r"(?:[A-Z][a-z]+ )+", True),
        (r"(a|b+)*", True),
        (r"(?:x(?:y\d+))*", True),
        (r"(?:\d{2}){3}", True),
        (r"\d{6}[-\u2013 ]?\d{4}", False),
        (r"(?:\.\d+)?", False),
        (r"(?<!\d)\d+(?!\d)", False),
        (r"[a-z]+@[a-z]+", False),
    ],
)
def test_nested_quantifier_check_sees_nesting(source: str, nested: bool) -> None:
    """The structural check tells nested quantifiers from sequential and optional ones."""
    assert nested == bool(nested_quantifiers(source))


def test_scanner_patterns_are_found() -> None:
    """The structural check sees the patterns of every detector."""
    detectors = {"cpr", "health", "personal"}
    assert detectors == {name.split(".")[0] for name in SCANNER_PATTERNS} & detectors
