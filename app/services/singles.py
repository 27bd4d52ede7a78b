"""The singles packer: a cart of one SKU's orders from a singles pick; each unit scanned is the next order's box,
and when that order's units are in (one, or several for "multiples of one SKU") its label prints at once.

The box is packed, weighed, labelled and verified by the pack bench's own steps (services/packing.py):
only the choice of the order is new. Orders are served in pick order (their slot on the cart), and two
packers on one cart never take the same order (`FOR UPDATE SKIP LOCKED`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.db.models import Order, OrderLine, Package, PickTask, PickTaskOrder, Product, Tote
from app.db.uow import UnitOfWork
from app.domain import packing as rules
from app.domain.errors import WrongScan
from app.domain.picking import tote_name
from app.domain.roles import Actor, Permission
from app.domain.scanning import ScanKind, ScannedCode, matches, read
from app.i18n import _
from app.services import commands, packing
from app.services.packing import PackingPolicy, PackView
from app.services.picking import check_double_fire


@dataclass(frozen=True)
class SinglesView:
    cart: str
    task_id: int
    orders_left: int          # orders of the cart with units still to pack
    units_left: int
    product: str              # what the cart holds (the first SKU's name; a singles cart holds one SKU)
    box: PackView | None      # the box on the bench: open (multiples), labelled (scan its label), verified
    message: str


def _cart(uow: UnitOfWork, code: str) -> tuple[Tote, PickTask]:
    tote = uow.session.get(Tote, code, with_for_update=True)
    task = uow.session.get(PickTask, tote.task_id) if tote is not None and tote.task_id else None
    if tote is None or task is None or task.mode != "singles" or tote.status != "to_pack":
        raise WrongScan(_("Cart {tote} holds no singles to pack.", tote=code))
    return tote, task


def _left(uow: UnitOfWork, task: PickTask) -> tuple[int, int]:
    """Orders and units of the cart still to pack."""
    row = uow.session.execute(
        select(func.count(func.distinct(OrderLine.order_id)),
               func.coalesce(func.sum(OrderLine.quantity_picked - OrderLine.quantity_packed), 0))
        .join(PickTaskOrder, PickTaskOrder.order_id == OrderLine.order_id)
        .join(Order, Order.id == OrderLine.order_id)
        .where(PickTaskOrder.task_id == task.id, Order.status != "cancelled",
               OrderLine.quantity_picked > OrderLine.quantity_packed)).one()
    return int(row[0]), int(row[1])


def _view(uow: UnitOfWork, tote: Tote, task: PickTask, box: PackView | None, message: str) -> SinglesView:
    orders, units = _left(uow, task)
    name = uow.session.execute(
        select(Product.name).join(OrderLine, OrderLine.product_id == Product.id)
        .join(PickTaskOrder, PickTaskOrder.order_id == OrderLine.order_id)
        .where(PickTaskOrder.task_id == task.id).order_by(PickTaskOrder.slot).limit(1)).scalar() or ""
    return SinglesView(tote.code, task.id, orders, units, name, box, message)


def start(uow: UnitOfWork, actor: Actor, code: ScannedCode | str, key: str | None = None) -> SinglesView:
    """Scan a singles cart at the singles bench: how many orders and units it holds."""
    actor.require(Permission.PACK)
    scanned = read(code)

    def work(uow: UnitOfWork) -> SinglesView:
        if scanned.kind != ScanKind.TOTE:
            raise WrongScan(_("Scan the cart (its TOTE- label) to start."))
        tote, task = _cart(uow, tote_name(scanned))
        commands.audit(uow, actor, "singles.cart_started", "pick_task", task.id, {"cart": tote.code})
        return _view(uow, tote, task, None, _("Cart {tote}: scan one unit, its label prints.", tote=tote.code))

    return commands.run(uow, actor, key, "singles.start", {"cart": scanned.raw}, SinglesView, work)


def pack_unit(uow: UnitOfWork, actor: Actor, policy: PackingPolicy, cart: str, code: ScannedCode | str, *,
              weight_g: int | None = None, key: str | None = None, at: datetime | None = None) -> SinglesView:
    """One unit scanned from the cart: into the box of the next order waiting for it (or the open box of a
    multiple); when that order's units are all in, the box is closed and its label printed in this command.

    `weight_g`: the bench scale's reading; without a scale the box gets the weight its items and carton make."""
    actor.require(Permission.PACK)
    scanned = read(code)

    def work(uow: UnitOfWork) -> SinglesView:
        tote, task = _cart(uow, cart)
        if not scanned.ok:
            raise WrongScan(scanned.message)
        check_double_fire(uow, actor, scanned.raw, at)
        found = _open_box(uow, actor, task) or _next_order(uow, actor, task, scanned)
        if found is None:
            raise WrongScan(_("No order on this cart waits for that item. Put it aside for the supervisor."))
        pkg, order = found
        product = packing.put_units(uow, actor, pkg, order, scanned, 1)
        box = packing.view_of(uow, order, pkg)
        if box.to_pack:
            return _view(uow, tote, task, box, _("{product} in the box of {ref}: {n} more.", product=product.name,
                                                 ref=order.external_ref, n=box.to_pack))
        carton = box.suggested_carton or packing.smallest_carton(uow)
        box = packing.close_package(uow, actor, policy, pkg, order, carton, weight_g or box.expected_weight_g)
        if box.status == "held":
            return _view(uow, tote, task, box, box.message)
        return _view(uow, tote, task, box, _("Order {ref}: label printing. Stick it on, scan it.",
                                             ref=order.external_ref))

    view = commands.run(uow, actor, key, "singles.unit", {"cart": cart, "code": scanned.raw, "weight": weight_g},
                        SinglesView, work)
    if view.box is not None and view.box.status == "awaiting_label":   # a carrier's label: bought after the commit
        box = packing.buy_label(uow, actor, policy, view.box.package_id, key=f"{key}:label" if key else None)
        return dataclasses.replace(view, box=box, message=box.message)
    return view


