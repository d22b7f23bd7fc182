"""Reading records: strict types, exact error paths, whole-record invariants."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.load.rfc3339 import parse_rfc3339, parse_rfc3339_fields
from strategies import meetings

MINIMAL: dict[str, Any] = {"id": "m-1", "kind": "video_consultation", "platform": "minsp"}


def errors_of(data: object) -> list[tuple[str, str]]:
    """Return the (path, message) pairs ``load_meeting`` raises for ``data``."""
    with pytest.raises(oc.InvalidRecord) as raised:
        oc.load_meeting(data)
    return [tuple(error) for error in raised.value.errors]  # type: ignore[misc]


@given(meetings())
def test_round_trip(meeting: oc.Meeting) -> None:
    """Writing a meeting out and reading it back gives the same meeting."""
    assert meeting == oc.load_meeting(oc.dump_meeting(meeting))


def test_minimal_record() -> None:
    """Only id, kind and platform are required."""
    meeting = oc.load_meeting(MINIMAL)
    assert (meeting.id, meeting.kind, meeting.platform) == (
        "m-1",
        oc.Kind.VIDEO_CONSULTATION,
        oc.Platform.MINSP,
    )


def test_missing_required_fields() -> None:
    """Every missing required field is reported at its path."""
    expected = [
        ("id", "required field is missing"),
        ("platform", "required field is missing"),
        ("participants[0].role", "required field is missing"),
    ]
    assert expected == errors_of({"kind": "group_session", "participants": [{"id": "p1"}]})


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("documented_in_sp", "no", "expected true or false, got 'no'"),
        ("documented_in_sp", 1, "expected true or false, got a number"),
        ("department", 7, "expected a string, got a number"),
        ("sms_text", ["a"], "expected a string, got an array"),
        ("participants", {"id": "p1"}, "expected an array, got an object"),
        ("participants", "p1", "expected an array, got a string of 2 characters"),
        ("room", "https://x", "expected an object, got a string of 9 characters"),
        ("room", "https://x/1", "expected an object, got a string of 11 characters"),
    ],
)
def test_strict_types(field: str, value: object, message: str) -> None:
    """A value of the wrong JSON type is an error, never coerced."""
    assert [(field, message)] == errors_of({**MINIMAL, field: value})


def test_integer_field_does_not_take_booleans_and_floats_stay_exact() -> None:
    """``admitted_hours`` takes any finite number >= 0 but not a boolean or a string."""
    for bad in (True, "52", float("nan"), -1):
        assert errors_of({**MINIMAL, "advisory": {"admitted_hours": bad}})[0][0] == (
            "advisory.admitted_hours"
        )
    meeting = oc.load_meeting({**MINIMAL, "advisory": {"admitted_hours": 7.9}})
    assert meeting.advisory is not None
    assert meeting.advisory.admitted_hours == 7.9


def test_unknown_enum_value_lists_allowed_values() -> None:
    """A misspelt enum value names every allowed value."""
    data = {**MINIMAL, "participants": [{"id": "p1", "role": "docter"}]}
    expected = [
        (
            "participants[0].role",
            (
                "'docter' is not one of: doctor, health_staff, external_health_staff, patient, "
                "relative, interpreter, staff, guest"
            ),
        )
    ]
    assert expected == errors_of(data)


def test_unknown_field_suggests_nearest() -> None:
    """An unknown field is an error that suggests the nearest known one."""
    data = {**MINIMAL, "participants": [{"id": "p1", "role": "doctor", "orgnisation": "region"}]}
    expected = [
        (
            "participants[0].orgnisation",
            "unknown field: 'orgnisation'; did you mean 'organisation'?",
        )
    ]
    assert expected == errors_of(data)


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-20T10:00:00+01:00",
        "2026-11-20T09:00:00Z",
        "2026-11-20 10:00:00.125+01:00",
        "2026-11-20t09:00:00.123456789z",
    ],
)
def test_datetime_forms(text: str) -> None:
    """RFC 3339 date-times with an offset are read, in every allowed form."""
    meeting = oc.load_meeting({**MINIMAL, "start": text})
    assert meeting.start is not None
    assert meeting.start.utcoffset() is not None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-11-20T10:00:00", "date-time has no UTC offset; add one, e.g. +01:00 or Z"),
        (
            "2026-02-30T10:00:00Z",
            (
                "expected an RFC 3339 date-time such as 2026-11-20T10:00:00+01:00; "
                "this date or time does not exist"
            ),
        ),
        (
            "20 nov 2026",
            (
                "expected an RFC 3339 date-time such as 2026-11-20T10:00:00+01:00, "
                "got a string of 11 characters"
            ),
        ),
    ],
)
def test_bad_datetimes(text: str, message: str) -> None:
    """A naive, impossible or malformed date-time is an error at its path."""
    assert [("start", message)] == errors_of({**MINIMAL, "start": text})


_DATE_TIMES = st.from_regex(
    r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})?\Z"
)


def _read(parse: Any, text: str) -> tuple[datetime.datetime, Any] | str:
    """Read ``text`` to its value and offset (aware values compare equal across offsets)."""
    try:
        value = parse(text)
    except ValueError as problem:
        return str(problem)
    return value.replace(tzinfo=None), value.utcoffset()


@given(
    st.one_of(
        _DATE_TIMES,
        st.builds(
            "{}-{:02}-{:02}T{:02}:{:02}:{:02}{}".format,
            st.integers(1, 9999).map("{:04}".format),
            st.integers(1, 12),
            st.integers(1, 28),
            st.integers(0, 23),
            st.integers(0, 59),
            st.integers(0, 59),
            st.sampled_from(["Z", "+01:00", "-00:30", "+23:59", "+01:60", "-24:00", ".123Z"]),
        ),
    )
)
def test_fast_datetime_path_agrees_with_the_fields(text: str) -> None:
    """The ``fromisoformat`` shortcut reads every date-time as the field-by-field path does."""
    assert _read(parse_rfc3339, text) == _read(parse_rfc3339_fields, text)


def test_offset_minutes_beyond_59_are_refused() -> None:
    """RFC 3339 offsets have minutes 00-59: ``+01:60`` is not two hours."""
    assert errors_of({**MINIMAL, "start": "2026-11-20T10:00:00+01:60"}) == [
        (
            "start",
            (
                "expected an RFC 3339 date-time such as 2026-11-20T10:00:00+01:00, "
                "got '2026-11-20T10:00:00+01:60'"
            ),
        )
    ]


def test_datetime_objects_from_toml() -> None:
    """Aware datetimes (as TOML gives them) are accepted; naive ones are not."""
    aware = datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.timezone.utc)
    assert oc.load_meeting({**MINIMAL, "start": aware}).start == aware
    assert errors_of({**MINIMAL, "start": aware.replace(tzinfo=None)})[0][0] == "start"


def test_waiver_expiry_is_a_date() -> None:
    """``expires`` takes a date, as a string or a date object, not a date-time."""
    waiver = {"rule": "OC102", "reason": "no MitID"}
    for good in ("2027-03-31", datetime.date(2027, 3, 31)):
        meeting = oc.load_meeting({**MINIMAL, "waivers": [{**waiver, "expires": good}]})
        assert meeting.waivers[0].expires == datetime.date(2027, 3, 31)
    bad = datetime.datetime(2027, 3, 31, tzinfo=datetime.timezone.utc)
    assert (
        errors_of({**MINIMAL, "waivers": [{**waiver, "expires": bad}]})[0][0]
        == "waivers[0].expires"
    )


def test_participant_ids_unique() -> None:
    """A repeated participant id is an error at the later participant."""
    data = {
        **MINIMAL,
        "participants": [{"id": "p1", "role": "doctor"}, {"id": "p1", "role": "patient"}],
    }
    assert [("participants[1].id", "repeats the id of participants[0]")] == errors_of(data)


def test_references_must_name_participants() -> None:
    """Chat senders and the advisory caller must be participants of the record."""
    data = {
        **MINIMAL,
        "participants": [{"id": "p1", "role": "doctor"}],
        "chat": [{"sender": "p1", "text": "ok"}, {"sender": "px", "text": "ok"}],
        "advisory": {"caller": "p2"},
    }
    expected = [
        ("chat[1].sender", "names no participant of this record: 'px'"),
        ("advisory.caller", "names no participant of this record: 'p2'"),
    ]
    assert expected == errors_of(data)


@pytest.mark.parametrize(
    ("waiver", "expected"),
    [
        (
            {"rule": "minsp-fallback-undocumnted", "reason": "x"},
            (
                "waivers[0].rule",
                (
                    "'minsp-fallback-undocumnted' is not a rule code or name; "
                    "did you mean 'minsp-fallback-undocumented'?"
                ),
            ),
        ),
        ({"rule": "OC901", "reason": "x"}, ("waivers[0].rule", "OC901 cannot be waived")),
        ({"rule": "OC102", "reason": "  "}, ("waivers[0].reason", "must give a reason")),
    ],
)
def test_waiver_invariants(waiver: dict[str, str], expected: tuple[str, str]) -> None:
    """A waiver names a known, waivable rule and gives a reason."""
    assert [expected] == errors_of({**MINIMAL, "waivers": [waiver]})


def test_waiver_by_name() -> None:
    """A waiver may name its rule by kebab-case name."""
    meeting = oc.load_meeting(
        {**MINIMAL, "waivers": [{"rule": "minsp-fallback-undocumented", "reason": "x"}]}
    )
    assert meeting.waivers[0].rule == "minsp-fallback-undocumented"


@pytest.mark.parametrize("data", [[MINIMAL], "text", 3, None])
def test_record_must_be_an_object(data: object) -> None:
    """Anything but a mapping is one error at the record itself."""
    assert errors_of(data)[0][0] == ""


_FIELD_CORRUPTIONS = st.sampled_from(
    [
        ("kind", 3),
        ("platform", "skype"),
        ("documented_in_sp", "yes"),
        ("start", "2026-11-20T10:00"),
        ("room", []),
        ("sms_text", 12),
    ]
)


@given(meetings(), _FIELD_CORRUPTIONS)
def test_corrupted_top_level_field_reported_at_its_path(
    meeting: oc.Meeting, corruption: tuple[str, object]
) -> None:
    """Corrupting one field of a valid record gives exactly one error, at that field."""
    field, value = corruption
    data = {**oc.dump_meeting(meeting), field: value}
    assert [field] == [path for path, _ in errors_of(data)]


@given(meetings().filter(lambda meeting: len(meeting.participants) > 0), st.data())
def test_corrupted_participant_field_reported_at_its_path(
    meeting: oc.Meeting, data: st.DataObject
) -> None:
    """Corrupting a participant's role is reported at that participant's index."""
    record = oc.dump_meeting(meeting)
    index = data.draw(st.integers(min_value=0, max_value=len(meeting.participants) - 1))
    record["participants"][index]["role"] = "surgeon"
    assert [f"participants[{index}].role"] == [path for path, _ in errors_of(record)]


def test_messages_never_quote_digits() -> None:
    """A value with digits is described, not quoted: it may be a CPR number."""
    data = {
        **MINIMAL,
        "participants": [{"id": "p1", "role": "0101901234"}],
        "chat": [{"text": 101019012}],
    }
    messages = " ".join(message for _, message in errors_of(data))
    assert re.search(r"\d{3}", messages) is None


def test_dates_take_ascii_digits_only() -> None:
    """Digits from other scripts do not make a date: the format is ASCII."""
    waiver = {"rule": "OC102", "reason": "x", "expires": "\u0662\u0660\u0662\u0667-03-31"}
    assert ["waivers[0].expires"] == [
        path for path, _ in errors_of({**MINIMAL, "waivers": [waiver]})
    ]
