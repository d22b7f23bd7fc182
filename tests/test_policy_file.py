"""Policy files: every key read into the policy, every error located, discovery, overrides."""

from __future__ import annotations

import datetime
import json
import os
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.cli import main
from onlinecompliance.load.converter import kebab_case
from onlinecompliance.model import Origin
from onlinecompliance.policy import (
    PolicySettings,
    find_policy_file,
    read_policy,
    read_policy_text,
)
from onlinecompliance.policy.document import CriteriaTable, PolicyDocument, WaiverTable
from strategies import TODAY, dates, optional

if TYPE_CHECKING:
    from pathlib import Path

NAME = "p.toml"
"""The name policy texts are read under in these tests."""

DOCUMENTED_POLICY = """\
select = ["OC1", "OC2", "OC403"]        # codes, names or prefixes; default: every rule
ignore = ["OC109"]
fail-on = "warning"                     # error | warning | info
min-confidence = "medium"               # low | medium | high, for text detections
today = 2026-12-06                      # reference date; default: the local date
recommended-browsers = ["chrome", "edge", "safari"]
meet-hosts = ["meet.regionh.dk"]

[severity]                              # per rule, by code or name
OC405 = "warning"

[[criteria]]                            # local criteria for video consultations
department = "RH-Kardio*"               # glob on the record's department, case kept
kinds = ["video_consultation"]          # each key left out allows anything
platforms = ["minsp", "meet"]
identities = ["mitid"]
max-participants = 4

[[waivers]]                             # same meaning as waivers inside records
rule = "OC406"
records = "vk-2026-*"                   # glob on record ids; and/or
departments = "RH-Akut*"                # glob on departments
reason = "Fixed rooms approved by the department's management"
approved-by = "Afdelingsledelsen"
expires = 2027-06-30
"""
"""The policy file of the specification (interfaces.md, "Policy file keys"), as written there."""

OC000_ANSWER = (
    "OC000 is not a rule: it reports a record that cannot be read, which is always "
    "reported and cannot be selected, ignored or waived"
)
GROUP_ON_TEAMS = {"id": "a", "kind": "group_session", "platform": "teams"}
"""Gives OC104 (warning)."""
PATIENT_ON_ZOOM = {
    "id": "c",
    "kind": "video_consultation",
    "platform": "zoom",
    "participants": [{"id": "p1", "role": "doctor"}, {"id": "p2", "role": "patient"}],
}
"""Gives OC101 (error) among others."""


