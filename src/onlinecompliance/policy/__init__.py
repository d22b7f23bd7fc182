"""The policy: which rules run, how severe their findings are, and the local settings.

A :class:`Policy` sits above the rules: it resolves rule selectors against the
registry when it is made, so a misspelt code fails at once with a suggestion.
The rules never import it; they read its settings through
:class:`onlinecompliance.rules.context.RuleSettings`.
"""

from __future__ import annotations

from .policy import DEFAULT_BROWSERS, DEFAULT_MEET_HOSTS, Policy

__all__ = ["DEFAULT_BROWSERS", "DEFAULT_MEET_HOSTS", "Policy"]
