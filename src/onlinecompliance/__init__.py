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
