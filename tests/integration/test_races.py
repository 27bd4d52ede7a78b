"""Threads racing with a barrier: the last units go to exactly as many as there are, never more."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from app.db.models import Command, LedgerEntry, Stock
from app.domain.errors import WrongScan
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


def test_pickers_racing_for_the_last_tasks_each_get_a_different_one_or_are_told_at_once(site, floor):
    import time

    from app.services import auth, picking, waves

    site.receive("S1", "S1-P1", "W1-A-1", 10)
    for i in range(3):
        site.order("S1", f"CLAIM-{i}", [("S1-P1", 1)])
    waves.release(floor.uow(), SYSTEM, "W1", orders_per_task=1)
    pickers = []
    for i in range(8):
        auth.add_user(floor.uow(), SYSTEM, floor.login_policy, f"70{i:02d}", f"Picker {i}", "picker", "1111")
        pickers.append(auth.login(floor.uow(), floor.login_policy, f"70{i:02d}", "1111").actor())

    def claim(i):
        started = time.perf_counter()
        view = picking.claim_next(floor.uow(), pickers[i])
        return view, time.perf_counter() - started

    results = race(8, claim)
    assert not [r for r in results if isinstance(r, Exception)], results
    won = [v.task_id for v, _ in results if v is not None]
    assert len(won) == 3 and len(set(won)) == 3
    assert sum(1 for v, _ in results if v is None) == 5
    assert max(t for _, t in results) < 5


def test_two_devices_racing_for_the_last_unit_of_a_line_one_gets_it_the_other_is_told_at_once(site, floor):
    """The same task open on two tablets (a picker switched carts): the last unit is picked exactly once."""
    import time

    from app.services import picking, stations, waves
    from tests.support.flows import gtin_of

    site.receive("S1", "S1-P1", "W1-A-1", 5)
    site.order("S1", "LAST-1", [("S1-P1", 1)])
    waves.release(floor.uow(), SYSTEM, "W1")
    picker = site.actor("picker")
    view = picking.claim_next(floor.uow(), picker)
    picking.scan(floor.uow(), picker, view.task_id, "TOTE-LAST1")
    picking.scan(floor.uow(), picker, view.task_id, "LOC-W1-A-1")
    from app.services import auth

    devices = [auth.login(floor.uow(), floor.login_policy, "2001", "1111",
                          stations.register(floor.uow(), f"tablet-race-{i:04d}", "tablet").id).actor()
               for i in range(2)]
    gtin = gtin_of(site, "S1-P1")

    def scan(i):
        started = time.perf_counter()
        try:
            return picking.scan(floor.uow(), devices[i], view.task_id, gtin), time.perf_counter() - started
        except WrongScan as exc:
            return exc, time.perf_counter() - started

    results = race(2, scan)
    won = [r for r, _ in results if isinstance(r, picking.ScanResult)]
    told = [r for r, _ in results if isinstance(r, WrongScan)]
    assert len(won) == 1 and len(told) == 1, results
    assert "finished" in told[0].message or "Too many" in told[0].message
    assert max(t for _, t in results) < 5
    with floor.reader() as uow:
        assert uow.session.execute(select(Stock.quantity).where(Stock.allocated == 0)
                                   .order_by(Stock.id)).scalars().first() == 4
