"""Reserve stock for order lines: the order's own seller's stock, in its warehouse's pick bins."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from app.db.models import Allocation, CountTask, Location, Order, OrderLine, Product, Stock
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError, NotFound
from app.domain.roles import Actor, Permission
from app.i18n import _
from app.services import commands
from app.services.commands import audit

ALLOCATABLE = ("open", "backordered", "allocated")


@dataclass(frozen=True)
class LineAllocation:
    line_no: int
    sku: str
    quantity: int
    allocated: int
    short: int


@dataclass(frozen=True)
class AllocationResult:
    order_id: int
    status: str
    lines: tuple[LineAllocation, ...]
    message: str


def _reserve(uow: UnitOfWork, stock_id: int, n: int) -> bool:
    """Take n free units of one stock row, or nothing if someone got there first."""
    done = uow.session.execute(
        update(Stock).where(Stock.id == stock_id, Stock.quantity - Stock.allocated >= n)
        .values(allocated=Stock.allocated + n).execution_options(synchronize_session=False)
    )
    return done.rowcount == 1


def allocate_line(uow: UnitOfWork, order: Order, line: OrderLine) -> int:
    """Reserve what is free for one line (earliest expiry, then walking order); returns units reserved.

    A bin waiting for a count (after a short pick) is skipped until it has been counted.
    """
    wanted = line.quantity - line.quantity_picked - line.quantity_allocated
    got = 0
    for _attempt in range(5):
        if got >= wanted:
            break
        free = uow.session.execute(
            select(Stock.id, Stock.quantity - Stock.allocated)
            .join(Location, Location.id == Stock.location_id)
            .where(Stock.seller_id == order.seller_id, Stock.product_id == line.product_id,
                   Location.warehouse_id == order.warehouse_id, Location.kind == "pick",
                   Location.active.is_(True), Stock.quantity > Stock.allocated,
                   ~select(CountTask.id).where(CountTask.location_id == Location.id,
                                               CountTask.status != "done").exists())
            .order_by(Stock.expiry.is_(None), Stock.expiry, Location.pick_sequence, Stock.id)
        ).all()
        if not free:
            break
        for stock_id, available in free:
            n = min(available, wanted - got)
            if n <= 0:
                break
            if _reserve(uow, stock_id, n):
                uow.session.add(Allocation(order_line_id=line.id, stock_id=stock_id,
                                           seller_id=order.seller_id, quantity=n,
                                           created_at=uow.now()))
                got += n
    line.quantity_allocated += got
    return got


def allocate(uow: UnitOfWork, actor: Actor, order_id: int, key: str | None = None) -> AllocationResult:
    """Reserve stock for every open line of an order; what is missing is back-ordered, not hidden."""
    actor.require(Permission.SUPERVISE, Permission.SYSTEM)

    def work(uow: UnitOfWork) -> AllocationResult:
        order = uow.session.get(Order, order_id, with_for_update=True)
        if order is None:
            raise NotFound(_("No order {id}.", id=order_id))
        if order.status not in ALLOCATABLE:
            raise DomainError(_("Order {ref} is {status}; it cannot be allocated now.",
                                  ref=order.external_ref, status=order.status))
        results = []
        for line in order.lines:
            allocate_line(uow, order, line)
            sku = uow.session.get(Product, line.product_id).sku
            short = line.quantity - line.quantity_picked - line.quantity_allocated
            results.append(LineAllocation(line.line_no, sku, line.quantity, line.quantity_allocated, short))
        short_lines = [r for r in results if r.short]
        order.status = "backordered" if short_lines else "allocated"
        message = _("All lines reserved.") if not short_lines else _(
            "Out of stock: {items} back-ordered.",
            items=", ".join(f"{r.short} x {r.sku}" for r in short_lines))
        audit(uow, actor, "order.allocated", "order", order.id,
              {"status": order.status, "short": {r.sku: r.short for r in short_lines}},
              seller_id=order.seller_id)
        uow.session.flush()
        return AllocationResult(order.id, order.status, tuple(results), message)

    return commands.run(uow, actor, key, "order.allocate", {"order_id": order_id},
                        AllocationResult, work)
