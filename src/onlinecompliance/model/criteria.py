"""Local criteria: what a hospital management agreed for video consultations.

The guideline makes hospital managements responsible for agreeing local
criteria for video consultations with outpatients; a policy lists them per
department, and OC503/OC504 check records against them. They are values of
the model because both the policy, which holds them, and the rules, which
read them, need the class.
"""

from __future__ import annotations

import fnmatch

import attrs

from .meeting import Identity, Kind, Meeting, Platform
from .origin import Origin

__all__ = ["LocalCriteria"]


@attrs.frozen
class LocalCriteria:
    """What a hospital management agreed for video consultations in some departments.

    ``department`` is a glob matched against the record's ``department`` with
    case kept (``RH-Kardio*``). Each other field left as ``None`` allows anything.
    """

    department: str
    kinds: frozenset[Kind] | None = None
    platforms: frozenset[Platform] | None = None
    identities: frozenset[Identity] | None = None
    """How patients' identity may be established."""
    max_participants: int | None = None
    origin: Origin | None = attrs.field(default=None, eq=False)
    """Where the entry was written (a policy file and line), for messages; not compared."""

    def matches(self, meeting: Meeting) -> bool:
        """Whether this entry covers the meeting's department (none without one)."""
        return meeting.department is not None and fnmatch.fnmatchcase(
            meeting.department, self.department
        )
