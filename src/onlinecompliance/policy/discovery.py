"""Finding the policy file for a run, as ruff finds its configuration.

From the working folder up to the root, the first folder that holds an
``onlinecompliance.toml``, or a ``pyproject.toml`` with a
``[tool.onlinecompliance]`` table, gives the policy; in one folder the
``onlinecompliance.toml`` wins. A ``pyproject.toml`` without that table is
passed over, so a project's own ``pyproject.toml`` does not hide a policy
further up.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .file import PYPROJECT_TABLE, parse_toml

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["POLICY_FILE_NAME", "find_policy_file", "shown_name"]

POLICY_FILE_NAME = "onlinecompliance.toml"


def find_policy_file(start: Path) -> Path | None:
    """Return the policy file that applies in the folder ``start``, or ``None``.

    Raises :class:`~onlinecompliance.model.InvalidPolicy` for a ``pyproject.toml``
    on the way that is not valid TOML: whether it holds a policy cannot be told.
    """
    for folder in (start, *start.parents):
        candidate = folder / POLICY_FILE_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _holds_policy(pyproject, start):
            return pyproject
    return None


def shown_name(path: Path, start: Path) -> str:
    """Name a policy file in messages: relative to the working folder where that is short."""
    try:
        return os.path.relpath(path, start)
    except ValueError:  # another drive on Windows
        return str(path)


def _holds_policy(pyproject: Path, start: Path) -> bool:
    text = pyproject.read_bytes().decode("utf-8", "replace")
    if "onlinecompliance" not in text:  # cheap: most projects' files never mention it
        return False
    tool = parse_toml(text, shown_name(pyproject, start)).get(PYPROJECT_TABLE[0], {})
    return isinstance(tool, dict) and PYPROJECT_TABLE[1] in tool