def problems(text: str, table: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Return the problems reading ``text`` reports (none if it reads)."""
    try:
        read_policy_text(text, NAME, table)
    except oc.InvalidPolicy as invalid:
        return invalid.problems
    return ()


def located(found: tuple[str, ...]) -> list[tuple[str, str]]:
    """Return ``(file:line, key path)`` of each problem, leaving out the message."""
    return [(where, path) for where, path, *_ in (problem.split(": ", 2) for problem in found)]


def policy_fields(policy: oc.Policy) -> dict[str, Any]:
    """Return every field of a policy, mappings as plain dicts, to compare policies."""
    values = attrs.asdict(policy, recurse=False)
    values["severity"] = dict(policy.severity)
    return values


def write(folder: Path, name: str, text: str | bytes) -> Path:
    """Write a file (and its folders) under ``folder`` and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_documented_policy_file(tmp_path: Path) -> None:
    """Every key of the documented policy file is read into the policy value it names."""
    policy = oc.load_policy(write(tmp_path, "onlinecompliance.toml", DOCUMENTED_POLICY))
    expected = {
        "select": ("OC1", "OC2", "OC403"),
        "ignore": ("OC109",),
        "fail_on": oc.Severity.WARNING,
        "min_confidence": oc.Confidence.MEDIUM,
        "today": datetime.date(2026, 12, 6),
        "recommended_browsers": frozenset({oc.Browser.CHROME, oc.Browser.EDGE, oc.Browser.SAFARI}),
        "meet_hosts": frozenset({"meet.regionh.dk"}),
        "severity": {"OC405": oc.Severity.WARNING},
        "criteria": (
            oc.LocalCriteria(
                department="RH-Kardio*",
                kinds=frozenset({oc.Kind.VIDEO_CONSULTATION}),
                platforms=frozenset({oc.Platform.MINSP, oc.Platform.MEET}),
                identities=frozenset({oc.Identity.MITID}),
                max_participants=4,
            ),
        ),
        "waivers": (
            oc.PolicyWaiver(
                rule="OC406",
                records="vk-2026-*",
                departments="RH-Akut*",
                reason="Fixed rooms approved by the department's management",
                approved_by="Afdelingsledelsen",
                expires=datetime.date(2027, 6, 30),
            ),
        ),
    }
    assert expected == {name: policy_fields(policy)[name] for name in expected}


def test_documented_policy_file_origins(tmp_path: Path) -> None:
    """Each value remembers the line of its key; criteria and waivers the line of their table."""
    path = write(tmp_path, "onlinecompliance.toml", DOCUMENTED_POLICY)
    settings = read_policy(path, "onlinecompliance.toml")
    lines = {
        "select": 1,
        "ignore": 2,
        "fail_on": 3,
        "min_confidence": 4,
        "today": 5,
        "recommended_browsers": 6,
        "meet_hosts": 7,
        "severity": 9,
        "criteria": 12,
        "waivers": 19,
    }
    expected = {field: f"onlinecompliance.toml:{line}" for field, line in lines.items()}
    assert expected == {field: settings.origin(field) for field in lines}
    policy = settings.build()
    expected_entries = [Origin("onlinecompliance.toml", 12), Origin("onlinecompliance.toml", 19)]
    assert expected_entries == [policy.criteria[0].origin, policy.waivers[0].origin]


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        (
            'select = ["oc104", "group-session-not-on-meet", "OC2"]',
            "select",
            ("oc104", "group-session-not-on-meet", "OC2"),
        ),
        ('ignore = ["OC1", "zoom-meeting"]', "ignore", ("OC1", "zoom-meeting")),
        ("ignore = []", "ignore", ()),
        ('fail-on = "info"', "fail_on", oc.Severity.INFO),
        ('fail-on = "error"', "fail_on", oc.Severity.ERROR),
        ('min-confidence = "low"', "min_confidence", oc.Confidence.LOW),
        ('min-confidence = "high"', "min_confidence", oc.Confidence.HIGH),
        ("today = 2030-02-28", "today", datetime.date(2030, 2, 28)),
        (
            'recommended-browsers = ["firefox", "opera", "firefox"]',
            "recommended_browsers",
            frozenset({oc.Browser.FIREFOX, oc.Browser.OPERA}),
        ),
        ("recommended-browsers = []", "recommended_browsers", frozenset()),
        (
            'meet-hosts = ["video.example.org", "meet.regionh.dk"]',
            "meet_hosts",
            frozenset({"video.example.org", "meet.regionh.dk"}),
        ),
        (
            '[severity]\nOC104 = "error"\nzoom-meeting = "warning"',
            "severity",
            {"OC104": oc.Severity.ERROR, "zoom-meeting": oc.Severity.WARNING},
        ),
        ('severity = { oc104 = "info" }', "severity", {"oc104": oc.Severity.INFO}),
        (
            '[[criteria]]\ndepartment = "HGH-*"\n[[criteria]]\ndepartment = "RH-*"\nkinds = []',
            "criteria",
            (
                oc.LocalCriteria(department="HGH-*"),
                oc.LocalCriteria(department="RH-*", kinds=frozenset()),
            ),
        ),
        (
            '[[waivers]]\nrule = "zoom-meeting"\ndepartments = "RH-*"\nreason = "approved"',
            "waivers",
            (oc.PolicyWaiver(rule="zoom-meeting", reason="approved", departments="RH-*"),),
        ),
        (
            'waivers = [{ rule = "OC104", records = "a*", reason = "r", expires = "2027-01-31" }]',
            "waivers",
            (
                oc.PolicyWaiver(
                    rule="OC104", reason="r", records="a*", expires=datetime.date(2027, 1, 31)
                ),
            ),
        ),
    ],
)
def test_each_key_sets_its_field_and_nothing_else(text: str, field: str, expected: object) -> None:
    """A key sets its own policy field; every other field keeps the built-in default."""
    prefix = "" if text.startswith("today") else f"today = {TODAY}\n"
    policy = read_policy_text(f"{prefix}{text}\n", NAME).build()
    defaults = policy_fields(oc.Policy(today=TODAY))
    actual = policy_fields(policy)
    assert expected == actual.pop(field)
    defaults.pop(field)
    assert defaults == actual


SNAKE_CASE_KEYS = [
    (owner, field.name)
    for owner, fields in (
        ("", attrs.fields(PolicyDocument)),
        ("criteria", attrs.fields(CriteriaTable)),
        ("waivers", attrs.fields(WaiverTable)),
    )
    for field in fields
    if "_" in field.name
]
"""Every key of the policy file spelt in two words, by its table (``""`` for the top)."""
TOP_LEVEL_KEYS = ", ".join(kebab_case(field.name) for field in attrs.fields(PolicyDocument))
"""The top-level keys, in the order an unknown key's message lists them."""


@pytest.mark.parametrize(("table", "key"), SNAKE_CASE_KEYS)
def test_snake_case_keys_are_errors_suggesting_kebab_case(table: str, key: str) -> None:
    """A key written with underscores is an unknown key; the message suggests the kebab-case one."""
    required = {"": "", "criteria": 'department = "X*"\n', "waivers": ""}[table]
    header = f"[[{table}]]\n{required}" if table else ""
    text = f"{header}{key} = 1\n"
    line = text.count("\n")
    path = f"{table}[0].{key}" if table else key
    kebab = kebab_case(key)
    expected = (f"{NAME}:{line}: {path}: unknown field: {key!r}; did you mean {kebab!r}?",)
    found = problems(text)
    assert expected == tuple(problem for problem in found if "unknown field" in problem)


