"""The sensitive-data scanner: personal data in free text, found without keeping the text.

This stage knows nothing of meetings, rules or policies, so it can be used and
tested on its own. :func:`scan_text` runs the detectors (:mod:`.cpr`,
:mod:`.health`, :mod:`.personal`) over one shaped copy of the text
(:mod:`.shaping`) and returns :class:`Detection` values, which hold a masked
shape and a span but never the matched text (:mod:`.detection`); keyed
fingerprints (:mod:`.fingerprint`) let the same number be recognised again.
:func:`shown` (:mod:`.redact`) is the one way any value from a record is
printed: as given, or masked when it may hold a CPR number.
"""

from __future__ import annotations

from .detection import Confidence, Detection, DetectionKind
from .fingerprint import MIN_KEY_LENGTH
from .redact import any_holds_cpr_candidate, describe, holds_cpr_candidate, kind_of, shown
from .scanner import DEFAULT_MIN_CONFIDENCE, SENSITIVE_KINDS, ScanSettings, scan_text

__all__ = [
    "DEFAULT_MIN_CONFIDENCE",
    "MIN_KEY_LENGTH",
    "SENSITIVE_KINDS",
    "Confidence",
    "Detection",
    "DetectionKind",
    "ScanSettings",
    "any_holds_cpr_candidate",
    "describe",
    "holds_cpr_candidate",
    "kind_of",
    "scan_text",
    "shown",
]
