"""The ``sarif`` format: SARIF 2.1.0, as GitHub code scanning takes it.

One run. ``tool.driver.rules`` describes every rule the policy runs, with the
guideline's words in ``help``, and OC000 for unreadable records. Each finding
is a result: its rule, its level, its message, and a location relative to
the checkout (``%SRCROOT%``) with a start line. Its ``partialFingerprints``
come from the rule, the record, the field path and the file, not the line,
so a finding keeps its identity when lines above it move. The invocation
says the exit code and whether the run could read every file. The document is
written as the run goes.
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import attrs

from onlinecompliance.model import INVALID_RECORD_CODE, INVALID_RECORD_NAME

from .reporter import Options

if TYPE_CHECKING:
    from collections.abc import Iterator

    from onlinecompliance.rules import Rule

    from .findings import RecordReports, Report, Summary

__all__ = ["RULES_URL", "SarifReporter", "fingerprint"]

RULES_URL = "https://github.com/onlinecompliance/onlinecompliance/blob/main/docs/rules.md"
"""The rule reference (``docs/rules.md``) that each rule's ``helpUri`` points into."""
_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_ROOT = "%SRCROOT%"
_INVALID_RECORD: dict[str, Any] = {
    "id": INVALID_RECORD_CODE,
    "name": INVALID_RECORD_NAME,
    "shortDescription": {"text": "Reports a record that cannot be read."},
    "fullDescription": {
        "text": "Not a rule of the guideline: a record that is not JSON, has a field of the "
        "wrong type or an unknown field, or passes a size limit, cannot be checked at all."
    },
    "help": {
        "text": "Correct the record at the field path the message names, and check it again.",
        "markdown": "Correct the record at the field path the message names, and check it again.",
    },
    "helpUri": RULES_URL,
    "defaultConfiguration": {"level": "error"},
    "properties": {"tags": ["input"]},
}
"""OC000 is no rule, but its results need a descriptor like every other result's."""


@attrs.define
class SarifReporter:
    """Writes one SARIF log with one run."""

    options: Options
    _written: int = 0
    _rule_index: dict[str, int] = attrs.Factory(dict)

    def begin(self) -> Iterator[str]:
        """Return the log's opening: the tool and its rules, up to the results."""
        rules = [*(_rule(rule) for rule in self.options.rules), _INVALID_RECORD]
        self._rule_index = {rule["id"]: index for index, rule in enumerate(rules)}
        driver = {
            "name": "onlinecompliance",
            "informationUri": RULES_URL.removesuffix("/blob/main/docs/rules.md"),
            "version": self.options.version,
            "rules": rules,
        }
        tool = textwrap.indent(
            json.dumps({"driver": driver}, ensure_ascii=False, indent=2), "      "
        )
        yield (
            f'{{\n  "$schema": "{_SCHEMA}",\n  "version": "2.1.0",\n  "runs": [\n    {{\n'
            f'      "tool": {tool.lstrip()},\n      "results": ['
        )

    def add(self, item: RecordReports) -> Iterator[str]:
        """Return the record's findings as results."""
        for report in item.reports:
            text = json.dumps(self._result(report), ensure_ascii=False, indent=2)
            yield ("," if self._written else "") + "\n" + textwrap.indent(text, "        ")
            self._written += 1

    def end(self, summary: Summary, exit_code: int) -> Iterator[str]:
        """Return the end of the results, the invocation and the end of the log."""
        invocation = {
            "executionSuccessful": not summary.unreadable_files,
            "exitCode": exit_code,
        }
        text = textwrap.indent(json.dumps([invocation], indent=2), "      ").lstrip()
        closing = "\n      ]" if self._written else "]"
        yield f'{closing},\n      "invocations": {text}\n    }}\n  ]\n}}\n'

    def _result(self, report: Report) -> dict[str, Any]:
        result: dict[str, Any] = {
            "ruleId": report.code,
            "level": _LEVELS[report.severity.value],
            "message": {"text": _message(report)},
            "locations": [_location(report)],
            "partialFingerprints": {"onlinecompliance/v1": fingerprint(report)},
        }
        result["ruleIndex"] = self._rule_index[report.code]
        return result


def fingerprint(report: Report) -> str:
    """Return an identity of a finding that does not change when lines move."""
    parts = (report.code, report.record or "", report.path, report.file)
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _message(report: Report) -> str:
    where = [f"record {report.record}"] if report.record is not None else []
    if report.path:
        where.append(f"at {report.located_path}")
    if report.evidence is not None:
        where.append(f"evidence: {report.evidence}")
    return f"{report.message} ({', '.join(where)})" if where else report.message


def _location(report: Report) -> dict[str, Any]:
    """Locate a finding relative to the checkout where the file is inside the working folder."""
    artifact: dict[str, str]
    path = Path(report.file)
    try:
        relative = path.resolve().relative_to(Path.cwd().resolve()) if path.is_absolute() else path
        artifact = {"uri": quote(PurePosixPath(*relative.parts).as_posix()), "uriBaseId": _ROOT}
    except ValueError:  # outside the working folder: an absolute file URI
        artifact = {"uri": path.resolve().as_uri()}
    return {
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {"startLine": max(report.line, 1)},
        }
    }


def _rule(rule: Rule) -> dict[str, Any]:
    anchor = f"{rule.code}-{rule.name}-{rule.severity.value}".lower()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": _help_text(rule), "markdown": _help_markdown(rule)},
        "helpUri": f"{RULES_URL}#{anchor}",
        "defaultConfiguration": {"level": _LEVELS[rule.severity.value]},
        "properties": {
            "tags": ["compliance", *sorted(item.value for item in rule.provenance)],
        },
    }


def _help_text(rule: Rule) -> str:
    return (
        f"{rule.summary}\n\nWhy: {rule.rationale}\n\n"
        f"Guideline (Danish): {rule.guideline_da}\nEnglish: {rule.guideline_en}\n\n"
        f"How to fix: {rule.fix}"
    )


def _help_markdown(rule: Rule) -> str:
    return (
        f"**{rule.code} {rule.name}**: {rule.summary}\n\n"
        f"**Why.** {rule.rationale}\n\n"
        f"**Guideline.**\n\n> {rule.guideline_da}\n\n*{rule.guideline_en}*\n\n"
        f"**How to fix.** {rule.fix}\n\n"
        f"Sources: {'; '.join(rule.sources)}."
    )
