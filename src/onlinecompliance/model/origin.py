"""Where a setting was written: a file as the user named it, and a line in it.

Local criteria and policy waivers carry their origin, so that a finding they
cause can point at the entry to change (``onlinecompliance.toml:14``).
"""

from __future__ import annotations

import attrs

__all__ = ["Origin"]


@attrs.frozen
class Origin:
    """A file as the user named it, and the line of an entry in it (from 1) where known."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"
