"""The ids seen in one input, in memory that does not grow with the input.

A record whose id repeats an earlier record's is reported, so the checker of
an input must remember every id. Issue 12 asks for peak memory under 100 MB
and flat from 20,000 to 1,000,000 records and beyond, so :class:`SeenIds`
keeps a fixed number of ids in memory and the rest on disk:

- Ids are kept as 64-bit digests, never as text (an id can be a CPR number).
- The newest ``memory_cap`` digests are in memory (:class:`_Digests`, some
  nine bytes each). When it is full they are written, sorted, to an anonymous
  temporary file (a *run*), and runs of about the same size are merged two
  into one as in a binary counter: there are at most log2(n / cap) + 1 runs,
  and each digest is written about log2(n / cap) + 1 times (four times at a
  million ids, seven at ten million). A merge reads one block of each run at
  a time, so it holds two blocks, not the runs.
- A run is probed through its fence index (the first digest of each block
  of 512, in memory: 1/64 byte an id) and one ``pread`` of a 4 KiB block.
  Mapped pages would count in the process's resident memory; a read does not.
- A fixed bitmap of 2^24 bits (2 MB), one bit for the low bits of each digest
  on disk, lets most new ids skip the probes: at a million ids on disk it
  sends about one new id in 17 to the runs, at ten million about one in two.

So memory stops growing at the first spill, at about 4 MB (the cap's 1.2 MB,
the bitmap, the allocator's slack) plus the fence index: ``check`` peaks at
37.8 MB over 1,000,000 records against 33.7 MB over 20,000 (1.12x; 1.35x with
every digest in memory). The answer is exact for digests: a digest added is
always found again, and one not added is never found. Below the cap nothing
is written and nothing is allocated beyond the in-memory digests, so a small
log costs what it did. Above it, the store costs the disk (8 bytes an id),
the merges and the probes the bitmap lets through: a new id about 0.7 µs more
than in memory at a million ids and 2.4 µs at ten million, a repeated one
some 5 µs (a probe of each run until found), against some 200 µs a record
for the whole command line.
"""

from __future__ import annotations

import array
import bisect
import os
import sys
import tempfile
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = ["SeenIds"]

MEMORY_CAP = 1 << 17
"""How many digests are kept in memory before they are written to disk.

131,072 digests take about 1.2 MB, small against the 20,000-record run's peak
(some 35 MB) that issue 12's flatness is measured from; a higher cap means
fewer runs and merges, a lower one less memory.
"""

BLOCK = 512
"""Digests in a block: 4 KiB, what one probe reads, and what a merge reads at a time."""

FILTER_BITS = 1 << 24
"""Bits in the bitmap in front of the runs (2 MB): fixed, so memory stays flat."""

_ITEM = array.array("Q").itemsize
"""Bytes in a digest as stored: 8."""


class SeenIds:
    """The set of id digests seen in one input: exact, with bounded memory.

    :meth:`add` says whether a digest was added before. The digests beyond the
    newest ``memory_cap`` are in anonymous temporary files (``tempfile``, so
    ``TMPDIR`` chooses where), which :meth:`close` removes; on POSIX they have
    no name from the start, so not even a killed process leaves one behind.
    The keywords size the store; tests make them tiny so that every path runs.
    ``filter_bits`` must be a power of two, at least eight.
    """

    def __init__(
        self, *, memory_cap: int = MEMORY_CAP, block: int = BLOCK, filter_bits: int = FILTER_BITS
    ) -> None:
        self._memory = _Digests()
        self._held = 0
        """How many digests :attr:`_memory` holds."""
        self._memory_cap = memory_cap
        self._block = block
        self._filter_mask = filter_bits - 1
        self._filter = bytearray()
        """One bit for the low bits of each digest in a run; allocated at the first spill."""
        self._runs: list[_Run] = []
        """Sorted runs on disk, oldest (and largest) first; no digest is in two of them."""

    def add(self, digest: int) -> bool:
        """Add ``digest``; return whether it was there already.

        A digest is in memory or in one run, never in both: it is added only
        when found in neither.
        """
        if self._runs and self._on_disk(digest):
            return True
        if self._memory.add(digest):
            return True
        self._held += 1
        if self._held >= self._memory_cap:
            self._spill()
        return False

    def close(self) -> None:
        """Remove the temporary files; the store must not be used afterwards."""
        for run in self._runs:
            run.close()

    def _on_disk(self, digest: int) -> bool:
        bit = digest & self._filter_mask
        if not self._filter[bit >> 3] >> (bit & 7) & 1:
            return False
        return any(digest in run for run in self._runs)

    def _spill(self) -> None:
        """Write the digests in memory as a new run, then merge runs of about the same size.

        The store stays whole if writing fails (a full disk): what was in memory
        stays there, and runs are replaced only once their merge is written.
        """
        if not self._filter:
            self._filter = bytearray((self._filter_mask >> 3) + 1)
        self._runs.append(_Run.written(self._memory.ordered(), self._block))
        mask, bits = self._filter_mask, self._filter
        for digests in self._memory.ordered():
            for digest in digests:
                bit = digest & mask
                bits[bit >> 3] |= 1 << (bit & 7)
        self._memory.clear()
        self._held = 0
        runs = self._runs
        while len(runs) > 1 and runs[-2].count <= runs[-1].count:
            merged = _Run.written(_merged(runs[-2].blocks(), runs[-1].blocks()), self._block)
            runs[-2].close()
            runs[-1].close()
            runs[-2:] = [merged]


