"""Find health data about identifiable people in free text.

Health data (GDPR art. 9) is a statement about a person's health: a diagnosis,
a result, a treatment or a medicine *about someone who can be identified*. A
clinical word alone ("diabetes" in a course title) is not, and a name alone is
not either. So this module looks for identifiers and for health evidence, and
pairs them.

Identifiers:

* CPR numbers, found by :mod:`.cpr` and passed in as spans;
* a name after a patient cue: ``pt. Hansen``, ``patient Hansen``,
  ``hr. Ole Sørensen``, ``fru Jensen``;
* a capitalised full name: two capitalised words in a row (``Jens Hansen``,
  ``Anne-Marie Ølgaard``), unless one of them is a greeting, a function word, a
  weekday or month, a title, an institution or a place (``Hej Jens``, ``Herlev
  Hospital``, ``Region Hovedstaden``);
* the patient references ``patienten``, ``borgeren`` and ``pt.`` themselves.

Health evidence, with its confidence alone / next to an identifier / next to a
CPR number:

* an SKS diagnosis code (``DI21.9``, ``DE11``, ``DJ189``), distinctive by its
  form: MEDIUM / HIGH / HIGH;
* a bare ICD-10 code (``I21.9``, ``E11``), only with a context word (diagnose,
  dx, ICD, diag.) within the window: MEDIUM / HIGH / HIGH. A code after a place
  word ("lokale C12") or glued to a word by a hyphen ("B12-vitamin") is none;
* an ATC code of level 4 or 5 (``N02BE``, ``A10BA02``), like a medicine:
  LOW / MEDIUM / HIGH;
* a term of the bundled lexicon ``data/clinical_terms.txt`` (clinical terms and
  common medicines, written as stems): LOW / MEDIUM / HIGH.

*Next to* means on the same line with at most :data:`WINDOW` characters
between the two spans. A detection spans the evidence (the code, or the whole
word that holds the term), never the identifier.

Speed. The text is read as bytes, made in C (:mod:`.shaping`): ``data`` is
the text in Latin-1, one byte per character (``?`` for anything else), and
``shape`` is ``data`` with every capital letter turned into ``A``, every digit
into ``0`` and the first letters of the cue words (p, b, h, f) into two marker
bytes. Each of the three whole-text searches is led by one literal byte, so the
engine skips from candidate to candidate instead of trying a pattern at every
character: capital to capital (full names and codes), marked capital to marked
capital (names, cues and codes led by P, B, H or F), and marked small letter to
marked small letter (lowercase cues). Clinical terms are looked
for only in the windows around the identifiers found, all windows joined into
one search, because a lexicon search of the whole text costs several plain
regular expression passes; only when the caller asks for LOW confidence, where
a term alone counts, is the whole text searched for terms. No pattern has
nested quantifiers and every step per match is bounded (a name's words are at
most 40 characters), so the time is linear in the length of the text.

A text without CPR numbers is first given a quick test: without a capital and
two digits, a small letter, a space and a capitalised word, or the letters of
a patient cue, the passes cannot find anything, and two substring searches and
one small search say so for a fraction of the cost of running the passes.
Most chat messages end there.
"""

from __future__ import annotations

import bisect
import importlib.resources
import re
from typing import TYPE_CHECKING, NamedTuple

from .detection import Confidence, Detection, DetectionKind, mask
from .shaping import LOWER, SHAPE, UPPER, ShapedText

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

__all__ = ["find_health_data"]

WINDOW = 60
"""At most this many characters may lie between an identifier and its evidence."""

_MARGIN = 40
"""How far past the window the term search reaches: longer than any term, so
that a term starting inside the window is matched whole."""


def _latin1(chars: str) -> bytes:
    return chars.encode("latin-1")


def _words(spaced: str) -> tuple[bytes, ...]:
    """Return the words of ``spaced`` (a list written as text) in Latin-1."""
    return tuple(map(_latin1, spaced.split()))


