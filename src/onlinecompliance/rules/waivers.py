"""OC9xx: waivers that expired, or that waive nothing.

A waiver in a record suppresses the findings of its rule in that record. It
holds through its ``expires`` day; after that it suppresses nothing and is
reported, so the finding it waived comes back. The engine applies waivers
(:func:`onlinecompliance.check.check`); this module documents the two rules and
says which waivers deserve a finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from onlinecompliance.violation import Severity

from .base import Finding, Provenance, Rule

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterator, Sequence
    from collections.abc import Set as AbstractSet

    from onlinecompliance.model import Meeting, Waiver
    from onlinecompliance.policy import Policy

__all__ = ["OC901", "OC902", "is_expired", "waiver_findings"]

_NOT_IN_GUIDELINE_DA = "(Ingen: reglen handler om værktøjets egne undtagelser.)"
_NOT_IN_GUIDELINE_EN = "(None: the rule is about the tool's own waivers.)"
_BASE_RECORD = {
    "id": "vk-1",
    "kind": "video_consultation",
    "platform": "meet",
    "room": {"url": "https://meet.regionh.dk/a1", "booked_via": "bookingportal"},
}

OC901 = Rule(
    code="OC901",
    name="expired-waiver",
    severity=Severity.WARNING,
    summary="Reports a waiver whose expiry date has passed.",
    rationale=(
        "A waiver is a time-limited, approved exception. Once it has expired it no "
        "longer covers anything, so the finding it waived is reported again and the "
        "waiver itself is flagged for renewal or removal."
    ),
    guideline_da=_NOT_IN_GUIDELINE_DA,
    guideline_en=_NOT_IN_GUIDELINE_EN,
    provenance=frozenset({Provenance.TOOL}),
    sources=("onlinecompliance rule catalogue, OC9xx",),
    fix="Renew the waiver with a new approval and expiry date, or remove it and fix the finding.",
    example={
        **_BASE_RECORD,
        "waivers": [{"rule": "OC102", "reason": "no MitID", "expires": "2000-01-31"}],
    },
    use_instead={
        **_BASE_RECORD,
        "waivers": [{"rule": "OC102", "reason": "no MitID", "expires": "2999-01-31"}],
    },
    reading=(
        "A waiver holds through its expiry day and is expired when the policy's "
        "reference date (`today`) is later. A waiver without `expires` never expires."
    ),
    check=None,
)

OC902 = Rule(
    code="OC902",
    name="unused-waiver",
    severity=Severity.INFO,
    summary="Reports a live waiver that suppressed no finding.",
    rationale=(
        "A waiver that covers nothing is noise at best; at worst it will silently "
        "hide a future finding that nobody approved."
    ),
    guideline_da=_NOT_IN_GUIDELINE_DA,
    guideline_en=_NOT_IN_GUIDELINE_EN,
    provenance=frozenset({Provenance.TOOL}),
    sources=("onlinecompliance rule catalogue, OC9xx",),
    fix="Remove the waiver.",
    example={
        **_BASE_RECORD,
        "minsp_fallback": "no_digital_id",
        "waivers": [{"rule": "OC102", "reason": "no MitID"}],
    },
    use_instead={**_BASE_RECORD, "minsp_fallback": "no_digital_id"},
    reading=(
        "A waiver for a rule that the policy does not run is not reported: it cannot "
        "have suppressed anything, and the policy, not the record, turned the rule off."
    ),
    check=None,
)


def is_expired(waiver: Waiver, today: datetime.date) -> bool:
    """Whether ``today`` is after the waiver's last day."""
    return waiver.expires is not None and today > waiver.expires


def waiver_findings(
    meeting: Meeting, codes: Sequence[str], suppressed: AbstractSet[str], policy: Policy
) -> Iterator[tuple[Rule, Finding]]:
    """Yield OC901 for each expired waiver and OC902 for each live one that waived nothing.

    ``codes[i]`` is the code of the rule that ``meeting.waivers[i]`` names.
    """
    for index, (waiver, code) in enumerate(zip(meeting.waivers, codes, strict=True)):
        path = f"waivers[{index}]"
        if is_expired(waiver, policy.today):
            message = f"the waiver for {code} expired on {waiver.expires}"
            yield OC901, Finding(path, message)
        elif code not in suppressed and policy.is_enabled(code):
            yield OC902, Finding(path, f"the waiver for {code} suppressed no finding")
