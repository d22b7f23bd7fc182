"""Message-level quality of OC201 on a held-out set of Danish hospital chat messages.

``data/chat_holdout.jsonl`` holds one chat message a row: the ``text``, whether it holds
sensitive data (``sensitive``), which kind (``cpr``, ``health``, ``both`` or ``null``)
and a ``note``. The labels were written from the written rules for sensitive data in
text (CPR numbers at medium confidence or above; health data about an identifiable
person), independently of the scanner's word lists and of ``scan_corpus.jsonl``.

Each message is put alone in the chat of a minimal meeting record and checked; the
message counts as flagged when OC201 is reported. Precision is over all flagged
messages; CPR recall is over ``cpr``/``both`` rows, health recall over
``health``/``both`` rows. The reference date is 2026-11-26.

The set holds fake CPR numbers, so a failure names rows only by their index (0-based)
and label; the helpers return only counts and indices, so no test local holds text.
"""

from __future__ import annotations

import datetime
import functools
import json
from pathlib import Path
from typing import Any, NamedTuple

import onlinecompliance

HOLDOUT_FILE = Path(__file__).parent / "data" / "chat_holdout.jsonl"
REFERENCE_DATE = datetime.date(2026, 11, 26)
KINDS = frozenset({"cpr", "health", "both", None})
MIN_PRECISION = 0.95
MIN_CPR_RECALL = 0.98
MIN_HEALTH_RECALL = 0.75


class Outcome(NamedTuple):
    """One row's label and whether OC201 flagged it; no text."""

    line: int
    kind: str | None
    sensitive: bool
    flagged: bool

    def describe(self) -> str:
        """Name the row by index and label only."""
        return f"line {self.line}: sensitive={self.sensitive} kind={self.kind}"


def _record(index: int, text: str) -> dict[str, Any]:
    return {
        "id": f"h{index}",
        "kind": "internal_meeting",
        "platform": "meet",
        "room": {"url": "https://meet.regionh.dk/x", "booked_via": "bookingportal"},
        "chat": [{"text": text}],
    }


def _flagged(index: int, text: str) -> bool:
    meeting = onlinecompliance.load_meeting(_record(index, text))
    policy = onlinecompliance.Policy(today=REFERENCE_DATE)
    return any(found.code == "OC201" for found in onlinecompliance.check(meeting, policy))


@functools.cache
def _outcomes() -> tuple[Outcome, ...]:
    outcomes: list[Outcome] = []
    with HOLDOUT_FILE.open(encoding="utf-8") as file:
        rows = [json.loads(row) for row in file if row.strip()]
    for index, row in enumerate(rows):
        kind = row["kind"]
        sensitive = row["sensitive"]
        if kind not in KINDS or sensitive is not (kind is not None):
            raise ValueError(f"line {index}: inconsistent label")
        outcomes.append(Outcome(index, kind, sensitive, _flagged(index, row["text"])))
    return tuple(outcomes)


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 1.0


def _precision() -> tuple[float, list[str]]:
    flagged = [outcome for outcome in _outcomes() if outcome.flagged]
    false_alarms = [outcome.describe() for outcome in flagged if not outcome.sensitive]
    return _ratio(len(flagged) - len(false_alarms), len(flagged)), false_alarms


def _recall(kinds: frozenset[str]) -> tuple[float, list[str]]:
    positives = [outcome for outcome in _outcomes() if outcome.kind in kinds]
    misses = [outcome.describe() for outcome in positives if not outcome.flagged]
    return _ratio(len(positives) - len(misses), len(positives)), misses


def test_holdout_has_the_intended_size() -> None:
    counts = {kind: sum(o.kind == kind for o in _outcomes()) for kind in KINDS}
    assert len(_outcomes()) >= 140
    assert counts["cpr"] + counts["both"] >= 40
    assert counts["health"] + counts["both"] >= 50
    assert counts[None] >= 60


def test_precision() -> None:
    precision, false_alarms = _precision()
    assert precision >= MIN_PRECISION, f"precision {precision:.3f}; false alarms: {false_alarms}"


def test_cpr_recall() -> None:
    recall, misses = _recall(frozenset({"cpr", "both"}))
    assert recall >= MIN_CPR_RECALL, f"CPR recall {recall:.3f}; missed: {misses}"


def test_health_recall() -> None:
    recall, misses = _recall(frozenset({"health", "both"}))
    assert recall >= MIN_HEALTH_RECALL, f"health recall {recall:.3f}; missed: {misses}"
