r"""Find Danish CPR numbers, substitute numbers and eCPR numbers in free text.

A candidate is ``DDMMYY`` and four more characters (``SSSS`` for a CPR number,
digit-letter-letter-digit for an eCPR number), optionally split after the sixth
character by a hyphen or another dash (en-dash, em-dash, minus sign, ...: the
ones word processors put in), a space or a no-break space. Its birth date
must exist (the seventh character chooses the century) and must not lie after
``today``; otherwise it is no candidate at all.

Confidence model. Every candidate starts at LOW and is raised one step for each
piece of evidence, capped at HIGH:

* a separator after the date (people write CPR numbers as ``DDMMYY-SSSS``);
* a passing modulus 11 check (CPR numbers only; since 2007 a real number need
  not pass, so failing it never rejects);
* a positive keyword ("cpr", "personnummer", "pt.", "patient", "borger", ...)
  at most 40 characters before the match or 20 characters after it.

Then it is lowered one step for each doubt: a negative context word ("ordre",
"faktura", "EAN", ...) in the same window, a substitute number (day + 60), an
eCPR number. A candidate lowered below LOW is not reported. So ``DDMMYY-SSSS``
alone is MEDIUM, and bare digits need modulus 11 or a keyword to reach MEDIUM.

Words are told apart by letters, as :meth:`str.isalpha` knows them, so æ, ø
and å are letters: "øean" holds no "ean" and "patienten" starts with "patient".

Speed. The text's shape (:mod:`.shaping`, where every ASCII digit is ``0``) is
searched for six zeros, a literal that the engine skips to in C, and each hit is
confirmed by matching the candidate pattern on the text at that place. On chat
text the search costs less than a tenth of a bare ``re.finditer(r"\d{10}")``
pass over the text (the shape itself, shared with the other detectors, costs
about twice as much), where the candidate pattern searched over the text itself
costs twice that pass with ``re`` and a quarter of it with the faster ``regex``
package, which the scanner therefore does not need. The per-match work is
bounded and small: the date and century come from lookup tables, modulus 11 is
ten multiplications (skipped once it cannot matter), and the keyword window
(about 70 characters) is lower-cased and searched once for every keyword, a
whole-word check running only on a hit. So the time is linear in the length of
the text, at a few microseconds per candidate. A text with fewer than eight
ASCII digits (most chat messages), counted in C in the shape, is not searched.
"""

from __future__ import annotations

import calendar
import enum
import re
from typing import TYPE_CHECKING, NamedTuple

from .detection import DASHES, Confidence, Detection, DetectionKind
from .shaping import ShapedText

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Iterator

__all__ = ["find_cpr_numbers", "holds_candidate"]

_CANDIDATE = re.compile(
    rf"(?<!\d)[0-9]{{6}}[-{DASHES} \u00a0]?[0-9]"
    r"(?:[0-9]{3}(?!\d)|[A-Za-z]{2}[0-9](?![^\W_]))"
)
"""A CPR candidate (the last four characters digits) or an eCPR candidate.

The number's own characters are ASCII, but any Unicode digit next to it glues
(``\\d``). A CPR number may not touch another digit. An eCPR number may not
touch a letter or a number either (``[^\\W_]``, any Unicode letter or number);
the lookahead checks its end here and :func:`_is_glued` its start, because one
lookbehind cannot serve both kinds.
"""

_LETTER_OR_NUMBER = "0-9A-Za-z\x01\x02\xaa\xb2\xb3\xb5\xb9\xba\xbc-\xbe\xdf-\xf6\xf8-\xff"
"""The bytes of a shape that stand for a Latin-1 letter or number (the shape
makes every capital ``A``)."""

_SHAPED_CANDIDATE = re.compile(
    rb"000000(?<!0000000)[- ?]?0(?:000(?!0)|[A-Za-z\x01\x02]{2}0(?![%s]))"
    % _LETTER_OR_NUMBER.encode("latin-1")
)
"""Where :data:`_CANDIDATE` may match, in a text's shape.

It begins with a literal, so the engine skips from one run of six digits to
the next; the separator ``?`` stands for a dash (or any character beyond
Latin-1). The lookarounds make sure that a hit the text then rejects cannot
hide a candidate that overlaps it, so every match of :data:`_CANDIDATE` starts
at one of these hits.
"""

