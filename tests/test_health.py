"""Tests for the detector of health data about identifiable people."""

from __future__ import annotations

import importlib.resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onlinecompliance.scan import health as health_module
from onlinecompliance.scan.detection import Confidence, Detection, DetectionKind
from onlinecompliance.scan.health import WINDOW, find_health_data
from onlinecompliance.scan.shaping import ShapedText

LOW, MEDIUM, HIGH = Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH
MEGABYTE = 1 << 20
CPR = "010190-1234"
FIRST_NAMES = ("Jens", "Mette", "Søren", "Anne-Marie", "Åse", "Ørnulf", "Bo", "Peter", "Frida")
SURNAMES = ("Hansen", "Ølgaard", "Sørensen", "Jørgensen", "Bæk", "Holm", "Friis", "Pedersen")

Found = tuple[Confidence, str]


def scan(text: str, *, cpr: bool = False, min_confidence: Confidence = MEDIUM) -> list[Detection]:
    """Scan ``text``; with ``cpr`` the first CPR-shaped number in it is passed as identifier."""
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


full_names = st.builds("{} {}".format, st.sampled_from(FIRST_NAMES), st.sampled_from(SURNAMES))
quiet = st.text(alphabet="acdegijklmnoqrstuvwxyzæøå .,!?", max_size=20)
"""Filler without capitals, digits or the first letters of the cues (p, b, h, f)."""


# -- SKS codes ------------------------------------------------------------------


@pytest.mark.parametrize("code", ["DI21.9", "DE11", "DJ189", "DC50.9", "DF32", "DZ038A"])
def test_sks_code_alone_is_medium(code: str) -> None:
    """An SKS diagnosis code is distinctive by its form: MEDIUM without any identifier."""
    assert [(MEDIUM, code)] == found(f"Husk at kode {code} i journalen.")


@pytest.mark.parametrize(
    "text",
    [
        "Jens Hansen har DI21.9",
        "pt. Hansen har DI21.9",
        "fru Jensen: DI21.9",
        "Patienten har DI21.9",
        "borgeren har DI21.9",
        "pt. har DI21.9",
        f"{CPR} DI21.9",
    ],
)
def test_sks_code_next_to_an_identifier_is_high(text: str) -> None:
    """Next to a name, a patient reference or a CPR number an SKS code is HIGH."""
    assert [(HIGH, "DI21.9")] == found(text, cpr=CPR in text)


def test_sks_code_inside_a_word_is_none() -> None:
    """Letters or digits glued to the code make it something else."""
    expected: list[Found] = []
    assert expected == found("ABDI21.9 og DI21999X og XDE11")


def test_postcode_with_country_prefix_is_no_sks_code() -> None:
    """DK2100 is a Danish postcode, though it has the shape of an SKS code."""
    expected: list[Found] = []
    assert expected == found("Jens Hansen, DK2100 København Ø")


# -- bare ICD-10 codes ------------------------------------------------------------


def test_bare_icd_code_without_context_is_none() -> None:
    """A bare letter and two digits is no diagnosis without a context word."""
    expected: list[Found] = []
    assert expected == found("Jens Hansen har I21.9 og E11", min_confidence=LOW)


@pytest.mark.parametrize(
    "text", ["diagnose I21.9", "Diagnosen er I21.9", "dx: I21.9", "ICD-10 I21.9", "I21.9 (diag.)"]
)
def test_bare_icd_code_with_context_is_medium(text: str) -> None:
    """A context word (diagnose, dx, ICD, diag.) in the window makes it a diagnosis."""
    assert [(MEDIUM, "I21.9")] == found(text)


def test_bare_icd_code_with_context_and_identifier_is_high() -> None:
    """With a context word and an identifier a bare code is HIGH."""
    assert [(HIGH, "E11")] == found("hr. Ole Sørensen, diagnose E11")


def test_context_word_beyond_the_window_does_not_count() -> None:
    """The context word must lie within the window of the code."""
    assert [(MEDIUM, "I21")] == found(f"diagnose{' ' * WINDOW}I21")
    expected: list[Found] = []
    assert expected == found(f"diagnose{' ' * (WINDOW + 1)}I21")


