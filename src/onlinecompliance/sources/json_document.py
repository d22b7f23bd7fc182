"""Reading a JSON document (``.json``): an array of records, or one record, streamed.

The file is read in blocks, and each element of the top-level array is found
by its brackets before it is decoded. So memory holds one element at a time,
each element carries the line where it starts, and a bad element spoils only
itself: a syntax error inside it, ``NaN``, a repeated field, bytes that are not
UTF-8, or nesting past the limit is one :class:`~.items.UnreadableRecord`, and
the next element is read. Only when the elements' boundaries are lost (the file
ends inside an element, or the array is not closed) does reading stop, with one
unreadable record that says how many elements were read before.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from typing import TYPE_CHECKING, BinaryIO

from onlinecompliance.model import Limits

from .decoder import UNDECODABLE, UTF8_BOM, StrictDecoder, describe_syntax_error
from .items import RawRecord, SourceItem, UnreadableRecord, flawed_record

if TYPE_CHECKING:
    from collections.abc import Generator, Iterator

__all__ = ["read_json_document", "read_json_text"]

_BLOCK = 1 << 16
"""How many bytes are read at a time."""
_SPACE = re.compile(r"[ \t\n\r]*")
_STRUCTURE = re.compile(r'[^"\[\]{}]*(["\[\]{}])')
"""Everything up to the next quote or bracket, which is captured."""
_STRING_REST = re.compile(r'(?:[^"\\]|\\.)*"', re.DOTALL)
"""The rest of a string after its opening quote, up to and including the closing one."""
_SCALAR_END = re.compile(r"[,\]}\s]")


class _Truncated(Exception):
    """The file ended inside an element."""


def read_json_text(content: bytes, limits: Limits | None = None) -> Iterator[SourceItem]:
    """Read a JSON document held in memory; see :func:`read_json_document`."""
    return read_json_document(io.BytesIO(content), limits)


def read_json_document(
    stream: BinaryIO, limits: Limits | None = None, members: frozenset[str] = frozenset()
) -> Iterator[SourceItem]:
    """Read a JSON document from a binary stream: the elements of an array, or one value.

    With ``members``, a top-level object that has one of these members holding an
    array (an API page such as ``{"meta": …, "objects": […]}``) gives that
    array's elements, each with its line; its other members are skipped.
    """
    return _Reader(stream, Limits() if limits is None else limits, members).items()


class _Reader:
    """A document read block by block, with a position and the line it is on."""

    def __init__(self, stream: BinaryIO, limits: Limits, members: frozenset[str]) -> None:
        self.members = members
        self.stream = stream
        self.limits = limits
        self.decode = codecs.getincrementaldecoder("utf-8")("surrogateescape").decode
        self.text = ""
        self.position = 0
        self.line = 1
        self.at_end = False
        self.decoder = StrictDecoder()
        self.first = True

    def items(self) -> Iterator[SourceItem]:
        self._skip_space()
        if self.members and self._startswith("{"):
            yield from self._wrapped()
            return
        if not self._startswith("["):
            yield from self._single_value()
            return
        if (yield from self._array()):
            yield from self._expect_end()

    def _wrapped(self) -> Iterator[SourceItem]:
        """Give the elements of the first wanted member's array, or else the whole object.

        The object's text stays buffered until its members are known (nothing is
        compacted before an array is entered), so without a wanted member the
        object is decoded whole, as :meth:`_single_value` would.
        """
        start, line = self.position, self.line
        try:
            found = self._find_member()
        except _Truncated:
            yield self._lost(0, "the file ends inside the value", line)
            return
        if not found:
            self.position, self.line = start, line
            yield from self._single_value()
            return
        if not (yield from self._array()):
            return
        try:
            closed = self._skip_members()
        except _Truncated:
            closed = False
        if not closed:
            yield self._lost(0, "the object around the array is not closed with '}'")
            return
        yield from self._expect_end()

    def _find_member(self) -> bool:
        """Move past members to the array of a wanted one; ``False`` when there is none."""
        self._advance(1)
        while True:
            self._skip_space()
            if not self._startswith('"'):
                return False
            end = self._string_end(self.position + 1)
            try:
                key = json.loads(self.text[self.position : end])
            except ValueError:
                return False
            self._advance(end - self.position)
            self._skip_space()
            if not self._startswith(":"):
                return False
            self._advance(1)
            self._skip_space()
            if key in self.members and self._startswith("["):
                return True
            if self._exhausted():
                raise _Truncated
            value_end, _ = self._element_end()
            self._advance(value_end - self.position)
            self._skip_space()
            if not self._startswith(","):
                return False
            self._advance(1)

    def _skip_members(self) -> bool:
        """Move past the members after the array and the closing brace; ``False`` if broken."""
        while True:
            self._skip_space()
            if self._startswith("}"):
                self._advance(1)
                return True
            if not self._startswith(","):
                return False
            self._advance(1)
            self._skip_space()
            if not self._startswith('"'):
                return False
            self._advance(self._string_end(self.position + 1) - self.position)
            self._skip_space()
            if not self._startswith(":"):
                return False
            self._advance(1)
            self._skip_space()
            if self._exhausted():
                return False
            value_end, _depth = self._element_end()
            self._advance(value_end - self.position)

    def _array(self) -> Generator[SourceItem, None, bool]:
        """Give the elements of the array at the position; return whether it was closed."""
        self._advance(1)
        count = 0
        while True:
            self._skip_space()
            if self._startswith("]"):
                self._advance(1)
                return True
            if self._exhausted():
                yield self._lost(count, "the array is not closed with ']'")
                return False
            line = self.line
            try:
                item = self._element(line, self._column())
            except _Truncated:
                yield self._lost(count, "the file ends inside an element", line)
                return False
            count += 1
            yield item
            self._skip_space()
            if self._startswith(","):  # a comma before ']' is forgiven: it loses no record
                self._advance(1)
            elif not self._startswith("]") and not self._exhausted():
                column = self._column()
                message = f"expected ',' or ']' after the element (column {column})"
                yield self._lost(count, message)
                return False

    def _single_value(self) -> Iterator[SourceItem]:
        if self._exhausted():
            return
        line = self.line
        try:
            yield self._element(line, self._column())
        except _Truncated:
            yield self._lost(0, "the file ends inside the value", line)
            return
        yield from self._expect_end()

    def _expect_end(self) -> Iterator[SourceItem]:
        self._skip_space()
        if not self._exhausted():
            yield UnreadableRecord(
                self.line,
                f"file is not valid JSON: more data after the document (column {self._column()}); "
                "it was not read",
            )

    def _lost(self, count: int, why: str, line: int | None = None) -> UnreadableRecord:
        elements = "element was" if count == 1 else "elements were"
        return UnreadableRecord(
            self.line if line is None else line,
            f"file is not valid JSON: {why}; {count:,} {elements} read before it, "
            "and the rest of the file could not be read",
        )

    def _element(self, line: int, column: int) -> SourceItem:
        """Find the element that starts here by its brackets, then decode it on its own."""
        start = self.position
        end, depth = self._element_end()
        text = self.text[start:end]
        self._advance(end - start)
        self._compact()
        if depth > self.limits.nesting_depth:
            limit = self.limits.nesting_depth
            return UnreadableRecord(
                line, f"record is nested deeper than the limit of {limit} levels"
            )
        return self._decoded(text, line, column)

    def _decoded(self, text: str, line: int, column: int) -> SourceItem:
        """Decode one element's text, which starts on ``line`` at ``column``."""
        try:
            value, used = self.decoder.decode(text, 0)
        except json.JSONDecodeError as error:
            syntax = describe_syntax_error(error, column)
            return UnreadableRecord(line + error.lineno - 1, f"record is not valid JSON: {syntax}")
        except RecursionError:
            return UnreadableRecord(line, "record is not valid JSON: it is nested too deeply")
        if _SPACE.fullmatch(text, used) is None:
            return UnreadableRecord(line, "record is not valid JSON: more than one value")
        if UNDECODABLE.search(text):
            message = "record is not valid UTF-8: it holds bytes that cannot be decoded"
            return UnreadableRecord(line, message)
        problems = self.decoder.problems(value)
        if problems:
            return flawed_record(line, value, problems, "record is not valid JSON")
        return RawRecord(line, value)

    def _element_end(self) -> tuple[int, int]:
        """Return where the element at the position ends, and how deeply it nests.

        Reads more blocks as needed; raises :class:`_Truncated` at the end of the file.
        """
        position = self.position
        first = self.text[position]
        if first == '"':
            return self._string_end(position + 1), 0
        if first not in "[{":
            return self._scalar_end(position), 0
        depth = deepest = 0
        while True:
            match = _STRUCTURE.match(self.text, position)
            if match is None:
                position = self._more(position)
                continue
            mark = match[1]
            position = match.end()
            if mark == '"':
                position = self._string_end(position)
            elif mark in "[{":
                depth += 1
                deepest = max(deepest, depth)
            else:
                depth -= 1
                if depth == 0:
                    return position, deepest

    def _string_end(self, position: int) -> int:
        while (match := _STRING_REST.match(self.text, position)) is None:
            position = self._more(position)
        return match.end()

    def _scalar_end(self, position: int) -> int:
        while (match := _SCALAR_END.search(self.text, position)) is None:
            if self.at_end:
                return len(self.text)
            position = self._more(position)
        return match.start()

    def _more(self, position: int) -> int:
        """Read another block, keeping ``position`` valid; raise :class:`_Truncated` at the end."""
        if self.at_end:
            raise _Truncated
        self._read()
        return position

    def _read(self) -> None:
        block = self.stream.read(_BLOCK)
        if self.first:
            block = block.removeprefix(UTF8_BOM)
            self.first = False
        self.at_end = not block
        self.text += self.decode(block, final=self.at_end)

    def _compact(self) -> None:
        """Drop what has been read, so memory holds about one element."""
        if self.position > _BLOCK:
            self.text = self.text[self.position :]
            self.position = 0

    def _fill(self) -> None:
        """Read until a character is at the position, or the file has ended."""
        while self.position >= len(self.text) and not self.at_end:
            self._read()

    def _startswith(self, token: str) -> bool:
        self._fill()
        return self.text.startswith(token, self.position)

    def _exhausted(self) -> bool:
        self._fill()
        return self.position >= len(self.text)

    def _skip_space(self) -> None:
        while True:
            end = self.position
            while end < len(self.text) and self.text[end] in " \t\n\r":
                end += 1
            self._advance(end - self.position)
            if end < len(self.text) or self.at_end:
                return
            self._read()

    def _advance(self, count: int) -> None:
        self.line += self.text.count("\n", self.position, self.position + count)
        self.position += count

    def _column(self) -> int:
        return self.position - (self.text.rfind("\n", 0, self.position) + 1) + 1
