r"""Find Danish CPR numbers, substitute numbers and eCPR numbers in free text.

A candidate is ``DDMMYY`` and four more characters (``SSSS`` for a CPR number,
digit-letter-letter-digit for an eCPR number). After the sixth character it
may be split by one dash (:data:`~.detection.DASHES`: the hyphen and the dashes
word processors and PDF copies put in), one space character
(:data:`~.detection.SPACES`, the narrow no-break space among them) or a dash
with one space on each side (``DDMMYY - SSSS``). The date may also be written
with dots and a plain hyphen, ``DD.MM.YY-SSSS``, without spaces. Its birth date
must exist (the seventh character chooses the century) and must not lie after
``today``; otherwise it is no candidate at all.

Confidence model, as the catalogue's detection section words it. A candidate
starts at LOW, a dotted one a step lower, and is raised one step for each piece
of evidence, capped at HIGH:

* a separator after the date (people write CPR numbers as ``DDMMYY-SSSS``);
* a passing modulus 11 check (CPR numbers only; since 2007 a real number need
  not pass, so failing it never rejects);
* a keyword beginning at most 40 characters before the match or 20 characters
  after it:
  "cpr" (also in "cpr-nr", "cpr-nummer", "ecpr"), "personnummer", "personnr.",
  "pers.nr." and "født" for every kind, "erstatningsnummer" and
  "erstatnings-cpr" for substitute numbers.

Then it is lowered one step for a substitute number (day + 60), and one step
when a word that announces some other number ("ordre", "rekv.", "tlf.", "EAN",
...) *labels* it: stands right before it, with at most a "nr.", a "#", a colon
or one more word between. The same word elsewhere in the sentence says nothing
about this number ("Svar på 110462-3318 er klar, rekv. følger" holds a CPR
number). A candidate lowered below LOW is not reported. So ``DDMMYY-SSSS``
alone is MEDIUM, an eCPR number in the same form too (its letters make it
distinctive), ``DD.MM.YY-SSSS`` alone LOW (dates and times are written so), and
bare digits need modulus 11 or a keyword to reach MEDIUM.

Readings where the catalogue is silent: the patient words "patient", "pt."
and "borger", keywords of the earlier catalogue, still are (a bare ten-digit
number with a real birth date beside "pt." is a CPR number; phone numbers have
eight digits), "patient" and "borger" as words only, maybe inflected, not in a
compound ("Patientklagenævnet"); a keyword counts inside a longer word too
("cprnr", "eCPR", "nyfødt"), where the catalogue's own spellings ("cpr-nr",
"cpr-nummer") already are. "Within 20 characters after" is read as a reader
measures it, from the number to where the keyword begins ("1708671235 står som
personnummer"), not as the keyword ending by then: the one reading here that
finds more rather than less, because a missed CPR number is the costlier error
and the alarms it can add need a ten-digit birth date with a keyword right
after it.

Words are told apart by letters, as :meth:`str.isalpha` knows them, so æ, ø
and å are letters: "øean" holds no "ean".

Speed. The text's shape (:mod:`.shaping`, where every ASCII digit is ``0``) is
searched for six zeros, a literal that the engine skips to in C, and each hit is
confirmed by matching the candidate pattern on the text at that place; the
dotted form is looked for only in a text whose shape holds ``0.00.00-0``. On
chat text the search costs less than a tenth of a bare
``re.finditer(r"\d{10}")`` pass over the text. The per-match work is bounded
and small: the date and century come from lookup tables, modulus 11 is ten
multiplications (skipped once it cannot matter), and the keyword window (about
70 characters) is lower-cased and searched once for every keyword. So the time
is linear in the length of the text, at a few microseconds per candidate. A
text with fewer than eight ASCII digits (most chat messages), counted in C in
the shape, is not searched.
"""

from __future__ import annotations

import calendar
import re
from typing import TYPE_CHECKING, NamedTuple

from .detection import DASHES, SPACES, Confidence, Detection, DetectionKind, mask
from .shaping import ShapedText

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator

__all__ = ["find_cpr_numbers", "holds_candidate"]

_SEPARATOR = rf"[-{DASHES}]|[ {SPACES}]| [-{DASHES}] "
"""What may stand between the date and the rest: one dash, one space, or a dash
with one space on each side."""

_CANDIDATE = re.compile(
    rf"(?<!\d)(?:[0-9]{{6}}(?:{_SEPARATOR})?|[0-9]{{2}}\.[0-9]{{2}}\.[0-9]{{2}}-)[0-9]"
    r"(?:[0-9]{3}(?!\d)|[A-Za-z]{2}[0-9](?![^\W_]))"
)
"""A CPR candidate (the last four characters digits) or an eCPR candidate.

The number's own characters are ASCII, but any Unicode digit next to it glues
(``\\d``). A CPR number may not touch another digit. An eCPR number may not
touch a letter or a number either (``[^\\W_]``, any Unicode letter or number);
the lookahead checks its end here and :func:`_is_glued` its start, because one
lookbehind cannot serve both kinds.
"""

