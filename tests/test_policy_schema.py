"""The policy file's JSON Schema: current, valid, and in agreement with the reader.

Editors validate TOML against the schema as JSON, with TOML dates as strings;
:func:`as_json` does the same before validating here.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.load.schema import render
from onlinecompliance.policy import read_policy_text
from onlinecompliance.policy.schema import policy_schema

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover (Python 3.10)
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schemas" / "policy.schema.json"
VALIDATOR = jsonschema.Draft202012Validator(
    policy_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
EXAMPLES = [
    ROOT / "examples" / "onlinecompliance.toml",
    *sorted((ROOT / "tests" / "data" / "policy_cases").glob("[!e]*/*.toml")),
]
"""The example policy and the held-out cases' valid policies (error cases start with e)."""


def as_json(value: object) -> object:
    """Return TOML data as JSON data: dates as ISO strings, as TOML schema tools see them."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def policy_table(path: Path) -> dict[str, Any]:
    """Return the policy in a file: the whole file, or pyproject's [tool.onlinecompliance]."""
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    if path.name == "pyproject.toml":
        policy: dict[str, Any] = document["tool"]["onlinecompliance"]
        return policy
    return document


def test_committed_schema_is_current() -> None:
    """schemas/policy.schema.json is exactly what the generator writes today."""
    committed = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
    assert committed == render(policy_schema()), (
        "schemas/policy.schema.json is stale; run `python scripts/generate.py`"
    )


def test_schema_is_valid_draft_2020_12() -> None:
    """The schema itself conforms to the draft 2020-12 metaschema."""
    jsonschema.Draft202012Validator.check_schema(policy_schema())


@pytest.mark.parametrize("path", EXAMPLES, ids=[str(path.relative_to(ROOT)) for path in EXAMPLES])
def test_every_example_policy_validates_and_loads(path: Path) -> None:
    """Each shipped and held-out policy file validates against the schema and loads."""
    VALIDATOR.validate(as_json(policy_table(path)))
    oc.load_policy(path)


def test_examples_are_found() -> None:
    """The parametrised test above has the example policy and held-out policies to read."""
    assert len(EXAMPLES) > 10


VALID: dict[str, Any] = {
    "ignore": ["OC109"],
    "fail-on": "warning",
    "today": "2026-12-06",
    "severity": {"OC405": "warning"},
    "criteria": [{"department": "RH-*", "platforms": ["minsp"], "max-participants": 4}],
    "waivers": [{"rule": "OC406", "records": "vk-*", "reason": "r", "expires": "2027-01-31"}],
}

CORRUPTIONS: dict[str, tuple[str, object]] = {
    "unknown key": ("ignor", ["OC109"]),
    "snake-case key": ("fail_on", "warning"),
    "unknown severity": ("fail-on", "warnin"),
    "string for array": ("ignore", "OC109"),
    "number for string in array": ("meet-hosts", [3]),
    "unknown confidence": ("min-confidence", "certain"),
    "date-time for date": ("today", "2026-12-06T10:00:00Z"),
    "unknown browser": ("recommended-browsers", ["netscape"]),
    "severity not a table": ("severity", "warning"),
    "unknown severity value": ("severity", {"OC405": "loud"}),
    "criteria without department": ("criteria", [{"platforms": ["minsp"]}]),
    "criteria unknown key": ("criteria", [{"department": "x", "identites": ["mitid"]}]),
    "criteria float participants": ("criteria", [{"department": "x", "max-participants": 4.5}]),
    "criteria unknown platform": ("criteria", [{"department": "x", "platforms": ["skype"]}]),
    "waiver without reason": ("waivers", [{"rule": "OC406", "records": "x"}]),
    "waiver unknown key": ("waivers", [{"rule": "OC406", "reason": "r", "record": "x"}]),
}
"""Changes to :data:`VALID` that the schema can see, by what they break."""


def toml_value(value: object) -> str:
    """Write a JSON value as TOML (dates stay strings: the reader must refuse a wrong type)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f'"{key}" = {toml_value(item)}' for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value + '"'
    return str(value)


def toml_policy(data: dict[str, Any]) -> str:
    """Write a flat policy as TOML, with the dates TOML would write as dates."""
    lines = []
    for key, value in data.items():
        if key == "today" and isinstance(value, str) and len(value) == 10:
            lines.append(f"{key} = {value}")
        elif key == "waivers" and isinstance(value, list):
            items = [
                {**item, "expires": datetime.date.fromisoformat(item["expires"])}
                if isinstance(item, dict) and "expires" in item
                else item
                for item in value
            ]
            lines.append(f"{key} = [" + ", ".join(map(_inline, items)) + "]")
        else:
            lines.append(f'"{key}" = {toml_value(value)}')
    return "\n".join(lines) + "\n"


def _inline(item: object) -> str:
    if not isinstance(item, dict):
        return toml_value(item)
    parts = [
        f'"{key}" = {value.isoformat() if isinstance(value, datetime.date) else toml_value(value)}'
        for key, value in item.items()
    ]
    return "{" + ", ".join(parts) + "}"


def test_valid_policy_is_valid_to_schema_and_reader() -> None:
    """The base of the corruptions validates and reads."""
    VALIDATOR.validate(VALID)
    read_policy_text(toml_policy(VALID), "policy.toml").build()


@pytest.mark.parametrize(("key", "value"), CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_schema_and_reader_both_reject(key: str, value: object) -> None:
    """A corruption the schema can see is refused by both the schema and the reader."""
    data = {**VALID, key: value}
    assert not VALIDATOR.is_valid(data)
    with pytest.raises(oc.InvalidPolicy):
        read_policy_text(toml_policy(data), "policy.toml")


@given(
    st.sampled_from(sorted(VALID)),
    st.one_of(st.integers(), st.booleans(), st.text(max_size=5), st.just({"x": 1})),
)
def test_any_wrong_type_is_refused_by_both(key: str, value: object) -> None:
    """Replacing a key's value with one of another type fails both, whatever the value."""
    if isinstance(value, type(VALID[key])) and not isinstance(value, bool):
        return  # the same JSON type: not a type corruption
    data = {**VALID, key: value}
    assert not VALIDATOR.is_valid(data)
    with pytest.raises(oc.InvalidPolicy):
        read_policy_text(toml_policy(data), "policy.toml")
