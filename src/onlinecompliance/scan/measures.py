"""Measurements in free text: a vital sign or a lab value by its short name, with its value.

Ward chat writes a measurement as a short name and a number: "sat 86", "K 6,2",
"Na 124", "BT 82/45", "RF 28", "crp 180", "pH 7,21", "vejer 41 kg", "har tabt 6
kg". Most of those names are no clinical term alone ("sat" is also "set", "K" a
letter, "Na" a name, "pH" the start of "ph.d.", "tabt" is "lost"), so the lexicon
leaves them out or holds them only as their capitals write them; with a value
right after them they are a measurement. A measurement is evidence like a term:
health data only when it is linked to a person (:mod:`.clauses`).

Speed. Every CPR number is digits, so the search starts from the digits (runs of
``0`` in the text's shape, found in C) and reads the one word before each; a
pattern that tried every name at every character cost a CPR line a quarter more.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .shaping import ShapedText

__all__ = ["find_measurements"]

_SPACED_NAMES = """
    rf map bt bp rr temp puls hb hgb leuk leuko tromb trc crp bs inr gcs vas nrs rass fio2 pao2
    pco2 po2 co2 etco2 ph krea egfr alat ck ldh ldl tsh psa hct laktat fosfat ef
"""
_NAMES = frozenset(_SPACED_NAMES.split())
"""Short names of vital signs and lab values, in any case: [NPU] and ward usage."""

_EXACT_NAMES = frozenset({"K", "Na", "HR"})
"""Short names that are measurements only written so: potassium, sodium, heart rate."""

_SATURATION_NAMES = frozenset({"sat", "sats", "spo2", "sao2"})
"""Saturation: a percentage from 50 to 100 ("sat 86%", but not "har sat 2 stole frem")."""

_WEIGHT_NAMES = frozenset({"vejer", "weighs", "tabt", "lost"})
"""A weight or its loss, with "kg" after the value: "vejer 41 kg", "har tabt 6 kg"."""

_LOWER_CASE_NAMES = _NAMES | _SATURATION_NAMES | _WEIGHT_NAMES
"""The names read in any case, lower-cased: most words before a number are none."""

_SEPARATORS = " :=\u00a0"
"""What may stand between a name and its value: spaces, a colon, "=" ("K: 6,2", "crp=180")."""

_SIGNS = "-+\u2212"

_LINKS = frozenset({"på", "of"})
"""Words between a name and its value: "crp på 180", "weight of 41 kg"."""

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
            span = _measurement(text, cue.end() - 1)
            if span is not None:
                found.append(span)
            cue = _VALUE_CUE.search(shape, cue.end(), high)
    return found


def _measurement(text: str, value_start: int) -> tuple[int, int] | None:
    """Return the measurement whose value starts at ``value_start``, if a name comes before.

    The name is the word before the value, or before "på" or "of" there, with spaces,
    a colon or "=" between, and maybe a sign before the value ("BE -6").
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
    if lowered in _SATURATION_NAMES:
        if not 50 <= int(value[1]) <= 100:
            return None
        percent = _PERCENT.match(text, end)
        return start, end if percent is None else percent.end()
    if lowered in _WEIGHT_NAMES:
        kilograms = _KILOGRAMS.match(text, end)
        return None if kilograms is None else (start, kilograms.end())
    return start, end


def _last_word(head: str) -> str:
    """Return the letters and digits that end ``head``: "BT" of "(BT", "" of "(".

    Searching backwards from the end, ``re`` tries every start; this loop looks at
    the few characters of a name.
    """
    start = len(head)
    while start and head[start - 1].isalnum():
        start -= 1
    return head[start:]
