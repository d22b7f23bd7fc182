"""What a reader yields: a JSON value with the line it starts on, or why a record is unreadable."""

from __future__ import annotations

from typing import TypeAlias

import attrs

__all__ = ["RawRecord", "SourceItem", "UnreadableRecord"]


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
