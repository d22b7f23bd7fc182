"""Measurements in free text: a vital sign or a lab value by its short name, with its value.

Ward chat writes a measurement as a short name and a number: "sat 86", "K 6,2",
"Na 124", "BT 82/45", "RF 28", "crp 180", "pH 7,21", "vejer 41 kg". Most of
those names are no clinical term alone ("sat" is also "set", "K" a letter, "Na"
a name, "pH" the start of "ph.d."), so the lexicon leaves them out or holds them
only as their capitals write them; with a value right after them they are a
measurement. A measurement is evidence like a term: health data only when it is
linked to a person (:mod:`.clauses`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .shaping import ShapedText

__all__ = ["find_measurements"]

_NAMES = (
    "rf map bt bp rr temp puls hb hgb leuk leuko tromb trc crp bs inr gcs vas nrs"
    " fio2 pao2 pco2 po2 co2 etco2 ph krea egfr alat ck ldh tsh hct laktat vejer weighs"
)
"""Short names of vital signs and lab values, matched in any case: [NPU] and ward usage."""

_SATURATION = r"(?i:sat|spo2|sao2)\s*[:=]?\s*(?:[5-9][0-9]|100)(?![0-9])\s*%?"
"""Saturation, read only as a percentage from 50 to 100: "sat 86%", but not "har sat 2
stole frem"."""

_EXACT_NAMES = "K Na HR"
"""Short names that are measurements only written so: potassium, sodium, heart rate."""

_MEASUREMENT = re.compile(
    rf"(?<![\w.])(?:{_SATURATION}"
    rf"|(?:(?i:{'|'.join(_NAMES.split())})|{'|'.join(_EXACT_NAMES.split())})"
    r"(?:\s*[:=]\s*|\s+)(?:på\s+|of\s+)?[-+\u2212]?[0-9]+(?:[,.][0-9]+)?(?:/[0-9]+)?(?![\w,.]?[0-9]))"
)
"""A name and its value: "sat 86", "K: 6,2", "BT 82/45", "pH 7,21", "crp på 180"."""


def find_measurements(
    shaped: ShapedText, regions: Sequence[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """Return the spans of the measurements in ``shaped``, in order.

    With ``regions`` (sorted, not overlapping) only measurements starting in them
    are found. A text with no digit has none.
    """
    if shaped.shape.find(b"0") < 0:
        return []
    text = shaped.text
    found: list[tuple[int, int]] = []
    for low, high in [(0, len(text))] if regions is None else regions:
        found += [
            match.span()
            for match in _MEASUREMENT.finditer(text, low, min(len(text), high + _LONGEST_VALUE))
            if match.start() < high
        ]
    return found


_LONGEST_VALUE = 24
"""How far past a region's end a measurement starting in it may reach."""
