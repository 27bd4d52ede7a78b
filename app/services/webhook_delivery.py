"""Delivering the outbox: lease, sign (Standard Webhooks), POST to a checked address, retry or give up.

A row is leased before its POST and marked after it, so an event is posted once; only a crash between
the receiver's 2xx and our commit repeats it, with the same webhook-id (receivers dedupe by it).
Each seller has at most one delivery in flight and each POST has a short timeout, in a pool of threads:
one seller's slow or dead receiver never holds up another seller's events.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import random
import socket
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

import httpx
from sqlalchemy import or_, select, update
from standardwebhooks.webhooks import Webhook

from app import logs
from app.db.models import Seller, WebhookEvent
from app.domain.roles import Actor
from app.domain.webhooks import UrlPolicy, UrlRefused, check_address, check_url
from app.i18n import _
from app.metrics import WEBHOOK_FAILURES
from app.services.exceptions import open_exception
from app.services.webhooks import WebhookSetup, printer_hosts, signing_secrets

log = logging.getLogger("floor.webhooks")
LEASE = timedelta(seconds=60)
SYSTEM = Actor.system("webhooks")
Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    return sorted({info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})


def legacy_signature(secret: str, body: bytes) -> str:
    """X-Floor-Signature, kept beside the Standard Webhooks headers: sha256=HMAC-SHA256(secret, body) hex."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _key(secret: str) -> str | bytes:
    """A whsec_ secret is base64 (Standard Webhooks); an older secret signs as its own bytes."""
    return secret if secret.startswith("whsec_") else secret.encode()


def sign(secrets_: list[str], msg_id: str, timestamp: int, body: bytes) -> str:
    """The webhook-signature header: one `v1,<base64>` per secret, space-separated."""
    at = datetime.fromtimestamp(timestamp, UTC)
    return " ".join(Webhook(_key(s)).sign(msg_id, at, body.decode()) for s in secrets_)


def pinned(url: str, policy: UrlPolicy, resolver: Resolver) -> tuple[str, dict[str, str], dict]:
    """The URL to connect to (the host replaced by an address checked now), the Host header and TLS name:
    a name that resolves into the site's LAN, loopback or a printer is refused at every delivery."""
    _scheme, host, port = check_url(url, policy)
    addresses = resolver(host, port)
    if not addresses:
        raise UrlRefused("has a host name that does not resolve")
    for address in addresses:
        check_address(ipaddress.ip_address(address.split("%")[0]), policy, admin_allowed=host in policy.http_hosts)
    ip = ipaddress.ip_address(addresses[0].split("%")[0])
    parts = urlsplit(url)
    netloc = (f"[{ip}]" if ip.version == 6 else str(ip)) + (f":{parts.port}" if parts.port else "")
    host_header = parts.hostname + (f":{parts.port}" if parts.port else "")
    if ":" in (parts.hostname or ""):
        host_header = f"[{parts.hostname}]" + (f":{parts.port}" if parts.port else "")
    extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, "")), {"Host": host_header}, extensions


def _lease(uow_factory, limit: int, *, per_seller: int, busy: set[int] = frozenset(),
           lease: timedelta = LEASE) -> list[tuple[int, int]]:
    """Mark up to `limit` due events as being sent (at most `per_seller` each, none of `busy` sellers)."""
    with uow_factory() as uow:
        now = uow.now()
        rows = uow.session.execute(select(WebhookEvent.id, WebhookEvent.seller_id).where(
            or_(WebhookEvent.status == "pending",
                (WebhookEvent.status == "sending") & (WebhookEvent.lease_until < now)),
            WebhookEvent.next_attempt_at <= now).order_by(WebhookEvent.next_attempt_at, WebhookEvent.id)
            .limit(max(limit * 4, 50)).with_for_update(skip_locked=True)).all()
        chosen: list[tuple[int, int]] = []
        counts: dict[int, int] = {}
        for event_id, seller_id in rows:
            if seller_id in busy or counts.get(seller_id, 0) >= per_seller:
                continue
            counts[seller_id] = counts.get(seller_id, 0) + 1
            chosen.append((event_id, seller_id))
            if len(chosen) >= limit:
                break
        if chosen:
            uow.session.execute(update(WebhookEvent).where(WebhookEvent.id.in_([c[0] for c in chosen]))
                                .values(status="sending", lease_until=now + lease))
        uow.commit()
        return chosen


