"""Refusing a record that is too large to check, before any work is spent on it.

The counts are taken from the raw mapping, so a record with a million
participants costs a ``len()``, not a million participants structured. The
readers enforce the limits that concern text (line length, nesting depth).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TypeGuard

from onlinecompliance.model import FieldError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from onlinecompliance.model import Limits

__all__ = ["limit_errors"]

_FREE_TEXT = (("invitation", "subject"), ("invitation", "body"), ("sms_text",))


def limit_errors(data: Mapping[str, object], limits: Limits) -> tuple[FieldError, ...]:
    """Return a problem for each limit the record ``data`` passes; none for most records."""
    return tuple(_errors(data, limits))


def _is_sequence(value: object) -> TypeGuard[Sequence[object]]:
    """``isinstance(value, Sequence)``, with a JSON array decided before the slower ABC check."""
    return type(value) is list or isinstance(value, Sequence)


def _is_mapping(value: object) -> TypeGuard[Mapping[str, object]]:
    """``isinstance(value, Mapping)``, with a JSON object decided before the slower ABC check."""
    return type(value) is dict or isinstance(value, Mapping)


def _errors(data: Mapping[str, object], limits: Limits) -> Iterator[FieldError]:
    participants = data.get("participants")
    if _is_sequence(participants) and len(participants) > limits.participants:
        yield FieldError(
            "participants",
            f"lists {len(participants):,} participants, more than the limit of "
            f"{limits.participants:,} (policy key limits.participants)",
        )
    chat = data.get("chat")
    if _is_sequence(chat) and len(chat) > limits.chat_messages:
        yield FieldError(
            "chat",
            f"holds {len(chat):,} messages, more than the limit of {limits.chat_messages:,} "
            "(policy key limits.chat-messages)",
        )
    characters = _text_characters(data, chat)
    if characters > limits.text_characters:
        yield FieldError(
            "",
            f"holds {characters:,} characters of free text, more than the limit of "
            f"{limits.text_characters:,} (policy key limits.text-characters)",
        )


def _text_characters(data: Mapping[str, object], chat: object) -> int:
    total = 0
    if _is_sequence(chat):
        for message in chat:
            text = message.get("text") if _is_mapping(message) else None
            total += len(text) if isinstance(text, str) else 0
    for path in _FREE_TEXT:
        value: object = data
        for key in path:
            value = value.get(key) if _is_mapping(value) else None
        total += len(value) if isinstance(value, str) else 0
    return total
