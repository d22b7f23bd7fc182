"""Reading a policy file: TOML in, :class:`Policy` settings out, every problem located.

A policy file is read as strictly as a record: unknown keys, unknown rule codes,
unknown values and wrong types are all errors, each reported with the file, the
line and the key path (``onlinecompliance.toml:4: ignor: unknown field …; did
you mean 'ignore'?``), because a misspelt key must never silently switch a rule
off. Everything is checked before anything is used, and every problem is
reported at once, in one :class:`~onlinecompliance.model.InvalidPolicy`.

:class:`PolicySettings` keeps where each value came from, so the command line
can let flags override the file and ``policy --show`` can say who set what.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from onlinecompliance.load.converter import field_errors, kebab_case, make_converter
from onlinecompliance.model import InvalidPolicy, Limits, LocalCriteria, Origin
from onlinecompliance.rules import RULES
from onlinecompliance.scan import Confidence, describe
from onlinecompliance.sources.toml_lines import KeyPath, key_lines, line_of, syntax_error_place

from .document import ConfidenceName, CriteriaTable, LimitsTable, PolicyDocument, WaiverTable
from .imports import conventions_of, import_errors
from .policy import Policy
from .waivers import PolicyWaiver

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover (Python 3.10)
    import tomli as tomllib

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

__all__ = [
    "PYPROJECT_TABLE",
    "PolicySettings",
    "load_policy",
    "parse_toml",
    "read_policy",
    "read_policy_text",
]

PYPROJECT_TABLE = ("tool", "onlinecompliance")
"""Where a policy sits in ``pyproject.toml``."""

_CONVERTER = make_converter(kebab_case)
_POLICY_FIELDS = {"import_": "imports"}
"""Document keys whose ``Policy`` field has another name: ``import`` is a Python keyword."""
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_DEFAULT = "default"


def _read_only(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


@attrs.frozen
class PolicySettings:
    """The keyword arguments of a :class:`Policy`, and where each one came from."""

    values: Mapping[str, Any] = attrs.field(factory=dict, converter=_read_only)
    """``Policy`` fields by name; a field left out keeps its default."""
    origins: Mapping[str, str] = attrs.field(factory=dict, converter=_read_only)
    """Where each of ``values`` came from: ``file:line``, or a flag such as ``--select``."""
    file: str | None = None
    """The policy file as named, or ``None`` for the built-in default."""

    def override(self, field: str, value: object, origin: str) -> PolicySettings:
        """Return these settings with ``field`` set to ``value``, as ``origin`` (a flag) says."""
        return attrs.evolve(
            self,
            values={**self.values, field: value},
            origins={**self.origins, field: origin},
        )

    def origin(self, field: str) -> str:
        """Say where ``field``'s value came from: a file and line, a flag, or ``default``."""
        return self.origins.get(field, _DEFAULT)

    def build(self) -> Policy:
        """Return the policy; raises :class:`InvalidPolicy` for a value a flag got wrong."""
        return Policy(**self.values)


def load_policy(path: str | Path) -> Policy:
    """Read a policy file (``onlinecompliance.toml``, or a ``pyproject.toml`` with a policy).

    Raises :class:`~onlinecompliance.model.InvalidPolicy` listing every problem,
    and :class:`OSError` when the file cannot be read.
    """
    return read_policy(path).build()


def read_policy(path: str | Path, name: str | None = None) -> PolicySettings:
    """Read the policy in the file at ``path`` into settings; ``name`` names it in messages.

    In a file called ``pyproject.toml`` the policy is the ``[tool.onlinecompliance]``
    table (an empty policy if there is none); anywhere else it is the whole file.
    """
    location = Path(path)
    shown = str(path) if name is None else name
    if location.is_dir():
        raise InvalidPolicy(f"{shown}: is a folder, not a policy file")
    content = location.read_bytes()
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"byte {error.start + 1} is not UTF-8; save the file as UTF-8"
        raise InvalidPolicy(f"{shown}: {message}") from None
    table = PYPROJECT_TABLE if location.name == "pyproject.toml" else ()
    return read_policy_text(text.removeprefix("\ufeff"), shown, table)