@pytest.mark.parametrize(
    "text",
    [
        "Diagnose: vi mødes i afsnit B3",
        "Diagnosekonference i stue 12",
        "Diagnose: B12-vitamin er lavt hos Jens Hansen",
        "Diagnose: vitamin B12 hos Jens Hansen",
        "Diagnosen drøftes kl. 10 i lokale C12 med Jens Hansen",
        "diagnose: se Lokale C12 på Herlev Hospital",
    ],
)
def test_places_rooms_times_and_vitamins_are_no_codes(text: str) -> None:
    """Ward names, rooms, times and vitamins are not diagnoses, even near "diagnose"."""
    expected: list[Found] = []
    assert expected == found(text)


# -- ATC codes --------------------------------------------------------------------


def test_atc_code_alone_is_low() -> None:
    """An ATC code is like a medicine: LOW on its own."""
    assert [(LOW, "A10BA02")] == found("Lagerstatus A10BA02", min_confidence=LOW)
    expected: list[Found] = []
    assert expected == found("Lagerstatus A10BA02")


def test_atc_code_next_to_a_name_is_medium() -> None:
    """Next to a name an ATC code is MEDIUM."""
    assert [(MEDIUM, "C07AB02")] == found("Jens Hansen får C07AB02")


def test_atc_code_next_to_a_cpr_number_is_high() -> None:
    """Next to a CPR number an ATC code is HIGH."""
    assert [(HIGH, "N02BE01")] == found(f"{CPR}: N02BE01", cpr=True)


def test_atc_code_of_level_4_counts() -> None:
    """A chemical subgroup (level 4, five characters) counts too."""
    assert [(MEDIUM, "N02BE")] == found("Pt. får N02BE")


def test_atc_code_needs_an_anatomical_main_group() -> None:
    """E, F, I, K, O, Q, T, U, W, X, Y and Z lead no ATC code."""
    expected: list[Found] = []
    assert expected == found("Jens Hansen har kode E10BA02 og X12AB")


# -- lexicon terms ----------------------------------------------------------------


def test_clinical_term_alone_is_low() -> None:
    """A clinical word without an identifier is LOW, so not reported at MEDIUM."""
    text = "Undervisning om diabetes og hjertesvigt på torsdag."
    assert [(LOW, "diabetes"), (LOW, "hjertesvigt")] == found(text, min_confidence=LOW)
    expected: list[Found] = []
    assert expected == found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Jens Hansen har diabetes",
        "Anne-Marie Ølgaard har diabetes",
        "pt. Hansen har diabetes",
        "Pt. Hansen har diabetes",
        "patient Hansen har diabetes",
        "fru Jensen har diabetes",
        "Fru Jensen har diabetes",
        "hr. Ole Sørensen har diabetes",
        "Hr. Hansen har diabetes",
        "Patienten har diabetes",
        "patientens diabetes",
        "borgeren har diabetes",
        "Borgeren har diabetes",
        "pt. har diabetes",
        "diabetes, fortæller Jens Hansen",
    ],
)
def test_clinical_term_next_to_a_name_or_patient_reference_is_medium(text: str) -> None:
    """Next to a name, a name after a cue or a patient reference a term is MEDIUM."""
    assert [(MEDIUM, "diabetes")] == found(text)


def test_clinical_term_next_to_a_cpr_number_is_high() -> None:
    """Next to a CPR number a term is HIGH."""
    assert [(HIGH, "pneumoni")] == found(f"Jens Hansen {CPR} indlagt med pneumoni", cpr=True)[1:]


def test_cpr_number_outranks_a_name() -> None:
    """With a name and a CPR number both near, the CPR number decides."""
    assert [(HIGH, "Marevan")] == found(f"Jens Hansen ({CPR}) får Marevan", cpr=True)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Jens Hansen er diabetiker", "diabetiker"),
        ("Jens Hansen er diabetisk", "diabetisk"),
        ("Jens Hansen har fået lungekræft", "lungekræft"),
        ("Jens Hansen har brystkræften", "brystkræften"),
        ("Jens Hansen har urinvejsinfektion", "urinvejsinfektion"),
        ("Jens Hansen har fået Marevan", "Marevan"),
        ("Jens Hansen tager PANODIL", "PANODIL"),
        ("Jens Hansen har KOL", "KOL"),
        ("Jens Hansen har hiv", "hiv"),
        ("Jens Hansen er hiv-positiv", "hiv"),
        ("Jens Hansen har grå stær", "grå stær"),
        ("Jens Hansen får Selo-Zok", "Selo-Zok"),
        ("Jens Hansen: HbA1c 58", "HbA1c"),
        ("Jens Hansen er syg", "syg"),
    ],
)
def test_term_spans_the_whole_word(text: str, word: str) -> None:
    """A stem matches its inflections and compounds; the detection spans the word."""
    assert [(MEDIUM, word)] == found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Jens Hansen sparer på kræfterne",
        "Jens Hansen står for desinfektion",
        "Jens Hansen tager sig af hive-opgaven",
        "Jens Hansen sidder i receptionen",
        "Jens Hansen skifter lithium-ion batteriet",
        "Jens Hansen har en kol kop",
        "Jens Hansen og de syge kolleger",
        "Jens Hansen dementerer rygtet",
        "Jens Hansen: forbindelsen er brudt",
    ],
)
def test_words_that_only_look_like_terms_are_none(text: str) -> None:
    """Exceptions, whole-word terms and exact spellings keep everyday words out."""
    expected: list[Found] = []
    assert expected == found(text)


