"""Tests for the OC6xx rules: advice under the 72-hour treatment responsibility."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.model import (
    Advisory,
    AdvisoryMode,
    Destination,
    Kind,
    Meeting,
    Organisation,
    Platform,
    Role,
)
from strategies import (
    aware_datetimes,
    codes,
    flags,
    meetings,
    offsets,
    optional,
    participant_lists,
    participants,
)

ADVISORY = st.just(Kind.ADVISORY_72H)
KINDS = ADVISORY | st.sampled_from(Kind)
"""Any kind, advisory contacts half of the time."""
WINDOW = dt.timedelta(hours=72)
HEALTH_PROFESSIONALS = {Role.DOCTOR, Role.HEALTH_STAFF, Role.EXTERNAL_HEALTH_STAFF}
CALLER_ORGANISATIONS = {
    Organisation.MUNICIPALITY,
    Organisation.GENERAL_PRACTICE,
    Organisation.ACUTE_LINE_1813,
}
COVERED = {
    Destination.TEMPORARY_MUNICIPAL_BED,
    Destination.NURSING_HOME,
    Destination.HOME_NURSING,
    Destination.MUNICIPAL_RESIDENCE,
}

admitted_hours = optional(
    st.sampled_from([0.0, 23.5, 23.999, 24.0, 24.001, 52.0])
    | st.floats(min_value=0, max_value=500, allow_nan=False)
)
eligibility = st.builds(
    Advisory,
    discharged_at=optional(aware_datetimes),
    admitted_hours=admitted_hours,
    adult=flags,
    somatic=flags,
    destination=optional(st.sampled_from(Destination)),
    mode=optional(st.sampled_from(AdvisoryMode)),
)
"""Advisory facts without a caller, so any meeting's participants fit."""
near_window = st.sampled_from(
    [
        -dt.timedelta(seconds=1),
        dt.timedelta(0),
        WINDOW,
        WINDOW + dt.timedelta(seconds=1),
        WINDOW + dt.timedelta(microseconds=1),
    ]
) | st.timedeltas(min_value=-dt.timedelta(hours=6), max_value=WINDOW + dt.timedelta(hours=6))
LATE_BY_ONE_SECOND = (
    "the contact started 72 h 1 s after the discharge, outside the 72 hours the scheme covers"
)
callers = participants(
    role=st.sampled_from([*HEALTH_PROFESSIONALS, Role.STAFF, Role.GUEST, Role.PATIENT]),
    organisation=st.sampled_from([None, *Organisation]),
)


def found(meeting: Meeting, code: str) -> list[oc.Violation]:
    """Return the violations of one rule for a meeting."""
    return [violation for violation in oc.check(meeting) if violation.code == code]


def call(**changes: Any) -> Meeting:
    """Load an eligible phone advisory 43 hours after discharge, with ``changes`` applied.

    A key ``advisory`` updates the advisory object rather than replacing it.
    """
    advisory = {
        "discharged_at": "2026-11-18T14:00:00+01:00",
        "admitted_hours": 52,
        "adult": True,
        "somatic": True,
        "destination": "nursing_home",
        "caller": "p1",
        "discharging_department": "HGH-Medicin",
        "callee_department": "HGH-Medicin",
        "mode": "phone",
        **changes.pop("advisory", {}),
    }
    data = {
        "id": "a-1",
        "kind": "advisory_72h",
        "platform": "phone",
        "start": "2026-11-20T09:00:00+01:00",
        "participants": [{"id": "p1", "role": "health_staff", "organisation": "municipality"}],
        "advisory": advisory,
        **changes,
    }
    return oc.load_meeting(data)


@pytest.mark.parametrize("code", ["OC601", "OC602", "OC603", "OC604"])
def test_examples_fire_and_corrections_do_not(code: str) -> None:
    """Each rule fires on its example and not on its corrected record."""
    rule = oc.RULES[code]
    assert code in codes(oc.load_meeting(rule.example))
    assert code not in codes(oc.load_meeting(rule.use_instead))


@st.composite
def timed_calls(draw: st.DrawFn) -> tuple[Meeting, dt.timedelta]:
    """Draw an advisory contact whose start lies a known time after the discharge.

    Start and discharge are written with independent UTC offsets.
    """
    meeting = draw(meetings(kind=ADVISORY, advisory=eligibility))
    discharged = draw(aware_datetimes)
    since = draw(near_window)
    start = (discharged + since).astimezone(draw(offsets))
    advisory = attrs.evolve(meeting.advisory or Advisory(), discharged_at=discharged)
    return attrs.evolve(meeting, start=start, advisory=advisory), since


