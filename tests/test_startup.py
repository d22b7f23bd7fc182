"""What starting the program loads: ``--help`` and ``import onlinecompliance`` load no stage.

These tests look at ``sys.modules`` in a fresh interpreter, not at the clock:
``benchmarks/suite.py`` measures how long starting takes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

import onlinecompliance as oc
from onlinecompliance.cli import arguments
from onlinecompliance.cli.schema import SCHEMAS
from onlinecompliance.model import Severity
from onlinecompliance.report import REPORTERS
from onlinecompliance.report.ruledocs import RULE_LIST_FORMATS
from onlinecompliance.sources.exports import FORMATS

if TYPE_CHECKING:
    from pathlib import Path

STAGES = ("engine", "load", "model", "policy", "report", "rules", "scan", "sources")
HEAVY = (
    *(f"onlinecompliance.{stage}" for stage in STAGES),
    "onlinecompliance.cli.check",
    "onlinecompliance.cli.convert",
    "onlinecompliance.cli.parallel",
    "attrs",
    "attr",
    "cattrs",
    "jinja2",
    "multiprocessing",
    "tempfile",
    "typing",  # a few milliseconds: the package's light modules use TYPE_CHECKING = False
)
"""Modules that ``--help``, ``--version`` and ``import onlinecompliance`` do without."""
EXAMPLE = {
    "id": "mtg-1",
    "kind": "video_consultation",
    "platform": "minsp",
    "participants": [{"id": "p1", "role": "clinician"}],
}


def loaded_after(code: str, *argv: str) -> tuple[list[str], str]:
    """Run ``code`` in a fresh interpreter; return the modules it loaded and its output."""
    program = (
        f"import json, sys\n{code}\nsys.__stdout__.write('\\n' + json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program, *argv], capture_output=True, text=True, check=True
    )
    output, _, modules = result.stdout.rpartition("\n")
    return json.loads(modules), output


@pytest.mark.parametrize(
    "argv", [["--help"], ["--version"], ["check", "--help"], ["convert", "--help"]]
)
def test_help_loads_no_stage(argv: list[str]) -> None:
    code = (
        "from onlinecompliance.cli import main\n"
        f"status = main({argv!r})\n"
        "assert status == 0, status"
    )
    modules, output = loaded_after(code)
    assert "onlinecompliance" in output  # the usage or the version was printed
    assert "onlinecompliance.cli.app" in modules
    assert [] == [name for name in HEAVY if name in modules]


def test_help_as_a_module_loads_no_stage() -> None:
    """``python -m onlinecompliance --help`` takes the same light route."""
    code = (
        "import runpy\n"
        "try:\n"
        "    runpy.run_module('onlinecompliance', run_name='__main__')\n"
        "except SystemExit as stop:\n"
        "    assert stop.code == 0, stop.code"
    )
    modules, output = loaded_after(code, "--help")
    assert "usage: onlinecompliance" in output
    assert [] == [name for name in HEAVY if name in modules]


def test_a_command_loads_its_stages() -> None:
    """The commands' modules are loaded when the command runs, and the run still works."""
    code = "from onlinecompliance.cli import main\nassert main(['schema', 'meeting']) == 0"
    modules, output = loaded_after(code)
    assert "Meeting record" in output
    assert "onlinecompliance.load" in modules
    assert "onlinecompliance.cli.check" not in modules


def test_a_check_loads_only_the_format_it_writes(tmp_path: Path) -> None:
    """A check writing JSON lines loads neither the other formats nor the parallel machinery.

    Continuous integration checks a small configuration file, where starting up
    is most of the cost; JUnit's XML escaping alone pulls in ``urllib.request``.
    """
    config = tmp_path / "meeting.jsonl"
    config.write_text(json.dumps(EXAMPLE) + "\n", encoding="utf-8")
    code = (
        "from onlinecompliance.cli import main\n"
        f"status = main(['check', '--isolated', '--format', 'jsonl', {str(config)!r}])\n"
        "assert status in (0, 1), status"
    )
    modules, output = loaded_after(code)
    assert '"code"' in output or '"summary"' in output
    assert "onlinecompliance.report.jsonl" in modules
    unwanted = ["multiprocessing", "urllib.request", "xml.sax.saxutils", "csv"]
    unwanted += [f"onlinecompliance.report.{name}" for name in ("junit", "sarif", "html", "csv")]
    assert [] == [name for name in unwanted if name in modules]


def test_importing_the_package_loads_no_stage() -> None:
    modules, _ = loaded_after("import onlinecompliance")
    assert [] == [name for name in HEAVY if name in modules]


def test_a_public_name_loads_its_stage_on_first_use() -> None:
    code = "import onlinecompliance as oc\nprint(oc.scan_text('cpr 010190-1235')[0].kind.value)"
    modules, output = loaded_after(code)
    assert "cpr" == output.strip()
    assert "onlinecompliance.scan" in modules
    assert "onlinecompliance.engine" not in modules
    assert "onlinecompliance.report" not in modules


@pytest.mark.parametrize("name", oc.__all__)
def test_every_public_name_is_the_stages_own(name: str) -> None:
    """Each name in ``__all__`` is found, and is the very object its stage defines."""
    stage = oc._HOME_OF[name]  # noqa: SLF001 (the table the lazy loading reads)
    module = __import__(f"onlinecompliance.{stage}", fromlist=[name])
    assert getattr(module, name) is getattr(oc, name)


def test_the_lazy_table_lists_exactly_the_public_names() -> None:
    assert sorted(oc.__all__) == sorted(oc._HOME_OF)  # noqa: SLF001
    assert sorted(oc.__all__) == dir(oc)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'chek'"):
        _ = oc.chek  # type: ignore[attr-defined]
    assert not hasattr(oc, "Reporter")


def test_the_parsers_lists_are_the_stages_lists() -> None:
    """The names the parser offers without loading the stages are theirs, in their order."""
    assert tuple(REPORTERS) == arguments.REPORT_FORMATS
    assert tuple(RULE_LIST_FORMATS) == arguments.RULE_LIST_FORMATS
    assert tuple(SCHEMAS) == arguments.SCHEMA_NAMES
    assert tuple(FORMATS) == arguments.EXPORT_FORMATS
    assert tuple(level.value for level in Severity) == arguments.SEVERITIES
