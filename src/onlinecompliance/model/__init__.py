"""The model: the meeting record, the findings about it, and the errors of reading it.

Everything here is a value (frozen attrs classes and enums), so every other
stage can build on it:
the record classes (:mod:`.meeting`), a department's local criteria
(:mod:`.criteria`), where a setting was written (:mod:`.origin`),
:class:`Violation` and :class:`Severity` (:mod:`.violation`), the exceptions
(:mod:`.errors`), and the order of record paths (:mod:`.paths`). Identifiers
show in ``repr()`` as :func:`onlinecompliance.scan.shown` prints them, so the
model reads the scanner; nothing else of the package.
"""

from __future__ import annotations

from .criteria import LocalCriteria
from .errors import (
    FieldError,
    InvalidPolicy,
    InvalidRecord,
    OnlineComplianceError,
    list_errors,
)
from .limits import Limits
from .meeting import (
    NOT_SET_FACTS,
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
    Identity,
    Imported,
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
    TenantPolicy,
    Waiver,
)
from .origin import Origin
from .paths import path_order
from .violation import INVALID_RECORD_CODE, INVALID_RECORD_NAME, Severity, Violation

__all__ = [
    "INVALID_RECORD_CODE",
    "INVALID_RECORD_NAME",
    "NOT_SET_FACTS",
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
    "Limits",
    "LobbyBypass",
    "LocalCriteria",
    "Meeting",
    "OnlineComplianceError",
    "Organisation",
    "Origin",
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
    "list_errors",
    "path_order",
]