def test_snake_case_inventory() -> None:
    """The keys the documentation spells with a hyphen are among those tested above."""
    documented = {
        ("", "fail_on"),
        ("", "min_confidence"),
        ("", "recommended_browsers"),
        ("", "meet_hosts"),
        ("criteria", "max_participants"),
        ("waivers", "approved_by"),
    }
    assert set() == documented - set(SNAKE_CASE_KEYS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            'ignor = ["OC101"]',
            ["p.toml:1: ignor: unknown field: 'ignor'; did you mean 'ignore'?"],
            id="unknown-key",
        ),
        pytest.param(
            'colour = "blue"',
            [f"p.toml:1: colour: unknown field: 'colour'; expected one of: {TOP_LEVEL_KEYS}"],
            id="unknown-key-without-a-near-one",
        ),
        pytest.param(
            '[[criteria]]\ndepartment = "X*"\nmax-participant = 3',
            [
                (
                    "p.toml:3: criteria[0].max-participant: unknown field: 'max-participant'; "
                    "did you mean 'max-participants'?"
                )
            ],
            id="unknown-key-in-criteria",
        ),
        pytest.param(
            '[[waivers]]\nrule = "OC104"\nrecords = "a"\nreason = "r"\napprover = "me"',
            [
                (
                    "p.toml:5: waivers[0].approver: unknown field: 'approver'; "
                    "did you mean 'approved-by'?"
                )
            ],
            id="unknown-key-in-waivers",
        ),
        pytest.param(
            'select = ["OC101", "OC1o4"]',
            ["p.toml:1: select[1]: 'OC1o4' is not a rule code or name; did you mean 'OC104'?"],
            id="unknown-rule-in-select",
        ),
        pytest.param(
            '\nignore = [\n  "OC101",\n  "zoom-meting",\n]',
            [
                (
                    "p.toml:2: ignore[1]: 'zoom-meting' is not a rule code or name; "
                    "did you mean 'zoom-meeting'?"
                )
            ],
            id="unknown-rule-in-ignore",
        ),
        pytest.param(
            '[severity]\nOC104 = "info"\ngroup-sesion-not-on-meet = "error"',
            [
                (
                    "p.toml:3: severity.group-sesion-not-on-meet: 'group-sesion-not-on-meet' "
                    "is not a rule code or name; did you mean 'group-session-not-on-meet'?"
                )
            ],
            id="unknown-rule-in-severity",
        ),
        pytest.param(
            '[[waivers]]\nrecords = "a"\nreason = "r"\nrule = "OC1O4"',
            [
                (
                    "p.toml:4: waivers[0].rule: 'OC1O4' is not a rule code or name; "
                    "did you mean 'OC104'?"
                )
            ],
            id="unknown-rule-in-waivers",
        ),
        pytest.param(
            'select = ["OC000"]', [f"p.toml:1: select[0]: {OC000_ANSWER}"], id="OC000-in-select"
        ),
        pytest.param(
            'ignore = ["oc000"]', [f"p.toml:1: ignore[0]: {OC000_ANSWER}"], id="OC000-in-ignore"
        ),
        pytest.param(
            '[severity]\nOC000 = "info"',
            [f"p.toml:2: severity.OC000: {OC000_ANSWER}"],
            id="OC000-in-severity",
        ),
        pytest.param(
            '[[waivers]]\nrule = "OC000"\nrecords = "*"\nreason = "r"',
            [f"p.toml:2: waivers[0].rule: {OC000_ANSWER}"],
            id="OC000-in-waivers",
        ),
        pytest.param(
            '[[waivers]]\nrule = "OC901"\nrecords = "*"\nreason = "r"\n'
            '[[waivers]]\nrule = "unused-waiver"\nrecords = "*"\nreason = "r"',
            [
                "p.toml:2: waivers[0].rule: OC901 cannot be waived",
                "p.toml:6: waivers[1].rule: OC902 cannot be waived",
            ],
            id="OC9xx-cannot-be-waived",
        ),
        pytest.param(
            '\n[[waivers]]\nrule = "OC104"\nreason = "r"\napproved-by = "me"',
            [
                (
                    "p.toml:2: waivers[0]: must pick records (a glob on ids), "
                    "departments (a glob), or both"
                )
            ],
            id="waiver-without-records-or-departments",
        ),
        pytest.param(
            '[[waivers]]\nrule = "OC104"\nrecords = "a*"\nreason = " \\t"',
            ["p.toml:4: waivers[0].reason: must give a reason"],
            id="empty-reason",
        ),
        pytest.param(
            '[[waivers]]\nrule = "OC104"\nrecords = " "\ndepartments = ""\nreason = "r"',
            [
                "p.toml:3: waivers[0].records: must be a glob such as 'vk-2026-*'",
                "p.toml:4: waivers[0].departments: must be a glob such as 'vk-2026-*'",
            ],
            id="blank-globs",
        ),
        pytest.param(
            "select = []",
            ["p.toml:1: select: names no rule; leave it out to run every rule"],
            id="empty-select",
        ),
        pytest.param(
            '[[criteria]]\ndepartment = " "\nmax-participants = 0',
            [
                "p.toml:2: criteria[0].department: must be a glob such as 'RH-Kardio*'",
                "p.toml:3: criteria[0].max-participants: must be at least 1",
            ],
            id="criteria-values",
        ),
        pytest.param(
            '[[criteria]]\nkinds = ["video_consultation"]',
            ["p.toml:1: criteria[0].department: required field is missing"],
            id="criteria-without-department",
        ),
    ],
)
def test_policy_errors(text: str, expected: list[str]) -> None:
    """Each problem names the file, the line and the key path, and says what was meant."""
    assert expected == list(problems(text + "\n"))