_WORD_BYTES = frozenset(_latin1(UPPER + LOWER + "ßÿ0123456789") + b"\x01\x02")
"""The bytes of letters and digits, in ``data`` and in ``shape``."""

_LEXICAL = bytes(
    byte if byte in _WORD_BYTES else 0x20
    for byte in bytes(range(256)).translate(bytes.maketrans(_latin1(UPPER), _latin1(LOWER)))
)
"""Lower-case every letter and turn everything but letters and digits into a space."""

_SMALL = "[\x01a-z\xdf-\xf6\xf8-\xff]"
"""A small letter in ``shape``."""

_CAPITAL = "[A\x02]"
"""A capital letter in ``shape``."""


def _shape_pattern(pattern: str) -> re.Pattern[bytes]:
    return re.compile(_latin1(pattern), re.VERBOSE)


_LONGEST_WORD = 40
"""A word of a name is at most this long (a longer one is none), which keeps
identifiers short and the search for those near some evidence quick."""

_WORD_LIMIT = f"{{1,{_LONGEST_WORD - 1}}}"
"""How many small letters may follow the capital of a word in a name."""

_PAIRS = _shape_pattern(rf"A(?:{_SMALL}{_WORD_LIMIT}\ (?={_CAPITAL}{_SMALL})|00)")
"""Two capitalised words in a row, the first not led by P, B, H or F, or a capital
and two digits: where a diagnosis or an ATC code may start (codes led by P, B, H
or F are found by :data:`_CAPITAL_CUES`). Both begin with ``A``, so one pass
finds both."""

_CAPITAL_CUES = _shape_pattern(
    rf"""\x02(?:
        {_SMALL}{_WORD_LIMIT}\ (?={_CAPITAL}{_SMALL})
      | [tr]\. | atient(?:ens?)?(?!{_SMALL}) | orgerens?(?!{_SMALL})
      | 00
    )"""
)
"""Words led by P, B, H or F: two capitalised words in a row (Peter Hansen, or a cue
and a name: Fru Jensen), a capitalised cue (Patienten, Borgeren, Pt., Hr.) or the
start of a code (B01AC06, F32)."""

_LOWER_CUES = _shape_pattern(rf"\x01(?:atient(?:ens?)?|orgerens?|t|r|ru)(?!{_SMALL})")
"""A lowercase patient cue (patienten, borgeren, pt, hr, fru) or a word of that shape."""

_NAME = _shape_pattern(
    rf"{_CAPITAL}{_SMALL}{_WORD_LIMIT}(?:-{_CAPITAL}{_SMALL}{_WORD_LIMIT})?(?!{_SMALL})"
)
"""A capitalised word in ``shape``, maybe hyphenated (Anne-Marie)."""

_HYPHENATED_HEAD = _shape_pattern(rf"{_CAPITAL}{_SMALL}{_WORD_LIMIT}-$")
"""The first half of a hyphenated first name, up to the hyphen (Anne-)."""


class _Cue(NamedTuple):
    standalone: bool
    """The cue refers to an identifiable patient on its own ("patienten")."""
    takes_name: bool
    """A capitalised word right after the cue is a name ("fru Jensen")."""


_CUES: dict[bytes, _Cue] = {
    _latin1(spelling): cue
    for word, cue in {
        "patienten": _Cue(standalone=True, takes_name=True),
        "patientens": _Cue(standalone=True, takes_name=False),
        "patient": _Cue(standalone=False, takes_name=True),
        "borgeren": _Cue(standalone=True, takes_name=True),
        "borgerens": _Cue(standalone=True, takes_name=False),
        "pt": _Cue(standalone=True, takes_name=True),
        "hr": _Cue(standalone=False, takes_name=True),
        "fru": _Cue(standalone=False, takes_name=True),
    }.items()
    for spelling in (word, word.capitalize(), word.upper())
}
"""The patient cues as they may be written: lower case, capitalised, in capitals."""


