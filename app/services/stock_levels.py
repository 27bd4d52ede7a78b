"""A seller's stock of one SKU per warehouse, as the shop platform reads it (GET /api/v1/stock): on hand,
allocated to orders, available to promise (free in pick bins), in transit to it, and announced inbound."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.db.models import Inbound, InboundLine, Location, Stock, Transfer, Warehouse
from app.db.uow import UnitOfWork
from app.domain.roles import Actor, Permission
from app.services.catalog import product_of_seller, seller_by_code


@dataclass(frozen=True)
class StockLevel:
    warehouse: str
    on_hand: int
    allocated: int
    available: int
    in_transit: int
    inbound: int


@dataclass(frozen=True)
class StockOfSku:
    sku: str
    warehouses: tuple[StockLevel, ...]


def stock_of(uow: UnitOfWork, actor: Actor, sku: str, *, warehouse: str | None = None,
             seller: str | None = None) -> StockOfSku:
    """Per warehouse (every warehouse, or the one named): the figures of one of the seller's SKUs."""
    actor.require(Permission.ORDER_INTAKE, Permission.SUPERVISE, Permission.SYSTEM)
    with uow.reading() as uow:
        s = uow.session
        seller_id = actor.seller_id if actor.kind == "seller" else seller_by_code(uow, seller or "").id
        product = product_of_seller(uow, seller_id, sku)
        whs = select(Warehouse.id, Warehouse.code).order_by(Warehouse.code)
        if warehouse:
            whs = whs.where(Warehouse.code == warehouse)
        found = s.execute(whs).all()
        if warehouse and not found:
            from app.services.catalog import warehouse_by_code
            warehouse_by_code(uow, warehouse)   # raises NotFound with its message
        held = {w: (q, a, free) for w, q, a, free in s.execute(
            select(Location.warehouse_id, func.sum(Stock.quantity), func.sum(Stock.allocated),
                   func.sum(Stock.quantity - Stock.allocated).filter(Location.kind == "pick"))
            .join(Location, Location.id == Stock.location_id)
            .where(Stock.seller_id == seller_id, Stock.product_id == product.id, Location.kind != "in_transit")
            .group_by(Location.warehouse_id))}
        moving = dict(s.execute(
            select(Transfer.to_warehouse_id, func.sum(Stock.quantity))
            .join(Stock, Stock.location_id == Transfer.transit_location_id)
            .where(Stock.seller_id == seller_id, Stock.product_id == product.id,
                   Transfer.status.in_(("in_transit", "receiving")))
            .group_by(Transfer.to_warehouse_id)).all())
        coming = dict(s.execute(
            select(Inbound.warehouse_id, func.sum(InboundLine.expected - InboundLine.received - InboundLine.damaged))
            .join(InboundLine, InboundLine.inbound_id == Inbound.id)
            .where(InboundLine.seller_id == seller_id, InboundLine.product_id == product.id,
                   Inbound.status != "closed", InboundLine.expected > InboundLine.received + InboundLine.damaged)
            .group_by(Inbound.warehouse_id)).all())
        levels = []
        for wh_id, code in found:
            q, a, free = held.get(wh_id, (0, 0, 0))
            levels.append(StockLevel(code, int(q or 0), int(a or 0), int(free or 0), int(moving.get(wh_id) or 0),
                                     int(coming.get(wh_id) or 0)))
        return StockOfSku(product.sku, tuple(levels))
