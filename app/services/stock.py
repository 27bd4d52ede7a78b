"""Stock commands: receive into a location, adjust with a reason, move between locations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.db import ledger
from app.db.ledger import Move
from app.db.uow import UnitOfWork
from app.domain.errors import InvalidInput, OutOfStock
from app.domain.quantities import check_quantity
from app.domain.roles import Actor, Permission
from app.i18n import _
from app.services import commands
from app.services.catalog import location_by_code, product_of_seller, seller_by_code
from app.services.commands import audit

ADJUST_REASONS = ("count", "damaged", "found", "lost", "expired", "correction")


@dataclass(frozen=True)
class StockChange:
    ledger_id: int
    seller: str
    sku: str
    location: str
    lot: str
    quantity: int
    on_hand: int


def _one_move(uow, actor, action, seller_code, sku, *, quantity, reason, from_code=None,
              to_code=None, lot="", expiry=None, note="") -> StockChange:
    seller = seller_by_code(uow, seller_code)
    actor.require_seller(seller.id)
    product = product_of_seller(uow, seller.id, sku)
    src = location_by_code(uow, from_code) if from_code else None
    dst = location_by_code(uow, to_code) if to_code else None
    if src and dst and src.id == dst.id:
        raise InvalidInput(_("From and to are the same location."), {"to_location": "another location"})
    if src and dst and src.warehouse_id != dst.warehouse_id:
        raise InvalidInput(_("Moving between warehouses is a transfer, not a move."),
                           {"to_location": "same warehouse as from_location"})
    entry_id = ledger.apply(uow, Move(
        seller_id=seller.id, product_id=product.id, quantity=quantity, reason=reason,
        from_location_id=src.id if src else None, to_location_id=dst.id if dst else None,
        lot=lot, expiry=expiry, note=note,
    ))
    where = dst or src
    audit(uow, actor, action, "product", product.id,
          {"sku": product.sku, "quantity": quantity, "from": src.code if src else None,
           "to": dst.code if dst else None, "lot": lot, "reason": reason, "note": note},
          seller_id=seller.id)
    return StockChange(entry_id, seller.code, product.sku, where.code, lot, quantity,
                       ledger.on_hand(uow, seller.id, product.id, where.id, lot))


def receive(uow: UnitOfWork, actor: Actor, seller: str, sku: str, location: str, quantity: int,
            *, lot: str = "", expiry: date | None = None, key: str | None = None) -> StockChange:
    """Units of a seller's product arrive at a location with no announcement: stock from nothing, so only
    a supervisor, an admin or the system (imports, the demo) may; floor roles receive against an inbound."""
    actor.require(Permission.STOCK_ADJUST)
    check_quantity(quantity)
    payload = {"seller": seller, "sku": sku, "location": location, "quantity": quantity,
               "lot": lot, "expiry": expiry}
    return commands.run(uow, actor, key, "stock.receive", payload, StockChange, lambda uow: _one_move(
        uow, actor, "stock.received", seller, sku, quantity=quantity, reason="receive",
        to_code=location, lot=lot, expiry=expiry))


def adjust(uow: UnitOfWork, actor: Actor, seller: str, sku: str, location: str, delta: int,
           reason: str, *, note: str = "", lot: str = "", key: str | None = None) -> StockChange:
    """Correct on-hand up or down, with a reason from the list (never below what is reserved)."""
    actor.require(Permission.STOCK_ADJUST)
    if reason not in ADJUST_REASONS:
        raise InvalidInput(_("Pick a reason: {reasons}.", reasons=", ".join(ADJUST_REASONS)),
                           {"reason": "required"})
    if isinstance(delta, bool) or not isinstance(delta, int) or delta == 0:
        raise InvalidInput(_("The adjustment must be a whole number, not zero."), {"delta": "not 0"})
    check_quantity(abs(delta), "delta")
    payload = {"seller": seller, "sku": sku, "location": location, "delta": delta,
               "reason": reason, "note": note, "lot": lot}

    def work(uow):
        try:
            return _one_move(uow, actor, "stock.adjusted", seller, sku, quantity=abs(delta),
                             reason=f"adjust:{reason}", note=note, lot=lot,
                             from_code=location if delta < 0 else None,
                             to_code=location if delta > 0 else None)
        except OutOfStock:
            raise OutOfStock(_("There are not that many free units there (reserved units stay)."))

    return commands.run(uow, actor, key, "stock.adjust", payload, StockChange, work)


def move(uow: UnitOfWork, actor: Actor, seller: str, sku: str, from_location: str,
         to_location: str, quantity: int, *, lot: str = "", key: str | None = None) -> StockChange:
    """Move free units between two locations of one warehouse."""
    actor.require(Permission.RECEIVE, Permission.STOCK_ADJUST)
    check_quantity(quantity)
    payload = {"seller": seller, "sku": sku, "from": from_location, "to": to_location,
               "quantity": quantity, "lot": lot}
    return commands.run(uow, actor, key, "stock.move", payload, StockChange, lambda uow: _one_move(
        uow, actor, "stock.moved", seller, sku, quantity=quantity, reason="move",
        from_code=from_location, to_code=to_location, lot=lot))
