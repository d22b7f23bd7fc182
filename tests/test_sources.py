"""Tests for reading JSON lines and JSON files into values with line numbers."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.model import Limits
from onlinecompliance.sources import (
    RawRecord,
    SourceItem,
    UnreadableRecord,
    display_name,
    read_json_lines,
    read_json_text,
    read_source,
    read_toml_meetings,
    unsupported_reason,
)

if TYPE_CHECKING:
    from pathlib import Path

CPR = "010190-1235"
json_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
json_objects = st.dictionaries(st.text(max_size=5), json_scalars, max_size=4)
blank_lines = st.sampled_from(["", " ", "\t", "  \r"])


def jsonl(text: str | bytes, limits: Limits | None = None) -> list[SourceItem]:
    """Read JSON lines from text (or bytes), as from a binary file."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return list(read_json_lines(io.BytesIO(data), limits))


def test_jsonl_values_get_their_line_numbers() -> None:
    """Each line's value comes with its line number, from 1."""
    expected = [RawRecord(1, {"id": "a"}), RawRecord(2, {"id": "b"})]
    assert expected == jsonl('{"id": "a"}\n{"id": "b"}\n')


def test_jsonl_blank_lines_are_skipped_but_counted() -> None:
    """Whitespace-only lines are not records, and later lines keep their numbers."""
    expected = [RawRecord(2, {"id": "a"}), RawRecord(5, {"id": "b"})]
    assert expected == jsonl('\n{"id": "a"}\n   \n\t\r\n{"id": "b"}')


def test_jsonl_crlf_line_endings() -> None:
    """Windows line endings read like Unix ones."""
    assert [RawRecord(1, 1), RawRecord(2, 2)] == jsonl("1\r\n2\r\n")


def test_jsonl_leading_bom_is_ignored() -> None:
    """A UTF-8 byte order mark before the first line is not part of it."""
    assert [RawRecord(1, {"id": "æ"})] == jsonl(b'\xef\xbb\xbf{"id": "\xc3\xa6"}\n')


def test_jsonl_line_that_is_not_json_names_the_column_and_reading_goes_on() -> None:
    """A syntax error is one unreadable item with the decoder's message; the next line is read."""
    expected = [
        UnreadableRecord(1, "line is not valid JSON: Expecting ',' delimiter (column 12)"),
        RawRecord(2, {"id": "b"}),
    ]
    assert expected == jsonl('{"id": "a" "kind": 1}\n{"id": "b"}\n')


def test_jsonl_syntax_error_message_never_repeats_the_line() -> None:
    """Messages for malformed lines hold no digits or words from the input."""
    items = jsonl(f'{{"text": "cpr {CPR}"\n{{"x": "{CPR}\nHemmeligt {CPR}\n"\\{CPR}"\n')
    messages = [item.message for item in items if isinstance(item, UnreadableRecord)]
    assert len(messages) == 4
    assert not any("010190" in message or "Hemmeligt" in message for message in messages)


def test_jsonl_unterminated_string_message_reads_well() -> None:
    """Decoder messages ending in "at" are followed by the column without parentheses."""
    assert [
        UnreadableRecord(1, "line is not valid JSON: Unterminated string starting at column 7")
    ] == (jsonl('{"a": "b\n'))


def test_jsonl_extra_data_after_a_value() -> None:
    """Two values on one line are an error at the start of the second."""
    assert [UnreadableRecord(1, "line is not valid JSON: Extra data (column 4)")] == jsonl(
        "{} {}\n"
    )


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_jsonl_non_finite_numbers_are_not_json(constant: str) -> None:
    """Python's json extensions NaN and Infinity are rejected, naming the constant."""
    message = f"line is not valid JSON: {constant} is not a JSON number"
    expected = [UnreadableRecord(1, message, path="advisory.admitted_hours", record="vk-1")]
    assert expected == jsonl(f'{{"id": "vk-1", "advisory": {{"admitted_hours": {constant}}}}}\n')


def test_jsonl_invalid_utf8_spoils_only_its_line() -> None:
    """Undecodable bytes make their line unreadable, naming the byte; other lines are read."""
    expected = [
        RawRecord(1, 1),
        UnreadableRecord(2, "line is not valid UTF-8 (byte 8 cannot be decoded)"),
        RawRecord(3, 3),
    ]
    assert expected == jsonl(b'1\n{"a": "\xff"}\n3\n')


def test_jsonl_nesting_too_deep_is_unreadable_not_a_crash() -> None:
    """A line nested beyond the limit is an unreadable line; the next is read."""
    expected = [
        UnreadableRecord(1, "line is nested deeper than the limit of 64 levels"),
        UnreadableRecord(1, "line is nested deeper than the limit of 3 levels"),
        RawRecord(2, [[[]]]),
    ]
    deep = jsonl("[" * 100_000 + "\n", None)
    assert expected[:1] == deep
    assert expected[1:] == jsonl('[[[["x"]]]]\n[[[]]]\n', Limits(nesting_depth=3))


