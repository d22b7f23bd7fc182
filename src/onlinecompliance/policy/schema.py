"""The JSON Schema of the policy file, generated from :mod:`.document`.

Editors that read JSON Schemas for TOML (Taplo, "Even Better TOML") complete
and check a policy file with it; ``schemas/policy.schema.json`` is this
schema, and ``onlinecompliance schema policy`` prints it.
"""

from __future__ import annotations

from typing import Any

from onlinecompliance.load.converter import kebab_case
from onlinecompliance.load.schema import schema_of

from .document import PolicyDocument

__all__ = ["policy_schema"]


def policy_schema() -> dict[str, Any]:
    """Return the JSON Schema of a policy file (or of ``[tool.onlinecompliance]``)."""
    return schema_of(PolicyDocument, "onlinecompliance policy", key=kebab_case, nulls=False)
