"""A seller's orders, returns and inbounds page by page: keyset pagination on (updated_at, id).

A page is `WHERE (updated_at, id) > (last seen) ORDER BY updated_at, id LIMIT n`: an index range scan
whatever page it is (no OFFSET that reads and drops every earlier row), and nothing is skipped when rows
change between pages: a changed row moves to the end, where the reader meets it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select, tuple_

from app.db.models import Inbound, Order, Rma, Warehouse
from app.db.uow import UnitOfWork
from app.domain.orders import as_utc
from app.domain.roles import Actor, Permission

MAX_LIMIT = 200


@dataclass(frozen=True)
class Position:
    """Where a page ended: the last row's (updated_at, id)."""

    updated_at: datetime
    id: int


@dataclass(frozen=True)
class OrderSummary:
    id: int
    external_ref: str
    status: str
    warehouse: str
    service_level: str
    ship_by: datetime
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class ReturnSummary:
    id: int
    number: str
    order_id: int
    status: str
    warehouse: str
    unexpected: bool
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True)
class InboundSummary:
    id: int
    number: str
    reference: str
    status: str
    warehouse: str
    expected_at: datetime | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True)
class Listed:
    items: tuple
    last: Position | None   # None: this was the last page


def page_of(uow: UnitOfWork, actor: Actor, model, query: Select, *, status: str | None, updated_since: datetime | None,
            after: Position | None, limit: int) -> tuple[list, Position | None]:
    """One keyset page of `query` (rows whose first entity is `model`: it has seller_id, status, updated_at,
    id): the seller's own rows only, or all of them for a supervisor. The next lists build on this."""
    if actor.kind == "seller":
        query = query.where(model.seller_id == actor.seller_id)
    else:
        actor.require(Permission.SUPERVISE)
    if status is not None:
        query = query.where(model.status == status)
    if updated_since is not None:
        query = query.where(model.updated_at >= as_utc(updated_since))
    if after is not None:
        query = query.where(tuple_(model.updated_at, model.id) > tuple_(after.updated_at, after.id))
    limit = max(1, min(limit, MAX_LIMIT))
    rows = list(uow.session.execute(query.order_by(model.updated_at, model.id).limit(limit + 1)).all())
    more = len(rows) > limit
    rows = rows[:limit]
    last = Position(rows[-1][0].updated_at, rows[-1][0].id) if more else None
    return rows, last


def orders(uow: UnitOfWork, actor: Actor, *, status: str | None = None, updated_since: datetime | None = None,
           after: Position | None = None, limit: int = 50) -> Listed:
    """The seller's orders changed since `updated_since` (and with `status`), oldest change first."""
    with uow.reading() as uow:
        q = select(Order, Warehouse.code).join(Warehouse, Warehouse.id == Order.warehouse_id)
        rows, last = page_of(uow, actor, Order, q, status=status, updated_since=updated_since, after=after, limit=limit)
        return Listed(tuple(OrderSummary(o.id, o.external_ref, o.status, wh, o.service_level, o.ship_by, o.created_at,
                                         o.updated_at) for o, wh in rows), last)


def returns(uow: UnitOfWork, actor: Actor, *, status: str | None = None, updated_since: datetime | None = None,
            after: Position | None = None, limit: int = 50) -> Listed:
    """The seller's returns (RMAs), oldest change first."""
    with uow.reading() as uow:
        q = select(Rma, Warehouse.code).join(Warehouse, Warehouse.id == Rma.warehouse_id)
        rows, last = page_of(uow, actor, Rma, q, status=status, updated_since=updated_since, after=after, limit=limit)
        return Listed(tuple(ReturnSummary(r.id, r.number, r.order_id, r.status, wh, r.unexpected, r.created_at,
                                          r.updated_at, r.closed_at) for r, wh in rows), last)


def inbounds(uow: UnitOfWork, actor: Actor, *, status: str | None = None, updated_since: datetime | None = None,
             after: Position | None = None, limit: int = 50) -> Listed:
    """The seller's announced inbound shipments, oldest change first."""
    with uow.reading() as uow:
        q = select(Inbound, Warehouse.code).join(Warehouse, Warehouse.id == Inbound.warehouse_id)
        rows, last = page_of(uow, actor, Inbound, q, status=status, updated_since=updated_since, after=after,
                           limit=limit)
        return Listed(tuple(InboundSummary(i.id, i.number, i.reference, i.status, wh, i.expected_at, i.created_at,
                                           i.updated_at, i.closed_at) for i, wh in rows), last)
