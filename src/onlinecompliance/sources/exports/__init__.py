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
from .fhir import FHIR_APPOINTMENT
from .graph import GRAPH_CALLRECORD, GRAPH_MEETING
from .pexip_events import PEXIP_EVENTS
from .pexip_history import PEXIP_HISTORY
from .reading import PAGE_MEMBERS, FileProblem, export_file_problem, is_foreign, located_values
from .teams_policy import TEAMS_MEETING_POLICY
from .vdx import VDX_BOOKING

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "DEFAULT_MEET_HOSTS",
    "FORMATS",
    "PAGE_MEMBERS",
    "Conventions",
    "ExportFormat",
    "FileProblem",
    "Located",
    "RecordBuilder",
    "export_file_problem",
    "is_foreign",
    "located_values",
    "recognise",
]

_ALL: tuple[ExportFormat, ...] = (
    PEXIP_HISTORY,
    PEXIP_EVENTS,
    VDX_BOOKING,
    FHIR_APPOINTMENT,
    GRAPH_CALLRECORD,
    GRAPH_MEETING,
    TEAMS_MEETING_POLICY,
)

FORMATS: Mapping[str, ExportFormat] = {export.name: export for export in _ALL}
"""The export formats by ``--from`` name."""


def recognise(value: object) -> ExportFormat | None:
    """Return the one export format a decoded value plainly is, or ``None``."""
    matches = [export for export in FORMATS.values() if export.recognises(value)]
    return matches[0] if len(matches) == 1 else None