_ANYWHERE_KEYWORDS = (
    "cpr",
    "personnummer",
    "personnr",
    "pers.nr",
    "pers. nr",
    "født",
    "patient",
    "borger",
)
"""Positive keywords matched anywhere: "cprnr", "CPR-nr.", "eCPR", "patientens", "nyfødt"."""

_WHOLE_WORD_KEYWORDS = ("pt",)
"""Positive keywords matched as whole words only: "Pt.", "pt:" and "pt " but not "script"."""

_NEGATIVE_WORDS = ("ordre", "faktura", "konto", "batch", "ean", "cvr")
"""Words that announce some other number, matched as whole words."""

_NEGATIVE_ABBREVIATIONS = ("rekv.", "reg.", "sagsnr.", "prøvenr.", "tlf.")
"""Abbreviations that announce some other number; the full stop ends them ("reg.nr.")."""


class _Role(enum.Enum):
    """What a keyword in the window says about a candidate."""

    ANYWHERE = enum.auto()
    """A positive keyword, counted inside a longer word too."""
    WHOLE_WORD = enum.auto()
    """A positive keyword, counted only as a whole word."""
    NEGATIVE_WORD = enum.auto()
    """A negative word, counted only as a whole word."""
    NEGATIVE_ABBREVIATION = enum.auto()
    """A negative abbreviation, counted only at the start of a word."""


_ROLES = {
    **dict.fromkeys(_ANYWHERE_KEYWORDS, _Role.ANYWHERE),
    **dict.fromkeys(_WHOLE_WORD_KEYWORDS, _Role.WHOLE_WORD),
    **dict.fromkeys(_NEGATIVE_WORDS, _Role.NEGATIVE_WORD),
    **dict.fromkeys(_NEGATIVE_ABBREVIATIONS, _Role.NEGATIVE_ABBREVIATION),
}
"""Every keyword, lower-case, and its role."""


def _trie(words: Iterable[str]) -> list[str]:
    """Return the alternatives of a pattern matching any of ``words``, factored as a trie.

    "pt", "patient" and "prøvenr." make one alternative, ``p`` followed by a
    group of three continuations: at each character ``re`` then tries one branch
    per distinct next letter instead of one per word. A word that is a prefix of
    another comes last, so the longer wins. The result has groups but no
    quantifiers.
    """
    branches: dict[str, list[str]] = {}
    for word in words:
        branches.setdefault(word[:1], []).append(word[1:])
    alternatives = []
    for first, rests in sorted(branches.items()):
        if first:
            inner = _trie(rests)
            alternatives.append(
                re.escape(first) + (inner[0] if len(inner) == 1 else f"(?:{'|'.join(inner)})")
            )
    if "" in branches:
        alternatives.append("")
    return alternatives


_KEYWORD = re.compile("|".join(_trie(_ROLES)))
"""Any keyword, in a lower-cased window.

An alternation of lower-case literals lets ``re`` skip the characters no
keyword starts with, several times faster than a case-insensitive pattern with
word-boundary lookarounds; the boundaries are checked afterwards, on the hits.
Hits do not overlap, but no hit can hide a keyword that would count: a keyword
that can begin inside another ("cpreg.") is one that must start a word, and
there a letter comes before it.
"""

_BEFORE = 40
"""How many characters before a match the keyword window reaches."""

_AFTER = 20
"""How many characters after a match the keyword window reaches."""

_SUBSTITUTE_OFFSET = 60
"""A substitute number writes the day of birth plus this offset."""

_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
"""The modulus 11 weights of the ten CPR digits."""

_ZERO_WEIGHT = ord("0") * sum(_WEIGHTS)
"""What the weighted sum of ten character codes holds beyond that of the digits."""

_LEVELS = (Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)
"""The confidence of each number of steps, without calling the enum."""

