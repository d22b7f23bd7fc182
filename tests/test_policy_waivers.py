"""Waivers in the policy: the findings they remove, and OC901/OC902 about the waivers."""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.cli import main
from onlinecompliance.engine import policy_waiver_findings
from onlinecompliance.engine.meeting import examine
from strategies import POLICY, TODAY, meetings, optional

if TYPE_CHECKING:
    from pathlib import Path

DEPARTMENTS = ["RH-Kardiologi", "HGH-Medicin"]
"""The departments :func:`strategies.meetings` draws from."""
WAIVABLE_CODES = sorted(rule.code for rule in oc.RULES.values() if rule.waivable)
ONE_DAY = datetime.timedelta(days=1)
live_expiry = optional(st.dates(min_value=TODAY, max_value=datetime.date(2040, 12, 31)))
"""No expiry, or a last day from :data:`TODAY` on: the waiver holds."""
past_expiry = st.dates(min_value=datetime.date(2000, 1, 1), max_value=TODAY - ONE_DAY)
"""A last day before :data:`TODAY`: the waiver has expired."""


def matching_globs(value: str) -> st.SearchStrategy[str]:
    """Globs that match ``value`` (with case kept)."""
    return st.sampled_from(
        [value, "*", f"{value[0]}*", "?" * len(value), f"[{value[0]}]{value[1:]}", f"*{value[-1]}"]
    )


def other_globs(value: str) -> st.SearchStrategy[str]:
    """Globs that do not match ``value``: longer, another first letter, or another case."""
    others = [f"{value}?", "?" * (len(value) + 1), f"[!{value[0]}]*", "ZZ-*"]
    if value.upper() != value:
        others.append(value.upper())
    return st.sampled_from(others)


def found(meeting: oc.Meeting, policy: oc.Policy = POLICY) -> list[oc.Violation]:
    """Return what ``check`` reports."""
    return oc.check(meeting, policy)


def with_waiver(waiver: oc.PolicyWaiver, policy: oc.Policy = POLICY) -> oc.Policy:
    """Return ``policy`` with ``waiver`` as its one waiver."""
    return attrs.evolve(policy, waivers=(waiver,))


def target_rule(data: st.DataObject, meeting: oc.Meeting) -> tuple[str, str]:
    """Draw a waivable rule, one that fires on ``meeting`` where there is one; return code, key.

    The key is the rule's code or its name, as a waiver may give either.
    """
    fired = sorted({violation.code for violation in found(meeting)} & set(WAIVABLE_CODES))
    code = data.draw(st.sampled_from(fired or WAIVABLE_CODES), label="rule")
    key = data.draw(st.sampled_from([code, oc.RULES[code].name]), label="named as")
    return code, key


@given(meetings(), st.data())
def test_live_waiver_removes_exactly_its_rules_findings(
    meeting: oc.Meeting, data: st.DataObject
) -> None:
    """A live waiver picking the record removes every finding of its rule and nothing else."""
    code, key = target_rule(data, meeting)
    departments = None
    if meeting.department is not None:
        departments = data.draw(optional(matching_globs(meeting.department)), label="departments")
    waiver = oc.PolicyWaiver(
        rule=key,
        reason="approved",
        records=data.draw(matching_globs(meeting.id), label="records"),
        departments=departments,
        expires=data.draw(live_expiry, label="expires"),
    )
    before = found(meeting)
    kept = [violation for violation in before if violation.code != code]
    expected = (kept, frozenset({0}) if len(kept) < len(before) else frozenset())
    assert expected == examine(meeting, with_waiver(waiver))


@given(meetings(department=st.sampled_from(DEPARTMENTS)), st.data())
def test_departments_glob_alone_picks_records(meeting: oc.Meeting, data: st.DataObject) -> None:
    """A waiver with only a departments glob picks every record of the matching departments."""
    assert meeting.department is not None
    code, key = target_rule(data, meeting)
    waiver = oc.PolicyWaiver(
        rule=key,
        reason="approved",
        departments=data.draw(matching_globs(meeting.department), label="departments"),
    )
    expected = [violation for violation in found(meeting) if violation.code != code]
    assert expected == found(meeting, with_waiver(waiver))


