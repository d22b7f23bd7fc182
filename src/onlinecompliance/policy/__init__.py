"""The policy: which rules run, how severe their findings are, and the local settings.

A :class:`Policy` (:mod:`.policy`) sits above the rules: it resolves rule
selectors against the registry when it is made, so a misspelt code fails at
once with a suggestion. The rules never import it; they read its settings
through :class:`onlinecompliance.rules.context.RuleSettings`. Policy files are
TOML (:mod:`.document` is their structure, :mod:`.file` reads one, and
:mod:`.discovery` finds the one that applies); their waivers are
:class:`PolicyWaiver` values (:mod:`.waivers`).
"""

from __future__ import annotations

from .discovery import POLICY_FILE_NAME, find_policy_file, shown_name
from .file import PolicySettings, load_policy, read_policy, read_policy_text
from .policy import DEFAULT_BROWSERS, DEFAULT_MEET_HOSTS, Policy
from .waivers import PolicyWaiver

__all__ = [
    "DEFAULT_BROWSERS",
    "DEFAULT_MEET_HOSTS",
    "POLICY_FILE_NAME",
    "Policy",
    "PolicySettings",
    "PolicyWaiver",
    "find_policy_file",
    "load_policy",
    "read_policy",
    "read_policy_text",
    "shown_name",
]
