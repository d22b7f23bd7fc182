"""Summarise a meeting log's findings by department and by rule, as a data team would.

Run ``python examples/data_team.py examples/meetings.jsonl`` after
``pip install -e '.[pandas]'`` (pandas and matplotlib). It prints findings by
department and code, and saves ``findings_per_week.png``: findings per code and
week of the meetings' start. Everything is read and checked by the library;
pandas only counts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import onlinecompliance as oc


def main(path: str) -> int:
    """Check the log at ``path`` and print and plot its findings."""
    try:
        import matplotlib as mpl  # noqa: PLC0415 (optional: only this example needs it)
        import pandas as pd  # noqa: PLC0415
    except ImportError:
        print("this example needs pandas and matplotlib: pip install -e '.[pandas]'")
        return 2
    mpl.use("Agg")  # no screen needed
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    findings = pd.DataFrame(oc.to_records(oc.check_records(records)))
    meetings = pd.DataFrame(
        {
            "line": range(1, len(records) + 1),
            "department": [record.get("department") or "(none)" for record in records],
            "start": pd.to_datetime([record.get("start") for record in records], utc=True),
        }
    )
    table = findings.merge(meetings, on="line")
    print(
        table.pivot_table(
            index="department", columns="code", values="line", aggfunc="count", fill_value=0
        )
    )
    weekly = table.dropna(subset=["start"]).assign(
        week=lambda frame: frame["start"].dt.strftime("%G-W%V")
    )
    counts = weekly.pivot_table(index="week", columns="code", values="line", aggfunc="count")
    axes = counts.plot(kind="bar", stacked=True, title="Findings per code and week")
    axes.figure.tight_layout()
    axes.figure.savefig("findings_per_week.png")
    print("saved findings_per_week.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "examples/meetings.jsonl"))
