"""eHealth video appointments (FHIR ``Appointment``), read as meeting records.

The eHealth Infrastructure's implementation guide (public repository
``fut-infrastructure/implementation-guide``, ``input/fsh/ehealth-videoappointment.fsh``
and ``ehealth-group-videoappointment.fsh``) profiles a FHIR R4 ``Appointment`` that
wraps a VDX meeting: the service fills in the meeting URL, the VMR URI and the host
and guest PIN codes as extensions. Participants reference Patient, Practitioner,
RelatedPerson or Location resources, which gives each person's role.

A value is an Appointment, a Bundle entry holding one (``resource``), or a whole
Bundle. Resources of other types in a Bundle (included Patients, Practitioners …),
appointments that are not video appointments, and cancelled or erroneous ones make
no record. Names (``actor.display``), PINs and the VMR URI are read, never copied.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from onlinecompliance.model import Kind, Role
from onlinecompliance.sources.items import RawRecord, UnreadableRecord

from .base import ExportFormat, Located, RecordBuilder
from .vdx import CANNOT_TELL, is_uuid, offset_time, room_url

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    from .conventions import Conventions

__all__ = ["FHIR_APPOINTMENT"]

NAME = "fhir-appointment"

_EXTENSION = "http://ehealth.sundhed.dk/fhir/StructureDefinition/"
_PROFILES = {
    f"{_EXTENSION}ehealth-videoappointment": "video",
    f"{_EXTENSION}ehealth-group-videoappointment": "group-video",
}
"""The two video appointment profiles, by the service type each fixes."""
_SERVICE_TYPES = frozenset({"video", "group-video"})
"""Codes of ``http://ehealth.sundhed.dk/cs/appointment-servicetype`` that are video."""
_SERVICE_TYPE_SYSTEM = "http://ehealth.sundhed.dk/cs/appointment-servicetype"
_VDX_MEETING = "http://vdx.medcom.dk/meeting"
"""The identifier system of the VDX meeting an appointment wraps (its ``uuid``)."""

_SKIPPED_STATUSES = frozenset({"cancelled", "entered-in-error"})
"""Appointment statuses that mean no meeting is held: they make no record."""

ROLES: Mapping[str, Role] = {
    "Patient": Role.PATIENT,
    "RelatedPerson": Role.RELATIVE,
    "Practitioner": Role.HEALTH_STAFF,
}
"""A participant's role by the type of resource its actor references.

A Practitioner is ``health_staff``: the eHealth Practitioner profile holds no
documented code that says doctor (``PractitionerRole.code`` is a care team role, and
an appointment does not reference it). Locations and care teams are not people and
make no participant."""

_SERVER_ID = re.compile(r"\d{1,64}")
"""The eHealth server's ids are numbers (``180772``): they cannot hold a name."""
_RESOURCE_TYPE = re.compile(r"[A-Z][A-Za-z]{1,63}")
_TIME_EXPECTED = "expected an instant with an offset"


class _UnusableError(Exception):
    """A documented element holds a value of the wrong type: the appointment cannot be read."""

    def __init__(self, field: str, expected: str, path: str) -> None:
        super().__init__(f"FHIR Appointment: {field}: {expected}")
        self.path = path


def recognises(value: object) -> bool:
    """Whether a value plainly is a FHIR Appointment (or a Bundle, or an entry, holding one).

    Any Appointment with the two elements FHIR requires (``status``, ``participant``),
    not only a video one: a search Bundle may begin with a physical appointment, which
    the reader then passes over, and the file is still recognised.
    """
    if isinstance(value, dict) and "resource" in value:
        value = value["resource"]
    if not isinstance(value, dict):
        return False
    if value.get("resourceType") == "Bundle":
        entries = value.get("entry")
        return isinstance(entries, list) and any(recognises(entry) for entry in entries)
    return value.get("resourceType") == "Appointment" and {"status", "participant"} <= value.keys()


def read(items: Iterable[Located], conventions: Conventions) -> Iterator[Located]:
    """Read each video appointment into a record, in file and line order."""
    for located in items:
        item = located.item
        if isinstance(item, UnreadableRecord):
            yield located
            continue
        for resource, prefix in _resources(item.data):
            result = _appointment(item.line, resource, prefix, conventions)
            if result is not None:
                yield Located(located.file, result)


def _resources(
    value: object,
) -> Iterator[tuple[Mapping[str, object] | UnreadableRecord, str]]:
    """Yield the resources a value holds, each with how the source names its elements.

    A Bundle entry without a resource (a deletion in a history Bundle) holds none.
    """
    if not isinstance(value, dict):
        yield _not_fhir(), ""
        return
    if "resourceType" not in value:
        if "resource" in value:
            resource = value["resource"]
            yield (resource if isinstance(resource, dict) else _not_fhir()), "resource."
        elif not value.keys() & {"fullUrl", "request", "response", "search"}:
            yield _not_fhir(), ""
        return
    if value["resourceType"] != "Bundle":
        yield value, ""
        return
    entries = value.get("entry", [])
    if not isinstance(entries, list):
        yield _unreadable("entry", "expected an array of entries"), ""
        return
    for index, entry in enumerate(entries):
        if isinstance(entry, dict) and isinstance(entry.get("resource"), dict):
            yield entry["resource"], f"entry[{index}].resource."


