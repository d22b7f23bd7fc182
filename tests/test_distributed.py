"""Beyond one machine: ``examples/partitions.py`` checks partitions as the command line, files.

The Dask test runs when Dask is installed (``pip install -e '.[dask]'``) and is
skipped otherwise; the rest needs nothing but the package.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from make_log import records
from partitions import check_lines, dask_findings

import onlinecompliance as oc

SETTINGS: dict[str, Any] = {
    "today": dt.date(2026, 12, 31),
    "ignore": ("OC503",),
    "severity": {"OC502": oc.Severity.WARNING},
}
POLICY = oc.Policy(**SETTINGS)
DOCS = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def lines_of(count: int, seed: int) -> list[str]:
    return [json.dumps(record, ensure_ascii=False) for record in records(count, seed)]


def test_a_partition_gives_the_rows_of_check_records() -> None:
    lines = lines_of(400, seed=1)
    expected = oc.to_records(oc.check_records((json.loads(line) for line in lines), POLICY))
    rows = list(check_lines(lines, SETTINGS))
    assert expected == rows
    assert {"OC000", "OC101"} <= {row["code"] for row in rows}


def test_blank_lines_count_and_broken_lines_are_findings() -> None:
    record = json.loads(lines_of(1, seed=2)[0])
    broken = json.dumps({**record, "id": "b"})[:-5]
    lines = ["", json.dumps(record), "  ", broken, json.dumps(record)]
    rows = [row for row in check_lines(lines, SETTINGS) if row["code"] == "OC000"]
    assert [4, 5] == [row["line"] for row in rows]
    assert "repeats the id" in rows[1]["message"]


def test_settings_and_results_travel_between_processes() -> None:
    """An engine pickles the policy's settings to its workers and the results back."""
    settings = pickle.loads(pickle.dumps(SETTINGS))  # noqa: S301 (our own bytes)
    data = [json.loads(line) for line in lines_of(200, seed=3)]
    results = list(oc.check_records(data, POLICY))
    assert list(oc.check_records(data, oc.Policy(**settings))) == results
    assert pickle.loads(pickle.dumps(results)) == results  # noqa: S301
    assert any(result.violations for result in results)


def test_a_policy_pickles_and_checks_alike() -> None:
    """An engine may send the Policy itself: unpickled, it is the same policy."""
    policy = oc.Policy(**SETTINGS)
    again = pickle.loads(pickle.dumps(policy))  # noqa: S301 (our own bytes)
    assert dict(again.severity) == dict(policy.severity)
    assert again.enabled_rules == policy.enabled_rules
    data = [json.loads(line) for line in lines_of(100, seed=4)]
    assert list(oc.check_records(data, again)) == list(oc.check_records(data, policy))
    with pytest.raises(TypeError):
        again.severity["OC502"] = oc.Severity.INFO


def test_a_dask_bag_of_files_gives_the_rows_of_each_file(tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    expected: list[dict[str, Any]] = []
    for number in range(3):
        lines = lines_of(150, seed=10 + number)
        lines.insert(7, "{not json")
        (tmp_path / f"part-{number}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        expected += check_lines(lines, SETTINGS)
    rows = dask_findings(str(tmp_path / "part-*.jsonl"), SETTINGS, scheduler="synchronous")
    assert expected == rows
    assert 3 == sum(row["line"] == 8 and row["code"] == "OC000" for row in rows)


@pytest.mark.parametrize("function", [check_lines, dask_findings])
def test_the_docs_show_the_code_that_is_tested(function: object) -> None:
    source = inspect.getsource(function)  # type: ignore[arg-type]
    assert source in DOCS.read_text(encoding="utf-8")
