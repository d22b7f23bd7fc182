"""Mentions of identifiable people in free text, as the catalogue defines them.

A mention is *identifiable* (RULES.md, detection section) when it is:

* a full name: two or more capitalised words in a row ("Karen Munk Holst"),
  none of them a greeting, a function word, a weekday or month, a title, an
  institution or a place ("Hej Jens", "Herlev Hospital"); or, at the start of a
  line, a full name in lower case whose first word is a common first name
  (``data/first_names.txt``: "hanne toft har hæmoglobin 5,6");
* a title and a surname: hr., fru, frk., Mr., Mrs., Ms., Miss ("fru Dalsgaard",
  "Mr. Patel", "fru P."), also in lower case ("fru jensen", "mrs ingrid
  poulsen");
* a CPR number (found by :mod:`.cpr` and passed in);
* a first name or initials with a place in the ward or a home town ("Birgit på
  stue 6", "AK i seng 3", "Henning fra Glostrup", "Kurt in bed 4"), initials in
  lower case ("ls på stue 4"), a room by its number alone after a known first
  name or initials ("Birgit på 12"), an aside between ("Freja (2 år) fra
  Hvalsø"), and "han", "hende" or "fyren" with a place in the ward ("hende på
  stue 12"); a place a name follows as a label ("stue 4, Karen: CRP 180", "st 3:
  Inge / st 5: Poul", "Akutstue 2: pt. med ...", "På stue 10 ligger Agnete");
* a patient reference with a place or a name ("pt. på stue 2", "patienten i
  seng 9", "pigen på stue 5", "the patient in bed 9", "pt. Hansen");
* in a text addressed to a named person (a greeting such as "Kære Birte Lund"
  or "Dear Ms. Jones" opening it, or a line, or following a colon), the words
  for "you" and "your" ("du", "din", "dit", "dine", "dig"; "you", "your");
* after any of these, "han", "hun", "hans", "hendes" ("he", "she", "his")
  opening a clause: they refer to the person named before ("Er fru Holm
  tilset? Hun klager over hoften").

What is deliberately no mention, for fewer false alarms: a first name alone
("Birgit har feber": the catalogue does not count it), "patienten" or "pt."
without a place or a name (a general instruction, "når patienten har
smerter"), and titles of staff ("dr.", "overlæge").

Whether a mention is *linked* to a clinical term is for :mod:`.clauses`.

Speed. Most chat messages mention no one, and :func:`mention_hints` says so
for about a microsecond, and otherwise which kinds of mention to look for: full
names, titles, "pt. Hansen", home towns and greetings hold a small letter, maybe
a full stop, a space and a capitalised word; a place in the ward a space, a
number and one of a few words; a lower-case name starts a line with a first
name; a lower-case title is "hr", "fru", "frk" or "mr" and a small letter. Each
kind's pattern runs only where its hint holds.
"""

from __future__ import annotations

import bisect
import enum
import functools
import importlib.resources
import re
from typing import TYPE_CHECKING, NamedTuple

import ahocorasick

from .shaping import LOWER, UPPER

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .shaping import ShapedText

__all__ = [
    "EVERY_KIND",
    "NUMBER",
    "PATIENT",
    "PLACE_WORD",
    "POSSESSIVE",
    "SUBJECT",
    "UNIT_AFTER_A_NUMBER",
    "Hints",
    "Mention",
    "MentionKind",
    "find_mentions",
    "mention_hints",
]


class MentionKind(enum.IntEnum):
    """How a mention relates to the words after it.

    Ordered so that of two mentions at one place the patient's sorts last:
    "Pigen Maja" is both a patient reference and a full name, and the later one
    owns the words after it (:mod:`.health`). Mentions then sort as tuples, in C.
    """

    SUBJECT = 0
    """A full name or an English title and name, usually the subject of what follows.

    Ward chat names colleagues so too, so only a linking predicate links it."""
    POSSESSIVE = 1
    """"Din", "dit", "dine", "your": owns the words right after it."""
    PATIENT = 2
    """A patient as ward chat names one: a title and a surname, a first name or initials
    with a place, a patient reference with a place or a name. What its clause says
    about it is about a patient, so any predicate links it ("hører stemmer")."""
    NUMBER = 3
    """A CPR number: a subject too, and the strongest identifier."""


SUBJECT, POSSESSIVE, PATIENT, NUMBER = MentionKind
"""The kinds as plain names, for the scanner's modules: looking up an enum member costs
more than reading a word of a name."""


class Mention(NamedTuple):
    """One mention of an identifiable person: where it is and how it relates."""

    start: int
    end: int
    kind: MentionKind


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_CAPITAL = "A-ZÀ-ÖØ-Þ"
_SMALL = "a-zß-öø-ÿ"
_NAME_WORD = rf"[{_CAPITAL}](?:'[{_CAPITAL}])?[{_SMALL}]+(?:-[{_CAPITAL}][{_SMALL}]+)?"
"""A capitalised word as names are written: Jens, Anne-Marie, O'Brien."""

