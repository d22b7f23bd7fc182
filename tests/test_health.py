"""Tests for the detector of health data about identifiable people (the clause model).

The catalogue's revised rules: health data is a clinical term or code *linked* to an
*identifiable* person in the same clause (mention → predicate → term). A term alone, a
code alone and a person merely near a term are low confidence, which the default policy
does not count.
"""

from __future__ import annotations

import importlib.resources
import re
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onlinecompliance.scan import clauses
from onlinecompliance.scan import health as health_module
from onlinecompliance.scan.clauses import REACH, clause_ends
from onlinecompliance.scan.detection import Confidence, Detection, DetectionKind
from onlinecompliance.scan.health import find_health_data
from onlinecompliance.scan.persons import MentionKind, find_mentions, mention_hints
from onlinecompliance.scan.shaping import ShapedText

if TYPE_CHECKING:
    from re import Pattern

LOW, MEDIUM, HIGH = Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH
MEGABYTE = 1 << 20
CPR = "010190-1234"

Found = tuple[Confidence, str]

IDENTIFIABLE = (
    "Jens Hansen",
    "Anne-Marie Ølgaard",
    "Karen Munk Holst",
    "hanne toft",
    "jens peter lund",
    "hr. Mikkelsen",
    "Fru Dalsgaard",
    "frk. Holm",
    "Mr. Patel",
    "Mrs. O'Brien",
    "Ms. Jensen",
    "Birgit på stue 6",
    "Svend i seng 4",
    "Henning fra Glostrup",
    "AK i seng 3",
    "MJ på stue 7",
    "pt. på stue 2",
    "patienten i seng 9",
    "Pigen på stue 5",
    "manden i seng 12",
    "The patient in bed 9",
    "pt. Hansen",
    "Patient Jensen",
    "fru jensen",
    "mrs ingrid poulsen",
    "fru P.",
    "anne-mette frost",
    "ls på stue 4",
    "hende på stue 12",
    "Birgit på 12",
    "Freja (2 år) fra Hvalsø",
    "Bente på Nørrebrogade",
)
"""Mentions the catalogue counts as identifiable, one of each form."""

NOT_IDENTIFIABLE = (
    "Birgit",
    "AK",
    "patienten",
    "Patienten",
    "pt.",
    "Borgeren",
    "hanne",
    "Han",
    "Vi",
    "dr. Hansen",
)
"""A first name or initials without a place, a bare patient reference, pronouns, staff."""

LINKING = ("har", "fik", "får", "har fået", "er startet på", "tager", "has", ":", "er")
"""Predicates that make the subject the owner of what follows."""

NOT_LINKING = (
    "holder oplæg om",
    "underviser i",
    "har skrevet speciale om",
    "bestiller",
    "har sendt slides om",
    "skal på kursus i",
    "har lovet at hente",
    "er tilmeldt",
    "gennemgår et studie om",
    "kommer og fortæller om",
    "order more",
)
"""Predicates of colleagues: teaching, ordering, sending, attending."""

TERMS = ("diabetes", "Marevan", "lungekræft", "metformin", "KOL", "depression", "feber")


def scan(text: str, *, cpr: bool = False, min_confidence: Confidence = MEDIUM) -> list[Detection]:
    """Scan ``text``; with ``cpr`` the CPR-shaped number in it is passed as identifier."""
    spans = [(text.index(CPR), text.index(CPR) + len(CPR))] if cpr else []
    return list(find_health_data(text, identifiers=spans, min_confidence=min_confidence))


def found(text: str, *, cpr: bool = False, min_confidence: Confidence = MEDIUM) -> list[Found]:
    """Scan ``text`` and return each detection's confidence and matched text."""
    return [
        (detection.confidence, text[detection.start : detection.end])
        for detection in scan(text, cpr=cpr, min_confidence=min_confidence)
    ]


def lexicon_entries() -> list[str]:
    """Read the bundled lexicon's entries, markers included."""
    source = importlib.resources.files("onlinecompliance.scan") / "data" / "clinical_terms.txt"
    lines = source.read_text(encoding="utf-8").splitlines()
    return [entry for line in lines if (entry := line.split("#", 1)[0].strip())]