@pytest.mark.parametrize(
    ("text", "where", "path", "says"),
    [
        ('select = "OC1"', 1, "select", "expected an array"),
        ("fail-on = 1", 1, "fail-on", "is not one of: info, warning, error"),
        ('fail-on = "fatal"', 1, "fail-on", "'fatal' is not one of: info, warning, error"),
        ('min-confidence = "huge"', 1, "min-confidence", "'huge' is not one of: low, medium, high"),
        ('today = "soon"', 1, "today", "expected a date such as 2027-03-31"),
        ("today = 2026-12-06T10:00:00Z", 1, "today", "expected a date such as 2027-03-31"),
        ('\nrecommended-browsers = ["netscape"]', 2, "recommended-browsers[0]", "is not one of"),
        ("meet-hosts = [1]", 1, "meet-hosts[0]", "expected a string"),
        ("criteria = { department = 'X' }", 1, "criteria", "expected an array"),
        ('[severity]\nOC104 = "fatal"', 2, "severity.OC104", "is not one of: info, warning, error"),
        ("[severity]\nOC104 = 1", 2, "severity.OC104", "is not one of: info, warning, error"),
        ("severity = []", 1, "severity", "expected a table"),
        (
            '[[criteria]]\ndepartment = "X"\nmax-participants = "4"',
            3,
            "criteria[0].max-participants",
            "expected a whole number",
        ),
        (
            '[[criteria]]\ndepartment = "X"\nmax-participants = 2.0',
            3,
            "criteria[0].max-participants",
            "expected a whole number",
        ),
        (
            '[[criteria]]\ndepartment = "X"\nkinds = ["video_consultation", "party"]',
            3,
            "criteria[0].kinds[1]",
            "'party' is not one of: internal_meeting, video_consultation",
        ),
        (
            '[[criteria]]\ndepartment = "X"\nplatforms = "meet"',
            3,
            "criteria[0].platforms",
            "expected an array",
        ),
        (
            '[[criteria]]\ndepartment = "X"\n\nidentities = ["passport"]',
            4,
            "criteria[0].identities[0]",
            "'passport' is not one of: mitid, nemid",
        ),
        (
            '[[waivers]]\nrule = "OC104"\nrecords = "a"\nreason = "r"\nexpires = 2027',
            5,
            "waivers[0].expires",
            "expected a date such as 2027-03-31",
        ),
        ('[[waivers]]\nrule = 104\nrecords = "a"\nreason = "r"', 2, "waivers[0].rule", "expected"),
    ],
)
def test_wrong_types_and_values(text: str, where: int, path: str, says: str) -> None:
    """A value of the wrong type or outside its enumeration is located at its key."""
    [problem] = problems(text + "\n")
    expected = ([(f"{NAME}:{where}", path)], True)
    assert expected == (located((problem,)), says in problem)


_ROOT_ERRORS = [
    ('ignor = ["OC101"]', "ignor"),
    ('fail-on = "fatal"', "fail-on"),
    ('min-confidence = "huge"', "min-confidence"),
    ('today = "soon"', "today"),
    ('recommended-browsers = ["netscape"]', "recommended-browsers[0]"),
    ("meet-hosts = [1]", "meet-hosts[0]"),
    ('select = "OC1"', "select"),
    ('fail_on = "info"', "fail_on"),
]
_TABLE_ERRORS = [
    (("[severity]", 'OC104 = "fatal"'), 1, "severity.OC104"),
    (
        ("[[criteria]]", 'department = "X"', 'max-participants = "4"'),
        2,
        "criteria[0].max-participants",
    ),
    (
        ("[[waivers]]", 'rule = "OC104"', 'reason = "r"', 'records = "a"', 'expires = "soon"'),
        4,
        "waivers[0].expires",
    ),
]
"""Sections with one problem each: their lines, the offset of the problem, its key path."""


@given(
    st.lists(st.sampled_from(_ROOT_ERRORS), min_size=1, unique=True).flatmap(st.permutations),
    st.lists(st.sampled_from(_TABLE_ERRORS), unique=True).flatmap(st.permutations),
    st.lists(st.sampled_from(["", "# a comment"]), max_size=2),
)
def test_every_type_problem_is_reported_once_in_line_order(
    root: list[tuple[str, str]], tables: list[tuple[tuple[str, ...], int, str]], filler: list[str]
) -> None:
    """Problems of types and keys, in any order in the file, are all reported, by line."""
    lines = [*filler]
    expected: list[tuple[str, str]] = []
    for text, path in root:
        lines.append(text)
        expected.append((f"{NAME}:{len(lines)}", path))
    for section, offset, path in tables:
        expected.append((f"{NAME}:{len(lines) + 1 + offset}", path))
        lines.extend(section)
    assert expected == located(problems("\n".join(lines) + "\n"))


_RULE_ERRORS = [
    ('select = ["OC1o1"]', "select[0]"),
    ('ignore = ["OC000"]', "ignore[0]"),
]
_RULE_TABLE_ERRORS = [
    (("[severity]", 'zoom-meting = "info"'), 1, "severity.zoom-meting"),
    (("[[criteria]]", 'department = " "'), 1, "criteria[0].department"),
    (("[[waivers]]", 'rule = "OC902"', 'records = "a"', 'reason = "r"'), 1, "waivers[0].rule"),
    (("[[waivers]]", 'rule = "OC104"', 'records = "a"', 'reason = ""'), 3, "waivers[0].reason"),
]
"""Sections with one problem of meaning each (rules and globs), as for ``_TABLE_ERRORS``."""