@pytest.mark.parametrize(
    "word", ["kontrol", "behandling", "undersøgelse", "samtale", "tid", "svar"]
)
def test_plain_words_are_no_health_data(word: str) -> None:
    """Plain words like "kontrol" are not health data, even next to a name."""
    expected: list[Found] = []
    assert expected == found(f"Jens Hansen har {word} i morgen", min_confidence=LOW)


def test_one_detection_per_word() -> None:
    """A word holding two terms is one detection."""
    assert [(MEDIUM, "diabetesallergi")] == found("Jens Hansen har diabetesallergi")


# -- identifiers ------------------------------------------------------------------


def test_name_alone_is_no_health_data() -> None:
    """A name without clinical content is not health data."""
    expected: list[Found] = []
    assert expected == found("Tak Jens Hansen for oplægget om vagtplanen.", min_confidence=LOW)


@pytest.mark.parametrize(
    "text",
    [
        "Hej Jens, husk diabetes-kurset",
        "Tak Mette for diabetes-oplægget",
        "Herlev Hospital har et diabetesambulatorium",
        "Region Hovedstaden opdaterer vejledningen om diabetes",
        "Rigshospitalet Glostrup har kursus i diabetes",
        "Sundhedsplatformen viser diabetes-modulet",
        "Aarhus Universitetshospital forsker i diabetes",
        "Mandag Morgen om diabetes",
        "Microsoft Teams virker ikke til diabetes-kurset",
        "Morbus Parkinson er emnet i dag",
        "Godmorgen Jens, vi taler om diabetes",
        "en patient med diabetes",
        "kontakt hr om insulin",
        "OBS HANSEN: diabetes",
    ],
)
def test_greetings_institutions_and_single_names_are_no_identifiers(text: str) -> None:
    """A greeting and a first name, an institution or a place is no full name."""
    expected: list[Found] = []
    assert expected == found(text)


def test_greeting_before_a_full_name_does_not_hide_it() -> None:
    """In "Hej Jens Hansen" the full name is still found."""
    assert [(MEDIUM, "diabetes")] == found("Hej Jens Hansen, din diabetes er velreguleret")


def test_name_inside_a_word_is_none() -> None:
    """Capitals inside a word (eHealth) do not start a name."""
    expected: list[Found] = []
    assert expected == found("eHealth Danmark om diabetes")


# -- the window -------------------------------------------------------------------


def test_term_ending_the_window_after_a_name_counts() -> None:
    """At most WINDOW characters between a name and a term: next to each other."""
    assert [(MEDIUM, "diabetes")] == found(f"Jens Hansen{' ' * WINDOW}diabetes")


def test_term_one_past_the_window_after_a_name_does_not_count() -> None:
    """One more character and they are not next to each other."""
    expected: list[Found] = []
    assert expected == found(f"Jens Hansen{' ' * (WINDOW + 1)}diabetes")


def test_term_ending_the_window_before_a_name_counts() -> None:
    """The window reaches as far before the name."""
    assert [(MEDIUM, "diabetes")] == found(f"diabetes{'.' * WINDOW}Jens Hansen")


def test_term_one_past_the_window_before_a_name_does_not_count() -> None:
    """One more character before the name and the term is alone."""
    expected: list[Found] = []
    assert expected == found(f"diabetes{'.' * (WINDOW + 1)}Jens Hansen")


