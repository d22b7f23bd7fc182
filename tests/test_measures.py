"""Tests for measurements by a short name and a value ("sat 86", "K 6,2"), clinical evidence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onlinecompliance.scan.measures import find_measurements
from onlinecompliance.scan.shaping import ShapedText

NAMES = ("BT", "puls", "crp", "Hb", "leuk", "INR", "GCS", "pH", "K", "Na", "RF", "MAP")
VALUES = ("124", "6,2", "7.21", "82/45", "-6", "38,9")


def found(text: str) -> list[str]:
    return [text[start:end] for start, end in find_measurements(ShapedText(text))]


@given(
    name=st.sampled_from(NAMES),
    separator=st.sampled_from((" ", ": ", "=", " på ")),
    value=st.sampled_from(VALUES),
    before=st.sampled_from(("", "pt. har ", "(", "stue 4 ")),
    after=st.sampled_from(("", " i dag", ", ring", ".")),
)
def test_a_name_with_its_value_is_a_measurement(
    name: str, separator: str, value: str, before: str, after: str
) -> None:
    assert [f"{name}{separator}{value}"] == found(f"{before}{name}{separator}{value}{after}")


@given(name=st.sampled_from(NAMES), value=st.sampled_from(VALUES))
def test_a_name_inside_a_word_is_none(name: str, value: str) -> None:
    assert [] == found(f"x{name} {value}")
    assert [] == found(f"a.{name} {value}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sat 86%", ["sat 86%"]),
        ("SpO2 100", ["SpO2 100"]),
        ("Lone har sat 2 stole frem", []),  # a saturation is 50 to 100
        ("k 6,2", []),  # potassium and sodium only as written so
        ("na 124", []),
        ("ph.d. 2026", []),
        ("BT er fin", []),  # no value: the lexicon decides
        ("har tabt 6 kg", ["tabt 6 kg"]),
        ("har tabt 6 kg på 2 mdr", ["tabt 6 kg"]),
        ("har tabt 5 kg kaffe på gulvet", []),  # a weight of something else
        ("har sat 80 stole frem", []),
        ("sat 88 på 2 l ilt", ["sat 88"]),
        ("temp 38,9", ["temp 38,9"]),
        ("har temp 3 uger i afsnittet", []),  # a temp worker's weeks
        ("HR 2024", []),
        ("har tabt 6 stole", []),
        ("vejer 41 kg", ["vejer 41 kg"]),
    ],
)
def test_names_that_are_also_words(text: str, expected: list[str]) -> None:
    assert expected == found(text)


def test_only_measurements_whose_value_starts_in_a_region_are_found() -> None:
    text = "BT 120/80 og puls 88"
    assert [(13, 20)] == find_measurements(ShapedText(text), [(12, 19)])