def test_jsonl_line_longer_than_the_limit_is_skipped_to_its_end() -> None:
    """An overlong line is one unreadable record, and the next line keeps its number."""
    long_line = '{"id": "' + "x" * 200 + '"}\n'
    expected = [
        RawRecord(1, {}),
        UnreadableRecord(2, "line is longer than the limit of 100 bytes"),
        RawRecord(3, {}),
    ]
    assert expected == jsonl("{}\n" + long_line + "{}\n", Limits(line_length=100))


def test_jsonl_non_objects_are_values_for_the_checker() -> None:
    """Any JSON value is passed on; whether it is a record is the checker's business."""
    assert [RawRecord(1, 5), RawRecord(2, []), RawRecord(3, None)] == jsonl("5\n[]\nnull\n")


def test_jsonl_is_read_lazily() -> None:
    """Reading the first item consumes only the first line of the stream."""
    stream = io.BytesIO(b"{}\n" * 1000)
    first = next(read_json_lines(stream))
    expected = (RawRecord(1, {}), 3)
    assert expected == (first, stream.tell())


@given(st.lists(st.tuples(st.lists(blank_lines, max_size=2), json_objects), max_size=6))
def test_jsonl_round_trip_with_blank_lines(
    chunks: list[tuple[list[str], dict[str, object]]],
) -> None:
    """Objects written one a line, with blank lines between, read back with their lines."""
    lines: list[str] = []
    expected: list[SourceItem] = []
    for blanks, record in chunks:
        lines.extend(blanks)
        lines.append(json.dumps(record, ensure_ascii=False))
        expected.append(RawRecord(len(lines), record))
    assert expected == jsonl("\n".join(lines))


def test_json_array_elements_get_the_line_where_they_start() -> None:
    """Each element of an array is an item at the line of its first character."""
    text = '[\n  {"id": "a",\n   "kind": "x"},\n\n  {"id": "b"}, 5]'
    expected = [RawRecord(2, {"id": "a", "kind": "x"}), RawRecord(5, {"id": "b"}), RawRecord(5, 5)]
    assert expected == list(read_json_text(text.encode()))


def test_json_single_object() -> None:
    """A document that is one object is one item."""
    assert [RawRecord(2, {"id": "a"})] == list(read_json_text(b'\n {"id": "a"}\n'))


def test_json_empty_array_has_no_items() -> None:
    """An empty array holds no records."""
    expected: list[SourceItem] = []
    assert expected == list(read_json_text(b" [ \n ] \n"))


def test_json_bom_is_ignored() -> None:
    """A byte order mark before the document is skipped."""
    assert [RawRecord(2, {})] == list(read_json_text(b"\xef\xbb\xbf[\n{}]"))


def test_json_syntax_error_spoils_only_its_element() -> None:
    """A malformed element is one unreadable item at its line; the next elements are read."""
    text = '[\n {"id": "a"},\n {"id": "b" "x": 1},\n {"id": "c"}\n]'
    expected = [
        RawRecord(2, {"id": "a"}),
        UnreadableRecord(3, "record is not valid JSON: Expecting ',' delimiter (column 13)"),
        RawRecord(4, {"id": "c"}),
    ]
    assert expected == list(read_json_text(text.encode()))


LOST = "and the rest of the file could not be read"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("[1,]", [RawRecord(1, 1)]),
        (
            "[\n{} {}]",
            [
                RawRecord(2, {}),
                UnreadableRecord(
                    2,
                    "file is not valid JSON: expected ',' or ']' after the element (column 4); "
                    f"1 element was read before it, {LOST}",
                ),
            ],
        ),
        (
            "[]\n[]",
            [
                UnreadableRecord(
                    2,
                    "file is not valid JSON: more data after the document (column 1); "
                    "it was not read",
                )
            ],
        ),
        (
            "[\n{",
            [
                UnreadableRecord(
                    2,
                    "file is not valid JSON: the file ends inside an element; "
                    f"0 elements were read before it, {LOST}",
                )
            ],
        ),
        (
            '[{"a": 1},\n{"b": "open',
            [
                RawRecord(1, {"a": 1}),
                UnreadableRecord(
                    2,
                    "file is not valid JSON: the file ends inside an element; "
                    f"1 element was read before it, {LOST}",
                ),
            ],
        ),
        (
            "[1,\n2",
            [
                RawRecord(1, 1),
                RawRecord(2, 2),
                UnreadableRecord(
                    2,
                    "file is not valid JSON: the array is not closed with ']'; "
                    f"2 elements were read before it, {LOST}",
                ),
            ],
        ),
    ],
)
def test_json_malformed_documents(text: str, expected: list[SourceItem]) -> None:
    """Elements are read while their boundaries are clear; then one item says what was lost."""
    assert expected == list(read_json_text(text.encode()))