@given(meetings(), st.data())
def test_expired_waiver_removes_nothing(meeting: oc.Meeting, data: st.DataObject) -> None:
    """A waiver whose last day has passed removes nothing, and is not counted as used."""
    _, key = target_rule(data, meeting)
    waiver = oc.PolicyWaiver(
        rule=key,
        reason="approved",
        records=data.draw(matching_globs(meeting.id), label="records"),
        expires=data.draw(past_expiry, label="expires"),
    )
    expected = (found(meeting), frozenset[int]())
    assert expected == examine(meeting, with_waiver(waiver))


@given(
    meetings(department=st.sampled_from(DEPARTMENTS)),
    st.data(),
    st.booleans(),
    st.booleans(),
)
def test_records_and_departments_must_both_match(
    meeting: oc.Meeting, data: st.DataObject, records_match: bool, departments_match: bool
) -> None:
    """With both globs, a waiver removes findings only when the id and the department match."""
    assert meeting.department is not None
    code, key = target_rule(data, meeting)
    records = matching_globs(meeting.id) if records_match else other_globs(meeting.id)
    department = meeting.department
    departments = matching_globs(department) if departments_match else other_globs(department)
    waiver = oc.PolicyWaiver(
        rule=key,
        reason="approved",
        records=data.draw(records, label="records"),
        departments=data.draw(departments, label="departments"),
    )
    before = found(meeting)
    picked = records_match and departments_match
    expected = [violation for violation in before if not (picked and violation.code == code)]
    assert expected == found(meeting, with_waiver(waiver))


@given(meetings(department=st.none()), st.data())
def test_record_without_department_never_matches_a_departments_glob(
    meeting: oc.Meeting, data: st.DataObject
) -> None:
    """A record with no department is picked by no departments glob, even ``*``."""
    _, key = target_rule(data, meeting)
    waiver = oc.PolicyWaiver(
        rule=key,
        reason="approved",
        records=data.draw(optional(matching_globs(meeting.id)), label="records"),
        departments=data.draw(st.sampled_from(["*", "?*", "[!x]*", "RH-*"]), label="departments"),
    )
    assert found(meeting) == found(meeting, with_waiver(waiver))


def test_globs_keep_case() -> None:
    """Globs match ids and departments with case kept."""
    meeting = oc.load_meeting(
        {"id": "vk-1", "kind": "group_session", "platform": "teams", "department": "RH-Akut"}
    )

    def codes(records: str | None = None, departments: str | None = None) -> list[str]:
        waiver = oc.PolicyWaiver(
            rule="OC104", reason="approved", records=records, departments=departments
        )
        return [violation.code for violation in found(meeting, with_waiver(waiver))]

    expected = [["OC104"], ["OC104"], [], []]
    assert expected == [
        codes(records="VK-*"),
        codes(departments="rh-*"),
        codes(records="vk-*"),
        codes(departments="RH-*"),
    ]


@given(
    st.sampled_from(WAIVABLE_CODES),
    past_expiry,
    st.booleans(),
    st.booleans(),
)
def test_expired_policy_waiver_is_oc901(
    code: str, expires: datetime.date, used: bool, rule_ignored: bool
) -> None:
    """An expired waiver is one OC901 at its index, whether or not it was used or its rule runs."""
    waiver = oc.PolicyWaiver(rule=code, reason="approved", records="*", expires=expires)
    policy = with_waiver(waiver, attrs.evolve(POLICY, ignore=(code,) if rule_ignored else ()))
    expected = [(0, "OC901", "waivers[0]", f"the policy's waiver for {code} expired on {expires}")]
    assert expected == [
        (index, rule.code, finding.path, finding.message)
        for index, rule, finding in policy_waiver_findings(policy, {0} if used else set())
    ]