def test_window_around_a_cpr_number() -> None:
    """A CPR number has the same window on both sides."""
    text = f"insulin{' ' * WINDOW}{CPR}{' ' * WINDOW}Marevan{' ' * (WINDOW + 1)}morfin"
    assert [(HIGH, "insulin"), (HIGH, "Marevan")] == found(text, cpr=True)


def test_window_around_a_code() -> None:
    """An SKS code is HIGH up to the window's edge, MEDIUM beyond it."""
    assert [(HIGH, "DE11")] == found(f"Patienten{' ' * WINDOW}DE11")
    assert [(MEDIUM, "DE11")] == found(f"Patienten{' ' * (WINDOW + 1)}DE11")


def test_evidence_on_another_line_is_alone() -> None:
    """A name and a term on different lines are not next to each other."""
    assert [(LOW, "diabetes")] == found("Jens Hansen\ndiabetes", min_confidence=LOW)
    assert [(MEDIUM, "DI21.9")] == found("pt. Hansen\r\nDI21.9")


# -- detections -------------------------------------------------------------------


def test_detection_holds_kind_span_and_shape_only() -> None:
    """A detection is of kind health, spans the evidence and shows its shape."""
    text = "pt. Hansen har DI21.9"
    expected = [
        Detection(kind=DetectionKind.HEALTH, confidence=HIGH, start=15, end=21, masked="XXXX.X")
    ]
    assert expected == scan(text)


def test_detections_come_in_order_of_position() -> None:
    """Codes and terms are yielded in order of position."""
    text = "Jens Hansen: insulin, DE11, Marevan; diagnose I21.9; C07AB02"
    expected = [
        (MEDIUM, "insulin"),
        (HIGH, "DE11"),
        (MEDIUM, "Marevan"),
        (HIGH, "I21.9"),
        (MEDIUM, "C07AB02"),
    ]
    assert expected == found(text)


def test_min_confidence_high_keeps_only_high() -> None:
    """At HIGH only evidence next to a CPR number (or a code next to any identifier) counts."""
    text = f"Jens Hansen har diabetes og DE11.\n{CPR}: insulin"
    assert [(HIGH, "DE11"), (HIGH, "insulin")] == found(text, cpr=True, min_confidence=HIGH)


def test_offsets_count_code_points() -> None:
    """Characters beyond Latin-1 (an emoji) count as one, like str offsets."""
    text = "\U0001f642 Jens Hansen \u2013 \u0141ukasz har diabetes"
    assert [(MEDIUM, "diabetes")] == found(text)


def test_only_find_health_data_is_public() -> None:
    """The module exports exactly one name."""
    expected = ["find_health_data"]
    assert expected == health_module.__all__


# -- the lexicon ------------------------------------------------------------------


def test_lexicon_is_a_few_hundred_terms() -> None:
    """The bundled lexicon holds several hundred terms and medicines."""
    assert 300 <= len(lexicon_terms()) <= 800


def test_lexicon_holds_no_plain_words() -> None:
    """Words that are no health data alone are not in the lexicon."""
    plain = {"kontrol", "behandling", "undersøgelse", "samtale", "tid", "svar", "terapi"}
    expected: set[str] = set()
    assert expected == plain & {term.lower() for term in lexicon_terms()}


def test_lexicon_entries_are_well_formed() -> None:
    """Every entry is three or more letters, digits, hyphens or single spaces, once."""
    terms = [term.lower() for term in lexicon_terms()]
    malformed = [
        term
        for term in terms
        if len(term) < 3 or "  " in term or not term.replace("-", "").replace(" ", "").isalnum()
    ]
    expected: list[str] = []
    assert expected == malformed
    assert len(terms) == len(set(terms))


def test_every_lexicon_term_is_found_next_to_a_name() -> None:
    """Each term, written as in the lexicon or capitalised, is found next to a name."""
    spellings = [
        written
        for term in lexicon_terms()
        for written in ({term, term[0].upper() + term[1:]} if term.islower() else {term})
    ]
    missed = [term for term in spellings if [(MEDIUM, term)] != found(f"Jens Hansen: {term}.")]
    expected: list[str] = []
    assert expected == missed


# -- properties -------------------------------------------------------------------


@given(
    name=full_names,
    term=st.sampled_from(["diabetes", "Marevan", "lungekræft", "metformin", "KOL", "depression"]),
    gap=st.integers(1, WINDOW),
    before=st.booleans(),
)
def test_full_name_and_term_within_the_window(name: str, term: str, gap: int, before: bool) -> None:
    """A full name and a term within the window give one MEDIUM detection of the term."""
    filler = " " * gap
    text = f"{term}{filler}{name}" if before else f"{name}{filler}{term}"
    assert [(MEDIUM, term)] == found(text)


