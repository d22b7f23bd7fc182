"""Waivers in the policy: a rule's findings suppressed on the records a glob picks.

They mean what waivers inside records mean (OC901, OC902), but live in one
reviewed place and pick their records by id and department, so a department's
approved exception does not have to be copied into every record.
"""

from __future__ import annotations

import datetime
import fnmatch
from typing import TYPE_CHECKING

import attrs

from onlinecompliance.model import InvalidPolicy, Origin

if TYPE_CHECKING:
    from onlinecompliance.model import Meeting

__all__ = ["PolicyWaiver"]


@attrs.frozen
class PolicyWaiver:
    """An approved exception for the records whose id and department match its globs.

    At least one of ``records`` and ``departments`` is given; where both are,
    both must match. Globs are matched with case kept (``vk-2026-*``).
    """

    rule: str
    """A rule code or name, such as ``OC406`` or ``meet-room-not-ordered``."""
    reason: str
    records: str | None = None
    """A glob on record ids."""
    departments: str | None = None
    """A glob on the record's department; a record without one matches no such glob."""
    approved_by: str | None = None
    expires: datetime.date | None = None
    """Last day the waiver holds; ``None`` means it never expires."""
    origin: Origin | None = attrs.field(default=None, eq=False)
    """Where the waiver was written (a policy file and line), for findings about it."""

    def __attrs_post_init__(self) -> None:
        if self.records is None and self.departments is None:
            raise InvalidPolicy(f"{self._where}a waiver must pick records or departments")
        if not self.reason.strip():
            raise InvalidPolicy(f"{self._where}a waiver must give a reason")

    @property
    def _where(self) -> str:
        return "" if self.origin is None else f"{self.origin}: "

    def matches(self, meeting: Meeting) -> bool:
        """Whether the waiver covers ``meeting`` (expiry aside)."""
        if self.records is not None and not fnmatch.fnmatchcase(meeting.id, self.records):
            return False
        return self.departments is None or (
            meeting.department is not None
            and fnmatch.fnmatchcase(meeting.department, self.departments)
        )

    def is_expired(self, today: datetime.date) -> bool:
        """Whether ``today`` is after the waiver's last day."""
        return self.expires is not None and today > self.expires
