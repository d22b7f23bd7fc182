"""Writing output and messages: UTF-8 whatever the locale, never a half-written file.

A report for ``--output FILE`` is written to a temporary file beside it and
renamed over it at the end, so a failed or interrupted run leaves the old file
(or none), never half a report. A reader that closes standard output early
(``onlinecompliance check … | head``) ends the writing quietly.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from typing import TYPE_CHECKING, BinaryIO, TextIO, final

from .arguments import PROG

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "PROG",
    "OutputFailed",
    "ReportWriter",
    "error",
    "note",
    "output_problem",
    "reason",
    "standard_input",
    "warn",
    "write_output",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
"""What shells report for a program ended by Ctrl-C (128 + SIGINT)."""


class OutputFailed(Exception):
    """The output could not be written; the message says why, fit to print."""


def output_problem(output: str, inputs: Iterable[str]) -> str | None:
    """Say why the report cannot go to ``output``, before any work is done; ``None`` if it can."""
    from pathlib import Path  # noqa: PLC0415 (here and below: --help and --version need neither)

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


@final
class ReportWriter:
    """Where a report goes, piece by piece: standard output, or a file written whole.

    Use it as a context manager. For a file, the pieces go to a temporary file
    beside it, renamed over it when the block ends without an exception; an
    exception, Ctrl-C included, removes the temporary file instead.
    """

    def __init__(self, output: str | None) -> None:
        self._output = output
        self._open = True
        self._file: TextIO | None = None
        self._temporary: Path | None = None
        self._interactive = False

    def __enter__(self) -> ReportWriter:
        if self._output is None:
            self._interactive = sys.stdout is not None and sys.stdout.isatty()
            self._flush_stdout()  # what was written as text comes first
        else:
            import tempfile  # noqa: PLC0415
            from pathlib import Path  # noqa: PLC0415

            target = Path(self._output)
            try:
                handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            except OSError as problem:
                raise OutputFailed(f"cannot write {self._output}: {reason(problem)}") from None
            self._temporary = Path(name)
            # Escaping keeps lone surrogates from ids (JSON "\udc80") writable, as JSON escapes.
            self._file = os.fdopen(
                handle, "w", encoding="utf-8", newline="\n", errors="backslashreplace"
            )
        return self

    def write(self, pieces: Iterable[str]) -> bool:
        """Write ``pieces``; return ``False`` once the reader of standard output has gone."""
        if not self._open:
            return False
        try:
            if self._file is not None:
                self._file.writelines(pieces)
            else:
                self._to_stdout(pieces)
        except BrokenPipeError:  # a reader such as `head` stopped reading: nothing to say
            _silence_stdout()
            self._open = False
        except OSError as problem:
            where = self._output or "standard output"
            raise OutputFailed(f"cannot write {where}: {reason(problem)}") from None
        return self._open

    def _to_stdout(self, pieces: Iterable[str]) -> None:
        """Write UTF-8 whatever the locale says, so JSON output stays JSON.

        Lone surrogates (possible in ids read from JSON escapes) are written as
        backslash escapes, which JSON reads back as the same escapes. Output is
        flushed at once on a terminal only: into a pipe, a flush per record
        would cost a system call each.
        """
        stream = sys.stdout
        binary = getattr(stream, "buffer", None)
        if binary is None:
            stream.writelines(pieces)
        else:
            binary.write("".join(pieces).encode("utf-8", "backslashreplace"))
        if self._interactive:
            (stream if binary is None else binary).flush()

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if self._file is None or self._temporary is None:
            self._flush_stdout()
            return
        self._file.close()
        if kind is None:
            try:
                self._temporary.replace(str(self._output))
            except OSError as problem:
                self._temporary.unlink(missing_ok=True)
                raise OutputFailed(f"cannot write {self._output}: {reason(problem)}") from None
        else:  # also Ctrl-C: no partial report is left behind
            self._temporary.unlink(missing_ok=True)

    def _flush_stdout(self) -> None:
        if not self._open or sys.stdout is None:
            return
        try:
            sys.stdout.flush()
            binary = getattr(sys.stdout, "buffer", None)
            if binary is not None:
                binary.flush()
        except BrokenPipeError:
            _silence_stdout()
            self._open = False


def write_output(pieces: Iterable[str], output: str | None) -> bool:
    """Write ``pieces`` to ``output`` (or standard output); ``False`` if the pipe closed."""
    with ReportWriter(output) as writer:
        return writer.write(pieces)


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


def note(message: str) -> None:
    """Say how a run went, on standard error, so that standard output stays data."""
    sys.stderr.write(f"{PROG}: {message}\n")


def standard_input() -> BinaryIO | None:
    """Return standard input as bytes, or ``None`` when there is none."""
    stream = sys.stdin
    if stream is None:
        return None
    buffer: BinaryIO | None = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer
    return io.BytesIO(stream.read().encode("utf-8", "surrogateescape"))  # a stand-in in tests
