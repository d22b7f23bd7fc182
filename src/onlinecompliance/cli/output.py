"""Writing output and messages: UTF-8 whatever the locale, never a half-written file.

A report for ``--output FILE`` is written to a temporary file beside it and
renamed over it at the end, so a failed or interrupted run leaves the old file
(or none), never half a report. A reader that closes standard output early
(``onlinecompliance check … | head``) ends the writing quietly.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "PROG",
    "OutputFailed",
    "error",
    "output_problem",
    "reason",
    "warn",
    "write_output",
]

PROG = "onlinecompliance"
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
"""What shells report for a program ended by Ctrl-C (128 + SIGINT)."""


class OutputFailed(Exception):
    """The output could not be written; the message says why, fit to print."""


def output_problem(output: str, inputs: Iterable[str]) -> str | None:
    """Say why the report cannot go to ``output``, before any work is done; ``None`` if it can."""
    target = Path(output)
    if target.is_dir():
        return "it is a folder"
    folder = target.parent
    if not folder.is_dir():
        return f"the folder {folder} does not exist"
    if not os.access(folder, os.W_OK):
        return f"the folder {folder} is not writable"
    for path in inputs:
        if path != "-" and _same_file(target, Path(path)):
            return f"it is an input ({path}), which the report would overwrite"
    return None


def write_output(pieces: Iterable[str], output: str | None) -> bool:
    """Write to ``output``, or standard output when it is ``None``.

    Returns ``False`` when the reader of standard output closed it early.
    Raises :class:`OutputFailed` when the output cannot be written.
    """
    try:
        if output is None:
            _write_stream(sys.stdout, pieces)
        else:
            _write_file(Path(output), pieces)
    except BrokenPipeError:  # a reader such as `head` stopped reading: nothing to say
        _silence_stdout()
        return False
    except OSError as problem:
        raise OutputFailed(
            f"cannot write {output or 'standard output'}: {reason(problem)}"
        ) from None
    return True


def _write_file(target: Path, pieces: Iterable[str]) -> None:
    """Write beside ``target``, then rename over it: all of the report or nothing."""
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        # Escaping keeps lone surrogates from ids (JSON "\udc80") writable, as JSON escapes.
        with os.fdopen(
            handle, "w", encoding="utf-8", newline="\n", errors="backslashreplace"
        ) as file:
            file.writelines(pieces)
        Path(temporary).replace(target)
    except BaseException:  # also Ctrl-C: no partial report is left behind
        Path(temporary).unlink(missing_ok=True)
        raise


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


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.exists() and second.exists() and first.samefile(second)
    except OSError:
        return first.resolve() == second.resolve()


def reason(problem: OSError) -> str:
    """Return the operating system's words for ``problem``, without a traceback."""
    return problem.strerror or str(problem)


def error(message: str) -> None:
    """Say what went wrong on standard error, after the program's name."""
    sys.stderr.write(f"{PROG}: {message}\n")


def warn(message: str) -> None:
    """Say something the user should know, that does not fail the run."""
    sys.stderr.write(f"{PROG}: warning: {message}\n")
