"""Baselines: today's findings recorded, so that a run reports only new ones.

A team adopting the linter on an old log, or a CI job on a repository of
existing set-ups, writes a baseline once (``--write-baseline FILE``) and checks
against it from then on (``--baseline FILE``). An entry is keyed by rule,
record id, field path and file, not by line, so editing a file does not
invalidate it; the same key may hold a count. The file is sorted, deterministic
JSON and holds no personal data: record ids are stored as every output prints
them (:func:`onlinecompliance.scan.shown`), masked where they may be personal.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from .findings import Report

__all__ = ["BASELINE_VERSION", "Baseline", "BaselineKey", "baseline_document", "key_of"]

BASELINE_VERSION = 1

BaselineKey = tuple[str, str, str, str]
"""Rule code, record id (as printed), field path, file."""


def key_of(report: Report) -> BaselineKey:
    """Return the key a finding is matched by: never its line."""
    return report.code, report.record or "", report.path, report.file


class Baseline:
    """The findings of a baseline file, each used up once as a finding matches it."""

    def __init__(self, entries: Counter[BaselineKey]) -> None:
        self._left = entries

    @classmethod
    def read(cls, path: Path) -> Baseline:
        """Read a baseline file; raises :class:`ValueError` (fit to print) if it is not one."""
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ValueError("it is not a baseline written by --write-baseline") from None
        entries: Counter[BaselineKey] = Counter()
        if not isinstance(document, dict) or document.get("version") != BASELINE_VERSION:
            raise ValueError("it is not a baseline written by --write-baseline (version 1)")
        for entry in document.get("findings", []):
            try:
                key = (entry["code"], entry["record"], entry["path"], entry["file"])
                count = int(entry.get("count", 1))
            except (KeyError, TypeError, ValueError):
                raise ValueError("an entry lacks code, record, path or file") from None
            entries[key] += count
        return cls(entries)

    def matches(self, report: Report) -> bool:
        """Whether the baseline holds this finding; a match uses up one entry."""
        key = key_of(report)
        if self._left[key] > 0:
            self._left[key] -= 1
            return True
        return False

    def unmatched(self) -> int:
        """Return how many entries no finding matched: findings fixed since."""
        return sum(count for count in self._left.values() if count > 0)


def baseline_document(keys: Iterable[BaselineKey]) -> str:
    """Return the baseline file for findings with these keys: sorted, counted, stable."""
    counted = Counter(keys)
    findings = [
        {"code": code, "record": record, "path": path, "file": file, "count": counted[key]}
        for key in sorted(counted)
        for code, record, path, file in [key]
    ]
    return json.dumps({"version": BASELINE_VERSION, "findings": findings}, indent=2) + "\n"
