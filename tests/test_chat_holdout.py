"""Message-level quality of OC201 on held-out sets of Danish hospital chat messages.

``data/chat_holdout.jsonl`` and ``data/chat_holdout_2.jsonl`` hold one chat message a
row: the ``text``, whether it holds sensitive data (``sensitive``), which kind (``cpr``,
``health``, ``both`` or ``null``) and a ``note``. Each set's labels were written by a
separate writer from the written rules for sensitive data in text (CPR numbers at medium
confidence or above; health data about an identifiable person), without reading the
scanner, its word lists or the other sets. The second set's first run gave precision
1.000, CPR recall 1.000 and health recall 0.942; its three misses (a CT scan, a low
potassium, a pressure ulcer) then went into the lexicon, so it now guards against
regressions rather than measuring unseen text.

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

import pytest

import onlinecompliance

DATA = Path(__file__).parent / "data"
HOLDOUT_FILES = {"first": DATA / "chat_holdout.jsonl", "second": DATA / "chat_holdout_2.jsonl"}
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
def _outcomes(holdout: str) -> tuple[Outcome, ...]:
    outcomes: list[Outcome] = []
    with HOLDOUT_FILES[holdout].open(encoding="utf-8") as file:
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


def _precision(holdout: str) -> tuple[float, list[str]]:
    flagged = [outcome for outcome in _outcomes(holdout) if outcome.flagged]
    false_alarms = [outcome.describe() for outcome in flagged if not outcome.sensitive]
    return _ratio(len(flagged) - len(false_alarms), len(flagged)), false_alarms


def _recall(holdout: str, kinds: frozenset[str]) -> tuple[float, list[str]]:
    positives = [outcome for outcome in _outcomes(holdout) if outcome.kind in kinds]
    misses = [outcome.describe() for outcome in positives if not outcome.flagged]
    return _ratio(len(positives) - len(misses), len(positives)), misses


holdouts = pytest.mark.parametrize("holdout", HOLDOUT_FILES)


@holdouts
def test_holdout_has_the_intended_size(holdout: str) -> None:
    counts = {kind: sum(o.kind == kind for o in _outcomes(holdout)) for kind in KINDS}
    assert len(_outcomes(holdout)) >= 140
    assert counts["cpr"] + counts["both"] >= 40
    assert counts["health"] + counts["both"] >= 50
    assert counts[None] >= 60


@holdouts
def test_precision(holdout: str) -> None:
    precision, false_alarms = _precision(holdout)
    assert precision >= MIN_PRECISION, f"precision {precision:.3f}; false alarms: {false_alarms}"


@holdouts
def test_cpr_recall(holdout: str) -> None:
    recall, misses = _recall(holdout, frozenset({"cpr", "both"}))
    assert recall >= MIN_CPR_RECALL, f"CPR recall {recall:.3f}; missed: {misses}"


@holdouts
def test_health_recall(holdout: str) -> None:
    recall, misses = _recall(holdout, frozenset({"health", "both"}))
    assert recall >= MIN_HEALTH_RECALL, f"health recall {recall:.3f}; missed: {misses}"
