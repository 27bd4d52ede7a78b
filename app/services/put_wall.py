"""The put wall: a batch cart (many orders' units picked as totals) is sorted unit by unit. Scanning a unit
shows (lights) the slot of the first order on the cart still waiting for it; a slot whose order has every
picked unit is full and goes to packing as a tote (TOTE-W<nn>), packed at the pack bench as any tote.

The units do not move in the ledger here: picked, they are at packing already; a sort put only says which
tote they are in. Undo takes back this sorter's last put.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.db.models import Order, OrderLine, PickTask, PickTaskOrder, Product, SortPut, Tote
from app.db.uow import UnitOfWork
from app.domain import picking as walk
from app.domain.errors import WrongScan
from app.domain.picking import tote_name
from app.domain.roles import Actor, Permission
from app.domain.scanning import ScanKind, ScannedCode, matches, read
from app.i18n import _
from app.services import commands
from app.services.picking import check_double_fire


@dataclass(frozen=True)
class WallSlot:
    slot: int          # its place on the wall (0: no unit of it sorted yet)
    order_ref: str
    units: int         # picked for it
    put: int           # sorted into its slot
    full: bool


@dataclass(frozen=True)
class WallView:
    cart: str
    task_id: int
    units_left: int    # on the cart, still to sort
    slots: tuple[WallSlot, ...]
    lit: int           # the slot the last unit went to (0: none)
    lit_full: bool
    message: str


def _cart(uow: UnitOfWork, code: str) -> tuple[Tote, PickTask]:
    tote = uow.session.get(Tote, code, with_for_update=True)
    task = uow.session.get(PickTask, tote.task_id) if tote is not None and tote.task_id else None
    if tote is None or task is None or task.mode != "batch" or tote.status != "to_sort":
        raise WrongScan(_("Cart {tote} holds no batch to sort.", tote=code))
    return tote, task


def _rows(uow: UnitOfWork, task: PickTask):
    """Per order line of the cart: its order, slot on the cart, product, picked, sorted, and the wall tote."""
    put = (select(SortPut.order_line_id, func.sum(SortPut.quantity).label("n"))
           .where(SortPut.task_id == task.id, SortPut.undone.is_(False)).group_by(SortPut.order_line_id).subquery())
    return uow.session.execute(
        select(OrderLine, Order, PickTaskOrder, func.coalesce(put.c.n, 0))
        .join(Order, Order.id == OrderLine.order_id)
        .join(PickTaskOrder, (PickTaskOrder.order_id == Order.id) & (PickTaskOrder.task_id == task.id))
        .outerjoin(put, put.c.order_line_id == OrderLine.id)
        .order_by(PickTaskOrder.slot, OrderLine.line_no)).all()


def _view(uow: UnitOfWork, tote: Tote, task: PickTask, lit: int, message: str) -> WallView:
    rows = _rows(uow, task)
    by_order: dict[int, list] = {}
    for line, order, pto, put in rows:
        entry = by_order.setdefault(order.id, [pto, order, 0, 0])
        entry[2] += line.quantity_picked
        entry[3] += int(put)
    slots = tuple(WallSlot(_wall_slot(pto), order.external_ref, units, put, units > 0 and put >= units)
                  for pto, order, units, put in by_order.values())
    left = sum(s.units - s.put for s in slots if not _cancelled(rows, s.order_ref))
    lit_full = any(s.slot == lit and s.full for s in slots)
    return WallView(tote.code, task.id, left, slots, lit, lit_full, message)


def _cancelled(rows, ref: str) -> bool:
    return any(order.external_ref == ref and order.status == "cancelled" for _l, order, _p, _n in rows)


def _wall_slot(pto: PickTaskOrder) -> int:
    return int(pto.tote.removeprefix("TOTE-W")) if pto.tote and pto.tote.startswith("TOTE-W") else 0


def start(uow: UnitOfWork, actor: Actor, code: ScannedCode | str, key: str | None = None) -> WallView:
    """Scan a batch cart at the put wall: its orders and their slots."""
    actor.require(Permission.PACK, Permission.PICK)
    scanned = read(code)

    def work(uow: UnitOfWork) -> WallView:
        if scanned.kind != ScanKind.TOTE:
            raise WrongScan(_("Scan the cart (its TOTE- label) to start sorting."))
        tote, task = _cart(uow, tote_name(scanned))
        commands.audit(uow, actor, "sort.cart_started", "pick_task", task.id, {"cart": tote.code})
        return _view(uow, tote, task, 0, _("Cart {tote}: scan a unit, put it in the slot that lights.",
                                           tote=tote.code))

    return commands.run(uow, actor, key, "sort.start", {"cart": scanned.raw}, WallView, work)


def put(uow: UnitOfWork, actor: Actor, cart: str, code: ScannedCode | str, *, key: str | None = None,
        at: datetime | None = None) -> WallView:
    """One unit from the cart: the slot of the first order (cart order) still waiting for it lights; its
    order gets a wall slot at its first unit; the slot is full when every picked unit of its order is in."""
    actor.require(Permission.PACK, Permission.PICK)
    scanned = read(code)

    def work(uow: UnitOfWork) -> WallView:
        tote, task = _cart(uow, cart)
        if not scanned.ok:
            raise WrongScan(scanned.message)
        check_double_fire(uow, actor, scanned.raw, at)
        products = {pid: (sku, gtin) for pid, sku, gtin in uow.session.execute(
            select(Product.id, Product.sku, Product.gtin).join(OrderLine, OrderLine.product_id == Product.id)
            .join(PickTaskOrder, PickTaskOrder.order_id == OrderLine.order_id)
            .where(PickTaskOrder.task_id == task.id).distinct())}
        wanted = {pid for pid, (sku, gtin) in products.items() if matches(_Coded(sku, gtin), scanned)}
        if not wanted:
            raise WrongScan(_("That item is not on this cart. Put it aside for the supervisor."))
        rows = _rows(uow, task)
        hit = next(((line, order, pto) for line, order, pto, n in rows if line.product_id in wanted
                    and order.status != "cancelled" and line.quantity_picked > n), None)
        if hit is None:
            raise WrongScan(_("Every unit of that item is sorted already. Put it aside for the supervisor."))
        line, order, pto = hit
        slot = _wall_slot(pto) or _take_slot(uow, task, pto, order)
        uow.session.add(SortPut(task_id=task.id, order_id=order.id, order_line_id=line.id, slot=slot,
                                tote=pto.tote, quantity=1, user_id=actor.user_id, station_id=actor.station_id,
                                command_key=uow.command_key, at=uow.now()))
        uow.session.flush()
        view = _view(uow, tote, task, slot, "")
        full = view.lit_full
        if full:
            wall = uow.session.get(Tote, pto.tote, with_for_update=True)
            wall.status, wall.updated_at = "to_pack", uow.now()
        if not view.units_left:
            tote.status, tote.task_id, tote.updated_at = "empty", None, uow.now()
        commands.audit(uow, actor, "sort.put", "order_line", line.id, {"slot": slot, "tote": pto.tote, "full": full},
                       seller_id=order.seller_id, order_id=order.id)
        message = (_("Slot {slot} is full: order {ref} to packing.", slot=slot, ref=order.external_ref) if full
                   else _("Put it in slot {slot}.", slot=slot))
        return WallView(view.cart, view.task_id, view.units_left, view.slots, slot, full, message)

    return commands.run(uow, actor, key, "sort.put", {"cart": cart, "code": scanned.raw}, WallView, work)


@dataclass(frozen=True)
class _Coded:
    sku: str
    gtin: str | None


def _take_slot(uow: UnitOfWork, task: PickTask, pto: PickTaskOrder, order: Order) -> int:
    """The order's first unit: the lowest wall slot whose tote is free becomes its slot."""
    busy = {int(code.removeprefix("TOTE-W")) for code in uow.session.execute(
        select(Tote.code).where(Tote.code.like("TOTE-W%"), Tote.status != "empty")).scalars()
        if code.removeprefix("TOTE-W").isdigit()}
    slot = walk.first_free_slot(busy)
    code = walk.wall_tote(slot)
    wall = uow.session.get(Tote, code, with_for_update=True)
    if wall is None:
        wall = Tote(code=code)
        uow.session.add(wall)
    wall.status, wall.order_id, wall.task_id, wall.updated_at = "sorting", order.id, task.id, uow.now()
    pto.tote = code
    uow.session.flush()
    return slot