def lexicon_terms() -> list[str]:
    """Return every term of the lexicon as it would be written in a text."""
    return [
        entry.removeprefix("*").removesuffix("=")
        for entry in lexicon_entries()
        if not entry.startswith("!")
    ]


# -- the clause model: mention, predicate, term ------------------------------------


@given(
    mention=st.sampled_from(IDENTIFIABLE),
    predicate=st.sampled_from(LINKING),
    term=st.sampled_from(TERMS),
)
def test_identifiable_person_linked_to_a_term_is_health_data(
    mention: str, predicate: str, term: str
) -> None:
    """Every identifiable form, with every linking predicate, makes the term health data."""
    glue = "" if predicate == ":" else " "
    assert [(MEDIUM, term)] == found(f"{mention}{glue}{predicate} {term}")


@given(
    mention=st.sampled_from(NOT_IDENTIFIABLE),
    predicate=st.sampled_from(LINKING),
    term=st.sampled_from(TERMS),
)
def test_person_who_cannot_be_identified_makes_no_health_data(
    mention: str, predicate: str, term: str
) -> None:
    """A first name alone, a bare "patienten" or a pronoun is low at most."""
    glue = "" if predicate == ":" else " "
    text = f"{mention}{glue}{predicate} {term}"
    assert [] == found(text)
    assert [(LOW, term)] == found(text, min_confidence=LOW)


@given(
    mention=st.sampled_from(IDENTIFIABLE),
    predicate=st.sampled_from(NOT_LINKING),
    term=st.sampled_from(TERMS),
)
def test_colleague_near_a_topic_is_no_health_data(mention: str, predicate: str, term: str) -> None:
    """A name next to a teaching topic or a drug order is not linked to it."""
    assert [] == found(f"{mention} {predicate} {term}")


