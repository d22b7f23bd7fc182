"""Reading input files into JSON values, each with the line where it starts.

A source is a ``.jsonl`` file (one record a line), a ``.json`` file (an array of
records, or one record) or ``-`` for JSON lines on standard input. Reading never
raises for bad content: a line or element that is not JSON becomes an
:class:`UnreadableRecord` with a message that describes the problem without
repeating the input, and the next one is read. Only the operating system's
errors (a missing file, a read error) raise :class:`OSError`.

JSON lines are streamed: one line is in memory at a time. A ``.json`` file is
read whole, then parsed element by element, so a bad element spoils only itself.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import attrs

from .errors import describe

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = [
    "STDIN",
    "SUPPORTED_SUFFIXES",
    "RawRecord",
    "SourceItem",
    "UnreadableRecord",
    "display_name",
    "read_json_lines",
    "read_json_text",
    "read_source",
    "unsupported_reason",
]

STDIN = "-"
"""The path that stands for JSON lines on standard input."""
SUPPORTED_SUFFIXES = (".jsonl", ".json")
"""File name endings a source may have (compared without case)."""

_BOM = b"\xef\xbb\xbf"
_JSON_WHITESPACE = " \t\n\r"
_LONGEST_INTEGER = 4300
"""Python's default limit on the digits of an integer read from a string."""
_UNDECODABLE = re.compile("[\udc80-\udcff]")
"""Characters that ``surrogateescape`` puts in place of bytes that are not UTF-8."""


@attrs.frozen
class RawRecord:
    """A JSON value read from a source, not yet checked."""

    line: int
    """The line where the value starts, from 1."""
    data: object


@attrs.frozen
class UnreadableRecord:
    """A line or element that is not JSON (or not UTF-8)."""

    line: int
    """The line where the problem is, from 1."""
    message: str
    """What is wrong, naming a column but never repeating the input."""


SourceItem: TypeAlias = RawRecord | UnreadableRecord


def display_name(path: str) -> str:
    """Name a source in findings: the path as given, ``<stdin>`` for ``-``."""
    return "<stdin>" if path == STDIN else path


def unsupported_reason(path: str) -> str | None:
    """Say why ``path`` cannot be a source, or return ``None`` when it can."""
    if path == STDIN or Path(path).suffix.lower() in SUPPORTED_SUFFIXES:
        return None
    supported = ", ".join(SUPPORTED_SUFFIXES)
    return f"unsupported file type; use {supported} files, or - for JSON lines on standard input"


def read_source(path: str, stdin: Iterable[bytes] | None = None) -> Iterator[SourceItem]:
    """Read the source at ``path`` lazily, one item per record, in input order.

    ``-`` reads JSON lines from ``stdin``: lines of bytes, such as ``sys.stdin.buffer``.
    Raises :class:`OSError` (when iterated) if the file cannot be opened or read,
    and :class:`ValueError` for a path :func:`unsupported_reason` rejects.
    """
    if path == STDIN:
        if stdin is None:
            raise ValueError("no standard input to read JSON lines from")
        yield from read_json_lines(stdin)
        return
    reason = unsupported_reason(path)
    if reason is not None:
        raise ValueError(reason)
    if Path(path).suffix.lower() == ".json":
        yield from read_json_text(Path(path).read_bytes())
        return
    with Path(path).open("rb") as file:
        yield from read_json_lines(file)


def read_json_lines(lines: Iterable[bytes]) -> Iterator[SourceItem]:
    """Read JSON lines: one value a line; blank lines are skipped.

    A leading byte order mark is ignored. A line that is not UTF-8 or not JSON
    is one :class:`UnreadableRecord`, and reading goes on with the next line.
    """
    decoder = _Decoder()
    for number, raw in enumerate(lines, start=1):
        chunk = raw.removeprefix(_BOM) if number == 1 else raw
        try:
            text = chunk.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as error:
            message = f"line is not valid UTF-8 (byte {error.start + 1} cannot be decoded)"
            yield UnreadableRecord(number, message)
            continue
        if text.strip():
            yield _line_item(number, text, decoder)


def _line_item(number: int, text: str, decoder: _Decoder) -> SourceItem:
    """Read the one value on a line that is not blank."""
    try:
        value, end = decoder.decode(text, _skip_whitespace(text, 0))
    except json.JSONDecodeError as error:
        return UnreadableRecord(number, f"line is not valid JSON: {_syntax(error)}")
    except RecursionError:
        return UnreadableRecord(number, "line is not valid JSON: it is nested too deeply")
    rest = _skip_whitespace(text, end)
    if rest != len(text):
        return UnreadableRecord(number, f"line is not valid JSON: Extra data (column {rest + 1})")
    if decoder.problems:
        return UnreadableRecord(number, f"line is not valid JSON: {decoder.problems[0]}")
    return RawRecord(number, value)