def test_json_non_finite_number_spoils_only_its_element() -> None:
    """NaN in one element makes that element unreadable; the others are read."""
    expected = [
        RawRecord(1, {"a": 1}),
        UnreadableRecord(2, "record is not valid JSON: NaN is not a JSON number", path="b"),
        RawRecord(3, {"c": 3}),
    ]
    assert expected == list(read_json_text(b'[{"a": 1},\n{"b": NaN},\n{"c": 3}]'))


def test_json_invalid_utf8_in_a_string_spoils_only_its_element() -> None:
    """Undecodable bytes inside an element's string make that element unreadable."""
    expected = [
        RawRecord(1, {"a": 1}),
        UnreadableRecord(2, "record is not valid UTF-8: it holds bytes that cannot be decoded"),
        RawRecord(3, {"c": 3}),
    ]
    assert expected == list(read_json_text(b'[{"a": 1},\n{"b": "\xff"},\n{"c": 3}]'))


def test_json_invalid_utf8_outside_strings_is_a_syntax_error() -> None:
    """An undecodable byte where an element should be is named as such."""
    expected = [
        UnreadableRecord(
            2, "record is not valid JSON: a byte that cannot be decoded as UTF-8 (column 1)"
        )
    ]
    assert expected == list(read_json_text(b"[\n\xff]"))


def test_json_nesting_too_deep_spoils_only_its_element() -> None:
    """An element nested beyond the limit is unreadable, whatever its depth; reading goes on."""
    deep = b"[" * 100_000 + b"]" * 100_000
    expected = [
        RawRecord(1, 1),
        UnreadableRecord(2, "record is nested deeper than the limit of 64 levels"),
        RawRecord(3, 2),
    ]
    assert expected == list(read_json_text(b"[1,\n" + deep + b",\n2]"))


def test_json_is_read_in_blocks_with_elements_across_them() -> None:
    """Elements and strings that straddle the reader's blocks read whole, at their lines."""
    records = [{"id": f"r{index}", "text": "æ" * 30_001} for index in range(6)]
    text = "[\n" + ",\n".join(json.dumps(record, ensure_ascii=False) for record in records) + "\n]"
    expected = [RawRecord(index + 2, record) for index, record in enumerate(records)]
    assert expected == list(read_json_text(text.encode()))


@given(st.lists(json_objects, max_size=5), st.lists(st.sampled_from(["\n", " ", ""]), min_size=12))
def test_json_array_round_trip(records: list[dict[str, object]], gaps: list[str]) -> None:
    """Elements of an array with any whitespace between them read back at their lines."""
    text = "[" + gaps[0]
    expected: list[SourceItem] = []
    for index, record in enumerate(records):
        if index:
            text += "," + gaps[index + 1]
        expected.append(RawRecord(text.count("\n") + 1, record))
        text += json.dumps(record, ensure_ascii=False)
    text += gaps[-1] + "]"
    assert expected == list(read_json_text(text.encode()))


def test_read_source_by_suffix(tmp_path: Path) -> None:
    """``.jsonl`` reads lines, ``.json`` reads a document; suffixes are compared without case."""
    lines = tmp_path / "a.JSONL"
    lines.write_text("1\n2\n", encoding="utf-8")
    document = tmp_path / "b.json"
    document.write_text("[1,\n2]", encoding="utf-8")
    assert [RawRecord(1, 1), RawRecord(2, 2)] == list(read_source(str(lines)))
    assert [RawRecord(1, 1), RawRecord(2, 2)] == list(read_source(str(document)))


def test_read_source_stdin() -> None:
    """``-`` reads JSON lines from the given binary stream."""
    assert [RawRecord(1, {})] == list(read_source("-", io.BytesIO(b"{}\n")))


def test_read_source_missing_file_raises_oserror(tmp_path: Path) -> None:
    """A file that does not exist raises FileNotFoundError when read."""
    with pytest.raises(FileNotFoundError):
        list(read_source(str(tmp_path / "missing.jsonl")))


def test_read_source_rejects_unsupported_suffix(tmp_path: Path) -> None:
    """A path with another suffix is a ValueError naming the supported ones."""
    with pytest.raises(ValueError, match=r"\.jsonl, \.json"):
        list(read_source(str(tmp_path / "records.csv")))


@pytest.mark.parametrize(
    ("path", "supported"),
    [
        ("-", True),
        ("a.jsonl", True),
        ("a.json", True),
        ("A.JSON", True),
        ("a.csv", False),
        ("jsonl", False),
        ("a.toml", True),
        ("templates.TOML", True),
        ("a.yaml", False),
        ("a.jsonl.gz", False),
    ],
)
def test_unsupported_reason(path: str, supported: bool) -> None:
    """Only ``.jsonl``, ``.json``, ``.toml`` and ``-`` are sources."""
    assert supported == (unsupported_reason(path) is None)