@pytest.mark.parametrize(
    "text",
    [
        "Når patienten har smerter, gives 1 g paracetamol",
        "Husk at måle patientens blodtryk",
        "Spørg Lone Bech om vagtplanen - og husk at heparinpumpen skal kalibreres",
        "Tak til Maja Høeg for den gode gennemgang af insulinregimer",
        "Jakob Winther er tovholder på projektet om forebyggelse af diabetes",
        "Jørgen Lund er tilmeldt KOL-skolen fra uge 9",
        "Kære Hans Mikkelsen, din tid i Diabetesskolen er flyttet",
        "Kan nogen kigge på Peter Bang? CRP 250 og feber",
        "Hans Jensen tager sig af patienten med KOL",
        "Bed Niels fra apoteket om at bestille heparin",
        "Send heparin til Niels Holm på lageret",
        "Per Holm fra apoteket bestiller Marevan",
        "Mette Berg er på kursus om diabetes",
        "Oplægget om KOL på Lone Hansens afsnit er flyttet",
        "Spørg Lone Holm - astma og KOL i morgen",
        "Ring til hende fra Herlev om CT-svar",
        "Birgit i 2 dage har haft feber",
        "Ole Hansen holder oplæg. Han har lavet slides om KOL",
        "Hun har feber",
        "Mette er syg i dag. Hun har feber",
        "Tak Grethe, stue 7 har fået sin medicin",
        "Hr. Holm er flyttet til stue 9. Vi mangler pjecer om pneumoni",
        "Britt fra Rødovre Kommune ringer om genoptræning",
        "Lone Holm har sat 2 stole frem",
        "Frk. Nielsen fra sekretariatet har sendt listen over ICD-10-koder",
        "Ambulance ETA 6 min med en mand i 60'erne, mistanke om apopleksi",
        "stue 6: Husk at tjekke blodsukker",
        "Lone Holm, 3, er på kursus om KOL",
        "Peter Dahl (overlæge): 'Alle med anastomoselækage skal konfereres med mig'",
        "Oplæg ved farmaceut Line Bak: interaktioner mellem DOAK og antiepileptika",
        "Fru Schmidt i receptionen har fundet en æske til et høreapparat",
        "Hr. Holm fra kodeteamet siger at DI21.9 skal bruges i stedet for DI21.4",
        "Lars Winther fra anæstesien har styr på epiduralerne i dag",
        "Bestil heparin til Niels Holm på lageret",
        "Diabetes: Lise Holm underviser kl. 14 i auditoriet",
        "Oplæg om sepsis 14/3 på Lise Holms afdeling",
        "Insulin 20 stk på Lise Holms bord",
        "Sarah Jones organises sepsis training",
        "Hanne Berg har sat 80 stole frem i auditoriet",
        "Mr. Jones sat 90 minutes with the new students",
        "Hanne Berg har tabt 5 kg kaffe på gulvet",
        "Peter Dahl har temp 3 uger i afsnittet",
        "Peter Dahl i august 2024 lavede materialet om sepsis",
        "Undervisningsrum 3: Hanne om KOL og astma",
        "Thanks to Mr. Smith for the lecture. His asthma slides were great",
        "Sepsis-audit: vi mangler svar på Peter Dahl",
        "Birgit i 2 grupper: diabetes og KOL",
        "Vi står her på stue 4 og tæller morfin op",
        "Please send the invoice to Mr. Hansen c/o Diabetes UK",
    ],
)
def test_near_misses_of_ward_chat_are_no_health_data(text: str) -> None:
    """Names near clinical words without the person owning them, and general instructions."""
    assert [] == found(text)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Mrs. O'Brien was admitted last night", "admitted"),
        ("Kan du tjekke CRP på Birgit på stue 6?", "CRP"),
        ("Gitte fra Valby er startet på Eliquis i dag", "Eliquis"),
        ("Har hr. Nygaard fået sin insulin før frokost?", "insulin"),
        ("Patienten i seng 9 er vågnet og har smerter i hoften", "smerter"),
        ("Hos fru Bech i Rødovre er blodsukkeret 3,1", "blodsukkeret"),
        ("Dear Mrs. Brown, you have been admitted", "admitted"),
        ("John Miller's CRP went up overnight", "CRP"),
        ("Mr. Patel's troponin is 85", "troponin"),
        ("Pt. Hansens CRP er steget", "CRP"),
        ("Pt. Madsen, hæmoglobin 5,8", "hæmoglobin"),
        ("Ole Fisker: troponin steget", "troponin"),
        ("hr. Lund efter apopleksien", "apopleksien"),
        ("Kan du give pt. Jakobsen sin Marevan nu?", "Marevan"),
        ("Kemoterapi til Ulla Bak er udskudt en uge", "Kemoterapi"),
        ("CRP hos pt. på stue 2 er 240", "CRP"),
        ("Insulin er givet til Kirsten Holm kl. 8", "Insulin"),
        ("Hvem ringer til Erik Vestergaard om hans lungekræft?", "lungekræft"),
        ("Mrs. O'Brien was taken in last night with pneumonia", "pneumonia"),
        ("frk. Holm er blevet henvist for diabetes", "diabetes"),
        ("Henning Dahl, 82 år, har feber", "feber"),
        ("Birgit på stue 6 har nu feber igen", "feber"),
        ("Hr. Friis skal i dialyse tirsdag", "dialyse"),
        ("Karen Hansen har lavt kalium", "kalium"),
        ("KN seng 6 \u2013 troponin 3200", "troponin"),
        ("Mr. Thompson i 14 har kvalme", "kvalme"),
        ("hende på 12 har feber", "feber"),
        ("ls på stue 4 har MRSA", "MRSA"),
        ("Freja (2 år) fra Hvalsø: dehydreret", "dehydreret"),
        ("den unge fyr på stue 8 er amputeret", "amputeret"),
        ("Er fru Holm blevet tilset efter sit fald?", "fald"),
        ("Birgit på stue 6 er udskrevet. Hendes CRP var 20", "CRP"),
        ("Er hr. Holm på stue 3 tilset? Han har feber", "feber"),
        ("hr. Andersen: kalium 6,4, lægen orienteret", "kalium"),
        ("Svend st. 4 sat 91", "sat 91"),
        ("Mr. Hussein: Na 124", "Na 124"),
        ("stue 4, Karen: CRP 180", "CRP"),
        ("Stue 11 seng 2, Ingrid \u2013 faldet på badeværelset", "faldet"),
        ("plads 4 (Poul fra Ballerup) har feber", "feber"),
        ("Grethe, stue 7 \u2013 hæmoglobin 6,8", "hæmoglobin"),
        ("mrs ingrid poulsen (bed 12) c/o chest pain", "chest pain"),
        ("Udkast til SMS: Kære Karen Holm, vi har svar på din biopsi", "biopsi"),
        ("Jørgen fra Hundige fortæller at han har haft brystsmerter", "brystsmerter"),
        ("Mr. Novak on noradrenaline", "noradrenaline"),
        ("st 3: Inge, CRP 112 i morges", "CRP"),
        ("seng 2: ok / seng 4: Hanne, BT lavt", "BT"),
        ("in bed 2, Mr. Kowalski \u2013 chest drain output 400 ml", "drain"),
        ("Akutstue 2: pt. med stiksår i abdomen", "stiksår"),
        ("På stue 10 ligger Agnete med gulsot", "gulsot"),
        ("Børneakut bås 3: Noah, 2 år, feberkramper", "feberkramper"),
        ("Henny (stue 2, seng B) har åndenød", "åndenød"),
        ("pt. på 7 har fået SAG", "SAG"),
        ("Solveig 4'eren har fået Kaleorid", "Kaleorid"),
        ("karen hansen paa st 8 er faldet", "faldet"),
        ("Mrs. Hansen, 54, pedestrian vs car, GCS 14", "GCS"),
        ("Hb 4,9 på Erna Poulsen, ring tilbage", "Hb"),
        ("troponin 2300 ng/l hos pt. i seng 1", "troponin"),
        ("manden i vinduessengen er respirationsinsufficient", "respirationsinsufficient"),
        ("Fwd fra forvagten: Jørgen Kjær \u2013 ny atrieflimren", "atrieflimren"),
        ("Stuegang:\n1) Lise Holm \u2013 pleuradræn seponeres", "pleuradræn"),
        ("Dorthe Mikkelsen, stue 20 \u2013 kolecystitis", "kolecystitis"),
        ("Tryksår kat. 2 på sacrum hos fru Nygaard", "Tryksår"),
        ("Apopleksi på Mette Bang bekræftet ved MR", "Apopleksi"),
        ("Kolecystitis: hr. Vestergaard, stue 9", "Kolecystitis"),
        ("Svarene på Yvonne Brandt er kommet: HbA1c 84", "HbA1c"),
        ("Røntgen af Villy Holms højre hofte viser fraktur", "fraktur"),
        ("Mogens Brix' knoglemarv viser myelomatose", "myelomatose"),
        ("Ingrid Thygesen har diffust lymfom", "lymfom"),
        ("Der er givet 10 mg Oxynorm til fru Kristiansen kl. 02.30", "Oxynorm"),
        ("Giv 40 mg Furix iv til hr. Said nu", "Furix"),
        ("Har Birgitte på stue 6 fået sin Eliquis i aften?", "Eliquis"),
        ("Linda Bak fra 2. sal har lungebetændelse", "lungebetændelse"),
        ("Sengene i dag:\nSeng 2 \u2013 EL: hjertesvigt", "hjertesvigt"),
        ("Har trænet med Inger fra Hørsholm, hun går 40 m men bliver forpustet", "forpustet"),
        ("Can someone check on Mr. Doyle? His troponin is 80", "troponin"),
        ("Henter pt. fra stue 9 til CT-caput kl. 11", "CT"),
    ],
)
def test_every_linking_form_of_the_catalogue(text: str, term: str) -> None:
    """Colons, genitives, possessives, "efter", "hos", passives and auxiliaries link."""
    assert [(MEDIUM, term)] == found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kære Birte Lund\nVi har fået svar på din biopsi.",
        "Dear Ms. Jones,\nyour biopsy results are ready.",
        "Hej Jonas Fogh. Husk at faste før din koloskopi.",
    ],
)
def test_addressed_text_links_you_and_your(text: str) -> None:
    """A greeting to a named person makes "din", "your" refer to that person."""
    assert [MEDIUM] == [confidence for confidence, _ in found(text)]


