"""How large one record may be before it is refused, so hostile input cannot exhaust a run.

A log is untrusted: one line may be gigabytes, one element nested a hundred
thousand levels deep, one record may list a million participants. Each limit
turns such a record into one unreadable record (OC000) at its line, and the
run goes on with the next one. The policy's ``[limits]`` table changes them.
"""

from __future__ import annotations

import attrs

__all__ = ["Limits"]


def _positive(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValueError(f"{attribute.name} must be a whole number of at least 1")


@attrs.frozen
class Limits:
    """The largest record the readers and the engine accept."""

    line_length: int = attrs.field(default=16 * 1024 * 1024, validator=_positive)
    """The longest line of a JSON lines file, in bytes (16 MiB)."""
    nesting_depth: int = attrs.field(default=64, validator=_positive)
    """The deepest nesting of arrays and objects in one record (the format needs 4)."""
    participants: int = attrs.field(default=10_000, validator=_positive)
    """The most participants one record may list (a Teams live event has up to 10,000)."""
    chat_messages: int = attrs.field(default=10_000, validator=_positive)
    """The most chat messages one record may hold."""
    text_characters: int = attrs.field(default=1_000_000, validator=_positive)
    """The most characters of free text (chat, invitation, SMS) one record may hold."""
