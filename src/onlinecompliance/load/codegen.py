"""Write the fast structurer (:mod:`.fast`) from the attrs classes of the model.

The converter (:mod:`.converter`) reads a record with cattrs' detailed
validation, which gathers every problem with its path but costs most of what
loading a record costs. Nearly every record of a log is well formed, so
:func:`~onlinecompliance.load.load_meeting` first tries a plain structurer
that only accepts: exact JSON types, known keys, enum values, nothing else. It
gives up at the first doubt (it returns ``None``), and the record goes the slow
way, which then finds the same value or says what is wrong. So the fast path
never decides an error, only a success, and on success builds the same value
the slow path builds (the Hypothesis tests in ``tests/test_fast_structure.py``
hold both to that on generated and corrupted records).

:func:`structurer_source` walks the classes mechanically, so a change to the
model is one run of ``python scripts/generate.py`` away; a test fails while the
committed :mod:`.fast` is stale. Types it does not inline (anything but
strings, booleans, whole numbers, enumerations, attrs classes, optional values,
``tuple[X, ...]`` and ``dict[str, str]``) are structured with the converter's own hook for them,
which is as correct, only slower.
"""

from __future__ import annotations

import enum
import re
import types
import typing
from typing import Any

import attrs

from onlinecompliance.model import Meeting

__all__ = ["structurer_source"]

_EXACT: dict[object, str] = {str: "str", bool: "bool", int: "int"}
"""Types accepted as they are when ``type(value) is`` the type (a bool is no int here)."""
_FACTORY: type = type(attrs.Factory(list))
_EMPTY: dict[object, str] = {dict: "{}", list: "[]"}
"""Defaults made by ``factory=dict`` or ``factory=list``, spelt as literals."""


def structurer_source(root: type = Meeting) -> str:
    """Return the source of the module that structures ``root`` records fast."""
    writer = _Writer()
    writer.function_of(root)
    return writer.module(root)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _optional_of(type_: object) -> object | None:
    """Return ``X`` for ``X | None``, or ``None`` when ``type_`` is not optional."""
    if typing.get_origin(type_) in {typing.Union, types.UnionType}:
        args = [arg for arg in typing.get_args(type_) if arg is not type(None)]
        if len(args) == 1 and len(typing.get_args(type_)) == 2:
            inner: object = args[0]
            return inner
    return None


def _item_of(type_: object) -> object | None:
    """Return ``X`` for ``tuple[X, ...]``, or ``None`` for any other type."""
    args = typing.get_args(type_)
    if typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis:
        item: object = args[0]
        return item
    return None