def _hint_of(byte: int) -> int:
    """Return the class of ``byte`` in a hint: a small letter, a capital, a digit, a space."""
    one = bytes([byte])
    for pattern, hint in ((_SMALL, b"a"), (_CAPITAL, b"A"), ("[0-9]", b"0"), (" ", b" ")):
        if re.fullmatch(_latin1(pattern), one.translate(SHAPE)):
            return hint[0]
    return ord(".")


_HINT = bytes(map(_hint_of, range(256)))
"""A ``bytes.translate`` table from ``data`` to the classes :func:`_may_hold_evidence` needs."""

_CUE_HINT = re.compile(rb"p(?:t|atient)|hr|fru|borger")
"""What every spelling of every patient cue holds, lower-cased."""

_STOP_WORDS = frozenset(
    _words(
        """
        Hej Hejsa Hey Hi Hello Dear Thanks Kære Godmorgen Goddag Godaften Godnat God Glædelig
        Tak Mange Mvh Vh Kh Hilsen Hils Venlig Venlige Velkommen Tillykke Farvel
        Vi Jeg Du De Den Det Der Han Hun Man Vores Min Mit Mine Din Dit Til Fra Med Og Men
        Eller Hvis Når Da Så Nu Her Hvor Hvad Hvem Hvornår Hvordan Hvorfor Kan Kunne Vil Skal
        Må Har Er Var Bliver Kom Ring Spørg Send Sendt Kontakt Se Husk Bed Tjek Skriv Tag Giv
        Hent Mød Sig Lad Vent Ps Obs Info Note Ifølge Også Kun Bare Ja Nej Ok Okay Godt Super
        Fint Ses Efter Før Under Over Ved Om På Af For Hos Mellem Uden Angående Vedr Ang Cc Re
        Fw Sv Dr Prof Professor Overlæge Læge Lægen Reservelæge Afdelingslæge Sygeplejerske
        Sygeplejersken Jordemoder Kollega Morbus Mb
        Mandag Tirsdag Onsdag Torsdag Fredag Lørdag Søndag Januar Februar Marts April Maj Juni
        Juli August September Oktober November December Jul Påske
        Region Regionen Hovedstaden Sjælland Syddanmark Midtjylland Nordjylland Danmark Danske
        Dansk København Københavns Herlev Gentofte Glostrup Hvidovre Amager Bispebjerg
        Frederiksberg Rigshospitalet Hillerød Frederikssund Helsingør Bornholm Bornholms
        Nordsjællands Aarhus Odense Aalborg Roskilde Køge Holbæk Slagelse Næstved Vejle Esbjerg
        Randers Kolding Hospital Hospitalet Sygehus Sygehuset Klinik Klinikken Center Centret
        Afdeling Afdelingen Afsnit Ambulatorium Kommune Kommunes Styrelsen Sundhedsstyrelsen
        Sundhedsplatformen MinSP Microsoft Teams Zoom Google Meet Outlook Skype Webex Excel Word
        Powerpoint Windows
        Parkinson Parkinsons Alzheimer Alzheimers Crohn Crohns Hodgkin Hodgkins Addison
        Addisons Cushing Cushings Graves Bechterew Bechterews Down Downs Asperger Aspergers
        Tourette Tourettes Kræftens Bekæmpelse Fonden Foreningen Forening Selskab Selskabet
        Hjerteforeningen Diabetesforeningen Scleroseforeningen
        """
    )
)
"""Capitalised words that make a pair of capitalised words no full name: greetings,
function words, titles, weekdays and months, places, institutions, products and
the names of diseases named after people."""

_STOP_ENDINGS = _words(
    """
    hospital hospitalet sygehus sygehuset klinik klinikken center centret afdeling
    afdelingen kommune styrelsen platformen regionen
    """
)
"""Endings of institution names (Universitetshospital, Lægemiddelstyrelsen)."""

# Codes, matched in the text itself at a candidate that the capital pass found.
_SKS = re.compile(r"D[A-Z][0-9]{2}(?:\.?[0-9A-Z]{1,3})?(?![^\W_])")
"""An SKS diagnosis code: D, the ICD-10 chapter letter, two digits, up to three more."""