@given(
    st.lists(st.sampled_from(_RULE_ERRORS), unique=True).flatmap(st.permutations),
    st.lists(st.sampled_from(_RULE_TABLE_ERRORS), min_size=1, unique=True).flatmap(st.permutations),
)
def test_every_rule_problem_is_reported_once_in_line_order(
    root: list[tuple[str, str]], tables: list[tuple[tuple[str, ...], int, str]]
) -> None:
    """Unknown rules, unwaivable rules and empty values are all reported, by line.

    Waivers are numbered in the order they are written, so the expected paths are
    renumbered as the generated order has them.
    """
    lines: list[str] = []
    expected: list[tuple[str, str]] = []
    for text, path in root:
        lines.append(text)
        expected.append((f"{NAME}:{len(lines)}", path))
    waivers = 0
    for section, offset, path in tables:
        if path.startswith("waivers"):
            path = path.replace("waivers[0]", f"waivers[{waivers}]")  # noqa: PLW2901
            waivers += 1
        expected.append((f"{NAME}:{len(lines) + 1 + offset}", path))
        lines.extend(section)
    assert expected == located(problems("\n".join(lines) + "\n"))


def test_syntax_error_is_file_line_column() -> None:
    """A TOML syntax error is reported as ``file:line:column``, and nothing else is read."""
    found = problems('select = ["OC1"]\nfail-on = "warning\nignor = 1\n')
    [problem] = found
    expected = "p.toml:2:19: not valid TOML (line 2, column 19): "
    assert expected == problem[: len(expected)]


def test_duplicate_key_is_a_syntax_error() -> None:
    """A key written twice is not TOML; the error points at the second one."""
    [problem] = problems('\nfail-on = "info"\nfail-on = "error"\n')
    expected = "p.toml:3:"
    assert expected == problem[: len(expected)]


@pytest.mark.parametrize("text", ["", "\n", "  \n\t\n"])
def test_empty_file(text: str) -> None:
    """An empty policy file is an error that says to leave it out."""
    expected = ("p.toml: the policy file is empty; leave it out to use the defaults",)
    assert expected == problems(text)


def test_comment_only_file_is_the_default_policy() -> None:
    """A file with only comments sets nothing: every value keeps its default."""
    settings = read_policy_text("# select = ['OC1']\n", NAME)
    expected: tuple[dict[str, object], dict[str, str], str] = ({}, {}, NAME)
    assert expected == (dict(settings.values), dict(settings.origins), settings.file)


def test_a_folder_is_not_a_policy_file(tmp_path: Path) -> None:
    """A folder named as the policy is an error naming it as given."""
    with pytest.raises(oc.InvalidPolicy) as raised:
        read_policy(tmp_path, "policies")
    assert ("policies: is a folder, not a policy file",) == raised.value.problems


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    """A policy file in another encoding is an error naming the first bad byte."""
    path = write(tmp_path, "p.toml", 'select = ["OC1"]\n# Bemærk\n'.encode("latin-1"))
    with pytest.raises(oc.InvalidPolicy) as raised:
        read_policy(path, "p.toml")
    expected = ("p.toml: byte 23 is not UTF-8; save the file as UTF-8",)
    assert expected == raised.value.problems


def test_a_missing_file_raises_os_error(tmp_path: Path) -> None:
    """A file that cannot be read is an OSError, for the caller to report."""
    with pytest.raises(FileNotFoundError):
        oc.load_policy(tmp_path / "missing.toml")


def test_byte_order_mark_is_skipped(tmp_path: Path) -> None:
    """A UTF-8 byte order mark before the first key changes neither values nor lines."""
    path = write(tmp_path, "p.toml", b'\xef\xbb\xbffail-on = "info"\nignor = 1\n')
    with pytest.raises(oc.InvalidPolicy) as raised:
        read_policy(path, "p.toml")
    expected = [("p.toml:2", "ignor")]
    assert expected == located(raised.value.problems)


def test_name_is_used_in_messages(tmp_path: Path) -> None:
    """Messages and origins name the file as the caller named it, else by its path."""
    path = write(tmp_path, "policy.toml", 'fail-on = "info"\n')
    expected = ["policy.toml:1", f"{path}:1"]
    assert expected == [
        read_policy(path, "policy.toml").origin("fail_on"),
        read_policy(path).origin("fail_on"),
    ]


PYPROJECT = """\
[project]
name = "hospital-tools"
dependencies = ["onlinecompliance"]

[tool.ruff]
line-length = 100

[tool.onlinecompliance]
select = ["OC1"]
fail-on = "info"

[tool.onlinecompliance.severity]
OC104 = "error"

[[tool.onlinecompliance.waivers]]
rule = "OC104"
records = "a*"
reason = "approved"
"""


def test_pyproject_policy_lines_count_in_the_whole_file(tmp_path: Path) -> None:
    """In pyproject.toml the policy is [tool.onlinecompliance], located by the file's lines."""
    settings = read_policy(write(tmp_path, "pyproject.toml", PYPROJECT), "pyproject.toml")
    policy = settings.build()
    expected_origins = {
        "select": "pyproject.toml:9",
        "fail_on": "pyproject.toml:10",
        "severity": "pyproject.toml:12",
        "waivers": "pyproject.toml:15",
    }
    assert expected_origins == dict(settings.origins)
    expected_values = (
        ("OC1",),
        oc.Severity.INFO,
        {"OC104": oc.Severity.ERROR},
        (oc.PolicyWaiver(rule="OC104", records="a*", reason="approved"),),
        Origin("pyproject.toml", 15),
    )
    assert expected_values == (
        policy.select,
        policy.fail_on,
        dict(policy.severity),
        policy.waivers,
        policy.waivers[0].origin,
    )