_STREET = r"(?:vej|gade|vænget|vænge|allé|alle|stræde|plads|parken|haven|toften|bakken)"
"""How a Danish street name ends: an address names a home, "Afsnit 7" a ward."""

_COMPOUND_PLACES = (
    *("stue", "rum", "seng", "sengeplads", "kuvøse", "stol", "plads", "leje", "celle"),
    *("værelse", "lejlighed"),
)
"""Words for a numbered place that may end a compound ("fødestue", "undersøgelsesrum")."""

_WHOLE_WORD_PLACES = ("bed", "room", "chair", "bås", "box", "bay", "cubicle")
"""Short words for a numbered place, counted only as words of their own (so is "st")."""

PLACE_WORD = (
    rf"(?:[a-zæøå]{{0,16}}(?:{'|'.join(_COMPOUND_PLACES)})"
    rf"|(?<![^\W\d_])(?:st\.?|{'|'.join(_WHOLE_WORD_PLACES)}))"
)
"""A word for a numbered place: a room ("fødestue", "undersøgelsesrum", "st."), a bed, an
incubator, a chair, a couch, a cell, a flat, an emergency department's bay ("bås"). The
short ones are whole words: "august 2024" and "(test 2)" hold no "st 2"."""

_UNIT_STEMS = (
    "dag døgn tim time min uge måned mdr år kg mg ml cm mm gang grad kr stk sal grupp hold"
    " day hour minute week month year"
)
UNIT_AFTER_A_NUMBER = rf"(?:(?:{'|'.join(_UNIT_STEMS.split())})[a-zæøå]*|g|l|x|%)"
"""A word that makes a number after "på" or "i" a quantity, not a room: "i 2 dage", "i 1
time", "på 3 uger", "i 2 grupper", "5 g"; a stem with its inflections, or a unit of one
letter as a word of its own."""

_WARD_PLACE = (
    rf"(?:(?:(?:på|paa|i|on|in|fra)\s+)?{PLACE_WORD}\s*[0-9]+[{_SMALL}]?(?!\s?[-\u2013]\s?[0-9])"
    rf"|(?:på|paa|i)\s+(?:ene|[0-9]+-sengs)stuen?|(?:på|paa|i)\s+[{_SMALL}]+sengen"
    rf"|\((?:på\s+)?(?:{PLACE_WORD}\s*[0-9]+[^()\n]{{0,20}}|enestuen)\)"
    rf"|(?:(?:på|paa|i)\s+)?[0-9]{{1,3}}['\u2019]eren)"
)
"""A place in the ward: "på stue 6", "stue 6", "på fødestue 2", "i seng 3", "in bed 9", "i
kuvøse 4", a dialysis or chemotherapy chair ("i stol 3", "på plads 11"), a couch ("på leje
2"), a cell or a room ("på celle 14", "på værelse 12"), "(stue 3)", "på enestuen", "på
4-sengsstuen", a room by its number ("i 12'eren"). Ward chat drops the "på" before a
numbered place ("Lise stue 14: CRP 212"). A range of rooms is a colleague's share of the
ward ("Mette stue 5-8"), not a patient's place."""

_INSTITUTION = r"(?:Kommune|Hospital|Sygehus|Apotek|Politi|Universitet|Municipality)(?!\w)"
"""Words after a town that make it an institution's name."""

_HOME = (
    rf"(?:(?:fra|from|i)\s+{_NAME_WORD}(?!\s+{_INSTITUTION})"
    rf"|(?:på|paa|on)\s+[{_CAPITAL}][{_SMALL}]*{_STREET}(?:\s+[0-9]+)?)"
)
"""A home: a town, "fra Glostrup", "i Valby", but not its institutions ("fra Rødovre
Kommune"); an address, "på Rosenvænget 14", "på Nørrebrogade"."""

_ROOM_NUMBER = (
    rf"(?:på|paa|i)\s+[0-9]{{1,2}}(?![0-9,./'\u2019]|:[0-9]|\s*(?i:{UNIT_AFTER_A_NUMBER})(?!\w))"
)
"""A room by its number alone, "Birgit på 12", but not "i 2 dage" or "i 60'erne": ward chat
says so only of a patient known by a first name or initials
(:func:`_is_first_name_or_initials`)."""

_PLACE = rf"(?:{_WARD_PLACE}|{_HOME})"

_TITLED = re.compile(
    rf"(?i:(hr|fru|frk)|mr|mrs|ms|miss)\.?\s+(?:{_NAME_WORD}\s+)?(?:{_NAME_WORD}|[{_CAPITAL}]\.)(?!\w)"
)
"""A title and a surname, maybe with a first name between: "hr. Ole Sørensen", "fru P.".
Danish ward chat gives titles to patients (group 1); English titles are given to staff
too ("Mr. Grant from pharmacy"), so those are read as plain names."""