@given(
    st.sampled_from(WAIVABLE_CODES),
    live_expiry,
    st.booleans(),
    st.booleans(),
)
def test_live_unused_policy_waiver_is_oc902(
    code: str, expires: datetime.date | None, used: bool, rule_ignored: bool
) -> None:
    """A live waiver is OC902 when no record used it, unless the policy does not run its rule."""
    waiver = oc.PolicyWaiver(
        rule=oc.RULES[code].name, reason="approved", departments="*", expires=expires
    )
    policy = with_waiver(waiver, attrs.evolve(POLICY, ignore=(code,) if rule_ignored else ()))
    message = f"the policy's waiver for {code} suppressed no finding"
    expected = [] if used or rule_ignored else [(0, "OC902", "waivers[0]", message)]
    assert expected == [
        (index, rule.code, finding.path, finding.message)
        for index, rule, finding in policy_waiver_findings(policy, {0} if used else set())
    ]


def test_policy_waiver_findings_follow_the_waivers_order() -> None:
    """Each waiver is reported at its own index; the last day itself still holds."""
    waivers = [
        oc.PolicyWaiver(rule="OC104", reason="used", records="*"),
        oc.PolicyWaiver(rule="OC105", reason="expired", records="*", expires=TODAY - ONE_DAY),
        oc.PolicyWaiver(rule="OC106", reason="holds today", records="*", expires=TODAY),
        oc.PolicyWaiver(rule="OC107", reason="unused", records="*"),
    ]
    policy = attrs.evolve(POLICY, waivers=waivers)
    expected = [(1, "OC901"), (2, "OC902"), (3, "OC902")]
    assert expected == [
        (index, rule.code) for index, rule, _ in policy_waiver_findings(policy, {0})
    ]


@pytest.mark.parametrize("ignored", ["OC901", "OC902", "OC9"])
def test_ignored_oc9xx_is_not_reported(ignored: str) -> None:
    """A policy that does not run OC901 or OC902 gets no such finding about its waivers."""
    waivers = [
        oc.PolicyWaiver(rule="OC104", reason="expired", records="*", expires=TODAY - ONE_DAY),
        oc.PolicyWaiver(rule="OC105", reason="unused", records="*"),
    ]
    policy = attrs.evolve(POLICY, waivers=waivers, ignore=(ignored,))
    expected = {"OC901": ["OC902"], "OC902": ["OC901"], "OC9": []}[ignored]
    assert expected == [rule.code for _, rule, _ in policy_waiver_findings(policy, set())]


def test_policy_waiver_does_not_report_in_check() -> None:
    """``check`` never reports a policy waiver itself: that is for the end of a run."""
    meeting = oc.load_meeting({"id": "a", "kind": "group_session", "platform": "teams"})
    waivers = [
        oc.PolicyWaiver(rule="OC105", reason="unused", records="*"),
        oc.PolicyWaiver(rule="OC104", reason="expired", records="*", expires=TODAY - ONE_DAY),
    ]
    expected = ["OC104"]
    assert expected == [
        violation.code
        for violation in found(
            meeting, attrs.evolve(POLICY, waivers=waivers, select=("OC1", "OC9"))
        )
    ]


POLICY_FILE = """\
today = 2026-11-26
select = ["OC104", "OC9"]

[[waivers]]
rule = "OC104"
records = "a"
reason = "approved for record a"

[[waivers]]
rule = "group-session-not-on-meet"
records = "zz-*"
reason = "picks no record"

[[waivers]]
rule = "OC104"
departments = "RH-*"
reason = "expired the day before"
expires = 2026-11-25
"""
"""Three waivers at lines 4, 9 and 14: used, unused, and expired."""
GROUP_ON_TEAMS = {"id": "a", "kind": "group_session", "platform": "teams"}
IN_RH = {**GROUP_ON_TEAMS, "id": "b", "department": "RH-Akut"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict[str, Any]]]:
    """Run ``check --format json``; return the exit code and the findings."""
    code = main(["check", "--format", "json", *argv])
    findings: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["findings"]
    return code, findings


