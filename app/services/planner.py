"""The transfer planner: this site's stock picture (what a peer asks for too), the network plan built from
every site's picture (app/domain/planning.py solves it), and a supervisor's approval, which makes the
transfers at the source sites. It replaces the 14-day replenishment rule, within a site as between sites."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.db.models import (
    Inbound,
    InboundLine,
    Location,
    Order,
    OrderLine,
    PlanMove,
    Product,
    Seller,
    Stock,
    Transfer,
    Warehouse,
)
from app.db.uow import UnitOfWork
from app.domain import planning
from app.domain.errors import DomainError, InvalidInput, NotFound
from app.domain.forecast import forecast
from app.domain.planning import Item, Policy, Position, default_lane
from app.domain.roles import Actor, Permission
from app.i18n import _
from app.services import commands, outbox, peers, serials, transfers
from app.services.commands import audit

HISTORY_DAYS = 14
SPIKE_HOURS = 6
OPEN_ORDER = ("open", "allocated", "backordered", "released", "picking")
OPEN_TRANSFER = ("planned", "picking", "in_transit", "receiving")


@dataclass(frozen=True)
class SkuAt:
    """One seller's SKU at one warehouse: what the planner needs of it."""

    seller: str
    sku: str
    warehouse: str
    available: int = 0
    in_transit: int = 0
    inbound: int = 0
    backlog: int = 0
    daily: tuple[int, ...] = ()   # units ordered a day, oldest first: HISTORY_DAYS days before the last hours
    last_hours: int = 0           # units ordered in the last SPIKE_HOURS
    carton_units: int = 1
    on_hand: int = 0              # everything in the warehouse's locations, allocated or not


@dataclass(frozen=True)
class WarehouseAt:
    code: str
    name: str
    country: str
    site: str | None = None       # None: the site that answered
    address_lines: str = ""
    city: str = ""
    postal_code: str = ""


@dataclass(frozen=True)
class Snapshot:
    warehouses: tuple[WarehouseAt, ...]
    skus: tuple[SkuAt, ...]
    taken_at: datetime
    site: str | None = None       # the peer it came from; None: this site


@dataclass(frozen=True)
class MoveView:
    id: int
    seller: str
    sku: str
    source: str
    dest: str
    units: int
    cartons: int
    lead_days: float
    days_bought: float
    cover_before: float
    spike: bool
    why: str
    status: str
    transfer: str | None


@dataclass(frozen=True)
class PlanView:
    number: int
    moves: tuple[MoveView, ...]
    skus: int = 0
    solved: int = 0
    unmet_units: int = 0
    sites: tuple[str, ...] = ()
    unreachable: tuple[str, ...] = ()   # peers that did not answer: planned without them
    trucks: tuple[tuple[str, str, int, int], ...] = ()   # per lane: from, to, units, trucks


def snapshot(uow: UnitOfWork, actor: Actor) -> Snapshot:
    """This site's warehouses and, per seller's SKU and warehouse, stock, transit, inbound, backlog, demand."""
    actor.require(Permission.SUPERVISE, Permission.PEER, Permission.SYSTEM)
    with uow.reading() as uow:
        return _snapshot(uow)


