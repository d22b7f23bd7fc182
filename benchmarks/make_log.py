"""A seeded, realistic meeting log: a region's year of online meetings, in miniature.

Run ``python benchmarks/make_log.py OUT.jsonl [--records N] [--seed S]`` (a
``.json`` name writes one JSON array instead). The same seed gives the same
bytes. Like ``chat_text.py``, which writes its chat, this module imports nothing
of the package, so it can make logs for older commits too.

The mix is what a region's log holds, by the guideline's own picture: mostly
video consultations on MinSP, then Meet, a few by SMS video and some on Teams;
internal meetings on Teams; patient conferences on Teams; advisory contacts
under the 72-hour scheme by phone or video; group sessions and interpreting on
Meet; the odd live event. Each record has 2-8 participants with roles,
organisations, clients and, for patients, how their identity was checked. A
quarter of the meetings have chat, nearly all of it clean, with a CPR number or
a health statement in a few lines; some have invitations, declared shares, a
recording; a few hold waivers. One record in a hundred (``INVALID_SHARE``) is
spoilt on purpose in one of the ways real exports go wrong (``SPOILERS``); each
spoilt record's id ends in ``-x`` so tests can tell them apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import chat_text  # the sibling module: run as python benchmarks/make_log.py

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

__all__ = ["INVALID_SHARE", "SEED", "SPOILERS", "records", "write_log"]

SEED = 20261207
INVALID_SHARE = 0.01
"""The share of records spoilt on purpose."""
YEAR_START = dt.datetime(2026, 1, 1, 7, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))

Record = dict[str, Any]

KINDS = (
    ("video_consultation", 50),
    ("internal_meeting", 22),
    ("patient_conference", 8),
    ("advisory_72h", 7),
    ("group_session", 6),
    ("interpreting", 5),
    ("live_event", 2),
)
"""Kinds of meeting and their weights."""
PLATFORMS = {
    "video_consultation": (
        ("minsp", 64),
        ("meet", 23),
        ("sms_video", 8),
        ("teams", 4),
        ("zoom", 1),
    ),
    "internal_meeting": (("teams", 85), ("meet", 10), ("zoom", 4), ("other", 1)),
    "patient_conference": (("teams", 92), ("meet", 8)),
    "advisory_72h": (("phone", 60), ("meet", 25), ("sms_video", 12), ("teams", 3)),
    "group_session": (("meet", 75), ("minsp", 15), ("teams", 10)),
    "interpreting": (("meet", 80), ("minsp", 15), ("teams", 5)),
    "live_event": (("teams", 100),),
}
"""Platforms by kind, with their weights."""
PREFIXES = {
    "video_consultation": "vk",
    "internal_meeting": "um",
    "patient_conference": "pk",
    "advisory_72h": "ad",
    "group_session": "gs",
    "interpreting": "ti",
    "live_event": "le",
}
DEPARTMENTS = (
    "RH-Kardiologi",
    "RH-Onkologi",
    "RH-Neurologi",
    "HGH-Medicin",
    "HGH-Akut",
    "BFH-Ortopædkirurgi",
    "BFH-Geriatri",
    "NOH-Psykiatri",
    "AHH-Lungemedicin",
    "BOH-Børn og Unge",
)
CLINICIANS = ("doctor", "doctor", "health_staff")
BROWSERS = (("chrome", 50), ("edge", 45), ("safari", 3), ("firefox", 2))
SUBJECTS = (
    "Videokonsultation",
    "Tavlemøde",
    "MDT-konference",
    "Opfølgning",
    "Afdelingsmøde",
    "Undervisning",
    "Kontrol",
)
"""Invitation subjects: no personal data."""
REASONS = (
    "patienten har ikke MitID; aftalt med afdelingsledelsen",
    "ekstern deltager uden adgang til MinSP",
    "kriterier under udarbejdelse",
)


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([name for name, _ in choices], [weight for _, weight in choices])[0]


def _when(rng: random.Random) -> tuple[str, str, dt.datetime]:
    """Draw a start and end in working hours of 2026: both as RFC 3339 text, and the start."""
    day = YEAR_START + dt.timedelta(days=rng.randrange(365), minutes=15 * rng.randrange(40))
    end = day + dt.timedelta(minutes=rng.choice((10, 15, 20, 30, 45, 60)))
    text = day.isoformat() if rng.random() < 0.9 else day.astimezone(dt.timezone.utc).isoformat()
    return text.replace("+00:00", "Z"), end.isoformat(), day


def _client(rng: random.Random, platform: str, *, clinician: bool) -> dict[str, Any]:
    if platform == "minsp":
        app = "pexip" if clinician and rng.random() < 0.97 else "minsp_app"
        if not clinician and rng.random() < 0.2:
            app = "browser"
    elif platform == "teams":
        app = "teams" if rng.random() < 0.8 else "browser"
    elif platform == "phone":
        app = "phone"
    else:
        app = "browser" if rng.random() < 0.85 else "video_endpoint"
    client: dict[str, Any] = {"app": app}
    if app == "browser":
        client["browser"] = _weighted(rng, BROWSERS)
        if clinician and rng.random() < 0.05:
            client["virtual_workplace"] = True
    return client


def _roles(rng: random.Random, kind: str, platform: str) -> list[str]:
    """2-8 roles fitting the kind of meeting; the first organises."""
    if kind == "video_consultation":
        others = ("relative",) if platform == "sms_video" else ("relative", "interpreter", "doctor")
        return [rng.choice(CLINICIANS), "patient", *rng.choices(others, k=rng.choice((0, 0, 1, 2)))]
    if kind == "advisory_72h":
        return ["doctor", "health_staff" if rng.random() < 0.97 else "relative"]
    if kind == "interpreting":
        return [rng.choice(CLINICIANS), "interpreter", "patient"]
    if kind == "group_session":
        return ["health_staff", *["patient"] * rng.randrange(3, 8)]
    if kind == "patient_conference":
        colleagues = ("doctor", "health_staff", "external_health_staff")
        return ["doctor", *rng.choices(colleagues, (5, 4, 1), k=rng.randrange(2, 8))]
    # internal meetings and live events
    return rng.choices(("doctor", "health_staff", "staff"), (3, 4, 2), k=rng.randrange(2, 9))


def _organisation(rng: random.Random, role: str, *, caller: bool) -> str | None:
    if caller:  # the advisory scheme's caller: a municipal or GP health professional
        return rng.choice(("municipality", "general_practice"))
    if role in {"doctor", "health_staff", "staff"}:
        return "region"
    if role == "external_health_staff":
        return rng.choice(("municipality", "general_practice", "other_region"))
    if role == "interpreter":
        return "private"
    return None


def _participants(rng: random.Random, kind: str, platform: str) -> list[dict[str, Any]]:
    """Draw the participants, with organisations, clients and patients' identities."""
    people = []
    for number, role in enumerate(_roles(rng, kind, platform), start=1):
        person: dict[str, Any] = {"id": f"p{number}", "role": role}
        caller = kind == "advisory_72h" and number == 2 and role == "health_staff"
        organisation = _organisation(rng, role, caller=caller)
        if organisation is not None:
            person["organisation"] = organisation
        if number == 1:
            person["organiser"] = True
        if role == "patient":
            person["identity"] = rng.choices(
                ("mitid", "visual", "display_name", "none"), (80, 12, 6, 2)
            )[0]
            if platform == "minsp":
                person["minsp_active"] = rng.random() < 0.97
            if rng.random() < 0.02:
                person["in_person"] = True
        if platform == "phone":
            if rng.random() < 0.5:
                person["client"] = {"app": "phone"}
        elif rng.random() < 0.8:
            clinician = role not in {"patient", "relative"}
            person["client"] = _client(rng, platform, clinician=clinician)
        people.append(person)
    return people


