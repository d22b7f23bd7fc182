"""Progress on standard error for long runs: records done and records per second.

Shown only when standard error is a terminal, the run has lasted a second, and
``--quiet`` is not given; redrawn at most five times a second on one line, and
cleared at the end, so neither logs nor pipes ever see it. A few lines of our
own serve better here than a progress library: the run knows only a count.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Progress"]

_FIRST = 1.0
"""Seconds before progress is first shown: short runs show none."""
_EVERY = 0.2
"""Seconds between redraws."""


class Progress:
    """A one-line counter of records on a terminal."""

    def __init__(
        self,
        *,
        quiet: bool,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = sys.stderr if stream is None else stream
        self._enabled = not quiet and self._stream is not None and self._stream.isatty()
        self._clock = clock
        self._start = clock()
        self._next = self._start + _FIRST
        self._shown = False

    def update(self, records: int) -> None:
        """Show ``records`` done, if the time has come to redraw."""
        if not self._enabled:
            return
        now = self._clock()
        if now < self._next:
            return
        self._next = now + _EVERY
        rate = records / (now - self._start)
        self._stream.write(f"\r{records:,} records checked, {rate:,.0f} a second")
        self._stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Remove the progress line, so that what follows starts on a clean line."""
        if self._shown:
            self._stream.write("\r\033[K")
            self._stream.flush()
