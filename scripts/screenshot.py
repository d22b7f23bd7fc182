"""Make ``docs/report.png``, the README's picture of the HTML report, from the example log.

Run ``python scripts/screenshot.py`` with the test tools installed (Playwright)
and Debian's Chromium at ``/usr/bin/chromium``. It writes the report of
``examples/meetings.jsonl`` under the example policy to ``examples/report.html``
(generated, so not committed), as the README's command does, and photographs
the top of the page, 1000 pixels wide.
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import sync_playwright

from onlinecompliance.cli import main

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "examples" / "report.html"
PICTURE = ROOT / "docs" / "report.png"


def run() -> int:
    """Write the report and its picture; return the command line's exit code (1: findings)."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1796112000")  # 2026-12-01 08:00 UTC, each time
    os.chdir(ROOT)
    code = main(
        [
            "check",
            "examples/meetings.jsonl",
            "--policy",
            "examples/onlinecompliance.toml",
            "--today",
            "2026-12-01",
            "--format",
            "html",
            "--output",
            str(REPORT),
        ]
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1000, "height": 1150})
        page.goto(REPORT.as_uri())
        page.screenshot(path=str(PICTURE))
        browser.close()
    print(f"wrote {REPORT.relative_to(ROOT)} and {PICTURE.relative_to(ROOT)}")
    return code


if __name__ == "__main__":
    run()