_POSTCODE = re.compile(r"DK[0-9]{4}(?![^\W_])")
"""A Danish postcode with its country prefix (DK2100), which has the SKS form."""

_ATC = re.compile(r"[ABCDGHJLMNPRSV][0-9]{2}[A-Z]{2}(?:[0-9]{2})?(?![^\W_])")
"""An ATC code of level 4 (N02BE) or 5 (A10BA02), led by one of the 14 anatomical
main groups. Levels 1 to 3 (N, N02, N02B) are too short to tell from other codes."""

_ICD = re.compile(r"[A-Z][0-9]{2}(?:\.[0-9A-Z]{1,4})?(?![^\W_]|-[^\W\d_])")
"""A bare ICD-10 code (I21.9, E11), not glued to a word by a hyphen (B12-vitamin)."""

_ICD_CONTEXT = re.compile(
    _latin1(r"(?i:diag[a-z\xdf-\xff]*|icd|(?<![a-z\xdf-\xff])dx(?![a-z\xdf-\xff]))")
)
"""A context word that makes a bare ICD-10 code a diagnosis (diagnose, diag., dx,
ICD-10), searched in ``data``."""

_NOT_DIAGNOSIS_AFTER = frozenset(
    _words(
        """
        afsnit afd afdeling stue stuen lokale lokalet rum seng etage plan bygning opgang
        indgang gang kl uge nr sal fløj modul ambulatorium klinik rute bus linje vitamin
        """
    )
)
"""Words after which a letter and digits are a place, a time or a vitamin, not a
diagnosis (lokale C12, vitamin B12)."""

_LOW, _NEAR, _NEAR_CPR = 0, 1, 2
"""What lies next to some evidence: nothing, an identifier, a CPR number. The
values are the confidence of a term or an ATC code."""

_CONFIDENCES = (Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)

_LOWEST = Confidence.LOW
"""Looked up once: looking up an enum member costs more than most of a chat message's scan."""

_PAIR = 3
"""An identifier not yet checked: a capitalised word and the start of the next."""


class _Term(NamedTuple):
    whole_word: bool
    """Only the whole word counts (``hiv=``)."""
    exact: str | None
    """The only spelling that counts, for a term written with capitals (``KOL``)."""
    exceptions: tuple[tuple[bytes, int], ...]
    """Longer words holding the term that are no terms, each with the term's
    offset in it (``kræfter``, 0; ``desinfektion``, 3)."""
    checked: bool
    """A match must be checked further: one of the above applies."""


class _Lexicon(NamedTuple):
    terms: dict[bytes, _Term]
    """Every term, lower-cased, as lexical bytes."""
    pattern: re.Pattern[bytes]
    """Any term at the start of a word, in lexical bytes."""
    inside: re.Pattern[bytes]
    """Any term that also counts inside a word (a compound), in lexical bytes."""


_Trie = dict[str, "_Trie"]


def _trie(words: Iterable[str]) -> str:
    """Return a regular expression for ``words``, shaped as a trie.

    Alternatives share their prefixes (``diabet(?:es)?``), so the engine
    decides one character at a time instead of trying every word in turn, and
    the greedy optional tails make the longest word win.
    """
    root: _Trie = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def _lexical(term: str) -> bytes:
    return _latin1(term).translate(_LEXICAL)


def _load_lexicon() -> _Lexicon:
    """Read the bundled lexicon (its format is described at its top)."""
    source = importlib.resources.files("onlinecompliance.scan") / "data" / "clinical_terms.txt"
    terms: dict[bytes, _Term] = {}
    inside: list[bytes] = []
    exceptions: list[bytes] = []
    for line in source.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        if entry.startswith("!"):
            exceptions.append(_lexical(entry[1:]))
            continue
        written = entry.removeprefix("*").removesuffix("=")
        key = _lexical(written)
        if entry.startswith("*"):
            inside.append(key)
        capitals = sum(char.isupper() for char in written)
        whole_word = entry.endswith("=")
        exact = written if capitals > 1 else None
        terms[key] = _Term(whole_word, exact, (), checked=whole_word or exact is not None)
    for key, term in terms.items():
        found = tuple((word, word.find(key)) for word in exceptions if key in word)
        if found:
            terms[key] = term._replace(exceptions=found, checked=True)
    pattern = re.compile(_latin1(f" (?P<term>{_trie(key.decode('latin-1') for key in terms)})"))
    inside_pattern = re.compile(_latin1(_trie(key.decode("latin-1") for key in inside)))
    return _Lexicon(terms, pattern, inside_pattern)


