"""What a check function reads: one record, the settings, and facts derived from both.

A :class:`Context` lives for one call of :func:`onlinecompliance.check`. Its
facts are computed on first use (:class:`fact`), so a record that no rule asks
about sensitive data is never scanned. The settings are whatever the engine passes that has the
fields of :class:`RuleSettings` (an :class:`onlinecompliance.Policy`), so the
rules need neither the policy's class nor the engine, and the policy can use
the rule registry without an import cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, overload

from onlinecompliance.model import (
    Browser,
    DataCategory,
    LocalCriteria,
    Meeting,
    Organisation,
    Participant,
    Role,
    Share,
)
from onlinecompliance.scan import SENSITIVE_KINDS, Detection, ScanSettings, scan_text, shown

from .base import few

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

__all__ = [
    "CLINICIAN_ROLES",
    "PATIENT_ROLES",
    "SENSITIVE_CATEGORIES",
    "Context",
    "RuleSettings",
    "detection_evidence",
    "fact",
]

PATIENT_ROLES = frozenset({Role.PATIENT, Role.RELATIVE})
"""Roles that make a patient present, in the catalogue's sense."""
CLINICIAN_ROLES = frozenset({Role.DOCTOR, Role.HEALTH_STAFF})
"""Roles of the hospital's own clinicians (with organisation ``region``)."""
SENSITIVE_CATEGORIES = frozenset({DataCategory.HEALTH, DataCategory.CPR})

_T = TypeVar("_T")


class fact(Generic[_T]):  # noqa: N801 (used as a decorator, like property)
    """A fact of the record, computed on first use and then kept on the context.

    What :func:`functools.cached_property` does, without the lock it takes on
    every first use before Python 3.12: a context lives in one thread, for one
    record, and most of its facts are asked for once or twice.
    """

    def __init__(self, compute: Callable[[Context], _T]) -> None:
        self._compute = compute
        self._name = compute.__name__
        self.__doc__ = compute.__doc__

    @overload
    def __get__(self, context: None, owner: type[Any]) -> fact[_T]: ...

    @overload
    def __get__(self, context: Context, owner: type[Any]) -> _T: ...

    def __get__(self, context: Context | None, owner: type[Any]) -> fact[_T] | _T:
        if context is None:
            return self
        value = self._compute(context)
        context.__dict__[self._name] = value  # found there from now on: a fact has no __set__
        return value


def detection_evidence(path: str, detection: Detection) -> str:
    """Describe a detection in the field at ``path`` for a finding, without the text."""
    return f"{detection.describe()} in {path} ({detection.confidence!s} confidence)"


class RuleSettings(ScanSettings, Protocol):
    """The local settings rules read, besides the scanner's confidence and date."""

    @property
    def recommended_browsers(self) -> frozenset[Browser]:
        """Browsers that OC405 does not note."""

    @property
    def meet_hosts(self) -> frozenset[str]:
        """Hosts of approved Meet rooms (OC402)."""

    @property
    def criteria(self) -> tuple[LocalCriteria, ...]:
        """Local criteria per department (OC503, OC504)."""

    @property
    def fingerprint_key(self) -> bytes | None:
        """The secret that fingerprints masked identifiers in messages, if any."""


