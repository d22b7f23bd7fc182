"""Find health data about identifiable people in free text.

Health data (GDPR art. 9) is a statement about a person's health: a diagnosis,
a symptom, a result or measurement, a treatment, a procedure, an admission or a
medicine *linked to someone who can be identified*. A clinical word alone
("diabetes" in a course title) is not, a name alone is not either, and neither
is a name merely near a clinical word ("Grethe Mortensen holder oplæg om
astma").

So the detector works in three steps, each in a module of its own:

1. the mentions of identifiable people (:mod:`.persons`), CPR numbers among
   them. A text that mentions no one (most chat messages) ends here, after a
   quick test of about a microsecond;
2. the clinical evidence around them: the terms of the lexicon (:mod:`.lexicon`),
   the measurements by a short name and a value (:mod:`.measures`: "sat 86") and
   the diagnosis and medicine codes (:mod:`.codes`), looked for from a little
   before each mention (40 characters: "CRP hos pt. på stue 2") to the end of
   the stretch its clause is read (:data:`~.clauses.REACH`). Searching the whole
   text for 1,400 terms would cost ten times more than the rest of a check;
3. for each mention, the stretch of its clause it is linked to (:mod:`.clauses`:
   mention → predicate → term). A piece of evidence in such a stretch is health
   data.

At LOW, where a clinical term alone counts, the whole text is searched.

Confidence: evidence linked to a CPR number is HIGH, a diagnosis code linked to
anyone is HIGH, other linked evidence MEDIUM; evidence linked to no one is LOW,
so it counts only when the policy asks for LOW. A detection spans the evidence
(the code, or the whole word that holds the term), never the person.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, NamedTuple

from .clauses import (
    REACH,
    before_the_persons,
    clause_end,
    clause_ends,
    in_the_genitive,
    linked_region,
    past_a_dash,
)
from .codes import find_codes
from .detection import Confidence, Detection, DetectionKind, mask
from .lexicon import find_terms
from .measures import find_measurements
from .persons import (
    NUMBER,
    PATIENT,
    SUBJECT,
    Hints,
    Mention,
    MentionKind,
    find_mentions,
    mention_hints,
)
from .shaping import ShapedText

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["find_health_data"]

_NO_HINTS = Hints(
    capitalised=False, full_name=False, place=False, first_name=False, lower_case_title=False
)
"""A text that can mention no one but a CPR number given by the caller."""

_LOWEST = Confidence.LOW
"""Looked up once: looking up an enum member costs more than a chat message's quick test."""

_BEFORE = 40
"""How far before a mention evidence is looked for: "Kemoterapi til Ulla Bak"."""

_LOW, _MEDIUM, _HIGH = 0, 1, 2
"""Link strengths as the confidence's values: the loop over evidence compares plain ints,
several times cheaper than enum members."""

_CONFIDENCES = (Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)

_HEALTH = DetectionKind.HEALTH

_ANYONE = frozenset({SUBJECT, PATIENT, NUMBER})
_OWNER_AFTER_STARTS = frozenset(" \t\n\u00a0:")
"""What follows a term that a mention after it may own (:data:`_OWNERS_AFTER`)."""
_PATIENTS = frozenset({PATIENT, NUMBER})


class _OwnerAfter(NamedTuple):
    """Words between a term and a mention that make the mentioned person its owner."""

    between: re.Pattern[str]
    kinds: frozenset[MentionKind]
    """The kinds of mention the words link."""
    opening: bool
    """The term must open its clause."""
    codes_only: bool = False
    """Only a diagnosis code is linked so."""
    not_genitive: bool = False
    """Not to a name in the genitive, which owns what follows it ("Insulin 20 stk på Lise
    Holms bord")."""


_DOSE = r"(?:\s+[0-9][0-9,./]*(?:\s*[a-zA-Zµ%/]{1,6})?)"
"""A value or a dose and maybe its unit after a term: "troponin 2300 ng/l hos ...", "Hb 4,9
på ...", "Furix 40 mg til ..."."""

_HOS_OR_GIVEN_TO = re.compile(
    rf"{_DOSE}?"
    r"(?:\s+(?i:er|blev|is|was)\s+(?i:givet|ordineret|given|prescribed)\s+(?i:til|to)"
    r"|\s+(?i:hos))\s+"
)
_ON = re.compile(r"\s+(?:på|paa|on)\s+")
_COLON = re.compile(r"\s*:\s*")
_DOSE_ON = re.compile(rf"{_DOSE}\s+(?:på|paa|on)\s+")
_TO_OR_FOR = re.compile(r"\s+(?i:til|for|fra)\s+")
_DOSE_AND_ROUTE_TO = re.compile(
    rf"{_DOSE}?(?:\s+(?i:iv|i\.v\.|po|p\.o\.|sc|s\.c\.|im|i\.m\.|rektalt|x\s*[0-9]))?\s+(?i:til|to)\s+"
)

