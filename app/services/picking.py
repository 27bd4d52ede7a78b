"""The picker's trip: claim a task no one else has, scan totes, bins and items in walking order, undo."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from app.db import activity, ledger
from app.db.ledger import Move
from app.db.models import (
    Allocation,
    Location,
    Order,
    OrderLine,
    PickEvent,
    PickLine,
    PickTask,
    PickTaskOrder,
    Product,
    SortPut,
    Station,
    Stock,
    Tote,
    User,
)
from app.db.together import Together
from app.db.uow import UnitOfWork
from app.domain import picking as walk
from app.domain.errors import DomainError, NotFound, PermissionDenied, WrongScan
from app.domain.picking import ACTIVE, TOTAL_MODES, AtBin, PickStep, Slot, Take, TakeTote
from app.domain.quantities import check_quantity
from app.domain.roles import Actor, Permission
from app.domain.scanning import ScannedCode, read
from app.i18n import _
from app.services import commands
from app.services.views import refresh_order_status, special_location, special_location_id

ALLOCATIONS = Allocation.__table__
ORDER_LINES = OrderLine.__table__
PICK_LINES = PickLine.__table__
# a pick's writes, in one round trip on PostgreSQL (app/db/together.py): each part writes its own row
PICK_WRITES = Together(lambda dialect: (
    update(ALLOCATIONS).where(ALLOCATIONS.c.id == bindparam("alloc_id"))
    .values(quantity=ALLOCATIONS.c.quantity - bindparam("n")),
    update(ORDER_LINES).where(ORDER_LINES.c.id == bindparam("ol_id"))
    .values(quantity_picked=ORDER_LINES.c.quantity_picked + bindparam("n"),
            quantity_allocated=ORDER_LINES.c.quantity_allocated - bindparam("n")),
    activity.upsert(dialect),
    insert(PickEvent.__table__).values(
        task_id=bindparam("e_task"), pick_line_id=bindparam("line_id"), quantity=bindparam("n"),
        ledger_id=bindparam("e_ledger"), undone=False, user_id=bindparam("au_user_id"),
        station_id=bindparam("au_station_id"), zone_id=bindparam("e_zone"), command_key=bindparam("au_command_key"),
        at=bindparam("au_at")),
    commands.AUDIT_ROW,
    update(PICK_LINES).where(PICK_LINES.c.id == bindparam("line_id"))   # the task's row lock guards its lines
    .values(picked=bindparam("line_picked"), status=bindparam("line_status")),
))

@dataclass(frozen=True)
class SlotView:
    slot: int
    order_ref: str
    tote: str


@dataclass(frozen=True)
class TaskView:
    task_id: int
    status: str
    step: PickStep
    slots: tuple[SlotView, ...]
    lines_done: int
    lines_total: int
    units_picked: int
    units_total: int
    notice: str
    can_undo: bool
    mode: str = "cluster"   # cluster | singles | batch (app/db/models/picking.py PICK_MODES)
    cart: str = ""          # singles and batch: the one cart the totals go into


@dataclass(frozen=True)
class ScanResult:
    message: str
    view: TaskView
    slot: int | None = None
    tote: str = ""


def held_task(uow: UnitOfWork, actor: Actor, task_id: int, *, lock: bool = True) -> PickTask:
    """The picker's own task, locked for the command; a task given to someone else is refused, saying to whom."""
    task = uow.session.get(PickTask, task_id, with_for_update=lock)
    if task is None:
        raise NotFound(_("No such pick task."))
    if task.user_id != actor.user_id:
        holder = uow.session.get(User, task.user_id).name if task.user_id else None
        raise PermissionDenied(_("This task was reassigned to {name}.", name=holder) if holder
                               else _("This task was taken off you by a supervisor."))
    return task


SLOTS = (select(PickTaskOrder, Order).join(Order, Order.id == PickTaskOrder.order_id)
         .where(PickTaskOrder.task_id == bindparam("task_id")).order_by(PickTaskOrder.slot))


