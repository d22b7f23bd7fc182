"""``onlinecompliance schema meeting|policy``: print a JSON Schema for editors and tools."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from onlinecompliance.load.schema import meeting_schema, render
from onlinecompliance.policy.schema import policy_schema

from .output import EXIT_OK, write_output

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["SCHEMAS", "print_schema"]

SCHEMAS: Mapping[str, Callable[[], dict[str, Any]]] = {
    "meeting": meeting_schema,
    "policy": policy_schema,
}
"""The schemas by name: of a meeting record, and of a policy file."""


def print_schema(name: str) -> int:
    """Write the JSON Schema called ``name`` (a key of :data:`SCHEMAS`)."""
    write_output([render(SCHEMAS[name]())], None)
    return EXIT_OK
