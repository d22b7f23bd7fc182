"""Keyed fingerprints: spot the same CPR number again without storing it.

A :class:`~.detection.Detection` holds no matched text, so two
detections cannot tell whether they found the same number. A fingerprint can:
:func:`fingerprint` returns an HMAC-SHA256 of the detection's normalised match,
keyed with a secret the caller supplies. The same number under the same key
always gives the same fingerprint, so a caller can count how often a CPR number
turns up across meetings, or link two records that mention it, while storing
only the fingerprint and never the number.

Why never an unkeyed hash. There are only about 365 million CPR numbers (every
birth date of a century times 10,000 serial numbers), so a plain SHA-256 of a
CPR number, salted with a public salt or not, is undone by hashing all of them,
which a laptop does in minutes. An HMAC cannot be computed, and so cannot be
reversed by trying every number, without the key. Keep the key secret and apart
from the fingerprints (as a password is kept apart from what it protects), and
use a key of at least 16 random bytes, e.g. ``secrets.token_bytes(32)``; shorter
keys are refused.

Normalisation. The fingerprint is of the number, not of how it was written:

* separators are removed and letters upper-cased, so ``010190-1234``,
  ``010190 1234`` and ``0101901234`` (or another dash or a no-break space as the
  separator) give one fingerprint, and ``0203291wq3`` the same as ``0203291WQ3``;
* an e-mail address is lower-cased whole (``Anne@RegionH.dk``);
* a phone number is reduced to its eight national digits, so
  ``+45 12 34 56 78`` and ``tlf. 12345678`` give one fingerprint.

Domain separation. The HMAC message is a version tag, the detection's kind and
the normalised match, separated by NUL characters, so a CPR number and the same
ten digits found as some other kind give different fingerprints.

Length. The fingerprint is the first 32 hex digits (128 bits) of the HMAC, the
truncation RFC 2104 recommends at the least (half the hash). Two different
numbers share a fingerprint with a probability of about 2⁻¹²⁸ per pair, and the
shorter string is easier to store and compare.

Errors never include the key or the text.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING

from .detection import DetectionKind, mask

if TYPE_CHECKING:
    from .detection import Detection

__all__ = ["FINGERPRINT_LENGTH", "MIN_KEY_LENGTH", "fingerprint"]

MIN_KEY_LENGTH = 16
"""The shortest key :func:`fingerprint` accepts, in bytes (128 bits)."""

FINGERPRINT_LENGTH = 32
"""The number of hex digits in a fingerprint (128 bits)."""

_VERSION = b"onlinecompliance-fingerprint-v1"
"""Leads every HMAC message, so a later normalisation can change it."""

_PHONE_DIGITS = 8
"""The digits of a Danish phone number without its country code."""

_COUNTRY_CODES = ("0045", "45")
"""How a country code leaves a phone number's digits once separators are gone."""


def fingerprint(text: str, detection: Detection, key: bytes) -> str:
    """Return the keyed fingerprint of what ``detection`` found in ``text``.

    ``text`` must be the text the detection was found in. The result is
    :data:`FINGERPRINT_LENGTH` lower-case hex digits.

    Raises:
        ValueError: The key is empty or shorter than :data:`MIN_KEY_LENGTH`
            bytes, or the detection does not fit ``text``.
    """
    if not key:
        raise ValueError("the fingerprint key is empty")
    if len(key) < MIN_KEY_LENGTH:
        raise ValueError(f"the fingerprint key must be at least {MIN_KEY_LENGTH} bytes long")
    if not 0 <= detection.start < detection.end <= len(text):
        raise ValueError("the detection's span lies outside the text")
    matched = text[detection.start : detection.end]
    if mask(matched) != detection.masked:
        raise ValueError("the detection was not found in this text (its shape differs)")
    message = b"\0".join(
        (_VERSION, detection.kind.value.encode(), _normalise(matched, detection.kind).encode())
    )
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:FINGERPRINT_LENGTH]


def _normalise(matched: str, kind: DetectionKind) -> str:
    """Return the form of ``matched`` that does not depend on how it was written."""
    if kind is DetectionKind.PERSONAL and "@" in matched:
        return matched.lower()
    characters = "".join(filter(str.isalnum, matched)).upper()
    if kind is DetectionKind.PERSONAL and len(characters) > _PHONE_DIGITS:
        for code in _COUNTRY_CODES:
            if len(characters) == len(code) + _PHONE_DIGITS and characters.startswith(code):
                return characters[len(code) :]
    return characters