def _slots(uow: UnitOfWork, task: PickTask) -> list[tuple[PickTaskOrder, Order]]:
    return list(uow.session.execute(SLOTS, {"task_id": task.id}).all())


def _open_lines(uow: UnitOfWork, task: PickTask) -> list[PickLine]:
    return list(uow.session.execute(select(PickLine).where(
        PickLine.task_id == task.id, PickLine.status == "open").order_by(PickLine.sequence, PickLine.id)).scalars())


@dataclass
class _Line:
    """A pick line with what the walk needs about it, read in one query (app/domain/picking.py's Line)."""

    line: PickLine
    sku: str
    name: str
    gtin: str
    bin: str
    zone_id: int | None
    order_id: int

    # the row's own fields, read through: the row is changed in place by a pick
    id = property(lambda self: self.line.id)
    status = property(lambda self: self.line.status)
    location_id = property(lambda self: self.line.location_id)
    quantity = property(lambda self: self.line.quantity)
    picked = property(lambda self: self.line.picked)
    short = property(lambda self: self.line.short)


LINES = (select(PickLine, Product.sku, Product.name, Product.gtin, Location.code, Location.zone_id, OrderLine.order_id)
         .join(Product, Product.id == PickLine.product_id).join(Location, Location.id == PickLine.location_id)
         .join(OrderLine, OrderLine.id == PickLine.order_line_id)
         .where(PickLine.task_id == bindparam("task_id")).order_by(PickLine.sequence, PickLine.id))


def task_lines(uow: UnitOfWork, task: PickTask) -> list[_Line]:
    rows = uow.session.execute(LINES, {"task_id": task.id}).all()
    return [_Line(l, sku, name, gtin or "", code, zone, order_id) for l, sku, name, gtin, code, zone, order_id in rows]


def _step(task: PickTask, slots, lines: list[_Line], arriving: dict[int, str] | None = None
          ) -> tuple[PickStep, _Line | None]:
    """What the picker does next (and the line it is about): the domain's answer for these rows.

    `arriving`: zone picking, the totes of the task's orders coming from the zone before (by order id)."""
    if task.mode in TOTAL_MODES:
        step, group = walk.next_total_step(task.status, task.at_location_id, task.cart or "", lines, mode=task.mode)
        return step, (group[0] if group else None)
    arriving = arriving or {}
    return walk.next_step(task.status, task.at_location_id,
                          [Slot(p.slot, p.tote or "", o.id, o.external_ref, arriving.get(o.id, "")) for p, o in slots],
                          lines)


def _arriving(uow: UnitOfWork, task: PickTask, slots) -> dict[int, str] | None:
    """Zone picking: the totes of this task's orders that left the zone before (status to_zone)."""
    if task.mode != "zone" or all(p.tote for p, _o in slots):
        return None
    return dict(uow.session.execute(select(Tote.order_id, Tote.code).where(
        Tote.order_id.in_([o.id for _p, o in slots]), Tote.status == "to_zone")).all())


def view(uow: UnitOfWork, task: PickTask, slots=None, lines: list[_Line] | None = None,
         can_undo: bool | None = None) -> TaskView:
    """The picker's screen for a task (from slots and lines already read in this transaction, when given)."""
    slots = _slots(uow, task) if slots is None else slots
    lines = task_lines(uow, task) if lines is None else lines
    step, _current_line = _step(task, slots, lines, _arriving(uow, task, slots))
    all_lines = [l.line for l in lines]
    return TaskView(
        task.id, task.status, step, tuple(SlotView(p.slot, o.external_ref, p.tote or "") for p, o in slots),
        sum(1 for l in all_lines if l.status != "open"), len(all_lines),
        sum(l.picked for l in all_lines), sum(l.quantity for l in all_lines), task.notice,
        (_last_event(uow, task) is not None) if can_undo is None else can_undo, task.mode, task.cart or "",
    )


def _last_event(uow: UnitOfWork, task: PickTask) -> PickEvent | None:
    return uow.session.execute(select(PickEvent).where(
        PickEvent.task_id == task.id, PickEvent.undone.is_(False), PickEvent.user_id == task.user_id)
        .order_by(PickEvent.id.desc()).limit(1)).scalars().first()