def test_pyproject_policy_errors_name_the_whole_key_path(tmp_path: Path) -> None:
    """Errors in pyproject.toml are at the file's lines, with the path from the top."""
    text = PYPROJECT.replace('fail-on = "info"', 'fail_on = "info"').replace(
        'reason = "approved"', 'reason = ""\n[[tool.onlinecompliance.criteria]]\nkinds = []'
    )
    path = write(tmp_path, "pyproject.toml", text)
    with pytest.raises(oc.InvalidPolicy) as raised:
        read_policy(path, "pyproject.toml")
    expected = [
        ("pyproject.toml:10", "tool.onlinecompliance.fail_on"),
        ("pyproject.toml:19", "tool.onlinecompliance.criteria[0].department"),
    ]
    assert expected == located(raised.value.problems)


def test_pyproject_policy_that_is_not_a_table(tmp_path: Path) -> None:
    """A [tool] onlinecompliance key that is not a table is an error at its line."""
    path = write(
        tmp_path, "pyproject.toml", '[project]\nname = "x"\n[tool]\nonlinecompliance = 3\n'
    )
    with pytest.raises(oc.InvalidPolicy) as raised:
        read_policy(path, "pyproject.toml")
    expected = [("pyproject.toml:4", "tool.onlinecompliance")]
    assert expected == located(raised.value.problems)


def test_pyproject_without_policy_is_the_default(tmp_path: Path) -> None:
    """A pyproject.toml without [tool.onlinecompliance] read on purpose sets nothing."""
    path = write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n[tool.ruff]\nfix = true\n')
    settings = read_policy(path, "pyproject.toml")
    expected: tuple[dict[str, object], str] = ({}, "default")
    assert expected == (dict(settings.values), settings.origin("select"))


def test_tool_table_counts_only_in_pyproject(tmp_path: Path) -> None:
    """In a file not called pyproject.toml, [tool.onlinecompliance] is an unknown key."""
    path = write(tmp_path, "policy.toml", '[tool.onlinecompliance]\nfail-on = "info"\n')
    with pytest.raises(oc.InvalidPolicy) as raised:
        read_policy(path, "policy.toml")
    [problem] = raised.value.problems
    expected = ("tool", True)
    assert expected == (problem.split(": ")[1], "unknown field: 'tool'" in problem)


POLICY_TABLE = '[tool.onlinecompliance]\nfail-on = "info"\n'


def test_discovery_prefers_onlinecompliance_toml(tmp_path: Path) -> None:
    """In one folder, onlinecompliance.toml wins over a pyproject.toml with a policy."""
    write(tmp_path, "pyproject.toml", POLICY_TABLE)
    expected = write(tmp_path, "onlinecompliance.toml", 'fail-on = "warning"\n')
    assert expected == find_policy_file(tmp_path)


def test_discovery_finds_pyproject_with_policy(tmp_path: Path) -> None:
    """A pyproject.toml with [tool.onlinecompliance] is the policy of its folder."""
    expected = write(tmp_path, "pyproject.toml", POLICY_TABLE)
    assert expected == find_policy_file(tmp_path)


def test_discovery_passes_over_pyproject_without_policy(tmp_path: Path) -> None:
    """A project's own pyproject.toml without the table does not hide a policy further up."""
    expected = write(tmp_path, "pyproject.toml", POLICY_TABLE)
    project = tmp_path / "project"
    write(project, "pyproject.toml", '[project]\ndependencies = ["onlinecompliance"]\n')
    write(project, "other.toml", POLICY_TABLE)
    assert expected == find_policy_file(project)


def test_discovery_finds_a_parent_folders_file(tmp_path: Path) -> None:
    """From a folder deep inside, the nearest folder with a policy gives it."""
    expected = write(tmp_path, "onlinecompliance.toml", 'fail-on = "warning"\n')
    write(tmp_path / "a", "pyproject.toml", '[project]\nname = "a"\n')
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert expected == find_policy_file(deep)


def test_discovery_nearest_folder_wins(tmp_path: Path) -> None:
    """A pyproject.toml policy in a nearer folder wins over onlinecompliance.toml higher up."""
    write(tmp_path, "onlinecompliance.toml", 'fail-on = "warning"\n')
    expected = write(tmp_path / "a", "pyproject.toml", POLICY_TABLE)
    deep = tmp_path / "a" / "b"
    deep.mkdir()
    assert expected == find_policy_file(deep)


def test_discovery_finds_nothing(tmp_path: Path) -> None:
    """Without a policy file in the folder or above, there is none."""
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    write(tmp_path / "a", "pyproject.toml", '[project]\nname = "a"\n')
    assert find_policy_file(deep) is None


def test_discovery_reports_a_broken_pyproject(tmp_path: Path) -> None:
    """A pyproject.toml on the way that mentions the tool but is not TOML is an error."""
    write(tmp_path, "pyproject.toml", "[tool.onlinecompliance\n")
    deep = tmp_path / "a"
    deep.mkdir()
    with pytest.raises(oc.InvalidPolicy) as raised:
        find_policy_file(deep)
    [problem] = raised.value.problems
    expected = f"..{os.sep}pyproject.toml:1:"
    assert expected == problem[: len(expected)]


def test_discovery_skips_a_broken_pyproject_that_is_not_ours(tmp_path: Path) -> None:
    """A broken pyproject.toml that never mentions the tool cannot hold a policy."""
    write(tmp_path, "pyproject.toml", "[tool.ruff\n")
    assert find_policy_file(tmp_path) is None


