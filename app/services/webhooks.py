"""Telling a seller's system what happened: subscriptions, signing secrets, and an outbox of events.

An event is written in the same transaction as what it reports (an order packed, a return closed...),
once per event id, and only when the seller subscribed to its kind. The worker delivers it
(app/services/webhook_delivery.py). stock.changed is not written by the moves themselves (a scan stays
as fast as it was): a feed reads the ledger behind them and writes one coalesced event per SKU and
warehouse.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.db.models import (
    FloorException,
    LedgerEntry,
    Location,
    Order,
    Package,
    Printer,
    Product,
    Seller,
    Stock,
    Warehouse,
    WebhookEvent,
    WebhookMark,
)
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError, InvalidInput, NotFound
from app.domain.roles import Actor, Permission
from app.domain.webhooks import EVENTS, RetryPolicy, UrlPolicy, UrlRefused, check_url
from app.i18n import _
from app.services.commands import audit
from app.services.exceptions import close_open

SECRET_PREFIX = "whsec_"
DEFAULT_OVERLAP = timedelta(hours=24)
STOCK_FEED = "stock.changed"


@dataclass(frozen=True)
class WebhookSetup:
    """The site's webhook rules (from Settings, built in bootstrap)."""

    urls: UrlPolicy = UrlPolicy()
    retry: RetryPolicy = RetryPolicy()
    stock_lag: timedelta = timedelta(seconds=2)   # ledger rows younger than this wait for the next read
    lease: timedelta = timedelta(seconds=60)      # a delivery whose worker died is tried again after this


def new_secret() -> str:
    """A Standard Webhooks secret: whsec_ + base64 of 24 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


# --- the outbox ------------------------------------------------------------------------------------------

def enqueue(uow: UnitOfWork, seller_id: int, kind: str, event_id: str, payload: dict) -> WebhookEvent | None:
    """Add an event to the outbox (once per event id) if the seller listens for its kind, in the caller's
    transaction."""
    assert kind in EVENTS, kind
    seller = uow.session.get(Seller, seller_id)
    if not seller.webhook_url or kind not in (seller.webhook_events or ()):
        return None
    existing = uow.session.execute(select(WebhookEvent).where(WebhookEvent.event_id == event_id)).scalar_one_or_none()
    if existing is not None:
        return existing
    event = WebhookEvent(event_id=event_id, seller_id=seller_id, kind=kind, payload=payload, status="pending",
                         next_attempt_at=uow.now(), created_at=uow.now())
    uow.session.add(event)
    uow.session.flush()
    return event


def _packages(uow: UnitOfWork, order: Order) -> list[dict]:
    return [{"number": p.number, "sscc": p.sscc, "carrier": p.carrier, "service": p.service,
             "tracking_number": p.tracking_number, "weight_g": p.weight_g, "status": p.status,
             "shipped_at": p.shipped_at.isoformat() if p.shipped_at else None}
            for p in uow.session.execute(select(Package).where(Package.order_id == order.id,
                                                               Package.status != "cancelled")
                                         .order_by(Package.number)).scalars()]


def order_reached(uow: UnitOfWork, order: Order, status: str) -> None:
    """order.packed / order.shipped when an order's status becomes packed / shipped."""
    if status not in ("packed", "shipped"):
        return
    packages = _packages(uow, order)
    data = {"order_id": order.id, "external_ref": order.external_ref, "status": status, "packages": packages}
    if status == "shipped":
        data["tracking_numbers"] = [p["tracking_number"] for p in packages if p["tracking_number"]]
    enqueue(uow, order.seller_id, f"order.{status}", f"order:{order.id}:{status}", data)


# --- subscriptions ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SubscriptionView:
    url: str | None
    events: tuple[str, ...]
    secret: str | None                   # only in the answer that made it (a new subscription, a rotation)
    previous_secret_valid_until: datetime | None


def _view(seller: Seller, secret: str | None = None) -> SubscriptionView:
    return SubscriptionView(seller.webhook_url, tuple(seller.webhook_events or ()), secret,
                            seller.webhook_previous_until)


def printer_hosts(uow: UnitOfWork) -> frozenset[str]:
    """The hosts of the site's network printers and CUPS servers: never a webhook's target."""
    hosts = set()
    for config in uow.session.execute(select(Printer.config)).scalars():
        for key in ("host", "server"):
            value = str((config or {}).get(key) or "").strip().lower()
            if value.startswith("["):            # [v6]:port
                value = value[1:value.find("]")]
            elif value.count(":") == 1:          # host:port
                value = value.split(":")[0]
            if value:
                hosts.add(value)
    return frozenset(hosts)


