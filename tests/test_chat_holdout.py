"""Message-level quality of OC201 on held-out sets of Danish hospital chat messages.

``data/chat_holdout.jsonl``, ``data/chat_holdout_2.jsonl`` and ``data/chat_holdout_3.jsonl``
hold one chat message a row: the ``text``, whether it holds sensitive data
(``sensitive``), which kind (``cpr``, ``health``, ``both``, or ``null``/``"none"``) and a
``note``. Each set's labels were written by a separate writer from the written rules for
sensitive data in text (CPR numbers at medium confidence or above; health data about an
identifiable person), without reading the scanner, its word lists or the other sets. The
second set's first run gave precision 1.000, CPR recall 1.000 and health recall 0.942;
its three misses then went into the lexicon, so it now guards against regressions rather
than measuring unseen text.

The third set (337 rows) was written from the *revised* detection rules (every way a CPR
number is written; health data only when a person is linked to the clinical term in the
same clause). Before the scanner followed the revision it scored precision 0.72, CPR
recall 0.73 and health recall 0.41.

Two more sets written from the revised rules by writers who read neither the scanner nor
the other sets, ``chat_holdout_4.jsonl`` (259 rows) and ``chat_holdout_5.jsonl`` (273
rows, psychiatry, maternity, emergency, home care, forwarded and English messages), were
scored once before anything was changed for them: precision 1.00 and 1.00, CPR recall
1.00 and 1.00, health recall 0.75 and 0.75. The misses (patients named by a title and a
place, questions, coordinated predicates, a few words) were then fixed as classes, so
these sets too now guard against regressions.

A sixth set, ``chat_holdout_6.jsonl`` (260 rows: 91 health, 23 CPR, 16 both, 130 none),
was written in the third round of issue 11 the same way, hard on purpose: patients named
by a first name or initials with a room but no "på", a home town after "i", an address,
titles in English, lab values in ward short forms, and tempting negatives (colleagues
with a topic, ranges of rooms, order and account numbers). Scored once before anything
was changed for it: precision 0.990, CPR recall 1.000, health recall 0.710. The classes
of its misses were then fixed (a place without "på", "på enestuen", "i" and a town, a
street address, "dame", "kvinde", "mand" and "herre" as patient words, compounds of
insulin, operations by their ending, ward short forms such as "trop" and "bili"), which
gave 0.992, 1.000 and 0.897. A seventh, ``chat_holdout_7.jsonl`` (220 rows: 88 health,
18 CPR, 9 both, 105 none), written next as a realistic day of chat on seven kinds of
ward and team, scored 1.000, 1.000 and 0.773 at first (0.680 before the sixth set's
fixes, so those generalised); its classes were fixed in turn ("den nye på stue 7",
"(stue 3)", "i kuvøse 4", "fra stue 13" between a name and its predicate, wounds),
giving 1.000, 1.000 and 0.845. The misses left were classes the clause model did not
read yet (lower-case initials and full names, a room by number alone, a place before the
name, a dash after a placed name, a condition described in words), read since (below);
these sets, and those after them, keep health thresholds a little under their scores. An
eighth, ``chat_holdout_8.jsonl`` (200 rows: 80 health, 15 CPR, 10 both, 95 none), from
units the others leave out (dialysis and chemotherapy chairs, radiology, blood bank,
hospice, eye and ear clinics, midwives, school health, prison and asylum health,
ambulance dispatch), scored 1.000, 1.000 and 0.567 at first: the clearest measure yet of
how far the vocabulary and the places reach. Its places (chairs, couches, cells, rooms)
and a first batch of its terms were added, giving 0.789.

The fourth round of issue 11 began with three new sets from three new writers, each
scored before anything was changed for it: ``chat_holdout_9.jsonl`` (hard ward chat, 200
rows: 85 health, 20 CPR, 10 both, 85 none), ``chat_holdout_10.jsonl`` (a day on ten
kinds of ward) and ``chat_holdout_11.jsonl`` (outpatient clinics, municipal care,
psychiatry; 200 rows: 80 health, 20 CPR, 10 both, 90 none). With the scanner as the
third round left it their health recall was 0.747, 0.716 and 0.800 (precision
0.989-1.000, CPR recall 1.000). The round's first step was drawn from the misses of the
sixth to eighth sets and the ward's everyday words, without reading the new sets (a dash
after a placed patient as a colon, a room by its number, lower-case initials, pronouns
opening a later clause, the reflexive possessive, some 150 words): 0.832, 0.832 and
0.844. The misses of the ninth and eleventh were then fixed as classes (a place before
the name, lower-case titles, measurements by a short name and a value, streets without a
number, a greeting after a colon), giving 0.947 and 0.989; the tenth stayed out of sight
as the round's measure. Two more writers then wrote ``chat_holdout_12.jsonl`` (hard ward
chat: lists of patients, lower case, ASCII for æøå) and ``chat_holdout_13.jsonl``
(nights, the emergency department, trauma calls, SMS to patients), each 200 rows: 85
health, 20 CPR, 10 both, 85 none. Scored before anything was changed for them, with the
ninth and eleventh sets' fixes in: precision 1.000 and 1.000, CPR recall 1.000 and
1.000, health recall 0.768 and 0.779 (0.558 and 0.663 with the scanner as the round
began). Their classes (a place before a name in a list, "st 3", bays and boxes, a room
in brackets, an age after a name, a value between a term and "på", a quoted greeting,
ASCII "paa") gave 0.958 and 0.947. The fourteenth and fifteenth (hard ward chat with
each specialty's vocabulary; the chat of team conferences, video consultations and
discharge planning), 200 rows each, scored 0.863 and 0.832 at first (1.000 and 0.990
precision; 0.716 and 0.737 with the scanner as the round began); their classes (a full
name labelling a line or a list's item before a dash, a place after a full name, a term
opening its clause before "på", "on" or a colon and a name, "hos" after the term, the
genitive, "svar på", staff titles before and after a name, specialist words) gave 1.000
and 0.979. The round's measure was then three sets no change had been made for: the
tenth (written at the round's start; four of its rows were looked at when a change lost
them, and the change was taken back) scored precision 1.000, CPR recall 1.000 and health
recall 0.884, and three more from new writers, ``chat_holdout_16.jsonl`` (hard ward
chat, every kind of ward and writer), ``chat_holdout_17.jsonl`` (an auditor's set: every
sentence structure, passives, imperatives, questions, relative clauses, split lines) and
``chat_holdout_18.jsonl`` (the region's hospitals and partners: the 72-hour line, home
care, GPs, SMS), 200 rows each (85 health, 20 CPR, 10 both, 85 none), scored precision
0.982, 0.991 and 0.991, CPR recall 1.000 each, health recall 0.926, 0.895 and 0.958
(0.695, 0.737 and 0.884 with the scanner as the round began). Their misses were then
fixed as classes too ("til" and a patient after a dose, a stop word before a placed
name, a pronoun taking its antecedent's kind, "his", units of staff after a name,
"patient" inside a compound is no CPR keyword, a floor, a dash between a bed and its
patient, words), and the sets now guard against regressions. Last, two sets written
after all of that: ``chat_holdout_19.jsonl``, 200 rows of hard ward chat written from
the description of the issue's own held-out set, scored precision 1.000, CPR recall
0.967 and health recall 0.926 at first; its one missed CPR number had its keyword begin
11 characters after it and end past the 20-character window, which is now read from
where the keyword begins (1.000). ``chat_holdout_20.jsonl`` (units the other sets leave
out: haematology and transplant, burns, fertility, pathology, nuclear medicine,
rehabilitation) scored 0.989, 1.000 and 0.779 at first, mostly words of those units,
then 0.991, 1.000 and 0.958. The review that followed (a genitive needs a verb, short
place words whole, a colon after a term only to a patient, a possessive owns no topic)
cost the fourteenth set a row. ``chat_holdout_21.jsonl``, hard ward chat again, was
written after every change of the round and scored precision 1.000, CPR recall 1.000 and
health recall 0.958 (0.884 with the scanner as the round began); nothing was changed for
it.

The revision changed what some rows of the first two sets mean: a bare "patienten" or
"borgeren" is no longer identifiable, a diagnosis code with no person is low, and a term
in another sentence than the person is not linked. ``data/chat_holdout_revisions.jsonl``
lists those 19 rows with the rule that changed each; they are scored with the revised
label (and the test checks that each revision names a row that was labelled sensitive).

Each message is put alone in the chat of a minimal meeting record and checked; the
message counts as flagged when OC201 is reported. Precision is over all flagged
messages; CPR recall is over ``cpr``/``both`` rows, health recall over
``health``/``both`` rows. The reference date is the one each set was written for.

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
HOLDOUT_FILES = {
    "first": DATA / "chat_holdout.jsonl",
    "second": DATA / "chat_holdout_2.jsonl",
    "third": DATA / "chat_holdout_3.jsonl",
    "fourth": DATA / "chat_holdout_4.jsonl",
    "fifth": DATA / "chat_holdout_5.jsonl",
    "sixth": DATA / "chat_holdout_6.jsonl",
    "seventh": DATA / "chat_holdout_7.jsonl",
    "eighth": DATA / "chat_holdout_8.jsonl",
    "ninth": DATA / "chat_holdout_9.jsonl",
    "tenth": DATA / "chat_holdout_10.jsonl",
    "eleventh": DATA / "chat_holdout_11.jsonl",
    "twelfth": DATA / "chat_holdout_12.jsonl",
    "thirteenth": DATA / "chat_holdout_13.jsonl",
    "fourteenth": DATA / "chat_holdout_14.jsonl",
    "fifteenth": DATA / "chat_holdout_15.jsonl",
    "sixteenth": DATA / "chat_holdout_16.jsonl",
    "seventeenth": DATA / "chat_holdout_17.jsonl",
    "eighteenth": DATA / "chat_holdout_18.jsonl",
    "nineteenth": DATA / "chat_holdout_19.jsonl",
    "twentieth": DATA / "chat_holdout_20.jsonl",
    "twenty-first": DATA / "chat_holdout_21.jsonl",
}
REVISIONS = DATA / "chat_holdout_revisions.jsonl"
REFERENCE_DATES = {
    "first": datetime.date(2026, 11, 26),
    "second": datetime.date(2026, 11, 26),
    "third": datetime.date(2026, 12, 7),
    "fourth": datetime.date(2026, 12, 7),
    "fifth": datetime.date(2026, 12, 7),
    "sixth": datetime.date(2026, 12, 7),
    "seventh": datetime.date(2026, 12, 7),
    "eighth": datetime.date(2026, 12, 7),
    "ninth": datetime.date(2026, 12, 7),
    "tenth": datetime.date(2026, 12, 7),
    "eleventh": datetime.date(2026, 12, 7),
    "twelfth": datetime.date(2026, 12, 7),
    "thirteenth": datetime.date(2026, 12, 7),
    "fourteenth": datetime.date(2026, 12, 7),
    "fifteenth": datetime.date(2026, 12, 7),
    "sixteenth": datetime.date(2026, 12, 7),
    "seventeenth": datetime.date(2026, 12, 7),
    "eighteenth": datetime.date(2026, 12, 7),
    "nineteenth": datetime.date(2026, 12, 7),
    "twentieth": datetime.date(2026, 12, 7),
    "twenty-first": datetime.date(2026, 12, 7),
}
KINDS = frozenset({"cpr", "health", "both", None})
NEW = ("third", "fourth", "fifth")
UNSEEN = (
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
)
"""Sets whose misses were fixed only as far as their classes go: their health threshold is lower."""
MIN_PRECISION = {"first": 1.0, "second": 1.0} | dict.fromkeys((*NEW, *UNSEEN), 0.97)
MIN_CPR_RECALL = {"first": 1.0, "second": 1.0} | dict.fromkeys((*NEW, *UNSEEN), 0.98)
MIN_HEALTH_RECALL = {"first": 1.0, "second": 1.0} | dict.fromkeys(NEW, 0.95)
MIN_HEALTH_RECALL |= {
    "sixth": 0.95,
    "seventh": 0.92,
    "eighth": 0.86,
    "ninth": 0.93,
    "tenth": 0.87,
    "eleventh": 0.96,
    "twelfth": 0.94,
    "thirteenth": 0.92,
    "fourteenth": 0.97,
    "fifteenth": 0.95,
    "sixteenth": 0.96,
    "seventeenth": 0.91,
    "eighteenth": 0.97,
    "nineteenth": 0.91,
    "twentieth": 0.94,
    "twenty-first": 0.94,
}


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


def _flagged(index: int, text: str, today: datetime.date) -> bool:
    meeting = onlinecompliance.load_meeting(_record(index, text))
    policy = onlinecompliance.Policy(today=today)
    return any(found.code == "OC201" for found in onlinecompliance.check(meeting, policy))


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as file:
        return [json.loads(row) for row in file if row.strip()]


@functools.cache
def _revisions(holdout: str) -> dict[int, dict[str, Any]]:
    return {row["line"]: row for row in _rows(REVISIONS) if row["set"] == holdout}


@functools.cache
def _outcomes(holdout: str) -> tuple[Outcome, ...]:
    outcomes: list[Outcome] = []
    for index, row in enumerate(_rows(HOLDOUT_FILES[holdout])):
        label = _revisions(holdout).get(index, row)
        kind = None if label["kind"] == "none" else label["kind"]
        sensitive = label["sensitive"]
        if kind not in KINDS or sensitive is not (kind is not None):
            raise ValueError(f"line {index}: inconsistent label")
        flagged = _flagged(index, row["text"], REFERENCE_DATES[holdout])
        outcomes.append(Outcome(index, kind, sensitive, flagged))
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
    assert len(_outcomes(holdout)) >= {
        "third": 300,
        "fourth": 220,
        "fifth": 220,
        "sixth": 250,
        "seventh": 200,
    }.get(holdout, 140)
    assert counts["cpr"] + counts["both"] >= (25 if holdout in UNSEEN[1:] else 35)
    assert counts["health"] + counts["both"] >= 30
    assert counts[None] >= 60


@holdouts
def test_precision(holdout: str) -> None:
    precision, false_alarms = _precision(holdout)
    minimum = MIN_PRECISION[holdout]
    assert precision >= minimum, f"precision {precision:.3f}; false alarms: {false_alarms}"


@holdouts
def test_cpr_recall(holdout: str) -> None:
    recall, misses = _recall(holdout, frozenset({"cpr", "both"}))
    assert recall >= MIN_CPR_RECALL[holdout], f"CPR recall {recall:.3f}; missed: {misses}"


@holdouts
def test_health_recall(holdout: str) -> None:
    recall, misses = _recall(holdout, frozenset({"health", "both"}))
    minimum = MIN_HEALTH_RECALL[holdout]
    assert recall >= minimum, f"health recall {recall:.3f}; missed: {misses}"


def test_revisions_name_rows_that_were_sensitive() -> None:
    """Each revision turns a row labelled sensitive under the earlier rules into a negative."""
    revisions = _rows(REVISIONS)
    assert len(revisions) == len({(row["set"], row["line"]) for row in revisions})
    for revision in revisions:
        original = _rows(HOLDOUT_FILES[revision["set"]])[revision["line"]]
        assert original["sensitive"], revision["line"]
        assert original["kind"] == revision["was"], revision["line"]
        assert revision["sensitive"] is False
        assert revision["reason"]
