"""Tests for the shared byte forms of a text that the detectors search."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from onlinecompliance.scan.shaping import ShapedText

MARKED = {**dict.fromkeys("0123456789", "0"), **dict.fromkeys("PBHF", "\x02")}
MARKED |= {**dict.fromkeys("pbhf", "\x01"), "\u00a0": " ", "\x01": "?", "\x02": "?"}
"""The characters with a class of their own: digits, the cue leads, the no-break space,
and the control characters that would pass for the cue markers."""


def expected_class(char: str) -> str:
    """Say what ``char`` becomes in a shape, from ``str`` methods rather than tables."""
    if char in MARKED:
        return MARKED[char]
    if ord(char) > 0xFF:
        return "?"
    return "A" if char.isalpha() and char.isupper() else char


@given(st.text())
def test_every_character_has_its_class_at_its_offset(text: str) -> None:
    """One byte per character, so an offset in the shape is an offset in the text."""
    shaped = ShapedText(text)
    assert len(shaped.data) == len(shaped.shape) == len(text)
    assert "".join(map(expected_class, text)) == shaped.shape.decode("latin-1")


@given(st.text())
def test_data_is_the_text_in_latin_1(text: str) -> None:
    """The data holds every Latin-1 character as itself and any other as ``?``."""
    expected = "".join(char if ord(char) <= 0xFF else "?" for char in text)
    assert expected == ShapedText(text).data.decode("latin-1")


def test_repr_shows_only_the_length() -> None:
    """The text may hold a CPR number; the repr says how long it is, nothing more."""
    assert repr(ShapedText("Pt. 010190-1234")) == "<ShapedText of 15 characters>"
