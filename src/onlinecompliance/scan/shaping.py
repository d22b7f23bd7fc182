"""A text in the byte forms the detectors search, made once and shared by all three.

Python's regular expressions are fastest when a pattern begins with a literal:
the engine then skips from one occurrence to the next in C instead of trying
the pattern at every character. So the detectors do not search the text itself
but its *shape*, where each character is replaced by its class and the things
they look for begin with one literal byte:

* every ASCII digit is ``0``: CPR and phone numbers are runs of ``0``;
* every capital letter is ``A``: names and codes start with one;
* the first letters of the patient cues (patient, pt, borgeren, hr, fru) are
  the marker bytes 1 (small p, b, h, f) and 2 (capital P, B, H, F), so that the
  cue search stops only at words that may be cues;
* a no-break space is a space;
* the control characters 1 and 2, which would pass for the markers, are ``?``;
* everything else is itself.

Before the shape the text is encoded to Latin-1, one byte per character, so an
offset in the bytes is an offset in the text; a character beyond Latin-1 (an
en-dash, an emoji) becomes ``?``. Both steps run in C, at a small fraction of
the cost of one regular expression pass. What a search of the shape finds is a
candidate; the detectors confirm it on the text, which has the real characters.
"""

from __future__ import annotations

from typing import Final, final

__all__ = ["LOWER", "SHAPE", "UPPER", "ShapedText"]

UPPER: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ"
"""The Latin-1 capital letters."""

LOWER: Final = "abcdefghijklmnopqrstuvwxyzàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþ"
"""The Latin-1 small letters, paired with :data:`UPPER`."""

_DIGITS = "0123456789"

_CUE_LEADS = "pbhf"
"""The first letters of the patient cues (patient, pt, borgeren, hr, fru)."""

SHAPE: Final = bytes.maketrans(
    (UPPER + _DIGITS + _CUE_LEADS + _CUE_LEADS.upper() + "\xa0\x01\x02").encode("latin-1"),
    b"A" * len(UPPER) + b"0" * len(_DIGITS) + b"\x01" * 4 + b"\x02" * 4 + b" ??",
)
"""The ``bytes.translate`` table from a text's Latin-1 bytes to its shape."""


@final
class ShapedText:
    """A text with its Latin-1 bytes and its shape; see the module's docs.

    Make one and hand it to every detector, so that the bytes are made once
    per scan rather than once per detector; each detector also takes a plain
    string and shapes it itself.
    """

    __slots__ = ("data", "shape", "text")

    text: str
    """The text itself."""
    data: bytes
    """The text in Latin-1, ``?`` for every character beyond it."""
    shape: bytes
    """``data`` with every character replaced by its class."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode("latin-1", "replace")
        self.shape = self.data.translate(SHAPE)

    def __repr__(self) -> str:
        # The text may hold the very data the scanner looks for: show its size only.
        return f"<ShapedText of {len(self.text)} characters>"
