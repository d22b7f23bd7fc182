"""Reading JSON lines (``.jsonl`` and standard input): one record a line, streamed.

One line is in memory at a time, and no more than the line limit of it: a
longer line is skipped to its end and is one :class:`~.items.UnreadableRecord`.
A line that is not UTF-8 or not JSON, or nests deeper than the limit, is one
unreadable record too, and reading goes on with the next line.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Protocol

from onlinecompliance.model import Limits

from .decoder import (
    UTF8_BOM,
    StrictDecoder,
    describe_syntax_error,
    nesting_depth,
    skip_whitespace,
)
from .items import RawRecord, SourceItem, UnreadableRecord, flawed_record

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["LineReader", "read_json_lines"]

_SKIP_CHUNK = 1 << 20
"""How much of an overlong line is read at a time while skipping it."""


class LineReader(Protocol):
    """What JSON lines are read from: a binary file, or a part of one."""

    def readline(self, size: int = -1, /) -> bytes:
        """Read one line, or at most ``size`` bytes of it."""


def read_json_lines(
    stream: LineReader, limits: Limits | None = None, *, first_line: int = 1
) -> Iterator[SourceItem]:
    """Read JSON lines from a binary stream: one value a line; blank lines are skipped.

    A byte order mark before the file's first line is ignored. ``first_line`` is
    the number of the stream's first line in its file, for a part of a file.
    """
    limits = Limits() if limits is None else limits
    decoder = StrictDecoder()
    number = first_line - 1
    while raw := stream.readline(limits.line_length + 1):
        number += 1
        if len(raw) > limits.line_length and not raw.endswith(b"\n"):
            _skip_rest_of_line(stream)
            message = f"line is longer than the limit of {limits.line_length:,} bytes"
            yield UnreadableRecord(number, message)
            continue
        chunk = raw.removeprefix(UTF8_BOM) if number == 1 else raw
        try:
            text = chunk.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as error:
            message = f"line is not valid UTF-8 (byte {error.start + 1} cannot be decoded)"
            yield UnreadableRecord(number, message)
            continue
        if text.strip():
            yield _line_item(number, text, decoder, limits)


def _skip_rest_of_line(stream: LineReader) -> None:
    while (chunk := stream.readline(_SKIP_CHUNK)) and not chunk.endswith(b"\n"):
        pass


def _line_item(number: int, text: str, decoder: StrictDecoder, limits: Limits) -> SourceItem:
    """Read the one value on a line that is not blank."""
    if nesting_depth(text, limits.nesting_depth) > limits.nesting_depth:
        message = f"line is nested deeper than the limit of {limits.nesting_depth} levels"
        return UnreadableRecord(number, message)
    try:
        value, end = decoder.decode(text, skip_whitespace(text, 0))
    except json.JSONDecodeError as error:
        return UnreadableRecord(number, f"line is not valid JSON: {describe_syntax_error(error)}")
    except RecursionError:  # a limit set above what Python's decoder can nest
        return UnreadableRecord(number, "line is not valid JSON: it is nested too deeply")
    rest = skip_whitespace(text, end)
    if rest != len(text):
        return UnreadableRecord(number, f"line is not valid JSON: Extra data (column {rest + 1})")
    problems = decoder.problems(value)
    if problems:
        return flawed_record(number, value, problems, "line is not valid JSON")
    return RawRecord(number, value)
