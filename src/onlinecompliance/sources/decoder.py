"""Decoding JSON strictly, and describing what went wrong without repeating the input.

Both JSON readers share this: Python's decoder lets through ``NaN``, repeated
fields and integers too long to convert, which a log must not have, and its
error messages can quote the input.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from onlinecompliance.scan import describe

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "UNDECODABLE",
    "UTF8_BOM",
    "StrictDecoder",
    "describe_syntax_error",
    "nesting_depth",
    "skip_whitespace",
]

UTF8_BOM = b"\xef\xbb\xbf"
"""A byte order mark that editors on Windows put at the start of UTF-8 files."""
_JSON_WHITESPACE = " \t\n\r"
_LONGEST_INTEGER = 4300
"""Python's default limit on the digits of an integer read from a string."""
UNDECODABLE = re.compile("[\udc80-\udcff]")
"""Characters that ``surrogateescape`` puts in place of bytes that are not UTF-8."""


_QUOTED_INPUT = re.compile(r": '.*'$", re.DOTALL)
"""The input a decoder message may end with, which must not be repeated."""
_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.DOTALL)
"""A whole string (skipped), or a bracket that opens or closes a level."""


def nesting_depth(text: str, limit: int) -> int:
    """Return how deeply ``text`` nests arrays and objects, or 0 if it cannot pass ``limit``.

    Most records have fewer brackets than the limit and are not scanned at all.
    Counting stops once the limit is passed, so a line nested a hundred
    thousand levels deep costs no more than one nested just past it.
    """
    if text.count("[") + text.count("{") <= limit:
        return 0
    depth = deepest = 0
    for match in _STRUCTURE.finditer(text):
        mark = match[0]
        if mark in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        elif mark in "]}":
            depth -= 1
    return deepest


def skip_whitespace(text: str, position: int) -> int:
    """Return the first position at or after ``position`` that is not JSON white space."""
    length = len(text)
    while position < length and text[position] in _JSON_WHITESPACE:
        position += 1
    return position


def describe_syntax_error(error: json.JSONDecodeError, first_column: int = 1) -> str:
    """Describe a syntax error by the decoder's message and column, never the input.

    ``first_column`` is the column where the decoded text starts in its line of
    the file, so an error on that line is located in the file, not the text.
    """
    # The pure-Python decoder appends the offending character ("Invalid \\escape: 'x'").
    message = _QUOTED_INPUT.sub("", error.msg)
    if error.pos < len(error.doc) and UNDECODABLE.match(error.doc, error.pos):
        message = "a byte that cannot be decoded as UTF-8"
    column = error.colno + (first_column - 1 if error.lineno == 1 else 0)
    if message.endswith(" at"):
        return f"{message} column {column}"
    return f"{message} (column {column})"


class StrictDecoder:
    """A JSON decoder that notes what Python's decoder lets through but a log must not have.

    ``NaN`` and ``Infinity`` are not JSON; a repeated field would let its last
    value silently win (``{"audio": true, "audio": false}``); an integer too long
    for Python to convert would raise. Each becomes a problem of the value, so
    the record is reported unreadable instead, at the field's path
    (:meth:`problems`): the decoder leaves a marker where each problem is, and
    only a value with problems is walked to find them.
    """

    def __init__(self) -> None:
        self._found = 0
        self._decoder = json.JSONDecoder(
            parse_constant=self._constant,
            parse_int=self._integer,
            object_pairs_hook=self._object,
        )

    def decode(self, text: str, position: int) -> tuple[object, int]:
        """Decode the value at ``position``; return it and where it ends."""
        self._found = 0
        value, end = self._decoder.raw_decode(text, position)
        return value, end

    def problems(self, value: object) -> list[tuple[str, str]]:
        """Return ``(path, message)`` for each problem of ``value``, decoded last, in order."""
        return list(_problems(value, "")) if self._found else []

    def _constant(self, name: str) -> _Flaw:
        self._found += 1
        return _Flaw(f"{name} is not a JSON number")

    def _integer(self, digits: str) -> int | _Flaw:
        if len(digits) > _LONGEST_INTEGER:
            self._found += 1
            return _Flaw(f"a number has {len(digits)} digits, more than can be read")
        return int(digits)

    def _object(self, pairs: list[tuple[str, object]]) -> dict[str, object]:
        value = dict(pairs)
        if len(value) == len(pairs):
            return value
        self._found += 1  # rare: only then find which field repeats
        return _RepeatedField(value, _first_repeated(pairs))


def _first_repeated(pairs: list[tuple[str, object]]) -> str:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            return key
        seen.add(key)
    raise ValueError("no field repeats")


class _Flaw:
    """What the decoder leaves where a value cannot be read (a number out of JSON's bounds)."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


class _RepeatedField(dict[str, object]):
    """An object in which a field appears twice; the field is kept to name it."""

    def __init__(self, value: dict[str, object], field: str) -> None:
        super().__init__(value)
        self.field = field


def _problems(value: object, path: str) -> Iterator[tuple[str, str]]:
    """Walk a decoded value for the decoder's markers, with their record paths."""
    if isinstance(value, _Flaw):
        yield path, value.message
    elif isinstance(value, dict):
        if isinstance(value, _RepeatedField):
            field = f"{path}.{value.field}" if path else value.field
            yield field, f"the field {describe(value.field)} appears twice in one object"
        for key, item in value.items():
            yield from _problems(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _problems(item, f"{path}[{index}]")