_LOWER_CASE_TITLED = re.compile(
    rf"(?i:(hr|fru|frk)\.?|mrs\.?|mr\.)\s+([{_SMALL}][{_SMALL}'-]+)(?:\s+([{_SMALL}]+)(?![\w-]))?"
)
"""A title and a surname in lower case, as chat written fast has them: "fru jensen",
"mrs ingrid poulsen" (the second word counts after a known first name). Not "ms", which
in lower case is as often multiple sclerosis, and "mr" only with its full stop (not "mr
scanning")."""

_LOWER_CASE_TITLE_HINT = re.compile(
    rb"r(?<=[fhmFHM]r)(?<![a-zA-Z]..)(?:(?<=[fF]r)[uk]|(?<=[mM]r)s?|(?<=[hH]r))\.? [a-z\xe0-\xfe]"
)
"""A title and a lower-case word, in a text's Latin-1 bytes: "fru jensen", "Hr kristensen".
It starts with the "r" every title holds, and looks behind it from there: ``re`` skips to
a pattern's first letter in C, faster than to one of a set of letters."""

_PATIENT_WORDS = (
    r"(?i:pt\.?|patient(?:en)?|borger(?:en)?|beboer(?:en)?|pigen|drengen|mand(?:en)?|kvinde(?:n)?"
    r"|dame(?:n)?|herre(?:n)?|barnet|babyen|tvillingerne|den\s+nye"
    r"|the\s+(?:patient|man|woman|lady|gentleman|girl|boy|child))"
)

_PATIENT_REFERENCE = re.compile(
    rf"{_PATIENT_WORDS}\s+(?:{_PLACE}|{_ROOM_NUMBER}|{_NAME_WORD}(?!\w))"
)
"""A patient reference with a place or a name: "pt. på stue 2", "patient Jensen"."""

_LABELLING_PLACE_WORD = r"(?:[a-zæøå]*stue|st\.?|seng|sengeplads|bed|bås|box|bay|plads|stol|kuvøse)"
"""The places a patient's label opens with: beds, rooms of the ward, bays, chairs, not rooms
of other kinds ("Undervisningsrum 3: Hanne om KOL", "Room 4: Sarah - sepsis teaching")."""

_PLACE_THEN_NAME = re.compile(
    rf"[ \t]*(?:[^\W\d_][\w-]*\s+)?(?:(?i:på|paa|i)\s+)?(?i:{_LABELLING_PLACE_WORD})\s*[0-9]+"
    rf"[{_SMALL}]?(?:,?\s*(?i:seng|bed)\s*[0-9A-Za-z]\b)?(?:\s+(?i:ligger|sidder))?"
    r"(?:\s*[,:(\u2013\u2014-]\s*|\s+)"
    rf"(?:(?P<name>{_NAME_WORD}|[{_CAPITAL}]{{2,3}})|(?i:hr|fru|frk|mr|mrs|ms)\.?\s+{_NAME_WORD}"
    rf"|{_PATIENT_WORDS})(?:\s+(?:fra|from)\s+{_NAME_WORD})?\)?(?=[\s,:)]|\Z)"
)
"""A place and then a first name, initials, a title and a surname or a word for a patient,
opening a line or an item of a list as a label: "stue 4, Karen: CRP 180", "Stue 11 seng 2,
Ingrid - faldet", "plads 4 (Poul fra Ballerup) har ...", "st 3: Inge, CRP 112 / st 5:
Poul feber", "in bed 2, Mr. Kowalski", "Akutstue 2: pt. med stiksår", "På stue 10 ligger
Agnete med gulsot". It is tried only where a line or an item starts
(:func:`_places_then_names`)."""

_ITEM_START = re.compile(r"[\n/;|]")
"""What starts a line or an item of a list: "st 3: Inge, CRP 112 / st 5: Poul feber"."""

_WARD_PLACE_AFTER_A_WORD = re.compile(rf"\s{_WARD_PLACE}(?!\w)")
_HOME_AFTER_A_WORD = re.compile(rf"\s(?:{_HOME}(?!\w)|{_ROOM_NUMBER})")
"""A place or a home after a word: "(Birgit) på stue 6", "(AK) i seng 3", "(Else) i Valby".
Two patterns, each searched only in a text that holds its cue: the ward's costs a try of
a dozen letters at every space, the home's a letter or two."""

_HOME_ONLY = re.compile(_HOME)
_ROOM_NUMBER_ONLY = re.compile(_ROOM_NUMBER)
"""A home, and a room by its number, alone: what kind of place a placed name has."""

