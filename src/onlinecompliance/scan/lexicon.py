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
letter lower-cased, everything but letters and digits a space), and one
Aho-Corasick automaton (``pyahocorasick``) finds, in one pass in C, every term
after a space (at the start of a word) and the few terms that also count inside
a word. With some 1,400 terms that pass costs a fifth of what the two regular
expressions it replaced did (the terms factored as a trie: at every word the
engine tried the branches of the trie's root, walking a large compiled pattern),
and half with the sorting of its overlapping matches (:func:`_hits`), about two
microseconds for a chat message. The health detector still searches only the
stretches around the people a text mentions.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from typing import TYPE_CHECKING, Any, NamedTuple

import ahocorasick

from .shaping import LOWER, UPPER

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .shaping import ShapedText

__all__ = ["find_terms"]


def _latin1(chars: str) -> bytes:
    return chars.encode("latin-1")


_WORD_BYTES = frozenset(_latin1(UPPER + LOWER + "ßÿ0123456789"))
"""The bytes of letters and digits."""

_LEXICAL = bytes(
    byte if byte in _WORD_BYTES else 0x20
    for byte in bytes(range(256)).translate(bytes.maketrans(_latin1(UPPER), _latin1(LOWER)))
)
"""Lower-case every letter and turn everything but letters and digits into a space."""

_PROGRAMME_ENDINGS = (
    "skole",
    "skolen",
    "café",
    "caféen",
    "cafe",
    "cafeen",
    "klinik",
    "klinikken",
    "forening",
    "foreningen",
    "ambulatorium",
    "ambulatoriet",
    "center",
    "centret",
    "centeret",
    "holdet",
    "gruppe",
    "gruppen",
    "netværk",
    "netværket",
    "afsnit",
    "afsnittet",
    "afdeling",
    "afdelingen",
    "team",
    "teamet",
    "reception",
    "receptionen",
)
"""How the name of a programme, school, clinic or desk ends (Diabetesskolen, KOL-holdet,
røntgen-receptionen)."""

_PROGRAMME_ENDING = re.compile(
    "|".join(f"(?<={ending})" for ending in _PROGRAMME_ENDINGS), re.IGNORECASE
)
"""A programme's ending right before where it is matched: each ending is compared
once, backwards from there, which costs a tenth of searching for one."""

_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
"""What ``re`` also takes for a small letter when it ignores case, beyond its capital:
capital I with a dot and dotless i for i, the Kelvin sign for k, long s for s."""


def _ignoring_case(char: str) -> str:
    """Return the characters that ``re`` takes for the small letter ``char`` ignoring case."""
    return char + char.upper() + _FOLDS.get(char, "")


_PROGRAMME_TAILS = frozenset(
    first + second
    for ending in _PROGRAMME_ENDINGS
    for first in _ignoring_case(ending[-2])
    for second in _ignoring_case(ending[-1])
)
"""The last two characters of the programme endings, written in any case: only where a
word ends so is :data:`_PROGRAMME_ENDING` tried (most words with a term end otherwise)."""

_NOT_IN_A_WORD = re.compile(r"[^\w-]")
"""What ends a word and the words hyphen-joined to it ("KOL-skolen")."""


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
    automaton: Any  # ahocorasick.Automaton, which has no type information
    """Every term led by a space, and each term that also counts inside a word (a
    compound) as it is, in lexical bytes decoded as Latin-1; each reports
    ``(inside_a_word, term)``."""


def _lexical(term: str) -> bytes:
    return _latin1(term).translate(_LEXICAL)


@functools.cache
def _lexicon() -> _Lexicon:
    """Read the bundled lexicon (its format is described at its top), on first use.

    Building the automaton of some 1,400 terms takes a few milliseconds; a command
    that checks no text (``--help``, ``rules``, ``schema``) does not pay for it.
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
    automaton = ahocorasick.Automaton()
    for key in terms:
        automaton.add_word(f" {key.decode('latin-1')}", (False, key))
    for key in inside:
        automaton.add_word(key.decode("latin-1"), (True, key))
    automaton.make_automaton()
    return _Lexicon(terms, automaton)


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
    hyphenated_end = named_until = -1  # see _programme_name_end
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
        if start >= hyphenated_end:  # not hyphen-joined to the word before
            after = _NOT_IN_A_WORD.search(text, start)
            hyphenated_end = len(text) if after is None else after.start()
            named_until = _programme_name_end(text, end, hyphenated_end)
        if named_until < end and _ENGLISH_PROGRAMME.match(text, end) is None:
            found.append((start, end))
    return found


def _hits(joined: bytes) -> list[tuple[int, bytes]]:
    """Return where terms start in ``joined`` (lexical bytes) and which, in order.

    The automaton reports every term that ends at each place, overlapping ones
    too. Kept is what a search by regular expressions finds: at the start of a
    word the longest term, and inside a word the longest of the terms that count
    there, each not overlapping the one kept before it (``tests/test_lexicon.py``
    checks the two against each other). At the start of a word the first kind
    finds what the second would.
    """
    found = list(_lexicon().automaton.iter(joined.decode("latin-1")))
    if len(found) < 2:  # most stretches: one term or none, and nothing to choose between
        if not found:
            return []
        last, (inside, key) = found[0]
        start = last + 1 - len(key)
        return [] if inside and joined[start - 1] == 0x20 else [(start, key)]
    at_word_starts: dict[int, bytes] = {}
    inside_words: dict[int, bytes] = {}
    for last, (inside, key) in found:
        # A longer term from the same start ends later, so it is reported later and stays.
        (inside_words if inside else at_word_starts)[last + 1 - len(key)] = key
    hits = _leftmost_longest(at_word_starts, space_before=True)
    if inside_words:
        hits += [
            (start, key)
            for start, key in _leftmost_longest(inside_words, space_before=False)
            if joined[start - 1] != 0x20
        ]
        hits.sort()
    return hits


def _leftmost_longest(found: dict[int, bytes], *, space_before: bool) -> list[tuple[int, bytes]]:
    """Return the terms of ``found`` (the longest at each start) that a search would match.

    From the left, each term not overlapping the one matched before; with
    ``space_before`` the space before a term is part of its match.
    """
    kept = []
    free = 0
    for start in sorted(found):
        if start - space_before >= free:
            key = found[start]
            kept.append((start, key))
            free = start + len(key)
    return kept


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
    exceptions = term.exceptions
    return not (exceptions and any(joined.startswith(word, start - at) for word, at in exceptions))


def _programme_name_end(text: str, low: int, high: int) -> int:
    """Return the last place in ``low``-``high`` where a hyphen-joined word ends like a programme.

    ``high`` is where the word that holds a term, with the words hyphen-joined to
    it, ends: "Diabetesskolen", "KOL-skolen", "KOL-holdet-Nord". A term that ends
    at or before the place returned is in a programme's name; -1 says no place.
    The caller asks once for each hyphen-joined word, however many terms it
    holds, so "KOL-KOL-KOL-..." costs time linear in its length.
    """
    end = high
    while end >= low:
        if (
            text[max(0, end - 2) : end] in _PROGRAMME_TAILS
            and _PROGRAMME_ENDING.match(text, end) is not None
        ):
            return end
        end = text.rfind("-", low, end)
    return -1


_ENGLISH_PROGRAMME = re.compile(
    r" (?:School|Clinic|Café|Cafe|Group|Class|Course|Centre|Center|Team|Unit|Ward)(?!\w)"
)
"""In English the programme is the next word: "the Diabetes School"."""
