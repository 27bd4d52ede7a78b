"""This site among its peers: the planner's picture of every site (asked over HTTP, each peer with the token
it gave us), and the plan made from it. A peer that does not answer is named, and the plan is made without
it: each site keeps working alone when the link is down."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date, timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.db.models import InboxMessage, OutboxMessage, Peer, Transfer, Warehouse
from app.db.uow import UnitOfWork
from app.domain.errors import InvalidInput, NotFound
from app.domain.planning import Policy
from app.domain.roles import Actor, Permission
from app.i18n import _
from app.services import inbound, peers, planner, transfers
from app.services.commands import audit
from app.services.inbound import InboundLineIn
from app.services.planner import PlanView, Snapshot, WarehouseAt
from app.services.results import from_json

log = logging.getLogger(__name__)
TIMEOUT = httpx.Timeout(10.0, connect=3.0)


def peer_snapshot(url: str, token: str, site: str, client: httpx.Client | None = None) -> Snapshot:
    """One peer's picture, its warehouses marked as that site's."""
    if not token:
        raise ValueError(f"no token to call {site} with yet (floor peer add {site} URL --token ...)")
    answer = (client or httpx).get(f"{url.rstrip('/')}/api/v1/network/snapshot",
                                   headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT)
    answer.raise_for_status()
    snap = from_json(Snapshot, answer.json())
    return replace(snap, site=site, warehouses=tuple(replace(w, site=site) for w in snap.warehouses))


def pictures(uow: UnitOfWork, client: httpx.Client | None = None) -> tuple[list[Snapshot], list[str]]:
    """Every peer's picture, and the peers that did not give one."""
    with uow.reading() as reader:
        peers = [(p.code, p.url, p.token) for p in reader.session.execute(select(Peer).order_by(Peer.code)).scalars()]
    found, unreachable = [], []
    for code, url, token in peers:
        try:
            found.append(peer_snapshot(url, token, code, client))
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            log.warning("peer %s did not give its picture: %s", code, exc)
            unreachable.append(code)
    return found, unreachable


def plan_network(uow: UnitOfWork, actor: Actor, *, policy: Policy | None = None, key: str | None = None,
                 client: httpx.Client | None = None) -> PlanView:
    """`floor plan transfers`: ask every peer for its picture, then plan the network (planner.propose)."""
    actor.require(Permission.SUPERVISE, Permission.SYSTEM)
    found, unreachable = pictures(uow, client)
    return planner.propose(uow, actor, found, unreachable=unreachable, policy=policy, key=key)


# --- the network stock view ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class StockAt:
    seller: str
    sku: str
    warehouse: str
    site: str                 # "" for this site
    on_hand: int
    available: int
    in_transit: int           # on its way to this warehouse (counted by neither warehouse)
    inbound: int
    per_day: float
    cover_days: float | None  # None: nothing sells
    spike: bool
    factor: float


@dataclass(frozen=True)
class NetworkStock:
    rows: tuple[StockAt, ...]
    trending: tuple[StockAt, ...]
    unreachable: tuple[str, ...]


def stock_view(uow: UnitOfWork, actor: Actor, *, sku: str = "", seller: str = "", limit: int = 300,
               client: httpx.Client | None = None) -> NetworkStock:
    """Per SKU and seller, every warehouse of the network: on hand, available, in transit, inbound, days of
    cover at the current forecast, and what is trending now (spiking against its baseline)."""
    actor.require(Permission.SUPERVISE)
    found, unreachable = pictures(uow, client)
    mine = planner.snapshot(uow, actor)
    sites = {w.code: s.site or "" for s in (mine, *found) for w in s.warehouses}
    sku, seller = sku.strip().upper(), seller.strip().upper()
    onhand: dict[tuple[str, str, str], int] = {}
    for snap in (mine, *found):
        for a in snap.skus:
            onhand[(a.seller, a.sku, a.warehouse)] = onhand.get((a.seller, a.sku, a.warehouse), 0) + a.on_hand
    rows = []
    for item in planner.items_of([mine, *found]):
        if (sku and sku not in item.sku.upper()) or (seller and seller != item.seller.upper()):
            continue
        for pos in item.positions:
            f = pos.forecast
            days = None if f.per_day <= 0 else round(max(pos.net, 0) / f.per_day, 1)
            rows.append(StockAt(item.seller, item.sku, pos.warehouse, sites.get(pos.warehouse, "?"),
                                onhand.get((item.seller, item.sku, pos.warehouse), 0), pos.available,
                                pos.in_transit, pos.inbound, round(f.per_day, 2), days, f.spike, round(f.factor, 1)))
    trending = sorted((r for r in rows if r.spike), key=lambda r: (-r.factor, -r.per_day))[:6]
    return NetworkStock(tuple(rows[:limit]), tuple(trending), tuple(unreachable))