_LEXICON = _load_lexicon()


def _is_stop_word(word: bytes) -> bool:
    return word in _STOP_WORDS or word.endswith(_STOP_ENDINGS)


_Span = tuple[int, int]
_Identifier = tuple[int, int, int]
"""Start, end, and what it is: :data:`_NEAR` (a name after a cue, or a cue),
:data:`_NEAR_CPR`, or :data:`_PAIR` (two capitalised words, checked when some
evidence is near; its end is then where the second word starts)."""
_Found = tuple[int, int, int]
"""Start, end and confidence of a piece of evidence."""


class _Scan:
    """One text, the bytes made from it and the identifiers found in it."""

    def __init__(self, shaped: ShapedText, cpr_spans: Sequence[_Span]) -> None:
        self.text = shaped.text
        self.data = shaped.data
        self.shape = shaped.shape
        self.identifiers: list[_Identifier] = [(start, end, _NEAR_CPR) for start, end in cpr_spans]
        self.code_starts: list[int] = []
        self.starts: list[int] = []
        self.longest = 0
        self.pair_ends: dict[int, int] = {}

    # -- identifiers ---------------------------------------------------------

    def find_identifiers(self) -> None:
        """Run the whole-text passes and sort what they found."""
        self._capital_pass(_PAIRS)
        self._capital_pass(_CAPITAL_CUES)
        self._cue_pass()
        self.code_starts.sort()
        if not self.identifiers:
            return
        self.identifiers.sort()
        self.starts = [identifier[0] for identifier in self.identifiers]
        # A pair is stored up to its second word, which may be two words of a name.
        self.longest = (
            2 * _LONGEST_WORD
            + 1
            + max((end - start for start, end, _ in self.identifiers), default=0)
        )

    def _capital_pass(self, pattern: re.Pattern[bytes]) -> None:
        """Find full names, capitalised cues and where codes may start.

        This loop runs once per pair of capitalised words, so its common paths
        (a stop word, a name) are kept short.
        """
        data = self.data
        shape = self.shape
        word_bytes = _WORD_BYTES
        stop_words = _STOP_WORDS
        cues = _CUES
        add = self.identifiers.append
        for match in pattern.finditer(shape):
            start, end = match.span()
            last = shape[end - 1]
            if last == 0x30:  # a digit: a code (DF32 too)
                self._add_code(start)
                continue
            if start and shape[start - 1] in word_bytes:
                continue  # inside a word (McDonald)
            if last == 0x20:  # two capitalised words
                first = data[start : end - 1]
                if first in stop_words:
                    continue
                cue = cues.get(first)
                if cue is not None:
                    self._add_cue(start, end - 1, cue)
                    continue
                if start and shape[start - 1] == 0x2D:  # a hyphen
                    start = self._hyphenated_start(start)
                add((start, end, _PAIR))  # checked further only if evidence is near
            else:
                end -= last == 0x2E  # the full stop of Pt. and Hr. follows the cue
                cue = cues.get(data[start:end])
                if cue is not None:
                    self._add_cue(start, end, cue)

    def _hyphenated_start(self, start: int) -> int:
        """Return where a first name joined by a hyphen begins (Anne-Marie), else ``start``."""
        head = _HYPHENATED_HEAD.search(self.shape, max(0, start - 30), start)
        if head is None or (head.start() and self.shape[head.start() - 1] in _WORD_BYTES):
            return start
        return head.start()

    def _cue_pass(self) -> None:
        """Find the lowercase patient cues."""
        data = self.data
        shape = self.shape
        word_bytes = _WORD_BYTES
        for match in _LOWER_CUES.finditer(shape):
            start, end = match.span()
            if start and shape[start - 1] in word_bytes:
                continue
            cue = _CUES.get(data[start:end])
            if cue is not None:
                self._add_cue(start, end, cue)

    def _add_code(self, start: int) -> None:
        """Record a code candidate at ``start`` unless it is glued to a word.

        An SKS code has two capitals (DI21), so its candidate starts one
        character before the capital and digits.
        """
        shape = self.shape
        if start and self.data[start - 1] == 0x44 and shape[start - 1] in b"A\x02":  # D
            start -= 1
        if not (start and shape[start - 1] in _WORD_BYTES):
            self.code_starts.append(start)

    def _add_cue(self, start: int, end: int, cue: _Cue) -> None:
        """Record the identifier a cue makes: with the name after it, or alone."""
        name_end = self._name_after(end) if cue.takes_name else None
        if name_end is not None:
            self.identifiers.append((start, name_end, _NEAR))
        elif cue.standalone:
            end += self.shape.startswith(b".", end)
            self.identifiers.append((start, end, _NEAR))

    def _name_after(self, end: int) -> int | None:
        """Return the end of a name (one or two words) right after a cue, if any."""
        shape = self.shape
        end += shape.startswith(b".", end)
        if not shape.startswith(b" ", end):
            return None
        name = _NAME.match(shape, end + 1)
        if name is None or _is_stop_word(self.data[end + 1 : name.end()]):
            return None
        if not shape.startswith(b" ", name.end()):
            return name.end()
        more = _NAME.match(shape, name.end() + 1)
        if more is None or _is_stop_word(self.data[more.start() : more.end()]):
            return name.end()
        return more.end()

    # -- evidence ------------------------------------------------------------

    def nearness(self, start: int, end: int) -> int:
        """Tell what lies next to the evidence at ``start``-``end``: 0, 1 or 2.

        Next to means on the same line with at most :data:`WINDOW` characters
        between the spans; an identifier overlapping the evidence does not count.
        """
        text = self.text
        identifiers = self.identifiers
        best = _LOW
        first = bisect.bisect_left(self.starts, start - WINDOW - self.longest)
        for index in range(first, len(identifiers)):
            id_start, id_end, rank = identifiers[index]
            if id_start > end + WINDOW:
                break
            if rank == _PAIR:
                id_end = self._pair_end(id_start, id_end)
                if id_end < 0:
                    continue
            if id_end <= start:
                gap_start, gap_end = id_end, start
            elif id_start >= end:
                gap_start, gap_end = end, id_start
            else:
                continue
            if gap_end - gap_start <= WINDOW and text.find("\n", gap_start, gap_end) < 0:
                if rank == _NEAR_CPR:
                    return _NEAR_CPR
                best = _NEAR
        return best

    def _pair_end(self, start: int, second: int) -> int:
        """Check the pair of capitalised words at ``start``; return its end, or -1.

        Neither word may be a stop word or end like an institution's name.
        """
        end = self.pair_ends.get(start)
        if end is None:
            data = self.data
            name = _NAME.match(self.shape, second)
            first = data[start : second - 1]
            end = (
                -1
                if name is None
                or first.endswith(_STOP_ENDINGS)
                or _is_stop_word(data[second : name.end()])
                else name.end()
            )
            self.pair_ends[start] = end
        return end

    def line_window(self, start: int, end: int, reach: int, extra: int = 0) -> _Span:
        """Return ``reach`` characters either side of ``start``-``end``, cut at line ends.

        ``extra`` more characters are added after the end.
        """
        text = self.text
        low = max(0, start - reach)
        high = end + reach + extra
        newline = text.rfind("\n", low, start)
        if newline >= 0:
            low = newline + 1
        newline = text.find("\n", end, high)
        return low, (min(high, len(text)) if newline < 0 else newline)

    def codes(self) -> Iterator[_Found]:
        """Yield the diagnosis and ATC codes among the code candidates."""
        text = self.text
        for start in self.code_starts:
            if text.startswith("D", start):
                match = _SKS.match(text, start)
                if match is not None and _POSTCODE.match(text, start) is None:
                    near = self.nearness(start, match.end())
                    yield start, match.end(), Confidence.HIGH if near else Confidence.MEDIUM
                    continue
            match = _ATC.match(text, start)
            if match is not None:
                yield start, match.end(), self.nearness(start, match.end())
                continue
            match = _ICD.match(text, start)
            if (
                match is not None
                and not self._after_place_word(start)
                and self._has_diagnosis_context(start, match.end())
            ):
                near = self.nearness(start, match.end())
                yield start, match.end(), Confidence.HIGH if near else Confidence.MEDIUM

    def _after_place_word(self, start: int) -> bool:
        """Tell whether the word before ``start`` names a place or a time (lokale C12)."""
        data = self.data
        end = start - 1
        while end > 0 and data[end - 1] in b". ":
            end -= 1
        word = data[data.rfind(b" ", max(0, end - 16), end) + 1 : end]
        return word.lower() in _NOT_DIAGNOSIS_AFTER

    def _has_diagnosis_context(self, start: int, end: int) -> bool:
        """Tell whether a context word (diagnose, dx, ICD) lies within the code's window."""
        low, high = self.line_window(start, end, WINDOW + _MARGIN)
        for match in _ICD_CONTEXT.finditer(self.data, low, high):
            word_start, word_end = match.span()
            if start - WINDOW <= word_end <= start or end <= word_start <= end + WINDOW:
                return True
        return False

    def term_regions(self, cpr_only: bool) -> list[_Span]:
        """Return the stretches to search for terms: the merged identifier windows."""
        regions: list[_Span] = []
        region_start = region_end = -1
        for start, end, rank in self.identifiers:
            if cpr_only and rank != _NEAR_CPR:
                continue
            extra = _LONGEST_WORD if rank == _PAIR else 0
            low, high = self.line_window(start, end, WINDOW + _MARGIN, extra)
            if low <= region_end:
                region_end = max(region_end, high)
                continue
            if region_end >= 0:
                regions.append((region_start, region_end))
            region_start, region_end = low, high
        if region_end >= 0:
            regions.append((region_start, region_end))
        return regions

    def terms(self, regions: Sequence[_Span]) -> list[_Found]:
        """Return the lexicon terms in ``regions`` with their confidence.

        The regions are joined, a space apart, into one string of lexical bytes,
        so that one search covers them all. A term spans the whole word that
        holds it (``diabetiker``, ``lungekræften``), and a word is one detection
        however many terms it holds.
        """
        if not regions:
            return []
        data = self.data
        joined_starts = []
        position = 1
        for low, high in regions:
            joined_starts.append(position)
            position += high - low + 1
        joined = (b" " + b" ".join(data[low:high] for low, high in regions)).translate(_LEXICAL)
        found: list[_Found] = []
        terms = _LEXICON.terms
        word_start = word_end = found_in = -1
        for term_start, key in _term_hits(joined):
            term_end = term_start + len(key)
            if term_start >= word_end:  # a new word; else the same one as before
                word_start = joined.rfind(b" ", 0, term_start) + 1
                word_end = -1
            if word_end < term_end:  # a term of two words (grå stær) ends in the second
                word_end = joined.find(b" ", term_end)
                if word_end < 0:
                    word_end = len(joined)
            if found_in == word_start:
                continue
            piece = bisect.bisect_right(joined_starts, term_start) - 1
            offset = regions[piece][0] - joined_starts[piece]
            term = terms[key]
            if term.checked and not self._counts(term, joined, term_start, term_end, offset):
                continue
            found_in = word_start
            start, end = word_start + offset, word_end + offset
            found.append((start, end, self.nearness(start, end)))
        return found

    def _counts(self, term: _Term, joined: bytes, start: int, end: int, offset: int) -> bool:
        """Tell whether the term at ``start``-``end`` of ``joined`` counts.

        A whole-word term must fill its word, a term with capitals must be written
        so in the text, and no exception may hold the term here.
        """
        if term.whole_word and not (
            joined[start - 1] == 0x20 and (end == len(joined) or joined[end] == 0x20)
        ):
            return False
        if term.exact is not None and self.text[start + offset : end + offset] != term.exact:
            return False
        return not any(joined.startswith(word, start - at) for word, at in term.exceptions)


