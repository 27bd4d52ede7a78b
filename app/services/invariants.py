"""What must always be true (DOMAIN.md), checked against the database. Empty list = all good."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, literal, select, union_all

from app.db.models import (
    Allocation,
    AuditEntry,
    LedgerEntry,
    Location,
    Order,
    OrderLine,
    Product,
    ReturnUnit,
    Rma,
    SortPut,
    Stock,
)
from app.db.uow import UnitOfWork

Check = Callable[[UnitOfWork], list[str]]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    CHECKS.append(fn)
    return fn


def _signed_ledger():
    """Every ledger row as +quantity at its destination and -quantity at its source."""
    key = (LedgerEntry.seller_id, LedgerEntry.product_id, LedgerEntry.lot)
    ins = select(*key, LedgerEntry.to_location_id.label("location_id"),
                 LedgerEntry.quantity.label("delta"), LedgerEntry.id.label("seq")
                 ).where(LedgerEntry.to_location_id.is_not(None))
    outs = select(*key, LedgerEntry.from_location_id.label("location_id"),
                  (literal(0) - LedgerEntry.quantity).label("delta"), LedgerEntry.id.label("seq")
                  ).where(LedgerEntry.from_location_id.is_not(None))
    return union_all(ins, outs).subquery("signed")


@check
def on_hand_equals_ledger(uow: UnitOfWork) -> list[str]:
    s = _signed_ledger()
    sums = select(s.c.seller_id, s.c.product_id, s.c.location_id, s.c.lot,
                  func.sum(s.c.delta).label("net")).group_by(
        s.c.seller_id, s.c.product_id, s.c.location_id, s.c.lot).subquery("sums")
    problems = []
    rows = uow.session.execute(select(Stock.id, Stock.quantity, sums.c.net).outerjoin(sums, (
        (sums.c.seller_id == Stock.seller_id) & (sums.c.product_id == Stock.product_id)
        & (sums.c.location_id == Stock.location_id) & (sums.c.lot == Stock.lot)))).all()
    for stock_id, qty, net in rows:
        if qty != (net or 0):
            problems.append(f"stock row {stock_id}: on-hand {qty} but the ledger sums to {net or 0}")
    orphans = uow.session.execute(select(sums).where(sums.c.net != 0).where(~select(Stock.id).where(
        (Stock.seller_id == sums.c.seller_id) & (Stock.product_id == sums.c.product_id)
        & (Stock.location_id == sums.c.location_id) & (Stock.lot == sums.c.lot)).exists())).all()
    problems += [f"ledger holds {r.net} units with no stock row: {tuple(r)}" for r in orphans]
    return problems


@check
def never_negative(uow: UnitOfWork) -> list[str]:
    s = _signed_ledger()
    running = select(
        s.c.seq, s.c.location_id,
        func.sum(s.c.delta).over(
            partition_by=(s.c.seller_id, s.c.product_id, s.c.location_id, s.c.lot),
            order_by=(s.c.seq, s.c.delta.desc())).label("balance"),
    ).subquery("running")
    rows = uow.session.execute(select(running).where(running.c.balance < 0).limit(20)).all()
    return [f"ledger row {r.seq}: balance at location {r.location_id} went to {r.balance}"
            for r in rows]


@check
def stock_never_negative(uow: UnitOfWork) -> list[str]:
    rows = uow.session.execute(select(Stock.id, Stock.quantity, Stock.allocated).where(
        (Stock.quantity < 0) | (Stock.allocated < 0) | (Stock.allocated > Stock.quantity))).all()
    return [f"stock row {r.id}: quantity {r.quantity}, allocated {r.allocated}" for r in rows]


@check
def line_quantities_in_order(uow: UnitOfWork) -> list[str]:
    L = OrderLine
    rows = uow.session.execute(select(L.id, L.quantity, L.quantity_picked, L.quantity_packed,
                                      L.quantity_shipped, L.quantity_allocated).where(
        (L.quantity_shipped > L.quantity_packed) | (L.quantity_packed > L.quantity_picked)
        | (L.quantity_picked > L.quantity) | (L.quantity_shipped < 0)
        | (L.quantity_allocated + L.quantity_picked > L.quantity))).all()
    return [f"order line {r.id}: ordered {r.quantity}, picked {r.quantity_picked}, packed "
            f"{r.quantity_packed}, shipped {r.quantity_shipped}, allocated {r.quantity_allocated}"
            for r in rows]


@check
def sorted_at_most_picked(uow: UnitOfWork) -> list[str]:
    """A put wall holds only picked units: per order line, units sorted into its slot <= units picked; and a
    put is for the order its line belongs to."""
    put = (select(SortPut.order_line_id, func.sum(SortPut.quantity).label("n")).where(SortPut.undone.is_(False))
           .group_by(SortPut.order_line_id).subquery())
    over = uow.session.execute(select(OrderLine.id, OrderLine.quantity_picked, put.c.n)
                               .join(put, put.c.order_line_id == OrderLine.id)
                               .where(put.c.n > OrderLine.quantity_picked)).all()
    wrong = uow.session.execute(select(SortPut.id).join(OrderLine, OrderLine.id == SortPut.order_line_id)
                                .where(OrderLine.order_id != SortPut.order_id)).scalars().all()
    return ([f"order line {i}: {n} units sorted but {p} picked" for i, p, n in over]
            + [f"sort put {i} names another order than its line's" for i in wrong])


@check
def one_seller_everywhere(uow: UnitOfWork) -> list[str]:
    problems = []
    for name, model in (("stock", Stock), ("ledger", LedgerEntry), ("order line", OrderLine)):
        rows = uow.session.execute(select(model.id).join(Product, Product.id == model.product_id)
                                   .where(Product.seller_id != model.seller_id)).all()
        problems += [f"{name} {r.id} names a product of another seller" for r in rows]
    rows = uow.session.execute(select(OrderLine.id).join(Order, Order.id == OrderLine.order_id)
                               .where(Order.seller_id != OrderLine.seller_id)).all()
    problems += [f"order line {r.id} belongs to another seller's order" for r in rows]
    rows = uow.session.execute(
        select(Allocation.id).join(Stock, Stock.id == Allocation.stock_id)
        .join(OrderLine, OrderLine.id == Allocation.order_line_id)
        .where((Stock.seller_id != OrderLine.seller_id) | (Stock.product_id != OrderLine.product_id))
    ).all()
    problems += [f"allocation {r.id} reserves another seller's or product's stock" for r in rows]
    return problems


@check
def reservations_add_up(uow: UnitOfWork) -> list[str]:
    per_stock = select(Allocation.stock_id, func.sum(Allocation.quantity).label("n")).group_by(
        Allocation.stock_id).subquery()
    rows = uow.session.execute(select(Stock.id, Stock.allocated, per_stock.c.n).outerjoin(
        per_stock, per_stock.c.stock_id == Stock.id).where(
        Stock.allocated != func.coalesce(per_stock.c.n, 0))).all()
    problems = [f"stock row {r.id}: allocated {r.allocated} but reservations sum to {r.n or 0}"
                for r in rows]
    per_line = select(Allocation.order_line_id, func.sum(Allocation.quantity).label("n")).group_by(
        Allocation.order_line_id).subquery()
    rows = uow.session.execute(select(OrderLine.id, OrderLine.quantity_allocated, per_line.c.n)
                               .outerjoin(per_line, per_line.c.order_line_id == OrderLine.id).where(
        OrderLine.quantity_allocated != func.coalesce(per_line.c.n, 0))).all()
    problems += [f"order line {r.id}: allocated {r.quantity_allocated} but reservations sum to "
                 f"{r.n or 0}" for r in rows]
    return problems


@check
def every_returned_unit_has_one_disposition(uow: UnitOfWork) -> list[str]:
    """Units of closed returns are all decided and done; a decided unit sits where its decision sent it."""
    rows = uow.session.execute(select(ReturnUnit.id, Rma.number, ReturnUnit.status, ReturnUnit.disposition)
                               .join(Rma, Rma.id == ReturnUnit.rma_id)
                               .where(Rma.status == "closed", (ReturnUnit.status != "done")
                                      | ReturnUnit.disposition.is_(None))).all()
    problems = [f"unit {r.id} of closed {r.number} is {r.status} with disposition {r.disposition}" for r in rows]
    returns_desks = select(Location.id).where(Location.kind == "returns")
    moves = uow.session.execute(
        select(LedgerEntry.ref_id, func.count(LedgerEntry.id)).where(
            LedgerEntry.ref_type == "return_unit", LedgerEntry.from_location_id.in_(returns_desks))
        .group_by(LedgerEntry.ref_id).having(func.count(LedgerEntry.id) > 1)).all()
    problems += [f"returned unit {ref} was moved out of returns {n} times" for ref, n in moves]
    crossed = uow.session.execute(
        select(LedgerEntry.id).join(ReturnUnit, ReturnUnit.id == LedgerEntry.ref_id)
        .where(LedgerEntry.ref_type == "return_unit", LedgerEntry.seller_id != ReturnUnit.seller_id)).all()
    problems += [f"ledger row {r.id} moved a returned unit into another seller's stock" for r in crossed]
    return problems


@check
def every_order_has_its_lines(uow: UnitOfWork) -> list[str]:
    """As many lines as the order came with (its `order.accepted` audit row says how many), numbered 1..n:
    an order with fewer lost rows (a partial restore, a file copied while written, a bad hand edit)."""
    counts = select(OrderLine.order_id, func.count(OrderLine.id).label("n"),
                    func.max(OrderLine.line_no).label("last")).group_by(OrderLine.order_id).subquery()
    accepted = select(AuditEntry.order_id, AuditEntry.detail["lines"].as_integer().label("came_with")).where(
        AuditEntry.action == "order.accepted").subquery()
    rows = uow.session.execute(
        select(Order.id, counts.c.n, counts.c.last, accepted.c.came_with)
        .outerjoin(counts, counts.c.order_id == Order.id).outerjoin(accepted, accepted.c.order_id == Order.id)
        .where(counts.c.n.is_(None) | (counts.c.n != counts.c.last)
               | (accepted.c.came_with.is_not(None) & (func.coalesce(counts.c.n, 0) != accepted.c.came_with)))
    ).all()
    return [f"order {r.id} has {r.n or 0} line(s) but came with {r.came_with or r.last or 'some'}" for r in rows]


@check
def foreign_keys_hold(uow: UnitOfWork) -> list[str]:
    """Every row points at a row that exists (PostgreSQL enforces it always; a SQLite file copied or edited
    outside Floor may not)."""
    if uow.dialect != "sqlite":
        return []
    rows = uow.session.connection().exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    return [f"{table} row {rowid} points at a missing {parent} row" for table, rowid, parent, _fk in rows[:50]]


def violations(uow: UnitOfWork) -> list[str]:
    """Run every registered check in one read transaction."""
    with uow.reading() as uow:
        return [p for fn in CHECKS for p in fn(uow)]
