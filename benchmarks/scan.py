r"""Measure the sensitive-data scanner's throughput against a floor and against Presidio.

Run ``python benchmarks/scan.py [--size-mb N] [--seed S] [--repeats R]`` with the
package importable (``pip install -e .`` or ``PYTHONPATH=src``). The script
generates deterministic Danish hospital-style chat text (ordinary lines; times,
dates, phone, order and requisition numbers; CPR numbers in every written form;
health statements about named patients; e-mail addresses) and times, best of
``R`` repeats, over the same text:

* the floor: counting ``re.finditer(r"\d{10}", text)``, a pass that does nothing
  but look at every character once;
* the CPR detector alone (:func:`onlinecompliance.scan.cpr.find_cpr_numbers`);
* the scanner's own floor: shaping the text and running every whole-text
  search the three detectors make, without any of the work on what they find
  (confirming candidates, context words, building detections). No scanner of
  this design can be faster than this pass;
* :func:`onlinecompliance.scan_text` over the whole text at once;
* :func:`onlinecompliance.scan_text` line by line, as chat messages are scanned;
* when ``presidio_analyzer`` is installed, Presidio's ``PatternRecognizer`` with
  an equivalent CPR pattern and ``stdnum.dk.cpr.is_valid`` as its validator
  (``pip install -e .[bench]``); otherwise it says it was skipped.

It prints MB/s for each (1 MB = 2**20 bytes of UTF-8), the cost of each in floor
units (time divided by the floor's time, lower is better), the scanner/Presidio
speed ratio, and, in a separate untimed pass, the peak memory ``tracemalloc``
sees while ``scan_text`` runs. ``--cpr-share`` and ``--health-share`` set how
many lines hold a CPR number or a health statement (3 % each by default, far
more than real chat; 0.3 % each is closer to it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib.util
import random
import re
import sys
import time
import tracemalloc
from typing import TYPE_CHECKING

from onlinecompliance import Policy, scan_text
from onlinecompliance.scan import cpr, health, personal
from onlinecompliance.scan.cpr import find_cpr_numbers
from onlinecompliance.scan.shaping import ShapedText

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

MEGABYTE = 1 << 20
TODAY = dt.date(2026, 11, 26)
"""The reference date for birth dates, fixed so that every run sees the same text."""
FLOOR = re.compile(r"\d{10}")
PRESIDIO_CPR = r"\b\d{6}[-\u2013 ]?\d{4}\b"
"""Presidio's pattern for the CPR number, as close to the scanner's forms as a regex gets."""

GREETINGS = (
    "Hej alle sammen",
    "Godmorgen",
    "Tak for i dag",
    "Vi ses på torsdag",
    "Kan I høre mig?",
    "Lyden falder ud, jeg prøver at logge på igen",
    "Jeg deler skærmen nu",
    "Er der nogen der har linket til mødet?",
    "Jeg er lige på vej, to minutter",
    "Super, det lyder godt",
    "Kan vi tage det efter konferencen?",
    "Jeg har sendt materialet rundt på mail",
    "Husk at slå mikrofonen fra når I ikke taler",
    "Billedet fryser hos mig",
    "Vi mangler stadig en fra afsnit B3",
    "Stuegangen er rykket, vi starter lidt senere",
    "Overlægen kommer om lidt",
    "Jeg skriver referatet i dag",
    "Har alle fået dagsordenen?",
    "Det er fint med mig",
    "ok",
    "Tak!",
    "Jeg har talt med sygeplejersken, hun ringer tilbage efter frokost",
    "Kan vi nå at tage punkt 3 på dagsordenen inden vi slutter?",
    "Husk at opdatere vagtplanen for næste uge, der mangler stadig to navne",
    "Teams driller igen, jeg prøver at genstarte computeren og kommer ind igen",
    "Jeg sender et nyt link til videokonsultationen om fem minutter",
    "Har nogen hørt fra IT om printeren på afsnittet? Den virker stadig ikke",
    "Vi holder tavlemøde i morgen tidlig, det bliver kort",
    "Konferencen er flyttet til det store lokale på tredje sal",
    "Jeg kan ikke se jeres skærm, kan du dele den igen?",
    "Sekretæren har booket tolken til på mandag",
    "Er der nogen der kan tage telefonen på gangen mens jeg er til møde?",
    "Vi mangler stadig svar fra røntgen, jeg rykker dem igen efter frokost",
    "Godt arbejde i dag alle sammen, og god weekend",
    "Jeg logger af nu, skriv hvis der er noget",
    "Mødet med pårørende er aflyst, de ringer og finder en ny tid",
    "Lægen er forsinket, hun er stadig på stuegang på medicinsk afsnit",
    "Kan nogen dække min vagt på onsdag? Jeg skal til kursus hele dagen",
    "Husk at videokonsultationer skal foregå i et lukket rum",
)
"""Ordinary chat lines: no numbers, no names, no health data."""

NUMBER_LINES = (
    "Mødet starter kl. {hour:02d}:{minute:02d}",
    "Næste møde er d. {day}.{month}.{year4}",
    "Vi flytter konferencen til {day}/{month}",
    "Ring på tlf. {phone8}",
    "Mit nummer er +45 {phone_spaced}",
    "Ordre {order} er afsendt",
    "Rekv. nr. {year4}-{order}",
    "Faktura {invoice} er betalt",
    "Lokale {floor}.{room}.{seat} er booket fra {hour:02d}:{minute:02d}",
    "EAN {ean}",
    "Batch {ten} er frigivet",
    "Sagsnr. {year4}-{order}",
    "Vi er {people} deltagere i dag",
    "Konto {reg} {ten}",
)
"""Lines with times, dates, phone numbers and other numbers that are no CPR number."""

CPR_FORMS = (
    "CPR {number}",
    "cpr-nr.: {number}",
    "Pt. {number} er klar til samtalen",
    "Patienten ({number}) venter i lobbyen",
    "Personnummer {number}, bekræftet",
    "pers.nr. {number}",
    "Født {number}",
    "Kan du slå {number} op?",
    "Borger {number} har ringet",
    "{number}",
)
"""Lines holding a CPR number (the number's written form is drawn separately)."""

FIRST_NAMES = (
    "Jens",
    "Karen",
    "Søren",
    "Mette",
    "Niels",
    "Anne",
    "Bjørn",
    "Lærke",
    "Åse",
    "Peter",
)
LAST_NAMES = (
    "Hansen",
    "Jensen",
    "Nielsen",
    "Pedersen",
    "Sørensen",
    "Kristensen",
    "Møller",
    "Østergaard",
    "Ærø",
    "Larsen",
)
HEALTH_LINES = (
    "Pt. {name} har fået {medicine}",
    "Patienten {name} er kendt med {condition}",
    "Hr. {last} har {condition}, vi øger {medicine}",
    "Fru {last} er indlagt med {condition}",
    "{name} har diagnose {sks}",
    "Patienten har fået {medicine} i morges",
    "{name}: {condition}, ses igen om en uge",
)
"""Health statements about a named patient (and one about "patienten")."""
MEDICINES = ("Marevan", "Eliquis", "insulin", "Metformin", "Ventoline", "morfin", "Panodil")
CONDITIONS = ("diabetes", "KOL", "hjertesvigt", "atrieflimren", "depression", "lungebetændelse")
SKS_CODES = ("DI21.9", "DE11", "DJ44.1", "DI48", "DF32.1", "DC50")

EMAIL_LINES = (
    "Skriv til {user}@regionh.dk",
    "Send det til {user}@rh.regionh.dk, tak",
    "Min mail er {user}@gmail.com",
)
NUMBER_SHARE = 0.15
"""The share of lines with numbers that are no CPR number."""
EMAIL_SHARE = 0.01
"""The share of lines with an e-mail address."""
SEPARATORS = ("", "-", "-", "-", "\u2013", " ", "\u00a0")
"""Written forms of the CPR separator; the hyphen is the most common."""
WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def cpr_number(rng: random.Random) -> str:
    """Draw a CPR number of a person born 1930-2020, in one of its written forms.

    About half pass modulus 11, as numbers issued before 2007 do.
    """
    birth = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(365 * 90))
    if birth.year < 2000:
        century = rng.choice("0123")
    elif birth.year <= 2036:
        century = rng.choice("4956789")
    else:  # pragma: no cover - births are drawn before 2021
        century = rng.choice("5678")
    head = f"{birth.day:02d}{birth.month:02d}{birth.year % 100:02d}{century}"
    for _ in range(10 if rng.random() < 0.5 else 1):
        serial = f"{rng.randrange(1000):03d}"
        digits = head + serial
        if sum(w * int(d) for w, d in zip(WEIGHTS, digits, strict=True)) % 11 == 0:
            break
    return f"{digits[:6]}{rng.choice(SEPARATORS)}{digits[6:]}"


