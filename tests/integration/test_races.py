"""Threads racing with a barrier: the last units go to exactly as many as there are, never more."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from app.db.models import Command, LedgerEntry, Stock
from app.services import allocation
from tests.support.factories import SYSTEM

THREADS = 16


def race(n: int, fn):
    barrier = threading.Barrier(n)

    def run(i):
        barrier.wait()
        try:
            return fn(i)
        except Exception as exc:  # collected and asserted on by the test
            return exc

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def test_sixteen_allocations_race_for_five_units_and_exactly_five_win(site, floor):
    site.receive("S1", "S1-P1", "W1-A-1", 5)
    order_ids = [site.order("S1", f"RACE-{i}", [("S1-P1", 1)]).id for i in range(THREADS)]

    results = race(THREADS, lambda i: allocation.allocate(floor.uow(), SYSTEM, order_ids[i]))

    assert not [r for r in results if isinstance(r, Exception)], results
    won = [r for r in results if r.status == "allocated"]
    lost = [r for r in results if r.status == "backordered"]
    assert (len(won), len(lost)) == (5, THREADS - 5)
    assert all("Out of stock" in r.message and r.lines[0].short == 1 for r in lost)
    with floor.reader() as uow:
        quantity, allocated = uow.session.execute(select(Stock.quantity, Stock.allocated)).one()
    assert (quantity, allocated) == (5, 5)


def test_the_same_command_sent_eight_times_at_once_has_one_effect(site, floor):
    results = race(8, lambda i: site.receive("S1", "S1-P2", "W1-A-2", 3, key="recv:same-key-8"))

    assert not [r for r in results if isinstance(r, Exception)], results
    assert len({r.ledger_id for r in results}) == 1
    with floor.reader() as uow:
        rows = uow.session.execute(select(func.count(LedgerEntry.id))).scalar_one()
        commands = uow.session.execute(
            select(func.count(Command.key)).where(Command.key == "recv:same-key-8")).scalar_one()
        on_hand = uow.session.execute(select(Stock.quantity)).scalar_one()
    assert (rows, commands, on_hand) == (1, 1, 3)


def test_concurrent_moves_out_of_one_bin_never_take_more_than_it_holds(site, floor):
    from app.domain.errors import OutOfStock
    from app.services import stock

    site.receive("S1", "S1-P1", "W1-A-1", 5)
    picker = site.actor("picker")
    results = race(THREADS, lambda i: stock.move(floor.uow(), picker, "S1", "S1-P1", "W1-A-1", "W1-A-2", 1))

    moved = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, OutOfStock)]
    assert (len(moved), len(refused)) == (5, THREADS - 5)