@given(name=full_names, gap=st.integers(WINDOW + 1, 3 * WINDOW), before=st.booleans())
def test_full_name_and_term_beyond_the_window(name: str, gap: int, before: bool) -> None:
    """A name and a term further apart than the window give nothing at MEDIUM."""
    filler = " " * gap
    text = f"diabetes{filler}{name}" if before else f"{name}{filler}diabetes"
    expected: list[Found] = []
    assert expected == found(text)


@given(
    words=st.lists(
        st.sampled_from(
            ["diabetes", "insulin", "kræft", "depression", "jens", "hansen", "har", "og", "i"]
        ),
        max_size=30,
    ),
    filler=quiet,
)
def test_text_without_capitals_digits_or_cues_yields_nothing(words: list[str], filler: str) -> None:
    """Without a capital, a digit or a cue word nothing reaches MEDIUM."""
    expected: list[Found] = []
    assert expected == found(f"{filler} {' '.join(words)} {filler}")


@given(text=st.text(max_size=200))
def test_any_text_gives_sane_detections(text: str) -> None:
    """On any text detections are health, ordered, inside the text and shapes of it."""
    detections = scan(text, min_confidence=LOW)
    for detection in detections:
        assert DetectionKind.HEALTH == detection.kind
        assert 0 <= detection.start < detection.end <= len(text)
        assert detection.end - detection.start == len(detection.masked)
    assert sorted(d.start for d in detections) == [d.start for d in detections]


# -- linear time ------------------------------------------------------------------


@pytest.mark.parametrize(
    "unit",
    [
        "Jens Hansen Ole Olsen ",
        "patienten ",
        "pt. ",
        "Pt. Hansen ",
        "fru Jensen ",
        "DI21.9 ",
        "diagnose I21.9 ",
        "A10BA02 ",
        "Anne-",
        "A",
        "Aaaaaaaaaa",
        "kræft",
        "0123456789",
    ],
)
@pytest.mark.parametrize("min_confidence", [LOW, MEDIUM])
def test_megabyte_scan_finishes(unit: str, min_confidence: Confidence) -> None:
    """A megabyte of one repeated pattern is scanned (linear time; no timing asserted)."""
    text = unit * (MEGABYTE // len(unit))
    detections = scan(text, min_confidence=min_confidence)
    assert all(detection.kind is DetectionKind.HEALTH for detection in detections)


def test_megabyte_of_names_and_terms_finishes() -> None:
    """A megabyte of names next to terms yields one detection per term."""
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
            (
                "Jens",
                "Hansen",
                "Anne-Marie",
                "Ørnulf",
                "pt.",
                "Pt",
                "PT",
                "hr",
                "Hr.",
                "fru",
                "FRU",
                "patienten",
                "Patient",
                "borgeren",
                "BORGER",
                "DI21.9",
                "E11",
                "N02BE",
                "B12",
                "F32",
                "diagnose",
                "diabetes",
                "Marevan",
                "hej",
                "I",
                "IT",
                "12",
                " ",
                "-",
                ".",
                "?",
                "\n",
                "\x01",
                "\x02",
                "ж",
                "a",
                "A",
                "0",
            )
        ),
        max_size=12,
    ).map(" ".join)
)
def test_quick_test_never_rules_out_an_identifier_or_code(text: str) -> None:
    """A text the quick test of a chat message rules out holds nothing the passes find."""
    assert quick_test_agrees(text)


@given(st.text(alphabet=st.sampled_from("aptrhfuboegnADPBHF0129 .-\x01\x02æÆ"), max_size=40))
def test_quick_test_never_rules_out_anything_in_odd_text(text: str) -> None:
    """The same, over short strings of the characters that matter to the test."""
    assert quick_test_agrees(text)


def quick_test_agrees(text: str) -> bool:
    """Tell whether the quick test passes ``text`` when the passes find something in it."""
    # The private parts are what is tested: the shortcut must agree with the passes.
    shaped = ShapedText(text)
    scan_ = health_module._Scan(shaped, ())  # noqa: SLF001
    scan_.find_identifiers()
    if not (scan_.identifiers or scan_.code_starts):
        return True
    return health_module._may_hold_evidence(shaped.data)  # noqa: SLF001
