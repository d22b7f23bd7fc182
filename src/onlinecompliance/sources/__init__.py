"""The readers: input files in, JSON values out, each with the line where it starts.

A source is a ``.jsonl`` file (one record a line, :mod:`.json_lines`), a
``.json`` file (an array of records, or one record, :mod:`.json_document`), a
``.toml`` file of ``[[meeting]]`` tables (:mod:`.toml_meetings`, located with
:mod:`.toml_lines`) or ``-`` for JSON lines on standard input;
:func:`read_source` (:mod:`.files`) picks the reader by the path. Reading
never raises for bad content: a line, element or table that cannot be read
becomes an :class:`UnreadableRecord` with a message that describes the
problem without repeating the input (:mod:`.decoder`), and the next one is
read. Only the operating system's errors (a missing file, a
read error) raise :class:`OSError`. A reader for a new format is one module
here that yields :data:`SourceItem` values.
"""

from __future__ import annotations

from .files import (
    STDIN,
    SUPPORTED_SUFFIXES,
    EmptySource,
    UnreadableSource,
    check_head,
    display_name,
    read_source,
    sniff,
    unsupported_reason,
)
from .items import RawRecord, SourceItem, UnreadableRecord
from .json_document import read_json_document, read_json_text
from .json_lines import read_json_lines
from .toml_meetings import read_toml_meetings

__all__ = [
    "STDIN",
    "SUPPORTED_SUFFIXES",
    "EmptySource",
    "RawRecord",
    "SourceItem",
    "UnreadableRecord",
    "UnreadableSource",
    "check_head",
    "display_name",
    "read_json_document",
    "read_json_lines",
    "read_json_text",
    "read_source",
    "read_toml_meetings",
    "sniff",
    "unsupported_reason",
]
