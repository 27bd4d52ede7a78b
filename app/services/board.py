"""The supervisor's board: stations live, throughput, backlog, exceptions, audit log and stock, read-only.

Every query is bounded (a limit, an indexed range or the small hourly counters) so it stays fast with
months of history (see tests/bench/test_board_bench.py for the figures)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select

from app.db.models import (
    ActivityHour,
    AuditEntry,
    FloorException,
    LedgerEntry,
    Location,
    Order,
    PickLine,
    PickTask,
    Printer,
    PrintJob,
    Product,
    ReturnUnit,
    Rma,
    Seller,
    Station,
    Stock,
    User,
    Warehouse,
    Zone,
)
from app.db.uow import UnitOfWork
from app.domain.roles import Actor, Permission
from app.i18n import _
from app.i18n.formats import local_day

NOT_RELEASED = ("open", "allocated", "backordered")
IN_PICKING = ("released", "picking", "picked")
IN_PACKING = ("packing",)
READY = ("packed",)


@dataclass(frozen=True)
class StationRow:
    id: int
    name: str
    kind: str
    online: bool
    paused: bool
    user: str
    role: str
    screen: str
    activity: str
    task: str
    last_scan: str
    last_scan_at: datetime | None
    idle_seconds: int | None
    printer: str
    printer_state: str
    scale: str = ""   # host:port of its bench scale, "" for none


@dataclass(frozen=True)
class PrinterRow:
    id: int
    name: str
    kind: str
    state: str  # ready | printing | failed | retrying | offline
    failed_jobs: int
    last_reason: str
    offline_since: datetime | None = None


def _printer_states(uow: UnitOfWork) -> dict[int, PrinterRow]:
    out = {}
    for p in uow.session.execute(select(Printer).where(Printer.active.is_(True))).scalars():
        jobs = uow.session.execute(select(PrintJob).where(PrintJob.printer_id == p.id).order_by(PrintJob.id.desc())
                                   .limit(20)).scalars().all()
        failed = sum(1 for j in jobs if j.state == "failed")
        latest = jobs[0] if jobs else None
        state = ("offline" if p.offline_since is not None else
                 "failed" if latest and latest.state == "failed" else
                 "retrying" if latest and latest.state == "queued" and latest.attempts else
                 "printing" if latest and latest.state in ("queued", "sent", "printing") else "ready")
        out[p.id] = PrinterRow(p.id, p.name, p.kind, state, failed, latest.reason if latest else "", p.offline_since)
    return out


def stations(uow: UnitOfWork, actor: Actor, *, offline_after: int = 30) -> tuple[list[StationRow], list[PrinterRow]]:
    """Every station (who, what, last scan, idle, online) and every printer's state."""
    actor.require(Permission.SUPERVISE)
    with uow.reading() as uow:
        now = uow.now()
        printers = _printer_states(uow)
        default = next((p for p in printers.values() if p.name == "Browser PDF"), None)
        tasks = {t.user_id: t for t in uow.session.execute(select(PickTask).where(
            PickTask.status.in_(("assigned", "picking")))).scalars()}
        rows = []
        for s, user in uow.session.execute(select(Station, User).outerjoin(User, User.id == Station.user_id)
                                           .order_by(Station.name)).all():
            online = bool(s.connected and s.last_seen and (now - s.last_seen).total_seconds() <= offline_after)
            idle = int((now - s.last_scan_at).total_seconds()) if s.last_scan_at and user else None
            task = tasks.get(user.id) if user else None
            task_text = ""
            if task is not None:
                done, total = uow.session.execute(select(
                    func.count(PickLine.id).filter(PickLine.status != "open"), func.count(PickLine.id)).where(
                    PickLine.task_id == task.id)).one()
                task_text = _("Pick task {id}: {done}/{total} lines", id=task.id, done=done, total=total)
            printer = printers.get(s.default_printer_id) or default
            rows.append(StationRow(s.id, s.name, s.kind, online, s.paused, user.name if user else "",
                                   user.role if user else "", s.screen, s.activity, task_text, s.last_scan,
                                   s.last_scan_at, idle, printer.name if printer else "Browser PDF",
                                   printer.state if printer else "ready", s.scale))
        return rows, sorted(printers.values(), key=lambda p: p.name)


@dataclass(frozen=True)
class Series:
    kind: str
    today: tuple[int, ...]      # 24 hourly counts, local hours 0-23
    last_week: tuple[int, ...]  # the same weekday a week ago


