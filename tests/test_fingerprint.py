"""Tests for keyed fingerprints of detections."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onlinecompliance.scan import fingerprint as fingerprint_module
from onlinecompliance.scan.cpr import find_cpr_numbers
from onlinecompliance.scan.detection import DASHES, Confidence, Detection, DetectionKind, mask
from onlinecompliance.scan.fingerprint import FINGERPRINT_LENGTH, MIN_KEY_LENGTH, fingerprint
from onlinecompliance.scan.personal import find_personal_data

KEY = b"k" * 32
OTHER_KEY = b"o" * 32
TODAY = dt.date(2026, 11, 26)
SEPARATORS = ("", "-", *DASHES, " ", "\u00a0")
HEX = re.compile(f"[0-9a-f]{{{FINGERPRINT_LENGTH}}}")

cpr_digits = st.builds(
    "{:02d}{:02d}{:02d}{:04d}".format,
    st.integers(1, 28),
    st.integers(1, 12),
    st.integers(0, 99),
    st.integers(0, 9999),
)


def whole(text: str, kind: DetectionKind = DetectionKind.CPR) -> Detection:
    """Build a detection of ``kind`` spanning all of ``text``."""
    return Detection(
        kind=kind, confidence=Confidence.HIGH, start=0, end=len(text), masked=mask(text)
    )


def of_cpr(text: str, key: bytes = KEY) -> str:
    """Fingerprint the one CPR number the CPR detector finds in ``text``."""
    (detection,) = find_cpr_numbers(text, TODAY)
    return fingerprint(text, detection, key)


def of_personal(text: str, key: bytes = KEY) -> str:
    """Fingerprint the one phone number or address found in ``text``."""
    (detection,) = find_personal_data(text)
    return fingerprint(text, detection, key)


@pytest.mark.parametrize("separator", SEPARATORS)
def test_cpr_fingerprint_does_not_depend_on_the_separator(separator: str) -> None:
    """A CPR number with any separator or none shares one fingerprint."""
    assert of_cpr("CPR: 0101901234") == of_cpr(f"Patient med cpr 010190{separator}1234.")


def test_ecpr_fingerprint_does_not_depend_on_letter_case() -> None:
    """An eCPR number's letters are upper-cased before the HMAC."""
    text = "0203291wq3"
    assert fingerprint("0203291WQ3", whole("0203291WQ3", DetectionKind.ECPR), KEY) == fingerprint(
        text, whole(text, DetectionKind.ECPR), KEY
    )


@pytest.mark.parametrize(
    "written", ["+45 12 34 56 78", "+4512345678", "0045 1234 5678", "(+45) 12345678"]
)
def test_phone_fingerprint_does_not_depend_on_the_form(written: str) -> None:
    """A phone number with the country code shares the fingerprint of its eight digits."""
    assert of_personal("tlf. 12345678") == of_personal(f"Ring på {written}")


def test_email_fingerprint_does_not_depend_on_case() -> None:
    """An address is lower-cased whole before the HMAC."""
    assert of_personal("anne.jensen@regionh.dk") == of_personal("Mail: Anne.Jensen@RegionH.DK.")


def test_different_numbers_have_different_fingerprints() -> None:
    """Two CPR numbers do not share a fingerprint."""
    assert of_cpr("0101901234") != of_cpr("0101901235")


def test_fingerprint_is_the_documented_hmac() -> None:
    """The fingerprint is HMAC-SHA256 of version, kind and normalised match, cut to 32 hex."""
    message = b"onlinecompliance-fingerprint-v1\0cpr\x000101901234"
    expected = hmac.new(KEY, message, hashlib.sha256).hexdigest()[:32]
    assert expected == of_cpr("010190-1234")


def test_fingerprint_is_stable() -> None:
    """The same number under the same key gives the same fingerprint every time."""
    assert of_cpr("010190-1234") == of_cpr("010190-1234")


@given(digits=cpr_digits, separator=st.sampled_from(SEPARATORS))
def test_fingerprint_depends_on_the_key(digits: str, separator: str) -> None:
    """The same number under two keys gives two fingerprints."""
    text = f"{digits[:6]}{separator}{digits[6:]}"
    assert fingerprint(text, whole(text), KEY) != fingerprint(text, whole(text), OTHER_KEY)


