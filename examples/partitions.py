"""Checking a log that outgrows one machine: the same ``check_records`` on an existing engine.

:func:`onlinecompliance.check_records` is pure, and its records and results are
picklable, so an engine that runs a Python function over partitions of JSON
lines runs the whole check. As ``--jobs`` does, the workers are sent the
policy's settings, the keyword arguments of ``Policy`` (plain data, smaller than
the policy, which pickles too), and build it once per partition.

``check_lines`` checks one partition as the command line checks one file: blank
lines skipped but counted, a line that is not JSON reported as ``OC000``, a
repeated id reported within the partition. It yields the findings as the flat
rows of ``to_records`` (the columns of ``--format csv``). ``dask_findings``
runs it with a Dask bag, one JSON lines file a partition (``pip install -e
'.[dask]'``); ``docs/performance.md`` shows the same with Spark's
``mapPartitions``, and ``tests/test_distributed.py`` runs both functions.
"""

from __future__ import annotations

import itertools
import json
from typing import TYPE_CHECKING, Any

import onlinecompliance as oc

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator


def check_lines(lines: Iterable[str], settings: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Check one partition of JSON lines; yield a row per finding, at its line in the partition."""
    policy = oc.Policy(**settings)
    numbered = ((number, line) for number, line in enumerate(lines, start=1) if line.strip())
    numbers, texts = itertools.tee(numbered)
    records = (_parsed(text.rstrip("\r\n")) for _, text in texts)
    for (number, _), result in zip(numbers, oc.check_records(records, policy), strict=True):
        yield from result.to_records(line=number)


def _parsed(line: str) -> object:
    try:
        return json.loads(line)
    except ValueError:
        return line  # not JSON: check_records reports a string as an input error (OC000)


def dask_findings(
    paths: str | list[str], settings: dict[str, Any], scheduler: str | None = None
) -> list[dict[str, Any]]:
    """Check JSON lines files with a Dask bag, one file a partition; return the rows in order."""
    import dask.bag as db  # noqa: PLC0415 (an optional extra)

    lines = db.read_text(paths, blocksize=None, files_per_partition=1)
    rows: list[dict[str, Any]] = lines.map_partitions(check_lines, settings).compute(
        scheduler=scheduler
    )
    return rows
