"""``onlinecompliance policy --show``: the policy in force, and where each value came from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from onlinecompliance.model import InvalidPolicy
from onlinecompliance.policy.show import render_policy

from .output import EXIT_OK, EXIT_USAGE, error, reason, write_output
from .policy_options import policy_settings

if TYPE_CHECKING:
    import argparse

__all__ = ["show_policy"]


def show_policy(args: argparse.Namespace) -> int:
    """Write the effective policy as a policy file with each value's origin."""
    try:
        text = render_policy(policy_settings(args))
    except InvalidPolicy as invalid:
        for problem in invalid.problems:
            error(problem)
        return EXIT_USAGE
    except OSError as problem:
        error(f"cannot read the policy {args.policy}: {reason(problem)}")
        return EXIT_USAGE
    write_output([text], None)
    return EXIT_OK