@given(timed_calls())
def test_oc601_fires_exactly_outside_the_window(case: tuple[Meeting, dt.timedelta]) -> None:
    """OC601 fires when the contact starts before the discharge or over 72 hours after."""
    meeting, since = case
    expected = since < dt.timedelta(0) or since > WINDOW
    assert [violation.path for violation in found(meeting, "OC601")] == (
        ["start"] if expected else []
    )


@given(meetings(kind=KINDS, advisory=optional(eligibility)))
def test_oc601_needs_an_advisory_with_both_times(meeting: Meeting) -> None:
    """OC601 fires only on advisory contacts whose start and discharge are both known."""
    advisory = meeting.advisory
    start = meeting.start
    expected = (
        meeting.kind is Kind.ADVISORY_72H
        and advisory is not None
        and advisory.discharged_at is not None
        and start is not None
        and not dt.timedelta(0) <= start - advisory.discharged_at <= WINDOW
    )
    assert ("OC601" in codes(meeting)) == expected


@pytest.mark.parametrize(
    ("start", "message"),
    [
        ("2026-11-21T14:00:00+01:00", None),
        ("2026-11-21T13:00:00Z", None),
        ("2026-11-21T15:00:00+02:00", None),
        ("2026-11-18T14:00:00+01:00", None),
        (
            "2026-11-21T14:00:01+01:00",
            LATE_BY_ONE_SECOND,
        ),
        (
            "2026-11-21T15:00:01+02:00",
            LATE_BY_ONE_SECOND,
        ),
        ("2026-11-18T13:59:59+01:00", "the contact started 1 s before the discharge"),
        ("2026-11-18T12:30:00Z", "the contact started 30 min before the discharge"),
    ],
)
def test_oc601_window_boundaries(start: str, message: str | None) -> None:
    """72 hours exactly is inside, one second more or before the discharge is not, on any offset."""
    violations = found(call(start=start), "OC601")
    assert [violation.message for violation in violations] == ([] if message is None else [message])


def test_oc601_unknown_times_are_not_reported() -> None:
    """Without a start or a discharge time there is nothing to compare."""
    assert found(call(start=None), "OC601") == []
    assert (
        found(call(start="2030-01-01T00:00:00Z", advisory={"discharged_at": None}), "OC601") == []
    )


@given(meetings(kind=KINDS, advisory=optional(eligibility)))
def test_oc602_fires_exactly_on_known_ineligibility(meeting: Meeting) -> None:
    """OC602 fires once on an advisory contact with any known fact outside the scheme."""
    advisory = meeting.advisory
    expected = (
        meeting.kind is Kind.ADVISORY_72H
        and advisory is not None
        and (
            advisory.adult is False
            or advisory.somatic is False
            or (advisory.admitted_hours is not None and advisory.admitted_hours < 24)
            or advisory.destination is Destination.OTHER
        )
    )
    assert [violation.path for violation in found(meeting, "OC602")] == (
        ["advisory"] if expected else []
    )


@pytest.mark.parametrize(
    ("hours", "fires"), [(24, False), (24.0, False), (23.5, True), (0, True), (1000, False)]
)
def test_oc602_admitted_hours_boundary(hours: float, fires: bool) -> None:
    """24 hours of admission is enough; 23.5 is not."""
    assert bool(found(call(advisory={"admitted_hours": hours}), "OC602")) == fires


def test_oc602_names_every_reason_in_one_finding() -> None:
    """One finding lists every failed condition."""
    meeting = call(
        advisory={"adult": False, "somatic": False, "admitted_hours": 23.5, "destination": "other"}
    )
    (violation,) = found(meeting, "OC602")
    assert violation.message == (
        "the patient is outside the 72-hour scheme: not an adult; not a somatic patient; "
        "admitted 23.5 hours, under 24; "
        "discharged to other, not a covered municipal destination"
    )


@pytest.mark.parametrize("destination", sorted(d.value for d in COVERED))
def test_oc602_covered_destinations_pass(destination: str) -> None:
    """Each municipal destination of the scheme is covered."""
    assert found(call(advisory={"destination": destination}), "OC602") == []


def test_oc602_unknown_facts_are_not_reported() -> None:
    """Facts left out do not make a patient ineligible."""
    unknown = {"adult": None, "somatic": None, "admitted_hours": None, "destination": None}
    assert found(call(advisory=unknown), "OC602") == []


@st.composite
def calls_with_parties(draw: st.DrawFn) -> Meeting:
    """Draw a meeting with an advisory whose caller, when set, is one of its participants."""
    meeting = draw(meetings(kind=KINDS, people=participant_lists(callers, min_size=1, max_size=3)))
    departments = st.sampled_from(["HGH-Medicin", "RH-Kardiologi", "hgh-medicin", None])
    advisory = st.builds(
        Advisory,
        caller=st.sampled_from([None, *(person.id for person in meeting.participants)]),
        discharging_department=departments,
        callee_department=departments,
    )
    return attrs.evolve(meeting, advisory=draw(advisory))


