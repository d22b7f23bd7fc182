"""Reading RFC 3339 date-times, the form every time in a record is written in.

A log holds two or three date-times a record, so reading them is a measurable
part of loading one (issue 12). Almost all are written in one form, the one
``datetime.isoformat()`` writes, seconds and an offset or ``Z``; the C parser
``datetime.fromisoformat`` reads that form alike on every Python this project
supports, and about five times faster than building the value from a match's
groups. Every other form RFC 3339 allows (a space or lower-case ``t``, a
lower-case ``z``, a fraction of any length) is read field by field.
"""

from __future__ import annotations

import datetime
import re

from onlinecompliance.scan import describe

__all__ = ["parse_rfc3339"]

_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?"
    r"(?:([Zz])|([+-])(\d{2}):([0-5]\d))?",  # minutes 00-59, or timedelta carries them over
    re.ASCII,
)
_ISOFORMAT = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3}(?:\d{3})?)?(?:Z|[+-]\d{2}:[0-5]\d)", re.ASCII
)
"""The form ``fromisoformat`` reads alike on Python 3.10 and later, once a ``Z`` is replaced."""

_EXPECTED = "expected an RFC 3339 date-time such as 2026-11-20T10:00:00+01:00"
_NO_SUCH_TIME = f"{_EXPECTED}; this date or time does not exist"


def parse_rfc3339(text: str) -> datetime.datetime:
    """Read an RFC 3339 date-time; a missing offset gives a naive value, for the caller to refuse.

    Raises :class:`ValueError` saying what was expected; ``text`` is shown only
    as :func:`~onlinecompliance.scan.describe` shows a value.
    """
    if _ISOFORMAT.fullmatch(text):
        if text.endswith("Z"):  # Python 3.10's fromisoformat does not read Z
            text = text[:-1] + "+00:00"
        try:
            return datetime.datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(_NO_SUCH_TIME) from None
    return parse_rfc3339_fields(text)


def parse_rfc3339_fields(text: str) -> datetime.datetime:
    """Read any RFC 3339 date-time field by field: the general path, and the tests' reference."""
    match = _RFC3339.fullmatch(text)
    if match is None:
        raise ValueError(f"{_EXPECTED}, got {describe(text)}")
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    microsecond = int((fraction or "0")[:6].ljust(6, "0"))
    tzinfo: datetime.tzinfo | None = None
    try:
        if zulu:
            tzinfo = datetime.timezone.utc
        elif sign:
            offset = datetime.timedelta(hours=int(off_h), minutes=int(off_m))
            tzinfo = datetime.timezone(-offset if sign == "-" else offset)
        return datetime.datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            microsecond,
            tzinfo=tzinfo,
        )
    except ValueError:
        raise ValueError(_NO_SUCH_TIME) from None