def _number_line(rng: random.Random) -> str:
    phone = f"{rng.randrange(20_000_000, 99_999_999)}"
    return rng.choice(NUMBER_LINES).format(
        hour=rng.randrange(7, 18),
        minute=rng.choice((0, 15, 30, 45)),
        day=rng.randrange(1, 29),
        month=rng.randrange(1, 13),
        year4=rng.randrange(2019, 2027),
        phone8=phone,
        phone_spaced=" ".join(phone[i : i + 2] for i in range(0, 8, 2)),
        order=rng.randrange(100_000, 9_999_999),
        invoice=rng.randrange(10**9, 10**10),
        floor=rng.randrange(1, 9),
        room=rng.randrange(1, 40),
        seat=rng.randrange(1, 20),
        ean=rng.randrange(5_700_000_000_000, 5_799_999_999_999),
        ten=f"{rng.randrange(10**10):010d}",
        reg=rng.randrange(1000, 9999),
        people=rng.randrange(2, 30),
    )


def _health_line(rng: random.Random) -> str:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return rng.choice(HEALTH_LINES).format(
        name=f"{first} {last}",
        last=last,
        medicine=rng.choice(MEDICINES),
        condition=rng.choice(CONDITIONS),
        sks=rng.choice(SKS_CODES),
    )


