"""Rules of the sellers' webhooks: the events there are, which URLs the site may POST to, retry timing.

Pure: no I/O. A seller's URL is checked when it is set (check_url) and each address it resolves to is
checked again before every delivery (check_address), so a name that later points into the site's LAN
is refused then too.
"""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass, field
from urllib.parse import urlsplit

EVENTS = {
    "order.packed": "Every picked unit of the order is in a box (its label follows; not yet shipped).",
    "order.shipped": "The order left the warehouse: packages with carrier, service and tracking numbers.",
    "order.cancelled": "The order was cancelled (by the API or the site); picked units go back to stock.",
    "return.received": "The first unit of a return arrived at the returns desk.",
    "return.closed": "The return was inspected and closed: per line what came back, grades, dispositions, "
                     "refundable units (the refund trigger).",
    "inbound.received": "The first carton or unit of an announced inbound shipment arrived.",
    "inbound.closed": "The inbound was closed: received, damaged and the discrepancies.",
    "stock.changed": "On hand, allocated and available of one SKU in one warehouse changed (coalesced: one "
                     "event for many moves close together).",
}
PRINTER_PORTS = frozenset({9100, 515, 631})   # raw ZPL, LPD, IPP: never a webhook's


class UrlRefused(ValueError):
    """Why a URL may not receive webhooks, in words the seller can act on."""


@dataclass(frozen=True)
class UrlPolicy:
    """What the site's admin allows: plain http and private addresses only for `http_hosts`; never the
    site's own printers, loopback or link-local.

    `allow_loopback` exists for tests that run a receiver on this machine; no setting turns it on."""

    http_hosts: frozenset[str] = frozenset()
    printer_hosts: frozenset[str] = frozenset()
    allow_loopback: bool = False
    blocked_hosts: frozenset[str] = field(default_factory=lambda: frozenset({"localhost"}))


def check_url(url: str, policy: UrlPolicy) -> tuple[str, str, int]:
    """(scheme, host, port) of an acceptable webhook URL, or UrlRefused."""
    if not isinstance(url, str) or not url or len(url) > 500 or any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise UrlRefused("must be an absolute http(s) URL of at most 500 characters, without spaces")
    try:
        parts = urlsplit(url)
        port = parts.port
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError as exc:
        raise UrlRefused(f"is not a valid URL ({exc})") from None
    if parts.scheme not in ("https", "http"):
        raise UrlRefused("must start with https://")
    if not host:
        raise UrlRefused("has no host")
    if parts.username is not None or parts.password is not None:
        raise UrlRefused("must not carry a user name or password; the signature authenticates Floor")
    if parts.fragment:
        raise UrlRefused("must not have a #fragment")
    if parts.scheme == "http" and host not in policy.http_hosts:
        raise UrlRefused("must use https (plain http only to hosts the site's admin allows)")
    port = port or (443 if parts.scheme == "https" else 80)
    if port in PRINTER_PORTS:
        raise UrlRefused(f"port {port} is a printer's port")
    if host in policy.blocked_hosts or host.endswith(".localhost"):
        if not policy.allow_loopback:
            raise UrlRefused("must not point at this server")
    if host in policy.printer_hosts:
        raise UrlRefused("must not point at one of the site's printers")
    try:
        check_address(ipaddress.ip_address(host.strip("[]")), policy, admin_allowed=host in policy.http_hosts)
    except ValueError as exc:
        if isinstance(exc, UrlRefused):
            raise
    return parts.scheme, host, port


def check_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, policy: UrlPolicy, *,
                  admin_allowed: bool = False) -> None:
    """An address a webhook may be sent to, or UrlRefused (loopback, link-local, a printer, the site's LAN
    unless the admin allowed the host by name)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback and not policy.allow_loopback:
        raise UrlRefused("must not point at this server (a loopback address)")
    if ip.is_link_local:
        raise UrlRefused("must not point at a link-local address")
    if ip.is_unspecified or ip.is_multicast or (ip.is_reserved and not ip.is_loopback):
        raise UrlRefused("must point at a host's own address")
    if str(ip) in policy.printer_hosts:
        raise UrlRefused("must not point at one of the site's printers")
    if ip.is_private and not ip.is_loopback and not admin_allowed:
        raise UrlRefused("must not point into a private network (the site's admin can allow a host)")


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential back-off with full jitter, capped; after `max_attempts` the event is failed."""

    base_seconds: float = 5.0
    cap_seconds: float = 3600.0
    max_attempts: int = 16
    timeout_seconds: float = 5.0

    def delay(self, attempts: int, rng: random.Random | None = None) -> float:
        """Seconds before the next try after `attempts` failures: between half and all of the back-off."""
        ceiling = min(self.cap_seconds, self.base_seconds * 2 ** min(max(attempts - 1, 0), 20))
        return ceiling * (0.5 + 0.5 * (rng or random).random())