_LETTER_OR_NUMBER = "0-9A-Za-z\x01\x02\xaa\xb2\xb3\xb5\xb9\xba\xbc-\xbe\xdf-\xf6\xf8-\xff"
"""The bytes of a shape that stand for a Latin-1 letter or number (the shape
makes every capital ``A``)."""

_SHAPED_END = rb"0(?:000(?!0)|[A-Za-z\x01\x02]{2}0(?![%s]))" % _LETTER_OR_NUMBER.encode("latin-1")

_SHAPED_CANDIDATE = re.compile(rb"000000(?<!0000000)(?:[- ?]| [-?] )?" + _SHAPED_END)
"""Where :data:`_CANDIDATE` may match undotted, in a text's shape.

It begins with a literal, so the engine skips from one run of six digits to
the next; the separator ``?`` stands for a dash or a space beyond Latin-1 (a
no-break space is a space in the shape). The lookarounds make sure that a hit
the text then rejects cannot hide a candidate that overlaps it, so every
undotted match of :data:`_CANDIDATE` starts at one of these hits.
"""

_SHAPED_DOTTED = re.compile(rb"(?<!0)00\.00\.00-" + _SHAPED_END)
"""Where :data:`_CANDIDATE` may match dotted (``DD.MM.YY-SSSS``), in a text's shape."""

_DOTTED_HINT = b"0.00.00-0"
"""What the shape of a text with a dotted candidate holds, found with one ``bytes.find``."""

_KEYWORDS = ("cpr", "personnummer", "personnr", "pers.nr", "pers. nr", "født", "patient", "borger")
"""Keywords for every kind, matched inside a word too: "CPR-nr.", "eCPR", "nyfødt";
"patient" and "borger" only as words, maybe inflected ("patienten", "borgerens"), not
in a compound ("Patientklagenævnet"). The catalogue's list, and the patient words that
the earlier catalogue had and labelled sets rely on ("pt. 3006801260 er flyttet")."""

_WHOLE_WORD_KEYWORD = r"pt(?<![^\W\d_]pt)(?![^\W\d_])"
""""pt" ("pt.", "pt:") counts only as a word of its own: "script" holds none. The
lookbehind comes after the letters, so that the pattern starts with literals, which
``re`` finds several times faster."""

_SUBSTITUTE_KEYWORDS = ("erstatningsnummer", "erstatnings-cpr", "erstatningsnr")
"""Keywords for substitute numbers only."""

_LABELS = re.compile(
    r"(?:ordrenr|ordre|rekv|faktura|konto|reg|sagsnr|batch|prøvenr|tlf|ean"
    r"|cvr|isbn|iban)(?![^\W\d_])\.?"
    r"(?:\s*(?:nr\.?|#|:)|\s+[^\W\d_]+\.?)?[\s:#.]*\Z"
)
"""A word that announces some other number, labelling what follows it: right
before it, or with a "nr.", a "#", a colon or one more word between (that no letter
comes before the word is checked on the match, so the pattern starts with literals); searched
in the lower-cased 40 characters before a candidate."""

_EVERY_KIND = frozenset((*_KEYWORDS, "pt"))

_KEYWORD = re.compile(
    "|".join((*map(re.escape, (*_SUBSTITUTE_KEYWORDS, *_KEYWORDS)), _WHOLE_WORD_KEYWORD))
)
"""Any keyword, in a lower-cased window: an alternation of literals, which
``re`` searches quickly."""

_BEFORE = 40
"""How many characters before a match the keyword window reaches."""

_AFTER = 20
"""How many characters after a match the keyword window reaches."""

_LONGEST_KEYWORD = max(map(len, (*_SUBSTITUTE_KEYWORDS, *_KEYWORDS)))
"""How far past the window a keyword that begins in it may run."""

_SUBSTITUTE_OFFSET = 60
"""A substitute number writes the day of birth plus this offset."""

_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
"""The modulus 11 weights of the ten CPR digits."""

_ZERO_WEIGHT = ord("0") * sum(_WEIGHTS)
"""What the weighted sum of ten character codes holds beyond that of the digits."""

_LEVELS = (Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)
"""The confidence of each number of steps, without calling the enum."""

_MOST_STEPS = len(_LEVELS) - 1
"""The cap: HIGH, as a plain int (comparing enum members costs Python calls)."""

_CPR, _ECPR = DetectionKind.CPR, DetectionKind.ECPR
"""The kinds, looked up once."""