# --- the inbox: each peer message taken once, in the transaction of its effect ---------------------------

@dataclass(frozen=True)
class Accepted:
    message_id: str
    duplicate: bool
    effect: str = ""


def accept(uow: UnitOfWork, actor: Actor, message_id: str, topic: str, ref: str, payload: dict) -> Accepted:
    """A peer's message: stored by its id with its effect in one transaction; a redelivery changes nothing."""
    actor.require(Permission.PEER)
    if topic not in HANDLERS:
        raise InvalidInput(_("Unknown message topic {topic}.", topic=topic), {"topic": ", ".join(sorted(HANDLERS))})
    with uow:
        claimed = uow.session.execute(select(InboxMessage.id).where(
            InboxMessage.peer == actor.name, InboxMessage.message_id == message_id).with_for_update()).first()
        if claimed is not None:
            return Accepted(message_id, True)
        uow.session.add(InboxMessage(peer=actor.name, message_id=message_id, topic=topic, ref=ref, payload=payload,
                                     received_at=uow.now()))
        try:
            uow.session.flush()
        except IntegrityError:          # the same message, delivered twice at once: the other one took it
            uow.rollback()
            return Accepted(message_id, True)
        peer = uow.session.execute(select(Peer).where(Peer.code == actor.name)).scalar_one()
        peer.last_seen_at = uow.now()
        effect = HANDLERS[topic](uow, actor, ref, payload)
        audit(uow, actor, f"peer.{topic}", "peer", peer.id, {"message": message_id, "ref": ref, "effect": effect})
        uow.commit()
        return Accepted(message_id, False, effect)


def _shipped(uow: UnitOfWork, actor: Actor, ref: str, payload: dict) -> str:
    """A peer's transfer left for one of our warehouses: an inbound announcement, received as any other."""
    lines = [InboundLineIn(l["sku"], int(l["quantity"]), l.get("lot") or "",
                           date.fromisoformat(l["expiry"]) if l.get("expiry") else None) for l in payload["lines"]]
    merged: dict[tuple[str, str], InboundLineIn] = {}
    for line in lines:      # one line per SKU and lot (expiry travels with the lot)
        if (line.sku, line.lot) in merged:
            old = merged[(line.sku, line.lot)]
            line = replace(old, quantity=old.quantity + line.quantity)
        merged[(line.sku, line.lot)] = line
    found = inbound.announce_in(uow, Actor.system(f"peer {actor.name}"), payload["to"],
                                f"{payload['number']}@{actor.name}"[:64], list(merged.values()),
                                payload.get("cartons", []), seller=payload["seller"], source_site=actor.name,
                                transfer_ref=payload["number"])
    return found.number


def _receiving(uow: UnitOfWork, actor: Actor, ref: str, payload: dict) -> str:
    transfer = _transfer(uow, actor, payload.get("number") or ref)
    transfer.remote_status = "receiving"
    if transfer.status == "in_transit":
        transfer.status = "receiving"
    return transfer.number


def _received(uow: UnitOfWork, actor: Actor, ref: str, payload: dict) -> str:
    transfer = _transfer(uow, actor, payload.get("number") or ref)
    if transfer.status != "closed":
        transfers.settle_remote(uow, Actor.system(f"peer {actor.name}"), transfer, actor.name, payload)
    return transfer.number


