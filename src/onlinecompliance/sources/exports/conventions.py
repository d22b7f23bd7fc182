"""A site's conventions for reading exports: what the source cannot tell, the site can.

The region's conventions that need no configuration: an alias or URL at one of
the policy's ``meet-hosts`` means Meet, and times without an offset are UTC.
Everything else (conference names that start ``vk-`` are video consultations,
the region's tenant id, a virtual desktop's address range, another time zone)
is set in the policy's ``[import.<format>]`` table, one per export format.
"""

from __future__ import annotations

import datetime
import fnmatch
import ipaddress
import re
import zoneinfo
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import attrs

from onlinecompliance.model import Kind, Platform

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["DEFAULT_MEET_HOSTS", "Conventions", "Network"]

DEFAULT_MEET_HOSTS = ("meet.regionh.dk",)

_ISO_TIME = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[T ](?P<time>\d{2}:\d{2}:\d{2})(?:\.(?P<fraction>\d+))?"
    r"(?P<offset>[Zz]|[+-]\d{2}:\d{2})?"
)
"""An ISO 8601 time as the exports write it: up to seven decimals (Graph), offset or not."""

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _hosts(hosts: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({host_of(host) or host for host in hosts}))


@attrs.frozen
class Conventions:
    """How one export format is read at this site."""

    meet_hosts: tuple[str, ...] = attrs.field(default=DEFAULT_MEET_HOSTS, converter=_hosts)
    """Hosts of Meet (the policy's top-level ``meet-hosts``), compared as :func:`host_of`
    spells a host: in lower case, without a port (as OC402 compares them)."""
    kinds: tuple[tuple[str, Kind], ...] = ()
    """``kinds``: glob on the source's name for a meeting (a conference name, a
    subject, a booking label) and the kind it means; the first match wins."""
    platforms: tuple[tuple[str, Platform], ...] = ()
    """``platforms``: glob on the host an alias or URL reaches, and the platform it
    means, after ``meet-hosts``."""
    region_tenants: frozenset[str] = frozenset()
    """``region-tenants``: the Microsoft 365 tenant ids that are the region's own."""
    virtual_desktop_networks: tuple[Network, ...] = ()
    """``virtual-desktop-networks``: address ranges of the virtual workplace."""
    timezone: str = "UTC"
    """``timezone``: the IANA zone of times the source writes without an offset."""

    def kind_of(self, name: str | None) -> Kind | None:
        """Return the kind a meeting's name means by a configured glob, or ``None``."""
        if not name:
            return None
        folded = name.casefold()
        for pattern, kind in self.kinds:
            if fnmatch.fnmatchcase(folded, pattern.casefold()):
                return kind
        return None

    def platform_of(self, address: str | None) -> Platform | None:
        """Return the platform an alias or URL reaches (``meet.regionh.dk/abc``, ``sip:x@host``)."""
        host = host_of(address)
        if host is None:
            return None
        if host in self.meet_hosts:
            return Platform.MEET
        for pattern, platform in self.platforms:
            if fnmatch.fnmatchcase(host, pattern.casefold()):
                return platform
        return None

    def on_virtual_desktop(self, address: str | None) -> bool | None:
        """Whether a participant's address is in a virtual-desktop range.

        ``None`` (not known) when no range is configured or the address is not one.
        """
        if not self.virtual_desktop_networks or not address:
            return None
        try:
            parsed = ipaddress.ip_address(address.strip("[]"))
        except ValueError:
            return None
        return any(parsed in network for network in self.virtual_desktop_networks)

    def zone(self) -> datetime.tzinfo:
        """Return the zone of times without an offset."""
        if self.timezone.upper() == "UTC":
            return datetime.timezone.utc
        return zoneinfo.ZoneInfo(self.timezone)

    def region_tenant(self, tenant_id: str | None) -> bool | None:
        """Whether a tenant id is the region's; ``None`` when no tenant is configured."""
        if not self.region_tenants or not tenant_id:
            return None
        return tenant_id.casefold() in self.region_tenants


def host_of(address: str | None) -> str | None:
    """Return the host an alias or URL names, in lower case without port: ``meet.regionh.dk``.

    Takes ``https://meet.regionh.dk/abc``, ``meet.regionh.dk/abc``,
    ``sip:room@meet.regionh.dk`` and ``room@meet.regionh.dk``.
    """
    if not address:
        return None
    text = address.strip()
    if "://" not in text:
        text = text.split(":", 1)[1] if text.lower().startswith(("sip:", "h323:")) else text
        text = "//" + text.rsplit("@", 1)[-1]
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    return host.casefold() if host else None


def local_time(text: str | None, zone: datetime.tzinfo) -> str | None:
    """Return an ISO 8601 time as RFC 3339 with an offset; a time without one is in ``zone``.

    Returns ``None`` for a missing or unreadable time (it is then not known).
    """
    match = _ISO_TIME.fullmatch(text.strip()) if text else None
    if match is None:
        return None
    fraction = (match["fraction"] or "")[:6].ljust(6, "0")
    offset = match["offset"]
    if offset in ("Z", "z"):
        offset = "+00:00"
    try:
        moment = datetime.datetime.fromisoformat(
            f"{match['date']}T{match['time']}.{fraction}{offset or ''}"
        )
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.isoformat()
