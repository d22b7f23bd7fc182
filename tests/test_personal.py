"""Tests for the detector of ordinary personal data: phone numbers and e-mail addresses."""

from __future__ import annotations

from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onlinecompliance.scan import personal as personal_module
from onlinecompliance.scan.detection import Confidence, Detection, DetectionKind, mask
from onlinecompliance.scan.personal import find_personal_data
from onlinecompliance.scan.shaping import ShapedText

FILLER = "xyzqwXYZQWæåÆÅ .,:;!?()/-\n\t\U0001f642"  # spells no context word, holds no digit
PREFIXES = ("+45", "+45 ", "+45\u00a0", "0045", "0045 ", "(+45) ", "(+45)")
LABELS = ("tlf", "Tlf.", "TLF:", "telefon", "Telefonnr.", "mobil", "Mobilnr:", "mob.", "tlf.nr.")
LEAD_INS = ("ring på", "Ring til", "ring til Mette på", "sms til", "SMS til", "kontakt på")
MEGABYTE = 1 << 20

filler = st.text(alphabet=FILLER, max_size=40)
eight_digits = st.text(alphabet="0123456789", min_size=8, max_size=8)


class Found(NamedTuple):
    """What a test compares: a detection's place, confidence and shape."""

    start: int
    end: int
    confidence: Confidence
    masked: str