def test_you_without_a_named_greeting_is_no_one() -> None:
    """Without a greeting to a named person, "din biopsi" names no one."""
    assert [] == found("Vi har fået svar på din biopsi.")


def test_cpr_number_labels_what_follows_on_its_line() -> None:
    """A term after a CPR number on its line is HIGH; on the next line it is not linked."""
    text = f"{CPR} - diabetes type 2\ninsulin"
    assert [(HIGH, "diabetes")] == found(text, cpr=True)


def test_term_in_another_sentence_is_not_linked() -> None:
    """A sentence ends the clause: the person of one sentence owns nothing in the next."""
    assert [] == found("Jens Hansen har ringet. Diabetes er et emne i morgen.")


def test_abbreviations_do_not_end_a_clause() -> None:
    """The full stops of "pt.", "hr." and "kl." end no sentence."""
    assert [(MEDIUM, "feber")] == found("Pt. Hansen har kl. 8 haft feber")
    assert [2] == [len(clause_ends("Hr. Hansen kom. Han har feber"))]


PLAIN_BOUNDARY = re.compile(
    r"[\n;]|\s[-\u2013\u2014]\s|[.!?]\s"
    r"|,\s+(?=(?:og|men|så|mens|fordi|da|når|hvis|vi|jeg|hun|han|de|and|but|so|while|we|i"
    r"|she|he|they)\b)"
)
"""The clause boundaries as a plain alternation: what the scanner's pattern, written to be
searched quicker, must find."""