def checked_url(uow: UnitOfWork, policy: UrlPolicy, url: str) -> str:
    """The URL if the site may POST to it, else InvalidInput naming `url`."""
    policy = UrlPolicy(policy.http_hosts, policy.printer_hosts | printer_hosts(uow), policy.allow_loopback,
                       policy.blocked_hosts)
    try:
        check_url(url, policy)
    except UrlRefused as exc:
        raise InvalidInput(_("This webhook URL cannot be used: it {why}.", why=str(exc)), {"url": str(exc)}) from None
    return url


def _check_events(events) -> tuple[str, ...]:
    unknown = [e for e in events if e not in EVENTS]
    if unknown or not events:
        raise InvalidInput(_("Unknown webhook events: {names}.", names=", ".join(map(str, unknown)) or "none given"),
                           {"events": "one or more of " + ", ".join(EVENTS)})
    return tuple(dict.fromkeys(events))


def subscription(uow: UnitOfWork, actor: Actor) -> SubscriptionView:
    with uow.reading() as uow:
        return _view(uow.session.get(Seller, actor.seller_id))


def subscribe(uow: UnitOfWork, actor: Actor, policy: UrlPolicy, seller_code: str, url: str,
              events: tuple[str, ...] | None = None, *, secret: str | None = None) -> SubscriptionView:
    """Where the seller's events are POSTed and which ones; the secret is made (and shown) the first time."""
    actor.require(Permission.MANAGE_USERS, Permission.SYSTEM, Permission.ORDER_INTAKE)
    events = _check_events(tuple(EVENTS) if events is None else tuple(events))
    with uow:
        seller = uow.session.execute(select(Seller).where(Seller.code == seller_code)).scalar_one_or_none()
        if seller is None:
            raise NotFound(_("No seller {code}.", code=seller_code))
        actor.require_seller(seller.id)
        checked_url(uow, policy, url)
        made = None
        if secret or not seller.webhook_secret:
            made = seller.webhook_secret = secret or new_secret()
        seller.webhook_url, seller.webhook_events = url, list(events)
        if STOCK_FEED in events and uow.session.get(WebhookMark, STOCK_FEED) is None:
            _start_stock_feed(uow)   # moves from now on are reported, none from before
        audit(uow, actor, "seller.webhook_set", "seller", seller.id, {"url": url, "events": list(events)},
              seller_id=seller.id)
        uow.commit()
        return _view(seller, made)


def unsubscribe(uow: UnitOfWork, actor: Actor) -> SubscriptionView:
    """No more events; what is waiting in the outbox is dropped (status no_url)."""
    actor.require(Permission.ORDER_INTAKE)
    with uow:
        seller = uow.session.get(Seller, actor.seller_id)
        seller.webhook_url, seller.webhook_events = None, []
        for event in uow.session.execute(select(WebhookEvent).where(
                WebhookEvent.seller_id == seller.id, WebhookEvent.status == "pending")).scalars():
            event.status = "no_url"
        audit(uow, actor, "seller.webhook_removed", "seller", seller.id, seller_id=seller.id)
        uow.commit()
        return _view(seller)


def rotate_secret(uow: UnitOfWork, actor: Actor, overlap: timedelta = DEFAULT_OVERLAP) -> SubscriptionView:
    """A new signing secret; the old one keeps signing beside it (two signatures) until the overlap ends."""
    actor.require(Permission.ORDER_INTAKE)
    if not timedelta(0) <= overlap <= timedelta(days=7):
        raise InvalidInput(_("The overlap is 0 to 7 days."), {"overlap_seconds": "0 to 604800"})
    with uow:
        seller = uow.session.get(Seller, actor.seller_id)
        if not seller.webhook_secret:
            raise DomainError(_("Set a webhook URL first (PUT /api/v1/webhook)."))
        seller.webhook_previous_secret = seller.webhook_secret if overlap else None
        seller.webhook_previous_until = uow.now() + overlap if overlap else None
        made = seller.webhook_secret = new_secret()
        audit(uow, actor, "seller.webhook_secret_rotated", "seller", seller.id,
              {"overlap_seconds": int(overlap.total_seconds())}, seller_id=seller.id)
        uow.commit()
        return _view(seller, made)


def signing_secrets(seller: Seller, now: datetime) -> list[str]:
    """The secrets an event is signed with now: the current one, and the previous one during its overlap."""
    out = [seller.webhook_secret] if seller.webhook_secret else []
    if seller.webhook_previous_secret and seller.webhook_previous_until and now < seller.webhook_previous_until:
        out.append(seller.webhook_previous_secret)
    return out


# --- failed events: the supervisor's Retry ----------------------------------------------------------------

def retry(uow: UnitOfWork, actor: Actor, event_id: str) -> None:
    """Send a failed event again from the first attempt (the supervisor's Retry on the board)."""
    actor.require(Permission.SUPERVISE)
    with uow:
        event = uow.session.execute(select(WebhookEvent).where(WebhookEvent.event_id == event_id)
                                    .with_for_update()).scalar_one_or_none()
        if event is None:
            raise NotFound(_("No webhook event {id}.", id=event_id))
        if event.status == "failed":
            event.status, event.attempts, event.next_attempt_at, event.failed_at = "pending", 0, uow.now(), None
        close_open(uow, actor, _("Sent again."), kind="webhook_failed", ref=event_id[:80])
        audit(uow, actor, "webhook.retried", "webhook_event", event.id, {"event": event_id}, seller_id=event.seller_id)
        uow.commit()


