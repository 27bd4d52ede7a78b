"""Cancelling an order at any point before it ships, and putting its picked units back.

Before picking: its reservations are released, its pick lines dropped. During or after picking: what was
picked waits at packing for a put-back (the picker's task and the packer's bench say so), scanned back
into a bin at the put-back screen. After shipping: refused. One transaction, idempotent by its key.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from app.db import ledger
from app.db.ledger import Move
from app.db.models import (
    Allocation,
    Location,
    Order,
    OrderLine,
    Package,
    PickLine,
    PickTask,
    PickTaskOrder,
    Product,
    PutBack,
    Seller,
    Stock,
    Tote,
)
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError, NotFound, WrongScan
from app.domain.quantities import check_quantity
from app.domain.roles import Actor, Permission
from app.domain.scanning import ScanKind, classify, matches
from app.i18n import _
from app.services import commands, webhooks
from app.services.catalog import location_by_code, warehouse_by_code
from app.services.commands import audit
from app.services.exceptions import close_open, open_exception
from app.services.inbound import PutAwayView, suggest_putaway
from app.services.orders import OrderView, order_view
from app.services.picking import finish_if_done
from app.services.views import special_location_id

SHIPPED = ("shipped",)


class AlreadyShipped(DomainError):
    code = "already_shipped"


@dataclass(frozen=True)
class PutBackView:
    sku: str
    lot: str
    quantity: int
    tote: str


@dataclass(frozen=True)
class CancelResult:
    order: OrderView
    released_units: int           # reservations let go: the units stay where they were, free for others
    put_back: tuple[PutBackView, ...]   # picked units waiting at packing to go back to a bin
    message: str


def cancel_order(uow: UnitOfWork, actor: Actor, order_id: int, *, reason: str = "",
                 key: str | None = None) -> CancelResult:
    """Cancel an order that has not shipped; a repeat (or a cancelled order) answers the same."""
    actor.require(Permission.ORDER_INTAKE, Permission.SUPERVISE)

    def work(uow: UnitOfWork) -> CancelResult:
        order = uow.session.get(Order, order_id, with_for_update=True)
        if order is None or (actor.kind == "seller" and order.seller_id != actor.seller_id):
            raise NotFound(_("No order {id}.", id=order_id))
        if order.status == "cancelled":
            return CancelResult(order_view(uow, order), 0, _waiting(uow, order), _("Order {ref} was cancelled already.",
                                                                                    ref=order.external_ref))
        lines = list(uow.session.execute(select(OrderLine).where(OrderLine.order_id == order.id)
                                         .with_for_update()).scalars())
        if order.status in SHIPPED or any(l.quantity_shipped for l in lines):
            raise AlreadyShipped(_("Order {ref} has shipped; it cannot be cancelled. Authorise a return instead "
                                   "(POST /api/v1/returns).", ref=order.external_ref))
        order.status = "cancelled"
        tasks = _stop_picking(uow, actor, order, lines)
        released = _release(uow, lines)
        for pkg in uow.session.execute(select(Package).where(Package.order_id == order.id,
                                                             Package.status != "shipped")).scalars():
            pkg.status = "cancelled"
        waiting = _to_put_back(uow, order, lines)
        _tell_the_floor(uow, actor, order, tasks, waiting)
        webhooks.enqueue(uow, order.seller_id, "order.cancelled", f"order:{order.id}:cancelled",
                         {"order_id": order.id, "external_ref": order.external_ref, "reason": reason,
                          "released_units": released, "units_to_put_back": sum(w.quantity for w in waiting)})
        audit(uow, actor, "order.cancelled", "order", order.id,
              {"reason": reason, "released": released, "put_back": sum(w.quantity for w in waiting)},
              seller_id=order.seller_id)
        uow.session.flush()
        message = (_("Order {ref} cancelled; {n} picked units go back to stock by a put-back.",
                     ref=order.external_ref, n=sum(w.quantity for w in waiting)) if waiting
                   else _("Order {ref} cancelled; its reservations are released.", ref=order.external_ref))
        return CancelResult(order_view(uow, order), released, waiting, message)

    return commands.run(uow, actor, key, "order.cancel", {"order": order_id, "reason": reason}, CancelResult, work)


def _stop_picking(uow: UnitOfWork, actor: Actor, order: Order, lines: list[OrderLine]) -> list[PickTask]:
    """Open pick lines of the order are dropped, and its cart slot if no tote was scanned for it yet; a task
    left with nothing to pick ends (its totes to packing as usual), or is cancelled if nothing was picked."""
    tasks = list(uow.session.execute(
        select(PickTask).join(PickTaskOrder, PickTaskOrder.task_id == PickTask.id)
        .where(PickTaskOrder.order_id == order.id, PickTask.status.in_(("ready", "assigned", "picking")))
        .order_by(PickTask.id).with_for_update(of=PickTask)).scalars())   # a picker's scan waits, or we do
    uow.session.execute(update(PickLine).where(PickLine.order_line_id.in_([l.id for l in lines]),
                                               PickLine.status == "open").values(status="cancelled"))
    uow.session.execute(delete(PickTaskOrder).where(PickTaskOrder.order_id == order.id, PickTaskOrder.tote.is_(None)))
    for task in tasks:
        still_open, picked = uow.session.execute(select(
            func.count(PickLine.id).filter(PickLine.status == "open"), func.coalesce(func.sum(PickLine.picked), 0))
            .where(PickLine.task_id == task.id)).one()
        if still_open:
            continue
        if picked:
            finish_if_done(uow, actor, task, all_done=True)
        else:
            task.status, task.finished_at, task.at_location_id = "cancelled", uow.now(), None
    for tote in uow.session.execute(select(Tote).where(Tote.order_id == order.id)).scalars():
        tote.status, tote.updated_at = "put_back", uow.now()
    return tasks


def _release(uow: UnitOfWork, lines: list[OrderLine]) -> int:
    """Every reservation of the order's lines goes back to free stock, set-based (a few statements however
    many bins); returns the units released."""
    ids = [l.id for l in lines]
    released = int(uow.session.execute(select(func.coalesce(func.sum(Allocation.quantity), 0)).where(
        Allocation.order_line_id.in_(ids))).scalar_one())
    if released:
        mine = (select(func.coalesce(func.sum(Allocation.quantity), 0))
                .where(Allocation.stock_id == Stock.id, Allocation.order_line_id.in_(ids)).scalar_subquery())
        held = select(Allocation.stock_id).where(Allocation.order_line_id.in_(ids), Allocation.quantity > 0)
        quiet = {"synchronize_session": False}
        uow.session.execute(update(Stock).where(Stock.id.in_(held)).values(allocated=Stock.allocated - mine)
                            .execution_options(**quiet))
        uow.session.execute(update(Allocation).where(Allocation.order_line_id.in_(ids), Allocation.quantity > 0)
                            .values(quantity=0).execution_options(**quiet))
        uow.session.execute(update(OrderLine).where(OrderLine.id.in_(ids)).values(quantity_allocated=0)
                            .execution_options(**quiet))
    for line in lines:
        set_committed_value(line, "quantity_allocated", 0)   # written above
    return released


def _to_put_back(uow: UnitOfWork, order: Order, lines: list[OrderLine]) -> tuple[PutBackView, ...]:
    """What was picked (and not shipped) waits at packing: one put-back per product and lot."""
    picked = uow.session.execute(
        select(PickLine.product_id, PickLine.lot, func.sum(PickLine.picked))
        .where(PickLine.order_line_id.in_([l.id for l in lines]), PickLine.picked > 0)
        .group_by(PickLine.product_id, PickLine.lot).order_by(PickLine.product_id, PickLine.lot)).all()
    if not picked:
        return ()
    packing = special_location_id(uow, order.warehouse_id, "packing")
    tote = uow.session.execute(select(Tote.code).where(Tote.order_id == order.id)).scalars().first() or ""
    for product_id, lot, n in picked:
        uow.session.add(PutBack(order_id=order.id, warehouse_id=order.warehouse_id, seller_id=order.seller_id,
                                product_id=product_id, lot=lot, from_location_id=packing, tote=tote,
                                quantity=int(n), created_at=uow.now()))
    uow.session.flush()
    return _waiting(uow, order)


def _waiting(uow: UnitOfWork, order: Order) -> tuple[PutBackView, ...]:
    rows = uow.session.execute(select(PutBack, Product.sku).join(Product, Product.id == PutBack.product_id)
                               .where(PutBack.order_id == order.id, PutBack.status == "open")
                               .order_by(PutBack.id)).all()
    return tuple(PutBackView(sku, pb.lot, pb.quantity - pb.put_back, pb.tote) for pb, sku in rows)


def _tell_the_floor(uow: UnitOfWork, actor: Actor, order: Order, tasks: list[PickTask],
                    waiting: tuple[PutBackView, ...]) -> None:
    """The picker sees it on the task (the screen polls the notice); put-backs go on the supervisor's list."""
    for task in tasks:
        task.notice = _("Order {ref} was cancelled: pick nothing more for it; its tote goes to put-back.",
                        ref=order.external_ref)[:200]
    if waiting:
        open_exception(uow, actor, "order_cancelled",
                       _("Order {ref} was cancelled after picking: put back {items} (at packing{tote}).",
                         ref=order.external_ref, items=", ".join(f"{w.quantity} x {w.sku}" for w in waiting),
                         tote=f", tote {waiting[0].tote}" if waiting[0].tote else ""),
                       warehouse_id=order.warehouse_id, order_id=order.id, ref=order.external_ref,
                       detail={"put_back": [{"sku": w.sku, "lot": w.lot, "quantity": w.quantity} for w in waiting]})


