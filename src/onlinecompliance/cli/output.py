"""Writing output and messages: UTF-8 whatever the locale, and no traceback on a closed pipe."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "PROG", "error", "reason", "write_output"]

PROG = "onlinecompliance"
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def write_output(pieces: Iterable[str], output: str | None) -> int:
    """Write to ``output``, or standard output when it is ``None``; 2 if that fails."""
    try:
        if output is None:
            _write_stream(sys.stdout, pieces)
        else:
            # Escaping keeps lone surrogates from ids (JSON "\udc80") writable, as JSON escapes.
            with Path(output).open(
                "w", encoding="utf-8", newline="\n", errors="backslashreplace"
            ) as file:
                file.writelines(pieces)
    except BrokenPipeError:  # a reader such as `head` stopped reading: nothing to say
        _silence_stdout()
        return EXIT_USAGE
    except OSError as problem:
        error(f"cannot write {output or 'standard output'}: {reason(problem)}")
        return EXIT_USAGE
    return EXIT_OK


def _write_stream(stream: TextIO, pieces: Iterable[str]) -> None:
    """Write UTF-8 whatever the locale says, so JSON output stays JSON.

    Lone surrogates (possible in ids read from JSON escapes) are written as
    backslash escapes, which JSON reads back as the same escapes.
    """
    stream.flush()
    binary = getattr(stream, "buffer", None)
    for piece in pieces:
        if binary is None:
            stream.write(piece)
        else:
            binary.write(piece.encode("utf-8", "backslashreplace"))
    (stream if binary is None else binary).flush()


def _silence_stdout() -> None:
    """Point standard output at the null device so that flushing at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def reason(problem: OSError) -> str:
    """Return the operating system's words for ``problem``, without a traceback."""
    return problem.strerror or str(problem)


def error(message: str) -> None:
    """Say what went wrong on standard error, after the program's name."""
    sys.stderr.write(f"{PROG}: {message}\n")
