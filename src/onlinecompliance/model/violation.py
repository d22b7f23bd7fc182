"""What :func:`onlinecompliance.check` returns: violations, as values, and their severity."""

from __future__ import annotations

import enum

import attrs

from onlinecompliance.scan import shown

__all__ = ["INVALID_RECORD_CODE", "INVALID_RECORD_NAME", "Severity", "Violation"]

INVALID_RECORD_CODE = "OC000"
"""The code of a record that could not be read: an input error, not a rule."""
INVALID_RECORD_NAME = "invalid-record"


class Severity(enum.Enum):
    """How serious a finding is; ordered so that ``INFO < WARNING < ERROR``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """Position in the order info, warning, error (0, 1, 2)."""
        return _RANKS[self.value]

    def __lt__(self, other: Severity) -> bool:
        return self.rank < other.rank

    def __le__(self, other: Severity) -> bool:
        return self.rank <= other.rank

    def __gt__(self, other: Severity) -> bool:
        return self.rank > other.rank

    def __ge__(self, other: Severity) -> bool:
        return self.rank >= other.rank


_RANKS = {"info": 0, "warning": 1, "error": 2}


@attrs.frozen
class Violation:
    """One way a meeting breaks a rule.

    ``message`` names the problem concretely (participant ids, settings, counts),
    and ``evidence`` shows where sensitive data was found only by its kind,
    masked shape and character span. Neither ever holds personal data.
    """

    code: str
    name: str
    severity: Severity
    message: str
    path: str
    """Where in the record, as ``participants[2].client.browser``; ``""`` is the record."""
    meeting_id: str = attrs.field(repr=lambda value: repr(shown(value)))
    """The record's id as given (a Python caller needs it); ``repr()`` masks it like outputs."""
    evidence: str | None = None
    source_field: str | None = None
    """For a record read from an export, the source's field that ``path`` was read from
    (``vendor`` for ``participants[1].client.browser``)."""
