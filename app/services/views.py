"""Small read helpers shared by the floor services (codes and names of places and products)."""

from __future__ import annotations

from sqlalchemy import select

from app.db.models import Location, Order, OrderLine, PickTask, PickTaskOrder, Product
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError
from app.domain.packing import LineState, order_status
from app.i18n import _
from app.services import webhooks


def location_code(uow: UnitOfWork, location_id: int | None) -> str:
    if location_id is None:
        return ""
    return uow.session.get(Location, location_id).code


def special_location(uow: UnitOfWork, warehouse_id: int, kind: str) -> Location:
    """The warehouse's location of a special kind (packing, returns, quarantine...)."""
    loc = uow.session.execute(select(Location).where(
        Location.warehouse_id == warehouse_id, Location.kind == kind, Location.active.is_(True)
    ).order_by(Location.id)).scalars().first()
    if loc is None:
        raise DomainError(_("This warehouse has no {kind} location; ask an admin to add one.", kind=kind))
    return loc


def special_location_id(uow: UnitOfWork, warehouse_id: int, kind: str) -> int:
    """special_location's id, remembered per database (special locations are set up once per site)."""
    key = (warehouse_id, kind)
    found = uow.db.special_locations.get(key)
    if found is None:
        found = uow.db.special_locations[key] = special_location(uow, warehouse_id, kind).id
    return found


def product(uow: UnitOfWork, product_id: int) -> Product:
    return uow.session.get(Product, product_id)


def refresh_order_status(uow: UnitOfWork, order: Order, *, picking: bool | None = None,
                         lines: list[OrderLine] | None = None, released: bool | None = None) -> str:
    """Recompute an order's status from its lines (and whether a pick task is under way).

    `lines`, `released`: what the caller read already in this transaction (not read again)."""
    if lines is None:
        lines = uow.session.execute(select(OrderLine).where(OrderLine.order_id == order.id)).scalars().all()
    if picking is None:
        picking = uow.session.execute(
            select(PickTask.id).join(PickTaskOrder, PickTaskOrder.task_id == PickTask.id)
            .where(PickTaskOrder.order_id == order.id, PickTask.status.in_(("assigned", "picking")))
        ).first() is not None
    if released is None:
        released = uow.session.execute(
            select(PickTaskOrder.id).where(PickTaskOrder.order_id == order.id)).first() is not None
    before = order.status
    status = order_status([LineState(l.quantity, l.quantity_allocated, l.quantity_picked, l.quantity_packed,
                                     l.quantity_shipped) for l in lines],
                          released=released, picking=picking, cancelled=order.status == "cancelled")
    order.status = status
    if status != before and status in ("packed", "shipped"):
        webhooks.order_reached(uow, order, status)
    return status
