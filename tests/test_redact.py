"""The one masking function: values from records are printed as given, or masked."""

from __future__ import annotations

import string
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from onlinecompliance.scan import (
    any_holds_cpr_candidate,
    describe,
    holds_cpr_candidate,
    kind_of,
    shown,
)
from onlinecompliance.scan.redact import SHOWN_LENGTH
from strategies import cpr_numbers

KEY = b"k" * 16
OTHER_KEY = b"o" * 16
SIX_DIGIT_RUNS = 6

plain = st.text(
    alphabet=string.ascii_letters + "-_. /æøåÆØÅ:",
    max_size=120,
)
"""Identifier-like values without digits or control characters: never masked."""
affixes = st.text(alphabet=string.ascii_letters + "-_ :/", max_size=10)


def digit_runs(cpr: str) -> set[str]:
    """Every run of six digits of a CPR number."""
    digits = "".join(filter(str.isdigit, cpr))
    return {digits[start : start + SIX_DIGIT_RUNS] for start in range(len(digits) - 5)}


@given(plain)
def test_plain_values_are_printed_as_given_up_to_the_bound(value: str) -> None:
    """A value with no CPR candidate and no control character is printed as given, cut."""
    printed = shown(value)
    if len(value) <= SHOWN_LENGTH:
        assert value == printed
    else:
        assert (value[: SHOWN_LENGTH - 1] + "…") == printed


@given(affixes, cpr_numbers(), affixes, st.booleans())
def test_values_holding_a_cpr_number_show_no_digit_of_it(
    before: str, cpr: str, after: str, keyed: bool
) -> None:
    """A CPR number anywhere in a value masks the whole value, fingerprint or not."""
    value = f"{before}{cpr}{after}"
    printed = shown(value, key=KEY if keyed else None)
    shape = printed.split("#", 1)[0]
    assert not any(char.isdigit() for char in shape)
    assert not any(run in printed for run in digit_runs(cpr))
    assert holds_cpr_candidate(value)


identifiers = st.one_of(
    st.text(alphabet=string.digits + "-. \u00a0\u2011\u202f", max_size=14),
    st.builds("{}{}{}".format, affixes, cpr_numbers(), affixes),
    st.text(max_size=20),
)
"""Identifiers near the edge: digit runs and separators that may join across values."""


@given(st.lists(identifiers, max_size=8))
def test_one_search_of_all_identifiers_misses_no_candidate(values: list[str]) -> None:
    """Joining the values for one search never hides a candidate one of them holds."""
    if any(map(holds_cpr_candidate, values)):
        assert any_holds_cpr_candidate(values)


@given(st.text(min_size=1, max_size=30))
def test_control_and_format_characters_are_never_printed(value: str) -> None:
    """Whatever the text, no control, format or line-breaking character is printed raw."""
    printed = shown(value + "\x1b[31m")
    assert "\x1b" not in printed
    unsafe = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
    assert [] == [char for char in printed if unicodedata.category(char) in unsafe]


@given(cpr_numbers())
def test_fingerprints_match_the_same_value_under_one_key_only(cpr: str) -> None:
    """The same masked value gives the same fingerprint under a key, another under another."""
    first, again, other = shown(cpr, key=KEY), shown(cpr, key=KEY), shown(cpr, key=OTHER_KEY)
    assert first == again
    assert first != other
    assert first.split("#")[0] == other.split("#")[0]


def test_long_masked_values_are_bounded() -> None:
    """A megabyte-long id holding a CPR number prints within the bound."""
    printed = shown("010190-1234" + "x" * 1_000_000)
    assert len(printed) == SHOWN_LENGTH
    assert printed.endswith("…")


def test_record_ids_with_digits_that_are_no_cpr_number_are_printed() -> None:
    """Ordinary ids with numbers, departments with spaces and hosts are shown as given."""
    for value in ("vk-2026-000123", "RH Kardiologi afsnit 2", "meet.regionh.dk:443"):
        assert value == shown(value)


def test_describe_quotes_words_and_counts_the_rest() -> None:
    """Error messages quote short words (masked if need be) and describe anything else."""
    assert "'docter'" == describe("docter")
    assert "'XXXXXX-XXXX'" == describe("010190-1234")
    assert "a string of 24 characters" == describe("patienten har fået kræft")
    assert "a string of 9 characters" == kind_of("https://x")
    assert "a number" == describe(3.5)
