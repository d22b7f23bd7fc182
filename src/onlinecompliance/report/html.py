"""The ``html`` format: one self-contained page for the people who act on findings.

A data-protection officer or a department's management reads a report, not
JSON. The page holds a header (what was checked, under which policy), the
summary with charts, a table of the findings that can be sorted and filtered,
the unreadable records, and the documentation of each rule that fired. Style,
script and charts are inline and a Content-Security-Policy allows nothing else,
so the file opens from a file share or an e-mail on a locked-down PC and fetches
nothing. With scripts off the table is still complete.

The summary comes first on the page but is known only at the end, so the rows
are rendered as the records arrive and spooled to a temporary file; at the end
the page is written with the spooled rows copied into it in chunks. Memory
stays flat: the rows listed are capped (:attr:`Options.max_listed`), every
finding is counted.

Jinja2, with autoescaping, writes the markup: every value from a record (ids
and departments, masked by :func:`~onlinecompliance.scan.shown` before they
get here) is escaped, in text and in attributes alike. Jinja2 is imported on
first use, so other formats do not pay for it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.resources
import tempfile
from collections import Counter
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

import attrs

from onlinecompliance.model import INVALID_RECORD_CODE, INVALID_RECORD_NAME
from onlinecompliance.rules import FAMILIES, RULES

from .charts import Chart, Counts, bar_chart, latest, most
from .reporter import Options
from .ruledocs import GUIDELINE, rule_sections

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    import jinja2

    from .findings import RecordReports, Summary

__all__ = ["HtmlReporter"]

_CHUNK = 1 << 16
"""Characters of spooled rows copied at a time."""
_CHART_ROWS = 20
"""The most bars of a department or week chart; the rest are summed in one bar."""
_DISTINCT = 10_000
"""The most distinct departments or weeks counted one by one (flat memory)."""
_FILES_LISTED = 50
"""The most files the header names; the rest are counted."""
_FINDINGS = "<!--findings-->"
_INVALID = "<!--invalid-->"
"""Where the spooled rows go. Escaped text cannot hold ``<``, so no value can forge these."""


@attrs.define
class HtmlReporter:
    """Writes the page at the end; meanwhile renders and spools the rows it lists."""

    options: Options
    _findings: _Spool = attrs.field(init=False)
    _invalid: _Spool = attrs.field(init=False)
    _departments: Counts = attrs.field(init=False, factory=lambda: Counts(_DISTINCT))
    _weeks: Counts = attrs.field(init=False, factory=lambda: Counts(_DISTINCT))
    _no_department: int = 0
    _no_week: int = 0

    def __attrs_post_init__(self) -> None:
        self._findings = _Spool(self.options.max_listed)
        self._invalid = _Spool(self.options.max_listed)

    def begin(self) -> Iterator[str]:
        """Return nothing yet: the page starts with the summary, known at the end."""
        return iter(())

    def add(self, item: RecordReports) -> Iterator[str]:
        """Count the record's findings and spool the rows of those listed; return nothing."""
        rows = _templates().rows
        for report in item.reports:
            if report.code == INVALID_RECORD_CODE:
                self._invalid.add(rows.invalid, report)
                continue
            self._count(item)
            self._findings.add(rows.finding, report, item.department)
        return iter(())

    def end(self, summary: Summary, _exit_code: int) -> Iterator[str]:
        """Return the page: the summary, the spooled rows in their tables, the rule docs."""
        page = _templates().page.render(self._context(summary))
        before, rest = _split(page, _FINDINGS)
        between, after = _split(rest, _INVALID)
        try:
            yield before
            yield from self._findings.rows()
            yield between
            yield from self._invalid.rows()
            yield after
        finally:
            self._findings.close()
            self._invalid.close()

    def _count(self, item: RecordReports) -> None:
        if item.department is None:
            self._no_department += 1
        else:
            self._departments.add(item.department)
        if item.week is None:
            self._no_week += 1
        else:
            self._weeks.add(item.week)

    def _context(self, summary: Summary) -> dict[str, Any]:
        options = self.options
        script, style = _asset("report.js"), _asset("report.css")
        codes = [code for code in summary.by_code if code != INVALID_RECORD_CODE]
        return {
            "options": options,
            "summary": summary,
            "files": options.files[:_FILES_LISTED],
            "files_more": max(0, len(options.files) - _FILES_LISTED),
            "charts": self._charts(summary),
            "no_department": self._no_department + self._departments.spilt,
            "no_week": self._no_week + self._weeks.spilt,
            "rules": [RULES[code] for code in codes if code in RULES],
            "sections": rule_sections,
            "guideline": GUIDELINE,
            "findings": self._findings,
            "invalid": self._invalid,
            "script": script,
            "style": style,
            "csp": _content_security_policy(script, style),
            "findings_marker": _FINDINGS,
            "invalid_marker": _INVALID,
        }

    def _charts(self, summary: Summary) -> list[Chart]:
        families: Counter[str] = Counter()
        for code, count in summary.by_code.items():
            families[_family(code)] += count
        return [
            bar_chart("chart-severity", "Findings by severity", summary.by_severity.items()),
            bar_chart("chart-family", "Findings by rule family", sorted(families.items())),
            bar_chart(
                "chart-code",
                "Findings by rule",
                summary.by_code.items(),
                names=_rule_names(summary.by_code),
                linked=True,
            ),
            bar_chart(
                "chart-department",
                "Findings by department",
                most(self._departments.counts, _CHART_ROWS, "other departments"),
            ),
            bar_chart(
                "chart-week",
                "Findings by week of the meeting's start",
                latest(self._weeks.counts, _CHART_ROWS, "earlier weeks"),
            ),
        ]


