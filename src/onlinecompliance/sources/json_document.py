"""Reading a JSON document (``.json``): an array of records, or one record.

The file is read whole, then parsed element by element, so a bad element
spoils only itself and each element carries the line where it starts.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .decoder import (
    UNDECODABLE,
    UTF8_BOM,
    StrictDecoder,
    describe_syntax_error,
    skip_whitespace,
)
from .items import RawRecord, SourceItem, UnreadableRecord

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["read_json_text"]


def read_json_text(content: bytes) -> Iterator[SourceItem]:
    """Read a JSON document: an array of records, or a single record.

    Each array element is an item at the line where it starts; an element that
    holds bytes that are not UTF-8, or ``NaN``/``Infinity``, is unreadable on
    its own. A syntax error in the document is one :class:`UnreadableRecord` at
    its line, after which the rest of the document is not read (elements before
    it have been yielded already).
    """
    document = _Document(content.removeprefix(UTF8_BOM).decode("utf-8", "surrogateescape"))
    try:
        yield from document.items()
    except json.JSONDecodeError as error:
        yield UnreadableRecord(
            error.lineno, f"file is not valid JSON: {describe_syntax_error(error)}"
        )
    except RecursionError:
        yield UnreadableRecord(document.line, "file is not valid JSON: it is nested too deeply")


class _Document:
    """A JSON document being read value by value, with the line of the last value."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._decoder = StrictDecoder()
        self._position = 0
        self.line = 1
        """The line of the value read last (or being read)."""

    def items(self) -> Iterator[SourceItem]:
        """Yield the elements of a top-level array, or the single top-level value.

        Raises :class:`json.JSONDecodeError` at the first syntax error.
        """
        text = self._text
        position = skip_whitespace(text, 0)
        if not text.startswith("[", position):
            item, end = self._element(position)
            _expect_end(text, end)
            yield item
            return
        position = skip_whitespace(text, position + 1)
        if text.startswith("]", position):
            _expect_end(text, position + 1)
            return
        while True:
            item, end = self._element(position)
            yield item
            position = skip_whitespace(text, end)
            if text.startswith(",", position):
                position = skip_whitespace(text, position + 1)
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
        if UNDECODABLE.search(self._text, start, end):
            message = "record is not valid UTF-8: it holds bytes that cannot be decoded"
            return UnreadableRecord(self.line, message), end
        if self._decoder.problems:
            message = f"record is not valid JSON: {self._decoder.problems[0]}"
            return UnreadableRecord(self.line, message), end
        return RawRecord(self.line, value), end


def _expect_end(text: str, position: int) -> None:
    position = skip_whitespace(text, position)
    if position != len(text):
        raise json.JSONDecodeError("Extra data", text, position)
