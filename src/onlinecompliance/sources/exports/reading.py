"""Reading export files: decoded values from several files, for one reader to join.

A reader may join values across files by a documented key (Pexip participants
to their conference), so every file given with ``--from`` goes to one call of
the reader, each value located in its file. A file that cannot be read at all
is handed to ``on_unreadable`` and skipped, and the other files are still read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from onlinecompliance.model import Meeting
from onlinecompliance.sources.files import STDIN, EmptySource, UnreadableSource, display_name
from onlinecompliance.sources.items import RawRecord

from .base import Located

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from onlinecompliance.sources.items import SourceItem

__all__ = ["PAGE_MEMBERS", "FileProblem", "export_file_problem", "is_foreign", "located_values"]

PAGE_MEMBERS = frozenset({"objects", "value", "entry", "meeting_policies"})
"""Members of a top-level object whose array holds an export's values: a Pexip API
page (``objects``), a Microsoft Graph collection (``value``), a FHIR Bundle
(``entry``) and ScubaGear's provider output (``meeting_policies``)."""

FileProblem = OSError | UnreadableSource | EmptySource | ValueError
"""What reading a file as a whole can raise (see :func:`..files.read_source`)."""

_RECORD_KEYS = frozenset(field.name for field in Meeting.__attrs_attrs__)


def located_values(
    paths: Iterable[str],
    read: Callable[[str], Iterable[SourceItem]],
    on_unreadable: Callable[[str, FileProblem], None],
) -> Iterator[Located]:
    """Yield every item ``read`` gives for each path, located by the file's display name."""
    for path in paths:
        name = display_name(path)
        try:
            for item in read(path):
                yield Located(name, item)
        except (OSError, UnreadableSource, EmptySource, ValueError) as problem:
            on_unreadable(path, problem)


def export_file_problem(path: str) -> str | None:
    """Say why ``path`` cannot hold an export by its name, or return ``None`` when it can."""
    if path == STDIN or Path(path).suffix.lower() in {".json", ".jsonl"}:
        return None
    return "an export is read from a .json or .jsonl file, or - for JSON lines on standard input"


def is_foreign(item: SourceItem) -> bool:
    """Whether a file's first value is an object that shares no key with our record.

    Such a file is neither our records nor an export we recognise: it is named as
    an error, instead of giving one unreadable record per value.
    """
    return (
        isinstance(item, RawRecord)
        and isinstance(item.data, dict)
        and not _RECORD_KEYS.intersection(item.data)
    )
