"""The engine: determinism, ordering, policy selection and severities, waivers."""

from __future__ import annotations

import datetime
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.engine.waivers import apply_waivers
from onlinecompliance.model import path_order
from onlinecompliance.rules.context import Context
from strategies import POLICY, TODAY, meetings, waivers

GROUP_ON_TEAMS: dict[str, Any] = {
    "id": "g-1",
    "kind": "group_session",
    "platform": "teams",
    "participants": [{"id": "p1", "role": "doctor"}, {"id": "p2", "role": "patient"}],
}


def codes(meeting: oc.Meeting, policy: oc.Policy = POLICY) -> list[str]:
    """Return the codes ``check`` reports, in its order."""
    return [violation.code for violation in oc.check(meeting, policy)]


@given(meetings())
def test_check_is_deterministic_and_sorted(meeting: oc.Meeting) -> None:
    """The same meeting gives the same list, sorted by code."""
    first = oc.check(meeting, POLICY)
    assert first == oc.check(meeting, POLICY)
    assert [violation.code for violation in first] == sorted(violation.code for violation in first)


@given(meetings(), st.randoms())
def test_participant_order_does_not_matter(meeting: oc.Meeting, random: Any) -> None:
    """Permuting participants changes no code and no message, only indices in paths."""
    shuffled = list(meeting.participants)
    random.shuffle(shuffled)
    permuted = attrs.evolve(meeting, participants=tuple(shuffled))

    def summary(found: list[oc.Violation]) -> list[tuple[str, str]]:
        return sorted((violation.code, violation.message) for violation in found)

    assert summary(oc.check(meeting, POLICY)) == summary(oc.check(permuted, POLICY))


@given(meetings())
def test_violations_carry_the_meeting_id_and_rule_metadata(meeting: oc.Meeting) -> None:
    """Each violation names its meeting, and its rule's name and default severity."""
    for violation in oc.check(meeting, POLICY):
        rule = oc.RULES[violation.code]
        assert (violation.meeting_id, violation.name, violation.severity) == (
            meeting.id,
            rule.name,
            rule.severity,
        )


@given(meetings(), st.sampled_from(["OC1", "OC2", "OC3", "OC4", "OC5", "OC6"]))
def test_select_and_ignore_partition_findings(meeting: oc.Meeting, prefix: str) -> None:
    """Selecting a family keeps exactly its findings; ignoring it removes exactly them."""
    everything = codes(meeting)
    selected = codes(meeting, attrs.evolve(POLICY, select=(prefix,)))
    ignored = codes(meeting, attrs.evolve(POLICY, ignore=(prefix,)))
    assert selected == [code for code in everything if code.startswith(prefix)]
    assert ignored == [code for code in everything if not code.startswith(prefix)]


def test_select_by_name_and_code() -> None:
    """A selector may be a code in any case or a kebab-case name."""
    meeting = oc.load_meeting(GROUP_ON_TEAMS)
    by_code = oc.Policy(select=("oc104",), today=TODAY)
    by_name = oc.Policy(select=("group-session-not-on-meet",), today=TODAY)
    assert ["OC104"] == codes(meeting, by_code) == codes(meeting, by_name)


def test_unknown_selector_is_an_error() -> None:
    """A policy naming no rule fails at once, suggesting the nearest."""
    with pytest.raises(oc.InvalidPolicy, match="did you mean 'group-session-not-on-meet'"):
        oc.Policy(ignore=("group-sesion-not-on-meet",))
    with pytest.raises(oc.InvalidPolicy):
        oc.Policy(severity={"OC777": oc.Severity.INFO})


def test_severity_override() -> None:
    """A policy can grade a rule up or down."""
    meeting = oc.load_meeting(GROUP_ON_TEAMS)
    policy = oc.Policy(select=("OC104",), severity={"OC104": oc.Severity.ERROR}, today=TODAY)
    assert [oc.Severity.ERROR] == [violation.severity for violation in oc.check(meeting, policy)]


def test_paths_sort_in_record_order() -> None:
    """Findings of one rule come in record order: participants[2] before participants[10]."""
    people = [{"id": f"p{n}", "role": "staff"} for n in range(12)]
    record = {"id": "c", "kind": "patient_conference", "platform": "teams", "participants": people}
    found = [
        v.path for v in oc.check(oc.load_meeting(record), oc.Policy(select=("OC301",), today=TODAY))
    ]
    assert [f"participants[{n}].role" for n in range(12)] == found


def _waived(expires: str | None, rule: str = "OC104") -> oc.Meeting:
    waiver: dict[str, Any] = {"rule": rule, "reason": "booked before the change"}
    if expires is not None:
        waiver["expires"] = expires
    return oc.load_meeting({**GROUP_ON_TEAMS, "waivers": [waiver]})


