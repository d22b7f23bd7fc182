"""The exceptions the library raises; all derive from :class:`OnlineComplianceError`.

Only unreadable input raises. Findings about a readable record are values
(:class:`~onlinecompliance.model.Violation`), never exceptions. No message here ever
repeats free text or a number from the input: values are described, not quoted,
unless they are short and hold no digit.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["FieldError", "InvalidPolicy", "InvalidRecord", "OnlineComplianceError", "describe"]

_QUOTABLE = re.compile(r"[^\d\s]{1,40}")
"""A value short enough, and without digits or spaces, to be quoted in a message."""
_JSON_NAMES: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (type(None), "null"),
    (bool, "a boolean"),  # before numbers: a bool is an int
    ((int, float), "a number"),
    ((list, tuple), "an array"),
    (dict, "an object"),
)


def describe(value: object) -> str:
    """Name ``value`` for an error message without leaking personal data.

    A short word without digits or spaces (a misspelt enum value, a field name, a
    host) is quoted so the user can find the typo; anything else is described by
    its type and size, since it may be a CPR number, a name or a sentence from a chat.
    """
    if isinstance(value, str):
        if _QUOTABLE.fullmatch(value):
            return repr(value)
        return f"a string of {len(value)} characters"
    for kinds, name in _JSON_NAMES:
        if isinstance(value, kinds):
            return name
    return f"a value of type {type(value).__name__}"


class OnlineComplianceError(Exception):
    """Root of every exception the library raises on purpose."""


class FieldError(NamedTuple):
    """One problem in the input: where it is and what was expected there."""

    path: str
    """Where, as ``participants[2].role``; ``""`` is the record itself."""
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InvalidRecord(OnlineComplianceError):
    """A meeting record that cannot be read; ``errors`` lists every problem."""

    def __init__(self, errors: tuple[FieldError, ...]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(error) for error in errors))


class InvalidPolicy(OnlineComplianceError):
    """A policy that cannot be used, such as one naming an unknown rule.

    ``problems`` lists every problem found, each a line fit to print, located
    (``onlinecompliance.toml:3: ignor: unknown key …``) where the policy came
    from a file.
    """

    def __init__(self, *problems: str) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))