_NAME_BEFORE = re.compile(
    rf"(?<![\w'-])({_NAME_WORD}|[{_CAPITAL}]{{2,3}}|[{_SMALL}]+)(?:\s*\([^()\n]{{1,40}}\)|(,))?\Z"
)
"""The word before a place, maybe with an aside between ("Freja (2 år) fra Hvalsø") or,
at a line's start, a comma (group 2: "Grethe, stue 7 - hæmoglobin 6,8"): a
first name or initials make a mention with it; a word in lower case counts when it is a
known first name ("frida på stue 2"), initials ("ls på stue 4") or a word for a patient
(:data:`_PLACED_PATIENT_WORDS`)."""

_PLACED_PATIENT_WORDS = _words("han hun ham hende him fyr fyren indsat indsatte")
"""Words that, with a place in the ward after them, refer to a patient: "hende på stue
12", "den unge fyr på stue 8", "indsat på celle 14"."""

_NOT_INITIALS = _words(
    "st nr kl pt hr mg ml fx ps cc vs dl cm mm kg pr tlf ng pn sc th tv dr jf mht ift ekg ct"
    " mr bt bs hb crp sms cpr kol"
)
"""Short words and abbreviations without a vowel that are no initials ("kl", "mg")."""

_TITLE_CUE, _PATIENT_CUE, _WARD_CUE, _HOME_CUE, _GREETING_CUE = range(5)
"""The kinds of cue, as indices into :data:`_CUE_WORDS` and the lists of :func:`_cues`."""

_CUE_WORDS = (
    ("hr", "fru", "frk", "mr", "mrs", "ms", "miss"),
    (
        *("pt", "patient", "borger", "beboer", "pigen", "drengen", "mand", "kvinde", "dame"),
        *("herre", "barnet", "babyen", "tvilling", "den", "the"),
    ),
    (
        *_COMPOUND_PLACES,
        *_WHOLE_WORD_PLACES,
        *("st.", *(f"st {digit}" for digit in "0123456789"), "'eren", "\u2019eren"),
    ),
    (" fra ", " from ", " i ", " på ", " on "),
    ("kære", "hej", "goddag", "dear", "hi", "hello"),
)
"""Where a title or a patient reference may start, and what a name placed in the ward or
at home, or a greeting, holds, in the lower-cased text. A home's cues are words between
spaces: "i" and "på" stand in most texts, inside words or alone, and a home follows a
word that spaces set apart. One Aho-Corasick pass (:func:`_cues`) finds every kind, where
a search by ``re`` for each found one kind; the patterns then run only there, or only on
a text that holds their cue."""


@functools.cache
def _cue_automaton() -> ahocorasick.Automaton:
    """Build the automaton of :data:`_CUE_WORDS`, on first use, as the lexicon's is built.

    Each word reports its kind and its length.
    """
    automaton = ahocorasick.Automaton()
    for kind, words in enumerate(_CUE_WORDS):
        for word in words:
            automaton.add_word(word, (kind, len(word)))
    automaton.make_automaton()
    return automaton


def _cues(lowered: str) -> tuple[list[int], list[int], list[int], list[int], list[int]]:
    """Return where the cues of each kind start in ``lowered``, in order.

    The automaton reports every cue, overlapping ones too, where a search by ``re``
    skipped those starting inside the one before; those never start a word, and the
    callers want only whether a text holds a cue or where one starts a word. Two cues
    of a kind from one start ("mr", "mrs") give that start once.
    """
    starts: tuple[list[int], list[int], list[int], list[int], list[int]] = ([], [], [], [], [])
    for last, (kind, length) in _cue_automaton().iter(lowered):
        start = last + 1 - length
        if not starts[kind] or starts[kind][-1] != start:
            starts[kind].append(start)
    return starts


_CAPITALISED_WORD = re.compile(
    rf"[{_CAPITAL}](?<![\w'-].)(?:'[{_CAPITAL}])?[{_SMALL}]+(?:-[{_CAPITAL}][{_SMALL}]+)?"
    r"(?![\w-])(?!'(?!s(?!\w)|\s))"
)
"""A capitalised word (:data:`_NAME_WORD`), maybe with a genitive "'s" or "'" after it; two or
more in a row, one space apart, are a full name when none is a stop word. It starts with
the capital, and looks behind it from there, so that ``re`` skips to capitals in C."""

_LINE_START = re.compile(r"^[ \t]*", re.MULTILINE)

_LOWER_CASE_WORD = re.compile(rf"[{_SMALL}]+")
"""A lower-case word: at the start of a line, a first name and the one or two after it
make a full name."""

_LOWER_CASE_FIRST_NAME = re.compile(rf"[{_SMALL}]+(?:-[{_SMALL}]+)?")
"""A first name in lower case, maybe hyphenated: "anne-mette"."""

_ONE_SPACE = frozenset(" \u00a0")

