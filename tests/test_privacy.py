"""Personal data never leaks: no output, repr or error repeats a CPR number or free text."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.model import ChatMessage, Invitation
from onlinecompliance.report import (
    REPORTERS,
    Options,
    RecordReports,
    Report,
    Summary,
    render,
    reports_for,
    summarise,
)
from strategies import POLICY, cpr_numbers, meetings

SECRET_WORD = "Hemmeligtord"  # noqa: S105 (a marker word, not a password)


def leaks(cpr: str, output: str) -> bool:
    """Whether ``output`` holds six or more consecutive digits of ``cpr``, or the secret word."""
    digits = cpr.replace("-", "")
    windows = {digits[start : start + 6] for start in range(len(digits) - 5)}
    return SECRET_WORD in output or any(window in output for window in windows)


def every_format(name: str, reports: list[Report], summary: Summary) -> str:
    """Return the whole report of one record's findings in the format ``name``."""
    item = RecordReports("log.jsonl", 1, reports[0].record if reports else None, tuple(reports))
    options = Options(colour=True, rules=tuple(oc.RULES.values()), version="test")
    return "".join(render(name, [item], summary, options=options))


def with_secrets(meeting: oc.Meeting, cpr: str, where: str) -> oc.Meeting:
    """Put the CPR number and a secret word into one free-text field."""
    text = f"{SECRET_WORD} cpr {cpr}"
    if where == "chat":
        return attrs.evolve(meeting, chat=(*meeting.chat, ChatMessage(text=text)))
    if where == "invitation":
        return attrs.evolve(meeting, invitation=Invitation(subject=text, body=text))
    return attrs.evolve(meeting, sms_text=text)


def everything_printed(meeting: oc.Meeting) -> str:
    """Every string the library makes from a meeting without being asked for the data."""
    violations = oc.check(meeting, POLICY)
    parts: list[Any] = [repr(meeting), repr(violations)]
    parts.extend(attrs.astuple(violation) for violation in violations)
    parts.extend(
        repr(detection)
        for message in meeting.chat
        for detection in oc.scan_text(message.text, policy=POLICY)
    )
    return "\n".join(str(part) for part in parts)


@given(meetings(), cpr_numbers(), st.sampled_from(["chat", "invitation", "sms"]))
def test_check_and_repr_never_show_cpr_or_text(meeting: oc.Meeting, cpr: str, where: str) -> None:
    """Violations, evidence and reprs of a meeting with a CPR number hold none of its digits."""
    secret = with_secrets(meeting, cpr, where)
    assert not leaks(cpr, everything_printed(secret))


@given(meetings(), cpr_numbers(), st.sampled_from(["chat", "invitation", "sms"]))
def test_no_output_format_shows_cpr_or_text(meeting: oc.Meeting, cpr: str, where: str) -> None:
    """Every format the command line offers writes the findings without the secret."""
    secret = with_secrets(meeting, cpr, where)
    result = oc.RecordResult(0, secret.id, violations=tuple(oc.check(secret, POLICY)))
    reports = reports_for(result, "log.jsonl", 1)
    summary = summarise(reports, records_read=1, records_checked=1, records_invalid=0)
    shown = {name: every_format(name, reports, summary) for name in REPORTERS}
    assert [] == [name for name, output in shown.items() if leaks(cpr, output)]


@given(meetings(), cpr_numbers())
def test_input_errors_never_show_cpr(meeting: oc.Meeting, cpr: str) -> None:
    """A CPR number in the wrong place is described in the error, not repeated."""
    record = oc.dump_meeting(meeting)
    record["platform"] = cpr
    record["chat"] = [{"text": 7, "sender": cpr}]
    record[cpr] = cpr
    try:
        oc.load_meeting(record)
    except oc.InvalidRecord as invalid:
        shown = f"{invalid}\n{invalid.errors!r}\n{invalid!r}"
    else:
        raise AssertionError("the record should not load")
    assert not leaks(cpr, shown)


@given(cpr_numbers())
def test_repr_of_free_text_fields_shows_length_only(cpr: str) -> None:
    """Chat messages, invitations and SMS text show their length in repr, not their text."""
    text = f"{SECRET_WORD} {cpr}"
    shown = repr((ChatMessage(text=text), Invitation(subject=text, body=text)))
    assert not leaks(cpr, shown)
    assert f"<{len(text)} characters>" in shown


@given(meetings(), cpr_numbers(), st.booleans())
def test_identifiers_holding_cpr_are_masked_everywhere(
    meeting: oc.Meeting, cpr: str, keyed: bool
) -> None:
    """A CPR number used as an id, a department or a sender shows in no format nor repr."""
    person = oc.Participant(id=f"pt {cpr}", role=oc.Role.PATIENT)
    secret = attrs.evolve(
        meeting,
        id=cpr,
        department=f"afd {cpr}",
        participants=(*meeting.participants, person),
        chat=(*meeting.chat, ChatMessage(text="hej", sender=person.id)),
    )
    key = b"k" * 16 if keyed else None
    violations = oc.check(secret, attrs.evolve(POLICY, fingerprint_key=key))
    result = oc.RecordResult(0, secret.id, violations=tuple(violations))
    reports = reports_for(result, "log.jsonl", 1, key=key)
    summary = summarise(reports, records_read=1, records_checked=1, records_invalid=0)
    shown = [repr(secret), repr(violations)]
    shown.extend(every_format(name, reports, summary) for name in REPORTERS)
    assert [] == [text for text in shown if leaks(cpr, text)]
