"""Receiving, adjusting and moving stock: every change is a ledger row, nothing goes negative."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from app.db.models import AuditEntry, LedgerEntry, Location, Product, Stock
from app.domain.errors import IdempotencyConflict, InvalidInput, NotFound, OutOfStock, PermissionDenied
from app.services import allocation, stock
from tests.support.factories import SYSTEM


def ledger_rows(floor) -> int:
    with floor.reader() as uow:
        return uow.session.execute(select(func.count(LedgerEntry.id))).scalar_one()


def test_receiving_puts_units_on_hand_with_one_ledger_and_one_audit_row(site, floor):
    change = site.receive("S1", "S1-P1", "W1-A-1", 7, key="recv:0001")
    assert (change.on_hand, change.location, change.sku) == (7, "W1-A-1", "S1-P1")
    with floor.reader() as uow:
        entry = uow.session.execute(select(LedgerEntry)).scalar_one()
        audit = uow.session.execute(select(AuditEntry).where(AuditEntry.action == "stock.received")).scalar_one()
        assert (entry.quantity, entry.reason, entry.command_key) == (7, "receive", "recv:0001")
        assert audit.command_key == "recv:0001" and audit.detail["quantity"] == 7


def test_a_product_can_be_received_by_its_gtin(site):
    with site.floor.reader() as uow:
        code = uow.session.execute(select(Product.gtin).where(Product.sku == "S1-P2")).scalar_one()
    change = site.receive("S1", code, "W1-A-2", 3)
    assert change.sku == "S1-P2" and change.on_hand == 3


def test_a_retried_receive_has_one_effect_and_returns_the_first_answer(site, floor):
    first = site.receive("S1", "S1-P1", "W1-A-1", 5, key="recv:retry-1")
    again = site.receive("S1", "S1-P1", "W1-A-1", 5, key="recv:retry-1")
    assert again == first
    assert ledger_rows(floor) == 1


def test_the_same_key_for_a_different_request_is_refused(site):
    site.receive("S1", "S1-P1", "W1-A-1", 5, key="recv:reused-1")
    with pytest.raises(IdempotencyConflict):
        site.receive("S1", "S1-P1", "W1-A-1", 6, key="recv:reused-1")


def test_adjusting_down_below_zero_is_refused_and_writes_nothing(site, floor):
    site.receive("S1", "S1-P1", "W1-A-1", 2)
    before = ledger_rows(floor)
    with pytest.raises(OutOfStock):
        stock.adjust(floor.uow(), site.actor("supervisor"), "S1", "S1-P1", "W1-A-1", -3, "lost")
    assert ledger_rows(floor) == before


def test_an_adjustment_needs_a_reason_from_the_list(site, floor):
    with pytest.raises(InvalidInput) as err:
        stock.adjust(floor.uow(), site.actor("supervisor"), "S1", "S1-P1", "W1-A-1", 1, "because")
    assert "reason" in err.value.fields


def test_a_picker_may_not_adjust_stock(site, floor):
    site.receive("S1", "S1-P1", "W1-A-1", 2)
    with pytest.raises(PermissionDenied):
        stock.adjust(floor.uow(), site.actor("picker"), "S1", "S1-P1", "W1-A-1", -1, "lost")


@pytest.mark.parametrize("role", ["picker", "packer", "returns_clerk"])
def test_a_floor_role_may_not_receive_stock_from_nothing(site, floor, role):
    with pytest.raises(PermissionDenied):
        stock.receive(floor.uow(), site.actor(role), "S1", "S1-P1", "W1-A-1", 5)
    stock.receive(floor.uow(), site.actor("supervisor"), "S1", "S1-P1", "W1-A-1", 5)
    with floor.reader() as uow:
        assert uow.session.execute(select(func.sum(Stock.quantity))).scalar_one() == 5


def test_moving_keeps_the_total_and_both_sides_in_the_ledger(site, floor):
    site.receive("S1", "S1-P1", "W1-RECV", 10)
    stock.move(floor.uow(), site.actor("picker"), "S1", "S1-P1", "W1-RECV", "W1-A-3", 4)
    with floor.reader() as uow:
        rows = dict(uow.session.execute(select(Stock.location_id, Stock.quantity)).all())
    assert sorted(rows.values()) == [4, 6]


def test_reserved_units_cannot_be_adjusted_or_moved_away(site, floor):
    site.receive("S1", "S1-P1", "W1-A-1", 3)
    order = site.order("S1", "R-1", [("S1-P1", 2)])
    allocation.allocate(floor.uow(), SYSTEM, order.id)
    with pytest.raises(OutOfStock):
        stock.adjust(floor.uow(), site.actor("supervisor"), "S1", "S1-P1", "W1-A-1", -2, "lost")
    stock.adjust(floor.uow(), site.actor("supervisor"), "S1", "S1-P1", "W1-A-1", -1, "lost")


def test_another_sellers_sku_is_not_found_for_this_seller(site):
    with pytest.raises(NotFound):
        site.receive("S2", "S1-P1", "W1-A-1", 1)


def test_a_move_between_warehouses_is_refused_as_not_a_transfer(site, floor):
    site.receive("S1", "S1-P1", "W1-A-1", 3)
    with pytest.raises(InvalidInput):
        stock.move(floor.uow(), site.actor("supervisor"), "S1", "S1-P1", "W1-A-1", "W2-A-1", 1)


def test_a_move_to_the_same_bin_is_refused(site, floor):
    site.receive("S1", "S1-P1", "W1-A-1", 3)
    with pytest.raises(InvalidInput):
        stock.move(floor.uow(), site.actor("supervisor"), "S1", "S1-P1", "W1-A-1", "LOC-W1-A-1", 1)


@pytest.mark.parametrize("quantity", [0, -1, 100_001, 2.5, True, "3"])
def test_quantities_must_be_whole_and_positive(site, quantity):
    with pytest.raises(InvalidInput):
        site.receive("S1", "S1-P1", "W1-A-1", quantity)


def test_lots_are_kept_apart(site, floor):
    site.receive("S1", "S1-P1", "W1-A-1", 3, lot="L1")
    site.receive("S1", "S1-P1", "W1-A-1", 4, lot="L2")
    with floor.reader() as uow:
        lots = dict(uow.session.execute(select(Stock.lot, Stock.quantity)).all())
    assert lots == {"L1": 3, "L2": 4}


def test_a_move_is_one_round_trip_on_postgresql_and_a_short_source_undoes_the_put(site, floor, backend):
    """The put into the destination and the conditional take from the source go together (app/db/together.py):
    one statement on PostgreSQL, two on SQLite; when the source is short, neither is kept."""
    site.receive("S1", "S1-P1", "W1-A-1", 5)
    sent = []

    def count(conn, cursor, statement, params, context, executemany):
        if "stock" in statement and statement.lstrip().startswith(("WITH", "UPDATE stock", "INSERT INTO stock")):
            sent.append(statement)
    event.listen(floor.db.engine, "before_cursor_execute", count)
    try:
        stock.move(floor.uow(), site.actor("supervisor"), "S1", "S1-P1", "W1-A-1", "W1-A-2", 3)
        moved = len(sent)
        with pytest.raises(OutOfStock):
            stock.move(floor.uow(), site.actor("supervisor"), "S1", "S1-P1", "W1-A-1", "W1-A-2", 3)
    finally:
        event.remove(floor.db.engine, "before_cursor_execute", count)
    assert moved == (1 if backend == "postgresql" else 2)
    with floor.reader() as uow:
        rows = dict(uow.session.execute(select(Location.code, Stock.quantity)
                                        .join(Location, Location.id == Stock.location_id)).all())
    assert rows == {"W1-A-1": 2, "W1-A-2": 3}