def test_override_replaces_a_value_and_its_origin() -> None:
    """An override sets a value and says where it came from; the settings read stay as read."""
    settings = read_policy_text('select = ["OC1"]\nfail-on = "info"\n', NAME)
    changed = settings.override("select", ("OC104",), "--select")
    expected = (
        {"select": ("OC104",), "fail_on": oc.Severity.INFO},
        ["--select", "p.toml:2", "default"],
        NAME,
        {"select": ("OC1",), "fail_on": oc.Severity.INFO},
        ["p.toml:1", "p.toml:2", "default"],
    )
    fields = ("select", "fail_on", "ignore")
    assert expected == (
        dict(changed.values),
        [changed.origin(field) for field in fields],
        changed.file,
        dict(settings.values),
        [settings.origin(field) for field in fields],
    )
    assert ("OC104",) == changed.build().select


def test_override_adds_a_field_the_file_left_out() -> None:
    """A field the file left out gets the flag as its origin; the later override wins."""
    settings = (
        PolicySettings()
        .override("today", TODAY, "--today")
        .override("fail_on", oc.Severity.INFO, "first")
        .override("fail_on", oc.Severity.WARNING, "--fail-on")
    )
    policy = settings.build()
    expected = (TODAY, oc.Severity.WARNING, "--fail-on", "--today", "default", None)
    assert expected == (
        policy.today,
        policy.fail_on,
        settings.origin("fail_on"),
        settings.origin("today"),
        settings.origin("select"),
        settings.file,
    )


def test_build_reports_a_bad_override() -> None:
    """A flag that names no rule fails when the policy is built, with a suggestion."""
    settings = PolicySettings().override("select", ("OC1o4",), "--select")
    with pytest.raises(oc.InvalidPolicy, match="did you mean 'OC104'"):
        settings.build()


def _toml_string(text: str) -> str:
    """Write ``text`` as a TOML basic string, escaping what TOML requires."""
    escaped = "".join(
        {"\\": "\\\\", '"': '\\"'}.get(
            char, f"\\u{ord(char):04x}" if char < " " or char == "\x7f" else char
        )
        for char in text
    )
    return f'"{escaped}"'


def _toml_array(items: list[str]) -> str:
    return "[" + ", ".join(_toml_string(item) for item in items) + "]"


rule_keys = st.sampled_from(
    [key for rule in oc.RULES.values() for key in (rule.code, rule.code.lower(), rule.name)]
)
selectors = rule_keys | st.sampled_from(["OC1", "oc2", "OC3", "OC4", "OC5", "OC6", "OC9"])
waivable_keys = st.sampled_from(
    [key for rule in oc.RULES.values() if rule.waivable for key in (rule.code, rule.name)]
)
texts = st.text(max_size=12)
globs = texts.filter(str.strip)
confidences = {"low": oc.Confidence.LOW, "medium": oc.Confidence.MEDIUM, "high": oc.Confidence.HIGH}


def _enum_set(enum: Any) -> st.SearchStrategy[list[Any]]:
    return st.lists(st.sampled_from(enum), unique=True, max_size=3)


