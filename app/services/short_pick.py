"""A short pick: the bin holds fewer than expected. Record why, look elsewhere, count the bin, tell the boss."""

from __future__ import annotations

from sqlalchemy import update

from app.db.models import Allocation, Location, Order, OrderLine, PickLine, PickTask, Product, Stock
from app.db.uow import UnitOfWork
from app.domain import picking as walk
from app.domain.errors import WrongScan
from app.domain.roles import Actor, Permission
from app.i18n import _
from app.services import commands
from app.services.allocation import allocate_line
from app.services.exceptions import open_count, open_exception
from app.services.picking import ScanResult, finish_if_done, held_task, pick_units, view
from app.services.views import refresh_order_status
from app.services.waves import add_pick_lines


def short_pick(uow: UnitOfWork, actor: Actor, task_id: int, line_id: int, found: int, reason: str,
               key: str | None = None) -> ScanResult:
    """The picker takes the `found` units there are; the rest is sought in another bin or back-ordered."""
    actor.require(Permission.PICK)
    walk.check_short(found, reason)

    def work(uow: UnitOfWork) -> ScanResult:
        task = held_task(uow, actor, task_id)
        line = uow.session.get(PickLine, line_id)
        if line is None or line.task_id != task.id or line.status != "open":
            raise WrongScan(_("That line is not open in this task."))
        remaining = walk.remaining(line)
        missing = walk.missing(remaining, found)
        if found:
            pick_units(uow, actor, task, line, found)
        bin_loc = uow.session.get(Location, line.location_id)
        product = uow.session.get(Product, line.product_id)
        count = open_count(uow, actor, bin_loc.id, "short_pick",
                           {"pick_line_id": line.id, "sku": product.sku, "missing": missing, "reason": reason})
        got, added = release_line(uow, line, missing)
        order = uow.session.get(Order, uow.session.get(OrderLine, line.order_line_id).order_id)
        outcome = (_("{n} more taken from another bin; it is next on your list.", n=got) if got
                   else _("{n} back-ordered.", n=missing))
        open_exception(
            uow, actor, "short_pick",
            _("Short pick at {bin}: {missing} x {sku} missing ({reason}). {outcome}", bin=bin_loc.code,
              missing=missing, sku=product.sku, reason=reason, outcome=outcome),
            warehouse_id=task.warehouse_id, location_id=bin_loc.id, order_id=order.id, count_task_id=count.id,
            ref=order.external_ref,
            detail={"expected": remaining, "found": found, "reallocated": got, "new_lines": added})
        commands.audit(uow, actor, "pick.short", "pick_line", line.id,
                       {"missing": missing, "reason": reason, "reallocated": got}, seller_id=line.seller_id,
                       order_id=order.id)
        finish_if_done(uow, actor, task)
        return ScanResult(_("Short pick recorded. {outcome} Bin {bin} will be counted.", outcome=outcome,
                            bin=bin_loc.code), view(uow, task))

    return commands.run(uow, actor, key, "pick.short", {"task": task_id, "line": line_id, "found": found,
                                                        "reason": reason}, ScanResult, work)


def release_line(uow: UnitOfWork, line: PickLine, missing: int) -> tuple[int, int]:
    """The missing units of a pick line stop being reserved there (line, order line, the bin's stock row);
    the order line is then offered another bin of the same seller. Returns (units found, lines added)."""
    alloc = uow.session.get(Allocation, line.allocation_id)
    uow.session.execute(update(Stock).where(Stock.id == alloc.stock_id).values(allocated=Stock.allocated - missing))
    alloc.quantity -= missing
    line.short += missing
    if line.picked + line.short >= line.quantity:
        line.status = "short"
    order_line = uow.session.get(OrderLine, line.order_line_id, with_for_update=True)
    order_line.quantity_allocated -= missing
    uow.session.flush()
    order = uow.session.get(Order, order_line.order_id)
    task = uow.session.get(PickTask, line.task_id)
    got = allocate_line(uow, order, order_line)
    # a new reservation joins the task while it is on the floor; after that it waits for the next wave
    added = add_pick_lines(uow, task, order) if got and task.status in ("ready", "assigned", "picking") else 0
    refresh_order_status(uow, order)
    return got, added
