"""Find Danish CPR numbers, substitute numbers and eCPR numbers in free text.

A candidate is ``DDMMYY`` and four more characters (``SSSS`` for a CPR number,
digit-letter-letter-digit for an eCPR number), optionally split after the sixth
character by a hyphen, an en-dash, a space or a no-break space. Its birth date
must exist (the seventh character chooses the century) and must not lie after
``today``; otherwise it is no candidate at all.

Confidence model. Every candidate starts at LOW and is raised one step for each
piece of evidence, capped at HIGH:

* a separator after the date (people write CPR numbers as ``DDMMYY-SSSS``);
* a passing modulus 11 check (CPR numbers only; since 2007 a real number need
  not pass, so failing it never rejects);
* a positive keyword ("cpr", "personnummer", ...) at most 40 characters before
  the match or 20 characters after it.

Then it is lowered one step for each doubt: a negative context word ("ordre",
"faktura", "EAN", ...) in the same window, a substitute number (day + 60), an
eCPR number. A candidate lowered below LOW is not reported. So ``DDMMYY-SSSS``
alone is MEDIUM, and bare digits need modulus 11 or a keyword to reach MEDIUM.

The scan is one ``finditer`` over a pattern without nested quantifiers, and the
per-match work is bounded (a date, ten multiplications, two searches of a window
of about 70 characters), so the time is linear in the length of the text.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from typing import TYPE_CHECKING

from onlinecompliance.detection import Confidence, Detection, DetectionKind, mask

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["find_cpr_numbers"]

_CANDIDATE = re.compile(
    r"(?<!\d)"
    r"(?P<day>[0-9]{2})(?P<month>[0-9]{2})(?P<year>[0-9]{2})"
    r"(?P<separator>[-\u2013 \u00a0]?)"
    r"(?P<century>[0-9])"
    r"(?:(?P<serial>[0-9]{3})(?!\d)|[A-Za-z]{2}[0-9](?![^\W_]))"
)
"""A CPR candidate (``serial`` set) or an eCPR candidate (``serial`` is None).

The number's own characters are ASCII, but any Unicode digit next to it glues
(``\\d``). A CPR number may not touch another digit. An eCPR number may not
touch a letter or digit either (``[^\\W_]`` is a word character but no
underscore); the lookahead checks its end here and :func:`_is_glued` its start,
because one lookbehind cannot serve both kinds.
"""

_POSITIVE_KEYWORDS = ("cpr", "personnummer", "pers.nr", "født")
"""Words that announce a CPR number, matched anywhere ("cprnr", "CPR-nr.", "eCPR")."""

_NEGATIVE_WORDS = ("ordre", "faktura", "konto", "batch", "ean", "cvr")
"""Words that announce some other number, matched as whole words."""

_NEGATIVE_ABBREVIATIONS = ("rekv.", "reg.", "sagsnr.", "prøvenr.", "tlf.")
"""Abbreviations that announce some other number; the full stop ends them ("reg.nr")."""

_LETTER = r"[^\W\d_]"
"""A Unicode letter (a word character but no digit or underscore), so æ, ø, å count."""


def _first_letter_of(words: tuple[str, ...]) -> str:
    """Return a lookahead for the first letters of ``words``, to lead a pattern.

    A pattern that starts with a character set lets ``re`` skip the other
    characters of a window quickly instead of trying every word at each of
    them; on a window full of digits that is several times faster.
    """
    return f"(?=[{''.join(sorted({word[0] for word in words}))}])"


def _one_of(words: tuple[str, ...]) -> str:
    """Return a group that matches any of ``words`` literally."""
    return f"(?:{'|'.join(map(re.escape, words))})"


_POSITIVE = re.compile(
    _first_letter_of(_POSITIVE_KEYWORDS) + _one_of(_POSITIVE_KEYWORDS), re.IGNORECASE
)
"""Any positive keyword."""

_NEGATIVE = re.compile(
    _first_letter_of(_NEGATIVE_WORDS + _NEGATIVE_ABBREVIATIONS)
    + rf"(?<!{_LETTER})"
    + rf"(?:{_one_of(_NEGATIVE_WORDS)}(?!{_LETTER})|{_one_of(_NEGATIVE_ABBREVIATIONS)})",
    re.IGNORECASE,
)
"""Any negative word or abbreviation, not inside a longer word.

