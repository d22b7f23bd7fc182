"""The policy in force, written as a policy file that says where each value came from.

``onlinecompliance policy --show`` prints :func:`render_policy`. The output is
itself a valid policy file: read back, it gives the same policy, so a user can
start a policy file from it. Each key ends with a comment naming its origin: a
file and line, a flag, or ``default``.
"""

from __future__ import annotations

import datetime
import enum
import json
from typing import TYPE_CHECKING

from onlinecompliance.load.converter import kebab_case
from onlinecompliance.scan import Confidence
from onlinecompliance.sources.exports import FORMATS

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from onlinecompliance.model import LocalCriteria
    from onlinecompliance.sources.exports import Conventions

    from .file import PolicySettings
    from .policy import Policy
    from .waivers import PolicyWaiver

__all__ = ["render_policy"]


def render_policy(settings: PolicySettings) -> str:
    """Return the policy ``settings`` build as TOML, with each value's origin."""
    policy = settings.build()
    source = settings.file or "none (the built-in default policy)"
    lines = [
        "# The policy in force, and where each value came from.",
        f"# Policy file: {source}",
        f"# Rules in force: {len(policy.enabled_rules)}",
        f"# Fingerprint key: {_key_state(policy, settings)}",
        "",
        *_top_level(policy, settings),
    ]
    if policy.severity:
        lines += ["", f"[severity]  # {settings.origin('severity')}"]
        lines += [f"{key} = {_value(level)}" for key, level in sorted(policy.severity.items())]
    lines += ["", f"[limits]  # {settings.origin('limits')}"]
    lines += [
        f"{kebab_case(field)} = {getattr(policy.limits, field)}"
        for field in ("line_length", "nesting_depth", "participants", "chat_messages")
    ]
    lines.append(f"text-characters = {policy.limits.text_characters}")
    for entry in policy.criteria:
        lines += ["", f"[[criteria]]  # {entry.origin or settings.origin('criteria')}"]
        lines += list(_criteria(entry))
    for waiver in policy.waivers:
        lines += ["", f"[[waivers]]  # {waiver.origin or settings.origin('waivers')}"]
        lines += list(_waiver(waiver))
    lines += ["", *_IMPORT_DEFAULTS]
    for name, conventions in sorted(policy.imports.items()):
        lines += ["", f"[import.{name}]  # {settings.origin(f'import.{name}')}"]
        lines += list(_conventions(name, conventions))
    return "\n".join(lines) + "\n"


_IMPORT_DEFAULTS = (
    "# Reading exports (--from): an alias or URL at one of meet-hosts means Meet, and times",
    "# without an offset are UTC, unless an [import.<format>] table below says otherwise.",
)


def _conventions(name: str, conventions: Conventions) -> Iterator[str]:
    """Write the keys the format reads, with their values in force."""
    export = FORMATS.get(name)
    reads = export.settings if export is not None else frozenset()
    values = {
        "kinds": _table(conventions.kinds),
        "platforms": _table(conventions.platforms),
        "region-tenants": _value(sorted(conventions.region_tenants)),
        "virtual-desktop-networks": _value(
            [str(network) for network in conventions.virtual_desktop_networks]
        ),
        "timezone": _value(conventions.timezone),
    }
    for key, value in values.items():
        if key in reads:
            yield f"{key} = {value}"


def _table(pairs: Iterable[tuple[str, enum.Enum]]) -> str:
    """Write glob-to-value pairs as a TOML inline table, in the order that matches first."""
    return "{" + ", ".join(f"{_string(glob)} = {_value(value)}" for glob, value in pairs) + "}"


def _top_level(policy: Policy, settings: PolicySettings) -> Iterator[str]:
    if policy.select is None:
        yield "# select: every rule (default)"
    else:
        yield f"select = {_value(policy.select)}  # {settings.origin('select')}"
    for field in ("ignore", "fail_on", "min_confidence", "today"):
        value = _value(getattr(policy, field))
        yield f"{kebab_case(field)} = {value}  # {_origin(settings, field)}"
    for field in ("recommended_browsers", "meet_hosts"):
        values = sorted(getattr(policy, field), key=_text)
        yield f"{kebab_case(field)} = {_value(values)}  # {_origin(settings, field)}"


def _key_state(policy: Policy, settings: PolicySettings) -> str:
    """Say whether masked values carry fingerprints; never the key."""
    if policy.fingerprint_key is None:
        return "none (masked values carry no fingerprint)"
    return f"set, from {settings.origin('fingerprint_key')}"


def _origin(settings: PolicySettings, field: str) -> str:
    origin = settings.origin(field)
    if field == "today" and origin == "default":
        return "default: the local date"
    return origin


def _criteria(entry: LocalCriteria) -> Iterator[str]:
    yield f"department = {_value(entry.department)}"
    for field in ("kinds", "platforms", "identities"):
        allowed = getattr(entry, field)
        if allowed is not None:
            yield f"{field} = {_value(sorted(allowed, key=_text))}"
    if entry.max_participants is not None:
        yield f"max-participants = {entry.max_participants}"


def _waiver(waiver: PolicyWaiver) -> Iterator[str]:
    for field in ("rule", "records", "departments", "reason", "approved_by", "expires"):
        value = getattr(waiver, field)
        if value is not None:
            yield f"{kebab_case(field)} = {_value(value)}"


def _value(value: object) -> str:
    """Write a value as TOML: strings quoted as JSON quotes them, which TOML reads alike."""
    if isinstance(value, Confidence):
        return _string(str(value))
    if isinstance(value, enum.Enum):
        return _string(value.value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def _string(text: str) -> str:
    """Quote ``text`` as a TOML basic string (JSON's escapes, and DEL, which TOML forbids)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _text(value: object) -> str:
    return value.value if isinstance(value, enum.Enum) else str(value)
