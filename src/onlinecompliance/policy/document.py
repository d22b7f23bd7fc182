"""The policy file as written: its keys, tables and types, before they mean anything.

These classes mirror the TOML document key for key (attribute ``fail_on`` is
the key ``fail-on``), so the strict converter can read a policy file with
exact paths and "did you mean" for a misspelt key, and the JSON Schema of the
policy file (``schemas/policy.schema.json``) is generated from them. Every key
is optional; one left out keeps the built-in default. :mod:`.file` turns a
document into :class:`~onlinecompliance.policy.Policy` settings.
"""

from __future__ import annotations

import datetime
import enum

import attrs

from onlinecompliance.model import Browser, Identity, Kind, Platform, Severity

__all__ = [
    "ConfidenceName",
    "CriteriaTable",
    "ImportTable",
    "LimitsTable",
    "PolicyDocument",
    "WaiverTable",
]


class ConfidenceName(enum.Enum):
    """The lowest confidence of a text detection that counts as sensitive data."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@attrs.frozen
class CriteriaTable:
    """Local criteria for video consultations in the departments a glob picks."""

    department: str
    """A glob on the record's department, with case kept, such as ``RH-Kardio*``."""
    kinds: tuple[Kind, ...] | None = None
    """Meeting kinds allowed; left out allows every kind."""
    platforms: tuple[Platform, ...] | None = None
    """Platforms allowed; left out allows every platform."""
    identities: tuple[Identity, ...] | None = None
    """How a patient's identity may be established; left out allows every way."""
    max_participants: int | None = None
    """The most participants a meeting may have; left out allows any number."""


@attrs.frozen
class WaiverTable:
    """An approved exception: a rule's findings are not reported on the records picked."""

    rule: str
    """A rule code or name, such as ``OC406`` or ``meet-room-not-ordered``."""
    reason: str
    """Why the exception was approved."""
    records: str | None = None
    """A glob on record ids, such as ``vk-2026-*``."""
    departments: str | None = None
    """A glob on departments, such as ``RH-Akut*``; with ``records``, both must match."""
    approved_by: str | None = None
    """Who approved the exception."""
    expires: datetime.date | None = None
    """The last day the waiver holds; left out, it never expires."""


@attrs.frozen
class LimitsTable:
    """How large one record may be before it is refused as unreadable (OC000)."""

    line_length: int | None = None
    """The longest line of a JSON lines file, in bytes (default 16 MiB)."""
    nesting_depth: int | None = None
    """The deepest nesting of arrays and objects in one record (default 64)."""
    participants: int | None = None
    """The most participants one record may list (default 10,000)."""
    chat_messages: int | None = None
    """The most chat messages one record may hold (default 10,000)."""
    text_characters: int | None = None
    """The most characters of free text one record may hold (default 1,000,000)."""


@attrs.frozen
class ImportTable:
    """A site's conventions for reading one export format (``[import.pexip-history]``).

    Each format reads only some of these keys; ``docs/sources.md`` says which.
    """

    kinds: dict[str, Kind] | None = None
    """Globs on a meeting's name in the source (a conference name, a subject, a label)
    and the kind each means, such as ``{"vk-*" = "video_consultation"}``."""
    platforms: dict[str, Platform] | None = None
    """Globs on the host an alias or URL reaches, and the platform each means (after
    ``meet-hosts``, which always mean Meet)."""
    region_tenants: tuple[str, ...] | None = None
    """The Microsoft 365 tenant ids that are the region's own."""
    virtual_desktop_networks: tuple[str, ...] | None = None
    """Address ranges of the virtual workplace, such as ``10.20.0.0/16``."""
    timezone: str | None = None
    """The IANA time zone of times the source writes without an offset (default UTC)."""


@attrs.frozen
class PolicyDocument:
    """The onlinecompliance policy: which rules run, how severe, and the local settings."""

    select: tuple[str, ...] | None = None
    """Rules to run, by code, name or code prefix (``OC1``); left out runs every rule."""
    ignore: tuple[str, ...] | None = None
    """Rules not to run, by code, name or code prefix."""
    fail_on: Severity | None = None
    """The lowest severity that makes the command line exit 1 (default ``error``)."""
    min_confidence: ConfidenceName | None = None
    """The lowest confidence of a text detection that counts (default ``medium``)."""
    today: datetime.date | None = None
    """The reference date for waivers and birth dates (default: the local date)."""
    recommended_browsers: tuple[Browser, ...] | None = None
    """Browsers OC405 does not note (default ``chrome``, ``edge``, ``safari``)."""
    meet_hosts: tuple[str, ...] | None = None
    """Hosts of approved Meet rooms (default ``meet.regionh.dk``)."""
    severity: dict[str, Severity] | None = None
    """Severity per rule, by code or name, overriding the rule's default."""
    criteria: tuple[CriteriaTable, ...] | None = None
    """Local criteria for video consultations, one table per group of departments."""
    waivers: tuple[WaiverTable, ...] | None = None
    """Approved exceptions, one table each."""
    limits: LimitsTable | None = None
    """How large one record may be before it is refused."""
    import_: dict[str, ImportTable] | None = None
    """Site conventions for reading exports, one table per ``--from`` format."""