@given(calls_with_parties())
def test_oc603_reports_each_failed_party(meeting: Meeting) -> None:
    """OC603 reports a known wrong caller and a department mismatch, one finding each."""
    expected: list[str] = []
    advisory = meeting.advisory
    if meeting.kind is Kind.ADVISORY_72H and advisory is not None:
        people = {person.id: person for person in meeting.participants}
        caller = people.get(advisory.caller) if advisory.caller is not None else None
        if (
            caller is not None
            and caller.organisation not in {None, Organisation.UNKNOWN}
            and (
                caller.role not in HEALTH_PROFESSIONALS
                or caller.organisation not in CALLER_ORGANISATIONS
            )
        ):
            expected.append("advisory.caller")
        departments = (advisory.callee_department, advisory.discharging_department)
        if None not in departments and departments[0] != departments[1]:
            expected.append("advisory.callee_department")
    assert sorted(violation.path for violation in found(meeting, "OC603")) == sorted(expected)


@pytest.mark.parametrize(
    ("caller", "fires"),
    [
        ({"role": "doctor", "organisation": "general_practice"}, False),
        ({"role": "external_health_staff", "organisation": "acute_line_1813"}, False),
        ({"role": "health_staff", "organisation": "municipality"}, False),
        ({"role": "health_staff", "organisation": "region"}, True),
        ({"role": "doctor", "organisation": "private"}, True),
        ({"role": "relative", "organisation": "municipality"}, True),
        ({"role": "guest", "organisation": "unknown"}, False),
        ({"role": "guest"}, False),
    ],
)
def test_oc603_caller(caller: dict[str, str], fires: bool) -> None:
    """The caller must be a health professional of a municipality, GP or 1813, when known."""
    meeting = call(participants=[{"id": "p1", **caller}])
    assert [violation.path for violation in found(meeting, "OC603")] == (
        ["advisory.caller"] if fires else []
    )


def test_oc603_department_mismatch_and_wrong_caller_are_two_findings() -> None:
    """A wrong caller and a wrong department give one finding each, with their paths."""
    meeting = call(
        participants=[{"id": "p1", "role": "staff", "organisation": "municipality"}],
        advisory={"callee_department": "RH-Kardiologi"},
    )
    violations = found(meeting, "OC603")
    assert len(violations) == 2
    assert {violation.path: violation.message for violation in violations} == {
        "advisory.caller": (
            "the caller participant p1 (staff) of organisation municipality is not a health "
            "professional of a municipality, general practice or the 1813 acute line"
        ),
        "advisory.callee_department": (
            "the call went to department 'RH-Kardiologi', not the discharging department "
            "'HGH-Medicin'"
        ),
    }


@pytest.mark.parametrize(
    ("callee", "discharging", "fires"),
    [
        ("HGH-Medicin", "HGH-Medicin", False),
        ("hgh-medicin", "HGH-Medicin", True),
        (None, "HGH-Medicin", False),
        ("HGH-Medicin", None, False),
    ],
)
def test_oc603_departments_compare_exactly_when_both_set(
    callee: str | None, discharging: str | None, fires: bool
) -> None:
    """Departments compare exactly, and only when both are known."""
    advisory = {"callee_department": callee, "discharging_department": discharging}
    assert bool(found(call(advisory=advisory), "OC603")) == fires


@given(meetings(kind=KINDS, advisory=optional(eligibility)))
def test_oc604_fires_exactly_on_video_off_sms_video_and_meet(meeting: Meeting) -> None:
    """OC604 fires on a video advisory contact on a platform other than SMS video or Meet."""
    expected = (
        meeting.kind is Kind.ADVISORY_72H
        and meeting.advisory is not None
        and meeting.advisory.mode is AdvisoryMode.VIDEO
        and meeting.platform not in {Platform.SMS_VIDEO, Platform.MEET}
    )
    assert [violation.path for violation in found(meeting, "OC604")] == (
        ["platform"] if expected else []
    )


@pytest.mark.parametrize("platform", sorted(p.value for p in Platform))
def test_oc604_per_platform(platform: str) -> None:
    """Video advice is fine on SMS video and Meet only; phone advice is never reported."""
    video = call(platform=platform, advisory={"mode": "video"})
    assert bool(found(video, "OC604")) == (platform not in {"sms_video", "meet"})
    assert found(call(platform=platform), "OC604") == []
    assert found(call(platform=platform, advisory={"mode": None}), "OC604") == []
