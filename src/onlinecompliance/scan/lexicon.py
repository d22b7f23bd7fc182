"""The clinical vocabulary: which words in a text are clinical terms.

The terms live in ``data/clinical_terms.txt`` (its header describes the format
and names the sources) as stems, so that inflections and derivations match
without being listed: ``diabet`` matches diabetes, diabetiker and diabetisk;
``*kræft`` also matches inside compounds (lungekræften). A term found spans
the whole word that holds it, since that word is what a finding points at.

A term inside the name of a programme, a school or a clinic
("Diabetesskolen", "KOL-skolen", "Hjertecaféen") names no one's condition,
so it is no term here (the catalogue: "A condition named only inside a
programme, clinic or department name ... is not linked").

Speed. The text's Latin-1 bytes are turned in C into *lexical* bytes (every
letter lower-cased, everything but letters and digits a space), and one regular
expression, the terms factored as a trie and led by a space, finds every term
at the start of a word; a second, smaller one finds the few terms that also
count inside a word. With some 1,400 terms the two cost about ten microseconds
for a chat message, more than the rest of a check, so the health detector
searches only the stretches around the people a text mentions.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from typing import TYPE_CHECKING, NamedTuple

from .shaping import LOWER, UPPER

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from .shaping import ShapedText

__all__ = ["find_terms", "trie"]


def _latin1(chars: str) -> bytes:
    return chars.encode("latin-1")


_WORD_BYTES = frozenset(_latin1(UPPER + LOWER + "ßÿ0123456789"))
"""The bytes of letters and digits."""

_LEXICAL = bytes(
    byte if byte in _WORD_BYTES else 0x20
    for byte in bytes(range(256)).translate(bytes.maketrans(_latin1(UPPER), _latin1(LOWER)))
)
"""Lower-case every letter and turn everything but letters and digits into a space."""

_PROGRAMME_NAME = re.compile(
    r"[\w-]*(?:skole|skolen|café|caféen|cafe|cafeen|klinik|klinikken|forening|foreningen"
    r"|ambulatorium|ambulatoriet|center|centret|centeret|holdet|gruppe|gruppen|netværk"
    r"|netværket|afsnit|afsnittet|afdeling|afdelingen|team|teamet)(?!\w)",
    re.IGNORECASE,
)
"""A word (hyphens joined) that ends like the name of a programme, school or clinic."""


class _Term(NamedTuple):
    whole_word: bool
    """Only the whole word counts (``hiv=``)."""
    exact: str | None
    """The only spelling that counts, for a term written with capitals (``KOL``)."""
    exceptions: tuple[tuple[bytes, int], ...]
    """Longer words holding the term that are no terms, each with the term's
    offset in it (``kræfter``, 0; ``desinfektion``, 3)."""
    checked: bool
    """A match must be checked further: one of the above applies."""


class _Lexicon(NamedTuple):
    terms: dict[bytes, _Term]
    """Every term, lower-cased, as lexical bytes."""
    pattern: re.Pattern[bytes]
    """Any term at the start of a word, in lexical bytes."""
    inside: re.Pattern[bytes]
    """Any term that also counts inside a word (a compound), in lexical bytes."""


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


def _lexical(term: str) -> bytes:
    return _latin1(term).translate(_LEXICAL)


@functools.cache
def _lexicon() -> _Lexicon:
    """Read the bundled lexicon (its format is described at its top), on first use.

    Compiling the pattern of some 1,400 terms takes about 50 ms; a command that
    checks no text (``--help``, ``rules``, ``schema``) does not pay for it.
    """
    source = importlib.resources.files("onlinecompliance.scan") / "data" / "clinical_terms.txt"
    terms: dict[bytes, _Term] = {}
    inside: list[bytes] = []
    exceptions: list[bytes] = []
    for line in source.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        if entry.startswith("!"):
            exceptions.append(_lexical(entry[1:]))
            continue
        written = entry.removeprefix("*").removesuffix("=")
        key = _lexical(written)
        if entry.startswith("*"):
            inside.append(key)
        capitals = sum(char.isupper() for char in written)
        whole_word = entry.endswith("=")
        exact = written if capitals > 1 else None
        terms[key] = _Term(whole_word, exact, (), checked=whole_word or exact is not None)
    for key, term in terms.items():
        found = tuple((word, word.find(key)) for word in exceptions if key in word)
        if found:
            terms[key] = term._replace(exceptions=found, checked=True)
    pattern = re.compile(_latin1(f" (?P<term>{trie(key.decode('latin-1') for key in terms)})"))
    inside_pattern = re.compile(_latin1(trie(key.decode("latin-1") for key in inside)))
    return _Lexicon(terms, pattern, inside_pattern)


def find_terms(
    shaped: ShapedText, regions: Sequence[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """Return the spans of the words in ``shaped`` that hold a clinical term, in order.

    With ``regions`` (sorted, not overlapping) only those stretches are searched,
    each widened to whole words. A word is one span however many terms it holds;
    a term of two words ("grå stær") spans both.
    """
    data = shaped.data
    if regions is None:
        regions = [(0, len(data))]
    found: list[tuple[int, int]] = []
    for low, high in regions:
        start = data.rfind(b" ", 0, low) + 1
        end = data.find(b" ", high)
        found += _terms_in(shaped.text, data, start, len(data) if end < 0 else end)
    return found


def _terms_in(text: str, data: bytes, low: int, high: int) -> list[tuple[int, int]]:
    """Return the term words of ``data[low:high]``, as spans of the whole text."""
    joined = b" " + data[low:high].translate(_LEXICAL)
    hits = _hits(joined)
    if not hits:
        return []
    offset = low - 1  # ``joined`` has one space more in front
    terms = _lexicon().terms
    found: list[tuple[int, int]] = []
    word_start = word_end = found_in = -1
    for term_start, key in hits:
        term_end = term_start + len(key)
        if term_start >= word_end:  # a new word; else the same one as before
            word_start = joined.rfind(b" ", 0, term_start) + 1
            word_end = -1
        if word_end < term_end:  # a term of two words ends in the second
            word_end = joined.find(b" ", term_end)
            if word_end < 0:
                word_end = len(joined)
        if found_in == word_start:
            continue
        term = terms[key]
        written = text[term_start + offset : term_end + offset] if term.exact else ""
        if term.checked and not _counts(term, joined, term_start, term_end, written):
            continue
        found_in = word_start
        start, end = word_start + offset, word_end + offset
        if not _in_programme_name(text, start, end):
            found.append((start, end))
    return found


def _hits(joined: bytes) -> list[tuple[int, bytes]]:
    """Return where terms start in ``joined`` (lexical bytes) and which, in order.

    One search finds the terms at the start of a word (it is tried only after a
    space), another the few terms that also count inside a word.
    """
    lexicon = _lexicon()
    hits = [(match.start("term"), match["term"]) for match in lexicon.pattern.finditer(joined)]
    inside = [
        (match.start(), match[0])
        for match in lexicon.inside.finditer(joined)
        if joined[match.start() - 1] != 0x20  # at the start of a word the first search found it
    ]
    if inside:
        hits += inside
        hits.sort()
    return hits


def _counts(term: _Term, joined: bytes, start: int, end: int, written: str) -> bool:
    """Tell whether the term at ``start``-``end`` of ``joined``, ``written`` so, counts.

    A whole-word term must fill its word, a term with capitals must be written
    so in the text, and no exception may hold the term here.
    """
    if term.whole_word and not (
        joined[start - 1] == 0x20 and (end == len(joined) or joined[end] == 0x20)
    ):
        return False
    if term.exact is not None and written != term.exact:
        return False
    return not any(joined.startswith(word, start - at) for word, at in term.exceptions)


def _in_programme_name(text: str, start: int, end: int) -> bool:
    """Tell whether the word at ``start``-``end``, hyphens joined, names a programme.

    In English the programme is the next word: "the Diabetes School".
    """
    while start and (text[start - 1].isalnum() or text[start - 1] == "-"):
        start -= 1
    match = _PROGRAMME_NAME.match(text, start)
    return (match is not None and match.end() >= end) or (
        _ENGLISH_PROGRAMME.match(text, end) is not None
    )


_ENGLISH_PROGRAMME = re.compile(
    r" (?:School|Clinic|Café|Cafe|Group|Class|Course|Centre|Center|Team|Unit|Ward)(?!\w)"
)