def _open_box(uow: UnitOfWork, actor: Actor, task: PickTask) -> tuple[Package, Order] | None:
    """This packer's open box of an order on this cart (a multiple being filled), if any."""
    row = uow.session.execute(
        select(Package, Order).join(Order, Order.id == Package.order_id)
        .join(PickTaskOrder, PickTaskOrder.order_id == Order.id)
        .where(PickTaskOrder.task_id == task.id, Package.packer_id == actor.user_id, Package.status == "open")
        .with_for_update(of=Package)).first()
    return (row[0], row[1]) if row else None


def _next_order(uow: UnitOfWork, actor: Actor, task: PickTask, code: ScannedCode) -> tuple[Package, Order] | None:
    """The first order on the cart (pick order) waiting for this item and on no bench; its new box."""
    products = uow.session.execute(
        select(Product.id, Product.sku, Product.gtin).join(OrderLine, OrderLine.product_id == Product.id)
        .join(PickTaskOrder, PickTaskOrder.order_id == OrderLine.order_id)
        .where(PickTaskOrder.task_id == task.id).distinct()).all()
    wanted = [p.id for p in products if matches(p, code)]
    if not wanted:
        raise WrongScan(_("That item is not on this cart. Put it aside for the supervisor."))
    on_bench = select(Package.id).where(Package.order_id == Order.id, Package.status.in_(rules.ON_BENCH)).exists()
    order = uow.session.execute(
        select(Order).join(PickTaskOrder, PickTaskOrder.order_id == Order.id)
        .join(OrderLine, OrderLine.order_id == Order.id)
        .where(PickTaskOrder.task_id == task.id, Order.status != "cancelled", OrderLine.product_id.in_(wanted),
               OrderLine.quantity_picked > OrderLine.quantity_packed, ~on_bench)
        .order_by(PickTaskOrder.slot).limit(1).with_for_update(of=Order, skip_locked=True)).scalars().first()
    if order is None:
        return None
    return packing.open_package(uow, actor, order, task.cart or ""), order


def verify(uow: UnitOfWork, actor: Actor, cart: str, package_id: int, code: ScannedCode | str,
           key: str | None = None) -> SinglesView:
    """The label scanned on the box (as at the pack bench); the last box of the cart frees the cart."""
    actor.require(Permission.PACK)
    scanned = read(code)

    def work(uow: UnitOfWork) -> SinglesView:
        tote, task = _cart(uow, cart)
        pkg, order = packing.package_of(uow, package_id)
        box = packing.verify_package(uow, actor, pkg, order, scanned)
        orders, _units = _left(uow, task)
        if not orders and not uow.session.execute(select(Package.id).join(
                PickTaskOrder, PickTaskOrder.order_id == Package.order_id).where(
                PickTaskOrder.task_id == task.id, Package.status.in_(rules.ON_BENCH))).first():
            tote.status, tote.task_id, tote.order_id, tote.updated_at = "empty", None, None, uow.now()
            commands.audit(uow, actor, "singles.cart_done", "pick_task", task.id, {"cart": tote.code})
            return _view(uow, tote, task, box, _("Label OK. Cart {tote} is empty: scan the next cart.",
                                                 tote=tote.code))
        return _view(uow, tote, task, box, _("Label OK. Scan the next unit."))

    return commands.run(uow, actor, key, "singles.verify", {"cart": cart, "package": package_id,
                                                            "code": scanned.raw}, SinglesView, work)
