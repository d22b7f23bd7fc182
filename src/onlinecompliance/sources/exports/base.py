"""What an export reader is, and the record it builds.

A reader turns the values decoded from a real system's export (a Pexip history
page, a Graph call record, a Teams meeting policy …) into meeting records in our
format. It never invents a fact: a fact the source cannot tell is left out, and
the paths of the "not set" facts the source could never hold are listed in the
record's ``imported.cannot_tell``, so the rules that fire on a fact being absent
(OC102, OC204, OC406) stay quiet. Every value a reader sets remembers the source
field it came from (``imported.fields``), which findings show beside our path.

Names, e-mail addresses, aliases, addresses and display names are read to
derive facts (a role, an organisation, a browser) and are never copied into a
record: participant ids are ``p1``, ``p2`` … in source order, and record ids are
the source's own opaque ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

import attrs

from onlinecompliance.sources.items import SourceItem

if TYPE_CHECKING:
    from .conventions import Conventions

__all__ = ["ExportFormat", "Located", "RecordBuilder"]

_SEGMENT = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")
"""One step of a record path: ``participants[2]`` or ``client``."""


@attrs.frozen
class Located:
    """An item of a source, with the file it came from (as named on the command line).

    Readers take the decoded values of one or more files of the same export, and
    yield the records they build, each located where its source value starts.
    """

    file: str
    item: SourceItem


Reader = Callable[[Iterable[Located], "Conventions"], Iterator[Located]]
"""A reader: decoded source values in, our records out (``RawRecord``), or why a value
is unreadable (``UnreadableRecord``). It yields in file order, then line order."""


@attrs.frozen
class ExportFormat:
    """One real system's export: how to recognise it, and how to read it."""

    name: str
    """The ``--from`` name: ``pexip-history``."""
    title: str
    """What it is, for help texts and ``docs/sources.md``."""
    recognises: Callable[[object], bool]
    """Whether a decoded value (the first element of a file) is plainly this export,
    by its documented fields."""
    read: Reader
    settings: frozenset[str] = frozenset()
    """The keys of the policy's ``[import.<name>]`` table the reader uses."""


class RecordBuilder:
    """Build one record in our format, remembering the source field of every value.

    ``set("participants[0].client.browser", "internet_explorer", "vendor")``
    makes the nested objects and lists on the way. The record says where it came
    from in ``imported``: the format, the source field of each path, and the paths
    the source cannot tell.
    """

    def __init__(self, source: str, cannot_tell: Iterable[str] = ()) -> None:
        self._data: dict[str, object] = {}
        self._fields: dict[str, str] = {}
        self._source = source
        self._cannot_tell = sorted(cannot_tell)
        self._participants = 0

    def set(self, path: str, value: object, source_field: str) -> None:
        """Set ``value`` at our ``path``, read from ``source_field``; ``None`` sets nothing."""
        if value is None:
            return
        steps = [(match[1], match[2]) for match in _SEGMENT.finditer(path)]
        target: dict[str, object] = self._data
        for position, (name, index) in enumerate(steps):
            last = position == len(steps) - 1
            if index is None:
                if last:
                    target[name] = value
                else:
                    target = _child(target, name)
                continue
            items = target.setdefault(name, [])
            if not isinstance(items, list):
                raise TypeError(f"{name} is not a list in {path}")
            while len(items) <= int(index):
                items.append({})
            if last:
                items[int(index)] = value
            else:
                target = items[int(index)]
        self._fields[path] = source_field

    def add_participant(self, source_field: str) -> int:
        """Add a participant with the next pseudonymous id (``p1``, ``p2`` …); return its index."""
        index = self._participants
        self._participants += 1
        self.set(f"participants[{index}].id", f"p{index + 1}", source_field)
        return index

    def record(self) -> dict[str, object]:
        """Return the record, with its ``imported`` section."""
        imported: dict[str, object] = {"format": self._source, "fields": dict(self._fields)}
        if self._cannot_tell:
            imported["cannot_tell"] = list(self._cannot_tell)
        return {**self._data, "imported": imported}


def _child(target: dict[str, object], name: str) -> dict[str, object]:
    child = target.setdefault(name, {})
    if not isinstance(child, dict):
        raise TypeError(f"{name} is not an object")
    return child