def test_live_waiver_suppresses_its_rule() -> None:
    """A waiver that has not expired suppresses its rule's findings, and nothing else."""
    assert "OC104" in codes(oc.load_meeting(GROUP_ON_TEAMS))
    assert "OC104" not in codes(_waived("2027-01-01"))
    assert "OC902" not in codes(_waived("2027-01-01"))
    assert "OC104" not in codes(_waived(None))


def test_waiver_holds_through_its_expiry_day() -> None:
    """A waiver expiring today still holds; one that expired yesterday does not."""
    today = TODAY.isoformat()
    yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()
    assert {"OC104", "OC901"}.isdisjoint(codes(_waived(today)))
    expired = codes(_waived(yesterday))
    assert {"OC104", "OC901"} <= set(expired)


def test_expired_waiver_message_and_path() -> None:
    """OC901 points at the waiver and says when it expired."""
    found = [v for v in oc.check(_waived("2026-01-31"), POLICY) if v.code == "OC901"]
    assert [("waivers[0]", "the waiver for OC104 expired on 2026-01-31")] == [
        (v.path, v.message) for v in found
    ]


def test_unused_waiver() -> None:
    """A live waiver that suppressed nothing is reported; one for an ignored rule is not."""
    unused = _waived("2027-01-01", rule="OC105")
    assert "OC902" in codes(unused)
    assert "OC902" not in codes(unused, attrs.evolve(POLICY, ignore=("OC105",)))


def test_waiver_by_name_suppresses() -> None:
    """A waiver naming its rule by name works like one naming the code."""
    assert "OC104" not in codes(_waived("2027-01-01", rule="group-session-not-on-meet"))


@given(meetings())
def test_rules_outside_their_scope_never_fire(meeting: oc.Meeting) -> None:
    """No rule reports a meeting of a kind or platform it does not declare."""
    for violation in oc.check(meeting, POLICY):
        if violation.code.startswith("OC9"):
            continue
        assert oc.RULES[violation.code].applies_to(meeting.kind, meeting.platform)


_NEEDING = [rule for rule in oc.RULES.values() if rule.needs]


def test_rules_need_fields_that_hold_something_or_nothing() -> None:
    """A rule's needed fields are fields of the meeting, and none is a boolean."""
    fields = {field.name: field.type for field in attrs.fields(oc.Meeting)}
    for rule in _NEEDING:
        for name in rule.needs:
            assert name in fields, (rule.code, name)
            assert "bool" not in str(fields[name]), (rule.code, name)


@st.composite
def without_needed_fields(draw: st.DrawFn) -> tuple[oc.Rule, oc.Meeting]:
    """Draw a rule that needs fields, and a meeting where none of them holds anything."""
    rule = draw(st.sampled_from(_NEEDING))
    kinds = sorted(rule.kinds or oc.Kind, key=lambda kind: kind.value)
    platforms = sorted(rule.platforms or oc.Platform, key=lambda platform: platform.value)
    meeting = draw(meetings(kind=st.sampled_from(kinds), platform=st.sampled_from(platforms)))
    empty: dict[str, Any] = {}
    for name in rule.needs:
        value = getattr(meeting, name)
        choices = [()] if isinstance(value, tuple) else [None, ""] if name == "sms_text" else [None]
        empty[name] = draw(st.sampled_from(choices))
    return rule, attrs.evolve(meeting, **empty)


@given(without_needed_fields())
def test_a_rule_is_silent_when_no_field_it_needs_holds_anything(
    drawn: tuple[oc.Rule, oc.Meeting],
) -> None:
    """So the engine may skip it: ``Rule.needs`` is a promise the check keeps."""
    rule, meeting = drawn
    assert rule.check is not None
    assert list(rule.check(Context(meeting, POLICY))) == []


@given(meetings(waiver_list=st.lists(waivers, max_size=2).map(tuple)))
def test_skipping_rules_by_their_fields_changes_nothing(meeting: oc.Meeting) -> None:
    """The engine's findings are those of every rule of the record's scope, run."""
    context = Context(meeting, POLICY)
    found = [
        (rule, finding)
        for rule in POLICY.rules_for(meeting.kind, meeting.platform)
        if rule.check is not None
        for finding in rule.check(context)
    ]
    if meeting.waivers or POLICY.waivers:
        found, _ = apply_waivers(meeting, found, POLICY)
    expected = sorted(
        (
            oc.Violation(
                code=rule.code,
                name=rule.name,
                severity=POLICY.severity_of(rule.code),
                message=finding.message,
                path=finding.path,
                meeting_id=meeting.id,
                evidence=finding.evidence,
            )
            for rule, finding in found
        ),
        key=lambda violation: (violation.code, path_order(violation.path), violation.message),
    )
    assert expected == oc.check(meeting, POLICY)
