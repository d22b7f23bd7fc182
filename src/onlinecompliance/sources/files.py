"""Choosing the reader for a path: ``.jsonl``, ``.json``, ``.toml`` or ``-`` for standard input.

Before a file is read, its first block is looked at. A file in UTF-16 or
UTF-32 (as Windows PowerShell writes), a compressed or binary file, or one
that holds nothing but white space is named once as a whole
(:class:`UnreadableSource`, :class:`EmptySource`), instead of giving one
unreadable record per line.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .json_document import read_json_document
from .json_lines import read_json_lines
from .toml_meetings import read_toml_meetings

if TYPE_CHECKING:
    from collections.abc import Iterator

    from onlinecompliance.model import Limits

    from .items import SourceItem

__all__ = [
    "STDIN",
    "SUPPORTED_SUFFIXES",
    "EmptySource",
    "UnreadableSource",
    "check_head",
    "display_name",
    "read_source",
    "sniff",
    "unsupported_reason",
]

STDIN = "-"
"""The path that stands for JSON lines on standard input."""
SUPPORTED_SUFFIXES = (".jsonl", ".json", ".toml")
"""File name endings a source may have (compared without case)."""

_HEAD = 4096
"""How much of a file is looked at to tell what it is."""
_SIGNATURES = (
    (b"\xff\xfe\x00\x00", "UTF-32 text; re-save it as UTF-8"),
    (b"\x00\x00\xfe\xff", "UTF-32 text; re-save it as UTF-8"),
    (b"\xff\xfe", "UTF-16 text; re-save it as UTF-8"),
    (b"\xfe\xff", "UTF-16 text; re-save it as UTF-8"),
    (b"\x1f\x8b", "a gzip-compressed file; decompress it first"),
    (b"PK\x03\x04", "a zip archive; extract it first"),
    (b"BZh", "a bzip2-compressed file; decompress it first"),
    (b"\xfd7zXZ\x00", "an xz-compressed file; decompress it first"),
    (b"\x89PNG", "a PNG image, not meeting records"),
    (b"%PDF", "a PDF document, not meeting records"),
)
"""How files that are not UTF-8 text begin: byte order marks first, longest first
(UTF-32's little-endian mark begins like UTF-16's), then file signatures."""
_CONTROL_BYTES = bytes(set(range(32)) - {9, 10, 13})
"""Bytes that never appear in JSON or TOML text outside escapes."""
_UTF32_NULS = 0.6
"""UTF-32 text of ASCII characters is 75 % NUL bytes, UTF-16 text 50 %, UTF-8 text none."""
_UTF16_NULS = 0.2
_BINARY_CONTROLS = 0.1
"""Text has next to no control bytes; compressed or binary data has many."""


class UnreadableSource(Exception):
    """A file that is not meeting records as a whole: the reason is fit to print."""


class EmptySource(Exception):
    """A file that holds no records at all: empty, or only white space."""


def display_name(path: str) -> str:
    """Name a source in findings: the path as given, ``<stdin>`` for ``-``."""
    return "<stdin>" if path == STDIN else path


def unsupported_reason(path: str) -> str | None:
    """Say why ``path`` cannot be a source by its name, or return ``None`` when it can."""
    if path == STDIN or Path(path).suffix.lower() in SUPPORTED_SUFFIXES:
        return None
    supported = ", ".join(SUPPORTED_SUFFIXES)
    return f"unsupported file type; use {supported} files, or - for JSON lines on standard input"


def read_source(
    path: str,
    stdin: BinaryIO | None = None,
    limits: Limits | None = None,
    members: frozenset[str] = frozenset(),
) -> Iterator[SourceItem]:
    """Read the source at ``path`` lazily, one item per record, in input order.

    ``-`` reads JSON lines from ``stdin``, a binary stream such as ``sys.stdin.buffer``.
    ``members`` name the members of a top-level JSON object whose array elements
    are the items (an export's page, see :func:`.json_document.read_json_document`).
    When iterated, raises :class:`OSError` if the file cannot be opened or read,
    :class:`UnreadableSource` for a file that is not text records as a whole,
    :class:`EmptySource` for one without content, and :class:`ValueError` for a
    path :func:`unsupported_reason` rejects.
    """
    if path == STDIN:
        if stdin is None:
            raise ValueError("no standard input to read JSON lines from")
        yield from read_json_lines(stdin, limits)
        return
    reason = unsupported_reason(path)
    if reason is not None:
        raise ValueError(reason)
    location = Path(path)
    if location.is_dir():
        raise UnreadableSource("it is a folder, not a file")
    with location.open("rb") as file:
        check_head(file)
        suffix = location.suffix.lower()
        if suffix == ".json":
            yield from read_json_document(file, limits, members)
        elif suffix == ".toml":
            yield from read_toml_meetings(file.read())
        else:
            yield from read_json_lines(file, limits)


def check_head(file: BinaryIO) -> None:
    """Look at the first block: refuse what is not UTF-8 text, notice what is empty."""
    head = file.read(_HEAD)
    file.seek(0, os.SEEK_SET)
    reason = sniff(head)
    if reason is not None:
        raise UnreadableSource(reason)
    if len(head) < _HEAD and not head.removeprefix(b"\xef\xbb\xbf").strip():
        raise EmptySource


def sniff(head: bytes) -> str | None:
    """Say what the first bytes of a file show it is when it is not UTF-8 text, or ``None``."""
    for signature, what in _SIGNATURES:
        if head.startswith(signature):
            return f"it looks like {what}"
    if not head:
        return None
    nul_share = head.count(0) / len(head)
    if nul_share > _UTF32_NULS:
        return "it looks like UTF-32 text, or binary data; re-save it as UTF-8"
    if nul_share > _UTF16_NULS:
        return "it looks like UTF-16 text without a byte order mark; re-save it as UTF-8"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls / len(head) > _BINARY_CONTROLS:
        return "it looks like binary data, not text"
    return None
