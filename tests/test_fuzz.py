"""Properties over arbitrary input: nothing raises but on purpose, every record is counted.

These are the fuzzing properties of the test suite; ``fuzz/`` holds a
coverage-guided fuzzer for longer runs before a release.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.cli import main
from onlinecompliance.sources import RawRecord, read_json_document, read_json_lines
from strategies import corrupted_records, json_values

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


@given(json_values | corrupted_records())
def test_load_meeting_raises_only_invalid_record(data: object) -> None:
    """Whatever the value, reading it gives a meeting or an InvalidRecord, nothing else."""
    try:
        oc.load_meeting(data)
    except oc.InvalidRecord as invalid:
        problems = invalid.errors
    else:
        problems = (oc.FieldError("", "none"),)
    assert problems
    assert all(isinstance(problem, oc.FieldError) for problem in problems)


@given(st.lists(json_values | corrupted_records(), max_size=6))
def test_check_records_accounts_for_every_record(records: list[object]) -> None:
    """check_records never raises, and gives one result per record, checked or with errors."""
    results = list(oc.check_records(records))
    assert len(records) == len(results)
    assert all(result.ok != bool(result.errors) for result in results)


@given(st.lists(st.binary(max_size=60), max_size=8))
def test_json_lines_reader_takes_any_bytes(lines: list[bytes]) -> None:
    """Any bytes read as JSON lines give one item per line that is not blank."""
    data = b"\n".join(line.replace(b"\n", b" ") for line in lines)
    items = list(read_json_lines(io.BytesIO(data)))
    lines_with_content = [line for line in data.split(b"\n") if line.strip(b" \t\r\x0b\x0c")]
    assert len(items) <= len(lines_with_content)


@given(
    st.binary(max_size=300)
    | st.lists(json_values, max_size=5).map(lambda v: json.dumps(v).encode())
)
def test_json_document_reader_takes_any_bytes(data: bytes) -> None:
    """Any bytes read as a JSON document give items at lines within the document."""
    lines = data.count(b"\n") + 1
    for item in read_json_document(io.BytesIO(data)):
        assert 1 <= item.line <= lines
        if isinstance(item, RawRecord):
            json.dumps(item.data)  # a real JSON value


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(
    data=st.binary(max_size=400)
    | st.lists(json_values | corrupted_records(), max_size=4).map(
        lambda values: "\n".join(json.dumps(value) for value in values).encode()
    ),
    name=st.sampled_from(["log.jsonl", "log.json", "log.toml"]),
)
def test_command_line_never_raises_and_counts_every_record(
    data: bytes,
    name: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The command line takes any file: exit 0, 1 or 2, no traceback, every record counted."""
    path = tmp_path / name
    path.write_bytes(data)
    code = main(["check", str(path), "--isolated", "--format", "json"])
    out, err = capsys.readouterr()
    assert code in {0, 1, 2}
    assert "Traceback" not in err
    if out:
        summary = json.loads(out)["summary"]
        assert summary["records_read"] == summary["records_checked"] + summary["records_invalid"]
