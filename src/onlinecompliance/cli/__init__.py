"""The command line: ``onlinecompliance check``, ``rules``, ``rule``, ``policy`` and ``schema``.

Exit codes: 0 when no finding is at or above ``--fail-on``; 1 when one is; 2 for
usage errors, unknown rule codes, and files that cannot be read or written. A
file that cannot be read is reported on standard error and the other files are
still checked. No input ever causes a traceback, and no output repeats input.

:mod:`.app` parses the arguments and hands each command to its module
(:mod:`.check`, :mod:`.rules`, :mod:`.policy`, :mod:`.schema`);
:mod:`.policy_options` chooses the policy for ``check`` and ``policy``, and
:mod:`.output` writes reports and messages.
"""

from __future__ import annotations

from .app import main

__all__ = ["main"]