def read_policy_text(text: str, name: str, table: KeyPath = ()) -> PolicySettings:
    """Read the policy in TOML ``text`` (the table at ``table``, or the whole document)."""
    document = parse_toml(text, name)
    if not text.strip():
        raise InvalidPolicy(f"{name}: the policy file is empty; leave it out to use the defaults")
    data: object = document
    for key in table:
        data = data.get(key, {}) if isinstance(data, dict) else {}
    lines = key_lines(text)
    reader = _Reader(name, table, lines)
    return reader.settings(data)


def parse_toml(text: str, name: str) -> dict[str, Any]:
    """Parse TOML ``text``; a syntax error is an :class:`InvalidPolicy` at ``name:line:column``."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidPolicy(_syntax_error(name, error)) from None


class _Reader:
    """Reads one policy document, gathering every problem with its line."""

    def __init__(self, name: str, table: KeyPath, lines: Mapping[KeyPath, int]) -> None:
        self.name = name
        self.table = table
        self.lines = lines

    def settings(self, data: object) -> PolicySettings:
        try:
            document = _CONVERTER.structure(data, PolicyDocument)
        except Exception as error:  # noqa: BLE001 (cattrs groups any hook's error)
            found = [
                (problem.path, problem.message) for problem in field_errors(error, key=kebab_case)
            ]
            raise self._invalid(found) from None
        meaning = list(_meaning_errors(document))
        if meaning:
            raise self._invalid(meaning)
        return self._settings(document)

    def _invalid(self, problems: list[tuple[str, str]]) -> InvalidPolicy:
        """One error listing every problem, in the order of their lines."""
        located = sorted(
            (self._line(path), index, path, message)
            for index, (path, message) in enumerate(problems)
        )
        return InvalidPolicy(
            *(self._located(line, path, message) for line, _, path, message in located)
        )

    def _settings(self, document: PolicyDocument) -> PolicySettings:
        """Turn the keys the document has into ``Policy`` arguments, each with its line."""
        meanings: dict[str, Callable[[Any], object]] = {
            "min_confidence": lambda name: _CONFIDENCE[name],
            "recommended_browsers": frozenset,
            "meet_hosts": frozenset,
            "criteria": lambda tables: tuple(self._criteria(tables)),
            "waivers": lambda tables: tuple(self._waivers(tables)),
            "limits": _limits,
            "import_": conventions_of,
        }
        values: dict[str, object] = {}
        origins: dict[str, str] = {}
        for field in attrs.fields(PolicyDocument):
            value = getattr(document, field.name)
            if value is not None:
                name = _POLICY_FIELDS.get(field.name, field.name)
                values[name] = meanings.get(field.name, _same)(value)
                origins[name] = str(self._origin((kebab_case(field.name),)))
        origins |= {
            f"import.{name}": str(self._origin(("import", name))) for name in document.import_ or {}
        }
        return PolicySettings(values, origins, self.name)

    def _criteria(self, tables: tuple[CriteriaTable, ...]) -> Iterator[LocalCriteria]:
        for index, entry in enumerate(tables):
            yield LocalCriteria(
                department=entry.department,
                kinds=None if entry.kinds is None else frozenset(entry.kinds),
                platforms=None if entry.platforms is None else frozenset(entry.platforms),
                identities=None if entry.identities is None else frozenset(entry.identities),
                max_participants=entry.max_participants,
                origin=self._origin(("criteria", index)),
            )

    def _waivers(self, tables: tuple[WaiverTable, ...]) -> Iterator[PolicyWaiver]:
        for index, entry in enumerate(tables):
            yield PolicyWaiver(
                rule=entry.rule,
                reason=entry.reason,
                records=entry.records,
                departments=entry.departments,
                approved_by=entry.approved_by,
                expires=entry.expires,
                origin=self._origin(("waivers", index)),
            )

    def _origin(self, path: KeyPath) -> Origin:
        return Origin(self.name, line_of(self.lines, (*self.table, *path)))

    def _line(self, path: str) -> int:
        """Return the line of ``path``, or of the table that should hold it (0 for none)."""
        line = line_of(self.lines, (*self.table, *_key_path(path)))
        if line is None and self.table:
            line = line_of(self.lines, self.table)
        return line or 0

    def _located(self, line: int, path: str, message: str) -> str:
        where = f"{self.name}:{line}" if line else self.name
        shown = ".".join(str(part) for part in (*self.table, path) if part != "")
        return f"{where}: {shown}: {message}" if shown else f"{where}: {message}"


_CONFIDENCE = {
    ConfidenceName.LOW: Confidence.LOW,
    ConfidenceName.MEDIUM: Confidence.MEDIUM,
    ConfidenceName.HIGH: Confidence.HIGH,
}


def _same(value: object) -> object:
    return value


def _limits(table: LimitsTable) -> Limits:
    given = {key: value for key, value in attrs.asdict(table).items() if value is not None}
    return Limits(**given)


def _meaning_errors(document: PolicyDocument) -> Iterator[tuple[str, str]]:
    """Problems the types cannot show: unknown rules, empty globs, waivers that pick nothing."""
    yield from _rule_errors(document)
    for index, entry in enumerate(document.criteria or ()):
        yield from _criteria_errors(f"criteria[{index}]", entry)
    for index, waiver in enumerate(document.waivers or ()):
        yield from _waiver_errors(f"waivers[{index}]", waiver)
    yield from import_errors(document.import_ or {})
    if document.limits is not None:
        for field in attrs.fields(LimitsTable):
            value = getattr(document.limits, field.name)
            if value is not None and value < 1:
                yield f"limits.{kebab_case(field.name)}", "must be at least 1"


def _rule_errors(document: PolicyDocument) -> Iterator[tuple[str, str]]:
    """Selectors and severity keys that name no rule."""
    if document.select is not None and not document.select:
        yield "select", "names no rule; leave it out to run every rule"
    for key in ("select", "ignore"):
        for index, selector in enumerate(getattr(document, key) or ()):
            if not RULES.matching(selector):
                yield f"{key}[{index}]", RULES.unknown(selector, describe(selector))
    for key in document.severity or {}:
        if RULES.lookup(key) is None:
            yield f"severity.{key}", RULES.unknown(key, describe(key))


def _criteria_errors(path: str, entry: CriteriaTable) -> Iterator[tuple[str, str]]:
    if not entry.department.strip():
        yield f"{path}.department", "must be a glob such as 'RH-Kardio*'"
    if entry.max_participants is not None and entry.max_participants < 1:
        yield f"{path}.max-participants", "must be at least 1"


def _waiver_errors(path: str, waiver: WaiverTable) -> Iterator[tuple[str, str]]:
    rule = RULES.lookup(waiver.rule)
    if rule is None:
        yield f"{path}.rule", RULES.unknown(waiver.rule, describe(waiver.rule))
    elif not rule.waivable:
        yield f"{path}.rule", f"{rule.code} cannot be waived"
    if not waiver.reason.strip():
        yield f"{path}.reason", "must give a reason"
    if waiver.records is None and waiver.departments is None:
        yield path, "must pick records (a glob on ids), departments (a glob), or both"
    for key in ("records", "departments"):
        glob = getattr(waiver, key)
        if glob is not None and not glob.strip():
            yield f"{path}.{key}", "must be a glob such as 'vk-2026-*'"


def _key_path(path: str) -> Iterator[str | int]:
    """Turn ``criteria[1].max-participants`` back into ``("criteria", 1, "max-participants")``."""
    for name, index in _PATH_PART.findall(path):
        yield int(index) if index else name


def _syntax_error(name: str, error: tomllib.TOMLDecodeError) -> str:
    """Locate a TOML syntax error as ``file:line:column``; the message quotes no input."""
    message, line, column = syntax_error_place(error)
    return f"{name}:{line}:{column}: not valid TOML (line {line}, column {column}): {message}"