_GREETING = re.compile(
    rf"(?:^|:)\s*[\"'\u201c\u201e]?(?i:kære|hej|hejsa|goddag|dear|hi|hello)\s+"
    rf"(?:(?i:hr|fru|frk|mr|mrs|ms|miss)\.?\s+{_NAME_WORD}|{_NAME_WORD}\s+{_NAME_WORD})",
    re.MULTILINE,
)
"""A greeting to a named person opening a line or following a colon: "Kære Birte Lund",
"Dear Ms. Jones" (a forwarded text has a line or two before it, a draft "Udkast til SMS:")."""

_ADDRESSED = re.compile(r"(?<!\w)(?i:(du|dig|you)|(din|dit|dine|your))(?!\w)")
"""The words for "you" (group 1) and "your" (group 2)."""


_STOP_WORDS = _words(
    """
    Hej Hejsa Hey Hi Hello Dear Thanks Kære Godmorgen Goddag Godaften Godnat God Glædelig
    Tak Mange Mvh Vh Kh Hilsen Hils Venlig Venlige Velkommen Tillykke Farvel
    Vi Jeg Du De Den Det Der Han Hun Man Vores Min Mit Mine Din Dit Til Fra Med Og Men
    Eller Hvis Når Da Så Nu Her Hvor Hvad Hvem Hvornår Hvordan Hvorfor Kan Kunne Vil Skal
    Må Har Er Var Bliver Kom Ring Spørg Send Sendt Kontakt Se Husk Bed Tjek Skriv Tag Giv
    Hent Mød Sig Lad Vent Ps Obs Info Note Ifølge Også Kun Bare Ja Nej Ok Okay Godt Super
    Fint Ses Efter Før Under Over Ved Om På Af For Hos Mellem Uden Angående Vedr Ang Cc Re
    Fw Sv Dr Prof Professor Overlæge Læge Lægen Reservelæge Afdelingslæge Sygeplejerske
    Sygeplejersken Jordemoder Kollega Ergoterapeut Fysioterapeut Farmaceut Portør Sekretær
    Diætist Psykolog Socialrådgiver Morbus Mb The A An And Or But If When Please Could
    Can Would Will Should We You They He She It Our Your My His Her Their This That These
    Mr Mrs Ms Miss Hr Fru Frk Pt Patient Patienten Borger Borgeren
    Mandag Tirsdag Onsdag Torsdag Fredag Lørdag Søndag Januar Februar Marts April Maj Juni
    Juli August September Oktober November December Jul Påske Monday Tuesday Wednesday
    Thursday Friday Saturday Sunday
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
    Nyt Nye Ny Fwd Vigtigt Husk Besked Info Opdatering Referat Svar
    Hjerteforeningen Diabetesforeningen Scleroseforeningen
    """
)
"""Capitalised words that are no part of a full name: greetings, function words,
titles, weekdays and months, places, institutions, products and the names of
diseases named after people."""

_STOP_ENDINGS = (
    "hospital",
    "hospitalet",
    "sygehus",
    "sygehuset",
    "klinik",
    "klinikken",
    "center",
    "centret",
    "afdeling",
    "afdelingen",
    "kommune",
    "styrelsen",
    "platformen",
    "regionen",
    "skolen",
    "caféen",
)
"""Endings of institution and programme names (Universitetshospital, Diabetesskolen)."""


def _load_first_names() -> frozenset[str]:
    source = importlib.resources.files("onlinecompliance.scan") / "data" / "first_names.txt"
    lines = source.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


_FIRST_NAMES = _load_first_names()

_NOT_SURNAMES = _words(
    """
    har havde fik får er var tager tog viser viste skal kan vil må bliver blev startet
    og men så i på paa st til fra med for om af ved hos er the and has had is was gets got takes
    """
)
"""Words that end a lower-case name: "hanne har" is no full name."""


def _hint_of(byte: int) -> int:
    """Return the class of a Latin-1 byte in a hint.

    The classes: small letter, capital, digit, space, full stop, anything else.
    """
    char = chr(byte)
    if char in LOWER or char in "ßÿ":
        return ord("a")
    if char in UPPER:
        return ord("A")
    if char.isdigit():
        return ord("0")
    if char == "'":
        return ord("a")  # inside a name: O'Brien
    return ord(char) if char in " ." else ord(" ") if char == "\xa0" else ord(",")


_HINT = bytes(map(_hint_of, range(256)))
"""A ``bytes.translate`` table from a text's Latin-1 bytes to the classes of a hint
(:func:`mention_hints`)."""

_PLACE_CUE = re.compile(
    "|".join(
        map(re.escape, (*_COMPOUND_PLACES, *_WHOLE_WORD_PLACES, "st.", "st ", "'eren", "?eren"))
    ).encode("latin-1")
)
"""What a place in the ward holds, in lower-cased Latin-1 bytes (a right quote is "?").
Every word starts with a letter of its own (no set of letters), so that ``re`` skips to
those letters in C."""