_UNDOTTED_MASKS = {
    separator: f"XXXXXX{mask(separator)}XXXX"
    for separator in ("", *f"-{DASHES}", *f" {SPACES}", *(f" {dash} " for dash in f"-{DASHES}"))
}
"""The masked shape (:func:`~.detection.mask`) of an undotted number by its separator:
a look-up is quicker than masking, which costs microseconds for a dash beyond Latin-1."""

_DOTTED_MASK = "XX.XX.XX-XXXX"

_LEAP_DAY = 229
"""29 February as ``month * 100 + day``: it exists only in leap years."""


def _month_days() -> dict[str, int]:
    """Map ``DDMM`` (the day plus 60 too) to ``month * 100 + day`` for every day of a leap year."""
    table: dict[str, int] = {}
    for month in range(1, 13):
        for day in range(1, calendar.monthrange(2000, month)[1] + 1):
            for written_day in (day, day + _SUBSTITUTE_OFFSET):
                table[f"{written_day:02d}{month:02d}"] = month * 100 + day
    return table


def _full_years() -> dict[str, int]:
    """Map ``YY`` and the seventh digit (``YYC``) to the year of birth.

    The seventh digit says the century: 0-3 the 1900s; 4 and 9 the 2000s up to
    year 36, else the 1900s; 5-8 the 2000s up to year 57, else the 1800s.
    """
    table: dict[str, int] = {}
    for year in range(100):
        for century_digit in range(10):
            if century_digit <= 3:
                century = 1900
            elif century_digit in {4, 9}:
                century = 2000 if year <= 36 else 1900
            else:
                century = 2000 if year <= 57 else 1800
            table[f"{year:02d}{century_digit}"] = century + year
    return table


_FEWEST_DIGITS = 8
"""An eCPR number has eight digits, a CPR number ten: a text with fewer has none."""

_MONTH_DAYS = _month_days()
_FULL_YEARS = _full_years()


def find_cpr_numbers(text: str | ShapedText, today: dt.date) -> list[Detection]:
    """Return every CPR, substitute and eCPR number in ``text`` in order of position.

    Detections of every confidence are returned; the caller filters by its own
    minimum. A birth date after ``today`` is no CPR number. A caller that runs
    several detectors over one text passes it shaped (:class:`.ShapedText`).
    """
    shaped = text if isinstance(text, ShapedText) else ShapedText(text)
    if shaped.shape.count(b"0") < _FEWEST_DIGITS:
        return []  # most chat messages
    return _find(shaped, today)


def holds_candidate(text: str, today: dt.date) -> bool:
    """Tell whether ``text`` holds a CPR, substitute or eCPR candidate, whatever its confidence.

    A candidate is a number of the right form with a date that exists and does
    not lie after ``today``, before any context word raises or lowers it; the
    masking of printed values (:mod:`.redact`) takes every candidate as personal.
    """
    if _CANDIDATE.search(text) is None:  # most ids: no number of the right form at all
        return False
    return next(_candidates(ShapedText(text), today), None) is not None


class _Candidate(NamedTuple):
    """A number of the right form and a real date, before its context is read."""

    start: int
    end: int
    separated: bool
    """Written with a separator after the date (a dotted date has one)."""
    dotted: bool
    digits: str
    ecpr: bool


def _candidates(shaped: ShapedText, today: dt.date) -> Iterator[_Candidate]:
    """Yield the numbers of the right form whose date exists and is not after ``today``."""
    text = shaped.text
    confirm = _CANDIDATE.match
    latest = today.year * 10_000 + today.month * 100 + today.day
    for start in _hits(shaped.shape):
        match = confirm(text, start)
        if match is None:
            continue
        written = match[0]
        dotted = written[2] == "."
        digits = written[:2] + written[3:5] + written[6:8] if dotted else written[:6]
        digits += written[-4:]
        ecpr = digits[8] > "9"  # a letter where a CPR number has a digit
        if ecpr and _is_glued(text, start):
            continue
        month_day = _MONTH_DAYS.get(digits[:4])
        if month_day is None:
            continue
        year = _FULL_YEARS[digits[4:7]]
        if year * 10_000 + month_day > latest or (
            month_day == _LEAP_DAY and not calendar.isleap(year)
        ):
            continue
        separated = len(written) > len(digits)
        yield _Candidate(start, match.end(), separated, dotted, digits, ecpr)


def _hits(shape: bytes) -> list[int]:
    """Return, in order, where the shape may hold a candidate."""
    hits = _starts(_SHAPED_CANDIDATE, shape)
    if shape.find(_DOTTED_HINT) < 0:
        return hits
    return sorted(hits + _starts(_SHAPED_DOTTED, shape))


def _starts(pattern: re.Pattern[bytes], shape: bytes) -> list[int]:
    """Return where ``pattern`` matches in ``shape``, as ``finditer`` would find them.

    A loop of searches: on a chat message with one number it costs half of what
    ``finditer`` does, which sets up an iterator for every call.
    """
    starts = []
    hit = pattern.search(shape)
    while hit is not None:
        starts.append(hit.start())
        hit = pattern.search(shape, hit.end())
    return starts