class _Digests:
    """A set of 64-bit digests that costs about nine bytes an entry, and little time.

    The digests are kept in 4,096 sorted arrays, chosen by their top twelve
    bits: adding one is a bisection of an array of n / 4,096 entries (some 32
    at the cap of :class:`SeenIds`) and an insertion into it (a short copy in
    C). A Python set of ints would cost some seventy bytes an entry.
    The arrays, in turn, are all the digests in order: a run is written from
    them as they are.
    """

    _SHIFT = 64 - 12
    """How far a digest is shifted to give its array: its top twelve bits choose it."""

    def __init__(self) -> None:
        self._arrays = [array.array("Q") for _ in range(1 << (64 - self._SHIFT))]

    def add(self, digest: int) -> bool:
        """Add ``digest``; return whether it was there already."""
        found = self._arrays[digest >> self._SHIFT]
        index = bisect.bisect_left(found, digest)
        if index < len(found) and found[index] == digest:
            return True
        found.insert(index, digest)
        return False

    def ordered(self) -> Iterator[array.array[int]]:
        """Yield sorted arrays that hold all the digests, in order."""
        return iter(self._arrays)

    def clear(self) -> None:
        """Forget every digest: each array is replaced in turn, so two sets never coexist."""
        arrays = self._arrays
        for index in range(len(arrays)):
            arrays[index] = array.array("Q")


class _Run:
    """Sorted digests in an anonymous temporary file, and the first digest of each block."""

    def __init__(self, file: BinaryIO, count: int, fence: array.array[int], block: int) -> None:
        self._file = file
        self.count = count
        self._fence = fence
        self._block_bytes = block * _ITEM

    @classmethod
    def written(cls, chunks: Iterable[array.array[int]], block: int) -> _Run:
        """Write ``chunks``, sorted arrays whose digests are in order, as a new run."""
        file = tempfile.TemporaryFile()  # noqa: SIM115 - the run holds it open until closed
        try:
            fence = array.array("Q")
            count = 0
            for chunk in chunks:
                fence.extend(chunk[-count % block :: block])
                file.write(chunk)
                count += len(chunk)
            file.flush()
        except BaseException:
            file.close()
            raise
        return cls(file, count, fence, block)

    def __contains__(self, digest: int) -> bool:
        at = bisect.bisect_right(self._fence, digest) - 1
        if at < 0:
            return False
        size = self._block_bytes
        found = memoryview(_read_at(self._file.fileno(), size, at * size)).cast("Q")
        index = bisect.bisect_left(found, digest)
        return index < len(found) and found[index] == digest

    def blocks(self) -> Iterator[array.array[int]]:
        """Yield the digests in order, a block at a time."""
        size = self._block_bytes
        offset = 0
        while data := _read_at(self._file.fileno(), size, offset):
            offset += len(data)
            yield array.array("Q", data)

    def close(self) -> None:
        """Close the file, which removes it."""
        self._file.close()


def _merged(
    first: Iterator[array.array[int]], second: Iterator[array.array[int]]
) -> Iterator[array.array[int]]:
    """Yield the digests of two runs in order, from their blocks, a block or two at a time.

    The block that ends first goes out with the other side's digests up to its
    end, sorted together: ``sorted`` finds the two sorted stretches and merges
    them in C, where a loop over digests in Python would take several times as long.
    """
    one, other = next(first, None), next(second, None)
    while one is not None and other is not None:
        if one[-1] > other[-1]:
            one, other, first, second = other, one, second, first
        cut = bisect.bisect_right(other, one[-1])
        yield array.array("Q", sorted(one + other[:cut]))
        one, other = next(first, None), other[cut:] or next(second, None)
    for rest, more in ((one, first), (other, second)):
        if rest is not None:
            yield rest
            yield from more


if sys.platform == "win32":  # pragma: no cover - no pread on Windows; the file is this store's own

    def _read_at(fd: int, size: int, offset: int) -> bytes:
        os.lseek(fd, offset, os.SEEK_SET)
        return os.read(fd, size)

else:
    _read_at = os.pread
