"""Cycle counts: blind counts of one bin (from short picks, a schedule or by hand). A variance within
tolerance is booked at once; a bigger one is counted again, then needs a supervisor's approval."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from app.db import ledger
from app.db.ledger import Move
from app.db.models import Allocation, CountLine, CountTask, Location, PickLine, Product, Seller, Stock
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError, InvalidInput, NotFound, WrongScan
from app.domain.roles import Actor, Permission
from app.domain.scanning import classify, matches
from app.i18n import _
from app.services import commands
from app.services.catalog import location_by_code, warehouse_by_code
from app.services.commands import audit
from app.services.exceptions import close_open, open_count, open_exception
from app.services.short_pick import release_line


@dataclass(frozen=True)
class CountView:
    task_id: int
    bin: str
    round: int
    status: str
    reason: str
    message: str


@dataclass(frozen=True)
class CountEntry:
    seller: str
    sku: str
    quantity: int
    lot: str = ""


@dataclass(frozen=True)
class Variance:
    seller: str
    sku: str
    lot: str
    expected: int
    counted: int


@dataclass(frozen=True)
class CountResult:
    task_id: int
    status: str
    message: str
    variances: tuple[Variance, ...]


def _view(uow: UnitOfWork, task: CountTask, message: str = "") -> CountView:
    return CountView(task.id, uow.session.get(Location, task.location_id).code, task.round + 1, task.status,
                     task.reason, message or _("Count everything in bin {bin}.",
                                               bin=uow.session.get(Location, task.location_id).code))


def create(uow: UnitOfWork, actor: Actor, location: str, key: str | None = None) -> CountView:
    """A supervisor asks for a count of one bin."""
    actor.require(Permission.SUPERVISE)

    def work(uow: UnitOfWork) -> CountView:
        loc = location_by_code(uow, location)
        return _view(uow, open_count(uow, actor, loc.id, "manual", {}))

    return commands.run(uow, actor, key, "count.create", {"location": location}, CountView, work)


def schedule(uow: UnitOfWork, actor: Actor, warehouse: str, every_days: int, *, limit: int = 50,
             key: str | None = None) -> int:
    """Count tasks for the bins not counted in `every_days` days (oldest first), at most `limit`."""
    actor.require(Permission.SUPERVISE, Permission.SYSTEM)
    if not 1 <= every_days <= 365 or not 1 <= limit <= 1000:
        raise InvalidInput(_("Every 1-365 days, 1-1000 bins at a time."), {"every_days": "1-365"})

    def work(uow: UnitOfWork) -> int:
        wh = warehouse_by_code(uow, warehouse)
        last = select(CountTask.location_id, func.max(CountTask.created_at).label("at")).group_by(
            CountTask.location_id).subquery()
        due = uow.session.execute(
            select(Location.id).outerjoin(last, last.c.location_id == Location.id)
            .where(Location.warehouse_id == wh.id, Location.kind == "pick", Location.active.is_(True),
                   (last.c.at.is_(None)) | (last.c.at < uow.now() - timedelta(days=every_days)))
            .order_by(last.c.at.is_not(None), last.c.at, Location.pick_sequence).limit(limit)).scalars().all()
        for loc_id in due:
            open_count(uow, actor, loc_id, "schedule", {"every_days": every_days})
        return len(due)

    return commands.run(uow, actor, key, "count.schedule", {"wh": warehouse, "days": every_days, "limit": limit},
                        int, work)


def next_count(uow: UnitOfWork, actor: Actor, key: str | None = None) -> CountView | None:
    """The next bin to count (a recount first); the counter never sees the expected quantities."""
    actor.require(Permission.COUNT)

    def work(uow: UnitOfWork) -> CountView | None:
        task = uow.session.execute(select(CountTask).where(
            CountTask.status.in_(("open", "recount")),
            (CountTask.user_id.is_(None)) | (CountTask.user_id == actor.user_id))
            .order_by(CountTask.status.desc(), CountTask.id).limit(1).with_for_update(skip_locked=True)
        ).scalars().first()
        if task is None:
            return None
        task.user_id = actor.user_id
        return _view(uow, task)

    return commands.run(uow, actor, key, "count.next", {"user": actor.user_id}, CountView | None, work)


@dataclass(frozen=True)
class Candidate:
    seller: str
    sku: str
    name: str
    lot: str


def identify(uow: UnitOfWork, actor: Actor, task_id: int, raw: str) -> list[Candidate]:
    """What a scanned unit in the bin is (a GTIN two sellers share gives both: the counter picks)."""
    actor.require(Permission.COUNT)
    code = classify(raw)
    if not code.ok:
        raise WrongScan(code.message)
    with uow.reading() as uow:
        task = uow.session.get(CountTask, task_id)
        if task is None:
            raise NotFound(_("No such count."))
        here = {(s.seller_id, s.product_id) for s in uow.session.execute(select(Stock).where(
            Stock.location_id == task.location_id)).scalars()}
        rows = [(p, uow.session.get(Seller, p.seller_id)) for p in uow.session.execute(select(Product)).scalars()
                if matches(p, code)]
        rows.sort(key=lambda r: (r[0].seller_id, r[0].id) not in here)  # what the books say is here first
        if not rows:
            raise WrongScan(_("No product has that code."))
        return [Candidate(s.code, p.sku, p.name, code.lot or "") for p, s in rows]


def _expected(uow: UnitOfWork, location_id: int) -> dict[tuple[int, int, str], int]:
    return {(s.seller_id, s.product_id, s.lot): s.quantity for s in uow.session.execute(select(Stock).where(
        Stock.location_id == location_id, Stock.quantity > 0)).scalars()}


def submit(uow: UnitOfWork, actor: Actor, task_id: int, entries: list[CountEntry], *, tolerance: int = 0,
           key: str | None = None) -> CountResult:
    """The counter's totals for the bin. Within tolerance: booked now. Else: recount, then the supervisor."""
    actor.require(Permission.COUNT)
    for e in entries:
        if isinstance(e.quantity, bool) or not isinstance(e.quantity, int) or e.quantity < 0:
            raise InvalidInput(_("Counts are whole numbers, 0 or more."), {e.sku: "0 or more"})

    def work(uow: UnitOfWork) -> CountResult:
        task = uow.session.get(CountTask, task_id, with_for_update=True)
        if task is None or task.status not in ("open", "recount"):
            raise DomainError(_("This count is not waiting for a count."))
        expected = _expected(uow, task.location_id)
        counted: dict[tuple[int, int, str], int] = {}
        for e in entries:
            seller = uow.session.execute(select(Seller).where(Seller.code == e.seller)).scalar_one_or_none()
            product = seller and uow.session.execute(select(Product).where(
                Product.seller_id == seller.id, Product.sku == e.sku)).scalar_one_or_none()
            if product is None:
                raise InvalidInput(_("{seller} has no product {sku}.", seller=e.seller, sku=e.sku), {e.sku: "unknown"})
            k = (seller.id, product.id, e.lot)
            counted[k] = counted.get(k, 0) + e.quantity
        task.round += 1
        for k in set(expected) | set(counted):
            uow.session.add(CountLine(task_id=task.id, round=task.round, seller_id=k[0], product_id=k[1], lot=k[2],
                                      counted=counted.get(k, 0), expected=expected.get(k, 0), user_id=actor.user_id,
                                      at=uow.now()))
        uow.session.flush()
        variances = _variances(uow, task)
        worst = max((abs(v.counted - v.expected) for v in variances), default=0)
        if worst <= tolerance:
            _book(uow, actor, task, _("Counted within tolerance."))
            message = _("Thank you: bin counted.")
        elif task.round == 1:
            task.status, task.user_id = "recount", None
            message = _("Count again, please: the bin needs a second count.")
        else:
            task.status = "review"
            open_exception(uow, actor, "count_variance",
                           _("Bin {bin}: two counts differ from the books ({n} products).",
                             bin=uow.session.get(Location, task.location_id).code, n=len(variances)),
                           location_id=task.location_id, count_task_id=task.id,
                           detail={"variances": [v.__dict__ for v in variances]})
            message = _("Thank you: a supervisor will check this bin.")
        audit(uow, actor, "count.submitted", "count", task.id, {"round": task.round, "status": task.status})
        return CountResult(task.id, task.status, message, ())  # the counter is not shown the books

    return commands.run(uow, actor, key, "count.submit", {"task": task_id, "entries": entries}, CountResult, work)


