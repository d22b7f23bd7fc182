"""Choosing the reader for a path: ``.jsonl``, ``.json``, ``.toml`` or ``-`` for standard input."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .json_document import read_json_text
from .json_lines import read_json_lines
from .toml_meetings import read_toml_meetings

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from .items import SourceItem

__all__ = ["STDIN", "SUPPORTED_SUFFIXES", "display_name", "read_source", "unsupported_reason"]

STDIN = "-"
"""The path that stands for JSON lines on standard input."""
SUPPORTED_SUFFIXES = (".jsonl", ".json", ".toml")
"""File name endings a source may have (compared without case)."""


def display_name(path: str) -> str:
    """Name a source in findings: the path as given, ``<stdin>`` for ``-``."""
    return "<stdin>" if path == STDIN else path


def unsupported_reason(path: str) -> str | None:
    """Say why ``path`` cannot be a source, or return ``None`` when it can."""
    if path == STDIN or Path(path).suffix.lower() in SUPPORTED_SUFFIXES:
        return None
    supported = ", ".join(SUPPORTED_SUFFIXES)
    return f"unsupported file type; use {supported} files, or - for JSON lines on standard input"


def read_source(path: str, stdin: Iterable[bytes] | None = None) -> Iterator[SourceItem]:
    """Read the source at ``path`` lazily, one item per record, in input order.

    ``-`` reads JSON lines from ``stdin``: lines of bytes, such as ``sys.stdin.buffer``.
    Raises :class:`OSError` (when iterated) if the file cannot be opened or read,
    and :class:`ValueError` for a path :func:`unsupported_reason` rejects.
    """
    if path == STDIN:
        if stdin is None:
            raise ValueError("no standard input to read JSON lines from")
        yield from read_json_lines(stdin)
        return
    reason = unsupported_reason(path)
    if reason is not None:
        raise ValueError(reason)
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        yield from read_json_text(Path(path).read_bytes())
        return
    if suffix == ".toml":
        yield from read_toml_meetings(Path(path).read_bytes())
        return
    with Path(path).open("rb") as file:
        yield from read_json_lines(file)