def _requested(uow: UnitOfWork, actor: Actor, ref: str, payload: dict) -> str:
    """The network plan, approved at another site, asks this site to make a transfer from its warehouse."""
    if (to := payload.get("to_warehouse")) and to.get("site") != "":
        peers.learn_warehouses(uow, to.get("site") or actor.name, [WarehouseAt(
            to["code"], to["name"], to["country"], None, to.get("address_lines", ""), to.get("city", ""),
            to.get("postal_code", ""))])
    return transfers.plan_in(uow, Actor.system(f"peer {actor.name}"), payload["seller"], payload["from"],
                             payload["to"], [(sku, int(n)) for sku, n in payload["lines"]]).number


def _transfer(uow: UnitOfWork, actor: Actor, number: str) -> Transfer:
    transfer = uow.session.execute(select(Transfer).where(Transfer.number == number).with_for_update()
                                   ).scalar_one_or_none()
    dest = uow.session.get(Warehouse, transfer.to_warehouse_id) if transfer else None
    if transfer is None or dest.site != actor.name:
        raise NotFound(_("No transfer {number} to {site}.", number=number, site=actor.name))
    return transfer


HANDLERS = {"transfer.shipped": _shipped, "transfer.receiving": _receiving, "transfer.received": _received,
            "transfer.request": _requested}


# --- the outbox: delivered oldest first, in order per transfer, retried while the peer is away ----------------

RETRY_CAP_SECONDS = 30.0


def deliver_due(uow_factory, *, client: httpx.Client | None = None, limit: int = 200,
                cap: float = RETRY_CAP_SECONDS) -> int:
    """Send what is due; a message waits behind an undelivered earlier one of the same transfer. Delivered count."""
    with uow_factory().reading() as reader:
        now = reader.now()
        pending = reader.session.execute(select(OutboxMessage).where(OutboxMessage.delivered_at.is_(None))
                                         .order_by(OutboxMessage.id).limit(limit)).scalars().all()
        peers = {p.code: (p.url, p.token) for p in reader.session.execute(select(Peer)).scalars()}
        pending = [(m.id, m.peer, m.ref, m.topic, m.message_id, m.payload, m.next_attempt_at, m.attempts)
                   for m in pending]
    held: set[tuple[str, str]] = set()
    down: set[str] = set()
    sent = 0
    own = client is None
    client = client or httpx.Client(timeout=TIMEOUT)
    try:
        for pk, peer, ref, topic, message_id, payload, due, attempts in pending:
            if (peer, ref) in held or peer in down or peer not in peers:
                held.add((peer, ref))
                continue
            if due is not None and due > now:
                held.add((peer, ref))
                continue
            url, token = peers[peer]
            try:
                answer = client.post(f"{url.rstrip('/')}/api/v1/network/messages", headers={
                    "Authorization": f"Bearer {token}"}, json={"message_id": message_id, "topic": topic, "ref": ref,
                                                              "payload": payload})
                ok, error = answer.status_code < 300, f"HTTP {answer.status_code}: {answer.text[:200]}"
            except httpx.HTTPError as exc:
                ok, error = False, f"{type(exc).__name__}: {exc}"[:400]
                down.add(peer)
            _record(uow_factory, pk, peer, ok, error, min(cap, 2.0 ** attempts))
            if ok:
                sent += 1
            else:
                held.add((peer, ref))
    finally:
        if own:
            client.close()
    return sent


def _record(uow_factory, pk: int, peer: str, ok: bool, error: str, wait: float) -> None:
    with uow_factory() as uow:
        message = uow.session.get(OutboxMessage, pk, with_for_update=True)
        row = uow.session.execute(select(Peer).where(Peer.code == peer)).scalar_one_or_none()
        if ok:
            message.delivered_at = uow.now()
            if row is not None:
                row.last_seen_at, row.last_error = uow.now(), None
        else:
            message.attempts += 1
            message.next_attempt_at = uow.now() + timedelta(seconds=wait)
            message.last_error = error[:400]
            if row is not None:
                row.last_error = error[:400]
            log.warning("message %s for %s not delivered: %s", message.message_id, peer, error)
        uow.commit()