_MASKS = {
    "": "XXXXXXXXXX",
    "-": "XXXXXX-XXXX",
    **dict.fromkeys(DASHES, "XXXXXX-XXXX"),
    " ": "XXXXXX XXXX",
    "\u00a0": "XXXXXX XXXX",
}
"""The masked shape of a number by its separator, as :func:`~.detection.mask` spells it."""

_LEAP_DAY = 229
"""29 February as ``month * 100 + day``: it exists only in leap years."""


def _month_days() -> dict[str, int]:
    """Map ``DDMM`` (the day plus 60 too) to ``month * 100 + day`` for every day of a leap year."""
    table: dict[str, int] = {}
    for month in range(1, 13):
        for day in range(1, calendar.monthrange(2000, month)[1] + 1):
            for written_day in (day, day + _SUBSTITUTE_OFFSET):
                table[f"{written_day:02d}{month:02d}"] = month * 100 + day
    return table


def _full_years() -> dict[str, int]:
    """Map ``YY`` and the seventh digit (``YYC``) to the year of birth.

    The seventh digit says the century: 0-3 the 1900s; 4 and 9 the 2000s up to
    year 36, else the 1900s; 5-8 the 2000s up to year 57, else the 1800s.
    """
    table: dict[str, int] = {}
    for year in range(100):
        for century_digit in range(10):
            if century_digit <= 3:
                century = 1900
            elif century_digit in {4, 9}:
                century = 2000 if year <= 36 else 1900
            else:
                century = 2000 if year <= 57 else 1800
            table[f"{year:02d}{century_digit}"] = century + year
    return table


_FEWEST_DIGITS = 8
"""An eCPR number has eight digits, a CPR number ten: a text with fewer has none."""

_MONTH_DAYS = _month_days()
_FULL_YEARS = _full_years()


def find_cpr_numbers(text: str | ShapedText, today: dt.date) -> Iterator[Detection]:
    """Yield every CPR, substitute and eCPR number in ``text`` in order of position.

    Detections of every confidence are yielded; the caller filters by its own
    minimum. A birth date after ``today`` is no CPR number. A caller that runs
    several detectors over one text passes it shaped (:class:`.ShapedText`).
    """
    shaped = text if isinstance(text, ShapedText) else ShapedText(text)
    if shaped.shape.count(b"0") < _FEWEST_DIGITS:
        return iter(())  # most chat messages
    return _find(shaped, today)


def holds_candidate(text: str, today: dt.date) -> bool:
    """Tell whether ``text`` holds a CPR, substitute or eCPR candidate, whatever its confidence.

    A candidate is a number of the right form with a date that exists and does
    not lie after ``today``, before any context word raises or lowers it; the
    masking of printed values (:mod:`.redact`) takes every candidate as personal.
    """
    if _CANDIDATE.search(text) is None:  # most ids: no number of the right form at all
        return False
    return next(_candidates(ShapedText(text), today), None) is not None


class _Candidate(NamedTuple):
    """A number of the right form and a real date, before its context is read."""

    start: int
    end: int
    separator: str
    digits: str
    ecpr: bool


def _candidates(shaped: ShapedText, today: dt.date) -> Iterator[_Candidate]:
    """Yield the numbers of the right form whose date exists and is not after ``today``."""
    text = shaped.text
    confirm = _CANDIDATE.match
    latest = today.year * 10_000 + today.month * 100 + today.day
    for hit in _SHAPED_CANDIDATE.finditer(shaped.shape):
        match = confirm(text, hit.start())
        if match is None:
            continue
        written = match[0]
        start = hit.start()
        if len(written) == 11:
            separator = written[6]
            digits = written[:6] + written[7:]
        else:
            separator = ""
            digits = written
        ecpr = digits[8] > "9"  # a letter where a CPR number has a digit
        if ecpr and _is_glued(text, start):
            continue
        month_day = _MONTH_DAYS.get(digits[:4])
        if month_day is None:
            continue
        year = _FULL_YEARS[digits[4:7]]
        if year * 10_000 + month_day > latest or (
            month_day == _LEAP_DAY and not calendar.isleap(year)
        ):
            continue
        yield _Candidate(start, start + len(written), separator, digits, ecpr)


