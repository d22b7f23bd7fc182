"""The engine: records in, violations out, every record accounted for.

:func:`check` (:mod:`.meeting`) runs the rules a policy selects on one
meeting, applies its waivers (:mod:`.waivers`) and sorts the findings; it is
pure. :func:`check_records` (:mod:`.stream`) loads and checks a stream of
records lazily, turning unreadable ones into results instead of exceptions;
:func:`policy_waiver_findings` reports the policy's own waivers once a run ends.
"""

from __future__ import annotations

from .meeting import check
from .stream import RecordChecker, RecordResult, check_record, check_records, to_records
from .waivers import policy_waiver_findings

__all__ = [
    "RecordChecker",
    "RecordResult",
    "check",
    "check_record",
    "check_records",
    "policy_waiver_findings",
    "to_records",
]
