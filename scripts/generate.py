"""Write the generated files: the JSON Schemas, the rule reference and the fast structurer.

Run ``python scripts/generate.py`` (with the package installed, as ``pip install -e .``
does) after changing the model, the policy file's structure or any rule's documentation.
The tests fail while a committed copy is stale. The fast structurer
(``src/onlinecompliance/load/fast.py``) is imported with the package: if a model class it
names was renamed or removed, the package no longer imports, so first cut that file down to
``def structure_fast(data: object) -> None: return None`` (every record then goes the slow
way) and run this script again.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from onlinecompliance.load.codegen import structurer_source
from onlinecompliance.load.schema import meeting_schema, render
from onlinecompliance.policy.schema import policy_schema
from onlinecompliance.report.ruledocs import reference_markdown
from onlinecompliance.rules import RULES

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parent.parent
GENERATED: dict[Path, Callable[[], str]] = {
    ROOT / "schemas" / "meeting.schema.json": lambda: render(meeting_schema()),
    ROOT / "schemas" / "policy.schema.json": lambda: render(policy_schema()),
    ROOT / "docs" / "rules.md": lambda: reference_markdown(list(RULES.values())),
    ROOT / "src" / "onlinecompliance" / "load" / "fast.py": structurer_source,
}


def main() -> int:
    """Write every generated file, with LF line ends on every platform, and name it."""
    for path, make in GENERATED.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make(), encoding="utf-8", newline="\n")
        sys.stdout.write(f"wrote {path.relative_to(ROOT)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