def keys(findings: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Return code, record, file, line and path of each finding."""
    return [
        (item["code"], item["record"], item["file"], item["line"], item["path"])
        for item in findings
    ]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in a folder holding ``log.jsonl`` with records ``a`` and ``b`` (in RH-Akut)."""
    monkeypatch.chdir(tmp_path)
    text = json.dumps(GROUP_ON_TEAMS) + "\n" + json.dumps(IN_RH) + "\n"
    (tmp_path / "log.jsonl").write_text(text, encoding="utf-8")
    return tmp_path


def test_cli_reports_policy_waivers_at_their_lines(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """OC902 and OC901 about the policy's waivers are at their tables' lines, with no record."""
    (folder / "onlinecompliance.toml").write_text(POLICY_FILE, encoding="utf-8")
    code, findings = run(capsys, "log.jsonl")
    expected = (
        0,
        [
            ("OC104", "b", "log.jsonl", 2, "platform"),
            ("OC902", None, "onlinecompliance.toml", 9, "waivers[1]"),
            ("OC901", None, "onlinecompliance.toml", 14, "waivers[2]"),
        ],
    )
    assert expected == (code, keys(findings))
    expected_messages = [
        "the policy's waiver for OC104 suppressed no finding",
        "the policy's waiver for OC104 expired on 2026-11-25",
    ]
    assert expected_messages == [finding["message"] for finding in findings[1:]]


def test_cli_today_flag_decides_expiry(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--today replaces the file's date: on the last day the waiver holds and is used."""
    (folder / "onlinecompliance.toml").write_text(POLICY_FILE, encoding="utf-8")
    expected = (0, [("OC902", None, "onlinecompliance.toml", 9, "waivers[1]")])
    code, findings = run(capsys, "--today", "2026-11-25", "log.jsonl")
    assert expected == (code, keys(findings))


def test_cli_waiver_used_in_any_file_is_used(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A waiver that removed a finding in one file of the run is not reported as unused."""
    policy = 'today = 2026-11-26\nselect = ["OC104", "OC9"]\n\n[[waivers]]\n'
    policy += 'rule = "OC104"\nrecords = "b"\nreason = "approved"\n'
    (folder / "policies").mkdir()
    (folder / "policies" / "p.toml").write_text(policy, encoding="utf-8")
    (folder / "first.jsonl").write_text(json.dumps(GROUP_ON_TEAMS) + "\n", encoding="utf-8")
    (folder / "second.jsonl").write_text(json.dumps(IN_RH) + "\n", encoding="utf-8")
    expected = [
        [
            ("OC104", "a", "first.jsonl", 1, "platform"),
            ("OC902", None, "policies/p.toml", 4, "waivers[0]"),
        ],
        [("OC104", "a", "first.jsonl", 1, "platform")],
    ]
    assert expected == [
        keys(run(capsys, "--policy", "policies/p.toml", "first.jsonl")[1]),
        keys(run(capsys, "--policy", "policies/p.toml", "first.jsonl", "second.jsonl")[1]),
    ]


def test_cli_pyproject_waiver_lines(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A waiver in pyproject.toml is reported at its line in the whole file."""
    text = (
        '[project]\nname = "clinic"\n\n[tool.onlinecompliance]\ntoday = 2026-11-26\n'
        'select = ["OC104", "OC9"]\n\n[[tool.onlinecompliance.waivers]]\n'
        'rule = "OC104"\nrecords = "nobody"\nreason = "approved"\n'
    )
    (folder / "pyproject.toml").write_text(text, encoding="utf-8")
    code, findings = run(capsys, "log.jsonl")
    expected = (0, ("OC902", None, "pyproject.toml", 8, "waivers[0]"))
    assert expected == (code, keys(findings)[-1])


def test_cli_isolated_has_no_policy_waivers(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --isolated the file's waivers neither remove findings nor are reported."""
    (folder / "onlinecompliance.toml").write_text(POLICY_FILE, encoding="utf-8")
    code, findings = run(capsys, "--isolated", "--select", "OC104,OC9", "log.jsonl")
    expected = (
        0,
        [("OC104", "a", "log.jsonl", 1, "platform"), ("OC104", "b", "log.jsonl", 2, "platform")],
    )
    assert expected == (code, keys(findings))
