"""``onlinecompliance policy --show``: the policy in force, and where each value came from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from onlinecompliance.policy.show import render_policy

from .output import EXIT_OK, EXIT_USAGE, write_output
from .policy_options import usable_policy

if TYPE_CHECKING:
    import argparse

__all__ = ["show_policy"]


def show_policy(args: argparse.Namespace) -> int:
    """Write the effective policy as a policy file with each value's origin."""
    settings = usable_policy(args)
    if settings is None:
        return EXIT_USAGE
    write_output([render_policy(settings)], None)
    return EXIT_OK
