"""The reports: findings located in files, written in the format a reader wants.

:mod:`.findings` holds what every format writes (:class:`Report`,
:class:`Summary`); each format is one module with one reporter function
(:mod:`.text`, :mod:`.json`, :mod:`.jsonl`), and :data:`REPORTERS` names them,
so a new format is one module and one entry here. :mod:`.ruledocs` writes the
rule catalogue itself. A format reads rules only through
:mod:`onlinecompliance.rules`' public names, never a rule family's module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .findings import (
    SCHEMA_VERSION,
    Report,
    Reporter,
    Summary,
    invalid_record,
    policy_finding,
    reports_for,
    sort_key,
    summarise,
)
from .json import json_report
from .jsonl import jsonl_report
from .text import text_report

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "REPORTERS",
    "SCHEMA_VERSION",
    "Report",
    "Reporter",
    "Summary",
    "invalid_record",
    "policy_finding",
    "reports_for",
    "sort_key",
    "summarise",
]

REPORTERS: Mapping[str, Reporter] = {
    "text": text_report,
    "json": json_report,
    "jsonl": jsonl_report,
}
"""Findings formats by name, in the order the command line lists them."""
