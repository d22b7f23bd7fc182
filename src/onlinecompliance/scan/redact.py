"""The one way a value taken from a record is printed: as given, or masked.

Logs exported from real systems use CPR numbers and names as keys, so a record
id, a participant id or a department may itself be personal data. Every
message, output format and ``repr()`` prints such values through
:func:`shown`. A value that holds a CPR or eCPR candidate, at any confidence
and whatever its date, or a control character, is printed masked: every letter
and digit becomes ``X`` and every control or format character ``?``. With a fingerprint
key, the mask is followed by a keyed fingerprint, so two findings about the
same masked id can still be matched. Any other value is printed as given. Both
forms are cut to a bounded length with an ellipsis, so a megabyte-long id
cannot flood the output.

Free text (chat, invitations, SMS) is never printed at all. That is the
callers' rule, and :func:`describe` helps keep it: it names a value in an error
message by its type unless the value is a short word.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import unicodedata
from typing import TYPE_CHECKING

from .cpr import holds_candidate
from .fingerprint import MIN_KEY_LENGTH

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "SHOWN_LENGTH",
    "any_holds_cpr_candidate",
    "describe",
    "holds_cpr_candidate",
    "kind_of",
    "shown",
]

SHOWN_LENGTH = 80
"""The most characters of a value that are printed, the ellipsis included."""
_WORD_LENGTH = 40
"""The longest string :func:`describe` quotes; a longer one is described by its length."""
_FINGERPRINT_DIGITS = 12
"""Hex digits of the fingerprint printed after a mask: enough to tell ids apart by eye."""
_FEWEST_DIGITS = 7
"""An eCPR number has seven digits and a CPR number ten; fewer rule both out at once."""
_LAST_DAY = datetime.date.max
"""Any birth date counts when deciding what to mask: a future date may be a typo."""
_VERSION = b"onlinecompliance-identifier-v1"
_DIGITS = str.maketrans("", "", "0123456789")
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
"""Control, format (such as right-to-left overrides), surrogate, private, unassigned and
line-breaking characters: none is printed, so output cannot be spoofed or split."""
_JSON_NAMES: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (type(None), "null"),
    (bool, "a boolean"),  # before numbers: a bool is an int
    ((int, float), "a number"),
    ((list, tuple), "an array"),
    (dict, "an object"),
)


def shown(value: str, *, key: bytes | None = None, limit: int = SHOWN_LENGTH) -> str:
    """Return ``value`` fit to print: as given, or masked when it may be personal data.

    Masked are values that hold a CPR or eCPR candidate or a control character;
    with ``key`` (at least 16 secret bytes) the mask ends in ``#`` and a keyed
    fingerprint of the whole value. The result has at most ``limit`` characters
    before the fingerprint.
    """
    if not _needs_mask(value):
        return _cut(value, limit)
    masked = _cut("".join(_masked_char(char) for char in value[: limit + 1]), limit)
    if key is None:
        return masked
    return f"{masked}#{_fingerprint(value, key)}"


def describe(value: object) -> str:
    """Name ``value`` in an error message without printing personal data or free text.

    A string that is a short word (no white space, at most 40 characters), such
    as a misspelt enum value or field name, is quoted as :func:`shown` prints
    it, so the user can find the typo. Any other string may be a sentence from
    a chat that landed in the wrong field, and is described by its length;
    other values by their JSON type.
    """
    if isinstance(value, str) and _is_word(value):
        return repr(shown(value))
    return kind_of(value)


def kind_of(value: object) -> str:
    """Name ``value`` by its JSON type alone: for a value of the wrong type, which may be text.

    A string in place of an object may be an invitation's whole text, so it is
    described by its length, never quoted.
    """
    if isinstance(value, str):
        return f"a string of {len(value)} characters"
    for kinds, name in _JSON_NAMES:
        if isinstance(value, kinds):
            return name
    return f"a value of type {type(value).__name__}"


def holds_cpr_candidate(value: str) -> bool:
    """Whether ``value`` holds a CPR, substitute or eCPR candidate, at any confidence or date."""
    digits = len(value) - len(value.translate(_DIGITS))
    return digits >= _FEWEST_DIGITS and holds_candidate(value, _LAST_DAY)


def any_holds_cpr_candidate(values: Iterable[str]) -> bool:
    """Whether any of ``values`` holds a candidate, decided by one search of them all.

    A record has ten or so short identifiers; one search of them joined costs a
    tenth of ten. The values are joined by a line break, which is neither a
    separator inside a number nor a letter or digit at its edge, so no
    candidate spans two values or loses one to its neighbour. A number formed
    across the break could only make this say yes where no single value holds
    one, which callers that go on to test each value tolerate.
    """
    return holds_cpr_candidate("\n".join(values))


def _is_word(text: str) -> bool:
    return 0 < len(text) <= _WORD_LENGTH and not any(map(str.isspace, text))


def _needs_mask(value: str) -> bool:
    if value.isascii():  # the common case, decided in C
        return not value.isprintable() or holds_cpr_candidate(value)
    return any(map(_is_unsafe, value)) or holds_cpr_candidate(value)


def _is_unsafe(char: str) -> bool:
    """Whether printing ``char`` could move the cursor, hide text or break an encoding."""
    return unicodedata.category(char) in _UNSAFE_CATEGORIES


def _masked_char(char: str) -> str:
    if char.isalnum():
        return "X"
    return "?" if _is_unsafe(char) else char


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fingerprint(value: str, key: bytes) -> str:
    """Return a keyed fingerprint of a whole value, apart from the scanner's fingerprints."""
    if len(key) < MIN_KEY_LENGTH:
        raise ValueError(f"the fingerprint key must be at least {MIN_KEY_LENGTH} bytes long")
    message = b"\0".join((_VERSION, value.encode("utf-8", "surrogatepass")))
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:_FINGERPRINT_DIGITS]