class Context:
    """One record, the settings it is checked under, and facts derived from both."""

    def __init__(self, meeting: Meeting, settings: RuleSettings) -> None:
        self.meeting = meeting
        self.settings = settings

    @fact
    def patients(self) -> tuple[Participant, ...]:
        """Patients and relatives, by id, so that messages do not depend on their order."""
        return tuple(
            sorted(
                (person for person in self.meeting.participants if person.role in PATIENT_ROLES),
                key=lambda person: person.id,
            )
        )

    @property
    def patient_present(self) -> bool:
        """A participant is a patient or a relative (also one attending in person)."""
        return bool(self.patients)

    @property
    def patient_absent(self) -> bool:
        """It is known that no patient or relative takes part: every role is known, none is one.

        Not the same as ``not patient_present``: in a record read from an export whose
        roles are not known, neither is known.
        """
        return not self.patients and all(
            person.role is not None for person in self.meeting.participants
        )

    @fact
    def participants_by_id(self) -> dict[str, Participant]:
        """Participants keyed by id (ids are unique; loading checks it)."""
        return {person.id: person for person in self.meeting.participants}

    @fact
    def sensitive_shares(self) -> tuple[tuple[int, Share], ...]:
        """Declared shares of health data or CPR numbers, with their index."""
        return tuple(
            (index, share)
            for index, share in enumerate(self.meeting.shares)
            if share.category in SENSITIVE_CATEGORIES
        )

    @fact
    def detections_by_field(self) -> dict[str, tuple[Detection, ...]]:
        """Sensitive data found in the record's free text, at the settings' confidence.

        By the path of the field it was found in (``chat[3].text``,
        ``invitation.subject``, ``invitation.body``, ``sms_text``), in the record's
        order. A field without any is left out; a chat message's path is written only
        when something is found in it (most chat messages hold nothing).
        """
        settings = self.settings
        found: dict[str, tuple[Detection, ...]] = {}
        for index, message in enumerate(self.meeting.chat):
            detections = scan_text(message.text, policy=settings, kinds=SENSITIVE_KINDS)
            if detections:
                found[f"chat[{index}].text"] = tuple(detections)
        for path, text in self._other_free_texts():
            detections = scan_text(text, policy=settings, kinds=SENSITIVE_KINDS)
            if detections:
                found[path] = tuple(detections)
        return found

    @fact
    def has_sensitive_data(self) -> bool:
        """Sensitive data is declared in ``shares`` or found in free text."""
        return bool(self.sensitive_shares or self.detections_by_field)

    def sensitive_data_evidence(self) -> str | None:
        """Say where the sensitive data is, masked, for a finding's evidence."""
        places: list[tuple[int, Share] | tuple[str, Detection]] = [*self.sensitive_shares]
        places += [
            (path, detection)
            for path, detections in self.detections_by_field.items()
            for detection in detections
        ]
        return few(places, _place, separator="; ") or None

    def who(self, person: Participant) -> str:
        """Name a participant in a message by id and role: ``participant p3 (patient)``."""
        role = "role not known" if person.role is None else person.role.value
        return f"participant {self.shown(person.id)} ({role})"

    @property
    def platform_name(self) -> str:
        """Name the platform in a message; an imported record may not tell it."""
        platform = self.meeting.platform
        return "a platform not known" if platform is None else platform.value

    @property
    def kind_name(self) -> str:
        """Name the kind in a message; an imported record may not tell it."""
        kind = self.meeting.kind
        return "not known" if kind is None else kind.value

    def cannot_tell(self, path: str) -> bool:
        """Whether the record's source could never hold the fact at ``path``.

        The rules that fire when a fact is not set (OC102, OC204, OC406) ask this
        first, so that a record read from an export is not blamed for its format.
        """
        imported = self.meeting.imported
        return imported is not None and path in imported.cannot_tell

    def shown(self, value: str) -> str:
        """Print an identifier from the record, masked where it may be personal data."""
        return shown(value, key=self.settings.fingerprint_key)

    def quoted(self, value: str) -> str:
        """Print an identifier from the record in quotes: ``'RH-Kardiologi'``."""
        return repr(self.shown(value))

    def region_clinicians(self) -> Iterator[tuple[int, Participant]]:
        """Participants who are doctors or health staff of the region, with their index."""
        for index, person in enumerate(self.meeting.participants):
            if person.role in CLINICIAN_ROLES and person.organisation is Organisation.REGION:
                yield index, person

    def _other_free_texts(self) -> Iterator[tuple[str, str]]:
        """Yield the free texts besides the chat, with their paths."""
        meeting = self.meeting
        if meeting.invitation is not None:
            if meeting.invitation.subject is not None:
                yield "invitation.subject", meeting.invitation.subject
            if meeting.invitation.body is not None:
                yield "invitation.body", meeting.invitation.body
        if meeting.sms_text is not None:
            yield "sms_text", meeting.sms_text


def _place(place: tuple[int, Share] | tuple[str, Detection]) -> str:
    """Say where one piece of sensitive data is: a declared share, or a detection in text."""
    if isinstance(place[1], Detection):
        return detection_evidence(*place)
    index, share = place
    return f"shares[{index}] declares {share.category.value} on {share.channel.value}"