def _chat(rng: random.Random, people: list[dict[str, Any]], start: dt.datetime) -> list[Record]:
    """1-8 chat messages; a few lines hold a CPR number or a health statement."""
    lines = chat_text.chat_lines(rng, rng.randrange(20, 320), cpr_share=0.01, health_share=0.015)
    messages = []
    for offset, text in enumerate(lines[:8]):
        message: Record = {"sender": rng.choice(people)["id"], "text": text}
        if rng.random() < 0.7:
            message["sent_at"] = (start + dt.timedelta(minutes=offset)).isoformat()
        messages.append(message)
    return messages


def _platform_settings(rng: random.Random, record: Record, kind: str, platform: str) -> None:
    if platform == "meet":
        room: Record = {
            "type": "fixed" if kind == "internal_meeting" and rng.random() < 0.5 else "unique",
            "url": f"https://meet.regionh.dk/{rng.getrandbits(32):08x}",
        }
        if rng.random() < 0.95:
            room["booked_via"] = "bookingportal" if rng.random() < 0.8 else "cimt_service"
        record["room"] = room
    elif platform == "sms_video":
        record["room"] = {"type": "unique", "guest_pin": rng.random() < 0.8}
        text = "Du har en videokonsultation kl. {hour}:00. Tryk på linket for at deltage."
        if rng.random() < 0.02:
            text += f" Vedr. {chat_text.cpr_number(rng)}"
        record["sms_text"] = text.format(hour=rng.randrange(8, 16))
    elif platform == "teams":
        teams: Record = {"tenant": "regional" if rng.random() < 0.95 else "external"}
        if kind in {"patient_conference", "live_event"} or rng.random() < 0.3:
            teams["lobby_bypass"] = rng.choice(("organiser", "invited", "organisation"))
            teams["anonymous_join"] = rng.random() < 0.05
        if kind == "live_event":
            teams["desktop_licence"] = rng.random() < 0.9
        record["teams"] = teams


