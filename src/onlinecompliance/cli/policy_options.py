"""The options that choose the policy, shared by ``check`` and ``policy``.

The options themselves are declared in :mod:`.arguments`, which ``--help`` loads
alone. The policy comes from ``--policy FILE``, else from the file found from the
working folder up (:mod:`onlinecompliance.policy.discovery`), else the built-in
default; ``--isolated`` skips every file. ``--select``, ``--ignore``,
``--fail-on`` and ``--today`` then replace what the file says.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from onlinecompliance.model import InvalidPolicy, Severity
from onlinecompliance.policy import (
    PolicySettings,
    find_policy_file,
    read_policy,
    shown_name,
)

from .arguments import add_policy_options, add_policy_source
from .output import error, reason

if TYPE_CHECKING:
    import argparse
    from collections.abc import Mapping

__all__ = [
    "KEY_FILE_VARIABLE",
    "KEY_VARIABLE",
    "add_policy_options",
    "add_policy_source",
    "fingerprint_key",
    "policy_settings",
    "usable_policy",
]

KEY_VARIABLE = "ONLINECOMPLIANCE_FINGERPRINT_KEY"
KEY_FILE_VARIABLE = "ONLINECOMPLIANCE_FINGERPRINT_KEY_FILE"


def usable_policy(args: argparse.Namespace) -> PolicySettings | None:
    """Return the settings of the policy ``args`` choose, checked to build a policy.

    On a problem, say each on standard error and return ``None`` (the command
    exits 2): a policy in error never lets a run start.
    """
    try:
        settings = policy_settings(args)
        settings.build()
    except InvalidPolicy as invalid:
        for problem in invalid.problems:
            error(problem)
        return None
    except OSError as problem:
        error(f"cannot read the policy {args.policy}: {reason(problem)}")
        return None
    return settings


def policy_settings(args: argparse.Namespace) -> PolicySettings:
    """Return the settings of the policy ``args`` choose, flags applied.

    Raises :class:`InvalidPolicy` for a policy file or flag in error, and
    :class:`OSError` for a policy file that cannot be read.
    """
    settings = _file_settings(args)
    select = _selectors(args.select)
    if select is not None:
        if not select:
            raise InvalidPolicy("--select names no rule")
        settings = settings.override("select", select, "--select")
    ignore = _selectors(args.ignore)
    if ignore is not None:
        settings = settings.override("ignore", ignore, "--ignore")
    if args.fail_on is not None:
        settings = settings.override("fail_on", Severity(args.fail_on), "--fail-on")
    if args.today is not None:
        settings = settings.override("today", args.today, "--today")
    key = fingerprint_key(os.environ)
    if key is not None:
        settings = settings.override("fingerprint_key", key, "the environment")
    return settings


def fingerprint_key(environment: Mapping[str, str]) -> bytes | None:
    """Return the fingerprint key the environment supplies, if any.

    ``ONLINECOMPLIANCE_FINGERPRINT_KEY`` holds the key itself (its UTF-8 bytes);
    ``ONLINECOMPLIANCE_FINGERPRINT_KEY_FILE`` names a file whose bytes are the
    key (a final newline is dropped). The key is never a command-line argument,
    where other users of the machine could read it, and never printed.
    """
    text = environment.get(KEY_VARIABLE)
    if text:
        return text.encode("utf-8", "surrogateescape")
    path = environment.get(KEY_FILE_VARIABLE)
    if not path:
        return None
    try:
        return Path(path).read_bytes().removesuffix(b"\n").removesuffix(b"\r")
    except OSError as problem:
        raise InvalidPolicy(
            f"cannot read the fingerprint key file that {KEY_FILE_VARIABLE} names: "
            f"{problem.strerror or type(problem).__name__}"
        ) from None


def _file_settings(args: argparse.Namespace) -> PolicySettings:
    if args.isolated:
        return PolicySettings()
    if args.policy is not None:
        return read_policy(args.policy, args.policy)
    folder = Path.cwd()
    found = find_policy_file(folder)
    if found is None:
        return PolicySettings()
    return read_policy(found, shown_name(found, folder))


def _selectors(values: list[str] | None) -> tuple[str, ...] | None:
    """Join repeated ``--select CODES`` options; ``None`` when the option is not given."""
    if values is None:
        return None
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())