@given(
    st.lists(
        st.sampled_from([*"\n; .!?,-\t\u00a0\u2013\u2014ab", "og", "men", "vi", "she", "i"]),
        max_size=30,
    ).map("".join)
)
def test_clause_boundaries_are_those_of_the_plain_alternation(text: str) -> None:
    """The boundary pattern finds what the plain alternation finds, where it finds it."""
    expected = [match.span() for match in PLAIN_BOUNDARY.finditer(text)]
    assert expected == [match.span() for match in clauses._BOUNDARY.finditer(text)]  # noqa: SLF001


def test_clause_is_read_a_bounded_distance() -> None:
    """A term further than REACH characters after the mention is not linked."""
    far = "x" * REACH
    assert [] == found(f"Jens Hansen har {far} diabetes")


# -- codes -------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["DI21.9", "DE11", "DJ189", "DC50.9", "DF32", "DZ038A"])
def test_sks_code_alone_is_low_and_linked_is_high(code: str) -> None:
    """A diagnosis code with no person is low; linked to a person it is high."""
    assert ([], [(LOW, code)]) == (found(f"Koden er {code}"), found(code, min_confidence=LOW))
    assert [(HIGH, code)] == found(f"Mette Brandt har {code} som bidiagnose")
    assert [(HIGH, code)] == found(f"Husk at kode {code} på Arne Steffensen")


@pytest.mark.parametrize(
    "text",
    [
        "Refusion til Mette Olsen: IBAN DK89 1234 5678 9012 34",
        "Kørselsgodtgørelse til Finn Ravn: DK50 0040 0440 1162 43",
        "Mette Olsen bor i DK2100",
        "Jens Hansen: varenummer DI2190-B",
        "Jens Hansen: XDI21.9",
    ],
)
def test_code_shaped_parts_of_longer_tokens_are_no_codes(text: str) -> None:
    """An IBAN, a postcode, a product number and a code glued to a word are no codes."""
    assert [] == found(text, min_confidence=LOW)