_ROOM_NUMBER_CUE = re.compile(
    rb" (?<=[a-z\xe0-\xfe.] )(?:p\xe5|paa|i) [0-9]{1,2}(?![0-9,./'?]|:[0-9]| ?"
    + UNIT_AFTER_A_NUMBER.encode("latin-1")
    + rb"(?![a-z\xe0-\xfe]))"
)
"""A room by its number alone after a word, in lower-cased Latin-1 bytes ("birgit på 12",
but not "i 2 dage"; see :data:`_ROOM_NUMBER`). It starts with the space, so that ``re``
skips to spaces in C."""

_TWO_CAPITALISED = re.compile(rb"Aa+ Aa")
"""Two capitalised words one space apart, in the classes of a hint: what a full name holds
(its words end in small letters, :data:`_CAPITALISED_WORD`)."""


class Hints(NamedTuple):
    """Which kinds of mention a text may hold, told cheaply (see :func:`mention_hints`)."""

    capitalised: bool
    """A small letter, maybe a full stop, a space and a capitalised word or an initial:
    titles and names, "pt. Hansen", "fru P.", home towns, greetings to a name."""
    full_name: bool
    """Two capitalised words one space apart: a full name."""
    place: bool
    """A word for a place in the ward and a space and a number ("på stue 6", "i seng 3"), a
    room by its number after a word ("birgit på 12"), or a room or bed without one ("på
    enestuen", "i vinduessengen")."""
    first_name: bool
    """A line that starts with a first name: a full name in lower case."""
    lower_case_title: bool
    """A title and a lower-case word: "fru jensen", "Hr kristensen"."""


EVERY_KIND = Hints(
    capitalised=True, full_name=True, place=True, first_name=True, lower_case_title=True
)
"""Hints that rule nothing out."""


def mention_hints(shaped: ShapedText) -> Hints | None:
    """Tell which kinds of mention ``shaped`` may hold: a cheap test that never misses one.

    ``None`` means none at all (most chat messages). The first searches are for
    a space before a capital or a digit in the shape, which most chat messages
    do not hold; only then are the Latin-1 bytes looked at.
    """
    shape = shaped.shape
    capitalised = full_name = False
    if shape.find(b" A") >= 0 or shape.find(b" \x02") >= 0:
        hint = shaped.data.translate(_HINT)
        capitalised = hint.find(b"a Aa") >= 0 or hint.find(b"a. Aa") >= 0 or hint.find(b"a A.") >= 0
        full_name = capitalised and _TWO_CAPITALISED.search(hint) is not None
    data = shaped.data
    lower_case_title = _LOWER_CASE_TITLE_HINT.search(data) is not None
    place = (  # a number, or a room or bed without one: "på enestuen", "i vinduessengen"
        shape.find(b" 0") >= 0 or data.find(b"enestue") >= 0 or data.find(b"sengen") >= 0
    ) and _place_cue(data.lower())
    first_name = (data[:1].islower() and _opens_with_a_first_name(shaped.text)) or (
        data.find(b"\n") >= 0 and any(map(_opens_with_a_first_name, shaped.text.split("\n")))
    )
    if capitalised or place or first_name or lower_case_title:
        return _hints(capitalised, full_name, place, first_name, lower_case_title)
    return None


_hints = functools.cache(Hints)
"""The 31 hints a text may give, each made once: making a named tuple runs Python code."""


def _place_cue(lowered: bytes) -> bool:
    """Tell whether lower-cased Latin-1 bytes hold a word for a place or a room by its number."""
    return _PLACE_CUE.search(lowered) is not None or _ROOM_NUMBER_CUE.search(lowered) is not None


def find_mentions(
    text: str, numbers: Sequence[tuple[int, int]], hints: Hints = EVERY_KIND
) -> list[Mention]:
    """Return the mentions of identifiable people in ``text``, in order of position.

    ``numbers`` are the spans of the CPR numbers in ``text``; ``hints``
    (:func:`mention_hints`) rule out the kinds of mention the text cannot hold.
    Overlapping mentions are all kept; each is tried against the words after it.
    """
    mentions = [Mention(start, end, NUMBER) for start, end in numbers]
    if hints.capitalised or hints.place or hints.lower_case_title:
        mentions += _titles_and_references(text, hints)
    if hints.full_name:
        mentions += _full_names(text)
    if hints.first_name:
        mentions += _lower_case_names(text)
    mentions.sort()  # by place, and by kind at one place (see MentionKind)
    if len(mentions) > len(numbers):  # a pronoun refers back to a name, not to a number
        pronouns = _pronouns(text, mentions)
        if pronouns:
            mentions += pronouns
            mentions.sort()
    return mentions


_PRONOUN = re.compile(
    r"[HhSs](?<![\w'-].)(?:(?<=[Hh])(?:an|un|e|(ans|endes|is))|(?<=[Ss])he)(?![\w'-])"
)
""""He" or "she", "his" or "her" (group 1: "hans", "hendes", "his"; not
"her", which is Danish for "here"). It starts with the letter, and looks behind it from
there, so that ``re`` skips to those letters in C."""