def read_json_text(content: bytes) -> Iterator[SourceItem]:
    """Read a JSON document: an array of records, or a single record.

    Each array element is an item at the line where it starts; an element that
    holds bytes that are not UTF-8, or ``NaN``/``Infinity``, is unreadable on
    its own. A syntax error in the document is one :class:`UnreadableRecord` at
    its line, after which the rest of the document is not read (elements before
    it have been yielded already).
    """
    document = _Document(content.removeprefix(_BOM).decode("utf-8", "surrogateescape"))
    try:
        yield from document.items()
    except json.JSONDecodeError as error:
        yield UnreadableRecord(error.lineno, f"file is not valid JSON: {_syntax(error)}")
    except RecursionError:
        yield UnreadableRecord(document.line, "file is not valid JSON: it is nested too deeply")


class _Document:
    """A JSON document being read value by value, with the line of the last value."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._decoder = _Decoder()
        self._position = 0
        self.line = 1
        """The line of the value read last (or being read)."""

    def items(self) -> Iterator[SourceItem]:
        """Yield the elements of a top-level array, or the single top-level value.

        Raises :class:`json.JSONDecodeError` at the first syntax error.
        """
        text = self._text
        position = _skip_whitespace(text, 0)
        if not text.startswith("[", position):
            item, end = self._element(position)
            _expect_end(text, end)
            yield item
            return
        position = _skip_whitespace(text, position + 1)
        if text.startswith("]", position):
            _expect_end(text, position + 1)
            return
        while True:
            item, end = self._element(position)
            yield item
            position = _skip_whitespace(text, end)
            if text.startswith(",", position):
                position = _skip_whitespace(text, position + 1)
            elif text.startswith("]", position):
                _expect_end(text, position + 1)
                return
            else:
                raise json.JSONDecodeError("Expecting ',' delimiter", text, position)

    def _element(self, start: int) -> tuple[SourceItem, int]:
        """Read the value at ``start``; return it as an item, and where it ends."""
        self.line += self._text.count("\n", self._position, start)
        self._position = start
        value, end = self._decoder.decode(self._text, start)
        if _UNDECODABLE.search(self._text, start, end):
            message = "record is not valid UTF-8: it holds bytes that cannot be decoded"
            return UnreadableRecord(self.line, message), end
        if self._decoder.problems:
            message = f"record is not valid JSON: {self._decoder.problems[0]}"
            return UnreadableRecord(self.line, message), end
        return RawRecord(self.line, value), end


def _expect_end(text: str, position: int) -> None:
    position = _skip_whitespace(text, position)
    if position != len(text):
        raise json.JSONDecodeError("Extra data", text, position)


def _skip_whitespace(text: str, position: int) -> int:
    length = len(text)
    while position < length and text[position] in _JSON_WHITESPACE:
        position += 1
    return position


def _syntax(error: json.JSONDecodeError) -> str:
    """Describe a syntax error by the decoder's message and column, never the input."""
    # The pure-Python decoder appends the offending character ("Invalid \\escape: 'x'").
    message = error.msg.split(":", 1)[0]
    if error.pos < len(error.doc) and _UNDECODABLE.match(error.doc, error.pos):
        message = "a byte that cannot be decoded as UTF-8"
    if message.endswith(" at"):
        return f"{message} column {error.colno}"
    return f"{message} (column {error.colno})"


class _Decoder:
    """A JSON decoder that notes what Python's decoder lets through but a log must not have.

    ``NaN`` and ``Infinity`` are not JSON; a repeated field would let its last
    value silently win (``{"audio": true, "audio": false}``); an integer too long
    for Python to convert would raise. Each becomes a problem of the value, so
    the record is reported unreadable instead.
    """

    def __init__(self) -> None:
        self.problems: list[str] = []
        """Problems of the value decoded last, in the order met."""
        self._decoder = json.JSONDecoder(
            parse_constant=self._constant,
            parse_int=self._integer,
            object_pairs_hook=self._object,
        )

    def decode(self, text: str, position: int) -> tuple[object, int]:
        """Decode the value at ``position``; return it and where it ends."""
        self.problems = []
        value, end = self._decoder.raw_decode(text, position)
        return value, end

    def _constant(self, name: str) -> None:
        self.problems.append(f"{name} is not a JSON number")

    def _integer(self, digits: str) -> int:
        if len(digits) > _LONGEST_INTEGER:
            self.problems.append(f"a number has {len(digits)} digits, more than can be read")
            return 0
        return int(digits)

    def _object(self, pairs: list[tuple[str, object]]) -> dict[str, object]:
        value = dict(pairs)
        if len(value) != len(pairs):  # rare: only then find which field repeats
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    self.problems.append(f"the field {describe(key)} appears twice in one object")
                    break
                seen.add(key)
        return value
