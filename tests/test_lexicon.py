"""The lexicon's search agrees with the regular expressions it replaced.

The clinical terms were found by two regular expressions, the terms factored as a
trie: one led by a space for the start of a word, one for the terms that also count
inside a word. A term in the name of a programme was recognised by a third, run
from the start of the hyphen-joined word that holds the term. An Aho-Corasick
automaton and a check once per hyphen-joined word now do that work in a fraction
of the time (and in time linear in the length of "KOL-KOL-KOL-..."); these
properties check on generated text that they find exactly what the expressions
found, which are kept here as the reference.
"""

from __future__ import annotations

import importlib.resources
import re
from typing import TYPE_CHECKING
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from onlinecompliance.scan import lexicon
from onlinecompliance.scan.shaping import ShapedText

if TYPE_CHECKING:
    from collections.abc import Iterable

# The private parts are what is tested: the new search against the patterns it replaced.
LEXICON = lexicon._lexicon()  # noqa: SLF001
TERMS = sorted(key.decode("latin-1") for key in LEXICON.terms)


def _inside_terms() -> list[str]:
    """Return the terms that also count inside a word ("*" entries), as lexical text."""
    source = importlib.resources.files("onlinecompliance.scan") / "data" / "clinical_terms.txt"
    entries = (line.split("#", 1)[0].strip() for line in source.read_text("utf-8").splitlines())
    return sorted(
        lexicon._lexical(entry[1:].removesuffix("=")).decode("latin-1")  # noqa: SLF001
        for entry in entries
        if entry.startswith("*")
    )


INSIDE = _inside_terms()

_Trie = dict[str, "_Trie"]


def trie(words: Iterable[str]) -> str:
    """Return a regular expression for ``words``, shaped as a trie.

    Alternatives share their prefixes (``diabet(?:es)?``), so the engine
    decides one character at a time instead of trying every word in turn, and
    the greedy optional tails make the longest word win.
    """
    root: _Trie = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


AT_WORD_START = re.compile(f" (?P<term>{trie(TERMS)})".encode("latin-1"))
INSIDE_A_WORD = re.compile(trie(INSIDE).encode("latin-1"))
"""The two patterns the automaton replaced, over lexical bytes."""

PROGRAMME_NAME = re.compile(
    r"[\w-]*(?:skole|skolen|café|caféen|cafe|cafeen|klinik|klinikken|forening|foreningen"
    r"|ambulatorium|ambulatoriet|center|centret|centeret|holdet|gruppe|gruppen|netværk"
    r"|netværket|afsnit|afsnittet|afdeling|afdelingen|team|teamet)(?!\w)",
    re.IGNORECASE,
)
"""The pattern of a programme's name that a check per hyphen-joined word replaced."""


def reference_hits(joined: bytes) -> list[tuple[int, bytes]]:
    """Find the terms in lexical bytes as the two regular expressions did."""
    hits = [(match.start("term"), match["term"]) for match in AT_WORD_START.finditer(joined)]
    inside = [
        (match.start(), match[0])
        for match in INSIDE_A_WORD.finditer(joined)
        if joined[match.start() - 1] != 0x20
    ]
    return sorted(hits + inside) if inside else hits


def reference_in_programme_name(text: str, start: int, end: int) -> bool:
    """Tell whether a term's word is in a programme's name, as the regular expression did."""
    while start and (text[start - 1].isalnum() or text[start - 1] == "-"):
        start -= 1
    match = PROGRAMME_NAME.match(text, start)
    return (match is not None and match.end() >= end) or (
        lexicon._ENGLISH_PROGRAMME.match(text, end) is not None  # noqa: SLF001
    )


def pieces_of_terms() -> st.SearchStrategy[str]:
    """Return whole terms, their beginnings and endings, and bits of other words."""
    term = st.sampled_from(TERMS)
    inside = st.sampled_from(INSIDE)
    return st.one_of(
        term,
        inside,
        term.flatmap(lambda word: st.integers(1, len(word)).map(lambda cut: word[:cut])),
        inside.flatmap(lambda word: st.integers(0, len(word) - 1).map(lambda cut: word[cut:])),
        st.sampled_from(["", " ", "  ", "en", "er", "s", "lunge", "bryst", "hjerte", "x", "9"]),
    )


@given(st.lists(st.tuples(pieces_of_terms(), st.sampled_from(["", " "])), max_size=12))
def test_automaton_finds_what_the_patterns_found(pieces: list[tuple[str, str]]) -> None:
    """Term starts and terms found by the automaton are those of the regular expressions."""
    joined = b" " + "".join(piece + space for piece, space in pieces).encode("latin-1")
    assert reference_hits(joined) == lexicon._hits(joined)  # noqa: SLF001


PROGRAMME_PIECES = (
    "KOL",
    "kol",
    "diabetes",
    "Diabetes",
    "astma",
    "skolen",
    "SKOLEN",
    "Skole",
    "\u017fkolen",  # a long s, which the pattern took for an s
    "\u212aLINIK",  # a Kelvin sign for the K
    "klin\u0131\u212a",  # a dotless i and a Kelvin sign at the end
    "KLIN\u0130K",  # a capital I with a dot
    "holdet",
    "café",
    "CAFÉEN",
    "teamet",
    "gruppe",
    "n",
    "-",
    "--",
    " ",
    "_",
    "1",
    ".",
    "İ",
    " School",
    " Team",
    "x",
)
"""Terms, programme endings in several spellings, and what joins or separates words."""


@given(st.lists(st.sampled_from(PROGRAMME_PIECES), max_size=14))
def test_programme_names_are_told_as_the_pattern_told_them(pieces: list[str]) -> None:
    """A term is dropped as part of a programme's name exactly where the pattern said so."""
    text = "".join(pieces)
    shaped = ShapedText(text)
    never = re.compile(r"(?!)")
    with (
        mock.patch.object(lexicon, "_programme_name_end", return_value=-1),
        mock.patch.object(lexicon, "_ENGLISH_PROGRAMME", never),
    ):
        every_term = lexicon.find_terms(shaped)
    expected = [span for span in every_term if not reference_in_programme_name(text, *span)]
    assert expected == lexicon.find_terms(shaped)


def test_the_case_folds_are_those_of_re() -> None:
    """Each character a programme ending ends with is, ignoring case, what ``re`` matches.

    Only where a word's last two characters are so is the pattern tried. Every
    character that a case touches, and Latin-1, is tried: another matches only itself.
    """
    tails = {char for ending in lexicon._PROGRAMME_ENDINGS for char in ending[-2:]}  # noqa: SLF001
    candidates = [
        char
        for char in map(chr, range(0x110000))
        if ord(char) < 0x100 or char.lower() != char or char.upper() != char
    ]
    for tail in sorted(tails):
        pattern = re.compile(re.escape(tail), re.IGNORECASE)
        expected = {char for char in candidates if pattern.fullmatch(char)}
        assert expected == set(lexicon._ignoring_case(tail)), tail  # noqa: SLF001
