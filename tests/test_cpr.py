"""Tests for the CPR, substitute and eCPR number detector."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import string
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError

from onlinecompliance.scan import cpr as cpr_module
from onlinecompliance.scan.cpr import find_cpr_numbers
from onlinecompliance.scan.detection import (
    DASHES,
    SPACES,
    Confidence,
    Detection,
    DetectionKind,
    mask,
)
from onlinecompliance.scan.shaping import ShapedText

TODAY = dt.date(2026, 11, 26)
EARLIEST = dt.date(1858, 1, 1)  # the 1800s rule only covers years 58-99
SEPARATORS = ("", "-", *DASHES, " ", *SPACES, " - ", " \u2013 ", " \uff0d ")
FILLER = "xyzqwXYZQWæåÆÅ .,:;!?()/\n\t\U0001f642"  # spells no keyword and holds no digit
POSITIVE_LABELS = (
    "CPR",
    "cpr-nr.",
    "CPR.nr.",
    "cprnr",
    "Personnummer",
    "personnr.",
    "pers.nr",
    "Pers. nr.",
    "født",
    "eCPR",
    "Patient",
    "patientens",
    "borger",
    "Borgeren",
)
"""Positive keywords that count inside longer words too, so filler may touch them."""
WHOLE_WORD_LABELS = ("pt.", "Pt.", "PT:", "pt")
"""Positive keywords that count only as whole words."""
NEGATIVE_LABELS = (
    "ordre",
    "Ordrenr.",
    "Faktura",
    "konto",
    "EAN",
    "cvr",
    "tlf.",
    "reg. nr.",
    "sagsnr.:",
    "Rekv.",
    "ISBN",
    "IBAN",
    "batch #",
    "prøvenr.",
)
"""Words that announce some other number, as they label one (right before it)."""
MEGABYTE = 1 << 20

filler = st.text(alphabet=FILLER, max_size=60)


class Candidate(NamedTuple):
    """A number as it would be written, in two halves around the separator."""

    head: str
    """``DDMMYY``, with the day plus 60 for a substitute number."""
    tail: str
    """``SSSS`` for a CPR number, digit-letter-letter-digit for an eCPR number."""
    substitute: bool
    ecpr: bool


def written(candidate: Candidate, separator: str) -> str:
    """Write ``candidate`` with ``separator`` between its halves."""
    return f"{candidate.head}{separator}{candidate.tail}"


def scan(text: str) -> list[Detection]:
    """Collect every detection in ``text`` as of the fixed ``TODAY``."""
    return list(find_cpr_numbers(text, TODAY))


def stdnum_birth_date(digits: str) -> dt.date | None:
    """Ask python-stdnum (the oracle) for the birth date in ten characters."""
    try:
        return stdnum_cpr.get_birth_date(digits)
    except ValidationError:
        return None


def passes_modulus_11(digits: str) -> bool:
    """Ask python-stdnum (the oracle) whether ten digits pass modulus 11."""
    return stdnum_cpr.checksum(digits) == 0


def expected_confidence(
    *,
    separated: bool = False,
    modulus_11: bool = False,
    keyword: bool = False,
    negative: bool = False,
    substitute: bool = False,
    ecpr: bool = False,
    dotted: bool = False,
) -> Confidence | None:
    """Model the catalogue's steps.

    A dotted date starts a step lower; raise and cap at HIGH, then lower; below LOW is
    none. eCPR numbers skip modulus 11 but are not lowered.
    """
    raised = min(int(separated) + int(modulus_11 and not ecpr) + int(keyword) - int(dotted), 2)
    level = raised - int(negative) - int(substitute)
    return Confidence(level) if level >= 0 else None


def expected_shape(separator: str) -> str:
    """Spell the masked shape of a number written with ``separator``."""
    plain = "".join(
        "-" if char in DASHES else " " if char in SPACES else char for char in separator
    )
    return f"XXXXXX{plain}XXXX"


Flat = tuple[DetectionKind, Confidence, int, int, str]


def found(text: str) -> list[Flat]:
    """Scan ``text`` and flatten each detection for comparison."""
    return [(d.kind, d.confidence, d.start, d.end, d.masked) for d in scan(text)]


def cpr_at(start: int, confidence: Confidence, shape: str = "XXXXXX-XXXX") -> list[Flat]:
    """Spell the single CPR detection expected at ``start``."""
    return [(DetectionKind.CPR, confidence, start, start + len(shape), shape)]


def ecpr_at(start: int, confidence: Confidence, shape: str = "XXXXXXXXXX") -> list[Flat]:
    """Spell the single eCPR detection expected at ``start``."""
    return [(DetectionKind.ECPR, confidence, start, start + len(shape), shape)]


@st.composite
def valid_candidates(draw: st.DrawFn) -> Candidate:
    """Draw a number whose birth date exists and is not after ``TODAY``."""
    birth = draw(st.dates(min_value=EARLIEST, max_value=TODAY))
    year = f"{birth.year % 100:02d}"
    plain_head = f"{birth.day:02d}{birth.month:02d}{year}"
    centuries = [d for d in "0123456789" if stdnum_birth_date(f"{plain_head}{d}000") == birth]
    century = draw(st.sampled_from(centuries))
    substitute = draw(st.booleans())
    ecpr = draw(st.booleans())
    if ecpr:
        letters = draw(st.text(alphabet=string.ascii_letters, min_size=2, max_size=2))
        rest = f"{letters}{draw(st.integers(0, 9))}"
    else:
        rest = f"{draw(st.integers(0, 999)):03d}"
    day = birth.day + 60 if substitute else birth.day
    return Candidate(f"{day:02d}{birth.month:02d}{year}", f"{century}{rest}", substitute, ecpr)


@st.composite
def invalid_heads(draw: st.DrawFn) -> str:
    """Draw ``DDMMYY`` and a century digit naming no real day (substitute or not)."""
    century = draw(st.integers(0, 9))
    year = draw(st.integers(0, 99))
    full_year = stdnum_cpr.get_birth_date(f"0101{year:02d}{century}000").year
    month, day = draw(
        st.one_of(
            st.tuples(st.integers(1, 12), st.integers(32, 60) | st.integers(92, 99)),
            st.tuples(st.integers(1, 12), st.just(0)),
            st.tuples(st.just(0) | st.integers(13, 99), st.integers(1, 28)),
            st.tuples(st.sampled_from([4, 6, 9, 11]), st.just(31)),
            st.tuples(st.just(2), st.just(30) if calendar.isleap(full_year) else st.just(29)),
        )
    )
    if day <= 31 and draw(st.booleans()):
        day += 60
    return f"{day:02d}{month:02d}{year:02d}{century}"


@given(
    candidate=valid_candidates(),
    separator=st.sampled_from(SEPARATORS),
    prefix=filler,
    suffix=filler,
    positive=st.sampled_from((None, *POSITIVE_LABELS)),
    negative=st.sampled_from((None, *NEGATIVE_LABELS)),
)
def test_valid_number_is_found_once_at_the_modelled_confidence(
    *,
    candidate: Candidate,
    separator: str,
    prefix: str,
    suffix: str,
    positive: str | None,
    negative: str | None,
) -> None:
    """A valid number in keyword-free filler is found once, as the step model says."""
    number = written(candidate, separator)
    gap = " " if candidate.ecpr else ""  # an eCPR number may not touch a letter
    lead = f"{prefix}{gap}{positive}: " if positive else f"{prefix}{gap}"
    if negative:
        lead = f"{lead} {negative} "
    text = f"{lead}{number}{gap}{suffix}"
    confidence = expected_confidence(
        separated=bool(separator),
        modulus_11=not candidate.ecpr and passes_modulus_11(candidate.head + candidate.tail),
        keyword=positive is not None,
        negative=negative is not None,
        substitute=candidate.substitute,
        ecpr=candidate.ecpr,
    )
    kind = DetectionKind.ECPR if candidate.ecpr else DetectionKind.CPR
    expected = (
        []
        if confidence is None
        else [(kind, confidence, len(lead), len(lead) + len(number), expected_shape(separator))]
    )
    assert expected == found(text)


@given(head=invalid_heads(), separator=st.sampled_from(SEPARATORS), ecpr=st.booleans())
def test_number_without_a_real_birth_date_is_not_found(
    head: str, separator: str, ecpr: bool
) -> None:
    """Day 32, month 13, 29 February of a common year (by the century rule) etc. are none."""
    day = int(head[:2])
    real_head = f"{day - 60:02d}{head[2:]}" if day > 60 else head
    assert stdnum_birth_date(f"{real_head}000") is None
    tail = "WQ3" if ecpr else "238"
    expected: list[Flat] = []
    assert expected == found(f"CPR-nr.: {head[:6]}{separator}{head[6]}{tail} (personnummer)")


@given(
    digits=st.text(alphabet="0123456789", min_size=10, max_size=10)
    | st.builds(
        "{:02d}{:02d}{:02d}{}{:03d}".format,
        st.integers(0, 99),
        st.integers(0, 13),
        st.integers(0, 99),
        st.integers(0, 9),
        st.integers(0, 999),
    )
)
def test_bare_digits_agree_with_stdnum(digits: str) -> None:
    """Bare digits are found iff stdnum's date (or the substitute's) exists and is past."""
    birth = stdnum_birth_date(digits)
    day = int(digits[:2])
    substitute = birth is None and 61 <= day <= 91
    if substitute:
        birth = stdnum_birth_date(f"{day - 60:02d}{digits[2:]}")
    confidence = (
        None
        if birth is None or birth > TODAY
        else expected_confidence(modulus_11=passes_modulus_11(digits), substitute=substitute)
    )
    expected = [] if confidence is None else cpr_at(0, confidence, "XXXXXXXXXX")
    assert expected == found(digits)


@given(
    pieces=st.lists(
        filler
        | st.builds(written, valid_candidates(), st.sampled_from(SEPARATORS))
        | st.sampled_from(POSITIVE_LABELS),
        min_size=1,
        max_size=8,
    )
)
def test_detection_shows_no_digit_of_the_number(pieces: list[str]) -> None:
    """Neither repr() nor describe() of a detection shows a digit of what it matched."""
    text = " ".join(pieces)
    for detection in scan(text):
        shown_repr = (
            repr(detection)
            .replace(f"start={detection.start}", "")
            .replace(f"end={detection.end}", "")
            .replace(repr(detection.confidence), "")
        )
        shown_description = detection.describe().removesuffix(
            f" at {detection.start}-{detection.end}"
        )
        matched = text[detection.start : detection.end]
        assert mask(matched) == detection.masked
        assert set(detection.masked) <= {"X", "-", " "}
        assert matched not in repr(detection)
        assert not re.search(r"\d", shown_repr)
        assert not re.search(r"\d", shown_description)


def test_example_checksums() -> None:
    """The example numbers below fail (…1234) and pass (…1238) modulus 11."""
    expected = (7, 0)
    assert expected == (stdnum_cpr.checksum("0101901234"), stdnum_cpr.checksum("0101901238"))


def test_separated_number_alone_is_medium() -> None:
    """A hyphenated number failing modulus 11 is raised once, by the separator."""
    assert cpr_at(0, Confidence.MEDIUM) == found("010190-1234")


def test_separated_number_passing_modulus_11_is_high() -> None:
    """A hyphenated number passing modulus 11 is raised twice."""
    assert cpr_at(0, Confidence.HIGH) == found("010190-1238")


def test_bare_digits_passing_modulus_11_are_medium() -> None:
    """Ten bare digits passing modulus 11 are raised once."""
    assert cpr_at(0, Confidence.MEDIUM, "XXXXXXXXXX") == found("0101901238")


def test_bare_digits_failing_modulus_11_are_low() -> None:
    """Ten bare digits failing modulus 11, without a keyword, stay at LOW."""
    assert cpr_at(0, Confidence.LOW, "XXXXXXXXXX") == found("0101901234")


def test_keyword_raises_bare_digits() -> None:
    """A keyword before the number raises it one step."""
    assert cpr_at(5, Confidence.MEDIUM, "XXXXXXXXXX") == found("CPR: 0101901234")


@pytest.mark.parametrize(
    "label",
    [
        "cpr",
        "CPR-nr.",
        "cpr.nr.",
        "cprnr",
        "Personnummer",
        "personnr.",
        "pers.nr",
        "pers. nr.",
        "Født",
        "FØDT",
        "Pt.",
        "pt:",
        "pt",
        "PT.",
        "patient",
        "Patienten",
        "patientens",
        "Borger",
        "borgeren",
    ],
)
def test_every_positive_keyword_raises(label: str) -> None:
    """Each positive keyword counts, in any case."""
    assert cpr_at(len(label) + 1, Confidence.MEDIUM, "XXXXXXXXXX") == found(f"{label} 0101901234")


@pytest.mark.parametrize("compound", ["Patientklagenævnet", "patientforløb", "borgerservice"])
def test_patient_words_in_a_compound_do_not_raise(compound: str) -> None:
    """The words "patient" and "borger" count, inflected, but not inside a compound."""
    assert cpr_at(0, Confidence.LOW, "XXXXXXXXXX") == found(f"0101901234 i {compound}")
    assert cpr_at(0, Confidence.MEDIUM, "XXXXXXXXXX") == found("0101901234 i patientens")


def test_keyword_after_the_number_raises() -> None:
    """A keyword just after the number counts too."""
    assert cpr_at(0, Confidence.MEDIUM, "XXXXXXXXXX") == found("0101901234 (cpr)")


def test_keyword_raises_to_high_and_stops() -> None:
    """Separator, modulus 11 and keyword together are capped at HIGH."""
    assert cpr_at(4, Confidence.HIGH) == found("CPR 010190-1238")


def test_keyword_40_characters_before_raises() -> None:
    """A keyword that starts 40 characters before the number is inside the window."""
    text = "CPR" + "x" * 37 + "0101901234"
    assert cpr_at(40, Confidence.MEDIUM, "XXXXXXXXXX") == found(text)


def test_keyword_41_characters_before_does_not_raise() -> None:
    """A keyword that starts 41 characters before the number is outside the window."""
    text = "CPR" + "x" * 38 + "0101901234"
    assert cpr_at(41, Confidence.LOW, "XXXXXXXXXX") == found(text)


def test_keyword_beginning_20_characters_after_raises() -> None:
    """A keyword that begins 20 characters after the number is inside the window."""
    assert cpr_at(0, Confidence.MEDIUM, "XXXXXXXXXX") == found("0101901234" + "x" * 20 + "cpr")
    spelled_out = "0101901234 står som personnummer på blanketten"
    assert cpr_at(0, Confidence.MEDIUM, "XXXXXXXXXX") == found(spelled_out)


def test_keyword_beginning_21_characters_after_does_not_raise() -> None:
    """A keyword that begins 21 characters after the number is outside the window."""
    assert cpr_at(0, Confidence.LOW, "XXXXXXXXXX") == found("0101901234" + "x" * 21 + "cpr")


def test_label_lowers_low_bare_digits_away() -> None:
    """A word labelling LOW bare digits lowers them below LOW: nothing is reported."""
    expected: list[Flat] = []
    assert expected == found("ordre 0101901234")


def test_label_lowers_one_step() -> None:
    """A word labelling a MEDIUM number lowers it to LOW."""
    assert cpr_at(6, Confidence.LOW) == found("ordre 010190-1234")


def test_label_lowers_after_the_cap() -> None:
    """A label lowers a capped HIGH candidate to MEDIUM."""
    assert cpr_at(15, Confidence.MEDIUM) == found("CPR: ordre nr. 010190-1238")


@pytest.mark.parametrize(
    "label",
    [
        "ordre",
        "Ordrenr.",
        "REKV.",
        "rekv. nr.",
        "faktura",
        "Konto",
        "reg.",
        "reg.nr.",
        "sagsnr.:",
        "batch",
        "batch #",
        "prøvenr.",
        "Tlf.",
        "EAN",
        "cvr",
        "ISBN",
        "IBAN",
        "ordre til",
        "faktura nummer",
    ],
)
def test_every_label_lowers(label: str) -> None:
    """Each word counts right before the number, in any case.

    A "nr.", "#", ":" or one more word may stand between.
    """
    assert cpr_at(len(label) + 1, Confidence.LOW) == found(f"{label} 010190-1234")


@pytest.mark.parametrize(
    "text",
    [
        "Svar på 010190-1234 er klar, rekv. følger",
        "010190-1234 ordre",
        "Ordre sendt, og 010190-1234 venter",
        "Batch-listen er tjekket, men 010190-1234 mangler",
        "tlf. 3862 1100, hvis 010190-1234 ikke kommer",
        "ordre til to af 010190-1234",
    ],
)
def test_word_that_does_not_label_the_number_does_not_lower(text: str) -> None:
    """The same words elsewhere in the sentence say nothing about this number."""
    assert cpr_at(text.index("010190"), Confidence.MEDIUM) == found(text)


@pytest.mark.parametrize("text", ["EAN0101901238", "ordre#0101901238", "sagsnr.:0101901238"])
def test_label_glued_to_the_number_lowers(text: str) -> None:
    """A label glued to the number is still whole: digits do not continue it."""
    assert cpr_at(text.index("0"), Confidence.LOW, "XXXXXXXXXX") == found(text)


@pytest.mark.parametrize("word", ["ocean", "øean", "ÆEAN", "eanå", "kontoen", "ordrer", "tlfx"])
def test_label_inside_a_longer_word_does_not_lower(word: str) -> None:
    """Labels match whole words only, with æ/ø/å counted as letters."""
    assert cpr_at(len(word) + 1, Confidence.MEDIUM) == found(f"{word} 010190-1234")


def test_en_dash_separator() -> None:
    """An en-dash separates like a hyphen and is masked as one."""
    assert cpr_at(0, Confidence.MEDIUM) == found("010190\u20131234")


@pytest.mark.parametrize("dash", ["\uff0d", "\u2015", "\ufe63"])
def test_full_width_and_other_dashes_separate(dash: str) -> None:
    """A full-width hyphen-minus (PDF copies), a horizontal bar or a small hyphen separate."""
    assert cpr_at(4, Confidence.HIGH) == found(f"CPR 010190{dash}1234")


@pytest.mark.parametrize("space", [" ", *SPACES])
def test_every_space_separates(space: str) -> None:
    """One space character of any kind separates and is masked as a space."""
    assert cpr_at(0, Confidence.MEDIUM, "XXXXXX XXXX") == found(f"010190{space}1234")


@pytest.mark.parametrize("separator", [" - ", " \u2013 ", " \uff0d "])
def test_dash_with_spaces_separates(separator: str) -> None:
    """A dash with one space on each side separates."""
    expected = cpr_at(0, Confidence.MEDIUM, f"XXXXXX{mask(separator)}XXXX")
    assert expected == found(f"010190{separator}1234")


@pytest.mark.parametrize("text", ["010190 -1234", "010190- 1234", "010190  - 1234", "010190\n1234"])
def test_lopsided_or_broken_separators_do_not_separate(text: str) -> None:
    """A dash with a space on one side only, two spaces, or a line break are no separator."""
    expected: list[Flat] = []
    assert expected == found(text)


def test_dotted_date_alone_is_low() -> None:
    """``DD.MM.YY-SSSS`` starts a step below the undotted form: alone it is LOW."""
    assert cpr_at(0, Confidence.LOW, "XX.XX.XX-XXXX") == found("01.01.90-1234")


def test_dotted_date_with_keyword_or_modulus_11_is_medium() -> None:
    """A keyword or a passing modulus 11 lifts a dotted number to MEDIUM; both to HIGH."""
    expected = (
        cpr_at(5, Confidence.MEDIUM, "XX.XX.XX-XXXX"),
        cpr_at(0, Confidence.MEDIUM, "XX.XX.XX-XXXX"),
        cpr_at(5, Confidence.HIGH, "XX.XX.XX-XXXX"),
    )
    assert expected == (
        found("født 01.01.90-1234"),
        found("01.01.90-1238"),
        found("CPR: 01.01.90-1238"),
    )


@pytest.mark.parametrize(
    "text", ["12.03.25 - 1030", "12.03.25 -1030", "1.01.90-1234", "01.01.901234"]
)
def test_dates_and_times_are_no_dotted_number(text: str) -> None:
    """The dotted form takes a plain hyphen and no spaces: a date and a time are not one."""
    assert [] == [d for d in found(text) if d[4].startswith("XX.")]


def test_two_spaces_do_not_separate() -> None:
    """Only one separator character is allowed."""
    expected: list[Flat] = []
    assert expected == found("010190  1234")


@pytest.mark.parametrize(
    "text",
    [
        "12345678901",
        "01019012345",
        "10101901234",
        "010190-12345",
        "1234567 8901",
        "9010190-1234",
        "0101901234567890",
    ],
)
def test_longer_digit_runs_are_not_numbers(text: str) -> None:
    """A number touching another digit, or borrowing from a longer run, is none."""
    expected: list[Flat] = []
    assert expected == found(text)


def test_space_keeps_a_trailing_digit_apart() -> None:
    """A space between the number and the next digit is enough."""
    assert cpr_at(0, Confidence.LOW, "XXXXXXXXXX") == found("1010901234 5")


def test_letters_may_touch_a_cpr_number() -> None:
    """Only digits glue to a CPR number; letters do not."""
    assert cpr_at(1, Confidence.MEDIUM) == found("x010190-1234y")


def test_birth_date_after_today_is_not_a_number() -> None:
    """27 November 2026 (century digit 4, year 26) is after TODAY."""
    expected: list[Flat] = []
    assert expected == found("271126-4000")


def test_birth_date_today_is_a_number() -> None:
    """A child born TODAY may already have a CPR number."""
    assert cpr_at(0, Confidence.MEDIUM) == found("261126-4000")


@pytest.mark.parametrize(
    ("text", "birth_year"),
    [
        ("010158-5000", 1858),
        ("010157-5000", 2057),
        ("010137-4000", 1937),
        ("010136-9000", 2036),
        ("010100-3001", 1900),
    ],
)
def test_century_rule_decides_the_future(text: str, birth_year: int) -> None:
    """The seventh digit's century decides whether the birth date is past."""
    expected = [] if birth_year > TODAY.year else cpr_at(0, Confidence.MEDIUM)
    assert expected == found(text)