def _term_hits(joined: bytes) -> list[tuple[int, bytes]]:
    """Return where terms start in ``joined`` (lexical bytes) and which, in order.

    One search finds the terms at the start of a word (it is tried only after a
    space), another the few terms that also count inside a word.
    """
    hits = [(match.start("term"), match["term"]) for match in _LEXICON.pattern.finditer(joined)]
    inside = [
        (match.start(), match[0])
        for match in _LEXICON.inside.finditer(joined)
        if joined[match.start() - 1] != 0x20  # at the start of a word the first search found it
    ]
    if inside:
        hits += inside
        hits.sort()
    return hits


def find_health_data(
    text: str | ShapedText,
    *,
    identifiers: Sequence[tuple[int, int]] = (),
    min_confidence: Confidence = Confidence.MEDIUM,
) -> Iterator[Detection]:
    """Yield the health data about identifiable people in ``text``, in order of position.

    ``identifiers`` are the spans of the CPR numbers in ``text`` (the CPR
    detector finds them); names and patient references are found here. Only
    detections at or above ``min_confidence`` are yielded. At LOW a clinical
    term alone counts, so the whole text is searched for terms, which is
    several times slower than the search around identifiers at MEDIUM and HIGH.
    A caller that runs several detectors over one text passes it shaped
    (:class:`.ShapedText`).
    """
    shaped = text if isinstance(text, ShapedText) else ShapedText(text)
    if not (identifiers or min_confidence is _LOWEST or _may_hold_evidence(shaped.data)):
        return iter(())  # most chat messages
    return _detections(shaped.text, _find(shaped, identifiers, min_confidence))