def _find(shaped: ShapedText, today: dt.date) -> Iterator[Detection]:
    """Yield the numbers of :func:`find_cpr_numbers`: candidates rated by their context."""
    text = shaped.text
    for start, end, separator, digits, ecpr in _candidates(shaped, today):
        positive, negative = _context(text, start, end, ecpr=ecpr)
        steps = positive + (1 if separator else 0)
        if steps < Confidence.HIGH and not ecpr and _passes_modulus_11(digits):
            steps += 1  # modulus 11 last: it cannot raise past the cap
        steps -= negative + ecpr + (digits[0] > "5")  # the day of a substitute is 61-91
        if steps >= Confidence.LOW:
            yield Detection(
                DetectionKind.ECPR if ecpr else DetectionKind.CPR,
                _LEVELS[steps],
                start,
                end,
                _MASKS[separator],
            )


def _is_glued(text: str, start: int) -> bool:
    """Tell whether a letter or digit touches ``start`` from the left.

    An eCPR number inside a word is more likely a product code or a token than
    a person, so it is not a candidate.
    """
    return start > 0 and text[start - 1].isalnum()


def _passes_modulus_11(digits: str) -> bool:
    """Tell whether ten digits pass the pre-2007 modulus 11 check.

    Passing is evidence of a real number; failing is not evidence against one,
    because numbers issued since 2007 need not pass. The digits are ASCII, so
    their UTF-8 bytes are their character codes.
    """
    code = digits.encode()
    weighted_sum = (
        4 * code[0]
        + 3 * code[1]
        + 2 * code[2]
        + 7 * code[3]
        + 6 * code[4]
        + 5 * code[5]
        + 4 * code[6]
        + 3 * code[7]
        + 2 * code[8]
        + code[9]
    )
    return (weighted_sum - _ZERO_WEIGHT) % 11 == 0


def _context(text: str, start: int, end: int, *, ecpr: bool) -> tuple[int, int]:
    """Tell (1 or 0) whether a positive and a negative keyword lie within a match's window.

    The window reaches 40 characters before the match and 20 after it; a word
    counts only if it lies wholly within. The window is lower-cased once (a
    dotted capital I, the one character whose lower case is longer, is taken as
    "i" so that offsets stay put) and searched once for every keyword; a whole
    word is then checked against the real text around it, so "ordrer" ending
    past the window is no "ordre". The letters of an eCPR number are blanked
    first: its "PT" is no keyword.
    """
    low = start - _BEFORE if start > _BEFORE else 0
    window = text[low : end + _AFTER]
    lowered = window.lower()
    if len(lowered) != len(window):
        lowered = window.replace("\u0130", "i").lower()
    if ecpr:
        lowered = f"{lowered[: start - low]}{'#' * (end - start)}{lowered[end - low :]}"
    positive = negative = 0
    for word in _KEYWORD.findall(lowered):
        role = _ROLES[word]
        if role is _Role.ANYWHERE:
            positive = 1
        elif role is _Role.WHOLE_WORD:
            if not positive and _is_whole_word(text, lowered, low, word, whole=True):
                positive = 1
        elif not negative and _is_whole_word(
            text, lowered, low, word, whole=role is _Role.NEGATIVE_WORD
        ):
            negative = 1
    return positive, negative


def _is_whole_word(text: str, lowered: str, offset: int, word: str, *, whole: bool) -> bool:
    """Tell whether ``word`` starts a word in ``lowered``.

    ``lowered`` is ``text`` from ``offset`` on, lower-cased. A letter may not
    come before the word, nor after it when ``whole`` is set; the letters are
    looked for in ``text``, so the window's edges do not cut a word short.
    """
    found = lowered.find(word)
    while found >= 0:
        at = offset + found
        after = at + len(word)
        if not text[at - 1 : at].isalpha() and not (whole and text[after : after + 1].isalpha()):
            return True
        found = lowered.find(word, found + 1)
    return False