def test_29_february_follows_the_century_rule() -> None:
    """29 February 1900 does not exist; 29 February 2000 does."""
    assert ([], cpr_at(0, Confidence.MEDIUM)) == (found("290200-3000"), found("290200-4000"))


def test_substitute_number_is_one_step_below() -> None:
    """Day 61 (1 January + 60) is one step below the same CPR form."""
    assert cpr_at(0, Confidence.LOW) == found("610190-1234")


def test_bare_substitute_number_below_low_is_dropped() -> None:
    """Bare substitute digits failing modulus 11 fall below LOW."""
    expected: list[Flat] = []
    assert expected == found("6101901234")


def test_substitute_number_needs_a_real_day() -> None:
    """Day 91 is 31 January, day 92 would be the 32nd and day 60 the 0th."""
    assert ((cpr_at(0, Confidence.LOW)), [], []) == (
        found("910190-1234"),
        found("920190-1234"),
        found("600190-1234"),
    )


def test_bare_ecpr_is_low() -> None:
    """A bare eCPR number is LOW like bare digits: it has no modulus 11 to pass."""
    assert ecpr_at(0, Confidence.LOW) == found("0203291WQ3")


def test_ecpr_with_keyword_is_medium() -> None:
    """A keyword ("ecpr" among them) lifts a bare eCPR number to MEDIUM."""
    assert ecpr_at(6, Confidence.MEDIUM) == found("eCPR: 0203291WQ3")