_OPENS_A_CLAUSE = re.compile(
    r"(?:[.!?;:,\n]|\s[-\u2013\u2014]|(?<!\w)(?i:at|that))\s*(?:(?i:og|men|så|and|but|so)\s+)?\Z"
)
"""What stands before a pronoun that opens a clause, or follows "at" or "that" ("fortæller
at han har haft brystsmerter")."""

_OPENING_REACH = 12
"""How far before a pronoun what opens its clause is looked for."""


def _pronouns(text: str, mentions: list[Mention]) -> list[Mention]:
    """Return the pronouns opening a clause after the first of ``mentions`` (in order).

    They refer to someone the text has named: "Er fru Holm blevet tilset? Hun klager over
    hoften", "Birgit på stue 6 er udskrevet. Hendes CRP var 20". A possessive owns what
    follows (not a topic: "His asthma slides were great", :func:`~.clauses.owner_after`);
    a subject pronoun is what the mention before it is: a patient's links any predicate
    ("Inger fra Hørsholm ..., hun går 40 m ... men bliver forpustet"), anyone else's only
    a linking one.
    """
    after = mentions[0].end
    found = []
    for match in _PRONOUN.finditer(text, after):
        start = match.start()
        if _OPENS_A_CLAUSE.search(text, max(after, start - _OPENING_REACH), start) is None:
            continue
        if match[1]:
            found.append(Mention(start, match.end(), POSSESSIVE))
        else:
            before = mentions[bisect.bisect_left(mentions, (start,)) - 1]
            kind = SUBJECT if before.kind is SUBJECT else PATIENT
            found.append(Mention(start, match.end(), kind))
    return found


def _titles_and_references(text: str, hints: Hints) -> list[Mention]:
    """Return titles and names, patient references, placed names and addressed words."""
    mentions = []
    lowered = text.lower()
    if len(lowered) != len(text):  # a dotted capital I lower-cases to two characters
        lowered = text.replace("\u0130", "i").lower()
    cues = _cues(lowered)
    titles = cues[_TITLE_CUE]
    if titles and hints.capitalised:
        mentions += [
            Mention(*match.span(), PATIENT if match[1] else SUBJECT)
            for match in _at_cues(text, titles, _TITLED)
        ]
    if titles and hints.lower_case_title:
        mentions += [
            mention
            for match in _at_cues(text, titles, _LOWER_CASE_TITLED)
            if (mention := _lower_case_titled(match)) is not None
        ]
    if cues[_PATIENT_CUE]:
        mentions += [
            Mention(*match.span(), PATIENT)
            for match in _at_cues(text, cues[_PATIENT_CUE], _PATIENT_REFERENCE)
        ]
    if cues[_WARD_CUE]:
        mentions += _placed(text, _WARD_PLACE_AFTER_A_WORD)
    if hints.place:
        mentions += _places_then_names(text)
    if cues[_HOME_CUE]:
        mentions += _placed(text, _HOME_AFTER_A_WORD)
    if hints.capitalised and cues[_GREETING_CUE] and _GREETING.search(text) is not None:
        for match in _ADDRESSED.finditer(text):
            mentions.append(Mention(*match.span(), SUBJECT if match[1] else POSSESSIVE))
    return mentions


def _lower_case_titled(match: re.Match[str]) -> Mention | None:
    """Return the mention a lower-case title and the words after it make, if they do."""
    surname, second = match[2], match[3]
    if surname in _NOT_SURNAMES or surname in _FUNCTION_WORDS:
        return None
    end = match.end(2)
    if second is not None and surname in _FIRST_NAMES and second not in _NOT_SURNAMES:
        end = match.end(3)
    return Mention(match.start(), end, PATIENT if match[1] else SUBJECT)


_FUNCTION_WORDS = _words(
    "og eller at en et den det de der som med uden hvor når mener siger skriver ringer kommer"
    " and or the a an who what when says"
)
"""Words after a lower-case title that are no surname: "hr og fru", "fru der ringer"."""


def _places_then_names(text: str) -> list[Mention]:
    """Return the names a place labels at the start of a line or an item (:data:`_PLACE_THEN_NAME`).

    The pattern is matched at those starts only, where a search would try it at
    every character.
    """
    found = []
    for start in (0, *(item.end() for item in _ITEM_START.finditer(text))):
        match = _PLACE_THEN_NAME.match(text, start)
        if match is not None and (match["name"] is None or not _is_stop_word(match["name"])):
            found.append(Mention(*match.span(), PATIENT))
    return found


