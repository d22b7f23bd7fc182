"""Bar charts as data for inline SVG: the geometry here, the markup in a template.

The HTML report draws its charts itself rather than with a chart library: a
horizontal bar chart is a few rectangles and labels, a library such as pygal
would add a dependency and tens of kilobytes of script and style to every
report, and a report must open on a locked-down PC with nothing fetched. Each
bar carries its label and its number as text, so a chart reads the same in
print, in black and white, and to a screen reader. The template
(``templates/report.html.j2``) writes the SVG and escapes every label;
nothing here writes markup.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = ["Bar", "Chart", "Counts", "bar_chart", "latest", "most"]

WIDTH = 600
"""The width of every chart, in SVG units; it scales to the page."""
_LABEL_WIDTH = 240
_COUNT_WIDTH = 70
_ROW = 22
_BAR = 16
_LABEL_CHARACTERS = 33
"""Longer labels are cut on the chart; the bar's tooltip holds the whole label."""


@attrs.frozen
class Bar:
    """One bar: what it counts, how many, and where it is drawn."""

    key: str
    """What is counted."""
    title: str
    """The key with its name, if it has one, in full."""
    label: str
    """The title as drawn, cut to fit."""
    count: int
    y: int
    length: float
    """The bar's length, in proportion to the largest count."""


@attrs.frozen
class Chart:
    """A horizontal bar chart: one bar a row, the largest count the full width."""

    ident: str
    """The chart's id in the document."""
    title: str
    bars: tuple[Bar, ...]
    linked: bool = False
    """Whether each bar links to the part of the page its key names (a rule)."""
    width: int = WIDTH
    label_width: int = _LABEL_WIDTH
    bar_height: int = _BAR

    @property
    def height(self) -> int:
        """The chart's height: a row a bar."""
        return max(len(self.bars), 1) * _ROW

    @property
    def description(self) -> str:
        """The chart in words, for screen readers: every label and its count."""
        if not self.bars:
            return f"{self.title}: none"
        return f"{self.title}: " + ", ".join(f"{bar.title} {bar.count}" for bar in self.bars)


def bar_chart(
    ident: str,
    title: str,
    rows: Iterable[tuple[str, int]],
    *,
    names: Mapping[str, str] | None = None,
    linked: bool = False,
) -> Chart:
    """Lay out one bar per ``(key, count)`` row, in the order given; ``names`` label keys."""
    rows = list(rows)
    largest = max((count for _, count in rows), default=0)
    room = WIDTH - _LABEL_WIDTH - _COUNT_WIDTH
    bars = tuple(
        Bar(
            key=key,
            title=_titled(key, names),
            label=_cut(_titled(key, names)),
            count=count,
            y=index * _ROW,
            length=round(room * count / largest, 1) if largest else 0.0,
        )
        for index, (key, count) in enumerate(rows)
    )
    return Chart(ident, title, bars, linked=linked)


def most(counts: Mapping[str, int], limit: int, other: str) -> list[tuple[str, int]]:
    """Return the largest counts first; past ``limit`` rows, the rest summed as ``other``.

    Ties are in key order, so the chart does not depend on the input's order.
    """
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if len(ranked) <= limit:
        return ranked
    kept, rest = ranked[: limit - 1], ranked[limit - 1 :]
    return [*kept, (f"{other} ({len(rest)})", sum(count for _, count in rest))]


def latest(counts: Mapping[str, int], limit: int, earlier: str) -> list[tuple[str, int]]:
    """Return counts in key order (weeks: in time); past ``limit`` rows, the first summed."""
    ordered = sorted(counts.items())
    if len(ordered) <= limit:
        return ordered
    cut = len(ordered) - limit + 1
    head, kept = ordered[:cut], ordered[cut:]
    return [(f"{earlier} ({len(head)})", sum(count for _, count in head)), *kept]


class Counts:
    """A counter that holds at most ``limit`` keys: later new keys are counted as ``spilt``.

    Departments are few in practice, but a log could hold a million distinct
    ones; the report keeps flat memory whatever the log holds.
    """

    def __init__(self, limit: int) -> None:
        self.counts: Counter[str] = Counter()
        self.spilt = 0
        """Findings whose key came after the limit was reached."""
        self._limit = limit

    def add(self, key: str) -> None:
        """Count one finding under ``key``."""
        if key in self.counts or len(self.counts) < self._limit:
            self.counts[key] += 1
        else:
            self.spilt += 1


def _titled(key: str, names: Mapping[str, str] | None) -> str:
    name = None if names is None else names.get(key)
    return key if name is None else f"{key} {name}"


def _cut(label: str) -> str:
    if len(label) <= _LABEL_CHARACTERS:
        return label
    return label[: _LABEL_CHARACTERS - 1] + "…"
