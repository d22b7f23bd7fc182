"""Reading a TOML file of meeting set-ups: one record per ``[[meeting]]`` table.

Departments keep their standard meeting set-ups (templates) in TOML and check
them in CI. Each ``[[meeting]]`` table is one record, located at the line of
its header. TOML's own date-times and dates are kept as values: the loader
takes them as it takes RFC 3339 strings, and still refuses a date-time without
an offset. A syntax error, or a key beside ``meeting`` at the top, is one
unreadable record at its line; nothing in such a file is checked, since a
syntax error leaves nothing readable.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from onlinecompliance.scan import describe

from .decoder import UTF8_BOM
from .items import RawRecord, SourceItem, UnreadableRecord
from .toml_lines import key_lines, line_of, syntax_error_place

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover (Python 3.10)
    import tomli as tomllib

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["MEETING_TABLE", "read_toml_meetings"]

MEETING_TABLE = "meeting"
"""The name of the array of tables that holds the records."""


def read_toml_meetings(content: bytes) -> Iterator[SourceItem]:
    """Yield each ``[[meeting]]`` table of a TOML document as a record at its line."""
    try:
        text = content.removeprefix(UTF8_BOM).decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"file is not valid UTF-8 (byte {error.start + 1} cannot be decoded)"
        yield UnreadableRecord(1, message)
        return
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        yield _syntax_error(error)
        return
    lines = key_lines(text)
    items: list[SourceItem] = [
        UnreadableRecord(line_of(lines, (key,)) or 1, _unknown_key(key))
        for key in document
        if key != MEETING_TABLE
    ]
    meetings = document.get(MEETING_TABLE, [])
    if not isinstance(meetings, list):
        line = line_of(lines, (MEETING_TABLE,)) or 1
        items.append(UnreadableRecord(line, "expected [[meeting]] tables, one per meeting"))
        meetings = []
    for index, meeting in enumerate(meetings):
        line = line_of(lines, (MEETING_TABLE, index)) or 1
        if isinstance(meeting, Mapping):
            items.append(RawRecord(line, meeting))
        else:  # `meeting = [1, 2]`: an array, but not of tables
            message = f"expected a [[meeting]] table, got {describe(meeting)}"
            items.append(UnreadableRecord(line, message))
    yield from sorted(items, key=lambda item: item.line)  # in the order of the file


def _unknown_key(key: str) -> str:
    shown = describe(key)
    close = difflib.get_close_matches(key, [MEETING_TABLE], n=1)
    hint = "; did you mean 'meeting'?" if close else ""
    return (
        f"unknown key {shown} at the top of the file{hint} "
        "(a file of meetings holds [[meeting]] tables only)"
    )


def _syntax_error(error: tomllib.TOMLDecodeError) -> UnreadableRecord:
    """Locate a syntax error at its line; the message quotes no input."""
    place = syntax_error_place(error)
    message = f"file is not valid TOML: {place.message} (line {place.line}, column {place.column})"
    return UnreadableRecord(place.line, message)