def _variances(uow: UnitOfWork, task: CountTask) -> tuple[Variance, ...]:
    rows = uow.session.execute(select(CountLine, Product, Seller).join(Product, Product.id == CountLine.product_id)
                               .join(Seller, Seller.id == CountLine.seller_id)
                               .where(CountLine.task_id == task.id, CountLine.round == task.round)).all()
    return tuple(Variance(s.code, p.sku, c.lot, c.expected, c.counted) for c, p, s in rows if c.counted != c.expected)


def _book(uow: UnitOfWork, actor: Actor, task: CountTask, resolution: str) -> None:
    """Adjust the ledger by what the last round found against the books at that moment."""
    rows = uow.session.execute(select(CountLine).where(CountLine.task_id == task.id,
                                                       CountLine.round == task.round)).scalars().all()
    for c in rows:
        delta = c.counted - c.expected
        if delta > 0:
            ledger.apply(uow, Move(seller_id=c.seller_id, product_id=c.product_id, quantity=delta, reason="count",
                                   to_location_id=task.location_id, lot=c.lot, ref_type="count", ref_id=task.id))
        elif delta < 0:
            _free_up(uow, task.location_id, c, -delta)
            ledger.apply(uow, Move(seller_id=c.seller_id, product_id=c.product_id, quantity=-delta, reason="count",
                                   from_location_id=task.location_id, lot=c.lot, ref_type="count", ref_id=task.id))
    task.status, task.closed_at, task.resolution = "done", uow.now(), resolution[:300]
    close_open(uow, actor, _("Bin counted: {note}", note=resolution), count_task_id=task.id)


