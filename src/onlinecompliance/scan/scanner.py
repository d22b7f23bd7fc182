"""The sensitive-data scanner's public face: :func:`scan_text`.

Three detectors share the work: CPR and eCPR numbers (:mod:`.cpr`), health
data about identifiable people (:mod:`.health`, which takes the CPR numbers
found as identifiers) and ordinary personal data (:mod:`.personal`). A caller
that needs only some kinds says so with ``kinds``, and the detectors it does
not need do not run; the rules ask only for the sensitive kinds. The text is
shaped once (:mod:`.shaping`) and the detectors share its bytes.

The scanner knows nothing of meetings or policies: it reads the two settings
it needs (:class:`ScanSettings`) from whatever the caller passes, such as an
:class:`onlinecompliance.Policy`.
"""

from __future__ import annotations

import datetime
import functools
from typing import TYPE_CHECKING, NamedTuple, Protocol

import attrs

from .cpr import find_cpr_numbers
from .detection import Confidence, DetectionKind
from .fingerprint import fingerprint
from .health import find_health_data
from .personal import find_personal_data
from .shaping import ShapedText

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .detection import Detection

__all__ = ["DEFAULT_MIN_CONFIDENCE", "SENSITIVE_KINDS", "ScanSettings", "scan_text"]

SENSITIVE_KINDS = frozenset(kind for kind in DetectionKind if kind.is_sensitive)
"""The kinds the rules count as sensitive data: CPR, eCPR and health."""
DEFAULT_MIN_CONFIDENCE = Confidence.MEDIUM
"""The lowest confidence reported when the caller sets none."""


class ScanSettings(Protocol):
    """The settings a scan reads; :class:`onlinecompliance.Policy` has both."""

    @property
    def min_confidence(self) -> Confidence:
        """The lowest confidence reported."""

    @property
    def today(self) -> datetime.date:
        """The reference date: no birth date in a CPR number may lie after it."""


class _Defaults(NamedTuple):
    """The settings of a scan without a policy: medium confidence, today's date."""

    min_confidence: Confidence
    today: datetime.date


class _Plan(NamedTuple):
    """Which detectors a set of wanted kinds needs, and which of their detections to keep."""

    numbers: bool
    """Run the CPR detector (for its numbers, or as identifiers for health data)."""
    number_kinds: tuple[DetectionKind, ...]
    """The kinds of the CPR detector's detections to keep (a tuple: looking a member up in
    it compares identities in C, where a set calls the enum's hash in Python)."""
    health: bool
    personal: bool


@functools.lru_cache(maxsize=32)
def _plan(wanted: frozenset[DetectionKind]) -> _Plan:
    """Make the plan for ``wanted``, once per set of kinds (there are 16 sets of the 4 kinds).

    Looking an enum member up in a set runs Python code, so a scan of a short
    text would spend more time deciding what to run than running it.
    """
    health = DetectionKind.HEALTH in wanted
    number_kinds = tuple(kind for kind in (DetectionKind.CPR, DetectionKind.ECPR) if kind in wanted)
    return _Plan(
        numbers=health or bool(number_kinds),
        number_kinds=number_kinds,
        health=health,
        personal=DetectionKind.PERSONAL in wanted,
    )


_EVERY_KIND = frozenset(DetectionKind)
"""The kinds searched when the caller names none."""


def scan_text(
    text: str,
    *,
    policy: ScanSettings | None = None,
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
        today = datetime.date.today()  # noqa: DTZ011 (the local date, like Policy's default)
        policy = _Defaults(DEFAULT_MIN_CONFIDENCE, today)
    plan = _plan(_EVERY_KIND if kinds is None else frozenset(kinds))
    found = _detect(ShapedText(text), plan, policy) if plan.numbers or plan.personal else []
    if len(found) > 1:
        found.sort(key=lambda item: (item.start, item.end))
    if fingerprint_key is None or not found:
        return found
    return [
        attrs.evolve(item, fingerprint=fingerprint(text, item, fingerprint_key)) for item in found
    ]


def _detect(shaped: ShapedText, plan: _Plan, policy: ScanSettings) -> list[Detection]:
    """Run the detectors of ``plan`` over ``shaped``; keep what reaches the policy's minimum.

    The CPR numbers found serve the health detector as identifiers even when the
    caller did not ask for them.
    """
    threshold = policy.min_confidence
    found: list[Detection] = []
    if plan.numbers:
        identifiers: list[tuple[int, int]] = []
        for number in find_cpr_numbers(shaped, policy.today):
            if number.confidence >= threshold:
                identifiers.append((number.start, number.end))
                if number.kind in plan.number_kinds:
                    found.append(number)
        if plan.health:
            found.extend(
                find_health_data(shaped, identifiers=identifiers, min_confidence=threshold)
            )
    if plan.personal:
        found.extend(item for item in find_personal_data(shaped) if item.confidence >= threshold)
    return found
