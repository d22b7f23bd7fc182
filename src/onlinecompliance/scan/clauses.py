"""Clauses, and whether a person mentioned in one is linked to what follows.

The catalogue counts a clinical term as health data only when an identifiable
person is its subject or owner *in the same clause* ("har", "fik", "får",
"er", "tager", "startet på", "viser", "'s", a colon after the name), not
merely near it. This module is that test, as a small model of a clause:

    mention  →  predicate  →  clinical term

1. **Clauses.** A text is cut at line breaks, semicolons, spaced dashes
   ("om vagtplanen - og husk ..."), sentence ends (a full stop, "!" or "?"
   before a space, but not after an abbreviation such as "pt.", "hr.", "kl.",
   nor after an ordinal's number unless a capital follows) and commas before
   a conjunction or a new subject (", og", ", men", ", vi"). A spaced dash
   after a patient, or after a name that labels a line or a list's item, is a
   colon instead ("KN seng 6 - troponin 3200", "1) Lise Holm - pleuradræn").
2. **After the mention**, attributes are skipped: a place ("på stue 6", "i
   14"), a home town or department ("fra Glostrup", "fra lageret"), a
   parenthesis, an age ("Mrs. Hansen, 54,"), a time ("i nat", "nu"), a
   relative pronoun ("som", "der", "who"). An age or a numbered place makes
   the mention a patient's; an aside naming staff ("Peter Dahl (overlæge)")
   makes it a colleague's, linked to nothing.
3. **The predicate** decides:

   * a colon or a possessive ("Mr. Patel's", "din", "your", a name in the
     genitive: "Villy Holms højre hofte viser fraktur") links what follows;
   * a linking verb ("fik", "får", "tager", "viser", "lider", "kaster",
     "has", "shows", "on") links its object;
   * "har", "er", "var", "has", "is", "was" link what follows unless a past
     participle that is no linking one follows ("har skrevet", "har sendt",
     "er tilmeldt"); linking participles ("fået", "startet", "opereret",
     "indlagt", "admitted") link;
   * a modal ("skal", "kan", "needs to") links only with a linking
     infinitive ("skal have", "skal opereres");
   * after a patient any predicate links ("hører stemmer", "nægter");
   * any other word is no link: "Lotte Kragh holder oplæg om astma", "bed
     Niels fra apoteket om at bestille heparin".

4. **The object** runs to the clause's end, or to a word that makes the rest a
   topic rather than a condition ("om", "about", "kursus", "oplæg").

A clause is read at most :data:`REACH` characters past the mention, so each
mention costs a bounded amount of work and the time stays linear in the text.

Readings chosen where the catalogue is silent, for fewer false alarms: a
person only before the clinical term counts, except where the words after the
term make the person its owner: "hos" ("CRP hos pt. på stue 2", and the
clause before "hos": "Tryksår kat. 2 på sacrum hos fru Nygaard"), "svar på"
("Svarene på Yvonne Brandt er kommet: HbA1c 84"), and the forms in
:mod:`.health`; "tager sig af" (takes care of) links nothing; a word for staff
right before a name ("farmaceut Line Bak") makes the name a colleague's. A
pronoun opening a later clause ("Hun klager over hoften") is a mention of its
own (:mod:`.persons`), linked in its own clause as the catalogue asks.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import TYPE_CHECKING, NamedTuple

import ahocorasick

from .persons import (
    NUMBER,
    PATIENT,
    PLACE_WORD,
    POSSESSIVE,
    SUBJECT,
    UNIT_AFTER_A_NUMBER,
    Mention,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "REACH",
    "before_the_persons",
    "clause_end",
    "clause_ends",
    "in_the_genitive",
    "linked_region",
    "owner_after",
    "past_a_dash",
]

REACH = 150
"""How far past a mention its clause is read: longer than any clause of chat, and what
keeps the time linear in a text that never ends a clause."""


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_ABBREVIATIONS = _words(
    """
    pt hr fru frk mr mrs ms dr kl ca nr st pga evt bl.a mht ift inkl ekskl jf vedr ang tlf
    mg ml sc iv i.v p.o s.c i.m max min obs f.eks dvs ca bl etc vs fx ve hø th tv dx stk kat
    """
)
"""Words whose full stop ends no sentence ("ve." and "hø." are left and right: "pupil ve. >
hø.")."""

_BOUNDARY = re.compile(
    r"[\n;.!?,\s](?:(?<=[\n;])|(?<=[.!?])\s|(?<=\s)[-\u2013\u2014]\s"
    r"|(?<=,)\s+(?=(?:og|men|så|mens|fordi|da|når|hvis|vi|jeg|hun|han|de|and|but|so|while|we|i"
    r"|she|he|they)\b))"
)
"""Where a clause may end: a line break or a semicolon, a full stop, "!" or "?" before a
space, a spaced dash, or a comma before a word that opens a clause ("og", "men", "vi" ...).
A full stop after an abbreviation is then no end.

The pattern opens with the one class of every alternative's first character, and each
alternative looks behind at it, so that ``re`` skips to those characters in C rather
than trying the alternatives at every character (a third cheaper on a chat line);
``tests/test_health.py`` checks it against the plain alternation."""

_BOUNDARY_CHARACTER = re.compile(r"[\n;\-\u2013\u2014.!?,]")
"""What every match of :data:`_BOUNDARY` holds: a text without one is a single clause, told
by a search that ``re`` runs in a fast loop (several times cheaper than the boundaries')."""

_WORD_BEFORE_STOP = re.compile(r"([\w.]+)[.!?]\s*\Z")

_TOKEN = re.compile(r"'s(?!\w)|\u2019s(?!\w)|:|[^\W_][\w.'\u2019-]*")
"""A word (with inner hyphens, dots and apostrophes), a possessive "'s", or a colon."""

_AGE_UNIT = r"år|y|yo|years?(?:\s+old)?|mo|mdr|måneder|months?"
"""What may follow an age after a name: "Henning Dahl, 82 år,", "Emil, 6 mo,"."""

_SKIPPABLE = re.compile(
    r"\s*(?=[(,ABDFIJLNOPRSTWYabdfijlnoprstwy\u0130\u0131\u017f])(?:"
    r"(?i:på|paa|i|fra|from)\s+[0-9]{1,2}\.\s*(?i:sal|etage)"
    rf"|(?i:på|paa|i|in|on|fra|from)\s+(?i:{PLACE_WORD})\s*[0-9]+\w?"
    r"|,?\s*(?i:stue|st\.|seng|bed|room)\s*[0-9]+\w?"
    rf"|(?i:på|paa|i|in|on)\s+[0-9]{{1,3}}(?![0-9,.]|\s*(?i:{UNIT_AFTER_A_NUMBER})(?!\w))"
    r"|(?i:fra|from)\s+[^\W\d_]+"
    r"|(?:på|i|at|in)\s+[A-ZÆØÅ][^\W\d_]+"
    r"|(?:på|i)\s+[a-zæøå]+(?:en|et)"
    r"|\([^)\n]{0,60}\)"
    rf"|(?:,\s*[0-9]{{1,3}}\s*(?:(?i:{_AGE_UNIT})\s*,?|,))"
    r"|(?i:i|in)\s+(?i:dag|nat|går|aftes|morges|morgen|eftermiddag|weekenden)"
    r"|(?i:nu|stadig|også|igen|desværre|lige|just|now|still|also|again|today|yesterday"
    r"|tonight|last\s+night|som|der|who)"
    r")(?!\w)"
)
"""What may stand between a mention and its predicate: a place, a home, a department
("på børneafsnittet", "i akutmodtagelsen"), a place without "på", after a comma or not
("Helle Vang, stue 2:"), a room by its number alone ("Mr. Thompson i 14 har kvalme", but
not "i 14 dage"), an aside, an age, a time, a relative pronoun.

The lookahead after the spaces holds the first characters of the alternatives, in either
case, and those ``re`` takes for "i" and "s" when it ignores case (U+0130, U+0131 and
U+017F: capital I with a dot, dotless i, long s): after most mentions another character
follows, and the match fails there, without trying the alternatives one by one."""

_LINKING_VERBS = _words(
    """
    fik får få tager tog viser viste lider led klager klagede modtager modtog bruger brugte
    kaster kastede skifter skiftede starter
    behøver mangler startede begynder begyndte udviklede venter afventer
    has had gets got takes took shows showed suffers needs receives received started
    developed presents presented complains complained awaits on
    """
)
"""Main verbs whose object is the subject's condition, result or treatment."""

_HAVE_BE = _words("har havde er var bliver blev is was has had have are were")
"""Auxiliaries that may also stand alone: "har feber", "er indlagt", "is on"."""

_MODALS = _words("skal skulle kan kunne vil ville må should will must may")

_LINKING_PARTICIPLES = _words(
    """
    fået haft startet begyndt opereret opereres indlagt indlægges påvist konstateret sygemeldt
    indkaldt
    diagnosticeret smittet sat anlagt set givet behandlet udviklet ordineret transfunderet
    intuberet sederet amputeret scannet røntgenfotograferet testet henvist visiteret
    taget udskrevet overflyttet ophørt stoppet pauseret seponeret bragt
    had got given started admitted diagnosed operated treated tested transfused intubated
    sedated put found referred seen
    """
)
"""Participles that link their object: "har fået penicillin", "was admitted with ..."."""

_PASSIVE = _words("blevet været been being")
"""Read past: "er blevet opereret", "har været delirøs", "has been admitted"."""

_LINKING_INFINITIVES = _words(
    """
    have tage få starte begynde opereres indlægges behandles scannes testes transfunderes
    til i take have get start receive be undergo
    """
)
"""Infinitives after a modal that link: "skal have blod", "skal opereres"; and "til"
and "i", which Danish uses for going to a procedure ("skal til CT-scanning", "skal i
dialyse")."""

_NOT_VERBS = _words(
    """
    et at lavt højt forhøjet forhøjede nedsat nedsatte lidt meget svært kraftigt let nyt
    akut kronisk kendt kendte mistænkt mistanke fortsat fortsatte stabilt uændret just
    """
)
"""Words after "har" or "er" that end like a participle but are none ("har lavt kalium")."""


_TOPIC_WORDS = _words(
    """
    vedr vedr. vedrørende angående regarding
    kursus kurset oplæg oplægget undervisning undervisningen foredrag foredraget projekt
    projektet studie studiet speciale artikel artiklen slides vejledning vejledningen
    retningslinje retningslinjen instruks instruksen course lecture talk project study
    education training teaching
    holder underviser gennemgår præsenterer fortæller bestiller bestille bestil henter hente
    sender sende leder koordinerer tilmeldt teaches teach presents present orders order
    restock fetch
    """
)
"""Words after which a clinical term is a topic or an errand, not the subject's condition:
"holder oplæg om astma", "har lovet at hente morfin", "will present the guideline"."""

_STAFF_WORDS = _words(
    """
    sygeplejerske sygeplejersken læge lægen overlæge reservelæge afdelingslæge
    sosu-assistent sosu-hjælper fysioterapeut ergoterapeut jordemoder kollega
    studerende elev vikar sekretær portør farmaceut nurse doctor physician colleague
    student pharmacist secretary
    """
)
"""Words that make the subject a member of staff, at the start of the object."""

_STAFF_REACH = 30
"""How far into the object a word for staff counts: "er ny sygeplejerske", "is a nurse";
never past a comma, after which the staff are others ("kalium 6,4, lægen orienteret")."""


_STAFF = "|".join(sorted(_STAFF_WORDS))

_STAFF_TITLE = re.compile(rf"(?<!\w)(?i:{_STAFF})\s+\Z")
"""A word for staff right before a name: "farmaceut Line Bak", "overlæge Jens Holm"."""

_STAFF_UNIT = re.compile(
    r"(?i:fra|i|from)\s+(?:[a-zæøå]*(?:teamet|sekretariatet|receptionen|apoteket|anæstesien"
    r"|laboratoriet|køkkenet|rengøringen|hygiejnen|kontoret|ledelsen)|teknisk\s+afdeling|IT|HR)"
    r"(?!\w)"
)
"""A unit of staff after a name: "Hr. Holm fra kodeteamet", "Lars Winther fra anæstesien",
"Fru Schmidt i receptionen": a colleague, linked to nothing."""

_STAFF_ASIDE = re.compile(rf"\((?i:{_STAFF})(?!\w)")
"""An aside after a name that makes the person staff: "Peter Dahl (overlæge)"."""


@functools.cache
def _object_words() -> ahocorasick.Automaton:
    """Build the automaton of the topic and staff words, on first use.

    Each word reports whether it is one for staff, and its length. One pass over an
    object finds both kinds, at a third of the cost of two searches by ``re``.
    """
    automaton = ahocorasick.Automaton()
    for staff, words in ((False, _TOPIC_WORDS), (True, _STAFF_WORDS)):
        for word in words:
            automaton.add_word(word, (staff, len(word)))
    automaton.make_automaton()
    return automaton


_OWNED_WORDS = 3
"""How many words after "din", "your" or "'s" may name what is owned."""

_REFLEXIVE_POSSESSIVES = _words("sin sit sine his her their")
"""After a mention, "sin morfin" is the person's own: "give pt. Jakobsen sin Pamol"."""

_OWNED_STOPS = _words("i på til fra med for om af ved hos in on at to from with for of by")
"""Words that end what a possessive owns: "din tid i Diabetesskolen"."""

_VERBS = _LINKING_VERBS | _HAVE_BE
"""Verbs, which end what a possessive owns: "Villy Holms højre hofte | viser fraktur"."""

_RESULT_WORDS = _words("svar svaret prøvesvar resultat resultatet result results answer")
"""Words whose owner also owns what they are of: "dit svar på mammografien"."""


def clause_ends(text: str) -> list[int]:
    """Return where each clause of ``text`` ends, in order; the last is the text's end.

    A loop of searches finds what ``finditer`` would (no boundary is empty), at half
    its cost on a chat message, for which ``finditer`` sets up an iterator.
    """
    if _BOUNDARY_CHARACTER.search(text) is None:
        return [len(text)]
    ends = []
    boundary = _BOUNDARY.search(text)
    while boundary is not None:
        start = boundary.start()
        if text[start] != "." or not _after_abbreviation(text, start + 1):
            ends.append(start)
        boundary = _BOUNDARY.search(text, boundary.end())
    ends.append(len(text))
    return ends


def _after_abbreviation(text: str, stop_end: int) -> bool:
    """Tell whether the full stop ending at ``stop_end`` closes an abbreviation or a number.

    A number's full stop is an ordinal's ("2. sal") unless a capital follows.
    """
    match = _WORD_BEFORE_STOP.search(text, max(0, stop_end - 12), stop_end)
    if match is None:
        return False
    word = match[1].lower()
    if word.isdigit():  # "2. sal", but "flyttet til stue 9. Vi mangler ..."
        return not text[stop_end + 1 : stop_end + 2].isupper()
    return word in _ABBREVIATIONS or len(word) == 1


def clause_end(ends: Sequence[int], position: int) -> int:
    """Return where the clause holding ``position`` ends."""
    return ends[bisect.bisect_right(ends, position)] if position < ends[-1] else ends[-1]


def past_a_dash(text: str, ends: Sequence[int], mention: Mention, end: int) -> int:
    r"""Return where the clause of ``mention`` ends, given its first ``end``.

    A spaced dash right after a patient, or after a name that labels a line or an
    item of a list, is read as a colon, not as the end of the clause: ward chat
    writes "KN seng 6 \u2013 troponin 3200" and "1) Lise Holm \u2013 pleuradræn
    seponeres". After a name in running text it still ends one ("husk Lone Holm -
    og så ..."): the name may be a colleague's.
    """
    if (
        end < ends[-1]
        and text[end + 1 : end + 2] in _DASHES
        and not text[_skip_attributes(text, mention.end, end) : end].strip()
        and (mention.kind is PATIENT or _labels_a_line(text, mention.start))
    ):
        return clause_end(ends, end + 1)
    return end


def _labels_a_line(text: str, start: int) -> bool:
    """Tell whether the mention at ``start`` labels its line.

    It opens the line, an item of a list, or what a colon introduces ("Fwd fra
    forvagten: Jørgen Kjær - ny atrieflimren").
    """
    low = max(0, start - _LABEL_REACH)
    line_start = text.rfind("\n", low, start) + 1
    if not line_start and low:
        return False  # a line longer than a label's
    return _LABEL_PREFIX.fullmatch(text, line_start, start) is not None


_LABEL_PREFIX = re.compile(r"\s*(?:[0-9]{1,2}[.)]|[-*>\u2022]|[^\n:]{0,60}:)?\s*")
"""What may stand before a name that labels a line: a list's number or bullet, a quote's
">", or up to 60 characters and a colon."""

_LABEL_REACH = 80
"""How far back the start of a name's line is looked for: the time stays linear."""


def linked_region(
    text: str, mention: Mention, end: int, term_starts: frozenset[int]
) -> tuple[int, int] | None:
    """Return the stretch after ``mention`` whose clinical terms it is linked to, or ``None``.

    ``end`` is where the mention's clause ends (for a CPR number, its line);
    ``term_starts`` are where the text's clinical terms and codes begin (a term
    right after "har" or "er" links even where it ends like a participle). A
    name not linked by its predicate is still the owner of a term after "hans"
    or "hendes" in its clause ("ringer til Erik Vestergaard om hans lungekræft").
    """
    end = min(end, mention.end + REACH)
    if mention.kind is NUMBER:
        return mention.end, end  # a number labels what follows it on its line
    if mention.kind is POSSESSIVE:
        return owner_after(text, mention.end, end, term_starts)
    if _at_the_persons(text, mention.start):
        return mention.end, end  # "Hos fru Bech er blodsukkeret 3,1"
    if mention.kind is SUBJECT and _after_a_staff_title(text, mention.start):
        return None  # "Oplæg ved farmaceut Line Bak: interaktioner ..."
    linked = _after_mention(text, mention, end, term_starts)
    if linked is None:
        linked = _coordinated(text, mention, end, term_starts)
    if linked is None:
        for referring in _THIRD_PERSON_POSSESSIVE.finditer(text, mention.end, end):
            if referring.end() in term_starts and not text[referring.start() - 1].isalnum():
                return owner_after(text, referring.end(), end, term_starts)
    return linked


def before_the_persons(text: str, mention: Mention, ends: Sequence[int]) -> tuple[int, int] | None:
    """Return the stretch before a mention after "hos" that the person owns, if there is one.

    "Tryksår kat. 2 på sacrum hos fru Nygaard", "mistanke om anastomoselækage hos
    Poul Dam": from the start of its clause (``ends`` are where the clauses end),
    at most :data:`_BEFORE_REACH` characters back, and past the last topic word
    ("undervisning om KOL hos Hanne Berg").
    """
    start = mention.start
    if not (
        text[start - 4 : start - 1].lower() == "hos"
        and text[start - 1].isspace()
        and not text[start - 5 : start - 4].isalnum()
    ):
        return None  # most mentions: no "hos" before them
    index = bisect.bisect_left(ends, mention.start)
    low = max(ends[index - 1] if index else 0, mention.start - _BEFORE_REACH)
    lowered = text[low : mention.start].lower()
    topics = [
        last + 1
        for last, (for_staff, length) in _object_words().iter(lowered)
        if not for_staff and _is_whole_word(lowered, last + 1 - length, last + 1, len(lowered))
    ]
    return (low + max(topics) if topics else low), mention.start


_BEFORE_REACH = 60
"""How far before a mention after "hos" its clause is read."""


def _after_a_staff_title(text: str, start: int) -> bool:
    """Tell whether a word for staff stands right before the mention at ``start``."""
    return start > 0 and _STAFF_TITLE.search(text, max(0, start - 24), start) is not None


def _at_the_persons(text: str, start: int) -> bool:
    """Tell whether "hos" stands right before the mention at ``start``.

    A mention that opens its text, or that no space comes before, has no "hos" right
    before it either: those, most, are not searched.
    """
    return (
        start > 0
        and text[start - 1].isspace()  # the pattern ends in a space
        and _AT_THE_PERSONS.search(text, max(0, start - 14), start) is not None
    )


def _coordinated(
    text: str, mention: Mention, end: int, term_starts: frozenset[int]
) -> tuple[int, int] | None:
    """Try the predicates joined by "og" to the first: "er faldet og har smerter"."""
    for conjunction in _AND.finditer(text, mention.end, end):
        predicate = _TOKEN.search(text, conjunction.end(), end)
        if predicate is not None:
            linked = _after_predicate(text, predicate, end, term_starts)
            if linked is not None:
                return linked
    return None


def _after_mention(
    text: str, mention: Mention, end: int, term_starts: frozenset[int]
) -> tuple[int, int] | None:
    """Return what a name or reference is linked to by the words right after it."""
    attributes = _past_attributes(text, mention, end, term_starts)
    if isinstance(attributes, _Decided):
        return attributes.linked
    position, patient = attributes
    token = _TOKEN.search(text, position, end)
    if token is None:
        return None
    linked = _after_predicate(text, token, end, term_starts)
    if linked is None and patient:
        return _object(text, token.start(), end)  # a patient: "hører stemmer", "nægter"
    if linked is None and in_the_genitive(text, mention.end):
        return _owned_by_genitive(text, token, end, term_starts)
    return linked


class _Decided(NamedTuple):
    """What the words right after a mention link, decided before its predicate is read."""

    linked: tuple[int, int] | None


def _past_attributes(
    text: str, mention: Mention, end: int, term_starts: frozenset[int]
) -> tuple[int, bool] | _Decided:
    """Read past the attributes after a mention.

    Return where its predicate may start and whether the attributes make the
    mention a patient (an age, a place), or what a colon, a comma or an aside
    after them decides.
    """
    position = mention.end
    patient = mention.kind is PATIENT
    while True:
        start = position
        position = _skip_attributes(text, position, end)
        if position > start:  # most mentions have no attribute
            if _STAFF_ASIDE.search(text, start, position) is not None or (
                mention.kind is not NUMBER and _STAFF_UNIT.search(text, start, position)
            ):
                return _Decided(None)  # "Peter Dahl (overlæge): 'Alle med ...'"
            patient = patient or _AGE_OR_PLACE.search(text, start, position) is not None
        direct = _DIRECT.match(text, position, end)
        if direct is None:
            return position, patient
        if direct["colon"] or (
            direct.end() in term_starts and (patient or not direct["complains"])
        ):
            return _Decided(_object(text, direct.end(), end))
        if not direct["comma"]:
            return _Decided(None)
        position = direct.end()  # a comma before something else: read on


def _owned_by_genitive(
    text: str, token: re.Match[str], end: int, term_starts: frozenset[int]
) -> tuple[int, int] | None:
    """Return what a name in the genitive owns, from ``token`` on.

    A term right after it and the rest of its clause ("Pt. Hansens CRP er steget"), or
    a few words and the object of a verb after them ("Villy Holms højre hofte viser
    fraktur"); without an apostrophe only with that verb, since a name may just end in
    "s" ("Sarah Jones organises sepsis training").
    """
    if token.start() in term_starts:
        return _object(text, token.start(), end)
    apostrophe = text[token.start() - 2 : token.start()].strip().endswith("'")
    return owner_after(text, token.start(), end, term_starts, needs_verb=not apostrophe)


def _after_predicate(
    text: str, predicate: re.Match[str], end: int, term_starts: frozenset[int]
) -> tuple[int, int] | None:
    """Decide the link by the word after a mention: see the module's docs.

    The word after the predicate is read only for the predicates it decides.
    """
    word = predicate[0].lower().rstrip(".")
    if word in {"'s", "\u2019s"} or word in _REFLEXIVE_POSSESSIVES:
        return owner_after(text, predicate.end(), end, term_starts)
    if word in _HAVE_BE:
        return _after_auxiliary(text, _next_word(text, predicate.end(), end), end, term_starts)
    if word in _LINKING_PARTICIPLES:  # a question: "Har hr. Nygaard fået sin insulin?"
        return _object(text, predicate.start(), end)
    if word in _LINKING_VERBS:
        following = _next_word(text, predicate.end(), end) if word in {"tager", "tog"} else None
        takes_care = following is not None and following[0] == "sig"
        return None if takes_care else _object(text, predicate.end(), end)
    if word in _MODALS:
        following = _next_word(text, predicate.end(), end)
        if following is not None and following[0].lower() in _LINKING_INFINITIVES:
            return _object(text, following.end(), end)
    return None


def owner_after(
    text: str,
    position: int,
    end: int,
    term_starts: frozenset[int],
    *,
    needs_verb: bool = False,
) -> tuple[int, int] | None:
    """Return the stretch a possessive at ``position`` owns, and the object of its verb.

    "din biopsi", "your blood test results", "Mr. Patel's troponin": up to three
    words, stopping at a preposition; when a linking verb follows them ("Dit
    svar viser lavt kalium"), its object too. A topic among them ("His asthma
    slides were great") owns nothing; with ``needs_verb`` only what a linking
    verb follows is owned.
    """
    words = 0
    owned_end = position
    cursor = position
    previous = ""
    while words < _OWNED_WORDS:
        token = _TOKEN.search(text, cursor, end)
        if token is None or token[0] == ":":
            break
        word = token[0].lower()
        if (word in _OWNED_STOPS and previous not in _RESULT_WORDS) or word in _VERBS:
            break
        if word in _TOPIC_WORDS:
            return None
        owned_end = cursor = token.end()
        words += 1
        previous = word
    if words == 0:
        return None
    owned = Mention(position, owned_end, SUBJECT)
    verb_object = linked_region(text, owned, end, term_starts)
    if verb_object is None:
        return None if needs_verb else (position, owned_end)
    return position, verb_object[1]


_AT_THE_PERSONS = re.compile(r"(?<!\w)(?i:hos|svar(?:et|ene)?\s+på|results?\s+(?:for|of))\s+\Z")
""""Hos" right before a mention, or the answers "på" it: what its clause then says is
at that person's ("Hos fru Bech er blodsukkeret 3,1", "Svarene på Yvonne Brandt er
kommet: HbA1c 84")."""

_GENITIVE = re.compile(r"[^\W\d_]s(?=\s)|[^\W\d_][sxz]'(?=\s)")
"""A name in the genitive: "Holms", "Mogens Brix'"."""


def in_the_genitive(text: str, end: int) -> bool:
    """Tell whether the name ending at ``end`` is in the genitive: "Holms", "Brix'"."""
    return _GENITIVE.match(text, end - 2) is not None


_AND = re.compile(r"\s(?i:og|and)\s+")

_THIRD_PERSON_POSSESSIVE = re.compile(r"(?:[Hh](?:ans|endes|is)|si(?:n|t|ne))\s+")
""""His" and "her" ("her" is also Danish for "here", so only the Danish "hendes"), and the
reflexive "sin", "sit", "sine", which always refers to the clause's subject ("er fru
Holm blevet tilset efter sit fald?")."""

_AGE_OR_PLACE = re.compile(
    rf",\s*[0-9]{{1,3}}\s*(?:(?i:{_AGE_UNIT})\s*)?,"
    rf"|(?i:{PLACE_WORD})\s*[0-9]"
)
"""An age or a numbered place after a name ("Mrs. Hansen, 54, pedestrian vs car", "Dorthe
Mikkelsen, stue 20"): a patient, whose clause links as a patient's does."""

_DIRECT = re.compile(
    r"\s*(?=[:,AEaeCc\-\u2013\u2014])(?:(?P<colon>:|[-\u2013\u2014](?=\s))|(?P<comma>,)|(?i:efter|after|(?P<complains>c/o))(?!\w))\s*"
)
"""A colon or a spaced dash after a mention ("Ole Fisker: troponin steget", a patient's
"stue 4 - BS 2,9": :func:`past_a_dash`), a comma ("Pt. Madsen, hæmoglobin 5,8"), "efter"
("hr. Lund efter apopleksien") or, after a patient, "c/o" (complains of; else it is
"care of"): a term right after it is the person's, and a colon links whatever follows.
The lookahead, as in :data:`_SKIPPABLE`, holds what may follow the spaces."""

_DASHES = frozenset("-\u2013\u2014")


def _skip_attributes(text: str, position: int, end: int) -> int:
    """Return where the predicate may start: past places, towns, times and asides."""
    while True:
        match = _SKIPPABLE.match(text, position, end)
        if match is None or match.end() == position:
            return position
        position = match.end()


def _next_word(text: str, position: int, end: int) -> re.Match[str] | None:
    """Return the next word, past "ikke" and the like."""
    while True:
        token = _TOKEN.search(text, position, end)
        if token is None or token[0].lower() not in {"ikke", "not", "nu", "stadig", "også", "just"}:
            return token
        position = token.end()


def _after_auxiliary(
    text: str, token: re.Match[str] | None, end: int, term_starts: frozenset[int]
) -> tuple[int, int] | None:
    """Decide the link by ``token``, the word after "har", "er", "is" ...: see the module's docs."""
    if token is None:
        return None
    word = token[0].lower().rstrip(".")
    if word in _PASSIVE:
        return _after_auxiliary(text, _next_word(text, token.end(), end), end, term_starts)
    if word in _LINKING_PARTICIPLES:
        return _object(text, token.start(), end)  # "er intuberet": the participle may be a term
    if token.start() in term_starts or not _is_participle(word):
        return _object(text, token.start(), end)
    return None


def _is_participle(word: str) -> bool:
    """Tell whether ``word`` ends like a past participle: skrevet, sendt, tilmeldt, called."""
    return (
        len(word) > 3
        and word.endswith(("et", "t", "ede", "ed"))
        and not word.endswith(("ust", "igt"))  # adjectives: "diffust", "kraftigt"
        and word not in _NOT_VERBS
        and word.isalpha()
    )


def _object(text: str, position: int, end: int) -> tuple[int, int] | None:
    """Return the object from ``position``: to the clause's end or the first topic word.

    A word for staff at its start ("er ny sygeplejerske på dialysen", "is a nurse")
    says the person is a colleague: then nothing is linked.
    """
    if end <= position:
        return None
    lowered = text[position:end].lower()
    staff, topic = _staff_and_topic(lowered)
    if staff:
        return None
    if topic < 0 or len(lowered) != end - position:
        return position, end
    return (position, position + topic) if topic else None


def _staff_and_topic(lowered: str) -> tuple[bool, int]:
    """Return whether a staff word opens ``lowered``, and where its first topic word starts.

    A word for staff counts in the first :data:`_STAFF_REACH` characters before a
    comma; -1 says there is no topic word. The automaton finds every word, in longer
    ones too; only whole words count.
    """
    topic = -1
    comma = lowered.find(",", 0, _STAFF_REACH)
    reach = min(_STAFF_REACH, len(lowered)) if comma < 0 else comma
    for last, (for_staff, length) in _object_words().iter(lowered):
        start = last + 1 - length
        if for_staff:
            if last < reach and _is_whole_word(lowered, start, last + 1, reach):
                return True, topic
        elif (topic < 0 or start < topic) and _is_whole_word(
            lowered, start, last + 1, len(lowered)
        ):
            topic = start
    return False, topic


def _is_whole_word(lowered: str, start: int, end: int, cut: int) -> bool:
    r"""Tell whether ``lowered[start:end]`` is a whole word in ``lowered`` cut at ``cut``.

    No letter, digit, "_", "." or "-" before it, and no letter, digit, "_" or "-" after
    it before the cut: what ``(?<![\w.-])`` and ``(?![\w-])`` tell in a search that
    ends at the cut.
    """
    if start and (lowered[start - 1].isalnum() or lowered[start - 1] in "_.-"):
        return False
    return end >= cut or not (lowered[end].isalnum() or lowered[end] in "_-")