def _free_up(uow: UnitOfWork, location_id: int, c: CountLine, units: int) -> None:
    """Units that are not there cannot stay reserved: the orders holding them look elsewhere or wait."""
    stock = uow.session.execute(select(Stock).where(
        Stock.location_id == location_id, Stock.seller_id == c.seller_id, Stock.product_id == c.product_id,
        Stock.lot == c.lot).with_for_update()).scalar_one_or_none()
    if stock is None:
        return
    uow.session.refresh(stock)
    short = units - (stock.quantity - stock.allocated)
    for alloc in uow.session.execute(select(Allocation).where(Allocation.stock_id == stock.id, Allocation.quantity > 0)
                                     .order_by(Allocation.id.desc())).scalars():
        if short <= 0:
            break
        n = min(short, alloc.quantity)
        line = uow.session.execute(select(PickLine).where(PickLine.allocation_id == alloc.id)).scalar_one_or_none()
        if line is not None:
            release_line(uow, line, n)
        short -= n


def approve(uow: UnitOfWork, actor: Actor, task_id: int, reason: str, key: str | None = None) -> CountResult:
    """The supervisor accepts the last count: the ledger is adjusted, with the reason."""
    actor.require(Permission.SUPERVISE)
    if not (reason or "").strip():
        raise InvalidInput(_("Say why the books change."), {"reason": "required"})

    def work(uow: UnitOfWork) -> CountResult:
        task = uow.session.get(CountTask, task_id, with_for_update=True)
        if task is None or task.status != "review":
            raise DomainError(_("This count is not waiting for approval."))
        variances = _variances(uow, task)
        task.approved_by = actor.user_id
        _book(uow, actor, task, reason)
        audit(uow, actor, "count.approved", "count", task.id, {"reason": reason,
                                                               "variances": [v.__dict__ for v in variances]})
        return CountResult(task.id, task.status, _("Books adjusted."), variances)

    return commands.run(uow, actor, key, "count.approve", {"task": task_id, "reason": reason}, CountResult, work)


def reject(uow: UnitOfWork, actor: Actor, task_id: int, reason: str, key: str | None = None) -> CountResult:
    """The supervisor does not trust the counts: the bin is counted again."""
    actor.require(Permission.SUPERVISE)

    def work(uow: UnitOfWork) -> CountResult:
        task = uow.session.get(CountTask, task_id, with_for_update=True)
        if task is None or task.status != "review":
            raise DomainError(_("This count is not waiting for approval."))
        task.status, task.user_id = "recount", None
        audit(uow, actor, "count.rejected", "count", task.id, {"reason": reason})
        return CountResult(task.id, task.status, _("The bin will be counted again."), _variances(uow, task))

    return commands.run(uow, actor, key, "count.reject", {"task": task_id, "reason": reason}, CountResult, work)


def review(uow: UnitOfWork, actor: Actor, task_id: int) -> CountResult:
    """What a supervisor sees before approving: the last round against the books."""
    actor.require(Permission.SUPERVISE)
    with uow.reading() as uow:
        task = uow.session.get(CountTask, task_id)
        if task is None:
            raise NotFound(_("No such count."))
        return CountResult(task.id, task.status, task.resolution, _variances(uow, task))


@dataclass(frozen=True)
class CountReview:
    task_id: int
    bin: str
    reason: str
    round: int
    variances: tuple[Variance, ...]


def in_review(uow: UnitOfWork, actor: Actor, limit: int = 100) -> list[CountReview]:
    """Counts waiting for a supervisor: the last round against the books, bin by bin."""
    actor.require(Permission.SUPERVISE)
    with uow.reading() as uow:
        tasks = uow.session.execute(select(CountTask).where(CountTask.status == "review").order_by(CountTask.id)
                                    .limit(limit)).scalars().all()
        return [CountReview(t.id, uow.session.get(Location, t.location_id).code, t.reason, t.round,
                            _variances(uow, t)) for t in tasks]