def _at_cues(text: str, starts: list[int], pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """Return the matches of ``pattern`` at those of ``starts`` that start a word."""
    found = []
    for start in starts:
        if start and (text[start - 1].isalnum() or text[start - 1] in "._"):
            continue
        match = pattern.match(text, start)
        if match is not None:
            found.append(match)
    return found


def _placed(text: str, places: re.Pattern[str]) -> list[Mention]:
    """Return the first names and initials with a place after them, as ``places`` finds it."""
    found = []
    for place in places.finditer(text):
        name = _NAME_BEFORE.search(text, max(0, place.start() - _LONGEST_NAME), place.start())
        if name is not None and _is_first_name_or_initials(text, name, place[0]):
            found.append(Mention(name.start(), place.end(), PATIENT))
    return found


def _is_first_name_or_initials(text: str, match: re.Match[str], place: str) -> bool:
    """Tell whether a placed name is a first name or initials, or a word for a patient.

    Not a stop word, not the end of a full name ("Thomas Krag fra ..."), and not
    placed in a department ("fra Hygiejnen"); a room is named so too ("på enestuen").
    A room by its number alone places only a known first name or initials.
    """
    name = match[1]
    if match[2] and match.start() and text[match.start() - 1] != "\n":
        return False  # "Tak Grethe, stue 7 har fået sin medicin"
    home = _HOME_ONLY.fullmatch(place, 1) is not None
    if name.lower() in _PLACED_PATIENT_WORDS:
        return not home
    if name.islower():
        return name in _FIRST_NAMES or (not home and _is_initials(name))
    if _ROOM_NUMBER_ONLY.fullmatch(place, 1) is not None:
        return name.lower() in _FIRST_NAMES or name.isupper()
    before = _FULL_NAME_BEFORE.search(
        text, max(0, match.start() - _LONGEST_NAME_WORD), match.start()
    )
    if _is_stop_word(name) or (before is not None and not _is_stop_word(before[1])):
        return False  # "Thomas Krag fra ...", but "Har Birgitte på stue 6 fået ..."
    return place.endswith(("stuen", "sengen", "eren")) or not place.endswith(_DEFINITE_ENDINGS)


_LONGEST_NAME_WORD = 42
"""How far before a placed name a capitalised word is looked for (a bounded search)."""

_LONGEST_NAME = _LONGEST_NAME_WORD + 44
"""How far before a place its name is looked for: a word and an aside in brackets."""


def _is_initials(word: str) -> bool:
    """Tell whether a lower-case word of two or three letters is initials: it has no vowel."""
    return 2 <= len(word) <= 3 and word not in _NOT_INITIALS and not (set(word) & _VOWELS)


_VOWELS = frozenset("aeiouyæøåé")

_FULL_NAME_BEFORE = re.compile(rf"({_NAME_WORD}) \Z")
"""A capitalised word right before a placed name: then the two are a full name."""

_DEFINITE_ENDINGS = ("en", "et", "ens", "ets")
"""A place ending so is a department or a unit ("fra Lægemiddelenheden"), not a home town."""


def _full_names(text: str) -> list[Mention]:
    """Return the runs of two or more capitalised words, one space apart, none a stop word."""
    found = []
    first = last = 0  # where the current run's first word starts and its last word ends
    words = 0  # how many words the current run has
    for word in _CAPITALISED_WORD.finditer(text):
        start, end = word.span()
        stop = _is_stop_word(word[0])
        if stop or not (words and start == last + 1 and text[last] in _ONE_SPACE):
            if words > 1:
                found.append(Mention(first, last, SUBJECT))
            first, words = start, 0
        if not stop:
            last = end
            words += 1
    if words > 1:
        found.append(Mention(first, last, SUBJECT))
    return found


@functools.lru_cache(maxsize=4096)
def _is_stop_word(word: str) -> bool:
    """Tell whether a capitalised word is no part of a name.

    Remembered: ward chat repeats its names, and testing the endings costs more than
    looking the answer up.
    """
    return word in _STOP_WORDS or word.lower().endswith(_STOP_ENDINGS)


def _opens_with_a_first_name(line: str) -> bool:
    """Tell whether ``line`` opens with a known first name in lower case ("anne-mette")."""
    return line.partition(" ")[0].partition("-")[0] in _FIRST_NAMES


def _lower_case_names(text: str) -> list[Mention]:
    """Return the full names in lower case starting a line: a first name and one or two more."""
    found = []
    for line in _LINE_START.finditer(text):
        first = _LOWER_CASE_FIRST_NAME.match(text, line.end())
        if first is None or first[0].partition("-")[0] not in _FIRST_NAMES:
            continue
        end = first.end()
        for _ in range(2):
            following = _LOWER_CASE_WORD.match(text, end + 1)
            if (
                not text.startswith(" ", end)
                or following is None
                or following[0] in _NOT_SURNAMES
                or text[following.end() : following.end() + 1] in _WORD_GOES_ON
            ):
                break
            end = following.end()
        if end > first.end():
            found.append(Mention(first.start(), end, SUBJECT))
    return found


_WORD_GOES_ON = frozenset("-0123456789") | frozenset(UPPER) | frozenset(LOWER)
"""Characters that make a match part of a longer word."""
