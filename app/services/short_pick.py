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
from app.services.picking import ScanResult, finish_if_done, held_task, pick_units, task_lines, view
from app.services.views import refresh_order_status
from app.services.waves import add_pick_lines


def short_pick(uow: UnitOfWork, actor: Actor, task_id: int, line_id: int, found: int, reason: str,
               key: str | None = None) -> ScanResult:
    """The picker takes the `found` units there are; the rest is sought in another bin or back-ordered."""
    actor.require(Permission.PICK)
    walk.check_short(found, reason)

    def work(uow: UnitOfWork) -> ScanResult:
        task = held_task(uow, actor, task_id)
        if task.mode in walk.TOTAL_MODES:
            return _short_total(uow, actor, task, line_id, found, reason)
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


def _short_total(uow: UnitOfWork, actor: Actor, task: PickTask, line_id: int, found: int, reason: str) -> ScanResult:
    """A bin's total in a singles or batch task is short: the found units go to the orders in walking order,
    every line's rest is sought elsewhere or back-ordered; one count of the bin and one exception."""
    lines = task_lines(uow, task)
    _step, group = walk.next_total_step(task.status, task.at_location_id, task.cart or "", lines, mode=task.mode)
    if not group or line_id not in {l.id for l in group}:
        raise WrongScan(_("That line is not open in this task."))
    remaining = sum(walk.remaining(l) for l in group)
    missing = walk.missing(remaining, found)
    for l, n in walk.share(group, found):
        pick_units(uow, actor, task, l.line, n, zone_id=l.zone_id, order_id=l.order_id)
    bin_loc = uow.session.get(Location, group[0].location_id)
    product = uow.session.get(Product, group[0].line.product_id)
    count = open_count(uow, actor, bin_loc.id, "short_pick",
                       {"pick_line_id": group[0].id, "sku": product.sku, "missing": missing, "reason": reason})
    got = added = 0
    refs = []
    for l in group:
        left = walk.remaining(l)
        if left:
            g, a = release_line(uow, l.line, left)
            got, added = got + g, added + a
            refs.append(uow.session.get(Order, l.order_id).external_ref)
    outcome = (_("{n} more taken from another bin; it is next on your list.", n=got) if got == missing
               else _("{n} back-ordered.", n=missing - got))
    open_exception(
        uow, actor, "short_pick",
        _("Short pick at {bin}: {missing} x {sku} missing ({reason}). {outcome}", bin=bin_loc.code,
          missing=missing, sku=product.sku, reason=reason, outcome=outcome),
        warehouse_id=task.warehouse_id, location_id=bin_loc.id, count_task_id=count.id, ref=", ".join(refs[:5])[:80],
        detail={"expected": remaining, "found": found, "reallocated": got, "new_lines": added, "orders": refs})
    commands.audit(uow, actor, "pick.short", "pick_task", task.id,
                   {"missing": missing, "reason": reason, "reallocated": got, "orders": refs},
                   seller_id=group[0].line.seller_id)
    finish_if_done(uow, actor, task)
    return ScanResult(_("Short pick recorded. {outcome} Bin {bin} will be counted.", outcome=outcome,
                        bin=bin_loc.code), view(uow, task))


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