@dataclass(frozen=True)
class Throughput:
    day: str
    timezone: str
    series: tuple[Series, ...]
    by_zone: tuple[tuple[str, int], ...]
    by_person: tuple[tuple[str, str, int], ...]  # name, kind, count


def throughput(uow: UnitOfWork, actor: Actor, warehouse: str | None = None) -> Throughput:
    """Picks, packs, shipped packages and returns per hour today (warehouse time), against last week."""
    actor.require(Permission.SUPERVISE)
    with uow.reading() as uow:
        wh = uow.session.execute(select(Warehouse).where(Warehouse.code == warehouse) if warehouse
                                 else select(Warehouse).order_by(Warehouse.id)).scalars().first()
        tz = ZoneInfo(wh.timezone if wh else "UTC")
        local_now = uow.now().astimezone(tz)
        start = local_now.replace(hour=0, minute=0, second=0, microsecond=0)

        def hours(since: datetime) -> dict[tuple[str, int], int]:
            q = select(ActivityHour.kind, ActivityHour.hour, func.sum(ActivityHour.count)).where(
                ActivityHour.hour >= since, ActivityHour.hour < since + timedelta(days=1))
            if wh:
                q = q.where(ActivityHour.warehouse_id == wh.id)
            out: dict[tuple[str, int], int] = {}
            for kind, hour, n in uow.session.execute(q.group_by(ActivityHour.kind, ActivityHour.hour)).all():
                key = (kind, hour.astimezone(tz).hour)
                out[key] = out.get(key, 0) + int(n)
            return out

        now_h, week_h = hours(start), hours(start - timedelta(days=7))
        series = tuple(Series(k, tuple(now_h.get((k, h), 0) for h in range(24)),
                              tuple(week_h.get((k, h), 0) for h in range(24)))
                       for k in ("pick", "pack", "ship", "return"))
        base = select(ActivityHour).where(ActivityHour.hour >= start, ActivityHour.hour < start + timedelta(days=1))
        if wh:
            base = base.where(ActivityHour.warehouse_id == wh.id)
        sub = base.subquery()
        zones = uow.session.execute(select(Zone.code, func.sum(sub.c.count)).join(Zone, Zone.id == sub.c.zone_id)
                                    .where(sub.c.kind == "pick").group_by(Zone.code).order_by(Zone.code)).all()
        people = uow.session.execute(select(User.name, sub.c.kind, func.sum(sub.c.count)).join(
            User, User.id == sub.c.user_id).group_by(User.name, sub.c.kind).order_by(func.sum(sub.c.count).desc())
            .limit(50)).all()
        return Throughput(start.date().isoformat(), str(tz), series, tuple((z, int(n)) for z, n in zones),
                          tuple((name, kind, int(n)) for name, kind, n in people))


@dataclass(frozen=True)
class BacklogCell:
    bucket: str   # overdue | 2h | today | tomorrow | later
    stage: str    # not_released | picking | packing | ready
    orders: int


@dataclass(frozen=True)
class AtRisk:
    order_id: int
    order_ref: str
    seller: str
    status: str
    service_level: str
    ship_by: datetime
    minutes_left: int


@dataclass(frozen=True)
class Backlog:
    cells: tuple[BacklogCell, ...]
    at_risk: tuple[AtRisk, ...]
    open_orders: int


def _stage(status: str) -> str:
    return ("not_released" if status in NOT_RELEASED else "picking" if status in IN_PICKING
            else "packing" if status in IN_PACKING else "ready")


def cutoff_bucket(ship_by: datetime, now: datetime, tz: str) -> str:
    """Overdue, within 2 h, later today, tomorrow or later: days of the warehouse's own calendar (an order due at
    23:30 in Los Angeles is today's there, though it is tomorrow in UTC)."""
    left = ship_by - now
    if left.total_seconds() < 0:
        return "overdue"
    if left <= timedelta(hours=2):
        return "2h"
    days = (local_day(ship_by, tz) - local_day(now, tz)).days
    return "today" if days <= 0 else "tomorrow" if days == 1 else "later"