"ocean" and "øean" hold no "ean", while a label glued to its number
("EAN5701234567") still counts, as a digit does not continue a word.
"""

_BEFORE = 40
"""How many characters before a match the keyword window reaches."""

_AFTER = 20
"""How many characters after a match the keyword window reaches."""

_SUBSTITUTE_OFFSET = 60
"""A substitute number writes the day of birth plus this offset."""

_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
"""The modulus 11 weights of the ten CPR digits."""


def find_cpr_numbers(text: str, today: dt.date) -> Iterator[Detection]:
    """Yield every CPR, substitute and eCPR number in ``text`` in order of position.

    Detections of every confidence are yielded; the caller filters by its own
    minimum. A birth date after ``today`` is no CPR number.
    """
    for match in _CANDIDATE.finditer(text):
        start, end = match.span()
        kind = DetectionKind.ECPR if match["serial"] is None else DetectionKind.CPR
        if kind is DetectionKind.ECPR and _is_glued(text, start):
            continue
        day = int(match["day"])
        substitute = day > _SUBSTITUTE_OFFSET
        if substitute:
            day -= _SUBSTITUTE_OFFSET
        birth = _birth_date(day, int(match["month"]), int(match["year"]), int(match["century"]))
        if birth is None or birth > today:
            continue
        confidence = _confidence(text, match, kind, substitute)
        if confidence is not None:
            yield Detection(
                kind=kind, confidence=confidence, start=start, end=end, masked=mask(match[0])
            )


def _is_glued(text: str, start: int) -> bool:
    """Tell whether a letter or digit touches ``start`` from the left.

    An eCPR number inside a word is more likely a product code or a token than
    a person, so it is not a candidate.
    """
    return start > 0 and text[start - 1].isalnum()


def _birth_date(day: int, month: int, year: int, century_digit: int) -> dt.date | None:
    """Return the birth date, or None when no such day exists.

    The seventh digit says the century: 0-3 the 1900s; 4 and 9 the 2000s up to
    year 36, else the 1900s; 5-8 the 2000s up to year 57, else the 1800s.
    """
    if century_digit <= 3:
        century = 1900
    elif century_digit in {4, 9}:
        century = 2000 if year <= 36 else 1900
    else:
        century = 2000 if year <= 57 else 1800
    try:
        return dt.date(century + year, month, day)
    except ValueError:
        return None


def _confidence(
    text: str, match: re.Match[str], kind: DetectionKind, substitute: bool
) -> Confidence | None:
    """Weigh the evidence for and the doubts about one candidate.

    The raising steps are capped at HIGH before the lowering steps apply, so a
    doubt always costs a step, however much evidence there is.
    """
    start, end = match.span()
    steps = 0
    if match["separator"]:
        steps += 1
    if kind is DetectionKind.CPR and _passes_modulus_11(match):
        steps += 1
    if steps < Confidence.HIGH and _has_positive_keyword(text, start, end):
        steps += 1
    if _has_negative_word(text, start, end):
        steps -= 1
    if substitute:
        steps -= 1
    if kind is DetectionKind.ECPR:
        steps -= 1
    return Confidence(steps) if steps >= Confidence.LOW else None


def _passes_modulus_11(match: re.Match[str]) -> bool:
    """Tell whether the ten digits pass the pre-2007 modulus 11 check.

    Passing is evidence of a real number; failing is not evidence against one,
    because numbers issued since 2007 need not pass.
    """
    digits = "".join(match.group("day", "month", "year", "century", "serial"))
    weighted_sum: int = sum(map(operator.mul, _WEIGHTS, map(int, digits)))
    return weighted_sum % 11 == 0


def _has_positive_keyword(text: str, start: int, end: int) -> bool:
    """Tell whether a positive keyword lies wholly within the window around a match.

    The match itself starts and ends with a digit and holds at most two letters
    in a row, so no keyword can overlap it and one search covers both sides.
    """
    return _POSITIVE.search(text, max(0, start - _BEFORE), end + _AFTER) is not None


def _has_negative_word(text: str, start: int, end: int) -> bool:
    """Tell whether a negative word lies wholly within the window around a match.

    As for positive keywords, one search covers both sides. It runs one
    character past the window so that the whole-word check sees the real next
    character ("ordrer" is no "ordre"); a word ending past the window does not
    count.
    """
    window_end = end + _AFTER
    return any(
        word.end() <= window_end
        for word in _NEGATIVE.finditer(text, max(0, start - _BEFORE), window_end + 1)
    )