def my_task(uow: UnitOfWork, actor: Actor) -> TaskView | None:
    """The task this picker is on (to resume after a reload), if any."""
    actor.require(Permission.PICK)
    with uow.reading() as uow:
        task = uow.session.execute(select(PickTask).where(
            PickTask.user_id == actor.user_id, PickTask.status.in_(ACTIVE)).order_by(PickTask.id)).scalars().first()
        return view(uow, task) if task else None


def task_view(uow: UnitOfWork, actor: Actor, task_id: int) -> TaskView:
    actor.require(Permission.PICK)
    with uow.reading() as uow:
        return view(uow, held_task(uow, actor, task_id, lock=False))


def _claimable(uow: UnitOfWork, actor: Actor):
    """Ready tasks this picker may take: a zone's picker only its zone's; a zone task only once the tasks of the
    zones before it (for the same orders) are done, so an order's tote travels zone to zone in walking order."""
    zone = uow.session.execute(select(User.zone_id).where(User.id == actor.user_id)).scalar()
    q = select(PickTask.id).where(PickTask.status == "ready")
    if zone is None:
        return q.where(PickTask.zone_id.is_(None))
    mine, theirs, before = aliased(PickTaskOrder), aliased(PickTaskOrder), aliased(PickTask)
    waiting = (select(mine.id).join(theirs, theirs.order_id == mine.order_id).join(before, before.id == theirs.task_id)
               .where(mine.task_id == PickTask.id, before.id < PickTask.id, before.mode == "zone",
                      before.status.not_in(("done", "cancelled"))).exists())
    return q.where(PickTask.zone_id == zone, ~waiting)


def claim_next(uow: UnitOfWork, actor: Actor, *, warehouse_id: int | None = None,
               key: str | None = None) -> TaskView | None:
    """Give the picker the most urgent ready task that nobody else has (or the one they are on)."""
    actor.require(Permission.PICK)

    def work(uow: UnitOfWork) -> TaskView | None:
        mine = uow.session.execute(select(PickTask).where(
            PickTask.user_id == actor.user_id, PickTask.status.in_(ACTIVE))).scalars().first()
        if mine is not None:
            return view(uow, mine)
        q = _claimable(uow, actor)
        if warehouse_id is not None:
            q = q.where(PickTask.warehouse_id == warehouse_id)
        for _attempt in range(5):
            task_id = uow.session.execute(q.order_by(PickTask.priority, PickTask.id).limit(1)
                                          .with_for_update(skip_locked=True)).scalar_one_or_none()
            if task_id is None:
                return None
            won = uow.session.execute(update(PickTask).where(PickTask.id == task_id, PickTask.status == "ready")
                                      .values(status="assigned", user_id=actor.user_id, notice="",
                                              station_id=actor.station_id, assigned_at=uow.now()))
            if won.rowcount == 1:
                task = uow.session.get(PickTask, task_id)
                uow.session.refresh(task)
                commands.audit(uow, actor, "pick.task_claimed", "pick_task", task_id)
                return view(uow, task)
        return None

    return commands.run(uow, actor, key, "pick.claim", {"user": actor.user_id}, TaskView | None, work)


def check_double_fire(uow: UnitOfWork, actor: Actor, raw: str, at: datetime | None) -> None:
    """The station's last scan against this one (app/domain/picking.py says when two are one)."""
    if actor.station_id is None:
        return
    station = uow.session.get(Station, actor.station_id)
    now = uow.now()
    at = min(at, now) if at is not None else now
    walk.check_not_double(station.last_scan, station.last_scan_at, raw, at)
    uow.station_scan = (raw[:120], at)   # written on the station with the command's answer (commands.run)