class _Writer:
    """Collects the functions and tables of the generated module as it walks the types."""

    def __init__(self) -> None:
        self.functions: dict[type, list[str]] = {}
        self.enums: dict[type, str] = {}
        self.hooks: dict[type, str] = {}
        self.imports: dict[str, set[str]] = {}

    def _import(self, cls: type) -> str:
        self.imports.setdefault(cls.__module__, set()).add(cls.__qualname__)
        return cls.__qualname__

    def function_of(self, cls: type) -> str:
        """Return the name of the function that structures ``cls``, writing it if new."""
        name = f"_{_snake(cls.__name__)}"
        if cls in self.functions:
            return name
        self.functions[cls] = []  # taken before the fields: a class may nest itself
        attrs.resolve_types(cls)
        keys = f"_{_snake(cls.__name__).upper()}_KEYS"
        lines = [
            _wrapped(f"{keys} = frozenset({{{', '.join(_keys(cls))}}})"),
            "",
            "",
            f"def {name}(data: object) -> {self._import(cls)}:",
            f"    if type(data) is not dict or not {keys}.issuperset(data):",
            "        raise _Slow",
        ]
        for field in attrs.fields(cls):
            lines += self._field(cls, field)
        # By position where the field allows it: a call by keywords costs about half again
        # as much, for every object of every record.
        lines.append(f"    return {cls.__qualname__}(")
        lines += [
            f"        {field.alias}={field.name}_," if field.kw_only else f"        {field.name}_,"
            for field in attrs.fields(cls)
        ]
        lines.append("    )")
        self.functions[cls] = lines
        return name

    def _field(self, cls: type, field: attrs.Attribute[Any]) -> list[str]:
        """Return the statements that set ``<name>_`` to the field's value from ``data``."""
        key, local = f'"{field.name}"', f"{field.name}_"
        inner = _optional_of(field.type)
        guard, expression = self._parts(field.type if inner is None else inner)
        if inner is not None:
            guard = guard and f"value is not None and {guard}"
            expression = f"None if value is None else {expression}"
            if expression.endswith(" else value"):
                expression = "value"
        if field.default is attrs.NOTHING:
            lines = [f"    value = data[{key}]"]
        elif field.default is None and inner is not None:
            lines = [f"    value = data.get({key})"]  # absent and null are both None
        else:
            default = self._default(cls, field)
            lines = [f"    value = data.get({key}, _ABSENT)"]
            guard = guard and f"value is not _ABSENT and {guard}"
            expression = f"{default} if value is _ABSENT else {expression}"
        if guard:
            lines += [f"    if {guard}:", "        raise _Slow"]
        return [*lines, f"    {local} = {expression}"]

    def _default(self, cls: type, field: attrs.Attribute[Any]) -> str:
        """Spell the field's default: a literal, or read from the class where it is not one."""
        if field.default is None or field.default == ():
            return repr(field.default)
        empty = _EMPTY.get(getattr(field.default, "factory", None))
        if empty is not None:
            return empty
        self.imports.setdefault("attrs", set())
        spelt = f"attrs.fields({self._import(cls)}).{field.name}.default"
        return f"{spelt}.factory()" if isinstance(field.default, _FACTORY) else spelt

    def _parts(self, type_: object) -> tuple[str, str]:
        """Return the test that sends ``value`` to the slow path ("" for none) and its value."""
        if type_ in _EXACT:
            return f"type(value) is not {_EXACT[type_]}", "value"
        item = _item_of(type_)
        if item is not None:
            return "type(value) is not list", f"tuple([{self._item(item)} for item in value])"
        if typing.get_origin(type_) is dict and typing.get_args(type_) == (str, str):
            return "not _is_text_table(value)", "dict(value)"
        if isinstance(type_, type) and issubclass(type_, enum.Enum):
            return "type(value) is not str", f"{self._enum_table(type_)}[value]"
        if isinstance(type_, type) and attrs.has(type_):
            return "", f"{self.function_of(type_)}(value)"
        return "", f"{self._hook(type_)}(value, {self._type(type_)})"

    def _item(self, type_: object) -> str:
        """Return an expression that structures ``item``, an element of an array."""
        if isinstance(type_, type) and attrs.has(type_):
            return f"{self.function_of(type_)}(item)"
        return f"{self._hook(type_)}(item, {self._type(type_)})"

    def _enum_table(self, type_: type[enum.Enum]) -> str:
        name = f"_{_snake(type_.__name__).upper()}_VALUES"
        self.enums[type_] = name
        self._import(type_)
        return name

    def _hook(self, type_: object) -> str:
        """Name the converter's hook for ``type_``: the slow path's own code for the type."""
        if not isinstance(type_, type):
            raise TypeError(f"no fast structuring for {type_!r}; add a case to codegen")
        return self.hooks.setdefault(type_, f"_structure_{_snake(type_.__name__)}")

    def _type(self, type_: object) -> str:
        """Spell the class ``type_`` in the generated module, importing its module."""
        if not isinstance(type_, type):
            raise TypeError(f"no fast structuring for {type_!r}; add a case to codegen")
        if type_.__module__ == "builtins":
            return type_.__qualname__
        self.imports.setdefault(type_.__module__, set())
        return f"{type_.__module__}.{type_.__qualname__}"

    def module(self, root: type) -> str:
        """Return the whole module's source."""
        name = self.function_of(root)
        tables = [
            f"{table} = {{member.value: member for member in {cls.__qualname__}}}"
            for cls, table in sorted(self.enums.items(), key=lambda item: item[1])
        ]
        hooks = [
            f"{hook} = _CONVERTER.get_structure_hook({self._type(type_)})"
            for type_, hook in sorted(self.hooks.items(), key=lambda item: item[1])
        ]
        functions = "\n\n\n".join("\n".join(lines) for lines in reversed(self.functions.values()))
        head = _HEAD.format(root=root.__qualname__, imports=self._import_lines(), name=name)
        return f"{head}\n\n" + "\n".join([*tables, *hooks]) + f"\n\n\n{functions}\n"

    def _import_lines(self) -> str:
        """Return the import statements, grouped and sorted as ruff sorts them."""
        plain = sorted(module for module, names in self.imports.items() if not names)
        standard = [f"import {module}" for module in plain if module != "attrs"]
        standard.append("from typing import Any")
        third_party = ["import attrs"] if "attrs" in self.imports else []
        ours = []
        for module in sorted(module for module, names in self.imports.items() if names):
            listed = "".join(f"    {name},\n" for name in sorted(self.imports[module]))
            ours.append(f"from {module} import (\n{listed})")
        groups = [standard, third_party, ours, ["from .converter import make_converter"]]
        return "\n\n".join("\n".join(group) for group in groups if group)


def _keys(cls: type) -> list[str]:
    return [f'"{field.name}"' for field in attrs.fields(cls)]


def _wrapped(line: str) -> str:
    """Break ``NAME = frozenset({...})`` one key a line when it is too long, as ruff would."""
    if len(line) <= _LINE_LENGTH:
        return line
    name, _, rest = line.partition(" = frozenset({")
    keys = rest.removesuffix("})").split(", ")
    listed = "".join(f"        {key},\n" for key in keys)
    return f"{name} = frozenset(\n    {{\n{listed}    }}\n)"


_LINE_LENGTH = 100

_HEAD = '''\
# ruff: noqa: C901, PLR0912, PLR0915 (one function a class, one statement group a field)
"""Structure a {root} record fast, or give up: generated by ``scripts/generate.py``.

Do not edit: :mod:`onlinecompliance.load.codegen` writes this module from the
attrs classes of the model. It accepts exact JSON types and known keys only,
and gives up (``None``) at the first doubt; the slow path then decides.
"""

from __future__ import annotations

{imports}

__all__ = ["structure_fast"]


class _Slow(Exception):
    """Raised where the fast path is not sure: the slow path decides the record."""


_ABSENT: Any = object()
_CONVERTER = make_converter()


def structure_fast(data: object) -> {root} | None:
    """Return the record as {root}, or ``None`` where the slow path must decide."""
    try:
        return {name}(data)
    except Exception:  # noqa: BLE001 (any doubt at all: the slow path reads the record)
        return None


def _is_text_table(value: object) -> bool:
    """Whether ``value`` is a JSON object of strings (``dict[str, str]``)."""
    return type(value) is dict and all(type(item) is str for item in value.values())
'''