def test_separated_ecpr_is_medium() -> None:
    """A separated eCPR number is MEDIUM, as the same CPR form; lower-case letters count."""
    assert ecpr_at(0, Confidence.MEDIUM, "XXXXXX-XXXX") == found("020329-1wq3")


def test_separated_ecpr_with_keyword_is_high() -> None:
    """Separator and keyword lift an eCPR number to HIGH."""
    assert ecpr_at(4, Confidence.HIGH, "XXXXXX-XXXX") == found("CPR 020329-1WQ3")


def test_substitute_keyword_raises_only_substitute_numbers() -> None:
    """The word "erstatningsnummer" raises a substitute number, not a CPR number."""
    expected = (cpr_at(19, Confidence.LOW, "XXXXXXXXXX"), cpr_at(19, Confidence.LOW, "XXXXXXXXXX"))
    assert expected == (
        found("Erstatningsnummer: 6101901238"),
        found("Erstatningsnummer: 0101901234"),
    )


@pytest.mark.parametrize(
    "text",
    [
        "CPR x020329-1WQ3",
        "CPR 020329-1WQ3x",
        "CPR 7020329-1WQ3",
        "CPR 020329-1WQ37",
        "CPR ø020329-1WQ3",
        "CPR 020329-1WQæ",
        "CPR 020329-1WÆ3",
    ],
)
def test_glued_ecpr_is_not_a_number(text: str) -> None:
    """An eCPR number touching a letter or digit, or with a non-ASCII letter, is none."""
    expected: list[Flat] = []
    assert expected == found(text)