def failed_event_of(uow: UnitOfWork, exception_id: int) -> str | None:
    """The webhook event behind a webhook_failed exception on the board."""
    with uow.reading() as uow:
        exc = uow.session.get(FloorException, exception_id)
        return exc.ref if exc is not None and exc.kind == "webhook_failed" else None


# --- stock.changed: a feed over the ledger ----------------------------------------------------------------

def feed_stock_changes(uow: UnitOfWork, setup: WebhookSetup, *, batch: int = 5000) -> int:
    """Read ledger rows past the mark; one stock.changed per (seller, SKU, warehouse) that moved, coalesced
    into an event not yet tried. Returns how many events were written or refreshed. Nobody listening, or
    nothing new: a read, no write transaction (SQLite's write lock stays with the scans)."""
    with uow.reading() as reader:
        if not any(url and STOCK_FEED in (ev or ()) for url, ev in reader.session.execute(
                select(Seller.webhook_url, Seller.webhook_events))):
            return 0
        seen = reader.session.get(WebhookMark, STOCK_FEED)
        if seen is not None and reader.session.execute(select(LedgerEntry.id).where(
                LedgerEntry.id > seen.value).limit(1)).first() is None:
            return 0
    with uow:
        s = uow.session
        mark = s.get(WebhookMark, STOCK_FEED, with_for_update=True) or _start_stock_feed(uow)
        listening = {sid for sid, url, ev in s.execute(select(Seller.id, Seller.webhook_url, Seller.webhook_events))
                     if url and STOCK_FEED in (ev or ())}
        rows = s.execute(select(LedgerEntry.id, LedgerEntry.seller_id, LedgerEntry.product_id,
                                LedgerEntry.from_location_id, LedgerEntry.to_location_id)
                         .where(LedgerEntry.id > mark.value, LedgerEntry.at <= uow.now() - setup.stock_lag)
                         .order_by(LedgerEntry.id).limit(batch)).all()
        if not rows:
            uow.commit()
            return 0
        mark.value = rows[-1].id
        places = {r for row in rows for r in (row.from_location_id, row.to_location_id) if r is not None}
        warehouse_of = dict(s.execute(select(Location.id, Location.warehouse_id).where(Location.id.in_(places))).all())
        moved = sorted({(row.seller_id, row.product_id, warehouse_of[loc]) for row in rows if row.seller_id in listening
                        for loc in (row.from_location_id, row.to_location_id) if loc is not None})
        for seller_id, product_id, warehouse_id in moved:
            _stock_event(uow, seller_id, product_id, warehouse_id, mark.value)
        uow.commit()
        return len(moved)


def _start_stock_feed(uow: UnitOfWork) -> WebhookMark:
    """The feed's mark at the newest ledger row: the first listener hears of moves from now, not a flood of
    history."""
    mark = WebhookMark(name=STOCK_FEED, value=uow.session.execute(
        select(func.coalesce(func.max(LedgerEntry.id), 0))).scalar_one())
    uow.session.add(mark)
    uow.session.flush()
    return mark


def _stock_event(uow: UnitOfWork, seller_id: int, product_id: int, warehouse_id: int, as_of: int) -> None:
    s = uow.session
    on_hand, allocated, available = s.execute(
        select(func.coalesce(func.sum(Stock.quantity), 0), func.coalesce(func.sum(Stock.allocated), 0),
               func.coalesce(func.sum(Stock.quantity - Stock.allocated).filter(Location.kind == "pick"), 0))
        .join(Location, Location.id == Stock.location_id)
        .where(Stock.seller_id == seller_id, Stock.product_id == product_id, Location.warehouse_id == warehouse_id)
    ).one()
    data = {"sku": s.get(Product, product_id).sku, "warehouse": s.get(Warehouse, warehouse_id).code,
            "on_hand": int(on_hand), "allocated": int(allocated), "available": int(available),
            "as_of": uow.now().isoformat()}
    prefix = f"stock:{seller_id}:{product_id}:{warehouse_id}:"
    waiting = s.execute(select(WebhookEvent).where(
        WebhookEvent.status == "pending", WebhookEvent.attempts == 0, WebhookEvent.seller_id == seller_id,
        WebhookEvent.kind == STOCK_FEED, WebhookEvent.event_id.startswith(prefix)).with_for_update(skip_locked=True)
    ).scalars().first()
    if waiting is not None:
        waiting.payload = data        # not sent yet: the newer figures replace the older ones
    else:
        enqueue(uow, seller_id, STOCK_FEED, prefix + str(as_of), data)