def _not_fhir() -> UnreadableRecord:
    return UnreadableRecord(
        0, "FHIR Appointment: expected an Appointment, a Bundle or a Bundle entry (resourceType)"
    )


def _unreadable(field: str, expected: str, path: str = "") -> UnreadableRecord:
    return UnreadableRecord(0, f"FHIR Appointment: {field}: {expected}", path=path)


def _appointment(
    line: int,
    resource: Mapping[str, object] | UnreadableRecord,
    prefix: str,
    conventions: Conventions,
) -> RawRecord | UnreadableRecord | None:
    """Return one resource's record, why it cannot be read, or ``None`` when it is no meeting."""
    if isinstance(resource, UnreadableRecord):
        return UnreadableRecord(line, resource.message, path=resource.path)
    if resource.get("resourceType") != "Appointment":
        return None
    status = resource.get("status")
    if status in _SKIPPED_STATUSES or _service(resource)[0] is None:
        return None
    identity = _record_id(resource, prefix)
    if isinstance(identity, UnreadableRecord):
        return UnreadableRecord(line, identity.message, path="id")
    record_id, id_field = identity
    try:
        return RawRecord(line, _build(resource, prefix, record_id, id_field, conventions))
    except _UnusableError as problem:
        return UnreadableRecord(line, str(problem), path=problem.path, record=record_id)


def _service(resource: Mapping[str, object]) -> tuple[str | None, str]:
    """Return the video service type (``video``, ``group-video``) and where it was read.

    The ``serviceType`` coding first, else the profile in ``meta.profile``; ``None`` when
    the appointment is not a video appointment.
    """
    for index, concept in enumerate(_list(resource.get("serviceType"))):
        for position, coding in enumerate(_list(_get(concept, "coding"))):
            code = _get(coding, "code")
            system = _get(coding, "system")
            if code in _SERVICE_TYPES and system in (None, _SERVICE_TYPE_SYSTEM):
                return str(code), f"serviceType[{index}].coding[{position}].code"
    for index, profile in enumerate(_list(_get(resource.get("meta"), "profile"))):
        if isinstance(profile, str) and profile.split("|")[0] in _PROFILES:
            return _PROFILES[profile.split("|")[0]], f"meta.profile[{index}]"
    return None, ""


def _record_id(resource: Mapping[str, object], prefix: str) -> tuple[str, str] | UnreadableRecord:
    """Return an opaque record id and its source element.

    The server's numeric ``id``; else the wrapped VDX meeting's UUID (an ``identifier``
    with system ``http://vdx.medcom.dk/meeting``), as in a request body before the
    server gave an id. An id chosen by a client could be a name, so no other is taken.
    """
    server_id = resource.get("id")
    if isinstance(server_id, str) and (_SERVER_ID.fullmatch(server_id) or is_uuid(server_id)):
        return server_id, f"{prefix}id"
    for index, identifier in enumerate(_list(resource.get("identifier"))):
        value = _get(identifier, "value")
        if _get(identifier, "system") == _VDX_MEETING and is_uuid(value):
            return str(value), f"{prefix}identifier[{index}].value"
    return _unreadable(
        f"{prefix}id",
        f"expected the server's numeric id or a UUID, or an identifier with system {_VDX_MEETING}",
        "id",
    )


def _build(
    resource: Mapping[str, object],
    prefix: str,
    record_id: str,
    id_field: str,
    conventions: Conventions,
) -> dict[str, object]:
    """Map one appointment onto our record (see ``docs/sources.md``)."""
    record = RecordBuilder(NAME, cannot_tell=CANNOT_TELL)
    record.set("id", record_id, id_field)
    for field, path in (("start", "start"), ("end", "end")):
        text = resource.get(field)
        if text is None:
            continue
        moment = offset_time(text) if isinstance(text, str) else None
        if moment is None:
            raise _UnusableError(f"{prefix}{field}", _TIME_EXPECTED, path)
        record.set(path, moment, f"{prefix}{field}")
    extensions = _extensions(resource)
    _platform_and_room(record, extensions, prefix, conventions)
    patient = _participants(record, resource, prefix)
    service, service_field = _service(resource)
    if service == "group-video":
        record.set("kind", Kind.GROUP_SESSION.value, f"{prefix}{service_field}")
    elif patient is not None:
        record.set("kind", Kind.VIDEO_CONSULTATION.value, f"{prefix}{service_field}, {patient}")
    return record.record()