def phone_spans(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Find the phone-number candidates of ``text`` both ways: in the text and by shape."""
    # The private parts are what is tested: the shortcut must agree with the pattern.
    direct = [match.span() for match in personal_module._PHONE.finditer(text)]  # noqa: SLF001
    by_shape = personal_module._shaped_matches(ShapedText(text))  # noqa: SLF001
    return direct, [match.span() for match in by_shape]


def found(text: str) -> list[Found]:
    """Collect the detections in ``text``, checking kind, shape and both search paths."""
    direct, shaped = phone_spans(text)
    assert direct == shaped
    detections = list(find_personal_data(text))
    for detection in detections:
        assert DetectionKind.PERSONAL == detection.kind
        assert mask(text[detection.start : detection.end]) == detection.masked
    return [
        Found(detection.start, detection.end, detection.confidence, detection.masked)
        for detection in detections
    ]


def found_at(text: str, part: str, confidence: Confidence) -> list[Found]:
    """Expect one detection in ``text``: the first occurrence of ``part``."""
    start = text.index(part)
    return [Found(start, start + len(part), confidence, mask(part))]


def forms(digits: str) -> tuple[str, str, str]:
    """Write eight digits in the three forms of a Danish phone number."""
    return (
        digits,
        f"{digits[:4]} {digits[4:]}",
        f"{digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}",
    )


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("number", forms("12345678"))
def test_number_with_the_country_code_is_high(prefix: str, number: str) -> None:
    """Every form after +45, 0045 or (+45), with or without a space, is found whole."""
    text = f"Hej, mit nummer er {prefix}{number}. Mvh Anne"
    assert found_at(text, prefix + number, Confidence.HIGH) == found(text)


def test_number_with_no_break_spaces_is_found() -> None:
    """A no-break space separates the groups as well as a space does."""
    text = "kontakt: +45\u00a012\u00a034\u00a056\u00a078"
    assert found_at(text, "+45\u00a012\u00a034\u00a056\u00a078", Confidence.HIGH) == found(text)


@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize("number", forms("87654321"))
def test_number_after_a_label_is_medium(label: str, number: str) -> None:
    """Every form after a label such as "tlf." or "mobilnr:" is found at medium."""
    text = f"Afdelingens {label} {number} (hverdage)"
    assert found_at(text, number, Confidence.MEDIUM) == found(text)


@pytest.mark.parametrize("lead_in", LEAD_INS)
@pytest.mark.parametrize("number", forms("40506070"))
def test_number_after_a_verb_and_a_preposition_is_medium(lead_in: str, number: str) -> None:
    """A verb with "på" or "til" before the number ("ring til Mette på") leads to it."""
    text = f"Du kan {lead_in} {number} i morgen"
    assert found_at(text, number, Confidence.MEDIUM) == found(text)


def test_verb_without_a_preposition_right_before_is_not_context() -> None:
    """A verb ("ring tilbage") with other words before the number does not count."""
    expected: list[Found] = []
    assert expected == found("Ring tilbage i morgen, nummer 12345678")


def test_label_with_the_country_code_is_high() -> None:
    """A label does not lower a number that also has the country code."""
    text = "Tlf.: +45 12 34 56 78"
    assert found_at(text, "+45 12 34 56 78", Confidence.HIGH) == found(text)


@pytest.mark.parametrize("number", forms("12345678"))
def test_number_without_evidence_is_not_found(number: str) -> None:
    """Eight digits with neither a country code nor a context word are not reported."""
    expected: list[Found] = []
    assert expected == found(f"Vi ses, {number} hilsner")


@pytest.mark.parametrize(
    "text",
    [
        "Ordre 12345678 er sendt",
        "Din ordre nr. 1234 5678 er afsendt",
        "Faktura 12 34 56 78 betalt",
        "Mødet er 01012026 kl. 12:30",
        "Fra 01.01.2026 til 31.12.2026",
        "kl. 12:30-13:45 og 14 30",
        "CPR 010190-1234",
        "tlf 0101901234",
        "tlf 010190 1234",
        "tlf 010190-1234",
        "tlf 123456789",
        "tlf 1234567",
        "tlf 12 34 56 78 90",
        "tlf 1234 5678 9012",
        "tlf 1112345678",
        "+45 1234567",
        "+45 123456789",
        "+46 12345678",
        "+1 12345678",
        "0045123456789",
        "10045 12345678",
        "Telefonen virker ikke, 12345678",
        "Mobilen døde, sag 12345678",
        "Ring tilbage, ordre 12345678",
        "Tlf. er nede; ordre 12345678",
        "Tlf. er nede; sagsnr. 12345678",
        "Tlf. er nede; reg.nr. 12345678",
    ],
)
def test_hard_negative_is_not_found(text: str) -> None:
    """Order numbers, dates, times, CPR numbers, glued and foreign numbers are not phones."""
    expected: list[Found] = []
    assert expected == found(text)


def test_other_number_after_a_phone_number_is_not_found() -> None:
    """An order number after "tlf 12345678" is cancelled by its own word."""
    text = "tlf 12345678, ordre 87654321"
    assert found_at(text, "12345678", Confidence.MEDIUM) == found(text)


def test_two_phone_numbers_after_one_label_are_both_found() -> None:
    """A label announces every number in its window, not only the first."""
    text = "tlf 12345678 / 87654321"
    expected = [*found_at(text, "12345678", Confidence.MEDIUM)]
    expected += found_at(text, "87654321", Confidence.MEDIUM)
    assert expected == found(text)


def test_context_word_ending_30_characters_before_counts() -> None:
    """A label wholly within the 30 characters before the number counts."""
    text = "tlf" + " " * 27 + "12345678"
    assert found_at(text, "12345678", Confidence.MEDIUM) == found(text)


def test_context_word_beyond_30_characters_does_not_count() -> None:
    """A label that starts more than 30 characters before the number does not count."""
    expected: list[Found] = []
    assert expected == found("tlf" + " x" * 14 + "  12345678")


@pytest.mark.parametrize("word", ["tlfx", "xtlf", "åtlf", "mob", "telefonen", "ringe-"])
def test_context_word_inside_a_longer_word_does_not_count(word: str) -> None:
    """Context words count as whole words only, with æ/ø/å counted as letters."""
    expected: list[Found] = []
    assert expected == found(f"{word} 12345678")


@pytest.mark.parametrize(
    "address",
    [
        "anne.jensen@regionh.dk",
        "a+tag@sub.example.com",
        "søren_ø@rigshospitalet.dk",
        "Anne.Jensen@RegionH.DK",
        "x-y@a-b.c-d.org",
        "12345678@sms.example.dk",
    ],
)
def test_email_address_is_high(address: str) -> None:
    """An e-mail address is found whole, at high confidence."""
    text = f"Skriv til <{address}>, tak"
    assert found_at(text, address, Confidence.HIGH) == found(text)


@pytest.mark.parametrize("end", [".", ",", "-", "...", ".\n"])
def test_punctuation_after_an_address_is_not_part_of_it(end: str) -> None:
    """A full stop or hyphen after the domain ends the sentence, not the address."""
    text = f"Mail: anne@regionh.dk{end}"
    assert found_at(text, "anne@regionh.dk", Confidence.HIGH) == found(text)


@pytest.mark.parametrize(
    "text",
    [
        "a@b",
        "@regionh.dk",
        "anne@",
        "anne@localhost",
        "anne@regionh.d",
        "anne@regionh.123",
        "anne@-regionh.dk",
        "anne@regionh-.dk",
        "anne@regionh..dk",
        "anne@@regionh.dk",
        ".@regionh.dk",
        "kl. 12@30",
        "@@@@",
    ],
)
def test_not_an_email_address_is_not_found(text: str) -> None:
    """Without a local part, a dot in the domain and a top-level domain of letters, none."""
    expected: list[Found] = []
    assert expected == found(text)


def test_local_part_of_65_characters_is_not_found() -> None:
    """A local part longer than 64 characters is no address."""
    expected: list[Found] = []
    assert expected == found("a" * 65 + "@regionh.dk")


def test_local_part_of_64_characters_is_found() -> None:
    """A local part of 64 characters is still an address."""
    text = "a" * 64 + "@regionh.dk"
    assert found_at(text, text, Confidence.HIGH) == found(text)


def test_leading_dots_are_not_part_of_the_local_part() -> None:
    """The address starts after the dots before it ("se: ...anne@x.dk")."""
    text = "se: ...anne@regionh.dk"
    assert found_at(text, "anne@regionh.dk", Confidence.HIGH) == found(text)


def test_phone_number_inside_an_address_is_not_reported_apart() -> None:
    """An address such as 12345678@sms.dk is one address, not also a phone number."""
    text = "sms til 12345678@sms.example.dk"
    assert found_at(text, "12345678@sms.example.dk", Confidence.HIGH) == found(text)


def test_detections_come_in_order_of_position() -> None:
    """Addresses and phone numbers are merged in the order they appear."""
    text = "a@b.dk, tlf 12345678, c@d.dk og +45 87654321, e@f.dk"
    expected = [text.index(part) for part in ("a@b", "1234", "c@d", "+45", "e@f")]
    assert expected == [detection.start for detection in found(text)]


def test_masked_shape_holds_no_digit_or_letter() -> None:
    """A detection shows the shape of what it found, never a digit or letter of it."""
    text = "Ring på +45 12 34 56 78 eller skriv til anne@regionh.dk"
    expected = ["+XX XX XX XX XX", "XXXX@XXXXXXX.XX"]
    assert expected == [detection.masked for detection in find_personal_data(text)]


def test_detection_repr_shows_no_part_of_the_number() -> None:
    """repr() of a detection carries no three digits of the phone number in a row."""
    number = "98765398"
    (detection,) = find_personal_data(f"tlf {number}")
    parts = {number[index : index + 3] for index in range(len(number) - 2)}
    assert not any(part in repr(detection) for part in parts)


@given(
    prefix=st.sampled_from(PREFIXES),
    digits=eight_digits,
    form=st.integers(0, 2),
    before=filler,
    after=filler,
)
def test_number_with_the_country_code_is_found_with_its_exact_span(
    *, prefix: str, digits: str, form: int, before: str, after: str
) -> None:
    """Any eight digits after a country code, in any form, amid any filler, are found exactly."""
    number = prefix + forms(digits)[form]
    text = before + number + after
    expected = [Found(len(before), len(before) + len(number), Confidence.HIGH, mask(number))]
    assert expected == found(text)


@given(digits=eight_digits, form=st.integers(0, 2), before=filler, after=filler)
def test_number_without_evidence_is_never_found(
    *, digits: str, form: int, before: str, after: str
) -> None:
    """Any eight digits in any form, amid filler with no context word, are not reported."""
    expected: list[Found] = []
    assert expected == found(before + forms(digits)[form] + after)


@pytest.mark.parametrize("prefix", ["0045", "0045 ", "+45", "+45 ", "(+45) "])
def test_country_code_at_the_start_of_the_text_is_found(prefix: str) -> None:
    """A number whose country code opens the text is found, with nothing before it to check."""
    text = f"{prefix}12345678"
    assert [Found(0, len(text), Confidence.HIGH, mask(text))] == found(text)


def test_digit_before_a_country_code_makes_no_number() -> None:
    """Five zeros and four digits are no ``0045`` and a number: ``00045`` is glued."""
    assert found("100451234 5678") == []


@given(
    st.lists(
        st.sampled_from([*"0123456789  \u00a0+()-:.xæ\n\U0001f642", "+45", "0045", "(+45) "]),
        max_size=200,
    )
)
def test_search_by_shape_finds_what_the_direct_search_finds(pieces: list[str]) -> None:
    """Both ways of searching for phone numbers agree on any text, digits and all."""
    direct, shaped = phone_spans("".join(pieces))
    assert direct == shaped


def test_long_text_is_searched_by_shape() -> None:
    """A text longer than the short limit finds the same numbers through its shape."""
    text = "Hej! " * 200 + "Ring på +45 12 34 56 78 eller tlf. 87654321"
    expected = found_at(text, "+45 12 34 56 78", Confidence.HIGH)
    expected += found_at(text, "87654321", Confidence.MEDIUM)
    assert expected == found(text)


@pytest.mark.parametrize(
    ("unit", "expected_count"),
    [
        ("@", 0),
        ("a@", 0),
        ("a@b.", 0),
        ("+45 ", 0),
        ("0045", 0),
        ("1", 0),
        ("12 ", 0),
        ("1 2 ", 0),
        ("12345678 ", 0),
        ("tlf ", 0),
        ("ring til ", 0),
        ("a.", 0),
        ("tlf 12345678;", MEGABYTE // 13),
    ],
)
def test_megabyte_scan_finishes(unit: str, expected_count: int) -> None:
    """Scanning a megabyte of a repeated pattern finishes (linear time, no timing asserted)."""
    text = unit * (MEGABYTE // len(unit))
    assert expected_count == sum(1 for _ in find_personal_data(text))


@pytest.mark.parametrize(
    "text",
    ["a" * MEGABYTE + "@regionh.dk", "x@" + "a." * (MEGABYTE // 2), "tlf " + "1" * MEGABYTE],
)
def test_megabyte_edge_scan_finishes(text: str) -> None:
    """A megabyte-long local part, domain or digit run finishes and is not reported."""
    expected: list[Detection] = []
    assert expected == list(find_personal_data(text))


def test_only_find_personal_data_is_public() -> None:
    """The module exports exactly one name."""
    expected = ["find_personal_data"]
    assert expected == personal_module.__all__


@pytest.mark.parametrize(
    "text",
    ["Тел. ж tlf. 12345678", "tlf. 12345678 \u2013 ring", "+45 12 34 56 78 \U0001f600"],
)
def test_characters_beyond_latin_1_do_not_hide_a_number(text: str) -> None:
    """The quick test of a short text for digits sees past characters beyond Latin-1."""
    assert [item.confidence for item in find_personal_data(text)] != []
