"""Record paths such as ``participants[2].client.browser``, and their order."""

from __future__ import annotations

import re

__all__ = ["path_order"]

_DIGITS = re.compile(r"(\d+)")


def path_order(path: str) -> tuple[str | int, ...]:
    """Sort key for record paths in record order: ``chat[2]`` before ``chat[10]``."""
    parts = _DIGITS.split(path)
    return tuple(int(part) if index % 2 else part for index, part in enumerate(parts))