def test_bare_icd_code_needs_a_context_word() -> None:
    """I21.9 is a code only beside "diagnose", "dx" or "ICD"; lokale C12 never."""
    assert [(HIGH, "I21.9")] == found("Jens Hansen har diagnose I21.9")
    assert [] == found("Jens Hansen har I21.9", min_confidence=LOW)
    assert [] == found("Jens Hansen: diagnose i lokale C12", min_confidence=LOW)


def test_atc_code_linked_to_a_person_counts() -> None:
    """An ATC code of level 5 is a medicine, linked like a term."""
    assert [(HIGH, "B01AF02")] == found("fru Nørgaard får B01AF02 2 gange dagligt")


# -- terms -------------------------------------------------------------------------


def test_clinical_term_alone_is_low() -> None:
    """At LOW every term counts; at MEDIUM none without a person."""
    assert ([], [(LOW, "diabetes")]) == (
        found("diabetes"),
        found("diabetes", min_confidence=LOW),
    )


@pytest.mark.parametrize("name", ["Diabetesskolen", "KOL-skolen", "Hjertecaféen", "Gigtklinikken"])
def test_term_inside_a_programme_name_is_no_term(name: str) -> None:
    """A condition named only in a programme, school or clinic name is no term."""
    assert [] == found(f"Jens Hansen har tid i {name}", min_confidence=LOW)


@pytest.mark.parametrize(("text", "word"), [("Jens Hansen har lungekræften", "lungekræften")])
def test_term_spans_the_whole_word(text: str, word: str) -> None:
    """A detection covers the word that holds the term."""
    assert [(MEDIUM, word)] == found(text)


@pytest.mark.parametrize("word", ["kontrol", "behandling", "undersøgelse", "samtale", "svar"])
def test_plain_words_are_no_health_data(word: str) -> None:
    """Words that are no health data alone are not terms."""
    assert [] == found(f"Jens Hansen har {word}", min_confidence=LOW)


# -- mentions ----------------------------------------------------------------------


def test_greetings_institutions_and_places_are_no_full_names() -> None:
    """Stop words break a run of capitalised words: "Hej Jens", "Herlev Hospital"."""
    for text in ("Hej Jens", "Herlev Hospital", "Region Hovedstaden", "Mandag Morgen"):
        assert [] == find_mentions(text, [])


def test_full_name_after_a_greeting_is_found() -> None:
    """A stop word before a name does not hide it."""
    assert [(4, 15)] == [(m.start, m.end) for m in find_mentions("Hej Jens Hansen", [])]


@pytest.mark.parametrize("mention", ["Pigen Maja", "Barnet Lærke", "Manden Jens"])
def test_patient_reference_that_is_also_a_full_name(mention: str) -> None:
    """A patient word and a name at the start of a sentence are both mentions of one person."""
    kinds = [found.kind for found in find_mentions(f"{mention} har feber", [])]
    assert [MentionKind.SUBJECT, MentionKind.PATIENT] == kinds
    assert [(MEDIUM, "feber")] == found(f"{mention} har feber")
    assert [(MEDIUM, "CRP")] == found(f"Tjek CRP på {mention}")


def test_lower_case_name_needs_a_known_first_name() -> None:
    """The words "hanne toft" are a name; "ordre liste" are not."""
    assert [MentionKind.SUBJECT] == [m.kind for m in find_mentions("hanne toft har", [])]
    assert [] == find_mentions("ordre liste har", [])


# -- the lexicon -------------------------------------------------------------------


def test_lexicon_holds_no_plain_words() -> None:
    """Words that are no health data alone are not in the lexicon."""
    plain = {"kontrol", "behandling", "undersøgelse", "samtale", "tid", "svar", "terapi"}
    expected: set[str] = set()
    assert expected == plain & {term.lower() for term in lexicon_terms()}


def test_lexicon_entries_are_well_formed() -> None:
    """Every entry is letters, digits, hyphens or single spaces, once.

    Three or more characters, or two for a whole word.
    """
    terms = [term.lower() for term in lexicon_terms()]
    whole_words = {
        entry.lower().removesuffix("=") for entry in lexicon_entries() if entry.endswith("=")
    }
    malformed = [
        term
        for term in terms
        if len(term) < (2 if term in whole_words else 3)
        or "  " in term
        or not term.replace("-", "").replace(" ", "").isalnum()
    ]
    expected: list[str] = []
    assert expected == malformed
    assert len(terms) == len(set(terms))