def scan(uow: UnitOfWork, actor: Actor, task_id: int, code: ScannedCode | str, *, quantity: int = 1,
         key: str | None = None, at: datetime | None = None) -> ScanResult:
    """One scan in a pick task: a tote, the bin, or an item (quantity units at once).

    `code`: as the station's scan pipeline classified it (or text, classified here); `at`: when the scanner
    fired (the pipeline stamps each scan), defaults to now."""
    actor.require(Permission.PICK)
    check_quantity(quantity)
    code = read(code)

    def work(uow: UnitOfWork) -> ScanResult:
        task = held_task(uow, actor, task_id)
        if task.status not in ACTIVE:
            raise WrongScan(_("This task is finished."))
        check_double_fire(uow, actor, code.raw, at)
        slots, lines = _slots(uow, task), task_lines(uow, task)
        step, current = _step(task, slots, lines, _arriving(uow, task, slots))
        total = task.mode in TOTAL_MODES
        meaning = walk.read_scan(step, code, walk.units_of(code, quantity) if total else quantity)
        if isinstance(meaning, TakeTote):
            return _take_cart(uow, task, meaning) if total else _take_tote(uow, task, meaning)
        if isinstance(meaning, AtBin):
            if not meaning.already:
                task.at_location_id = current.location_id
                uow.session.flush()
            return ScanResult(meaning.message, view(uow, task))
        if total:
            return _take_total(uow, actor, task, meaning, current, slots, lines)
        return _take(uow, actor, task, meaning, step, current, slots, lines)

    return commands.run(uow, actor, key, "pick.scan", {"task": task_id, "code": code.raw, "quantity": quantity},
                        ScanResult, work)


def _take_tote(uow: UnitOfWork, task: PickTask, take: TakeTote) -> ScanResult:
    pto = uow.session.execute(select(PickTaskOrder).where(
        PickTaskOrder.task_id == task.id, PickTaskOrder.slot == take.slot)).scalar_one()
    tote = uow.session.get(Tote, take.tote, with_for_update=True)
    travelling = tote is not None and tote.status == "to_zone" and tote.order_id == pto.order_id
    if tote is not None and tote.status != "empty" and not travelling:
        raise WrongScan(_("Tote {tote} is in use for another order. Take an empty one.", tote=take.tote))
    if tote is None:
        tote = Tote(code=take.tote)
        uow.session.add(tote)
    tote.status, tote.order_id, tote.task_id, tote.updated_at = "picking", pto.order_id, task.id, uow.now()
    pto.tote = take.tote
    task.status = "picking"
    task.started_at = task.started_at or uow.now()
    uow.session.flush()
    return ScanResult(_("Tote {tote} is slot {slot}.", tote=take.tote, slot=take.slot), view(uow, task), take.slot,
                      take.tote)


def _empty_tote(uow: UnitOfWork, code: str) -> Tote:
    tote = uow.session.get(Tote, code, with_for_update=True)
    if tote is not None and tote.status != "empty":
        raise WrongScan(_("Tote {tote} is in use for another order. Take an empty one.", tote=code))
    if tote is None:
        tote = Tote(code=code)
        uow.session.add(tote)
    return tote


def _take_cart(uow: UnitOfWork, task: PickTask, take: TakeTote) -> ScanResult:
    """A singles or batch task's one cart: every order's units go into it (sorted or packed from it later)."""
    tote = _empty_tote(uow, take.tote)
    tote.status, tote.order_id, tote.task_id, tote.updated_at = "picking", None, task.id, uow.now()
    task.cart, task.status = take.tote, "picking"
    task.started_at = task.started_at or uow.now()
    uow.session.flush()
    return ScanResult(_("Cart {tote} is on. Go to the first bin.", tote=take.tote), view(uow, task), None, take.tote)


def _take_total(uow: UnitOfWork, actor: Actor, task: PickTask, take: Take, current: _Line, slots,
                lines: list[_Line]) -> ScanResult:
    """The units taken at a bin go to its orders' lines in walking order, each pick as a cluster pick is."""
    rows = [l.line for l in lines]
    for line, n in walk.share(walk.bin_group(lines, current), take.quantity):
        pick_units(uow, actor, task, line.line, n, zone_id=line.zone_id, order_id=line.order_id, lines=rows,
                   slots=slots)
    after = view(uow, task, slots, lines, can_undo=True)
    return ScanResult(_("{n} x {product} into the cart.", n=take.quantity, product=current.name), after, None,
                      task.cart or "")