@pytest.mark.parametrize(
    ("kind", "other"),
    [
        (DetectionKind.CPR, DetectionKind.PERSONAL),
        (DetectionKind.CPR, DetectionKind.HEALTH),
        (DetectionKind.CPR, DetectionKind.ECPR),
        (DetectionKind.PERSONAL, DetectionKind.HEALTH),
    ],
)
def test_fingerprint_depends_on_the_kind(kind: DetectionKind, other: DetectionKind) -> None:
    """The same characters found as two kinds give two fingerprints (domain separation)."""
    text = "0101901234"
    assert fingerprint(text, whole(text, kind), KEY) != fingerprint(text, whole(text, other), KEY)


@given(digits=cpr_digits, separator=st.sampled_from(SEPARATORS), key=st.binary(min_size=16))
def test_fingerprint_is_lower_case_hex_of_the_stated_length(
    digits: str, separator: str, key: bytes
) -> None:
    """Every fingerprint is FINGERPRINT_LENGTH lower-case hex digits."""
    text = f"{digits[:6]}{separator}{digits[6:]}"
    assert HEX.fullmatch(fingerprint(text, whole(text), key)) is not None


@settings(derandomize=True)  # a 32-hex-digit string holds a given 6-digit run by chance ~1e-6
@given(digits=cpr_digits, separator=st.sampled_from(SEPARATORS), key=st.binary(min_size=16))
def test_fingerprint_never_shows_six_digits_of_the_number(
    digits: str, separator: str, key: bytes
) -> None:
    """No run of six or more digits of the input appears in its fingerprint."""
    text = f"cpr {digits[:6]}{separator}{digits[6:]}"
    detection = Detection(
        kind=DetectionKind.CPR,
        confidence=Confidence.HIGH,
        start=4,
        end=len(text),
        masked=mask(text[4:]),
    )
    runs = {digits[index : index + 6] for index in range(len(digits) - 5)}
    result = fingerprint(text, detection, key)
    assert not any(run in result for run in runs)


@pytest.mark.parametrize("key", [b"", b"k", b"k" * (MIN_KEY_LENGTH - 1)])
def test_short_key_is_refused(key: bytes) -> None:
    """An empty key or one shorter than 16 bytes raises ValueError."""
    with pytest.raises(ValueError, match="fingerprint key"):
        fingerprint("0101901234", whole("0101901234"), key)


def test_key_of_16_bytes_is_accepted() -> None:
    """A key of exactly MIN_KEY_LENGTH bytes gives a fingerprint."""
    assert HEX.fullmatch(fingerprint("0101901234", whole("0101901234"), b"k" * 16)) is not None


@given(key=st.binary(max_size=MIN_KEY_LENGTH - 1), digits=cpr_digits)
def test_key_error_shows_neither_key_nor_text(key: bytes, digits: str) -> None:
    """The error for a short key names neither the key nor the text."""
    with pytest.raises(ValueError, match="fingerprint key") as caught:
        fingerprint(digits, whole(digits), key)
    message = str(caught.value)
    assert digits not in message
    assert repr(key) not in message
    assert len(key) < 3 or key.hex() not in message  # two hex digits occur in any sentence


def test_detection_outside_the_text_is_refused() -> None:
    """A span past the end of the text raises ValueError without showing the text."""
    detection = Detection(
        kind=DetectionKind.CPR, confidence=Confidence.HIGH, start=4, end=14, masked="X" * 10
    )
    with pytest.raises(ValueError, match="outside the text") as caught:
        fingerprint("cpr 010190", detection, KEY)
    assert "010190" not in str(caught.value)


def test_detection_from_another_text_is_refused() -> None:
    """A detection whose shape does not fit the text raises ValueError without the text."""
    detection = whole("010190-1234")
    with pytest.raises(ValueError, match="shape differs") as caught:
        fingerprint("0101901234x", detection, KEY)
    assert "0101901234" not in str(caught.value)


def test_public_names() -> None:
    """The module exports the function and its two constants."""
    expected = ["FINGERPRINT_LENGTH", "MIN_KEY_LENGTH", "fingerprint"]
    assert expected == fingerprint_module.__all__
