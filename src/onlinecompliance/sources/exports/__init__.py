"""Readers for what the region's systems export, one module per source.

Each module defines one or more :class:`~.base.ExportFormat` values, listed in
:data:`FORMATS`: its ``--from`` name, how a decoded value is recognised by its
documented fields (for ``check FILE.json`` without ``--from``), and the reader
that builds our records (:class:`~.base.RecordBuilder`). Site conventions come
in as :class:`~.conventions.Conventions`, from the policy's ``[import.<name>]``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import ExportFormat, Located, RecordBuilder
from .conventions import DEFAULT_MEET_HOSTS, Conventions
from .teams_policy import TEAMS_MEETING_POLICY

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "DEFAULT_MEET_HOSTS",
    "FORMATS",
    "Conventions",
    "ExportFormat",
    "Located",
    "RecordBuilder",
    "recognise",
]

_ALL: tuple[ExportFormat, ...] = (TEAMS_MEETING_POLICY,)

FORMATS: Mapping[str, ExportFormat] = {export.name: export for export in _ALL}
"""The export formats by ``--from`` name."""


def recognise(value: object) -> ExportFormat | None:
    """Return the one export format a decoded value plainly is, or ``None``."""
    matches = [export for export in FORMATS.values() if export.recognises(value)]
    return matches[0] if len(matches) == 1 else None
