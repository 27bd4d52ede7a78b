"""The one way stock changes: a conditional update of the balance plus an immutable ledger row.

`UPDATE stock SET quantity = quantity - n WHERE ... AND quantity - allocated >= n` either takes the
units or changes nothing, on SQLite and PostgreSQL alike; no read-then-write, so no oversell.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.db.models import LedgerEntry, Stock
from app.db.together import Together
from app.db.uow import UnitOfWork
from app.domain.errors import OutOfStock

STOCK = Stock.__table__
LEDGER = LedgerEntry.__table__


@dataclass(frozen=True)
class Move:
    """Units of one seller's product (and lot) leaving one location and/or arriving at another."""

    seller_id: int
    product_id: int
    quantity: int
    reason: str
    from_location_id: int | None = None
    to_location_id: int | None = None
    lot: str = ""
    expiry: date | None = None
    # units of the source row's reservation this move consumes (a pick of allocated stock)
    consumes_allocated: int = 0
    note: str = ""
    ref_type: str | None = None
    ref_id: int | None = None


_t = STOCK.c
# built once: constructing a statement costs more than running it (bind values change, the SQL does not)
TAKE = (update(STOCK)
        .where(_t.seller_id == bindparam("s"), _t.product_id == bindparam("p"), _t.location_id == bindparam("loc"),
               _t.lot == bindparam("the_lot"), _t.quantity - _t.allocated >= bindparam("free"),
               _t.allocated >= bindparam("r"), _t.quantity >= bindparam("n"))
        .values(quantity=_t.quantity - bindparam("n"), allocated=_t.allocated - bindparam("r")))
LEDGER_ROW = insert(LEDGER).returning(LEDGER.c.id)
_PUT: dict[str, object] = {}


def _put_statement(dialect: str):
    if dialect not in _PUT:
        make = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = make(STOCK).values(seller_id=bindparam("s"), product_id=bindparam("p"), location_id=bindparam("to"),
                                  lot=bindparam("the_lot"), expiry=bindparam("the_expiry"), quantity=bindparam("n"),
                                  allocated=0)
        _PUT[dialect] = stmt.on_conflict_do_update(
            index_elements=["seller_id", "product_id", "location_id", "lot"],
            set_={"quantity": STOCK.c.quantity + stmt.excluded.quantity})
    return _PUT[dialect]


# a move between two locations in one round trip: the put, then the conditional take, whose rowcount decides
PUT_AND_TAKE = Together(lambda dialect: (_put_statement(dialect), TAKE))


def _params(move: Move) -> dict:
    n, reserved = move.quantity, move.consumes_allocated
    return {"s": move.seller_id, "p": move.product_id, "loc": move.from_location_id, "to": move.to_location_id,
            "the_lot": move.lot, "the_expiry": move.expiry, "free": n - reserved, "r": reserved, "n": n}


def _taken(result, move: Move) -> None:
    if result.rowcount != 1:
        raise OutOfStock("Not enough stock there for this.", needed=move.quantity)


def take(uow: UnitOfWork, move: Move) -> None:
    """Remove units from the source row, or raise OutOfStock and change nothing."""
    _taken(uow.session.connection().execute(TAKE, _params(move)), move)


def put(uow: UnitOfWork, move: Move) -> None:
    """Add units to the destination row, creating it when it is the first of its kind there."""
    uow.session.connection().execute(_put_statement(uow.dialect), _params(move))


def move_stock(uow: UnitOfWork, move: Move) -> None:
    """Take from the source row and put into the destination, or raise OutOfStock (the caller's
    transaction then rolls back, the put with it)."""
    if move.from_location_id is not None and move.to_location_id not in (None, move.from_location_id):
        _taken(PUT_AND_TAKE.execute(uow.session.connection(), _params(move)), move)
        return
    if move.from_location_id is not None:   # one side only, or both the same row: one after the other
        take(uow, move)
    if move.to_location_id is not None:
        put(uow, move)


def apply(uow: UnitOfWork, move: Move, *, last: bool = False) -> int:
    """Apply one move and append its ledger row, in the caller's transaction; returns the row's id.

    `last`: the stock rows change at the end of the transaction, just before it commits (see
    UnitOfWork.at_the_end): for moves into rows every station shares, such as a product at packing. The
    move still happens in full or not at all: if the source is short then, the whole command rolls back.
    """
    if move.quantity <= 0:
        raise ValueError("a move carries at least one unit")
    uow.session.flush()  # the ORM's pending changes go first: the ledger row follows them in the transaction

    if last:
        uow.at_the_end(lambda: move_stock(uow, move))
    else:
        move_stock(uow, move)
    return uow.session.connection().execute(LEDGER_ROW, {
        "at": uow.now(), "seller_id": move.seller_id, "product_id": move.product_id, "lot": move.lot,
        "from_location_id": move.from_location_id, "to_location_id": move.to_location_id,
        "quantity": move.quantity, "reason": move.reason, "note": move.note, "user_id": uow.user_id,
        "station_id": uow.station_id, "command_key": uow.command_key, "ref_type": move.ref_type,
        "ref_id": move.ref_id}).scalar_one()


def on_hand(uow: UnitOfWork, seller_id: int, product_id: int, location_id: int, lot: str = "") -> int:
    row = uow.session.execute(
        select(Stock.quantity).where(
            Stock.seller_id == seller_id, Stock.product_id == product_id,
            Stock.location_id == location_id, Stock.lot == lot,
        )
    ).scalar_one_or_none()
    return row or 0


def put_many(uow: UnitOfWork, moves: list[Move]) -> None:
    """Many moves INTO locations (opening stock, a bulk receipt): every balance and every ledger row with one
    statement each, in the caller's transaction. Nothing is taken, so nothing can go short."""
    if any(m.quantity <= 0 or m.from_location_id is not None or m.to_location_id is None for m in moves):
        raise ValueError("put_many takes moves of at least one unit into a location, from nowhere")
    if not moves:
        return
    uow.session.flush()
    conn = uow.session.connection()
    conn.execute(_put_statement(uow.dialect), [_params(m) for m in moves])
    conn.execute(insert(LEDGER), [{
        "at": uow.now(), "seller_id": m.seller_id, "product_id": m.product_id, "lot": m.lot,
        "from_location_id": None, "to_location_id": m.to_location_id, "quantity": m.quantity, "reason": m.reason,
        "note": m.note, "user_id": uow.user_id, "station_id": uow.station_id, "command_key": uow.command_key,
        "ref_type": m.ref_type, "ref_id": m.ref_id} for m in moves])
