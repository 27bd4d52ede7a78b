"""Releasing orders into waves: reserve the seller's own stock, then cut pick tasks in walking order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select

from app.db.models import Allocation, Location, Order, OrderLine, PickLine, PickTask, PickTaskOrder, Stock, Wave
from app.db.uow import UnitOfWork
from app.domain import wave_mix as mix
from app.domain.errors import InvalidInput
from app.domain.roles import Actor, Permission
from app.i18n import _
from app.services import commands, transfers
from app.services.allocation import allocate_line
from app.services.catalog import warehouse_by_code
from app.services.commands import audit
from app.services.views import refresh_order_status

RELEASABLE = ("open", "allocated", "backordered")
SERVICE_ORDER = case({"express": 0, "standard": 1, "economy": 2}, value=Order.service_level, else_=3)


@dataclass(frozen=True)
class WaveResult:
    wave_id: int | None
    orders: int
    tasks: int
    lines: int
    backordered: tuple[str, ...]
    message: str


# totes on a cart; a cart of one SKU; put wall slots; totes on a cart
PER_TASK = {"cluster": 12, "singles": 500, "batch": 48, "zone": 12}
MAX_ORDERS = {"cluster": 500, "singles": 20_000, "batch": 2_000, "zone": 500}


def release(uow: UnitOfWork, actor: Actor, warehouse: str, *, cutoff: datetime | None = None,
            service_levels: tuple[str, ...] = (), max_orders: int = 60, orders_per_task: int = 4,
            automatic: bool = False, mode: str = "cluster", order_ids: tuple[int, ...] = (),
            key: str | None = None) -> WaveResult:
    """Release the most urgent orders of a warehouse (ship-by first, express first) into one wave.

    `mode`: cluster (a tote per order), singles (orders of one SKU only, one unit or several: a cart per SKU,
    packed one by one from it), batch (many orders' sum into one cart, sorted at the put wall) or zone (a tote
    per order, one task per zone). `order_ids`: only these orders (a proposed mix's part), if still releasable."""
    actor.require(Permission.SUPERVISE, Permission.SYSTEM)
    if mode not in PER_TASK:
        raise InvalidInput(_("Pick them as cluster, singles, batch or zone."),
                           {"mode": "cluster | singles | batch | zone"})
    most, per = MAX_ORDERS[mode], PER_TASK[mode]
    if not 1 <= max_orders <= most or not 1 <= orders_per_task <= per:
        raise InvalidInput(_("Release 1-{most} orders, 1-{per} per pick task.", most=most, per=per),
                           {"max_orders": f"1-{most}", "orders_per_task": f"1-{per}"})
    payload = {"warehouse": warehouse, "cutoff": cutoff, "levels": list(service_levels),
               "max_orders": max_orders, "per_task": orders_per_task, "mode": mode, "orders": list(order_ids)}

    def work(uow: UnitOfWork) -> WaveResult:
        wh = warehouse_by_code(uow, warehouse)
        q = releasable(wh.id, cutoff, service_levels)
        if order_ids:
            q = q.where(Order.id.in_(order_ids))
        if mode == "singles":   # one line: one SKU, one unit or several ("multiples of one SKU")
            q = q.where(select(func.count(OrderLine.id)).where(OrderLine.order_id == Order.id)
                        .scalar_subquery() == 1)
        candidates = uow.session.execute(
            q.order_by(Order.ship_by, SERVICE_ORDER, Order.id).limit(max_orders).with_for_update(skip_locked=True)
        ).scalars().all()
        released, short = [], []
        for order in candidates:
            for line in order.lines:
                allocate_line(uow, order, line)
            if any(self_short(line) for line in order.lines):
                short.append(order.external_ref)
            if any(line.quantity_allocated for line in order.lines):
                released.append(order)
            else:
                refresh_order_status(uow, order, picking=False)
        if not released:
            return WaveResult(None, 0, 0, 0, tuple(short), _("No order can be released now."))
        wave = Wave(warehouse_id=wh.id, cutoff=cutoff, service_levels=list(service_levels),
                    released_by=actor.user_id, automatic=automatic, created_at=uow.now())
        uow.session.add(wave)
        uow.session.flush()
        n_tasks = n_lines = 0
        for group in task_groups(released, orders_per_task, mode):
            if mode == "zone":
                tasks, lines = cut_zone_tasks(uow, wave, group)
                n_tasks, n_lines = n_tasks + tasks, n_lines + lines
                continue
            n_lines += cut_task(uow, wave, group, mode)
            n_tasks += 1
        for order in released:
            refresh_order_status(uow, order, picking=False)
            transfers.refresh_on_release(uow, order)
        audit(uow, actor, "wave.released", "wave", wave.id,
              {"warehouse": warehouse, "orders": [o.external_ref for o in released], "backordered": short,
               "mode": mode})
        return WaveResult(wave.id, len(released), n_tasks, n_lines, tuple(short),
                          _("Released {orders} orders in {tasks} pick tasks.", orders=len(released), tasks=n_tasks))

    return commands.run(uow, actor, key, "wave.release", payload, WaveResult, work)


def releasable(warehouse_id: int, cutoff: datetime | None, service_levels: tuple[str, ...]):
    """Orders of a warehouse not on a pick task under way, due by the cutoff, of these service levels."""
    q = select(Order).where(Order.warehouse_id == warehouse_id, Order.status.in_(RELEASABLE)).where(
        ~select(PickTaskOrder.id).join(PickTask, PickTask.id == PickTaskOrder.task_id).where(
            PickTaskOrder.order_id == Order.id, PickTask.status.in_(("ready", "assigned", "picking"))
        ).exists())
    if cutoff is not None:
        q = q.where(Order.ship_by <= cutoff)
    if service_levels:
        q = q.where(Order.service_level.in_(service_levels))
    return q


def propose(uow: UnitOfWork, actor: Actor, warehouse: str, *, cutoff: datetime | None = None,
            service_levels: tuple[str, ...] = (), max_orders: int = 500, orders_per_task: int = 4) -> mix.Mix:
    """The mix of ways to pick the most urgent open orders (domain/wave_mix.py), with its tasks and walking
    against one cluster wave of the same orders. Reads only; the supervisor accepts it (release_mix) or not."""
    actor.require(Permission.SUPERVISE)
    with uow.reading() as uow:
        wh = warehouse_by_code(uow, warehouse)
        ids = uow.session.execute(releasable(wh.id, cutoff, service_levels).with_only_columns(Order.id)
                                  .order_by(Order.ship_by, SERVICE_ORDER, Order.id).limit(max_orders)).scalars().all()
        first_bin = (select(Stock.seller_id, Stock.product_id, func.min(Location.pick_sequence).label("seq"))
                     .join(Location, Location.id == Stock.location_id)
                     .where(Location.warehouse_id == wh.id, Location.kind == "pick",
                            Stock.quantity - Stock.allocated > 0)
                     .group_by(Stock.seller_id, Stock.product_id).subquery())
        rows = uow.session.execute(
            select(OrderLine.order_id, OrderLine.product_id, OrderLine.quantity, first_bin.c.seq)
            .outerjoin(first_bin, (first_bin.c.seller_id == OrderLine.seller_id)
                       & (first_bin.c.product_id == OrderLine.product_id))
            .where(OrderLine.order_id.in_(ids)).order_by(OrderLine.order_id, OrderLine.line_no)).all()
    lines: dict[int, list] = {i: [] for i in ids}
    for order_id, product_id, quantity, seq in rows:
        lines[order_id].append((product_id, quantity, seq or 0))
    return mix.propose([mix.OrderShape(i, tuple(lines[i])) for i in ids if lines[i]], orders_per_task)


MIX_PER_TASK = {"singles": mix.SINGLES_PER_CART, "batch": mix.BATCH_PER_CART, "cluster": mix.CLUSTER_PER_CART}


def release_mix(uow: UnitOfWork, actor: Actor, warehouse: str, plans: tuple[mix.ModePlan, ...], *,
                key: str) -> list[WaveResult]:
    """Release a proposed mix: one wave per way of picking, each of exactly its orders (one command each, in
    turn on the same unit of work; a retry with the same key releases nothing twice)."""
    actor.require(Permission.SUPERVISE)
    return [release(uow, actor, warehouse, mode=p.mode, max_orders=min(len(p.order_ids), MAX_ORDERS[p.mode]),
                    orders_per_task=MIX_PER_TASK[p.mode], order_ids=p.order_ids, key=f"{key}:{p.mode}")
            for p in plans if p.order_ids]


def self_short(line) -> bool:
    return line.quantity - line.quantity_picked - line.quantity_allocated > 0


def task_groups(orders: list[Order], per_task: int, mode: str) -> list[list[Order]]:
    """The orders of each pick task: in release order; singles first grouped by their one SKU."""
    if mode != "singles":
        return [orders[i:i + per_task] for i in range(0, len(orders), per_task)]
    by_sku: dict[int, list[Order]] = {}
    for order in orders:
        by_sku.setdefault(order.lines[0].product_id, []).append(order)
    return [same[i:i + per_task] for same in by_sku.values() for i in range(0, len(same), per_task)]


def cut_task(uow: UnitOfWork, wave: Wave, orders: list[Order], mode: str = "cluster") -> int:
    """One pick task for a group of orders: a cart slot per order, a pick line per reservation."""
    priority = int(min(o.ship_by for o in orders).timestamp() // 60)
    task = PickTask(wave_id=wave.id, warehouse_id=wave.warehouse_id, status="ready", priority=priority,
                    mode=mode, created_at=uow.now())
    uow.session.add(task)
    uow.session.flush()
    n = 0
    for slot, order in enumerate(orders, start=1):
        uow.session.add(PickTaskOrder(task_id=task.id, order_id=order.id, slot=slot))
        n += add_pick_lines(uow, task, order)
    return n


def cut_zone_tasks(uow: UnitOfWork, wave: Wave, orders: list[Order]) -> tuple[int, int]:
    """Zone picking: one task per zone the group's reservations lie in, zones in walking order; each holds only
    its zone's lines and the orders with lines there (an order keeps its cart slot, its tote travels on)."""
    priority = int(min(o.ship_by for o in orders).timestamp() // 60)
    slot_of = {o.id: n for n, o in enumerate(orders, start=1)}
    order_of_line = {l.id: o.id for o in orders for l in o.lines}
    rows = uow.session.execute(
        select(Allocation, Stock, Location).join(Stock, Stock.id == Allocation.stock_id)
        .join(Location, Location.id == Stock.location_id)
        .where(Allocation.order_line_id.in_(list(order_of_line)), Allocation.quantity > 0)
        .where(~select(PickLine.id).where(PickLine.allocation_id == Allocation.id).exists())).all()
    zones: dict[int | None, list] = {}
    for row in rows:
        zones.setdefault(row[2].zone_id, []).append(row)
    for zone_id, zone_rows in sorted(zones.items(), key=lambda z: min(r[2].pick_sequence for r in z[1])):
        task = PickTask(wave_id=wave.id, warehouse_id=wave.warehouse_id, status="ready", priority=priority,
                        mode="zone", zone_id=zone_id, created_at=uow.now())
        uow.session.add(task)
        uow.session.flush()
        for order_id in sorted({order_of_line[a.order_line_id] for a, _s, _l in zone_rows}, key=slot_of.get):
            uow.session.add(PickTaskOrder(task_id=task.id, order_id=order_id, slot=slot_of[order_id]))
        for alloc, stock, loc in zone_rows:
            uow.session.add(PickLine(task_id=task.id, order_line_id=alloc.order_line_id, allocation_id=alloc.id,
                                     seller_id=alloc.seller_id, product_id=stock.product_id, location_id=loc.id,
                                     lot=stock.lot, sequence=loc.pick_sequence, quantity=alloc.quantity))
    uow.session.flush()
    return len(zones), len(rows)


def add_pick_lines(uow: UnitOfWork, task: PickTask, order: Order) -> int:
    """Pick lines for the order's reservations that no pick line covers yet."""
    line_ids = [l.id for l in order.lines]
    rows = uow.session.execute(
        select(Allocation, Stock, Location).join(Stock, Stock.id == Allocation.stock_id)
        .join(Location, Location.id == Stock.location_id)
        .where(Allocation.order_line_id.in_(line_ids), Allocation.quantity > 0)
        .where(~select(PickLine.id).where(PickLine.allocation_id == Allocation.id).exists())
    ).all()
    for alloc, stock, loc in rows:
        uow.session.add(PickLine(task_id=task.id, order_line_id=alloc.order_line_id, allocation_id=alloc.id,
                                 seller_id=alloc.seller_id, product_id=stock.product_id, location_id=loc.id,
                                 lot=stock.lot, sequence=loc.pick_sequence, quantity=alloc.quantity))
    uow.session.flush()
    return len(rows)


def auto_release(uow_factory, warehouse: str, horizon_hours: int, now: datetime) -> WaveResult:
    """What the server runs on a timer: release everything due within the horizon."""
    return release(uow_factory(), Actor.system("auto-release"), warehouse,
                   cutoff=now + timedelta(hours=horizon_hours), automatic=True,
                   key=f"auto-release:{warehouse}:{now:%Y%m%d%H%M}")
