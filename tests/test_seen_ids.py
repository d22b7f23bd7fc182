"""The ids seen in an input: exact like a set, bounded in memory, temporary files removed."""

from __future__ import annotations

import errno
import functools
import itertools
import json
import random
import tempfile
import tracemalloc
import types
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import onlinecompliance as oc
from onlinecompliance.cli import main
from onlinecompliance.engine import stream
from onlinecompliance.engine.seen import SeenIds

TINY = functools.partial(SeenIds, memory_cap=8, block=2, filter_bits=64)
"""A store that writes to disk every eight ids, and merges runs every other time."""

any_digest = st.integers(min_value=0, max_value=2**64 - 1)
near = st.integers(min_value=0, max_value=99)
"""Digests that share their top bits (one in-memory array) and, often, their bitmap bit."""


@st.composite
def sequences(draw: st.DrawFn) -> list[int]:
    """Digests to add, many of them repeats of earlier ones."""
    pool = draw(st.lists(any_digest | near, min_size=1, max_size=80))
    return draw(st.lists(st.sampled_from(pool) | any_digest | near, max_size=400))


@given(
    sequences(),
    st.lists(any_digest | near, max_size=20),
    st.integers(min_value=1, max_value=10),
    st.integers(min_value=1, max_value=5),
    st.sampled_from([8, 64, 1 << 12]),
)
def test_add_answers_like_a_set(
    added: list[int], probes: list[int], cap: int, block: int, filter_bits: int
) -> None:
    """Whatever is in memory, on disk or merged, add says exactly whether a digest came before."""
    seen = SeenIds(memory_cap=cap, block=block, filter_bits=filter_bits)
    model: set[int] = set()
    try:
        for digest in added:
            assert (digest in model) == seen.add(digest)
            model.add(digest)
        for digest in probes:  # each a new digest or a repeat; asked twice, it is a repeat
            assert (digest in model) == seen.add(digest)
            model.add(digest)
            assert seen.add(digest)
    finally:
        seen.close()


def test_many_spills_and_merges_stay_exact() -> None:
    """Twenty thousand digests through a store of 64, half of them repeats: the set's answers."""
    rng = random.Random(12)  # noqa: S311 (a seeded draw)
    fresh = [rng.getrandbits(64) for _ in range(10_000)]
    sequence = fresh + [rng.choice(fresh) for _ in range(10_000)]
    rng.shuffle(sequence)
    seen = SeenIds(memory_cap=64, block=8, filter_bits=1 << 10)
    model: set[int] = set()
    try:
        for digest in sequence:
            assert (digest in model) == seen.add(digest)
            model.add(digest)
    finally:
        seen.close()


def test_memory_does_not_grow_with_the_ids() -> None:
    """Adding ten thousand more ids leaves the store's memory about where it was."""
    rng = random.Random(13)  # noqa: S311 (a seeded draw)
    seen = SeenIds(memory_cap=256, block=64, filter_bits=1 << 16)
    tracemalloc.start()
    try:
        for _ in range(2_000):
            seen.add(rng.getrandbits(64))
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(10_000):
            seen.add(rng.getrandbits(64))
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
        seen.close()
    # Kept in memory, the digests would take some 90 kB more; the fence is 1/8 byte an id here.
    assert after - before < 32 * 1024


def our_files(folder: Path) -> list[str]:
    """Return the files this process holds open in ``folder``, named or not (from /proc)."""
    held = [str(fd.readlink()) for fd in Path("/proc/self/fd").iterdir() if fd.is_symlink()]
    return [name for name in held if name.startswith(str(folder))]


needs_proc = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")


@pytest.fixture
def temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make ``tmp_path`` the folder for temporary files, as ``TMPDIR`` would."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


@needs_proc
def test_temporary_files_are_in_tmpdir_and_gone_after_close(temporary: Path) -> None:
    """The runs are written where TMPDIR says, without a name, and close removes them."""
    seen = TINY()
    for digest in range(100):
        seen.add(digest)
    assert our_files(temporary)
    assert [] == list(temporary.iterdir())
    seen.close()
    assert [] == our_files(temporary)