_OWNERS_AFTER = (
    _OwnerAfter(_HOS_OR_GIVEN_TO, _ANYONE, opening=False),
    _OwnerAfter(_ON, _PATIENTS, opening=False),
    _OwnerAfter(_ON, _ANYONE, opening=True),
    _OwnerAfter(_ON, _ANYONE, opening=False, codes_only=True),
    _OwnerAfter(_DOSE_ON, _ANYONE, opening=False, not_genitive=True),
    _OwnerAfter(_TO_OR_FOR, _ANYONE, opening=True),
    _OwnerAfter(_DOSE_AND_ROUTE_TO, _PATIENTS, opening=False),
    _OwnerAfter(_COLON, _PATIENTS, opening=True),
)
"""How a term is linked to a mention after it:

* "hos", or a treatment given to someone: "CRP hos pt. på stue 2", "Insulin er givet
  til Kirsten Holm";
* "på" and a patient: "tjek CRP på Birgit på stue 6" (after a full name, "på" is as
  often a colleague's ward or list), or a value, "på" and anyone: "Hb 4,9 på Erna
  Poulsen", "NEWS 7 på Aage st. 6";
* "til", "for" or "fra", when the term opens its clause: "Kemoterapi til Ulla Bak er
  udskudt", "Knoglemarvsbiopsien fra Jørgen Vestergaard viser ..." (elsewhere those
  words more often send something to a colleague: "bestil heparin til Niels"); so
  too "på" and anyone ("Apopleksi på Mette Bang bekræftet", "ERCP on Mrs. Okafor"),
  and a colon and a patient, as a label ("Kolecystitis: hr. Vestergaard, stue 9");
* a diagnosis code, "på" and anyone: "Husk at kode DJ44.1 på Arne Steffensen";
* "til" and a patient, maybe after a dose and a route: "Der er givet 10 mg Oxynorm
  til fru Kristiansen", "Giv 40 mg Furix iv til hr. Said".

Each starts with a space or a colon, so a term that neither follows (most, at a line's
end or before a comma) is linked to no one after it; and only a CPR number links more
strongly than the mentions before a term do, so without one a term linked already
is not looked at again."""


def find_health_data(
    text: str | ShapedText,
    *,
    identifiers: Sequence[tuple[int, int]] = (),
    min_confidence: Confidence = Confidence.MEDIUM,
) -> list[Detection]:
    """Return the health data about identifiable people in ``text``, in order of position.

    ``identifiers`` are the spans of the CPR numbers in ``text`` (the CPR
    detector finds them); names and patient references are found here. Only
    detections at or above ``min_confidence`` are returned. A caller that runs
    several detectors over one text passes it shaped (:class:`.ShapedText`).
    """
    shaped = text if isinstance(text, ShapedText) else ShapedText(text)
    everywhere = min_confidence is _LOWEST
    hints = mention_hints(shaped)
    if not (hints or identifiers or everywhere):
        return []  # most chat messages
    mentions = find_mentions(shaped.text, identifiers, hints or _NO_HINTS)
    if not (mentions or everywhere):
        return []
    regions = None if everywhere else _search_regions(shaped.text, mentions)
    terms = find_terms(shaped, regions)
    if everywhere or len(mentions) > len(identifiers):  # a value is a named patient's
        measurements = find_measurements(shaped, regions)
        if measurements:
            term_starts = {start for start, _ in terms}
            terms += [span for span in measurements if span[0] not in term_starts]
    codes = find_codes(shaped, regions)
    if not (terms or codes):
        return []
    evidence = sorted([(*span, False) for span in terms] + [(*span, True) for span in codes])
    return _detections(shaped.text, evidence, mentions, min_confidence, numbers=bool(identifiers))


def _detections(
    text: str,
    evidence: list[tuple[int, int, bool]],
    mentions: list[Mention],
    min_confidence: Confidence,
    *,
    numbers: bool,
) -> list[Detection]:
    """Rate each piece of evidence by what it is linked to; return those that count.

    ``evidence`` is the terms and codes, each with whether it is a code, in order;
    ``numbers`` tells whether ``mentions`` hold a CPR number.
    """
    ends = clause_ends(text) if mentions else []
    starts = [start for start, _, _ in evidence]
    strengths = _linked_strengths(text, mentions, ends, starts, numbers=numbers)
    owners = None  # each place's mention, made when a term is first read with what follows it
    strongest_owner = _HIGH if numbers else _MEDIUM
    lowest = int(min_confidence)
    found = []
    for (start, end, is_code), by_mentions in zip(evidence, strengths, strict=True):
        linked = by_mentions
        if linked < strongest_owner and text[end : end + 1] in _OWNER_AFTER_STARTS:
            if owners is None:
                owners = {mention.start: mention for mention in mentions}
            linked = max(linked, _owner_strength(text, (start, end, is_code), owners, ends))
        if linked == _MEDIUM and is_code:
            linked = _HIGH
        if linked >= lowest:
            found.append(
                Detection(_HEALTH, _CONFIDENCES[linked], start, end, mask(text[start:end]))
            )
    return found


