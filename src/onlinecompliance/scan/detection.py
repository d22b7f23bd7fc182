"""What the sensitive-data scanner reports: a kind, a confidence and a place.

A :class:`Detection` never holds the text it matched. It carries the span (so a
caller who has the text can find it again) and a *masked* shape in which every
letter and digit is replaced by ``X``. That is all a finding may show.
"""

from __future__ import annotations

import enum

import attrs

__all__ = ["DASHES", "SPACES", "Confidence", "Detection", "DetectionKind", "mask"]


class DetectionKind(enum.Enum):
    """What kind of personal data a detection is.

    The paths that run for every finding of a log (a detection's description,
    OC201's and OC202's list of kinds) read a kind's name as ``_value_``, the
    member's plain attribute: ``value`` is a property that runs Python code.
    """

    _value_: str

    CPR = "cpr"
    """A Danish CPR number (also a substitute number, day + 60)."""
    ECPR = "ecpr"
    """An eCPR number: birth date, a digit, two letters and a digit."""
    HEALTH = "health"
    """Health data about an identifiable person (GDPR art. 9)."""
    PERSONAL = "personal"
    """Ordinary personal data such as a phone number or e-mail address."""

    @property
    def is_sensitive(self) -> bool:
        """Whether the catalogue's rules count this kind as sensitive data."""
        return self is not DetectionKind.PERSONAL


class Confidence(enum.IntEnum):
    """How sure the scanner is; ordered so that ``LOW < MEDIUM < HIGH``."""

    LOW = 0
    MEDIUM = 1
    HIGH = 2

    def __str__(self) -> str:
        return _CONFIDENCE_NAMES[self]


_CONFIDENCE_NAMES = ("low", "medium", "high")
"""Each confidence's name in a message, by its value: looking up an enum's name runs Python code."""

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
"""The dashes people write for a hyphen: hyphen, non-breaking hyphen, figure dash,
en-dash, em-dash, horizontal bar, minus sign, and the small and full-width forms
(word processors and PDF copies put them in on their own)."""

SPACES = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
"""The space characters other than the plain space: no-break, narrow no-break,
thin, figure and the other typographic spaces (never a line break)."""

_PLAIN = str.maketrans(dict.fromkeys(DASHES, "-") | dict.fromkeys(SPACES, " "))
"""Every dash as a hyphen and every space as a plain space."""


def mask(matched: str) -> str:
    """Return the shape of ``matched`` with every letter and digit turned into ``X``.

    Separators keep their place so that ``0101901234`` and ``010190-1234`` can be
    told apart, but a space (:data:`SPACES`) or a dash (:data:`DASHES`) is shown
    as its plain form.
    """
    if matched.isalnum():  # most words: every character an X
        return "X" * len(matched)
    try:
        data = matched.encode("latin-1")
    except UnicodeEncodeError:  # a dash, or letters beyond Latin-1
        shape = ["X" if char.isalnum() else char for char in matched]
        return "".join(shape).translate(_PLAIN)
    return data.translate(_MASK).decode("latin-1")


_MASK = bytes(
    ord("X") if chr(byte).isalnum() else 0x20 if byte == 0xA0 else byte for byte in range(256)
)
"""What :func:`mask` makes of each Latin-1 character, as a ``bytes.translate`` table.

Translating in C is several times quicker than testing character by character.
"""


@attrs.frozen
class Detection:
    """One piece of personal data found in free text, without the text itself."""

    kind: DetectionKind
    confidence: Confidence
    start: int
    """Offset of the first character, counted in code points."""
    end: int
    """Offset one past the last character."""
    masked: str
    """The shape of the match, with no letter or digit (``XXXXXX-XXXX``)."""
    fingerprint: str | None = None
    """A keyed HMAC of the match, when the caller gave a key (see :mod:`.fingerprint`)."""

    def describe(self) -> str:
        """Say what was found and where, fit to print: ``cpr XXXXXX-XXXX at 12-23``."""
        return f"{self.kind._value_} {self.masked} at {self.start}-{self.end}"