class _Spool:
    """Rows rendered as they come, up to a cap, kept in a temporary file; all are counted."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.total = 0
        self._file: TextIO | None = None

    @property
    def listed(self) -> int:
        """How many rows are listed."""
        return min(self.total, self.cap)

    @property
    def left_out(self) -> int:
        """How many rows are counted but not listed."""
        return self.total - self.listed

    def add(self, render: Callable[..., str], *values: object) -> None:
        """Count a row; render it from ``values`` and keep it while under the cap."""
        self.total += 1
        if self.total > self.cap:
            return
        if self._file is None:
            self._file = tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogatepass")  # noqa: SIM115 (held until end())
        self._file.write(render(*values))

    def rows(self) -> Iterator[str]:
        """Yield the kept rows in chunks."""
        if self._file is None:
            return
        self._file.seek(0)
        while chunk := self._file.read(_CHUNK):
            yield chunk

    def close(self) -> None:
        """Remove the temporary file."""
        if self._file is not None:
            self._file.close()
            self._file = None


class _Templates(NamedTuple):
    """The page, and the macros that render its rows."""

    page: jinja2.Template
    rows: Any
    """The row macros: ``finding(report, department)`` and ``invalid(report)``."""


@functools.cache
def _templates() -> _Templates:
    """Load the templates once, with Jinja2 imported here, when a page is first made."""
    import jinja2  # noqa: PLC0415 (only the html format needs it: other formats start faster)

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("onlinecompliance.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["thousands"] = "{:,}".format
    page = environment.get_template("report.html.j2")
    return _Templates(page, environment.get_template("rows.html.j2").module)


@functools.cache
def _asset(name: str) -> str:
    """Return the text of the page's style sheet or script, which go inline."""
    return (importlib.resources.files(__package__) / "templates" / name).read_text("utf-8")


def _content_security_policy(script: str, style: str) -> str:
    """Allow the page's own style and script, by their hashes, and nothing else."""
    return (
        f"default-src 'none'; script-src '{_hash(script)}'; style-src '{_hash(style)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _rule_names(codes: Iterable[str]) -> dict[str, str]:
    names = {code: RULES[code].name for code in codes if code in RULES}
    return {**names, INVALID_RECORD_CODE: INVALID_RECORD_NAME}


def _family(code: str) -> str:
    if code == INVALID_RECORD_CODE:
        return "OC0xx unreadable records"
    name = FAMILIES.get(code[:3])
    return f"{code[:3]}xx {name}" if name else f"{code[:3]}xx"


def _split(page: str, marker: str) -> tuple[str, str]:
    before, found, after = page.partition(marker)
    if not found:
        raise AssertionError(f"the template lost its marker {marker}")
    return before, after