def _snapshot(uow: UnitOfWork) -> Snapshot:
    now = uow.now()
    s = uow.session
    own = {w.id: w for w in s.execute(select(Warehouse).where(Warehouse.site.is_(None))).scalars()}
    codes = {w.id: w.code for w in s.execute(select(Warehouse)).scalars()}
    rows: dict[tuple[int, int, int], dict] = defaultdict(dict)

    def add(field: str, found) -> None:
        for seller_id, product_id, wh, n in found:
            if wh in codes and n:
                rows[(seller_id, product_id, wh)][field] = rows[(seller_id, product_id, wh)].get(field, 0) + int(n)

    add("available", s.execute(
        select(Stock.seller_id, Stock.product_id, Location.warehouse_id, func.sum(Stock.quantity - Stock.allocated))
        .join(Location, Location.id == Stock.location_id).where(Location.kind.in_(("pick", "reserve")))
        .group_by(Stock.seller_id, Stock.product_id, Location.warehouse_id)).all())
    add("on_hand", s.execute(
        select(Stock.seller_id, Stock.product_id, Location.warehouse_id, func.sum(Stock.quantity))
        .join(Location, Location.id == Stock.location_id).where(Location.kind != "in_transit")
        .group_by(Stock.seller_id, Stock.product_id, Location.warehouse_id)).all())
    # heading to a warehouse: not yet shipped (the transfer's order lines), and shipped (its transit location)
    add("in_transit", s.execute(
        select(Transfer.seller_id, OrderLine.product_id, Transfer.to_warehouse_id,
               func.sum(OrderLine.quantity - OrderLine.quantity_shipped))
        .join(OrderLine, OrderLine.order_id == Transfer.order_id).where(Transfer.status.in_(OPEN_TRANSFER))
        .group_by(Transfer.seller_id, OrderLine.product_id, Transfer.to_warehouse_id)).all())
    add("in_transit", s.execute(
        select(Stock.seller_id, Stock.product_id, Transfer.to_warehouse_id, func.sum(Stock.quantity))
        .join(Transfer, Transfer.transit_location_id == Stock.location_id)
        .where(Transfer.status.in_(OPEN_TRANSFER))
        .group_by(Stock.seller_id, Stock.product_id, Transfer.to_warehouse_id)).all())
    # a peer's transfer announced here is counted by the sending site, as in transit
    add("inbound", s.execute(
        select(InboundLine.seller_id, InboundLine.product_id, Inbound.warehouse_id,
               func.sum(InboundLine.expected - InboundLine.received))
        .join(Inbound, Inbound.id == InboundLine.inbound_id)
        .where(Inbound.status != "closed", Inbound.source_site.is_(None), InboundLine.expected > InboundLine.received)
        .group_by(InboundLine.seller_id, InboundLine.product_id, Inbound.warehouse_id)).all())
    add("backlog", s.execute(
        select(Order.seller_id, OrderLine.product_id, Order.warehouse_id,
               func.sum(OrderLine.quantity - OrderLine.quantity_allocated - OrderLine.quantity_picked))
        .join(OrderLine, OrderLine.order_id == Order.id).where(
            Order.status.in_(OPEN_ORDER), OrderLine.quantity > OrderLine.quantity_allocated + OrderLine.quantity_picked)
        .group_by(Order.seller_id, OrderLine.product_id, Order.warehouse_id)).all())
    # the last SPIKE_HOURS are judged against the days before them, so a spike does not raise its own baseline
    recent = timedelta(hours=SPIKE_HOURS)
    for seller_id, product_id, wh, created, n in s.execute(
            select(Order.seller_id, OrderLine.product_id, Order.warehouse_id, Order.created_at, OrderLine.quantity)
            .join(OrderLine, OrderLine.order_id == Order.id)
            .where(Order.created_at >= now - recent - timedelta(days=HISTORY_DAYS), Order.transfer_id.is_(None),
                   Order.status != "cancelled")):
        row = rows[(seller_id, product_id, wh)]
        age = now - created
        if age <= recent:
            row["last_hours"] = row.get("last_hours", 0) + n
        else:
            day = HISTORY_DAYS - 1 - min(int((age - recent) / timedelta(days=1)), HISTORY_DAYS - 1)
            row.setdefault("daily", [0] * HISTORY_DAYS)[day] += n
    sellers = dict(s.execute(select(Seller.id, Seller.code)).all())
    products = {p: (sku, c) for p, sku, c in s.execute(select(Product.id, Product.sku, Product.carton_units))}
    skus = tuple(
        SkuAt(sellers[seller_id], products[product_id][0], codes[wh], values.get("available", 0),
              values.get("in_transit", 0), values.get("inbound", 0), values.get("backlog", 0),
              tuple(values.get("daily", [0] * HISTORY_DAYS)), values.get("last_hours", 0),
              max(1, products[product_id][1] or 1), values.get("on_hand", 0))
        for (seller_id, product_id, wh), values in sorted(rows.items()))
    warehouses = tuple(WarehouseAt(w.code, w.name, w.country, None, w.address_lines, w.city, w.postal_code)
                       for w in own.values())
    return Snapshot(warehouses, skus, now)