def _email_line(rng: random.Random) -> str:
    user = f"{rng.choice(FIRST_NAMES).lower()}.{rng.choice(LAST_NAMES).lower()}"
    user = user.replace("ø", "oe").replace("æ", "ae").replace("å", "aa")
    return rng.choice(EMAIL_LINES).format(user=user)


def chat_lines(
    rng: random.Random, size: int, *, cpr_share: float = 0.03, health_share: float = 0.03
) -> list[str]:
    """Draw chat lines until they hold ``size`` characters (newlines counted).

    A line holds a CPR number with probability ``cpr_share``, a health statement
    with ``health_share``, other numbers with 15 % and an e-mail address with
    1 %; the rest are ordinary lines.
    """
    lines: list[str] = []
    length = 0
    while length < size:
        draw = rng.random()
        if draw < cpr_share:
            line = rng.choice(CPR_FORMS).format(number=cpr_number(rng))
        elif (draw := draw - cpr_share) < health_share:
            line = _health_line(rng)
        elif (draw := draw - health_share) < NUMBER_SHARE:
            line = _number_line(rng)
        elif draw - NUMBER_SHARE < EMAIL_SHARE:
            line = _email_line(rng)
        else:
            line = rng.choice(GREETINGS)
        lines.append(line)
        length += len(line) + 1
    return lines


def best_of(repeats: int, passes: Sequence[tuple[str, Callable[[], object]]]) -> dict[str, float]:
    """Return the shortest of ``repeats`` timings of each pass, in seconds, by name.

    The passes take turns within each repeat, so that a busy spell of the
    machine slows all of them alike rather than one.
    """
    best = dict.fromkeys((name for name, _ in passes), float("inf"))
    for _ in range(repeats):
        for name, run in passes:
            gc.collect()
            began = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - began)
    return best


def floor_pass(text: str) -> int:
    """Count the ten-digit runs in ``text``: the cheapest pass over every character."""
    return sum(1 for _ in FLOOR.finditer(text))


# The private patterns are what this pass measures: every whole-text search the
# detectors make, and nothing else.
SEARCHES = (
    cpr._SHAPED_CANDIDATE,  # noqa: SLF001
    health._PAIRS,  # noqa: SLF001
    health._CAPITAL_CUES,  # noqa: SLF001
    health._LOWER_CUES,  # noqa: SLF001
    *personal._SHAPES,  # noqa: SLF001
)
"""The whole-text searches of the three detectors, each over the text's shape."""


def searches_pass(text: str) -> int:
    """Shape ``text`` and count the hits of every whole-text search: the scanner's own floor."""
    shape = ShapedText(text).shape
    return sum(1 for search in SEARCHES for _ in search.finditer(shape)) + text.count("@")