@st.composite
def policy_files(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """Policy keyword arguments, and a policy file that should give the same policy."""
    values: dict[str, Any] = {"today": draw(dates)}
    lines = [f"today = {values['today']}"]
    select = draw(optional(st.lists(selectors, min_size=1, max_size=3)))
    if select is not None:
        values["select"] = tuple(select)
        lines.append(f"select = {_toml_array(select)}")
    ignore = draw(optional(st.lists(selectors, max_size=3)))
    if ignore is not None:
        values["ignore"] = tuple(ignore)
        lines.append(f"ignore = {_toml_array(ignore)}")
    fail_on = draw(optional(st.sampled_from(oc.Severity)))
    if fail_on is not None:
        values["fail_on"] = fail_on
        lines.append(f"fail-on = {_toml_string(fail_on.value)}")
    confidence = draw(optional(st.sampled_from(sorted(confidences))))
    if confidence is not None:
        values["min_confidence"] = confidences[confidence]
        lines.append(f"min-confidence = {_toml_string(confidence)}")
    browsers = draw(optional(_enum_set(oc.Browser)))
    if browsers is not None:
        values["recommended_browsers"] = frozenset(browsers)
        lines.append(f"recommended-browsers = {_toml_array([b.value for b in browsers])}")
    hosts = draw(optional(st.lists(texts, max_size=3)))
    if hosts is not None:
        values["meet_hosts"] = frozenset(hosts)
        lines.append(f"meet-hosts = {_toml_array(hosts)}")
    severity = draw(optional(st.dictionaries(rule_keys, st.sampled_from(oc.Severity), max_size=3)))
    if severity is not None:
        values["severity"] = severity
        lines.append("[severity]")
        lines.extend(
            f"{_toml_string(key)} = {_toml_string(v.value)}" for key, v in severity.items()
        )
    values["criteria"] = tuple(draw(st.lists(_criteria(lines), max_size=2)))
    values["waivers"] = tuple(draw(st.lists(_waiver(lines), max_size=2)))
    return values, "\n".join(lines) + "\n"


@st.composite
def _criteria(draw: st.DrawFn, lines: list[str]) -> oc.LocalCriteria:
    """Draw local criteria and write their table into ``lines``."""
    lines.append("[[criteria]]")
    department = draw(globs)
    lines.append(f"department = {_toml_string(department)}")
    chosen: dict[str, Any] = {}
    for key, enum in (("kinds", oc.Kind), ("platforms", oc.Platform), ("identities", oc.Identity)):
        members = draw(optional(_enum_set(enum)))
        if members is not None:
            chosen[key] = frozenset(members)
            lines.append(f"{key} = {_toml_array([member.value for member in members])}")
    most = draw(optional(st.integers(min_value=1, max_value=50)))
    if most is not None:
        lines.append(f"max-participants = {most}")
    return oc.LocalCriteria(department=department, max_participants=most, **chosen)


@st.composite
def _waiver(draw: st.DrawFn, lines: list[str]) -> oc.PolicyWaiver:
    """Draw a policy waiver and write its table into ``lines``."""
    records, departments = draw(st.tuples(globs, optional(globs)) | st.tuples(st.none(), globs))
    waiver = oc.PolicyWaiver(
        rule=draw(waivable_keys),
        reason=draw(globs),
        records=records,
        departments=departments,
        approved_by=draw(optional(texts)),
        expires=draw(optional(dates)),
    )
    lines.append("[[waivers]]")
    for key in ("rule", "reason", "records", "departments", "approved-by"):
        value = getattr(waiver, key.replace("-", "_"))
        if value is not None:
            lines.append(f"{key} = {_toml_string(value)}")
    if waiver.expires is not None:
        lines.append(f"expires = {waiver.expires}")
    return waiver


@given(policy_files())
def test_a_policy_file_gives_the_policy_its_values_make(case: tuple[dict[str, Any], str]) -> None:
    """Reading a policy file gives the same policy as the values it was written from."""
    values, text = case
    expected = policy_fields(oc.Policy(**values))
    assert expected == policy_fields(read_policy_text(text, NAME).build())


def line(record: object) -> str:
    """One JSON line."""
    return json.dumps(record) + "\n"


def run_check(
    capsys: pytest.CaptureFixture[str], *argv: str
) -> tuple[int, list[tuple[str, str | None]], str]:
    """Run ``check --format json``; return the exit code, (code, record) findings and stderr."""
    code = main(["check", "--format", "json", *argv])
    out, err = capsys.readouterr()
    findings = json.loads(out)["findings"] if out else []
    return code, [(finding["code"], finding["record"]) for finding in findings], err


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in a folder holding ``log.jsonl``: a group session on Teams, a patient on Zoom."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "log.jsonl", line(GROUP_ON_TEAMS) + line(PATIENT_ON_ZOOM))
    return tmp_path


def test_cli_reads_the_policy_of_the_folder(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without options the policy file of the working folder applies."""
    write(folder, "onlinecompliance.toml", 'select = ["OC104"]\n')
    expected = (0, [("OC104", "a")], "")
    assert expected == run_check(capsys, "log.jsonl")


def test_cli_flags_replace_the_files_values(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--select and --ignore each replace the file's key, and leave the other key as read."""
    write(folder, "onlinecompliance.toml", 'select = ["OC104"]\nignore = ["OC101"]\n')
    expected = [
        (0, [("OC104", "a")], ""),
        (0, [], ""),
        (1, [("OC101", "c")], ""),
        (1, [("OC104", "a"), ("OC101", "c")], ""),
    ]
    assert expected == [
        run_check(capsys, "log.jsonl"),
        run_check(capsys, "--select", "OC101", "log.jsonl"),
        run_check(capsys, "--select", "OC101", "--ignore", "OC109", "log.jsonl"),
        run_check(capsys, "--select", "OC101,OC104", "--ignore", "OC9", "log.jsonl"),
    ]


def test_cli_fail_on_flag_replaces_the_files(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file's fail-on decides the exit code until --fail-on replaces it."""
    write(folder, "onlinecompliance.toml", 'select = ["OC104"]\nfail-on = "warning"\n')
    expected = [1, 0]
    assert expected == [
        run_check(capsys, "log.jsonl")[0],
        run_check(capsys, "--fail-on", "error", "log.jsonl")[0],
    ]


def test_cli_isolated_and_policy_options(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--isolated skips every file; --policy reads the file it names instead of the found one."""
    write(folder, "onlinecompliance.toml", 'select = ["OC104"]\n')
    write(folder, "other.toml", 'select = ["OC101"]\n')
    isolated = run_check(capsys, "--isolated", "log.jsonl")
    named = run_check(capsys, "--policy", "other.toml", "log.jsonl")
    expected = (True, True, (1, [("OC101", "c")], ""))
    assert expected == (("OC104", "a") in isolated[1], ("OC101", "c") in isolated[1], named)


def test_cli_policy_errors_exit_2(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every problem of the policy file is printed, located, and the run stops with 2."""
    write(folder, "onlinecompliance.toml", 'ignore = ["OC1o1"]\nselect = ["OC000"]\n')
    expected: tuple[int, list[tuple[str, str | None]], str] = (
        2,
        [],
        (
            "onlinecompliance: onlinecompliance.toml:1: ignore[0]: 'OC1o1' is not a rule code or "
            "name; did you mean 'OC101'?\n"
            f"onlinecompliance: onlinecompliance.toml:2: select[0]: {OC000_ANSWER}\n"
        ),
    )
    assert expected == run_check(capsys, "log.jsonl")


@pytest.mark.usefixtures("folder")
def test_cli_missing_policy_file(capsys: pytest.CaptureFixture[str]) -> None:
    """A --policy file that does not exist is a usage error naming it."""
    expected: tuple[int, list[tuple[str, str | None]], str] = (
        2,
        [],
        "onlinecompliance: cannot read the policy nope.toml: No such file or directory\n",
    )
    assert expected == run_check(capsys, "--policy", "nope.toml", "log.jsonl")
