"""OC9xx: waivers that expired, or that waive nothing.

A waiver in a record suppresses the findings of its rule in that record. It
holds through its ``expires`` day; after that it suppresses nothing and is
reported, so the finding it waived comes back. Only the engine sees every
finding of a record, so it applies waivers and reports these two rules
(:mod:`onlinecompliance.engine.waivers`); this module documents them.
"""

from __future__ import annotations

from onlinecompliance.model import Severity

from .base import Provenance, Rule

__all__ = ["OC901", "OC902"]

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
    waivable=False,
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
    waivable=False,
)