def deliver_one(uow_factory, client: httpx.Client, setup: WebhookSetup, event_pk: int,
                resolver: Resolver = resolve, rng: random.Random | None = None) -> bool:
    """POST one leased event; True if the receiver answered 2xx. Never raises: a failure is recorded."""
    error = ""
    try:
        with uow_factory() as uow:
            event = uow.session.get(WebhookEvent, event_pk)
            seller = uow.session.get(Seller, event.seller_id)
            url, now = seller.webhook_url, uow.now()
            keys = signing_secrets(seller, now)
            policy = UrlPolicy(setup.urls.http_hosts, setup.urls.printer_hosts | printer_hosts(uow),
                               setup.urls.allow_loopback, setup.urls.blocked_hosts)
            body = json.dumps({"id": event.event_id, "type": event.kind, "timestamp": event.created_at.isoformat(),
                               "data": event.payload}, ensure_ascii=False, sort_keys=True).encode()
            msg_id, stamp = event.event_id, int(now.timestamp())
        if not url or not keys:
            return _record(uow_factory, setup, event_pk, False, "no webhook URL", gone=True, rng=rng)
        target, host, extensions = pinned(url, policy, resolver)
        headers = {**host, "Content-Type": "application/json", "webhook-id": msg_id,
                   "webhook-timestamp": str(stamp), "webhook-signature": sign(keys, msg_id, stamp, body),
                   "Idempotency-Key": msg_id, "X-Floor-Event": json.loads(body)["type"],
                   "X-Floor-Signature": legacy_signature(keys[0], body)}
        response = client.post(target, content=body, headers=headers, extensions=extensions)
        ok = 200 <= response.status_code < 300
        error = "" if ok else f"HTTP {response.status_code}"
    except UrlRefused as exc:
        ok, error = False, f"URL refused: it {exc}"
    except Exception as exc:  # any failure of one receiver is that event's failure, never the batch's
        ok, error = False, f"{type(exc).__name__}: {exc}"[:300]
    return _record(uow_factory, setup, event_pk, ok, error, rng=rng)


def _record(uow_factory, setup: WebhookSetup, event_pk: int, ok: bool, error: str, *, gone: bool = False,
            rng: random.Random | None = None) -> bool:
    with uow_factory() as uow:
        event = uow.session.get(WebhookEvent, event_pk, with_for_update=True)
        event.attempts += 1
        event.lease_until = None
        if ok:
            event.status, event.delivered_at, event.last_error = "delivered", uow.now(), ""
        elif gone:
            event.status, event.last_error = "no_url", error
        elif event.attempts >= setup.retry.max_attempts:
            event.status, event.failed_at, event.last_error = "failed", uow.now(), error[:300]
            seller = uow.session.get(Seller, event.seller_id)
            WEBHOOK_FAILURES.labels(seller.code).inc()
            open_exception(uow, SYSTEM, "webhook_failed",
                           _("{seller}'s system did not take event {kind} after {n} tries ({error}).",
                             seller=seller.code, kind=event.kind, n=event.attempts, error=error[:120]),
                           ref=event.event_id[:80], detail={"event": event.event_id, "url": seller.webhook_url or ""})
            log.warning("webhook %s to seller %s failed for good: %s", event.event_id, seller.code, error)
        else:
            event.status, event.last_error = "pending", error[:300]
            delay = setup.retry.delay(event.attempts, rng)
            event.next_attempt_at = uow.now() + timedelta(seconds=delay)
            seller_code = uow.session.get(Seller, event.seller_id).code
            WEBHOOK_FAILURES.labels(seller_code).inc()
            with logs.context(command=f"webhook:{event.event_id}"):
                log.warning("webhook %s to seller %s failed (attempt %d), next try in %d s: %s", event.kind,
                            seller_code, event.attempts, delay, error)
        uow.commit()
    return ok


def client_for(setup: WebhookSetup) -> httpx.Client:
    t = setup.retry.timeout_seconds
    return httpx.Client(timeout=httpx.Timeout(t, connect=min(t, 3.0)), follow_redirects=False,
                        limits=httpx.Limits(max_connections=32))


def deliver_due(uow_factory, setup: WebhookSetup | None = None, client: httpx.Client | None = None, *,
                limit: int = 50, resolver: Resolver = resolve) -> int:
    """POST every due event now, sellers side by side; returns how many were delivered (for tests and tools)."""
    setup = setup or WebhookSetup()
    own = client is None
    client = client or client_for(setup)
    try:
        leased = _lease(uow_factory, limit, per_seller=limit, lease=setup.lease)
        if not leased:
            return 0
        with ThreadPoolExecutor(max_workers=min(8, len(leased))) as pool:
            return sum(pool.map(lambda e: deliver_one(uow_factory, client, setup, e[0], resolver), leased))
    finally:
        if own:
            client.close()


class Dispatcher:
    """The worker's delivery loop: each tick leases what is due for sellers with nothing in flight and hands
    it to a pool; it never waits for a POST."""

    def __init__(self, uow_factory, setup: WebhookSetup, *, workers: int = 8, resolver: Resolver = resolve) -> None:
        self.uow_factory, self.setup, self.workers, self.resolver = uow_factory, setup, workers, resolver
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="floor-webhook")
        self.client = client_for(setup)
        self.in_flight: dict[int, Future] = {}
        self._lock = threading.Lock()

    def tick(self) -> int:
        with self._lock:
            self.in_flight = {s: f for s, f in self.in_flight.items() if not f.done()}
            free = self.workers - len(self.in_flight)
            if free <= 0:
                return 0
            leased = _lease(self.uow_factory, free, per_seller=1, busy=set(self.in_flight), lease=self.setup.lease)
            for event_pk, seller_id in leased:
                self.in_flight[seller_id] = self.pool.submit(deliver_one, self.uow_factory, self.client, self.setup,
                                                             event_pk, self.resolver)
            return len(leased)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.client.close()