def _find(shaped: ShapedText, today: dt.date) -> list[Detection]:
    """Return the numbers of :func:`find_cpr_numbers`: candidates rated by their context."""
    text = shaped.text
    found = []
    for start, end, separated, dotted, digits, ecpr in _candidates(shaped, today):
        substitute = digits[0] > "5"  # the day of a substitute is 61-91
        steps = _has_keyword(text, start, end, substitute=substitute) + separated - dotted
        if steps < _MOST_STEPS and not ecpr and _passes_modulus_11(digits):
            steps += 1  # modulus 11 last: it cannot raise past the cap
        steps = min(steps, _MOST_STEPS) - substitute - _is_labelled(text, start)
        if steps >= 0:
            found.append(
                Detection(
                    _ECPR if ecpr else _CPR,
                    _LEVELS[steps],
                    start,
                    end,
                    _DOTTED_MASK if dotted else _UNDOTTED_MASKS[text[start + 6 : end - 4]],
                )
            )
    return found


def _is_glued(text: str, start: int) -> bool:
    """Tell whether a letter or digit touches ``start`` from the left.

    An eCPR number inside a word is more likely a product code or a token than
    a person, so it is not a candidate.
    """
    return start > 0 and text[start - 1].isalnum()


def _passes_modulus_11(digits: str) -> bool:
    """Tell whether ten digits pass the pre-2007 modulus 11 check.

    Passing is evidence of a real number; failing is not evidence against one,
    because numbers issued since 2007 need not pass. The digits are ASCII, so
    their UTF-8 bytes are their character codes.
    """
    code = digits.encode()
    weighted_sum = (
        4 * code[0]
        + 3 * code[1]
        + 2 * code[2]
        + 7 * code[3]
        + 6 * code[4]
        + 5 * code[5]
        + 4 * code[6]
        + 3 * code[7]
        + 2 * code[8]
        + code[9]
    )
    return (weighted_sum - _ZERO_WEIGHT) % 11 == 0


def _has_keyword(text: str, start: int, end: int, *, substitute: bool) -> bool:
    """Tell whether a keyword begins within a match's window.

    The window reaches 40 characters before the match and 20 after it: a keyword
    counts when it begins there, as a reader measures "within 20 characters after"
    ("1708671235 står som personnummer"). The text read runs on past the window
    by the longest keyword, and one character before it, so that a "pt" cut by its
    edge is no "pt". It is lower-cased once (a dotted capital I, the one character
    whose lower case is longer, is taken as "i" so that offsets stay put); the
    match itself is blanked, so an eCPR number's letters are no keyword.
    """
    first = start - _BEFORE if start > _BEFORE else 0
    low = first - 1 if first else 0
    after = text[end : end + _AFTER + _LONGEST_KEYWORD + 1]
    window = f"{text[low:start]}{'#' * (end - start)}{after}"
    lowered = window.lower()
    if len(lowered) != len(window):
        lowered = window.replace("\u0130", "i").lower()
    inside = first - low
    limit = inside + min(end + _AFTER, len(text)) - first
    hit = _KEYWORD.search(lowered)
    while hit is not None and hit.start() <= limit:  # no later hit begins inside the window
        if (
            hit.start() >= inside
            and (substitute or hit[0] in _EVERY_KIND)
            and (hit[0] not in _PERSON_WORDS or _inflected(lowered, hit.end()))
        ):
            return True
        hit = _KEYWORD.search(lowered, hit.end())
    return False


def _inflected(lowered: str, end: int) -> bool:
    """Tell whether "patient" or "borger" ending at ``end`` is the word, maybe inflected.

    "patienten", "borgerens" are; "Patientklagenævnet", "borgerservice" name
    something else.
    """
    rest = _WORD_REST.match(lowered, end)
    return rest is None or rest[0] in _INFLECTIONS


_PERSON_WORDS = frozenset({"patient", "borger"})
_WORD_REST = re.compile(r"[^\W\d_]+")
_INFLECTIONS = frozenset({"en", "ens", "er", "erne", "ernes", "e", "ne", "nes", "s"})
"""Endings of "patient" and "borger": "patienten", "patienterne", "borgere", "borgernes"."""


def _is_labelled(text: str, start: int) -> bool:
    """Tell whether a word announcing some other number labels the candidate at ``start``."""
    before = text[max(0, start - _BEFORE) : start].lower()
    label = _LABELS.search(before)
    while label is not None:
        if not before[label.start() - 1 : label.start()].isalpha():
            return True
        label = _LABELS.search(before, label.start() + 1)  # "bordre ordre 123": try again
    return False