def backlog(uow: UnitOfWork, actor: Actor, warehouse: str | None = None, *, risk_minutes: int = 120,
            limit: int = 25) -> Backlog:
    """Open orders by ship-by cutoff and stage; the ones that may miss their cutoff first."""
    actor.require(Permission.SUPERVISE)
    with uow.reading() as uow:
        now = uow.now()
        open_ = Order.status.in_(NOT_RELEASED + IN_PICKING + IN_PACKING + READY)
        q = select(Order.status, Order.ship_by, Warehouse.timezone, func.count(Order.id)).join(
            Warehouse, Warehouse.id == Order.warehouse_id).where(open_)
        if warehouse:
            q = q.where(Warehouse.code == warehouse)
        cells: dict[tuple[str, str], int] = {}
        total = 0
        for status, ship_by, tz, n in uow.session.execute(
                q.group_by(Order.status, Order.ship_by, Warehouse.timezone)).all():
            key = (cutoff_bucket(ship_by, now, tz), _stage(status))
            cells[key] = cells.get(key, 0) + n
            total += n
        risky = select(Order, Seller.code).join(Seller, Seller.id == Order.seller_id).where(
            open_, Order.status.not_in(READY), Order.ship_by <= now + timedelta(minutes=risk_minutes))
        if warehouse:
            risky = risky.join(Warehouse, Warehouse.id == Order.warehouse_id).where(Warehouse.code == warehouse)
        at_risk = tuple(AtRisk(o.id, o.external_ref, code, o.status, o.service_level, o.ship_by,
                               int((o.ship_by - now).total_seconds() // 60))
                        for o, code in uow.session.execute(risky.order_by(Order.ship_by).limit(limit)).all())
        return Backlog(tuple(BacklogCell(b, s, n) for (b, s), n in sorted(cells.items())), at_risk, total)


@dataclass(frozen=True)
class ExceptionRow:
    id: int
    kind: str
    status: str
    message: str
    ref: str
    where: str
    who: str
    created_at: datetime
    package_id: int | None
    count_task_id: int | None
    detail: dict


def exceptions(uow: UnitOfWork, actor: Actor, *, status: str = "open", kind: str | None = None,
               limit: int = 100) -> list[ExceptionRow]:
    actor.require(Permission.SUPERVISE)
    with uow.reading() as uow:
        q = select(FloorException, Location.code, User.name).outerjoin(
            Location, Location.id == FloorException.location_id).outerjoin(User, User.id == FloorException.user_id)
        q = q.where(FloorException.status == status)
        if kind:
            q = q.where(FloorException.kind == kind)
        rows = uow.session.execute(q.order_by(FloorException.created_at.desc()).limit(limit)).all()
        return [ExceptionRow(e.id, e.kind, e.status, e.message, e.ref, loc or "", who or "", e.created_at,
                             e.package_id, e.count_task_id, e.detail) for e, loc, who in rows]


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    action: str
    actor: str
    station: str
    subject: str
    detail: dict


def audit_log(uow: UnitOfWork, actor: Actor, *, person: str | None = None, station: str | None = None,
              product: str | None = None, order: str | None = None, rma: str | None = None,
              since: datetime | None = None, limit: int = 200) -> list[AuditRow]:
    """Who did what, when, where: filtered by person (badge or name), station, product SKU, order or RMA."""
    actor.require(Permission.SUPERVISE)
    with uow.reading() as uow:
        q = select(AuditEntry, Station.name).outerjoin(Station, Station.id == AuditEntry.station_id)
        if person:
            ids = select(User.id).where(or_(User.badge == person, User.name == person))
            q = q.where(AuditEntry.user_id.in_(ids))
        if station:
            q = q.where(Station.name == station)
        if product:
            ids = [str(i) for i in uow.session.execute(select(Product.id).where(Product.sku == product)).scalars()]
            q = q.where(AuditEntry.subject_type == "product", AuditEntry.subject_id.in_(ids or ["-"]))
        if order:
            ids = list(uow.session.execute(select(Order.id).where(Order.external_ref == order)).scalars())
            q = q.where(AuditEntry.order_id.in_(ids or [-1]))
        if rma:
            ids = [str(i) for i in uow.session.execute(select(Rma.id).where(Rma.number == rma.upper())).scalars()]
            q = q.where(AuditEntry.subject_type == "rma", AuditEntry.subject_id.in_(ids or ["-"]))
        if since:
            q = q.where(AuditEntry.at >= since)
        rows = uow.session.execute(q.order_by(AuditEntry.id.desc()).limit(min(limit, 1000))).all()
        return [AuditRow(a.id, a.at, a.action, a.actor, name or "", f"{a.subject_type} {a.subject_id}".strip(),
                         a.detail) for a, name in rows]


@dataclass(frozen=True)
class StockRow:
    seller: str
    sku: str
    name: str
    location: str
    kind: str
    lot: str
    quantity: int
    allocated: int


def on_hand(uow: UnitOfWork, actor: Actor, *, seller: str | None = None, sku: str | None = None,
            location: str | None = None, limit: int = 200) -> list[StockRow]:
    actor.require(Permission.SUPERVISE)
    with uow.reading() as uow:
        q = (select(Stock, Seller.code, Product.sku, Product.name, Location.code, Location.kind)
             .join(Seller, Seller.id == Stock.seller_id).join(Product, Product.id == Stock.product_id)
             .join(Location, Location.id == Stock.location_id).where(Stock.quantity > 0))
        if seller:
            q = q.where(Seller.code == seller)
        if sku:
            q = q.where(Product.sku == sku)
        if location:
            q = q.where(Location.code == location.removeprefix("LOC-"))
        rows = uow.session.execute(q.order_by(Seller.code, Product.sku, Location.code).limit(limit)).all()
        return [StockRow(sc, sku_, name, loc, kind, s.lot, s.quantity, s.allocated)
                for s, sc, sku_, name, loc, kind in rows]


@dataclass(frozen=True)
class LedgerRow:
    id: int
    at: datetime
    reason: str
    quantity: int
    from_location: str
    to_location: str
    lot: str
    who: str
    note: str


def history(uow: UnitOfWork, actor: Actor, seller: str, sku: str, location: str | None = None,
            limit: int = 100) -> list[LedgerRow]:
    """The ledger of one seller's product (at one location), newest first."""
    actor.require(Permission.SUPERVISE)
    with uow.reading() as uow:
        product = uow.session.execute(select(Product).join(Seller, Seller.id == Product.seller_id).where(
            Seller.code == seller, Product.sku == sku)).scalar_one_or_none()
        if product is None:
            return []
        q = select(LedgerEntry).where(LedgerEntry.product_id == product.id)
        if location:
            loc_id = uow.session.execute(select(Location.id).where(
                Location.code == location.removeprefix("LOC-"))).scalar_one_or_none()
            # out of it, and into it: each walks its own index (product, from|to, id) newest first and
            # stops after `limit`; one OR query made SQLite read every row of the product (0.3 s at 9M)
            found: dict[int, LedgerEntry] = {}
            for side in (LedgerEntry.from_location_id, LedgerEntry.to_location_id):
                for e in uow.session.execute(q.where(side == loc_id).order_by(LedgerEntry.id.desc())
                                             .limit(limit)).scalars():
                    found[e.id] = e
            entries = sorted(found.values(), key=lambda e: e.id, reverse=True)[:limit]
        else:
            entries = uow.session.execute(q.order_by(LedgerEntry.id.desc()).limit(limit)).scalars().all()
        codes = dict(uow.session.execute(select(Location.id, Location.code).where(Location.id.in_(
            {e.from_location_id for e in entries} | {e.to_location_id for e in entries}))).all())
        names = dict(uow.session.execute(select(User.id, User.name).where(
            User.id.in_({e.user_id for e in entries if e.user_id}))).all())
        return [LedgerRow(e.id, e.at, e.reason, e.quantity, codes.get(e.from_location_id, ""),
                          codes.get(e.to_location_id, ""), e.lot, names.get(e.user_id, ""), e.note) for e in entries]


@dataclass(frozen=True)
class PendingUnit:
    unit_id: int
    rma: str
    sku: str
    status: str  # received | graded | to_put_away
    grade: str
    disposition: str
    where: str
    since: datetime
    waiting_s: int = 0   # since it was received


def returns_in_progress(uow: UnitOfWork, actor: Actor, limit: int = 100) -> list[PendingUnit]:
    """Returned units not yet in their final place: nothing stays in limbo unseen."""
    actor.require(Permission.SUPERVISE)
    with uow.reading() as uow:
        now = uow.now()
        rows = uow.session.execute(
            select(ReturnUnit, Rma.number, Product.sku, Location.code).join(Rma, Rma.id == ReturnUnit.rma_id)
            .outerjoin(Product, Product.id == ReturnUnit.product_id)
            .outerjoin(Location, Location.id == ReturnUnit.location_id)
            .where(ReturnUnit.status != "done").order_by(ReturnUnit.received_at).limit(limit)).all()
        return [PendingUnit(u.id, number, sku or u.scanned, u.status, u.grade or "", u.disposition or "", where or "",
                            u.received_at, int((now - u.received_at).total_seconds()) if u.received_at else 0)
                for u, number, sku, where in rows]