def cancelled_notice(uow: UnitOfWork, order: Order) -> str:
    """What the pack bench says about a tote or box of a cancelled order."""
    tote = uow.session.execute(select(Tote.code).where(Tote.order_id == order.id)).scalars().first()
    return _("Order {ref} was cancelled. Do not pack it: take {what} to put-back.", ref=order.external_ref,
             what=_("tote {tote}", tote=tote) if tote else _("its units"))


# --- the put-back screen: the same two scans as put-away (a unit, then its bin) ---------------------------

def put_back_for(uow: UnitOfWork, actor: Actor, warehouse: int | str, raw: str) -> PutAwayView:
    """Scan a unit of a cancelled order: what it is, how many go back, and the bin they should go to."""
    actor.require(Permission.PICK, Permission.PACK, Permission.RECEIVE)
    code = classify(raw)
    with uow.reading() as uow:
        warehouse_id = warehouse if isinstance(warehouse, int) else warehouse_by_code(uow, warehouse).id
        rows = uow.session.execute(select(PutBack, Product).join(Product, Product.id == PutBack.product_id).where(
            PutBack.warehouse_id == warehouse_id, PutBack.status == "open").order_by(PutBack.id)).all()
        hits = [(pb, p) for pb, p in rows if matches(p, code) and (not code.lot or pb.lot == code.lot)]
        if not hits:
            raise WrongScan(_("No cancelled order is waiting to put this back."))
        pb, product = hits[0]
        same = [h for h, p in hits if h.seller_id == pb.seller_id and p.id == product.id and h.lot == pb.lot]
        left = sum(h.quantity - h.put_back for h in same)
        target = suggest_putaway(uow, warehouse_id, pb.seller_id, product.id)
        src = uow.session.get(Location, pb.from_location_id)
        seller = uow.session.get(Seller, pb.seller_id)
        return PutAwayView(seller.code, product.sku, product.name, pb.lot, left, src.code,
                           target.code if target else "",
                           _("Put {n} x {name} back in {bin}.", n=left, name=product.name,
                             bin=target.code if target else "?"))


