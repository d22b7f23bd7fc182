"""Deterministic Danish hospital-style chat text for the benchmarks.

Ordinary lines; times, dates, phone, order and requisition numbers; CPR numbers
in their common written forms; health statements about named patients;
e-mail addresses. It imports nothing of the package, so a benchmark can run
it against any version of the package.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import random

__all__ = ["CPR_FORMS", "chat_lines", "cpr_number", "health_line"]

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


def health_line(rng: random.Random) -> str:
    """Draw a health statement about a named patient."""
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
            line = health_line(rng)
        elif (draw := draw - health_share) < NUMBER_SHARE:
            line = _number_line(rng)
        elif draw - NUMBER_SHARE < EMAIL_SHARE:
            line = _email_line(rng)
        else:
            line = rng.choice(GREETINGS)
        lines.append(line)
        length += len(line) + 1
    return lines
