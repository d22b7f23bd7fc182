"""Diagnosis and medicine codes in free text: SKS, ICD-10 and ATC.

* An SKS diagnosis code (``DI21.9``, ``DE11``, ``DJ189``) is distinctive by its
  form: ``D``, the ICD-10 chapter letter, two digits, up to three more.
* A bare ICD-10 code (``I21.9``, ``E11``) is one only with a context word
  (diagnose, diag., dx, ICD) within 60 characters on the same line, and not
  after a place word ("lokale C12") nor glued to a word by a hyphen
  ("B12-vitamin").
* An ATC code of level 4 or 5 (``N02BE``, ``A10BA02``) names a medicine.

A code-shaped part of a longer token is no code: not glued to letters or
digits, nor to a hyphen and more ("DI2190-B", a product number), and not the
first group of an IBAN or a postcode (``DK89 1234 …``, ``DK2100``).

A code is clinical evidence like a term: health data only when linked to a
person (:mod:`.clauses`). The search runs only on a text whose shape holds a
capital (``A``, or the marker the shape gives a capital P, B, H or F) followed by
two digits.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .shaping import ShapedText

__all__ = ["find_codes"]

_NOT_GLUED = r"(?![^\W_]|-[^\W_])"

_CODE = re.compile(
    r"(?<![^\W_])(?:"
    rf"(?P<sks>D[A-Z][0-9]{{2}}(?:\.?[0-9A-Z]{{1,3}})?){_NOT_GLUED}"
    rf"|(?P<atc>[ABCDGHJLMNPRSV][0-9]{{2}}[A-Z]{{2}}(?:[0-9]{{2}})?){_NOT_GLUED}"
    rf"|(?P<icd>[A-Z][0-9]{{2}}(?:\.[0-9A-Z]{{1,4}})?){_NOT_GLUED}"
    r")"
)
"""Any code: an SKS diagnosis code, an ATC code, or a bare ICD-10 code."""

_NOT_A_CODE_AFTER = re.compile(r"DK[0-9]{2}(?: ?[0-9]{4}|[0-9]{2}(?![0-9]))")
"""An IBAN's first group (DK89 1234) or a postcode with its country (DK2100)."""

_ICD_CONTEXT = re.compile(r"(?i:diag\w*|icd|(?<!\w)dx(?!\w))")
"""A word that makes a bare ICD-10 code a diagnosis."""

_PLACE_WORD = re.compile(
    r"(?<!\w)(?i:afsnit|afd|afdeling|stue|stuen|lokale|lokalet|rum|seng|etage|plan|bygning|opgang"
    r"|indgang|gang|kl|uge|nr|sal|fløj|modul|ambulatorium|klinik|rute|bus|linje|vitamin)"
    r"\.?\s*\Z"
)
"""Words after which a letter and digits are a place, a time or a vitamin (lokale C12)."""

_REACH = 60
"""How far from a bare ICD-10 code its context word may be."""

_LONGEST_CODE = 8
"""How far past a region's end a code starting in it may reach (``DZ038A``, ``A10BA02``)."""


def find_codes(
    shaped: ShapedText, regions: Sequence[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """Return the spans of the diagnosis and ATC codes in ``shaped``, in order.

    With ``regions`` (sorted, not overlapping) only codes starting in them are found.
    """
    shape = shaped.shape
    if shape.find(b"A00") < 0 and shape.find(b"\x0200") < 0:
        return []  # most chat messages
    text = shaped.text
    found: list[tuple[int, int]] = []
    for low, high in [(0, len(text))] if regions is None else regions:
        found += _codes_in(text, low, high)
    return found


def _codes_in(text: str, low: int, high: int) -> list[tuple[int, int]]:
    """Return the codes starting in ``text[low:high]``.

    A loop of searches finds what ``finditer`` would (no code is empty), at a fraction
    of its cost on a chat message, for which ``finditer`` sets up an iterator.
    """
    found = []
    # Room past the region for a code starting in it, and for the lookahead after it.
    stop = min(len(text), high + _LONGEST_CODE + 2)
    code = _CODE.search(text, low, stop)
    while code is not None and code.start() < high:
        start, end = code.span()
        if code["sks"] is not None:
            if _NOT_A_CODE_AFTER.match(text, start) is None:
                found.append((start, end))
        elif code["atc"] is not None or (
            _PLACE_WORD.search(text, max(0, start - 16), start) is None
            and _has_context(text, start, end)
        ):
            found.append((start, end))
        code = _CODE.search(text, end, stop)
    return found


def _has_context(text: str, start: int, end: int) -> bool:
    """Tell whether a context word (diagnose, dx, ICD) lies near a bare code, on its line."""
    low = max(0, start - _REACH)
    line_start = text.rfind("\n", low, start) + 1
    line_end = text.find("\n", end, end + _REACH)
    high = end + _REACH if line_end < 0 else line_end
    return (
        _ICD_CONTEXT.search(text[max(low, line_start) : start] + " " + text[end:high]) is not None
    )
