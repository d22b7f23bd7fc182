"""The policy's ``[import.<format>]`` tables: a site's conventions for reading exports.

An export often cannot tell a fact our rules need (the kind of a Pexip
conference, whether a Teams tenant is the region's). Where a site's own
convention tells it, the convention is written here, per format, and each
format reads only the keys it declares (``ExportFormat.settings``), so a key
written under the wrong format is an error rather than silently unused.
"""

from __future__ import annotations

import difflib
import ipaddress
import zoneinfo
from typing import TYPE_CHECKING

import attrs

from onlinecompliance.load.converter import kebab_case
from onlinecompliance.scan import describe
from onlinecompliance.sources.exports import FORMATS, Conventions

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from .document import ImportTable

__all__ = ["conventions_of", "import_errors"]


def import_errors(tables: Mapping[str, ImportTable]) -> Iterator[tuple[str, str]]:
    """Problems the types cannot show: unknown formats, keys a format does not read, bad values."""
    for name, table in tables.items():
        path = f"import.{name}"
        export = FORMATS.get(name)
        if export is None:
            yield path, _unknown_format(name)
            continue
        for key in _keys_given(table):
            if key not in export.settings:
                reads = ", ".join(sorted(export.settings)) or "no key"
                yield f"{path}.{key}", f"{name} does not use this key; it reads: {reads}"
        yield from _value_errors(path, table)


def _value_errors(path: str, table: ImportTable) -> Iterator[tuple[str, str]]:
    for key, globs in (("kinds", table.kinds), ("platforms", table.platforms)):
        if any(not glob.strip() for glob in globs or {}):
            yield f"{path}.{key}", "a glob must not be empty, such as 'vk-*'"
    for index, network in enumerate(table.virtual_desktop_networks or ()):
        if not _is_network(network):
            message = f"{describe(network)} is not an address range such as 10.20.0.0/16"
            yield f"{path}.virtual-desktop-networks[{index}]", message
    if table.timezone is not None and not _is_zone(table.timezone):
        message = f"{describe(table.timezone)} is not a time zone such as 'Europe/Copenhagen'"
        yield f"{path}.timezone", message


def conventions_of(tables: Mapping[str, ImportTable]) -> dict[str, Conventions]:
    """Turn checked tables into each format's conventions (``meet-hosts`` is added later)."""
    return {name: _conventions(table) for name, table in tables.items()}


def _conventions(table: ImportTable) -> Conventions:
    defaults = Conventions()
    return Conventions(
        kinds=tuple((table.kinds or {}).items()),
        platforms=tuple((table.platforms or {}).items()),
        region_tenants=frozenset(tenant.casefold() for tenant in table.region_tenants or ()),
        virtual_desktop_networks=tuple(
            ipaddress.ip_network(network, strict=False)
            for network in table.virtual_desktop_networks or ()
        ),
        timezone=defaults.timezone if table.timezone is None else table.timezone,
    )


def _keys_given(table: ImportTable) -> Iterator[str]:
    for field in attrs.fields(type(table)):
        if getattr(table, field.name) is not None:
            yield kebab_case(field.name)


def _unknown_format(name: str) -> str:
    known = sorted(FORMATS)
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"no export format is called {describe(name)}{hint} (formats: {', '.join(known)})"


def _is_network(text: str) -> bool:
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        return False
    return True


def _is_zone(name: str) -> bool:
    if name.upper() == "UTC":
        return True
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True
