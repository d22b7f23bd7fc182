"""The one place that builds cattrs converters, for records and for policy files.

cattrs coerces on purpose: ``"no"`` would become ``True`` and ``7.9`` would
become ``7``. In a compliance log that turns a typo into a silently passed rule,
so every scalar gets a strict hook here, containers must be the JSON kind they
claim to be, unknown fields are errors, and :func:`field_errors` turns cattrs's
exception groups into ``(path, message)`` pairs with exact paths.

Records spell their keys like the attributes (``snake_case``); policy files
spell them in kebab-case, as ruff's configuration does. A converter made with
``key=kebab_case`` reads and names keys that way, in paths and suggestions too.
"""

from __future__ import annotations

import datetime
import difflib
import enum
import math
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, mapping_structure_factory
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from onlinecompliance.load.rfc3339 import parse_rfc3339
from onlinecompliance.model import FieldError
from onlinecompliance.scan import describe, kind_of

__all__ = ["KeyStyle", "field_errors", "kebab_case", "make_converter", "snake_case"]

KeyStyle = Callable[[str], str]
"""How a converter spells the key of an attribute in the data it reads."""


def snake_case(name: str) -> str:
    """Spell a key as the attribute is named: the record format's style."""
    return name


def kebab_case(name: str) -> str:
    """Spell ``max_participants`` as ``max-participants``: the policy file's style.

    A trailing underscore, which keeps a Python keyword free (``import_``), is dropped.
    """
    return name.rstrip("_").replace("_", "-")


_T = TypeVar("_T")
_E = TypeVar("_E", bound=enum.Enum)

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_SHOWABLE_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,39}", re.ASCII)
"""A table key fit for a path: a rule code or name, never a number that may be a CPR number."""


class _Mismatch(ValueError):
    """A value of the wrong type or form; the message says what was expected."""


def _structure_str(value: object, _: type) -> str:
    if isinstance(value, str):
        return value
    raise _Mismatch(f"expected a string, got {describe(value)}")


def _structure_bool(value: object, _: type) -> bool:
    if isinstance(value, bool):
        return value
    raise _Mismatch(f"expected true or false, got {describe(value)}")


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _Mismatch(f"expected a whole number, got {describe(value)}")


def _structure_number(value: object, _: type) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:
            raise _Mismatch("expected a number of a sensible size") from None
        if math.isfinite(number):
            return number
        raise _Mismatch("expected a finite number")
    raise _Mismatch(f"expected a number, got {describe(value)}")