def items_of(snapshots: Sequence[Snapshot]) -> list[Item]:
    """Every seller's SKU across the network, a position per warehouse (a warehouse reported twice: summed)."""
    by_sku: dict[tuple[str, str], dict[str, SkuAt]] = defaultdict(dict)
    for snap in snapshots:
        for at in snap.skus:
            here = by_sku[(at.seller, at.sku)]
            if at.warehouse in here:    # in transit reported by the sender, stock by the receiver
                old = here[at.warehouse]
                here[at.warehouse] = replace(old, available=old.available + at.available,
                                             in_transit=old.in_transit + at.in_transit,
                                             inbound=old.inbound + at.inbound, backlog=old.backlog + at.backlog,
                                             daily=tuple(a + b for a, b in zip(old.daily, at.daily))
                                             if old.daily and at.daily else old.daily or at.daily,
                                             last_hours=old.last_hours + at.last_hours)
            else:
                here[at.warehouse] = at
    items = []
    for (seller, sku), places in sorted(by_sku.items()):
        positions = tuple(Position(w, a.available, a.in_transit, a.inbound, a.backlog,
                                   forecast(a.daily, a.last_hours, SPIKE_HOURS)) for w, a in sorted(places.items()))
        items.append(Item(seller, sku, positions, max(a.carton_units for a in places.values())))
    return items


def lanes_of(snapshots: Sequence[Snapshot]) -> list[planning.Lane]:
    """A lane between every two warehouses of the network (by site and country)."""
    where = {w.code: (snap.site, w.country) for snap in snapshots for w in snap.warehouses}
    return [default_lane(a, b, same_site=where[a][0] == where[b][0], same_country=where[a][1] == where[b][1])
            for a in where for b in where if a != b]


def propose(uow: UnitOfWork, actor: Actor, snapshots: Sequence[Snapshot] = (), *, unreachable: Sequence[str] = (),
            policy: Policy | None = None, key: str | None = None) -> PlanView:
    """Plan the network from this site's picture and the peers' (`snapshots`); the moves wait for approval."""
    actor.require(Permission.SUPERVISE, Permission.SYSTEM)

    def work(uow: UnitOfWork) -> PlanView:
        for snap in snapshots:
            peers.learn_warehouses(uow, snap.site, snap.warehouses)
        pictures = [_snapshot(uow), *snapshots]
        found = planning.plan(items_of(pictures), lanes_of(pictures), policy)
        for old in uow.session.execute(select(PlanMove).where(PlanMove.status == "proposed")).scalars():
            old.status = "superseded"
        number = serials.take(uow, "plan", start=1)
        for m in found.moves:
            uow.session.add(PlanMove(plan_no=number, seller=m.seller, sku=m.sku, source=m.source, dest=m.dest,
                                     units=m.units, cartons=m.cartons, lead_days=m.lead_days, cost=m.cost,
                                     per_day=m.per_day, cover_before=min(m.cover_before, 9999.0),
                                     days_bought=m.days_bought, spike=m.spike, why=m.why[:500], created_at=uow.now()))
        uow.session.flush()
        audit(uow, actor, "plan.proposed", "plan", number,
              {"moves": len(found.moves), "skus": found.skus, "solved": found.solved, "unmet": found.unmet_units,
               "peers": [s.site for s in snapshots], "unreachable": list(unreachable)})
        return _view(uow, number, skus=found.skus, solved=found.solved, unmet_units=found.unmet_units,
                     trucks=tuple((l.source, l.dest, l.units, l.trucks) for l in found.loads if l.trucks),
                     sites=tuple(s.site or "" for s in snapshots), unreachable=tuple(unreachable))

    return commands.run(uow, actor, key, "plan.propose", {"peers": [s.site for s in snapshots]}, PlanView, work)