def _extensions(resource: Mapping[str, object]) -> dict[str, tuple[object, str]]:
    """Return the eHealth extensions by name (``ehealth-vmr-uri``), each value and its element."""
    found: dict[str, tuple[object, str]] = {}
    for index, extension in enumerate(_list(resource.get("extension"))):
        url = _get(extension, "url")
        if (
            not isinstance(url, str)
            or not url.startswith(_EXTENSION)
            or not isinstance(extension, dict)
        ):
            continue
        name = url.removeprefix(_EXTENSION)
        for key, value in extension.items():
            if key.startswith("value") and name not in found:
                found[name] = (value, f"extension[{index}].{key}")
    return found


def _platform_and_room(
    record: RecordBuilder,
    extensions: Mapping[str, tuple[object, str]],
    prefix: str,
    conventions: Conventions,
) -> None:
    """Set the platform by the host of the VMR URI (or the meeting URL), the room's URL and PIN.

    No element names the platform: the site's conventions read the VMR's host
    (``meet-hosts`` means Meet; ``platforms`` globs the rest). The meeting URL is the
    VDX portal link with the VMR URI and the guest PIN in its query, so only its origin
    is kept. The guest is asked for a PIN when the service gave a guest PIN code; when
    the service has filled in the meeting (URL or VMR URI) and gave none, there is none.
    """
    vmr, vmr_field = _uri(extensions, "ehealth-vmr-uri", prefix)
    url, url_field = _uri(extensions, "ehealth-meeting-url", prefix)
    for address, field in ((vmr, vmr_field), (url, url_field)):
        platform = conventions.platform_of(address)
        if platform is not None:
            record.set("platform", platform.value, field)
            break
    record.set("room.url", room_url(url, conventions), url_field)
    pin, pin_field = extensions.get("ehealth-guest-pin-code", (None, ""))
    if pin is not None and not isinstance(pin, str):
        expected = "expected a string (valueString)"
        raise _UnusableError(f"{prefix}{pin_field}", expected, "room.guest_pin")
    if pin:
        record.set("room.guest_pin", True, f"{prefix}{pin_field}")  # noqa: FBT003
    elif vmr or url:
        source = f"{prefix}{pin_field}" if pin_field else vmr_field or url_field
        record.set("room.guest_pin", value=False, source_field=source)


def _uri(
    extensions: Mapping[str, tuple[object, str]], name: str, prefix: str
) -> tuple[str | None, str]:
    """Return a ``valueUri`` extension's text and its element; another type is unusable."""
    value, field = extensions.get(name, (None, ""))
    if value is None:
        return None, ""
    if isinstance(value, str):
        return value, f"{prefix}{field}"
    raise _UnusableError(f"{prefix}{field}", "expected a URI (valueUri)", "room.url")


def _participants(record: RecordBuilder, resource: Mapping[str, object], prefix: str) -> str | None:
    """Add the people among the participants, by their actor's resource type.

    A participant who declined does not attend and is left out. Returns the element of
    the first patient, which makes a one-patient video appointment a consultation.
    """
    contained = {
        _get(item, "id"): _get(item, "resourceType") for item in _list(resource.get("contained"))
    }
    patient: str | None = None
    for index, participant in enumerate(_list(resource.get("participant"))):
        if _get(participant, "status") == "declined":
            continue
        actor = _get(participant, "actor")
        kind, field = _actor_type(actor, contained)
        role = ROLES.get(kind or "")
        if role is None:
            continue
        source = f"{prefix}participant[{index}].actor.{field}"
        position = record.add_participant(source)
        record.set(f"participants[{position}].role", role.value, source)
        if role is Role.PATIENT and patient is None:
            patient = source
    return patient


def _actor_type(actor: object, contained: Mapping[object, object]) -> tuple[str | None, str]:
    """Return the resource type an actor references, and the element that says it.

    ``Patient/102``, an absolute URL ``https://…/fhir/Patient/179103`` (a version
    ``…/_history/2`` after it), a contained resource ``#1``, or ``actor.type``.
    """
    reference = _get(actor, "reference")
    if isinstance(reference, str):
        if reference.startswith("#"):
            kind = contained.get(reference[1:])
        else:
            steps = reference.split("?")[0].rstrip("/").split("/")
            if len(steps) >= 4 and steps[-2] == "_history":
                steps = steps[:-2]
            kind = steps[-2] if len(steps) >= 2 else None
        if isinstance(kind, str) and _RESOURCE_TYPE.fullmatch(kind):
            return kind, "reference"
    declared = _get(actor, "type")
    if isinstance(declared, str):
        kind = declared.rstrip("/").rsplit("/", 1)[-1]
        if _RESOURCE_TYPE.fullmatch(kind):
            return kind, "type"
    return None, ""


def _get(value: object, key: str) -> object:
    """Return a member of an object, ``None`` when the value is not an object."""
    return value.get(key) if isinstance(value, dict) else None


def _list(value: object) -> list[object]:
    """Return an array's elements; anything else has none."""
    return value if isinstance(value, list) else []


FHIR_APPOINTMENT = ExportFormat(
    name=NAME,
    title="eHealth video appointments (FHIR Appointment wrapping a VDX meeting)",
    recognises=recognises,
    read=read,
    settings=frozenset({"platforms"}),
)