def test_every_lexicon_term_is_found_after_a_colon() -> None:
    """Each term, written as in the lexicon or capitalised, is found after "Name:"."""
    spellings = [
        written
        for term in lexicon_terms()
        for written in ({term, term[0].upper() + term[1:]} if term.islower() else {term})
    ]
    missed = [term for term in spellings if [(MEDIUM, term)] != found(f"Jens Hansen: {term}.")]
    expected: list[str] = []
    assert expected == missed


def test_only_find_health_data_is_public() -> None:
    """The module exports exactly one name."""
    expected = ["find_health_data"]
    assert expected == health_module.__all__


# -- any text ----------------------------------------------------------------------


@given(text=st.text(max_size=200))
def test_any_text_gives_sane_detections(text: str) -> None:
    """On any text detections are health, ordered, inside the text and shapes of it."""
    detections = scan(text, min_confidence=LOW)
    for detection in detections:
        assert DetectionKind.HEALTH == detection.kind
        assert 0 <= detection.start < detection.end <= len(text)
        assert detection.end - detection.start == len(detection.masked)
    assert sorted(d.start for d in detections) == [d.start for d in detections]


@given(
    words=st.lists(
        st.sampled_from(
            [*IDENTIFIABLE, *LINKING, *NOT_LINKING, *TERMS, "og", ",", ".", "\n", "din", "Kære"]
        ),
        max_size=30,
    )
)
def test_medium_detections_are_the_linked_subset_of_low(words: list[str]) -> None:
    """Raising the minimum only drops detections: MEDIUM and HIGH are a subset of LOW."""
    text = " ".join(words)
    low = {(d.start, d.end) for d in scan(text, min_confidence=LOW)}
    medium = {(d.start, d.end) for d in scan(text)}
    assert medium <= low


# -- linear time -------------------------------------------------------------------


