"""The sensitive-data scanner's public face: :func:`scan_text`.

Three detectors share the work: CPR and eCPR numbers (:mod:`.cpr`), health
data about identifiable people (:mod:`.health`, which takes the CPR numbers
found as identifiers) and ordinary personal data (:mod:`.personal`). A caller
that needs only some kinds says so with ``kinds``, and the detectors it does
not need do not run; the rules ask only for the sensitive kinds. The text is
shaped once (:mod:`.shaping`) and the detectors share its bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from .cpr import find_cpr_numbers
from .detection import DetectionKind
from .fingerprint import fingerprint
from .health import find_health_data
from .personal import find_personal_data
from .shaping import ShapedText

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .detection import Detection
    from .policy import Policy

__all__ = ["SENSITIVE_KINDS", "scan_text"]

SENSITIVE_KINDS = frozenset(kind for kind in DetectionKind if kind.is_sensitive)
"""The kinds the rules count as sensitive data: CPR, eCPR and health."""
_NUMBER_KINDS = frozenset({DetectionKind.CPR, DetectionKind.ECPR})
_ALL_KINDS = frozenset(DetectionKind)
"""Every kind, made once: building the set anew for each call costs more than a short scan."""


def scan_text(
    text: str,
    *,
    policy: Policy | None = None,
    kinds: Iterable[DetectionKind] | None = None,
    fingerprint_key: bytes | None = None,
) -> list[Detection]:
    """Return the personal data found in ``text``, in order of position.

    Only detections at or above the policy's ``min_confidence`` are returned;
    the policy's ``today`` is the reference date (no birth date may lie after
    it). ``kinds`` limits the search (default: every kind). The detections hold
    no matched text, only kind, confidence, span and masked shape; with a
    ``fingerprint_key`` (at least 16 secret bytes) each also carries a keyed
    HMAC fingerprint for spotting the same number again.
    """
    if policy is None:
        from .policy import Policy  # noqa: PLC0415 (policy -> rules -> context -> here)

        policy = Policy()
    wanted = _ALL_KINDS if kinds is None else frozenset(kinds)
    # Hashing an enum member runs Python code, so the common call (every kind)
    # asks the set nothing.
    every_kind = kinds is None or wanted == _ALL_KINDS
    health = every_kind or DetectionKind.HEALTH in wanted
    threshold = policy.min_confidence
    shaped = ShapedText(text)
    found: list[Detection] = []
    if health or not wanted.isdisjoint(_NUMBER_KINDS):
        numbers = list(find_cpr_numbers(shaped, policy.today))
        identifiers: list[tuple[int, int]] = []
        if numbers:  # most chat messages have none: no filter, no copies
            numbers = [number for number in numbers if number.confidence >= threshold]
            if every_kind or wanted >= _NUMBER_KINDS:
                found += numbers
            else:
                found.extend(number for number in numbers if number.kind in wanted)
            identifiers = [(number.start, number.end) for number in numbers]
        if health:
            found.extend(
                find_health_data(shaped, identifiers=identifiers, min_confidence=threshold)
            )
    if every_kind or DetectionKind.PERSONAL in wanted:
        personal = list(find_personal_data(shaped))
        if personal:
            found.extend(item for item in personal if item.confidence >= threshold)
    if len(found) > 1:
        found.sort(key=lambda item: (item.start, item.end))
    if fingerprint_key is None or not found:
        return found
    return [
        attrs.evolve(item, fingerprint=fingerprint(text, item, fingerprint_key)) for item in found
    ]