def _extras(rng: random.Random, record: Record, kind: str, start: dt.datetime) -> None:
    """Chat, invitation, shares, recording, advisory details and waivers, each now and then."""
    people = record["participants"]
    if rng.random() < 0.25:
        record["chat"] = _chat(rng, people, start)
    if record["platform"] in {"teams", "meet"} and rng.random() < 0.3:
        invitation: Record = {"subject": rng.choice(SUBJECTS), "forwardable": rng.random() < 0.3}
        if rng.random() < 0.3:
            invitation["body"] = " ".join(chat_text.chat_lines(rng, 120, cpr_share=0.005))
        record["invitation"] = invitation
    if kind in {"patient_conference", "video_consultation"} and rng.random() < 0.4:
        record["shares"] = [
            {"category": "health", "channel": rng.choice(("audio_video", "screen"))}
        ]
    if rng.random() < 0.03:
        recording: Record = {"video": True, "audio": True}
        if rng.random() < 0.7:
            recording["basis"] = rng.choice(("consent", "necessity"))
        record["recording"] = recording
    if kind == "advisory_72h":
        discharged = start - dt.timedelta(hours=rng.randrange(2, 72 if rng.random() < 0.97 else 96))
        record["advisory"] = {
            "discharged_at": discharged.isoformat(),
            "admitted_hours": rng.randrange(4, 240),
            "adult": rng.random() < 0.95,
            "somatic": rng.random() < 0.9,
            "destination": rng.choice(
                ("temporary_municipal_bed", "nursing_home", "home_nursing", "municipal_residence")
            ),
            "caller": "p2",
            "discharging_department": record.get("department", "HGH-Medicin"),
            "callee_department": record.get("department", "HGH-Medicin")
            if rng.random() < 0.97
            else "HGH-Akut",
            "mode": "phone" if record["platform"] == "phone" else "video",
        }
    if rng.random() < 0.005:
        record["waivers"] = [
            {
                "rule": rng.choice(("OC102", "no-local-criteria", "OC501")),
                "reason": rng.choice(REASONS),
                "approved_by": "afdelingsledelse",
                "expires": f"2027-0{rng.randrange(1, 10)}-01",
            }
        ]


