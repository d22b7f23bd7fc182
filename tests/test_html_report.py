"""The ``html`` format: the summary equals JSON's, values are text, the page fetches nothing."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from html_page import Page
from onlinecompliance.cli import main
from onlinecompliance.model import Severity
from onlinecompliance.report import Options, RecordReports, Report, Summary, render
from onlinecompliance.report.charts import Counts, bar_chart, latest, most
from onlinecompliance.rules import FAMILIES, RULES
from onlinecompliance.scan import shown

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "meetings.jsonl"
HOSTILE = ROOT / "tests" / "data" / "hostile"
CPR_SHAPED = re.compile(r"(?<!\d)\d{6}[-\u2010\u2011\u2013]?\d{4}(?!\d)")
"""Ten digits as a CPR number is written, with or without its hyphen."""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run ``check`` with a fixed date and policy; return the exit code and standard output."""
    code = main(["check", *args, "--isolated", "--today", "2026-12-01"])
    return code, capsys.readouterr().out


@pytest.fixture
def example(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[str, dict[str, Any]]:
    """Return the example log's HTML report, and its JSON report."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764979200")
    _, page = run(capsys, str(EXAMPLE), "--format", "html")
    _, document = run(capsys, str(EXAMPLE), "--format", "json")
    return page, json.loads(document)


def counts_of(page: Page, chart: str) -> dict[str, int]:
    """Return a chart's bars as ``{key: count}``."""
    return {
        str(bar.attributes["data-key"]): int(str(bar.attributes["data-count"]))
        for bar in page.find("g", within=chart)
    }


def test_summary_equals_the_json_summary(example: tuple[str, dict[str, Any]]) -> None:
    """Records read, checked and invalid, and findings by severity and code, are JSON's."""
    html, document = example
    page = Page(html)
    summary = document["summary"]
    for name in ("records_read", "records_checked", "records_invalid"):
        element = page.by_id(name.replace("_", "-"))
        assert str(summary[name]) == element.attributes["data-count"] == element.text
    for level, count in summary["by_severity"].items():
        assert str(count) == page.by_id(f"severity-{level}").attributes["data-count"]
    assert summary["by_severity"] == counts_of(page, "chart-severity")
    assert summary["by_code"] == counts_of(page, "chart-code")


def test_every_finding_is_listed_once(example: tuple[str, dict[str, Any]]) -> None:
    """Each finding is a row of the findings table, each OC000 a row of the invalid records."""
    html, document = example
    page = Page(html)
    findings = [item for item in document["findings"] if item["code"] != "OC000"]
    rows = page.find("tr", within="findings-table")[1:]  # the header row first
    expected = [(item["line"], item["code"], item["severity"]) for item in findings]
    actual = [
        (
            int(row_cells(page, row)[1].text),
            row.attributes["data-code"],
            row.attributes["data-severity"],
        )
        for row in rows
    ]
    assert expected == actual
    invalid = page.find("tr", within="invalid-table")[1:]
    assert summary_count(document, "OC000") == len(invalid)


def summary_count(document: dict[str, Any], code: str) -> int:
    """Return how many findings of ``code`` the JSON summary counts."""
    return int(document["summary"]["by_code"].get(code, 0))


def test_departments_and_weeks_are_counted(example: tuple[str, dict[str, Any]]) -> None:
    """The department and week charts count findings of records that give one."""
    page = Page(example[0])
    assert {"RH-Kardiologi": 4, "HGH-Medicin": 1} == counts_of(page, "chart-department")
    assert {"2026-W47": 21} == counts_of(page, "chart-week")


def test_each_rule_that_fired_is_documented_once(example: tuple[str, dict[str, Any]]) -> None:
    """A rule's documentation is on the page once, in Danish and English, and findings link it."""
    html, document = example
    page = Page(html)
    fired = sorted(code for code in document["summary"]["by_code"] if code != "OC000")
    articles = page.find("article", within="rules")
    assert fired == [article.attributes["id"] for article in articles]
    quotes = page.find("blockquote", within="OC101")
    assert [RULES["OC101"].guideline_da] == [quote.text for quote in quotes]
    assert {"#OC101"} <= {link.attributes["href"] for link in page.find("a")}


def test_content_security_policy_allows_only_the_inline_script_and_style(
    example: tuple[str, dict[str, Any]],
) -> None:
    """The policy names the hashes of the page's one script and one style sheet."""
    page = Page(example[0])
    (meta,) = [
        element
        for element in page.find("meta")
        if element.attributes.get("http-equiv") == "Content-Security-Policy"
    ]
    policy = str(meta.attributes["content"])
    (script,) = page.find("script")
    (style,) = page.find("style")
    assert policy.startswith("default-src 'none';")
    assert f"script-src '{sha256(script.text)}'" in policy
    assert f"style-src '{sha256(style.text)}'" in policy
    assert "unsafe-inline" not in policy


def sha256(text: str) -> str:
    """Return the CSP source for ``text``'s hash."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_nothing_refers_outside_the_file(example: tuple[str, dict[str, Any]]) -> None:
    """Links are within the page; no element loads anything from elsewhere."""
    page = Page(example[0])
    targets = [
        value
        for element in page.elements
        for name, value in element.attributes.items()
        if name in {"href", "src", "action", "data", "xlink:href"} and value is not None
    ]
    assert [] == [target for target in targets if not target.startswith(("#", "data:"))]


def test_the_table_is_capped_with_a_note(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ``--html-max-findings`` rows the table stops and a note says how many more.

    The summary still counts them all.
    """
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    _, html = run(capsys, str(EXAMPLE), "--format", "html", "--html-max-findings", "5")
    document = json.loads(run(capsys, str(EXAMPLE), "--format", "json")[1])
    page = Page(html)
    total = len([item for item in document["findings"] if item["code"] != "OC000"])
    assert 5 == len(page.find("tr", within="findings-table")) - 1
    note = " ".join(page.by_id("cap-note").text.split())
    assert f"first 5 of {total} findings; the other {total - 5} are counted" in note
    assert "--format csv" in note
    assert document["summary"]["by_code"] == counts_of(page, "chart-code")


def test_no_cap_note_when_everything_is_listed(example: tuple[str, dict[str, Any]]) -> None:
    """A table that lists every finding says nothing about a limit."""
    assert "cap-note" not in example[0]


def test_a_negative_cap_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """``--html-max-findings`` takes zero or more."""
    assert 2 == main(["check", str(EXAMPLE), "--format", "html", "--html-max-findings", "-1"])
    assert "whole number" in capsys.readouterr().err


def test_markup_in_ids_and_departments_is_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An id or department holding markup or quotes is shown as text and breaks nothing out."""
    record_id = '<script>alert("id")</script>'
    department = "\"'><img src=x onerror=alert(1)>"
    log = tmp_path / "log.jsonl"
    record = {
        "id": record_id,
        "kind": "video_consultation",
        "platform": "teams",
        "department": department,
    }
    log.write_text(json.dumps(record) + "\n", encoding="utf-8")
    _, html = run(capsys, str(log), "--format", "html")
    page = Page(html)
    assert 1 == len(page.find("script"))
    assert [] == page.find("img")
    rows = page.find("tr", within="findings-table")[1:]
    assert rows
    for row in rows:
        cells = [cell.text for cell in row_cells(page, row)]
        assert [record_id, department] == cells[2:4]
        assert department == row.attributes["data-department"]
    assert {department} == set(counts_of(page, "chart-department"))


def row_cells(page: Page, row: Any) -> list[Any]:
    """Return the cells of ``row``: the ``td`` elements after it, up to the next row."""
    start = page.elements.index(row)
    cells = []
    for element in page.elements[start + 1 :]:
        if element.tag == "tr":
            break
        if element.tag == "td":
            cells.append(element)
    return cells


HOSTILE_CASES = sorted(
    path
    for path in HOSTILE.iterdir()
    if path.is_file() and not path.name.endswith(".expected.json") and path.name != "README.md"
)


@pytest.mark.parametrize("case", HOSTILE_CASES, ids=[case.name for case in HOSTILE_CASES])
def test_hostile_inputs_show_nothing_personal(
    case: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No CPR-shaped number, nor any string the case forbids, is anywhere in the page."""
    expected = json.loads(
        case.with_name(case.name.rsplit(".", 1)[0] + ".expected.json").read_text(encoding="utf-8")
    )
    monkeypatch.chdir(HOSTILE)
    code = main(["check", case.name, "--format", "html", "--isolated"])
    html = capsys.readouterr().out
    assert expected["exit_code"] == code
    assert [] == CPR_SHAPED.findall(html)
    assert [] == [word for word in expected["forbidden"] if word.casefold() in html.casefold()]


def test_the_example_holds_cpr_numbers_that_the_page_does_not(
    example: tuple[str, dict[str, Any]],
) -> None:
    """The example log's chat and SMS hold CPR numbers; the page holds none."""
    assert CPR_SHAPED.search(EXAMPLE.read_text(encoding="utf-8"))
    assert [] == CPR_SHAPED.findall(example[0])


def one_record_page(record: str | None, department: str | None) -> str:
    """Render the page for one finding of a record with this id and department (as printed)."""
    report = Report(
        "OC101",
        "patient-contact-on-unapproved-platform",
        Severity.ERROR,
        record,
        "platform",
        "participant p2 (patient) attends a meeting on teams",
        "log.jsonl",
        7,
    )
    summary = Summary(1, 1, 0, {"error": 1, "warning": 0, "info": 0}, {"OC101": 1})
    item = RecordReports("log.jsonl", 7, record, (report,), department, "2026-W49")
    return "".join(render("html", [item], summary, options=Options(files=("log.jsonl",))))


@given(st.text(max_size=120), st.text(max_size=120))
def test_no_id_or_department_breaks_out_of_its_cell(record_id: str, department: str) -> None:
    """Whatever an id or department holds, as printed it stays the text of its own cell."""
    record, where = shown(record_id), shown(department)
    page = Page(one_record_page(record, where))
    (row,) = page.find("tr", within="findings-table")[1:]
    cells = row_cells(page, row)
    assert 8 == len(cells)
    assert [record, where] == [cells[2].text, cells[3].text]
    assert where == row.attributes["data-department"]
    assert 1 == len(page.find("script"))
    after = page.elements[page.elements.index(row) + 1 :]
    assert {"td", "a", "code"} >= {cell.tag for cell in after if "findings-table" in cell.within}


def test_every_rule_family_has_a_name() -> None:
    """The family chart names every family by its code prefix."""
    assert set() == {code[:3] for code in RULES} - set(FAMILIES)


def test_most_sums_the_rest_into_one_bar() -> None:
    """Past the limit the smallest counts become one bar, which names how many it holds."""
    counts = {"a": 5, "b": 3, "c": 3, "d": 1}
    assert [("a", 5), ("b", 3), ("c", 3), ("d", 1)] == most(counts, 4, "other")
    assert [("a", 5), ("b", 3), ("other (2)", 4)] == most(counts, 3, "other")


def test_latest_keeps_the_last_weeks_in_order() -> None:
    """Weeks stay in time order; past the limit the earliest are summed first."""
    counts = {"2026-W03": 1, "2026-W01": 2, "2026-W02": 4, "2025-W52": 8}
    assert [("earlier (2)", 10), ("2026-W02", 4), ("2026-W03", 1)] == latest(counts, 3, "earlier")


def test_counts_hold_a_bounded_number_of_keys() -> None:
    """New keys past the limit are counted as spilt, not kept."""
    counts = Counts(2)
    for key in "abacd":
        counts.add(key)
    assert ({"a": 2, "b": 1}, 2) == (dict(counts.counts), counts.spilt)


def test_bars_are_in_proportion_to_the_largest() -> None:
    """The largest count fills the room; a label too long is cut, its title kept whole."""
    chart = bar_chart("c", "Chart", [("x" * 50, 4), ("y", 1)])
    assert chart.bars[0].length == 4 * chart.bars[1].length
    assert chart.bars[0].label.endswith("…")
    assert "x" * 50 == chart.bars[0].title


def test_other_formats_do_not_load_jinja2() -> None:
    """Jinja2 is imported when a page is made, not when the command line starts."""
    code = "import sys, onlinecompliance.cli; print('jinja2' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    assert b"False" == result.stdout.strip()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_department_holding_a_cpr_number_is_masked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    """A department that holds a CPR number is counted and listed masked, in either path."""
    department = "Afd 0101901234"
    log = tmp_path / "log.jsonl"
    record = {"kind": "video_consultation", "platform": "teams", "department": department}
    lines = [json.dumps({**record, "id": f"m{number}"}) for number in range(3)]
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, html = run(capsys, str(log), "--format", "html", "--jobs", jobs)
    page = Page(html)
    assert "0101901234" not in html
    assert {shown(department): 3} == counts_of(page, "chart-department")
