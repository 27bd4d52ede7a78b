"""Telling a seller's system what happened (refund triggers): an outbox written in the same transaction
as the outcome, delivered by the worker with back-off until the receiver says 2xx.

Each event has a stable id (sent as the Idempotency-Key header). A row is leased before the POST and
marked delivered after it, so one outcome is posted once; only a crash between the receiver's 2xx and
our commit could repeat it, and the receiver can drop that repeat by the id.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import timedelta

import httpx
from sqlalchemy import or_, select, update

from app import logs
from app.db.models import Seller, WebhookEvent
from app.db.uow import UnitOfWork
from app.metrics import WEBHOOK_FAILURES

log = logging.getLogger("floor.webhooks")

LEASE = timedelta(seconds=60)
MAX_BACKOFF = timedelta(hours=1)


def enqueue(uow: UnitOfWork, seller_id: int, kind: str, event_id: str, payload: dict) -> WebhookEvent | None:
    """Add an event to the outbox (once per event id), in the caller's transaction."""
    seller = uow.session.get(Seller, seller_id)
    existing = uow.session.execute(select(WebhookEvent).where(WebhookEvent.event_id == event_id)).scalar_one_or_none()
    if existing is not None:
        return existing
    event = WebhookEvent(event_id=event_id, seller_id=seller_id, kind=kind, payload=payload,
                         status="pending" if seller.webhook_url else "no_url", next_attempt_at=uow.now(),
                         created_at=uow.now())
    uow.session.add(event)
    uow.session.flush()
    return event


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _backoff(attempts: int) -> timedelta:
    return min(MAX_BACKOFF, timedelta(seconds=5 * 2 ** min(attempts, 12)))


def deliver_due(uow_factory, client: httpx.Client | None = None, *, limit: int = 20) -> int:
    """POST every due event; returns how many were delivered."""
    own = client is None
    client = client or httpx.Client(timeout=5.0)
    delivered = 0
    try:
        for event_id in _lease(uow_factory, limit):
            delivered += _deliver(uow_factory, client, event_id)
    finally:
        if own:
            client.close()
    return delivered


def _lease(uow_factory, limit: int) -> list[int]:
    with uow_factory() as uow:
        now = uow.now()
        due = list(uow.session.execute(select(WebhookEvent.id).where(
            or_(WebhookEvent.status == "pending",
                (WebhookEvent.status == "sending") & (WebhookEvent.lease_until < now)),
            WebhookEvent.next_attempt_at <= now).order_by(WebhookEvent.id).limit(limit)
            .with_for_update(skip_locked=True)).scalars())
        if due:
            uow.session.execute(update(WebhookEvent).where(WebhookEvent.id.in_(due))
                                .values(status="sending", lease_until=now + LEASE))
        uow.commit()
        return due


def _deliver(uow_factory, client: httpx.Client, event_id: int) -> int:
    with uow_factory() as uow:
        event = uow.session.get(WebhookEvent, event_id)
        seller = uow.session.get(Seller, event.seller_id)
        url, secret, seller_code = seller.webhook_url, seller.webhook_secret or "", seller.code
        body = json.dumps({"id": event.event_id, "type": event.kind, "data": event.payload},
                          ensure_ascii=False, sort_keys=True).encode()
        headers = {"Content-Type": "application/json", "Idempotency-Key": event.event_id,
                   "X-Floor-Event": event.kind, "X-Floor-Signature": signature(secret, body)}
    error = ""
    try:
        response = client.post(url, content=body, headers=headers)
        ok = 200 <= response.status_code < 300
        if not ok:
            error = f"HTTP {response.status_code}"
    except httpx.HTTPError as exc:
        ok, error = False, f"{type(exc).__name__}: {exc}"[:300]
    with uow_factory() as uow:
        event = uow.session.get(WebhookEvent, event_id, with_for_update=True)
        event.attempts += 1
        if ok:
            event.status, event.delivered_at, event.last_error = "delivered", uow.now(), ""
        else:
            event.status, event.last_error = "pending", error
            event.next_attempt_at = uow.now() + _backoff(event.attempts)
            WEBHOOK_FAILURES.labels(seller_code).inc()
            with logs.context(command=f"webhook:{event.event_id}"):
                log.warning("webhook %s to seller %s failed (attempt %d), next try in %d s: %s", event.kind,
                            seller_code, event.attempts, _backoff(event.attempts).total_seconds(), error)
        event.lease_until = None
        uow.commit()
    return 1 if ok else 0