def put_back(uow: UnitOfWork, actor: Actor, seller: str, sku: str, lot: str, quantity: int, from_location: str,
             raw_bin: str, key: str | None = None) -> PutAwayView:
    """Scan the bin: the units go back into stock there, pickable at once; the order's put-back shrinks."""
    actor.require(Permission.PICK, Permission.PACK, Permission.RECEIVE)
    check_quantity(quantity)
    code = classify(raw_bin)

    def work(uow: UnitOfWork) -> PutAwayView:
        if code.kind != ScanKind.LOCATION:
            raise WrongScan(_("Scan the bin (a LOC- label)."))
        src, dst = location_by_code(uow, from_location), location_by_code(uow, code.value)
        if dst.warehouse_id != src.warehouse_id or dst.kind not in ("pick", "reserve"):
            raise WrongScan(_("{bin} is not a storage bin of this warehouse.", bin=dst.code))
        rows = uow.session.execute(
            select(PutBack, Product).join(Product, Product.id == PutBack.product_id).join(
                Seller, Seller.id == PutBack.seller_id)
            .where(Seller.code == seller, Product.sku == sku, PutBack.lot == lot, PutBack.status == "open",
                   PutBack.from_location_id == src.id).order_by(PutBack.id).with_for_update(of=PutBack)).all()
        if sum(pb.quantity - pb.put_back for pb, _p in rows) < quantity:
            raise WrongScan(_("Only {n} of these are waiting to go back.", n=sum(pb.quantity - pb.put_back
                                                                                  for pb, _p in rows)))
        product = rows[0][1]
        ledger.apply(uow, Move(seller_id=rows[0][0].seller_id, product_id=product.id, quantity=quantity,
                               reason="put_back", from_location_id=src.id, to_location_id=dst.id, lot=lot,
                               ref_type="order", ref_id=rows[0][0].order_id))
        left = quantity
        for pb, _p in rows:
            n = min(left, pb.quantity - pb.put_back)
            pb.put_back += n
            left -= n
            if pb.put_back == pb.quantity:
                pb.status, pb.done_at = "done", uow.now()
                _order_done(uow, actor, pb.order_id)
        audit(uow, actor, "stock.put_back", "product", product.id,
              {"from": src.code, "to": dst.code, "quantity": quantity, "lot": lot}, seller_id=rows[0][0].seller_id)
        return PutAwayView(seller, sku, product.name, lot, quantity, src.code, dst.code,
                           _("{n} x {name} back in {bin}.", n=quantity, name=product.name, bin=dst.code))

    return commands.run(uow, actor, key, "stock.put_back", {"seller": seller, "sku": sku, "lot": lot, "q": quantity,
                                                             "from": from_location, "bin": raw_bin}, PutAwayView, work)


def _order_done(uow: UnitOfWork, actor: Actor, order_id: int) -> None:
    """The last unit of a cancelled order is back: its totes are free, the supervisor's item is closed."""
    uow.session.flush()
    if uow.session.execute(select(PutBack.id).where(PutBack.order_id == order_id, PutBack.status == "open")).first():
        return
    for tote in uow.session.execute(select(Tote).where(Tote.order_id == order_id)).scalars():
        tote.status, tote.order_id, tote.task_id, tote.updated_at = "empty", None, None, uow.now()
    close_open(uow, actor, _("Every unit is back in stock."), order_id=order_id, kind="order_cancelled")