def _detections(text: str, found: list[_Found]) -> Iterator[Detection]:
    """Make the detections of the evidence ``found`` in ``text``."""
    for start, end, confidence in found:
        yield Detection(
            kind=DetectionKind.HEALTH,
            confidence=_CONFIDENCES[confidence],
            start=start,
            end=end,
            masked=mask(text[start:end]),
        )


def _may_hold_evidence(data: bytes) -> bool:
    """Tell whether the passes could find anything in ``data``: a cheap test of a chat message.

    Every code has a capital and two digits, every full name a small letter, a
    space and a capitalised word, and every patient cue one of five ASCII letter
    pairs or words; two substring searches and one regular expression rule out
    most messages.
    """
    hint = data.translate(_HINT)
    # find() rather than "in": bytes.__contains__ first tries the needle as an integer.
    if hint.find(b"a Aa") >= 0 or hint.find(b"A00") >= 0:
        return True
    return _CUE_HINT.search(data.lower()) is not None


def _find(
    shaped: ShapedText, cpr_spans: Sequence[_Span], min_confidence: Confidence
) -> list[_Found]:
    """Return the evidence at or above ``min_confidence`` in ``shaped``, in order."""
    scan = _Scan(shaped, cpr_spans)
    scan.find_identifiers()
    if not (scan.identifiers or scan.code_starts or min_confidence is _LOWEST):
        return []  # most chat messages
    found = list(scan.codes())
    if min_confidence is _LOWEST:
        found += scan.terms([(0, len(scan.text))])
    else:
        found += scan.terms(scan.term_regions(cpr_only=min_confidence is Confidence.HIGH))
    found.sort()
    return [hit for hit in found if hit[2] >= min_confidence]