def meeting(rng: random.Random, number: int) -> Record:
    """Draw one valid meeting record; ``number`` makes its id unique in the log."""
    kind = _weighted(rng, KINDS)
    platform = _weighted(rng, PLATFORMS[kind])
    start_text, end_text, start = _when(rng)
    record: Record = {
        "id": f"{PREFIXES[kind]}-2026-{number:07d}",
        "kind": kind,
        "platform": platform,
    }
    if rng.random() < 0.92:
        record["department"] = rng.choice(DEPARTMENTS)
    record["start"] = start_text
    if rng.random() < 0.8:
        record["end"] = end_text
    if kind == "video_consultation":
        if platform != "minsp" and rng.random() < 0.85:
            record["minsp_fallback"] = rng.choice(
                ("patient_not_on_minsp", "no_digital_id", "third_party_participants")
            )
        record["visual_contact_needed"] = rng.random() < 0.97
        record["documented_in_sp"] = rng.random() < 0.95
    elif kind == "patient_conference":
        record["documented_in_sp"] = rng.random() < 0.95
    _platform_settings(rng, record, kind, platform)
    record["participants"] = _participants(rng, kind, platform)
    _extras(rng, record, kind, start)
    return record


def _unknown_field(_rng: random.Random, record: Record) -> None:
    record["notes"] = "eksporteret fra bookingsystemet"


def _misspelt_role(_rng: random.Random, record: Record) -> None:
    record["participants"][-1]["role"] = "docter"


def _number_as_text(rng: random.Random, record: Record) -> None:
    record["visual_contact_needed"] = rng.choice(("ja", "yes", "1"))


def _no_kind(_rng: random.Random, record: Record) -> None:
    del record["kind"]


def _naive_start(_rng: random.Random, record: Record) -> None:
    record["start"] = record["start"][:19]


def _repeated_participant(_rng: random.Random, record: Record) -> None:
    record["participants"].append(dict(record["participants"][0]))


SPOILERS: tuple[Callable[[random.Random, Record], None], ...] = (
    _unknown_field,
    _misspelt_role,
    _number_as_text,
    _no_kind,
    _naive_start,
    _repeated_participant,
)
"""How a record is spoilt: each leaves valid JSON that the record format rejects."""


def records(count: int, seed: int = SEED) -> Iterator[Record]:
    """Yield ``count`` records, the same for the same seed; ``INVALID_SHARE`` of them spoilt."""
    rng = random.Random(seed)
    block = round(1 / INVALID_SHARE)
    spoilt = -1
    for number in range(count):
        if number % block == 0:  # one record in each block of a hundred, anywhere in it
            spoilt = number + rng.randrange(block)
        record = meeting(rng, number)
        if number == spoilt:
            record["id"] += "-x"
            rng.choice(SPOILERS)(rng, record)
        yield record


def write_log(path: Path, count: int, seed: int = SEED) -> int:
    """Write ``count`` records to ``path``: JSON lines, or a JSON array for ``.json``.

    Return the number of bytes written.
    """
    array = path.suffix == ".json"
    with path.open("w", encoding="utf-8", newline="\n") as log:
        if array:
            log.write("[\n")
        for number, record in enumerate(records(count, seed)):
            text = json.dumps(record, ensure_ascii=False)
            if array:
                log.write(",\n" if number else "")
                log.write(text)
            else:
                log.write(text + "\n")
        if array:
            log.write("\n]\n")
    return path.stat().st_size


def main() -> int:
    """Write the log named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("output", type=Path, help="a .jsonl file, or .json for one array")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    size = write_log(args.output, args.records, args.seed)
    print(f"{args.records:,} records, {size / 1e6:,.1f} MB: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
