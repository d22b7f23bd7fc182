"""Measurements in free text: a vital sign or a lab value by its short name, with its value.

Ward chat writes a measurement as a short name and a number: "sat 86", "K 6,2",
"Na 124", "BT 82/45", "RF 28", "crp 180", "pH 7,21", "vejer 41 kg", "har tabt 6
kg". Most of those names are no clinical term alone ("sat" is also "set", "K" a
letter, "Na" a name, "pH" the start of "ph.d.", "tabt" is "lost"), so the lexicon
leaves them out or holds them only as their capitals write them; with a value
right after them they are a measurement. A measurement is evidence like a term:
health data only when it is linked to a person (:mod:`.clauses`).

Where a name is also an everyday word, the value must look like its measurement:
a saturation is 50-100 ("har sat 2 stole frem" is none), a temperature 33-43
("temp 3 uger" is a temp's weeks), a weight is in kilograms; and after a
saturation or a weight no other noun may follow ("sat 80 stole", "tabt 5 kg
kaffe").

Speed. The search starts from what stands before a value (a space, a colon or
"=" before a digit, in the text's shape, found in C) and reads the one word
before it; a pattern that tried every name at every character cost a CPR line a
quarter more. The health detector reads measurements only in the stretch of a
named person.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .shaping import ShapedText

__all__ = ["find_measurements"]

_SPACED_NAMES = """
    rf map bt bp rr puls hb hgb leuk leuko tromb trc crp bs inr gcs vas nrs rass fio2 pao2
    pco2 po2 co2 etco2 ph krea egfr alat ck ldh ldl tsh psa hct laktat fosfat ef
"""
_NAMES = frozenset(_SPACED_NAMES.split())
"""Short names of vital signs and lab values, in any case: [NPU] and ward usage."""

_EXACT_NAMES = frozenset({"K", "Na"})
"""Short names that are measurements only written so: potassium, sodium."""

_TEMPERATURE_NAMES = frozenset({"temp"})
"""A temperature: 33-43 ("temp 38,9"), not a temp worker's weeks ("temp 3 uger")."""

_SATURATION_NAMES = frozenset({"sat", "sats", "spo2", "sao2"})
"""Saturation: a percentage from 50 to 100 ("sat 86%", but not "har sat 2 stole frem")."""

_WEIGHT_NAMES = frozenset({"vejer", "weighs", "tabt", "lost"})
"""A weight or its loss, with "kg" after the value: "vejer 41 kg", "har tabt 6 kg"."""

_LOWER_CASE_NAMES = _NAMES | _SATURATION_NAMES | _WEIGHT_NAMES | _TEMPERATURE_NAMES
"""The names read in any case, lower-cased: most words before a number are none."""

_SEPARATORS = " :=\u00a0"
"""What may stand between a name and its value: spaces, a colon, "=" ("K: 6,2", "crp=180")."""

_SIGNS = "-+\u2212"

_LINKS = frozenset({"på", "of"})
"""Words between a name and its value: "crp på 180", "sats of 94"."""

_RANGES = dict.fromkeys(_SATURATION_NAMES, (50, 100)) | dict.fromkeys(_TEMPERATURE_NAMES, (33, 43))
"""The whole part a saturation and a temperature have."""

_NEXT_WORD = re.compile(r"\s*([^\W\d_]+)")
_SPACED_WORDS_AFTER_A_VALUE = (
    "på paa i og med ved over siden efter kl on in and with at since after"
)
_WORDS_AFTER_A_VALUE = frozenset(_SPACED_WORDS_AFTER_A_VALUE.split())
"""Words that may follow a saturation or a weight: "sat 88 på 2 l", "tabt 6 kg på 2 mdr"."""

_VALUE = re.compile(r"([0-9]+)(?:[,.][0-9]+)?(?:/[0-9]+)?(?![\w,.]?[0-9])")
"""A value, its whole part in group 1: "124", "6,2", "7.21", "82/45"; not the start of a
longer number."""

_PERCENT = re.compile(r"\s*%")
_KILOGRAMS = re.compile(r"\s*kg(?!\w)")

_VALUE_CUE = re.compile(rb"[ :=][-+?]?0")
"""What stands before a value in a text's shape: a space, a colon or "=", maybe with a sign
(the minus sign is "?" in the shape). Before most digits (a CPR number's second group, a
time, a date) something else stands."""

_LONGEST_NAME = 16
"""How far before a value its name and what stands between are looked for."""


def find_measurements(
    shaped: ShapedText, regions: Sequence[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """Return the spans of the measurements in ``shaped``, in order.

    With ``regions`` (sorted, not overlapping) only measurements whose value
    starts in them are found.
    """
    shape = shaped.shape
    if shape.find(b"0") < 0:
        return []  # no digit, no value
    text = shaped.text
    found: list[tuple[int, int]] = []
    for low, high in [(0, len(text))] if regions is None else regions:
        cue = _VALUE_CUE.search(shape, max(0, low - 2), high)
        while cue is not None:
            value_start = cue.end() - 1
            span = _measurement(text, value_start) if value_start >= low else None
            if span is not None:
                found.append(span)
            cue = _VALUE_CUE.search(shape, cue.end(), high)
    return found


def _measurement(text: str, value_start: int) -> tuple[int, int] | None:
    """Return the measurement whose value starts at ``value_start``, if a name comes before.

    The name is the word before the value, or before "på" or "of" there, with spaces,
    a colon or "=" between, and maybe a sign before the value.
    """
    low = max(0, value_start - _LONGEST_NAME)
    head = text[low:value_start].rstrip(_SIGNS).rstrip(_SEPARATORS)
    word = _last_word(head)
    if word in _LINKS:
        head = head[: -len(word)].rstrip(_SEPARATORS)
        word = _last_word(head)
    lowered = word.lower()
    if lowered not in _LOWER_CASE_NAMES and word not in _EXACT_NAMES:
        return None  # most: "Borger 180172-1481", "kl 14"
    start = low + len(head) - len(word)
    value = _VALUE.match(text, value_start)
    if value is None or (start and (text[start - 1].isalnum() or text[start - 1] in "._")):
        return None  # no value, or a name that ends a longer word ("xBT", "a.K")
    end = value.end()
    bounds = _RANGES.get(lowered)
    if bounds is not None and not bounds[0] <= int(value[1]) <= bounds[1]:
        return None
    if lowered in _SATURATION_NAMES:
        percent = _PERCENT.match(text, end)
        end = end if percent is None else percent.end()
    elif lowered in _WEIGHT_NAMES:
        kilograms = _KILOGRAMS.match(text, end)
        if kilograms is None:
            return None
        end = kilograms.end()
    else:
        return start, end
    return (start, end) if _ends_its_phrase(text, end) else None


def _ends_its_phrase(text: str, end: int) -> bool:
    """Tell whether a saturation or a weight ending at ``end`` ends its phrase.

    Another noun after it makes the number a count of that: "sat 80 stole frem",
    "tabt 5 kg kaffe".
    """
    word = _NEXT_WORD.match(text, end)
    return word is None or word[1].lower() in _WORDS_AFTER_A_VALUE


def _last_word(head: str) -> str:
    """Return the letters and digits that end ``head``: "BT" of "(BT", "" of "(".

    Searching backwards from the end, ``re`` tries every start; this loop looks at
    the few characters of a name.
    """
    start = len(head)
    while start and head[start - 1].isalnum():
        start -= 1
    return head[start:]