def _linked_strengths(
    text: str, mentions: list[Mention], ends: list[int], starts: list[int], *, numbers: bool
) -> list[int]:
    """Return how strongly a mention before it links each piece of evidence, by its start.

    ``ends`` are where the text's clauses end. The stretch a mention is linked to
    (:func:`~.clauses.linked_region`) lies after it, in its clause (a CPR number's:
    to its line's end) and within :data:`~.clauses.REACH`. Working it out is most
    of this detector's cost, so it is done only where evidence lies that the
    mention would link more strongly than the mentions already read do: CPR
    numbers (``numbers`` tells whether there are any), the strongest, first ("Pt.
    Karen Holm har KOL" reads "Pt. Karen" and not "Karen Holm" too).
    """
    strengths = [_LOW] * len(starts)
    term_starts = frozenset(starts)
    for mention in sorted(mentions, key=_numbers_first) if numbers else mentions:
        _, mention_end, kind = mention
        if kind is NUMBER:
            line_end = text.find("\n", mention_end)
            end = len(text) if line_end < 0 else line_end
            strength = _HIGH
        else:
            end = clause_end(ends, mention.start)
            if end < ends[-1]:
                end = past_a_dash(text, ends, mention, end)
            strength = _MEDIUM
            _link_before(text, mention, ends, starts, strengths)
        first = bisect.bisect_left(starts, mention_end)
        last = bisect.bisect_left(starts, min(end, mention_end + REACH))
        if (
            first >= last or min(strengths[first:last]) >= strength
        ):  # a mention may end past its clause
            continue
        region = linked_region(text, mention, end, term_starts)
        if region is not None:
            low, high = region
            for index in range(first, last):
                if low <= starts[index] < high and strengths[index] < strength:
                    strengths[index] = strength
    return strengths


def _link_before(
    text: str, mention: Mention, ends: list[int], starts: list[int], strengths: list[int]
) -> None:
    """Link the evidence before a mention after "hos" (:func:`~.clauses.before_the_persons`)."""
    region = before_the_persons(text, mention, ends)
    if region is not None:
        for evidence in range(bisect.bisect_left(starts, region[0]), len(starts)):
            if starts[evidence] >= region[1]:
                break
            strengths[evidence] = max(strengths[evidence], _MEDIUM)


def _numbers_first(mention: Mention) -> bool:
    return mention.kind is not NUMBER


def _owner_strength(
    text: str, evidence: tuple[int, int, bool], owners: dict[int, Mention], ends: list[int]
) -> int:
    """Return the link of a piece of evidence (start, end, whether a code) to a mention after it.

    The words between decide (:data:`_OWNERS_AFTER`).
    """
    start, end, code = evidence
    for link in _OWNERS_AFTER:
        if link.codes_only and not code:
            continue
        match = link.between.match(text, end)
        if match is None or (link.opening and not _opens_clause(text, start, ends)):
            continue
        owner = owners.get(match.end())
        if owner is None or owner.kind not in link.kinds:
            continue
        if link.not_genitive and in_the_genitive(text, owner.end):
            continue
        return _HIGH if owner.kind is NUMBER else _MEDIUM
    return _LOW


def _opens_clause(text: str, start: int, ends: list[int]) -> bool:
    """Tell whether only punctuation and spaces stand between a clause's start and ``start``."""
    index = bisect.bisect_left(ends, start)
    previous = ends[index - 1] if index else 0
    return not any(char.isalnum() for char in text[previous:start])


def _search_regions(text: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """Return where to look for evidence: around each mention, on its line, merged."""
    regions: list[tuple[int, int]] = []
    one_line = "\n" not in text
    for start, end, _ in mentions:
        low = max(start - _BEFORE, 0 if one_line else text.rfind("\n", 0, start) + 1)
        line_end = len(text) if one_line else text.find("\n", end)
        high = min(end + REACH, len(text) if line_end < 0 else line_end)
        if regions and low <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(high, regions[-1][1]))
        else:
            regions.append((low, high))
    return regions
