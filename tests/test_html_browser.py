"""The ``html`` report in a real browser: Debian's Chromium, headless, driven by Playwright.

The page is opened from a file, as a reader would open it from a file share.
Where Chromium or Playwright is missing the tests skip and say why; under CI
(the ``CI`` variable, which ``.ci/run`` sets) a missing browser fails the run
instead, so the browser tests cannot quietly stop running.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from onlinecompliance.cli import main
from onlinecompliance.scan import shown

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
"""Debian's Chromium (``apt-get install chromium``); Playwright downloads no browser here."""
ARGUMENTS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "meetings.jsonl"


def _missing() -> str | None:
    """Say what the browser tests lack, or return ``None`` when they can run."""
    try:
        import playwright.sync_api  # noqa: F401, PLC0415 (only to know whether it is there)
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]')"
    if not CHROMIUM.is_file() and shutil.which(str(CHROMIUM)) is None:
        return f"Chromium is not at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Start headless Chromium once for the module; skip, or fail under CI, without it."""
    missing = _missing()
    if missing is not None:
        if os.environ.get("CI"):
            pytest.fail(f"the browser tests must run under CI: {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 (present, as checked above)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTS)
        yield chromium
        chromium.close()


@pytest.fixture
def reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[Path, dict[str, Any]]:
    """Write the example log's HTML report to a file; return it and the JSON report."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764979200")
    page = tmp_path / "report.html"
    common = [str(EXAMPLE), "--isolated", "--today", "2026-12-01"]
    main(["check", *common, "--format", "html", "--output", str(page)])
    main(["check", *common, "--format", "json"])
    return page, json.loads(capsys.readouterr().out)


def _open(browser: Browser, path: Path, requests: list[str], problems: list[str]) -> Page:
    """Open ``path`` and record every request and every script error or CSP complaint."""
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.goto(path.as_uri())
    return page


def _visible_rows(page: Page) -> int:
    return int(page.locator("#findings-table tbody tr:not([hidden])").count())


def test_summary_matches_json_and_a_filter_shrinks_the_table(
    browser: Browser, reports: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    """The numbers shown are JSON's; choosing a severity hides the other rows; nothing leaves."""
    path, document = reports
    summary = document["summary"]
    requests: list[str] = []
    problems: list[str] = []
    page = _open(browser, path, requests, problems)
    for name in ("records_read", "records_checked", "records_invalid"):
        assert str(summary[name]) == page.locator(f"#{name.replace('_', '-')}").inner_text()
    for level, count in summary["by_severity"].items():
        assert str(count) == page.locator(f"#severity-{level}").inner_text()
    listed = len([item for item in document["findings"] if item["code"] != "OC000"])
    assert listed == _visible_rows(page)
    assert page.locator("#filters").is_visible()  # the script ran under the page's CSP

    page.locator("select[data-filter=severity]").select_option(label="error")
    errors = [
        item
        for item in document["findings"]
        if item["code"] != "OC000" and item["severity"] == "error"
    ]
    assert 0 < len(errors) == _visible_rows(page) < listed
    assert f"showing {len(errors)} of {listed}" == page.locator("#shown-rows").inner_text()
    page.locator("select[data-filter=severity]").select_option(label="all")
    assert listed == _visible_rows(page)

    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 10_000
    assert [] == [url for url in requests if not url.startswith(("file://", "data:"))]
    assert [] == problems
    page.close()


def test_sorting_by_line_reverses_the_rows(
    browser: Browser, reports: tuple[Path, dict[str, Any]]
) -> None:
    """A click on a column's header sorts by it; a second click reverses the order."""
    requests: list[str] = []
    problems: list[str] = []
    page = _open(browser, reports[0], requests, problems)
    lines = "#findings-table tbody tr td:nth-child(2)"
    first = [int(text) for text in page.locator(lines).all_inner_texts()]
    header = page.locator("#findings-table thead th:nth-child(2) button")
    header.click()
    assert sorted(first) == [int(text) for text in page.locator(lines).all_inner_texts()]
    header.click()
    assert sorted(first, reverse=True) == [
        int(text) for text in page.locator(lines).all_inner_texts()
    ]
    assert [] == problems
    page.close()


def test_without_scripts_the_table_is_complete(
    browser: Browser, reports: tuple[Path, dict[str, Any]]
) -> None:
    """With JavaScript off every row is there and the filters, useless then, are hidden."""
    path, document = reports
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(path.as_uri())
    listed = len([item for item in document["findings"] if item["code"] != "OC000"])
    assert listed == _visible_rows(page)
    assert not page.locator("#filters").is_visible()
    context.close()


def test_markup_in_an_id_is_shown_as_text(
    browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An id that holds a script is shown as its text, and nothing of it runs."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    hostile = (
        "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>"
    )
    log = tmp_path / "log.jsonl"
    record = {
        "id": hostile,
        "kind": "video_consultation",
        "platform": "teams",
        "department": hostile,
    }
    log.write_text(json.dumps(record) + "\n", encoding="utf-8")
    report = tmp_path / "report.html"
    main(["check", str(log), "--isolated", "--format", "html", "--output", str(report)])
    requests: list[str] = []
    problems: list[str] = []
    page = _open(browser, report, requests, problems)
    cells = page.locator("#findings-table tbody tr:first-child td")
    assert shown(hostile) == cells.nth(2).inner_text()  # as every format prints it: cut
    assert shown(hostile) == cells.nth(3).inner_text()
    assert "pwned" not in page.title()
    assert 0 == page.locator("img").count()
    assert [] == [url for url in requests if not url.startswith(("file://", "data:"))]
    page.close()
