"""``--statistics``: how many findings each rule gave, in place of the findings.

Counted before a baseline leaves any out, so the table is complete.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from onlinecompliance.model import Severity

__all__ = ["statistics_table"]


def statistics_table(counts: Mapping[tuple[str, str, Severity], int]) -> str:
    """Return one line per rule that fired: count, code, name and severity, most first."""
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    width = max((len(f"{count:,}") for _, count in rows), default=1)
    lines = [
        f"{count:>{width},} {code} {name} [{severity.value}]"
        for (code, name, severity), count in rows
    ]
    return "\n".join(lines) + "\n" if lines else "no findings\n"
