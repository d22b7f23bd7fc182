"""The JSON Schema (draft 2020-12) of the meeting record, generated from the model.

:func:`meeting_schema` walks the attrs classes of :mod:`onlinecompliance.model`,
so the schema follows the classes that :func:`~onlinecompliance.load_meeting`
reads into; :func:`schema_of` does the same for any attrs class, such as the
policy file's (:mod:`onlinecompliance.policy.schema`). The files in
``schemas/`` are :func:`render`'s output, written by ``scripts/generate.py``;
a test fails when one is stale.

Descriptions are the summary lines of the model's docstrings: a class's for its
object, an enumeration's for a field of that type, and an attribute docstring
(a string right below a field) for that field.

The schema states structure and types only. What needs a value or the whole
record stays with the loader: non-empty and unique ids, ``admitted_hours`` >= 0,
participant references, waiver rule names. A record that validates can still
be an input error; a record that does not validate is always one. The loader
also takes a space between date and time, which ``format: date-time`` does not.
"""

from __future__ import annotations

import ast
import datetime as dt
import enum
import functools
import inspect
import itertools
import json
import sys
import types
import typing
from typing import Any

import attrs

from onlinecompliance.model import Meeting

from .converter import KeyStyle, snake_case

__all__ = ["meeting_schema", "render", "schema_of"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_TITLE = "Meeting record (version 1)"

_SCALARS: dict[object, dict[str, str]] = {
    str: {"type": "string"},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    float: {"type": "number"},
    dt.datetime: {"type": "string", "format": "date-time"},
    dt.date: {"type": "string", "format": "date"},
}


def meeting_schema() -> dict[str, Any]:
    """Return the JSON Schema of one meeting record, as JSON-ready data."""
    return schema_of(Meeting, _TITLE) | {"allOf": [_HAND_WRITTEN]}


def _not_given(key: str) -> dict[str, Any]:
    """Match a record where ``key`` is left out or null."""
    return {"anyOf": [{"not": {"required": [key]}}, {"properties": {key: {"type": "null"}}}]}


_GIVEN = {"not": {"type": "null"}}
_HAND_WRITTEN: dict[str, Any] = {
    "if": _not_given("imported"),
    "then": {
        "required": ["platform"],
        "properties": {
            "platform": _GIVEN,
            "participants": {"items": {"required": ["role"], "properties": {"role": _GIVEN}}},
        },
        "if": _not_given("tenant_policy"),
        "then": {"required": ["kind"], "properties": {"kind": _GIVEN}},
    },
}
"""A record without ``imported`` is hand-written: it must give its platform, its kind
(unless it describes a tenant policy) and every participant's role."""


def schema_of(
    root: type, title: str, *, key: KeyStyle = snake_case, nulls: bool = True
) -> dict[str, Any]:
    """Return the JSON Schema of data read into the attrs class ``root``.

    ``key`` spells the keys as the converter reading the data does. With
    ``nulls``, an optional field may be ``null``, as in a JSON record; without,
    it may only be left out, as in TOML, which has no null.
    """
    walker = _Walker(key, nulls)
    root_schema = walker.object_schema(root) | {"title": title}
    return {"$schema": _DIALECT, **root_schema, "$defs": dict(sorted(walker.defs.items()))}


def render(schema: dict[str, Any]) -> str:
    """Return a schema as JSON text, the same on every run and platform."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


class _Walker:
    """Walks attrs classes into one schema, gathering nested classes in ``defs``."""

    def __init__(self, key: KeyStyle, nulls: bool) -> None:
        self.key = key
        self.nulls = nulls
        self.defs: dict[str, dict[str, Any]] = {}

    def object_schema(self, cls: type) -> dict[str, Any]:
        """Return the schema of an attrs class: its fields, those without a default required."""
        hints = typing.get_type_hints(cls)
        class_def = _class_def(cls)
        field_docs = _attribute_docs(class_def)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            name = self.key(field.name)
            schema = self.type_schema(hints[field.name])
            if field.name in field_docs:
                schema.pop("description", None)  # the field's own words beat its type's
                schema = {"description": field_docs[field.name], **schema}
            if field.default is attrs.NOTHING:
                required.append(name)
            elif self.nulls or field.default is not None:
                schema["default"] = _json_default(cls, field)
            properties[name] = schema
        return {
            "title": cls.__name__,
            **_described(class_def),
            "type": "object",
            "properties": properties,
            **({"required": required} if required else {}),
            "additionalProperties": False,
        }

    def type_schema(self, hint: object) -> dict[str, Any]:
        """Return the schema of one resolved type hint; nested attrs classes go into ``defs``."""
        if hint in _SCALARS:
            return dict(_SCALARS[hint])
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin in {typing.Union, types.UnionType} and len(args) == 2 and type(None) in args:
            (present,) = (arg for arg in args if arg is not type(None))
            schema = self.type_schema(present)
            return _nullable(schema) if self.nulls else schema
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.type_schema(args[0])}
        if origin is dict and len(args) == 2 and args[0] is str:
            return {"type": "object", "additionalProperties": self.type_schema(args[1])}
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            return {**_described(_class_def(hint)), "enum": [member.value for member in hint]}
        if isinstance(hint, type) and attrs.has(hint):
            if hint.__name__ not in self.defs:
                self.defs[hint.__name__] = {}  # claimed before the walk, so a cycle ends here
                self.defs[hint.__name__] = self.object_schema(hint)
            return {"$ref": f"#/$defs/{hint.__name__}"}
        raise TypeError(f"no JSON Schema for the type {hint!r}")


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """Allow ``null`` besides ``schema``, written as plainly as the schema allows."""
    if "enum" in schema:
        return schema | {"enum": [*schema["enum"], None]}
    if isinstance(schema.get("type"), str):
        return schema | {"type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def _json_default(cls: type, field: attrs.Attribute[Any]) -> object:
    """Return a field's default as JSON: ``None`` is null, an empty tuple an empty array."""
    default = field.default
    if default is None or isinstance(default, str | bool | int | float):
        return default
    if default == ():
        return []
    if default == attrs.Factory(dict):
        return {}
    raise TypeError(f"no JSON default for {cls.__name__}.{field.name}: {default!r}")


def _described(class_def: ast.ClassDef) -> dict[str, str]:
    """Return ``{"description": summary}`` of a class docstring, or nothing without one."""
    docstring = ast.get_docstring(class_def)
    return {"description": _summary(docstring)} if docstring else {}


def _attribute_docs(class_def: ast.ClassDef) -> dict[str, str]:
    """Return the summary of each attribute docstring in a class body, by field name."""
    return {
        statement.target.id: _summary(following.value.value)
        for statement, following in itertools.pairwise(class_def.body)
        if isinstance(statement, ast.AnnAssign)
        and isinstance(statement.target, ast.Name)
        and isinstance(following, ast.Expr)
        and isinstance(following.value, ast.Constant)
        and isinstance(following.value.value, str)
    }


def _summary(docstring: str) -> str:
    """Return the first line of a docstring."""
    return inspect.cleandoc(docstring).partition("\n")[0]


def _class_def(cls: type) -> ast.ClassDef:
    """Return a module-level class's parsed source, where docstrings survive ``python -OO``."""
    return _module_classes(cls.__module__)[cls.__qualname__]


@functools.cache
def _module_classes(module_name: str) -> dict[str, ast.ClassDef]:
    """Parse the module-level classes of a module from its source, by name."""
    tree = ast.parse(inspect.getsource(sys.modules[module_name]))
    return {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
