"""Reading JSON lines (``.jsonl`` and standard input): one record a line, streamed.

One line is in memory at a time. A line that is not UTF-8 or not JSON is one
:class:`~.items.UnreadableRecord`, and reading goes on with the next line.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .decoder import UTF8_BOM, StrictDecoder, describe_syntax_error, skip_whitespace
from .items import RawRecord, SourceItem, UnreadableRecord

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = ["read_json_lines"]


def read_json_lines(lines: Iterable[bytes]) -> Iterator[SourceItem]:
    """Read JSON lines: one value a line; blank lines are skipped.

    A leading byte order mark is ignored. A line that is not UTF-8 or not JSON
    is one :class:`UnreadableRecord`, and reading goes on with the next line.
    """
    decoder = StrictDecoder()
    for number, raw in enumerate(lines, start=1):
        chunk = raw.removeprefix(UTF8_BOM) if number == 1 else raw
        try:
            text = chunk.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as error:
            message = f"line is not valid UTF-8 (byte {error.start + 1} cannot be decoded)"
            yield UnreadableRecord(number, message)
            continue
        if text.strip():
            yield _line_item(number, text, decoder)


def _line_item(number: int, text: str, decoder: StrictDecoder) -> SourceItem:
    """Read the one value on a line that is not blank."""
    try:
        value, end = decoder.decode(text, skip_whitespace(text, 0))
    except json.JSONDecodeError as error:
        return UnreadableRecord(number, f"line is not valid JSON: {describe_syntax_error(error)}")
    except RecursionError:
        return UnreadableRecord(number, "line is not valid JSON: it is nested too deeply")
    rest = skip_whitespace(text, end)
    if rest != len(text):
        return UnreadableRecord(number, f"line is not valid JSON: Extra data (column {rest + 1})")
    if decoder.problems:
        return UnreadableRecord(number, f"line is not valid JSON: {decoder.problems[0]}")
    return RawRecord(number, value)