def presidio_pass() -> Callable[[str], int] | None:
    """Build a Presidio CPR recognizer validated by python-stdnum, or None if absent.

    The recognizer is called directly, as ``analyze(text, entities, None)``: a
    pattern recognizer needs no NLP engine, so no spaCy model is loaded. Its
    matches are kept when ``stdnum.dk.cpr.is_valid`` accepts them, as Presidio's
    own ``validate_result`` hook would do.
    """
    if importlib.util.find_spec("presidio_analyzer") is None:
        return None
    # The ignore covers environments without the optional package; with it, it is unused.
    from presidio_analyzer import (  # type: ignore[import-not-found, unused-ignore]  # noqa: PLC0415
        Pattern,
        PatternRecognizer,
    )
    from stdnum.dk import cpr as stdnum_cpr  # noqa: PLC0415 (only with presidio)

    recognizer = PatternRecognizer(
        supported_entity="DK_CPR",
        patterns=[Pattern("cpr", PRESIDIO_CPR, 0.5)],
        context=["cpr", "personnummer"],
    )

    def run(text: str) -> int:
        results = recognizer.analyze(text, entities=["DK_CPR"], nlp_artifacts=None)
        return sum(1 for result in results if stdnum_cpr.is_valid(text[result.start : result.end]))

    return run


def peak_memory(run: Callable[[], object]) -> int:
    """Return the peak number of bytes ``tracemalloc`` sees allocated during ``run``."""
    gc.collect()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the text, time every pass over it, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=1.0, help="text size (default 1)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument("--repeats", type=int, default=7, help="best of this many (default 7)")
    parser.add_argument("--cpr-share", type=float, default=0.03, help="share of CPR lines")
    parser.add_argument(
        "--health-share", type=float, default=0.03, help="share of health-statement lines"
    )
    args = parser.parse_args(argv)

    lines = chat_lines(
        random.Random(args.seed),
        int(args.size_mb * MEGABYTE),
        cpr_share=args.cpr_share,
        health_share=args.health_share,
    )
    text = "\n".join(lines)
    megabytes = len(text.encode()) / MEGABYTE
    policy = Policy(today=TODAY)

    def whole() -> int:
        return len(scan_text(text, policy=policy))

    def per_line() -> int:
        return sum(len(scan_text(line, policy=policy)) for line in lines)

    passes: list[tuple[str, Callable[[], int]]] = [
        ("floor re.finditer(\\d{10})", lambda: floor_pass(text)),
        ("cpr.find_cpr_numbers", lambda: sum(1 for _ in find_cpr_numbers(text, TODAY))),
        ("shape + searches, no checks", lambda: searches_pass(text)),
        ("scan_text, whole text", whole),
        ("scan_text, per line", per_line),
    ]
    presidio = presidio_pass()
    if presidio is not None:
        passes.append(("presidio PatternRecognizer", lambda: presidio(text)))

    print(
        f"text: {len(lines)} lines, {len(text)} characters, {megabytes:.2f} MB, seed {args.seed},"
        f" CPR lines {args.cpr_share:.1%}, health lines {args.health_share:.1%}"
    )
    print(f"best of {args.repeats}, the passes taking turns")
    print(f"{'pass':<30} {'ms':>8} {'MB/s':>8} {'floor units':>12} {'found':>7}")
    found = {name: run() for name, run in passes}
    timings = best_of(args.repeats, passes)
    floor = timings[passes[0][0]]
    for name, seconds in timings.items():
        print(
            f"{name:<30} {seconds * 1000:8.2f} {megabytes / seconds:8.1f}"
            f" {seconds / floor:12.2f} {found[name]:7d}"
        )
    scanner = timings["scan_text, whole text"]
    print(f"scanner/floor throughput: {floor / scanner:.2f}x (target >= 1.0x)")
    if presidio is None:
        print("presidio: skipped (presidio_analyzer is not installed)")
    else:
        presidio_time = timings["presidio PatternRecognizer"]
        print(f"scanner/presidio throughput: {presidio_time / scanner:.2f}x (target >= 5x)")
        searches = timings["shape + searches, no checks"]
        print(f"searches alone/presidio throughput: {presidio_time / searches:.2f}x")
    peak = peak_memory(whole)
    print(f"peak memory of scan_text (tracemalloc, untimed): {peak / MEGABYTE:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