def undo_put(uow: UnitOfWork, actor: Actor, cart: str, key: str | None = None) -> WallView:
    """Take back this sorter's last put from the cart: the unit is back on the cart, its slot not full."""
    actor.require(Permission.PACK, Permission.PICK)

    def work(uow: UnitOfWork) -> WallView:
        tote = uow.session.get(Tote, cart, with_for_update=True)
        task = uow.session.get(PickTask, tote.task_id) if tote is not None and tote.task_id else None
        last = task and uow.session.execute(select(SortPut).where(
            SortPut.task_id == task.id, SortPut.undone.is_(False), SortPut.user_id == actor.user_id)
            .order_by(SortPut.id.desc()).limit(1)).scalars().first()
        if last is None:
            raise WrongScan(_("Nothing to undo."))
        wall = uow.session.get(Tote, last.tote, with_for_update=True)
        if wall.status not in ("sorting", "to_pack") or wall.order_id != last.order_id:
            raise WrongScan(_("Slot {slot} is packed already; nothing to undo.", slot=last.slot))
        last.undone = True
        wall.status, wall.updated_at = "sorting", uow.now()
        tote.status, tote.task_id = "to_sort", task.id
        uow.session.flush()
        commands.audit(uow, actor, "sort.undone", "order_line", last.order_line_id, {"slot": last.slot},
                       order_id=last.order_id)
        return _view(uow, tote, task, last.slot, _("Undone: take the unit back out of slot {slot}.",
                                                   slot=last.slot))

    return commands.run(uow, actor, key, "sort.undo", {"cart": cart}, WallView, work)