def _view(uow: UnitOfWork, number: int, **figures) -> PlanView:
    moves = uow.session.execute(select(PlanMove).where(PlanMove.plan_no == number).order_by(
        PlanMove.cover_before, PlanMove.id)).scalars()
    return PlanView(number, tuple(MoveView(m.id, m.seller, m.sku, m.source, m.dest, m.units, m.cartons, m.lead_days,
                                           m.days_bought, m.cover_before, m.spike, m.why, m.status, m.transfer)
                                  for m in moves), **figures)


def latest(uow: UnitOfWork, actor: Actor) -> PlanView | None:
    """The newest plan and what became of each move."""
    actor.require(Permission.SUPERVISE)
    with uow.reading() as uow:
        number = uow.session.execute(select(func.max(PlanMove.plan_no))).scalar()
        return None if number is None else _view(uow, number)


def approve(uow: UnitOfWork, actor: Actor, move_ids: Sequence[int], key: str | None = None) -> PlanView:
    """Make the approved moves: one transfer per seller and lane at this site; a peer's source is asked to."""
    actor.require(Permission.SUPERVISE)
    if not move_ids:
        raise InvalidInput(_("Choose the moves to approve."), {"moves": "1 or more"})

    def work(uow: UnitOfWork) -> PlanView:
        moves = uow.session.execute(select(PlanMove).where(PlanMove.id.in_(list(move_ids))).order_by(PlanMove.id)
                                    .with_for_update()).scalars().all()
        if len(moves) != len(set(move_ids)):
            raise NotFound(_("A move of this plan is gone; plan again."))
        if stale := [m for m in moves if m.status != "proposed"]:
            raise DomainError(_("{sku} {source} → {dest} is {status} already.", sku=stale[0].sku,
                                source=stale[0].source, dest=stale[0].dest, status=stale[0].status))
        groups: dict[tuple[str, str, str], list[PlanMove]] = defaultdict(list)
        for m in moves:
            groups[(m.seller, m.source, m.dest)].append(m)
        sites = dict(uow.session.execute(select(Warehouse.code, Warehouse.site)).all())
        for (seller, source, dest), group in groups.items():
            lines = [(m.sku, m.units) for m in group]
            if source not in sites:
                raise NotFound(_("Warehouse {code} is not known here.", code=source))
            if sites[source] is None:
                made = transfers.plan_in(uow, actor, seller, source, dest, lines).number
            else:
                target = uow.session.execute(select(Warehouse).where(Warehouse.code == dest)).scalar_one()
                made = outbox.request_transfer(uow, sites[source], seller, source, target, target.site, lines)
            for m in group:
                m.status, m.transfer, m.decided_at, m.decided_by = "approved", made, uow.now(), actor.name
        audit(uow, actor, "plan.approved", "plan", moves[0].plan_no, {"moves": [m.id for m in moves]})
        uow.session.flush()
        return _view(uow, moves[0].plan_no)

    return commands.run(uow, actor, key, "plan.approve", {"moves": sorted(move_ids)}, PlanView, work)


def dismiss(uow: UnitOfWork, actor: Actor, move_ids: Sequence[int], key: str | None = None) -> PlanView:
    """Leave proposed moves unmade."""
    actor.require(Permission.SUPERVISE)

    def work(uow: UnitOfWork) -> PlanView:
        moves = uow.session.execute(select(PlanMove).where(PlanMove.id.in_(list(move_ids)),
                                                           PlanMove.status == "proposed")).scalars().all()
        if not moves:
            raise NotFound(_("None of these moves is waiting for a decision."))
        for m in moves:
            m.status, m.decided_at, m.decided_by = "dismissed", uow.now(), actor.name
        audit(uow, actor, "plan.dismissed", "plan", moves[0].plan_no, {"moves": [m.id for m in moves]})
        uow.session.flush()
        return _view(uow, moves[0].plan_no)

    return commands.run(uow, actor, key, "plan.dismiss", {"moves": sorted(move_ids)}, PlanView, work)