def test_display_name() -> None:
    """Standard input is shown as ``<stdin>``, files as given."""
    expected = ("<stdin>", "logs/a.jsonl")
    assert expected == (display_name("-"), display_name("logs/a.jsonl"))


def test_jsonl_repeated_field_is_unreadable() -> None:
    """A field given twice would let the last value silently win; the line is unreadable."""
    message = "line is not valid JSON: the field 'audio' appears twice in one object"
    expected = [UnreadableRecord(1, message, path="recording.audio", record="a")]
    assert expected == jsonl('{"id": "a", "recording": {"audio": true, "audio": false}}\n')


def test_json_repeated_field_spoils_only_its_element() -> None:
    """In a JSON array, a repeated field makes only its element unreadable."""
    expected = [
        UnreadableRecord(
            1, "record is not valid JSON: the field 'a' appears twice in one object", path="a"
        ),
        RawRecord(2, {"b": 2}),
    ]
    assert expected == list(read_json_text(b'[{"a": 1, "a": 2},\n{"b": 2}]'))


def test_jsonl_integer_too_long_is_unreadable_not_a_crash() -> None:
    """An integer with more digits than Python reads is an unreadable line."""
    expected = [
        UnreadableRecord(
            1,
            "line is not valid JSON: a number has 5000 digits, more than can be read",
            path="participants[1].id",
            record="vk-1",
        )
    ]
    people = '[{"id": "p1"}, {"id": ' + "1" * 5000 + "}]"
    assert expected == jsonl('{"id": "vk-1", "participants": ' + people + "}\n")


TEMPLATES = """\
# Standard set-ups of RH-Kardiologi
[[meeting]]
id = "kardio-vk"
kind = "video_consultation"
platform = "minsp"
start = 2026-12-01T10:00:00+01:00

[[meeting.participants]]
id = "p1"
role = "doctor"

[[meeting]]
id = "kardio-konference"
kind = "patient_conference"
platform = "teams"
"""


def test_toml_meetings_are_records_at_their_table_lines() -> None:
    """Each [[meeting]] table is one record at its header's line, TOML date-times kept."""
    items = list(read_toml_meetings(TEMPLATES.encode()))
    assert [2, 12] == [item.line for item in items]
    first = items[0]
    assert isinstance(first, RawRecord)
    assert isinstance(first.data, dict)
    assert "p1" == first.data["participants"][0]["id"]
    assert oc.load_meeting(first.data).start == dt.datetime(
        2026, 12, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('[[meeting]]\nid = "a"\nkind = \n', 3, "not valid TOML"),
        ('title = "x"\n[[meeting]]\nid = "a"\n', 1, "unknown key 'title'"),
        ('[[meetings]]\nid = "a"\n', 1, "did you mean 'meeting'?"),
        ('[meeting]\nid = "a"\n', 1, "expected [[meeting]] tables"),
        ("meeting = [1]\n", 1, "expected a [[meeting]] table"),
    ],
)
def test_toml_problems_are_unreadable_records_at_their_line(
    text: str, line: int, fragment: str
) -> None:
    """A syntax error, a stray key or a meeting that is no table is one OC000 at its line."""
    problems = [
        item for item in read_toml_meetings(text.encode()) if isinstance(item, UnreadableRecord)
    ]
    assert [line] == [problem.line for problem in problems[:1]]
    assert fragment in problems[0].message


def test_toml_that_is_not_utf8_is_one_unreadable_record() -> None:
    """Bytes that are not UTF-8 make the file one unreadable record, not a crash."""
    (item,) = read_toml_meetings(b'[[meeting]]\nid = "\xff"\n')
    assert isinstance(item, UnreadableRecord)
    assert "UTF-8" in item.message


def test_toml_naive_date_time_is_an_input_error() -> None:
    """A TOML local date-time has no offset, so the loader refuses it as it refuses JSON's."""
    (item,) = read_toml_meetings(
        b'[[meeting]]\nid = "a"\nkind = "internal_meeting"\n'
        b'platform = "teams"\nstart = 2026-12-01T10:00:00\n'
    )
    assert isinstance(item, RawRecord)
    with pytest.raises(oc.InvalidRecord, match="no UTC offset"):
        oc.load_meeting(item.data)


def test_toml_items_come_in_the_order_of_the_file() -> None:
    """A stray key after the meetings is reported at its line, after them: output stays sorted."""
    text = b'[[meeting]]\nid = "a"\n\n[other]\nx = 1\n'
    assert [1, 4] == [item.line for item in read_toml_meetings(text)]
