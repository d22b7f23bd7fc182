"""The sensitive-data scanner's public face: :func:`scan_text`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cpr import find_cpr_numbers

if TYPE_CHECKING:
    from .detection import Detection
    from .policy import Policy

__all__ = ["scan_text"]


def scan_text(text: str, *, policy: Policy | None = None) -> list[Detection]:
    """Return the personal data found in ``text``, in order of position.

    Only detections at or above the policy's ``min_confidence`` are returned; the
    policy's ``today`` is the reference date (no birth date may lie after it).
    The detections hold no matched text, only kind, confidence, span and shape.
    """
    if policy is None:
        from .policy import Policy  # noqa: PLC0415 (policy -> rules -> context -> here)

        policy = Policy()
    threshold = policy.min_confidence
    return [
        detection
        for detection in find_cpr_numbers(text, policy.today)
        if detection.confidence >= threshold
    ]
