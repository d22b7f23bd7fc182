"""Check online meetings in Danish hospitals against the Capital Region's guideline.

Read a record with :func:`load_meeting`, check it with :func:`check`, stream a
log through :func:`check_records`; read a policy file with :func:`load_policy`.
:data:`RULES` documents every rule.

The names below are the public interface; the subpackages are the stages a
record passes through (``docs/architecture.md``): ``sources`` → ``load`` →
``model`` → ``rules`` (with ``scan``) → ``engine`` → ``report`` → ``cli``,
with ``policy`` choosing the rules.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # as typing's, without loading typing: ``--help`` needs none of it
if TYPE_CHECKING:  # the names as type checkers and editors see them; loaded on first use
    from .engine import RecordResult, check, check_records, to_records
    from .load import dump_meeting, load_meeting
    from .model import (
        Advisory,
        AdvisoryMode,
        App,
        AutoAdmittedUsers,
        Browser,
        ChatMessage,
        Client,
        DataCategory,
        Destination,
        FallbackReason,
        FieldError,
        Identity,
        Imported,
        InvalidPolicy,
        InvalidRecord,
        Invitation,
        Kind,
        LobbyBypass,
        LocalCriteria,
        Meeting,
        OnlineComplianceError,
        Organisation,
        Participant,
        Platform,
        Recording,
        RecordingBasis,
        Role,
        Room,
        RoomBooking,
        RoomType,
        Severity,
        Share,
        ShareChannel,
        Teams,
        Tenant,
        TenantPolicy,
        Violation,
        Waiver,
    )
    from .policy import Policy, PolicyWaiver, load_policy
    from .rules import RULES, Provenance, Rule
    from .scan import Confidence, Detection, DetectionKind, scan_text

__version__ = "0.1.0.dev0"

_HOMES = {
    "engine": ("RecordResult", "check", "check_records", "to_records"),
    "load": ("dump_meeting", "load_meeting"),
    "model": (
        "Advisory",
        "AdvisoryMode",
        "App",
        "AutoAdmittedUsers",
        "Browser",
        "ChatMessage",
        "Client",
        "DataCategory",
        "Destination",
        "FallbackReason",
        "FieldError",
        "Identity",
        "Imported",
        "InvalidPolicy",
        "InvalidRecord",
        "Invitation",
        "Kind",
        "LobbyBypass",
        "LocalCriteria",
        "Meeting",
        "OnlineComplianceError",
        "Organisation",
        "Participant",
        "Platform",
        "Recording",
        "RecordingBasis",
        "Role",
        "Room",
        "RoomBooking",
        "RoomType",
        "Severity",
        "Share",
        "ShareChannel",
        "Teams",
        "Tenant",
        "TenantPolicy",
        "Violation",
        "Waiver",
    ),
    "policy": ("Policy", "PolicyWaiver", "load_policy"),
    "rules": ("RULES", "Provenance", "Rule"),
    "scan": ("Confidence", "Detection", "DetectionKind", "scan_text"),
}
"""The stage that defines each public name: the name is imported from it on first use."""
_HOME_OF = {name: stage for stage, names in _HOMES.items() for name in names}

__all__ = [
    "RULES",
    "Advisory",
    "AdvisoryMode",
    "App",
    "AutoAdmittedUsers",
    "Browser",
    "ChatMessage",
    "Client",
    "Confidence",
    "DataCategory",
    "Destination",
    "Detection",
    "DetectionKind",
    "FallbackReason",
    "FieldError",
    "Identity",
    "Imported",
    "InvalidPolicy",
    "InvalidRecord",
    "Invitation",
    "Kind",
    "LobbyBypass",
    "LocalCriteria",
    "Meeting",
    "OnlineComplianceError",
    "Organisation",
    "Participant",
    "Platform",
    "Policy",
    "PolicyWaiver",
    "Provenance",
    "RecordResult",
    "Recording",
    "RecordingBasis",
    "Role",
    "Room",
    "RoomBooking",
    "RoomType",
    "Rule",
    "Severity",
    "Share",
    "ShareChannel",
    "Teams",
    "Tenant",
    "TenantPolicy",
    "Violation",
    "Waiver",
    "check",
    "check_records",
    "dump_meeting",
    "load_meeting",
    "load_policy",
    "scan_text",
    "to_records",
]


def __dir__() -> list[str]:
    return __all__


if not TYPE_CHECKING:  # hidden from type checkers, which see the imports above

    def __getattr__(name: str) -> object:
        """Import a public name's stage on first use (PEP 562).

        The command line's ``--help``, and a program that needs only the
        scanner, load no more than they use.
        """
        stage = _HOME_OF.get(name)
        if stage is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{__name__}.{stage}"), name)
        globals()[name] = value
        return value