def _take(uow: UnitOfWork, actor: Actor, task: PickTask, take: Take, step: PickStep, current: _Line, slots,
          lines: list[_Line]) -> ScanResult:
    pick_units(uow, actor, task, current.line, take.quantity, zone_id=current.zone_id, order_id=current.order_id,
               lines=[l.line for l in lines], slots=slots)
    after = view(uow, task, slots, lines, can_undo=True)   # the rows read above, changed in place
    return ScanResult(_("{n} x {product} into tote {slot}.", n=take.quantity, product=current.name, slot=step.slot),
                      after, step.slot, step.tote)


def pick_units(uow: UnitOfWork, actor: Actor, task: PickTask, line: PickLine, n: int, *,
               zone_id: int | None = None, order_id: int | None = None, lines: list[PickLine] | None = None,
               slots=None) -> None:
    """Move n reserved units from the bin to packing, against the line, its order line and reservation.

    The order line and reservation move by relative updates (`x = x + n`, their CHECK constraints hold them in
    range); the pick line is written outright, its task's row lock held. All of it in one round trip.
    """
    pack_id = special_location_id(uow, task.warehouse_id, "packing")
    entry_id = ledger.apply(uow, Move(seller_id=line.seller_id, product_id=line.product_id, quantity=n, reason="pick",
                                   from_location_id=line.location_id, to_location_id=pack_id, lot=line.lot,
                                   consumes_allocated=n, ref_type="pick_line", ref_id=line.id),
                            last=True)   # the packing row is every picker's: lock it only at the commit
    conn = uow.session.connection()
    if order_id is None:
        order_id = conn.execute(select(ORDER_LINES.c.order_id).where(ORDER_LINES.c.id == line.order_line_id)).scalar()
    zone = zone_id if zone_id is not None else uow.session.get(Location, line.location_id).zone_id
    picked = line.picked + n
    status = "done" if picked + line.short >= line.quantity else line.status
    PICK_WRITES.execute(conn, {
        "alloc_id": line.allocation_id, "ol_id": line.order_line_id, "n": n, "line_id": line.id,
        "line_picked": picked, "line_status": status, "e_task": task.id, "e_ledger": entry_id, "e_zone": zone,
        **activity.params(uow, "pick", task.warehouse_id, n, zone_id=zone, user_id=actor.user_id),
        **commands.audit_params(uow, actor, "pick.picked", "pick_line", line.id, {"quantity": n, "ledger_id": entry_id},
                                seller_id=line.seller_id, order_id=order_id)})
    set_committed_value(line, "picked", picked)   # written above: the loaded line says so, nothing to flush
    set_committed_value(line, "status", status)
    for model, ident in ((OrderLine, line.order_line_id), (Allocation, line.allocation_id)):
        loaded = uow.session.identity_map.get(identity_key(model, ident))
        if loaded is not None:  # the rows changed under it: read them again if asked
            uow.session.expire(loaded)
    task.status = "picking"
    if lines is None:
        finish_if_done(uow, actor, task)
    elif not any(l.status == "open" for l in lines):
        finish_if_done(uow, actor, task, slots=slots, all_done=True)


def finish_if_done(uow: UnitOfWork, actor: Actor, task: PickTask, *, slots=None, all_done: bool = False) -> None:
    """The task is done when no line is open (`all_done`: the caller has just seen that): totes to packing.

    `slots`: the task's slots as read in this transaction, when the caller has them."""
    if not all_done and _open_lines(uow, task):
        return
    task.status, task.finished_at, task.at_location_id = "done", uow.now(), None
    carried = False
    for pto, order in (_slots(uow, task) if slots is None else slots):
        lines = order.lines
        if pto.tote:
            tote = uow.session.get(Tote, pto.tote)
            has_units = any(l.quantity_picked > l.quantity_packed for l in lines)
            tote.status = ("to_zone" if task.mode == "zone" and _picked_elsewhere(uow, task, order)
                           else "to_pack" if has_units else "empty")
            tote.order_id = order.id if has_units else None
            tote.updated_at = uow.now()
        uow.session.flush()
        refresh_order_status(uow, order, picking=False, lines=lines, released=True)
        carried = carried or any(l.quantity_picked > l.quantity_packed for l in lines)
    if task.cart:   # a singles cart goes to the singles packers, a batch cart to the put wall
        tote = uow.session.get(Tote, task.cart)
        tote.status = ("to_pack" if task.mode == "singles" else "to_sort") if carried else "empty"
        tote.task_id, tote.updated_at = (task.id if carried else None), uow.now()
    commands.audit(uow, actor, "pick.task_done", "pick_task", task.id)


