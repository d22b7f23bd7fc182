"""What a reader yields: a JSON value with the line it starts on, or why a record is unreadable."""

from __future__ import annotations

from typing import TypeAlias

import attrs

__all__ = ["RawRecord", "SourceItem", "UnreadableRecord", "flawed_record"]


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
    path: str = ""
    """Where in the record, when the value could be decoded (``recording.audio``)."""
    record: str | None = None
    """The record's id, when the value could be decoded and has one."""


def flawed_record(
    line: int, data: object, problems: list[tuple[str, str]], prefix: str
) -> UnreadableRecord:
    """Return the unreadable record for a decoded value with problems, at the first one."""
    path, message = problems[0]
    raw_id = data.get("id") if isinstance(data, dict) else None
    record = raw_id if isinstance(raw_id, str) else None
    return UnreadableRecord(line, f"{prefix}: {message}", path=path, record=record)


SourceItem: TypeAlias = RawRecord | UnreadableRecord