@pytest.mark.parametrize(
    "unit",
    [
        "Jens Hansen Ole Olsen har diabetes ",
        "Birgit på stue 6 har ",
        "hanne toft har feber ",
        "Kære Jens Hansen din biopsi ",
        "pt. Hansen, ",
        "DI21.9 ",
        "diagnose I21.9 ",
        "A10BA02 ",
        "diabetes til ",
        "Anne-",
        "kræft",
    ],
)
@pytest.mark.parametrize("min_confidence", [LOW, MEDIUM])
def test_megabyte_scan_finishes(unit: str, min_confidence: Confidence) -> None:
    """A megabyte of one repeated pattern is scanned (linear time; no timing asserted)."""
    text = unit * (MEGABYTE // len(unit))
    detections = scan(text, min_confidence=min_confidence)
    assert all(detection.kind is DetectionKind.HEALTH for detection in detections)


def test_megabyte_of_names_and_terms_finishes() -> None:
    """A megabyte of linked sentences yields one detection per sentence."""
    unit = "Jens Hansen har diabetes. "
    text = unit * (MEGABYTE // len(unit))
    assert MEGABYTE // len(unit) == len(scan(text))


def test_long_text_keeps_offsets_and_cpr_numbers() -> None:
    """A long text of many lines keeps its offsets and its CPR spans."""
    filler = "Tak for i dag, vi ses på torsdag.\n" * 3000
    text = f"{filler}Jens Hansen {CPR} har diabetes\n{filler}pt. Hansen: DE11"
    expected = [(HIGH, "diabetes"), (HIGH, "DE11")]
    assert expected == found(text, cpr=True)


@given(
    st.lists(
        st.sampled_from(
            [
                *IDENTIFIABLE,
                *NOT_IDENTIFIABLE,
                *("Kære", "Dear", "stue 4", "seng", "på", " ", "\n", "fra", "Glostrup"),
                *("har", "feber", ".", ",", "3", "hanne", "toft", "İ", "O'Brien"),
                *("i", "kuvøse", "enestuen", "4-sengsstuen", "'eren", "\u2019eren", "(", ")"),
                *("Valby", "Rosenvænget", "den", "nye", "kvinde", "manden", "Preben"),
                *("fru", "Hr", "mrs", "Mr.", "jensen", "birgit", "12", "dage", "paa", "st 3"),
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_hints_never_rule_out_a_mention(text: str) -> None:
    """The quick hints find every mention the full search finds."""
    hints = mention_hints(ShapedText(text))
    expected = find_mentions(text, [])
    assert expected == ([] if hints is None else find_mentions(text, [], hints))


SKIPPABLE_WITNESSES = (
    *(f"{lead} stue 4" for lead in ("på", "i", "in", "on", "fra", "from")),
    *(f"{place} 4" for place in ("stue", "st.", "seng", "bed", "room", ", stue")),
    "fra Glostrup",
    "from Ohio",
    *(f"{lead} Herlev" for lead in ("på", "i", "at", "in")),
    "på afsnittet",
    "i akutmodtagelsen",
    "(82 år)",
    ", 45 år",
    "i dag",
    "in weekenden",
    *("nu", "stadig", "også", "igen", "desværre", "lige", "just", "now", "still", "also"),
    *("again", "today", "yesterday", "tonight", "last night", "som", "der", "who"),
)
"""A match of each alternative of the clause model's skippable attributes, for each
word or letter one may start with."""

DIRECT_WITNESSES = (":", ",", "efter", "after")


def cased_and_latin_1() -> list[str]:
    """Return every character that a case touches, and Latin-1.

    A character that no case touches matches only itself, ignoring case or not.
    """
    return [
        char
        for char in map(chr, range(0x110000))
        if ord(char) < 0x100 or char.lower() != char or char.upper() != char
    ]


PAST_SPACES = {
    "skippable": (clauses._SKIPPABLE, SKIPPABLE_WITNESSES),  # noqa: SLF001
    "direct": (clauses._DIRECT, DIRECT_WITNESSES),  # noqa: SLF001
}
"""The clause model's patterns that look ahead past their opening spaces for what may start
a match, so that ``re`` does not try their alternatives one by one (the lookahead is what
is tested)."""


def without_the_lookahead(pattern: Pattern[str]) -> Pattern[str]:
    """Return ``pattern`` without the lookahead after its opening spaces."""
    unguarded = re.sub(r"\A\\s\*\(\?=\[[^\]]*\]\)", r"\\s*", pattern.pattern)
    assert unguarded != pattern.pattern, "the pattern opens with no lookahead"
    return re.compile(unguarded, pattern.flags)


@pytest.mark.parametrize(("pattern", "witnesses"), PAST_SPACES.values(), ids=PAST_SPACES)
def test_the_lookahead_past_spaces_rules_out_no_match(
    pattern: Pattern[str], witnesses: tuple[str, ...]
) -> None:
    """The lookahead lets through every character that may begin a match.

    Each witness matches, after spaces or none; with its first character replaced by
    any other (in either case, or one that ``re`` folds to a letter), the pattern
    matches exactly where it would without the lookahead.
    """
    for witness in witnesses:
        for spaces in ("", "  "):
            assert pattern.match(spaces + witness) is not None, witness
    unguarded = without_the_lookahead(pattern)
    assert [] == [
        text
        for witness in witnesses
        for text in (char + witness[1:] for char in cased_and_latin_1())
        if (pattern.match(text) is None) != (unguarded.match(text) is None)
    ]


def test_a_mention_that_ends_past_its_clause_links_nothing() -> None:
    """A title and name across a line break end past the first clause: nothing to link, no error.

    Hypothesis found it: the evidence after such a mention was looked up in an empty range.
    """
    found = scan("hr. Mikkelsen \n Marevan", min_confidence=LOW)
    assert [(16, 23, "LOW")] == [(d.start, d.end, d.confidence.name) for d in found]