def _picked_elsewhere(uow: UnitOfWork, task: PickTask, order: Order) -> bool:
    """Zone picking: the order still has open lines in another zone's task (its tote travels there next)."""
    return uow.session.execute(select(PickLine.id).join(PickTask, PickTask.id == PickLine.task_id).join(
        OrderLine, OrderLine.id == PickLine.order_line_id).where(
        OrderLine.order_id == order.id, PickLine.status == "open", PickLine.task_id != task.id,
        PickTask.status.in_(("ready", *ACTIVE)))).first() is not None


def _reopen(uow: UnitOfWork, task: PickTask) -> None:
    """The last scan of a finished task is undone: the task and its totes are back on the cart."""
    task.status, task.finished_at = "picking", None
    for pto, order in _slots(uow, task):
        if pto.tote:
            tote = uow.session.get(Tote, pto.tote)
            if tote.status == "empty" or tote.order_id == order.id:
                tote.status, tote.order_id, tote.task_id = "picking", order.id, task.id
    if task.cart:
        tote = uow.session.get(Tote, task.cart)
        if tote.status == "empty" or tote.task_id == task.id:
            tote.status, tote.task_id = "picking", task.id


def undo_last(uow: UnitOfWork, actor: Actor, task_id: int, key: str | None = None) -> ScanResult:
    """Put the last picked unit(s) back: the reverse move in the ledger, the reservation restored."""
    actor.require(Permission.PICK)

    def work(uow: UnitOfWork) -> ScanResult:
        task = held_task(uow, actor, task_id)
        event = _last_event(uow, task)
        if event is None or task.status == "cancelled":
            raise WrongScan(_("Nothing to undo."))
        if task.status == "done":
            _reopen(uow, task)
        events = _events_of_scan(uow, task, event)
        for e in events:
            line = _undo_event(uow, actor, task, e)
        n = sum(e.quantity for e in events)
        product = uow.session.get(Product, line.product_id)
        return ScanResult(_("Undone: put {n} x {product} back in bin {bin}.", n=n,
                            product=product.name, bin=uow.session.get(Location, line.location_id).code),
                          view(uow, task))

    return commands.run(uow, actor, key, "pick.undo", {"task": task_id}, ScanResult, work)


def sorted_units(uow: UnitOfWork, order_line_id: int) -> int:
    """Units of an order line put into its slot at the put wall (and not taken back)."""
    return uow.session.execute(select(func.coalesce(func.sum(SortPut.quantity), 0)).where(
        SortPut.order_line_id == order_line_id, SortPut.undone.is_(False))).scalar_one()


def _events_of_scan(uow: UnitOfWork, task: PickTask, last: PickEvent) -> list[PickEvent]:
    """The last scan's picks: one in a cluster task; in a total pick one per order line its units went to."""
    if last.command_key is None or task.mode not in TOTAL_MODES:
        return [last]
    return list(uow.session.execute(select(PickEvent).where(
        PickEvent.task_id == task.id, PickEvent.undone.is_(False), PickEvent.command_key == last.command_key)
        .order_by(PickEvent.id.desc())).scalars())


