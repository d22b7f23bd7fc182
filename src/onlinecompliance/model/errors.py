"""The exceptions the library raises; all derive from :class:`OnlineComplianceError`.

Only unreadable input raises. Findings about a readable record are values
(:class:`~onlinecompliance.model.Violation`), never exceptions. Messages name input
values only through :func:`onlinecompliance.scan.describe`, which never repeats free
text or a CPR number.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["FieldError", "InvalidPolicy", "InvalidRecord", "OnlineComplianceError", "list_errors"]


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
    """A meeting record that cannot be read; ``errors`` lists every problem.

    The message names the first few problems and counts the rest, so a record
    with 50,000 bad participants still gives a message of one line.
    """

    def __init__(self, errors: tuple[FieldError, ...]) -> None:
        self.errors = errors
        super().__init__(list_errors(errors))


def list_errors(errors: tuple[FieldError, ...]) -> str:
    """Describe input errors in one message: the first few, and how many more there are."""
    listed = "; ".join(str(error) for error in errors[:_LISTED])
    rest = len(errors) - min(len(errors), _LISTED)
    return f"{listed}; and {rest:,} more problems" if rest else listed


_LISTED = 5
"""How many problems one message names."""


class InvalidPolicy(OnlineComplianceError):
    """A policy that cannot be used, such as one naming an unknown rule.

    ``problems`` lists every problem found, each a line fit to print, located
    (``onlinecompliance.toml:3: ignor: unknown key …``) where the policy came
    from a file.
    """

    def __init__(self, *problems: str) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))