def test_a_failed_write_loses_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """When a run cannot be written (a full disk), the add fails, and the store stays exact."""
    real = tempfile.TemporaryFile
    calls = itertools.count()

    def flaky() -> Any:
        if next(calls) % 3 == 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real()

    monkeypatch.setattr(tempfile, "TemporaryFile", flaky)
    rng = random.Random(15)  # noqa: S311 (a seeded draw)
    seen = TINY()
    model: set[int] = set()
    failed = 0
    try:
        for _ in range(2_000):
            digest = rng.randrange(600)
            try:
                assert (digest in model) == seen.add(digest)
            except OSError:
                failed += 1  # the digest was taken before the write failed
            model.add(digest)
    finally:
        seen.close()
    assert failed > 10


GOOD: dict[str, Any] = {"id": "a", "kind": "internal_meeting", "platform": "minsp"}


def records_with_repeats(count: int) -> tuple[list[dict[str, Any]], list[int]]:
    """``count`` records whose ids sometimes repeat an earlier one; and the repeats' indexes."""
    rng = random.Random(14)  # noqa: S311 (a seeded draw)
    ids = [f"m-{rng.randrange(count * 2)}" for _ in range(count)]
    repeats = [index for index, each in enumerate(ids) if each in ids[:index]]
    return [{**GOOD, "id": each} for each in ids], repeats


@pytest.fixture
def tiny(monkeypatch: pytest.MonkeyPatch, temporary: Path) -> Path:
    """Make every checker's store tiny, writing to ``temporary``."""
    monkeypatch.setattr(stream, "SeenIds", TINY)
    return temporary


def test_check_records_reports_every_repeat_beyond_the_cap(tiny: Path) -> None:
    """Through the public stream, ids far beyond the cap are found again, and only they."""
    data, repeats = records_with_repeats(500)
    results = list(oc.check_records(data))
    repeated = [result.index for result in results if not result.ok]
    assert repeats == repeated
    assert {"id"} == {result.errors[0].path for result in results if not result.ok}
    if Path("/proc/self/fd").is_dir():
        assert [] == our_files(tiny)


@needs_proc
def test_a_stream_closed_early_removes_its_files(tiny: Path) -> None:
    """A caller who stops reading results, and closes the stream, leaves no file open."""
    data, _ = records_with_repeats(200)
    results = oc.check_records(data)
    assert isinstance(results, types.GeneratorType)
    for _ in range(100):
        next(results)
    assert our_files(tiny)
    results.close()
    assert [] == our_files(tiny)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_command_line_reports_every_repeat_beyond_the_cap(
    tiny: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    """The command line, in one process or with workers, reports the repeats at their lines."""
    data, repeats = records_with_repeats(300)
    log = tiny / "log.jsonl"
    log.write_text("".join(json.dumps(record) + "\n" for record in data), encoding="utf-8")
    main(["check", str(log), "--isolated", "--format", "jsonl", "--jobs", jobs])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    repeated = [row["line"] for row in lines if row.get("code") == "OC000"]
    assert [index + 1 for index in repeats] == repeated
    assert [log] == list(tiny.iterdir())


class _FullDisk:
    """A store of ids whose disk is full from the start."""

    def add(self, _digest: int) -> bool:
        raise OSError(errno.ENOSPC, "No space left on device")

    def close(self) -> None:
        pass


@pytest.mark.parametrize(
    ("name", "source"), [("log.jsonl", None), ("events.jsonl", "pexip-events")]
)
def test_a_full_disk_is_a_clear_error_not_a_traceback(
    temporary: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    source: str | None,
) -> None:
    """When the store of ids cannot write (a full disk), the file is named and the run exits 2."""
    monkeypatch.setattr(stream, "SeenIds", _FullDisk)
    log = temporary / name
    if source is None:
        data, _ = records_with_repeats(5)
        log.write_text("".join(json.dumps(record) + "\n" for record in data), encoding="utf-8")
    else:
        example = Path(__file__).parent.parent / "examples" / "exports" / "pexip-events.jsonl"
        log.write_bytes(example.read_bytes())
    options = [] if source is None else ["--from", source]
    status = main(["check", str(log), "--isolated", "--format", "jsonl", *options])
    assert 2 == status
    assert f"{log}: No space left on device" in capsys.readouterr().err
