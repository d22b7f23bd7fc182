"""No personal data from any export reaches any output, converted record or message.

The fixtures of every export format (``tests/data/exports/<format>/``) and the
shipped examples hold names, e-mail addresses, user principal names, aliases,
phone numbers, IP addresses and CPR numbers. Each is read with ``--from`` and
written in every output format and by ``convert``; none of those values may
appear anywhere in what the command line writes, except chat text inside a
converted record, which is the record's own content.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from onlinecompliance.cli import main
from onlinecompliance.report import REPORTERS
from onlinecompliance.sources.exports import FORMATS

DATA = Path(__file__).parent / "data" / "exports"
PERSONAL_KEYS = frozenset(
    {
        "displayname",
        "display_name",
        "email",
        "emailaddress",
        "mail",
        "userprincipalname",
        "upn",
        "remote_alias",
        "source_alias",
        "destination_alias",
        "remote_address",
        "ipaddress",
        "address",
        "phone",
        "phonenumber",
        "given",
        "family",
        "organizedbyemail",
        "organizedby",
        "subject",
        "description",
    }
)
"""Fields that hold a person's name, address or words in the formats' documents."""
_CPR = re.compile(r"\b\d{6}-?\d{4}\b")
_MEANINGFUL = re.compile(r"[A-Za-zÆØÅæøå@.:]")


EXAMPLES = Path(__file__).parent.parent / "examples" / "exports"


def _fixtures() -> list[tuple[str, Path]]:
    """Each fixture by its folder's format, and each example by the format its name begins with."""
    fixtures = [
        (folder.name, path)
        for folder in sorted(DATA.iterdir())
        if folder.is_dir() and folder.name in FORMATS
        for path in sorted(folder.iterdir())
        if path.suffix in {".json", ".jsonl"}
    ]
    for path in sorted(EXAMPLES.iterdir()):
        formats = [name for name in FORMATS if path.stem.startswith(name)]
        if formats:
            fixtures.append((max(formats, key=len), path))
    return fixtures


def personal_values(path: Path) -> set[str]:
    """Every string under a personal key, and every CPR-shaped number, in an export file."""
    text = path.read_text(encoding="utf-8")
    values = (
        [json.loads(line) for line in text.splitlines() if line.strip()]
        if (path.suffix == ".jsonl")
        else [json.loads(text)]
    )
    found: set[str] = set(_CPR.findall(text))
    for value in values:
        found |= set(_strings_under_personal_keys(value, personal=False))
    return {value for value in found if len(value) >= 6 and _MEANINGFUL.search(value)} | {
        number for number in found if _CPR.fullmatch(number)
    }


def _without_chat_text(line: str) -> str:
    """Return a converted record without its chat text.

    Chat text is the one text a record carries, for the scanner to check; no output
    ever prints it (``tests/test_privacy.py``).
    """
    record = json.loads(line)
    for message in record.get("chat", []):
        message["text"] = ""
    return json.dumps(record, ensure_ascii=False)


def _strings_under_personal_keys(value: object, *, personal: bool) -> list[str]:
    if isinstance(value, dict):
        return [
            found
            for key, item in value.items()
            for found in _strings_under_personal_keys(
                item, personal=personal or str(key).casefold() in PERSONAL_KEYS
            )
        ]
    if isinstance(value, list):
        return [
            found
            for item in value
            for found in _strings_under_personal_keys(item, personal=personal)
        ]
    return [value.strip()] if personal and isinstance(value, str) and value.strip() else []


@pytest.mark.parametrize(("export", "path"), _fixtures(), ids=str)
def test_no_personal_value_of_an_export_is_written(
    export: str, path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secrets = personal_values(path)
    written: list[str] = []
    for name in REPORTERS:
        main(["check", "--isolated", "--from", export, "--format", name, str(path)])
        captured = capsys.readouterr()
        written += [captured.out, captured.err]
    converted = tmp_path / "records.jsonl"
    main(["convert", "--isolated", "--from", export, str(path), "--output", str(converted)])
    written += [capsys.readouterr().err]
    if converted.exists():
        written += [_without_chat_text(line) for line in converted.read_text("utf-8").splitlines()]
    everything = "\n".join(written)
    leaked = sorted(secret for secret in secrets if secret in everything)
    assert not leaked


def test_the_fixtures_hold_personal_data_to_find() -> None:
    """The test above bites: every format's fixtures hold values it must not find."""
    for export in {name for name, _ in _fixtures()}:
        assert any(personal_values(path) for name, path in _fixtures() if name == export), export
