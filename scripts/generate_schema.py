"""Write ``schemas/meeting.schema.json`` from the model; run it after changing ``model.py``.

Run: ``python scripts/generate_schema.py`` (with the package installed, as ``pip install -e .``
does). ``tests/test_schema.py`` fails while the committed file is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from onlinecompliance.schema import render

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schemas" / "meeting.schema.json"


def main() -> int:
    """Write the schema file, with LF line ends on every platform, and name it."""
    SCHEMA_FILE.write_text(render(), encoding="utf-8", newline="\n")
    sys.stdout.write(f"wrote {SCHEMA_FILE}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
