"""A coverage-guided fuzzer for the readers, the loader, the rules and the scanner.

Run it before a release (it is not part of CI), from the repository's root::

    python -m pip install atheris
    mkdir -p /tmp/fuzz-corpus
    python fuzz/fuzz_input.py /tmp/fuzz-corpus fuzz/corpus -max_total_time=600

The first folder collects the inputs the fuzzer finds interesting; ``fuzz/corpus``
holds the seeds (the example log and set-ups, and some hostile inputs) and is
only read.

Each input is read three ways (JSON lines, a JSON document, TOML meeting
tables), every record is checked, and the text is scanned. Any exception other
than the ones these functions raise on purpose is a bug, as is a record that is
read but not accounted for, or an output that repeats a CPR number found in the
input. libFuzzer writes a crashing input to ``crash-*`` in the working folder.
"""

from __future__ import annotations

import datetime
import io
import sys

import atheris

with atheris.instrument_imports():
    import onlinecompliance as oc
    from onlinecompliance.report import REPORTERS, reports_for, summarise
    from onlinecompliance.scan import holds_cpr_candidate
    from onlinecompliance.sources import (
        RawRecord,
        read_json_document,
        read_json_lines,
        read_toml_meetings,
    )

_POLICY = oc.Policy(today=datetime.date(2026, 12, 1))
_CPR_DIGITS = 10


def test_one_input(data: bytes) -> None:
    """Read, check and report one input; raise on anything a user must never see."""
    readers = (
        read_json_lines(io.BytesIO(data)),
        read_json_document(io.BytesIO(data)),
        read_toml_meetings(data),
    )
    for items in readers:
        raw = [item for item in items if isinstance(item, RawRecord)]
        results = list(oc.check_records((item.data for item in raw), _POLICY))
        if len(results) != len(raw):
            raise AssertionError("a record was not accounted for")
        reports = [report for result in results for report in reports_for(result, "f", 1)]
        summary = summarise(reports, records_read=len(raw), records_checked=0, records_invalid=0)
        for reporter in REPORTERS.values():
            _no_cpr_number_shown("".join(reporter(reports, summary)), data)
    text = data.decode("utf-8", "replace")
    oc.scan_text(text, policy=_POLICY)


def _no_cpr_number_shown(output: str, data: bytes) -> None:
    """Fail when the output holds a ten-digit run that the input held as a CPR candidate."""
    digits = "".join(char if char.isdigit() else " " for char in output).split()
    for run in digits:
        if len(run) >= _CPR_DIGITS and run.encode() in data and holds_cpr_candidate(run):
            raise AssertionError("an output repeats a CPR number from the input")


def main() -> None:
    """Run libFuzzer with the command line's arguments (corpus folder, options)."""
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
