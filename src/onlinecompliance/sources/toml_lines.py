"""The line of every table and key of a TOML document, for messages that point into it.

:mod:`tomllib` returns values without positions, so findings and errors about
a TOML file could not name a line. :func:`key_lines` reads the text once more
and records where each table header and each key starts, by its path in the
parsed document: ``("criteria", 1)`` is the second ``[[criteria]]`` table and
``("criteria", 1, "department")`` its ``department`` key. Values inside inline
tables and arrays are not located; :func:`line_of` falls back to the nearest
enclosing key.

It reads only documents that :mod:`tomllib` has accepted, so it need not
report syntax errors; on anything it does not expect it stops and returns what
it found so far.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["KeyPath", "SyntaxErrorPlace", "key_lines", "line_of", "syntax_error_place"]

KeyPath = tuple[str | int, ...]
"""A place in a parsed TOML document: keys, and indexes into arrays of tables."""

_ERROR_PLACE = re.compile(r"^(?P<message>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BASIC_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL_STRING = re.compile(r"'[^'\n]*'")
_SCALAR_END = re.compile(r"[,\]}\n#]")
_ESCAPES = {'"': '"', "\\": "\\", "b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r"}


def key_lines(text: str) -> dict[KeyPath, int]:
    """Return the line (from 1) of each table header and key of ``text``, by key path."""
    return _Locator(text).run()


def line_of(lines: Mapping[KeyPath, int], path: KeyPath) -> int | None:
    """Return the line of ``path``, or of the nearest enclosing key that has one."""
    for end in range(len(path), 0, -1):
        line = lines.get(path[:end])
        if line is not None:
            return line
    return None


class SyntaxErrorPlace(NamedTuple):
    """A TOML syntax error: the parser's words (which quote no value) and where."""

    message: str
    line: int
    column: int


def syntax_error_place(error: ValueError) -> SyntaxErrorPlace:
    """Split a ``tomllib.TOMLDecodeError`` into its words, line and column.

    The position is read from the message (``... (at line 3, column 9)``); the
    attributes that hold it exist only from Python 3.14 on.
    """
    match = _ERROR_PLACE.match(str(error))
    if match is None:
        return SyntaxErrorPlace(str(error), 1, 1)
    return SyntaxErrorPlace(match["message"], int(match["line"]), int(match["column"]))