def _structure_datetime(value: object, _: type) -> datetime.datetime:
    """Accept an RFC 3339 string or an aware datetime (as TOML gives), nothing naive."""
    if isinstance(value, datetime.datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = parse_rfc3339(value)
        except ValueError as problem:
            raise _Mismatch(str(problem)) from None
    else:
        raise _Mismatch(f"expected an RFC 3339 date-time string, got {describe(value)}")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise _Mismatch("date-time has no UTC offset; add one, e.g. +01:00 or Z")
    return parsed


def _structure_date(value: object, _: type) -> datetime.date:
    """Accept ``YYYY-MM-DD`` or a date (as TOML gives), not a date-time."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    expected = "expected a date such as 2027-03-31"
    if isinstance(value, str) and (match := _ISO_DATE.fullmatch(value)):
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise _Mismatch(f"{expected}; this date does not exist") from None
    raise _Mismatch(f"{expected}, got {describe(value)}")


def _enum_hook(enum_type: type[_E]) -> Callable[[object, type], _E]:
    members = {member.value: member for member in enum_type}
    allowed = ", ".join(members)

    def structure_enum(value: object, _: type) -> _E:
        member = members.get(value) if isinstance(value, str) else None
        if member is None:
            raise _Mismatch(f"{describe(value)} is not one of: {allowed}")
        return member

    return structure_enum


def _is_enum(type_: object) -> bool:
    return isinstance(type_, type) and issubclass(type_, enum.Enum)


def _is_variadic_tuple(type_: object) -> bool:
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _array_hook(
    converter: cattrs.Converter, tuple_type: type[tuple[object, ...]]
) -> Callable[[object, type], tuple[object, ...]]:
    """Structure ``tuple[X, ...]`` from a JSON array only: a string or object is an error."""
    structure_items = homogenous_tuple_structure_factory(tuple_type, converter)

    def structure_array(value: object, type_: type) -> tuple[object, ...]:
        if not isinstance(value, list | tuple):
            raise _Mismatch(f"expected an array, got {kind_of(value)}")
        items: tuple[object, ...] = structure_items(value, type_)
        return items

    return structure_array


def _is_string_mapping(type_: object) -> bool:
    args = get_args(type_)
    return get_origin(type_) in {dict, Mapping} and len(args) == 2 and args[0] is str


def _mapping_hook(
    converter: cattrs.Converter, mapping_type: type[dict[str, object]]
) -> Callable[[object, type], dict[str, object]]:
    """Structure ``dict[str, X]`` from a JSON object or TOML table only."""
    structure_items = mapping_structure_factory(mapping_type, converter)

    def structure_mapping(value: object, type_: type) -> dict[str, object]:
        if not isinstance(value, Mapping):
            raise _Mismatch(f"expected a table, got {kind_of(value)}")
        items: dict[str, object] = structure_items(value, type_)
        return items

    return structure_mapping


def _object_hook(
    converter: cattrs.Converter, cls: type[_T], key: KeyStyle
) -> Callable[[object, type], _T]:
    """Structure an attrs class from a mapping only, with unknown keys forbidden."""
    structure_fields = make_dict_structure_fn(
        cls, converter, _cattrs_forbid_extra_keys=True, **_renames(cls, key)
    )

    def structure_object(value: object, type_: type) -> _T:
        if not isinstance(value, Mapping):
            raise _Mismatch(f"expected an object, got {kind_of(value)}")
        return structure_fields(value, type_)

    return structure_object


def _renames(cls: type, key: KeyStyle) -> dict[str, Any]:
    """Return cattrs overrides for the attributes whose key is spelt differently."""
    return {
        field.name: override(rename=key(field.name))
        for field in attrs.fields(cls)
        if key(field.name) != field.name
    }


def make_converter(key: KeyStyle = snake_case) -> cattrs.Converter:
    """Return a converter that reads data strictly and writes it back as plain JSON data.

    ``key`` spells each attribute's key in the data. Unstructuring leaves out
    fields that hold their default (``None`` or an empty array), so a record
    written back is as short as the one read.
    """
    converter = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_number)
    converter.register_structure_hook(datetime.datetime, _structure_datetime)
    converter.register_structure_hook(datetime.date, _structure_date)
    converter.register_structure_hook_factory(_is_enum, _enum_hook)
    converter.register_structure_hook_factory(
        _is_variadic_tuple, lambda type_: _array_hook(converter, type_)
    )
    converter.register_structure_hook_factory(
        _is_string_mapping, lambda type_: _mapping_hook(converter, type_)
    )
    converter.register_structure_hook_factory(
        attrs.has, lambda cls: _object_hook(converter, cls, key)
    )

    converter.register_unstructure_hook(datetime.datetime, datetime.datetime.isoformat)
    converter.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    converter.register_unstructure_hook_factory(
        attrs.has,
        lambda cls: make_dict_unstructure_fn(
            cls, converter, _cattrs_omit_if_default=True, **_renames(cls, key)
        ),
    )
    return converter


def field_errors(
    error: BaseException, path: str = "", key: KeyStyle = snake_case
) -> list[FieldError]:
    """Flatten an exception raised while structuring into ``(path, message)`` pairs.

    Paths read like the data: ``participants[2].client.browser`` in a record,
    ``criteria[1].max-participants`` in a policy file (``key=kebab_case``).
    """
    if isinstance(error, ClassValidationError | IterableValidationError):
        noted: list[tuple[BaseException, AttributeValidationNote | IterableValidationNote]]
        noted, without = error.group_exceptions()  # type: ignore[assignment]
        found = [
            problem
            for inner, note in noted
            for problem in field_errors(inner, _join(path, note, key), key)
        ]
        return found + [problem for inner in without for problem in field_errors(inner, path, key)]
    if isinstance(error, ForbiddenExtraKeysError):
        known = [key(field.name) for field in attrs.fields(error.cl)]
        return [
            _unknown_field_error(path, extra, known)
            for extra in sorted(error.extra_fields, key=repr)
        ]
    if isinstance(error, KeyError):
        return [FieldError(path, "required field is missing")]
    if isinstance(error, _Mismatch):
        return [FieldError(path, str(error))]
    return [FieldError(path, f"cannot be read ({type(error).__name__})")]


def _join(path: str, note: AttributeValidationNote | IterableValidationNote, key: KeyStyle) -> str:
    if isinstance(note, AttributeValidationNote):
        return _join_name(path, key(note.name))
    index = note.index
    if isinstance(index, str):  # a table's key, such as a rule code under [severity]
        return _join_name(path, index) if _SHOWABLE_KEY.fullmatch(index) else path
    return f"{path}[{index}]"


def _join_name(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _unknown_field_error(path: str, key: object, known: list[str]) -> FieldError:
    """Report an unknown field at its own path, or at its parent's when the key is unfit to show.

    Keys that are not strings can come from Python mappings handed to the library.
    """
    if not isinstance(key, str):
        return FieldError(path, f"a field name must be a string, got {describe(key)}")
    shown = describe(key)
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of: {', '.join(known)}"
    field_path = _join_name(path, key) if shown == repr(key) else path
    return FieldError(field_path, f"unknown field: {shown}{hint}")