def test_ecpr_with_invalid_date_is_not_a_number() -> None:
    """An eCPR number follows the same date rule (century from its seventh character)."""
    expected: list[Flat] = []
    assert expected == found("CPR 290200-3WQ3")


def test_detections_come_in_order_of_position() -> None:
    """Several numbers are reported in the order they appear."""
    expected = [
        (DetectionKind.CPR, Confidence.HIGH, 4, 15, "XXXXXX-XXXX"),
        (DetectionKind.ECPR, Confidence.HIGH, 19, 30, "XXXXXX-XXXX"),
        (DetectionKind.CPR, Confidence.LOW, 50, 60, "XXXXXXXXXX"),
    ]
    text = "CPR 010190-1234 og 020329-1WQ3" + " " * 20 + "0101901234"
    assert expected == found(text)


def test_offsets_count_code_points() -> None:
    """Offsets count code points, so an emoji before the number takes one."""
    assert cpr_at(2, Confidence.MEDIUM) == found("\U0001f642 010190-1234")


@pytest.mark.parametrize(
    ("unit", "expected_count"),
    [
        ("0", 0),
        ("0101901234-", MEGABYTE // 11),
        ("12-3-", 0),
        ("010190-", 0),
        ("cpr ", 0),
        ("ordre 0101901238 ", MEGABYTE // 17),
    ],
)
def test_megabyte_scan_finishes(unit: str, expected_count: int) -> None:
    """Scanning a megabyte of a repeated pattern finishes (linear time, no timing asserted)."""
    text = unit * (MEGABYTE // len(unit))
    assert expected_count == sum(1 for _ in find_cpr_numbers(text, TODAY))


def test_only_the_finder_and_the_candidate_test_are_public() -> None:
    """The module exports the detector and the test the masking of printed values uses."""
    expected = ["find_cpr_numbers", "holds_candidate"]
    assert expected == cpr_module.__all__


@given(
    candidate=valid_candidates(),
    separator=st.sampled_from(SEPARATORS),
    prefix=filler,
    label=st.sampled_from(WHOLE_WORD_LABELS),
    gap=st.sampled_from((" ", "\n", " (", ": ")),
)
def test_whole_word_keyword_raises(
    *, candidate: Candidate, separator: str, prefix: str, label: str, gap: str
) -> None:
    """A "pt" after a non-letter and before a non-letter raises like any keyword."""
    number = written(candidate, separator)
    lead = f"{prefix} {label}{gap}"
    confidence = expected_confidence(
        separated=bool(separator),
        modulus_11=not candidate.ecpr and passes_modulus_11(candidate.head + candidate.tail),
        keyword=True,
        substitute=candidate.substitute,
        ecpr=candidate.ecpr,
    )
    kind = DetectionKind.ECPR if candidate.ecpr else DetectionKind.CPR
    expected = (
        []
        if confidence is None
        else [(kind, confidence, len(lead), len(lead) + len(number), expected_shape(separator))]
    )
    assert expected == found(f"{lead}{number} {prefix}")


@pytest.mark.parametrize(
    "text", ["script 0101901234", "Sept. 0101901234", "opt: 0101901234", "kapt. 0101901234"]
)
def test_pt_inside_a_word_does_not_raise(text: str) -> None:
    """A "pt" at the end of a longer word is no keyword."""
    assert cpr_at(text.index("0"), Confidence.LOW, "XXXXXXXXXX") == found(text)


@pytest.mark.parametrize("text", ["øpt. 0101901234", "Åpt 0101901234", "ptæ 0101901234"])
def test_pt_next_to_a_danish_letter_does_not_raise(text: str) -> None:
    """æ, ø and å are letters, so they make "pt" part of a longer word."""
    assert cpr_at(text.index("0"), Confidence.LOW, "XXXXXXXXXX") == found(text)


def test_pt_40_characters_before_raises() -> None:
    """A whole-word "pt" starting 40 characters before the number is inside the window."""
    assert cpr_at(40, Confidence.MEDIUM, "XXXXXXXXXX") == found("pt" + " " * 38 + "0101901234")


def test_pt_41_characters_before_does_not_raise() -> None:
    """A whole-word "pt" starting 41 characters before the number is outside the window."""
    assert cpr_at(41, Confidence.LOW, "XXXXXXXXXX") == found("pt" + " " * 39 + "0101901234")


def test_pt_ending_the_window_raises() -> None:
    """A whole-word "pt" ending 20 characters after the number is inside the window."""
    assert cpr_at(0, Confidence.MEDIUM, "XXXXXXXXXX") == found("0101901234" + " " * 18 + "pt.")


def test_pt_cut_by_the_window_does_not_raise() -> None:
    """The word "pta", whose first two letters end the window, is no "pt"."""
    assert cpr_at(0, Confidence.LOW, "XXXXXXXXXX") == found("0101901234" + " " * 18 + "pta")


def test_patient_inside_a_compound_raises() -> None:
    """The keyword "patient" counts inside compounds such as "hjertepatienten"."""
    assert cpr_at(16, Confidence.MEDIUM, "XXXXXXXXXX") == found("hjertepatienten 0101901234")


def test_letters_of_an_ecpr_number_are_no_keyword() -> None:
    """The "PT" inside an eCPR number does not raise it; a real "pt" before it does."""
    expected = (
        ecpr_at(0, Confidence.MEDIUM, "XXXXXX-XXXX"),
        ecpr_at(4, Confidence.HIGH, "XXXXXX-XXXX"),
    )
    assert expected == (found("010190-1PT3"), found("pt. 010190-1PT3"))


def test_dotted_capital_i_keeps_the_window_in_place() -> None:
    """A dotted capital I lower-cases to two characters; the window does not move."""
    inside = "CPR" + "\u0130" * 37 + "0101901234"
    outside = "CPR" + "\u0130" * 38 + "0101901234"
    expected = (
        cpr_at(40, Confidence.MEDIUM, "XXXXXXXXXX"),
        cpr_at(41, Confidence.LOW, "XXXXXXXXXX"),
    )
    assert expected == (found(inside), found(outside))


def test_dotted_capital_i_counts_as_i_in_a_keyword() -> None:
    """The word "PATİENT" is "patient", as a case-insensitive regex reads it."""
    assert cpr_at(8, Confidence.MEDIUM, "XXXXXXXXXX") == found("PAT\u0130ENT 0101901234")


def test_negative_word_after_dotted_capitals_lowers() -> None:
    """Offsets after a run of "İ" still find a negative word where it is."""
    assert cpr_at(17, Confidence.LOW) == found("\u0130" * 10 + " ordre 010190-1234")


@pytest.mark.parametrize("text", ["\u06630101901234", "0101901234\u0663", "010190-1234\u0967"])
def test_unicode_digits_glue(text: str) -> None:
    """Any decimal digit, not only ASCII, next to the number makes it part of a longer run."""
    expected: list[Flat] = []
    assert expected == found(text)


@pytest.mark.parametrize("year", ["00", "01"])
def test_every_day_and_month_agrees_with_stdnum(year: str) -> None:
    """All 10,000 ``DDMM`` in a leap year (2000) and a common year (2001), as stdnum says."""
    for day_month in (f"{number:04d}" for number in range(10_000)):
        digits = f"{day_month}{year}4000"
        day = int(day_month[:2])
        real = f"{day - 60:02d}{digits[2:]}" if day > 60 else digits
        is_number = stdnum_birth_date(real) is not None
        assert is_number == bool(found(f"{digits[:6]}-{digits[6:]}")), digits


def test_every_year_and_century_digit_agrees_with_stdnum() -> None:
    """All 1,000 year and seventh-digit pairs give stdnum's year; a future year is none."""
    for year, century in ((year, century) for year in range(100) for century in range(10)):
        digits = f"0101{year:02d}{century}000"
        birth = stdnum_cpr.get_birth_date(digits)
        expected = birth <= TODAY
        assert expected == bool(found(f"{digits[:6]}-{digits[6:]}")), digits


@pytest.mark.parametrize(
    "keyword",
    ["cpr", "personnummer", "personnr.", "pers.nr.", "pers. nr.", "født", "patient", "borger"],
)
def test_keyword_pattern_finds_every_keyword(keyword: str) -> None:
    """Each keyword of the catalogue's list (and the patient words) is found whole."""
    assert cpr_at(len(keyword) + 1, Confidence.MEDIUM, "XXXXXXXXXX") == found(
        f"{keyword} 0101901234"
    )


def test_number_after_a_rejected_candidate_is_found() -> None:
    """The scan goes on past a first candidate that is no number (no such date)."""
    text = "320190-1234 og 010190-1234 og 0101901234"
    spans = [(found.start, found.end) for found in find_cpr_numbers(text, dt.date(2026, 11, 26))]
    assert spans == [(15, 26), (30, 40)]


def shaped_candidates(text: str) -> list[tuple[int, int]]:
    """Return the candidates found through the shape, as the detector finds them."""
    # The private patterns are what is tested: the shortcut must agree with the pattern.
    confirm = cpr_module._CANDIDATE.match  # noqa: SLF001
    spans = []
    for start in cpr_module._hits(ShapedText(text).shape):  # noqa: SLF001
        match = confirm(text, start)
        if match is not None:
            spans.append(match.span())
    return spans


@given(
    st.text(
        alphabet=st.sampled_from(f"0123456789-.{DASHES} {SPACES}?aBpPzÀé²\u0663\n\x01\x02"),
        max_size=60,
    )
)
def test_shape_search_finds_every_candidate(text: str) -> None:
    """Searching the shape and confirming on the text finds what searching the text finds.

    The alphabet holds every character the two searches treat differently: the
    separators and their stand-ins, letters that the shape marks or folds, a
    Latin-1 number that is no digit, an Arabic-Indic digit (beyond Latin-1) and the
    control characters that the shape must not take for its cue markers.
    """
    expected = [match.span() for match in cpr_module._CANDIDATE.finditer(text)]  # noqa: SLF001
    assert expected == shaped_candidates(text)


@pytest.mark.parametrize(
    "text",
    ["123456-1234567890", "123456-1AB1234567890", "123456\u20131234", "123456?1234567890"],
)
def test_rejected_hit_hides_no_candidate(text: str) -> None:
    """A hit that the text rejects does not swallow a candidate that begins inside it."""
    expected = [match.span() for match in cpr_module._CANDIDATE.finditer(text)]  # noqa: SLF001
    assert expected == shaped_candidates(text)
    assert expected


@pytest.mark.parametrize("after", ["\x01", "\x02"])
def test_control_character_after_an_ecpr_number_does_not_glue(after: str) -> None:
    """A control character is no letter, though the shape marks letters with the same bytes."""
    text = f"eCPR 0101901AB2{after}"
    assert [(DetectionKind.ECPR, 5, 15)] == [
        (found.kind, found.start, found.end) for found in find_cpr_numbers(text, TODAY)
    ]