def _undo_event(uow: UnitOfWork, actor: Actor, task: PickTask, event: PickEvent) -> PickLine:
    """One pick put back: the reverse move in the ledger, the reservation restored."""
    line = uow.session.get(PickLine, event.pick_line_id)
    order_line = uow.session.get(OrderLine, line.order_line_id, with_for_update=True)
    if order_line.quantity_picked - event.quantity < order_line.quantity_packed:
        raise WrongScan(_("Those units are already packed; they cannot be un-picked here."))
    if task.mode == "batch" and order_line.quantity_picked - event.quantity < sorted_units(uow, order_line.id):
        raise WrongScan(_("Those units are already in their slot at the put wall; they cannot be un-picked here."))
    pack = special_location(uow, task.warehouse_id, "packing")
    ledger.apply(uow, Move(seller_id=line.seller_id, product_id=line.product_id, quantity=event.quantity,
                           reason="unpick", from_location_id=pack.id, to_location_id=line.location_id,
                           lot=line.lot, ref_type="pick_line", ref_id=line.id))
    alloc = uow.session.get(Allocation, line.allocation_id)
    uow.session.execute(update(Stock).where(Stock.id == alloc.stock_id)
                        .values(allocated=Stock.allocated + event.quantity))
    alloc.quantity += event.quantity
    line.picked -= event.quantity
    line.status = "open"
    order_line.quantity_picked -= event.quantity
    order_line.quantity_allocated += event.quantity
    event.undone = True
    activity.count(uow, "pick", task.warehouse_id, -event.quantity, zone_id=event.zone_id, user_id=event.user_id)
    task.at_location_id = line.location_id
    uow.session.flush()
    commands.audit(uow, actor, "pick.undone", "pick_line", line.id, {"quantity": event.quantity},
                   seller_id=line.seller_id)
    return line


def reassign(uow: UnitOfWork, actor: Actor, task_id: int, badge: str | None, key: str | None = None) -> TaskView:
    """A supervisor gives a task to another picker (or back to the queue); the first picker is told."""
    actor.require(Permission.SUPERVISE)

    def work(uow: UnitOfWork) -> TaskView:
        task = uow.session.get(PickTask, task_id, with_for_update=True)
        if task is None:
            raise NotFound(_("No such pick task."))
        if task.status not in ("ready", *ACTIVE):
            raise DomainError(_("This task is {status}; it cannot be reassigned.", status=task.status))
        before = task.user_id
        if badge:
            user = uow.session.execute(select(User).where(User.badge == badge, User.active.is_(True))
                                       ).scalar_one_or_none()
            if user is None or user.role != "picker":
                raise DomainError(_("Badge {badge} is not an active picker.", badge=badge))
            busy = uow.session.execute(select(PickTask.id).where(
                PickTask.user_id == user.id, PickTask.status.in_(ACTIVE), PickTask.id != task.id)).first()
            if busy:
                raise DomainError(_("{name} is on another task already.", name=user.name))
            task.user_id, task.station_id, task.assigned_at = user.id, None, uow.now()
            task.status = "assigned" if task.status == "ready" else task.status
            task.notice = _("Given to you by a supervisor.")
        else:
            task.user_id, task.station_id, task.status = None, None, "ready"
            task.notice = _("Back in the queue: a supervisor took it off the picker.")
        task.at_location_id = None
        commands.audit(uow, actor, "pick.task_reassigned", "pick_task", task.id,
                       {"from_user": before, "to_badge": badge})
        return view(uow, task)

    return commands.run(uow, actor, key, "pick.reassign", {"task": task_id, "badge": badge}, TaskView, work)


@dataclass(frozen=True)
class TaskCheck:
    """What the picker's screen polls: is the task still mine, and what did the supervisor say."""

    mine: bool
    status: str
    message: str


def check_task(uow: UnitOfWork, actor: Actor, task_id: int) -> TaskCheck:
    with uow.reading() as uow:
        task = uow.session.get(PickTask, task_id)
        if task is None:
            return TaskCheck(False, "gone", _("This task no longer exists."))
        if task.user_id == actor.user_id:
            return TaskCheck(True, task.status, task.notice)
        holder = uow.session.get(User, task.user_id).name if task.user_id else None
        return TaskCheck(False, task.status, _("This task was reassigned to {name}.", name=holder) if holder
                         else _("This task was taken off you by a supervisor."))
