"""Check online meetings in Danish hospitals against the Capital Region's guideline.

Read a record with :func:`load_meeting`, check it with :func:`check`, stream a
log through :func:`check_records`. :data:`RULES` documents every rule.
"""

from __future__ import annotations

from .check import check
from .criteria import LocalCriteria
from .detection import Confidence, Detection, DetectionKind
from .errors import FieldError, InvalidPolicy, InvalidRecord, OnlineComplianceError
from .loading import dump_meeting, load_meeting
from .model import (
    Advisory,
    AdvisoryMode,
    App,
    Browser,
    ChatMessage,
    Client,
    DataCategory,
    Destination,
    FallbackReason,
    Identity,
    Invitation,
    Kind,
    LobbyBypass,
    Meeting,
    Organisation,
    Participant,
    Platform,
    Recording,
    RecordingBasis,
    Role,
    Room,
    RoomBooking,
    RoomType,
    Share,
    ShareChannel,
    Teams,
    Tenant,
    Waiver,
)
from .policy import Policy
from .records import RecordResult, check_records
from .rules import RULES, Provenance, Rule
from .scan import scan_text
from .violation import Severity, Violation

__version__ = "0.1.0.dev0"

__all__ = [
    "RULES",
    "Advisory",
    "AdvisoryMode",
    "App",
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
    "Violation",
    "Waiver",
    "check",
    "check_records",
    "dump_meeting",
    "load_meeting",
    "scan_text",
]


def __dir__() -> list[str]:
    return __all__