class _Locator:
    """One pass over a TOML text, keeping the position and the current table."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0
        self.found: dict[KeyPath, int] = {}
        self.table: KeyPath = ()
        self.array_counts: dict[KeyPath, int] = {}
        """How many tables each array of tables has had so far, by its path."""

    def run(self) -> dict[KeyPath, int]:
        try:
            while self._skip_blank_lines():
                if self.text.startswith("[", self.position):
                    self._header()
                else:
                    self._key_value()
        except (IndexError, ValueError):  # not the TOML expected: keep what was found
            pass
        return self.found

    def _line(self) -> int:
        return self.text.count("\n", 0, self.position) + 1

    def _skip_blank_lines(self) -> bool:
        """Move past white space, comments and newlines; return whether text is left."""
        text = self.text
        while self.position < len(text):
            char = text[self.position]
            if char in " \t\r\n":
                self.position += 1
            elif char == "#":
                end = text.find("\n", self.position)
                self.position = len(text) if end < 0 else end
            else:
                return True
        return False

    def _skip_spaces(self) -> None:
        while self.text[self.position : self.position + 1] in {" ", "\t"}:
            self.position += 1

    def _header(self) -> None:
        line = self._line()
        is_array = self.text.startswith("[[", self.position)
        self.position += 2 if is_array else 1
        self._skip_spaces()
        keys = self._dotted_key()
        self._skip_spaces()
        self.position += 2 if is_array else 1
        for end in range(1, len(keys)):  # ``[a.b]`` makes ``a`` a table too, here at the latest
            self.found.setdefault(self._concrete(keys[:end]), line)
        path = (*self._concrete(keys[:-1]), keys[-1])
        if is_array:
            index = self.array_counts.get(path, 0)
            self.array_counts[path] = index + 1
            self.found.setdefault(path, line)
            path = (*path, index)
        self.found[path] = line
        self.table = path

    def _concrete(self, keys: tuple[str, ...]) -> KeyPath:
        """Resolve a header's parent keys: an array of tables stands for its latest table."""
        path: KeyPath = ()
        for key in keys:
            path = (*path, key)
            count = self.array_counts.get(path)
            if count:
                path = (*path, count - 1)
        return path

    def _key_value(self) -> None:
        line = self._line()
        keys = self._dotted_key()
        self._skip_spaces()
        if self.text[self.position] != "=":
            raise ValueError("expected '='")
        self.position += 1
        path = self.table
        for key in keys:
            path = (*path, key)
            self.found.setdefault(path, line)
        self._skip_spaces()
        self._value()

    def _dotted_key(self) -> tuple[str, ...]:
        keys = [self._simple_key()]
        self._skip_spaces()
        while self.text.startswith(".", self.position):
            self.position += 1
            self._skip_spaces()
            keys.append(self._simple_key())
            self._skip_spaces()
        return tuple(keys)

    def _simple_key(self) -> str:
        text, start = self.text, self.position
        for pattern in (_BARE_KEY, _BASIC_STRING, _LITERAL_STRING):
            match = pattern.match(text, start)
            if match:
                self.position = match.end()
                word = match.group()
                if pattern is _BARE_KEY:
                    return word
                if pattern is _LITERAL_STRING:
                    return word[1:-1]
                return _unescape(word[1:-1])
        raise ValueError("expected a key")

    def _value(self) -> None:
        """Move past one value: a string, an array, an inline table or a scalar."""
        text = self.text
        for quotes in ('"""', "'''"):
            if text.startswith(quotes, self.position):
                self._multiline_string(quotes)
                return
        char = text[self.position]
        if char == '"':
            self.position = _match_end(_BASIC_STRING, text, self.position)
        elif char == "'":
            self.position = _match_end(_LITERAL_STRING, text, self.position)
        elif char in "[{":
            self._container("]" if char == "[" else "}")
        else:
            match = _SCALAR_END.search(text, self.position)
            self.position = len(text) if match is None else match.start()

    def _multiline_string(self, quotes: str) -> None:
        text = self.text
        position = self.position + 3
        while True:
            end = text.index(quotes, position)
            if quotes == '"""' and _escaped(text, end):
                position = end + 1
                continue
            while text.startswith(quotes[0], end + 3):  # up to two quotes may close the value
                end += 1
            self.position = end + 3
            return

    def _container(self, closing: str) -> None:
        """Move past an array or inline table, whose values may hold strings and comments."""
        self.position += 1
        while True:
            self._skip_blank_lines()
            char = self.text[self.position]
            if char == closing:
                self.position += 1
                return
            start = self.position
            if char == ",":
                self.position += 1
            elif closing == "}" and (_BARE_KEY.match(char) or char in "\"'"):
                self._dotted_key()
                self._skip_spaces()
                self.position += 1  # the '='
                self._skip_spaces()
                self._value()
            else:
                self._value()
            if self.position == start:  # a closer of the other kind: not the TOML expected
                raise ValueError("no progress in an array or inline table")


def _match_end(pattern: re.Pattern[str], text: str, position: int) -> int:
    match = pattern.match(text, position)
    if match is None:
        raise ValueError("expected a string")
    return match.end()


def _escaped(text: str, quote: int) -> bool:
    """Whether the quote at ``quote`` follows an odd number of backslashes."""
    backslashes = 0
    while quote - backslashes - 1 >= 0 and text[quote - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _unescape(body: str) -> str:
    """Read the escapes of a quoted key (keys are rarely quoted; values are never read)."""
    out: list[str] = []
    index = 0
    while index < len(body):
        char = body[index]
        if char != "\\":
            out.append(char)
            index += 1
            continue
        code = body[index + 1]
        if code in "uU":
            width = 4 if code == "u" else 8
            out.append(chr(int(body[index + 2 : index + 2 + width], 16)))
            index += 2 + width
        else:
            out.append(_ESCAPES.get(code, code))
            index += 2
    return "".join(out)
