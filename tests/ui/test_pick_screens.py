"""The picker's screens in-process (FletHarness): claim and resume, the tote -> bin -> item walk at 0 ms a
key, refusals that record nothing, Count, Short / empty bin, Undo, and a supervisor's reassign."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import event, func, select

from app.db.models import LedgerEntry, Order, PickTask, Station
from app.services import auth, cancel, picking, waves
from app.ui.picker.task import PickTask as PickTaskScreen
from tests.support.factories import SYSTEM, Site, build_site
from tests.support.flet_harness import FletHarness, log_in, message, scan
from tests.support.flows import gtin_of


@pytest.fixture
def site(ui_floor) -> Site:
    """W1 with stock of S1-P1 (bin W1-A-3) and S1-P2 (W1-A-1), S1-P3 nowhere near; demo badges log in."""
    site = build_site(ui_floor, users=False)
    site.receive("S1", "S1-P1", "W1-A-3", 10)
    site.receive("S1", "S1-P2", "W1-A-1", 10)
    return site


@pytest.fixture(autouse=True)
def patient(monkeypatch):
    """Waits of 15 s, not 5: a service call on a loaded two-core CI box can take a second."""
    wait_for = FletHarness.wait_for
    monkeypatch.setattr(FletHarness, "wait_for",
                        lambda self, predicate, timeout=15.0, what="": wait_for(self, predicate, timeout, what))


def released(site: Site, lines, ref: str = "UI-1", **kw):
    order = site.order("S1", ref, lines)
    waves.release(site.floor.uow(), SYSTEM, "W1", **kw)
    return order


def picks_in_ledger(floor) -> int:
    with floor.reader() as uow:
        return uow.session.execute(select(func.count()).select_from(LedgerEntry)
                                   .where(LedgerEntry.reason == "pick")).scalar_one()


def screen_of(h):
    return h.page.data.screen


def start_task(open_station):
    h = open_station("/login?station=tablet")
    log_in(h, "1001", "1111", home="/pick")
    h.wait_for(lambda: h.has("pick.start"))
    h.click("pick.start")
    h.wait_for(lambda: h.path == "/pick/task" and screen_of(h).view is not None, what="the task screen")
    return h


def wait_step(h, kind: str) -> None:
    h.wait_for(lambda: getattr(screen_of(h).view, "step", None) is not None
               and screen_of(h).view.step.kind == kind and not h.unsent(), what=f"step {kind}")


@pytest.fixture(autouse=True)
def fast_poll(monkeypatch):
    monkeypatch.setattr(PickTaskScreen, "poll_seconds", 0.1)


def test_start_picking_claims_a_task_and_walks_tote_bin_item_at_0_ms(site, open_station):
    released(site, [("S1-P1", 1), ("S1-P2", 1)])
    h = start_task(open_station)
    wait_step(h, "scan_tote")
    assert h.text_of("pick.headline") == "Scan an empty tote for slot 1"
    scan(h, "TOTE-0101")
    wait_step(h, "scan_bin")
    assert h.text_of("pick.bin") == "W1-A-1"              # walking order: sequence 10 before 30
    assert h.text_of("pick.slot") == "1" and h.text_of("pick.tote") == "TOTE-0101"
    assert h.text_of("pick.product") == "Product 2 of S1" and h.text_of("pick.qty") == "1"
    assert message(h) == "Go to bin W1-A-1."
    scan(h, "LOC-W1-A-1")
    wait_step(h, "scan_item")
    assert h.text_of("pick.action").startswith("AT BIN")
    scan(h, gtin_of(site, "S1-P2"))
    wait_step(h, "scan_bin")
    assert h.text_of("pick.bin") == "W1-A-3"
    assert h.text_of("pick.progress") == "Lines 1/2 · Units 1/2"
    assert h.played[-1] == "sounds/ok.wav"
    scan(h, "LOC-W1-A-3")
    wait_step(h, "scan_item")
    scan(h, gtin_of(site, "S1-P1"))
    wait_step(h, "done")
    assert h.text_of("pick.headline") == "Done. Take the totes to packing."
    assert h.text_of("pick.card.1.tote") == "TOTE-0101"
    assert message(h) == "Task finished. Take the totes to packing."
    assert picks_in_ledger(site.floor) == 2


def test_a_pick_scan_writes_the_station_once_a_refused_one_too(site, open_station):
    """picking.scan keeps the station's last scan (its double-fire check, written with the command's answer);
    the pipeline's own write of it (stations.record_scan, the one without `coalesce`) is for refused scans."""
    released(site, [("S1-P1", 1)])
    h = start_task(open_station)
    wait_step(h, "scan_tote")
    writes = []

    def count(conn, cursor, statement, params, context, executemany):
        if statement.startswith("UPDATE stations SET") and "last_scan=" in statement and "coalesce" not in statement:
            writes.append(statement)
    event.listen(site.floor.db.engine, "before_cursor_execute", count)
    try:
        scan(h, "TOTE-0301")
        wait_step(h, "scan_bin")
        scan(h, "LOC-W1-A-6")                                # the wrong bin: refused, recorded by the pipeline
        h.wait_for(lambda: message(h).startswith("Wrong bin"))
        h.wait_for(lambda: len(writes) >= 1)
        time.sleep(0.3)
    finally:
        event.remove(site.floor.db.engine, "before_cursor_execute", count)
    assert len(writes) == 1
    with site.floor.reader() as uow:
        assert uow.session.execute(select(Station.last_scan)).scalar_one() == "LOC-W1-A-6"


def at_item(site, open_station, lines, **kw):
    """A picker at the first bin of a fresh task, ready to scan items."""
    released(site, lines, **kw)
    h = start_task(open_station)
    wait_step(h, "scan_tote")
    scan(h, "TOTE-0201")
    wait_step(h, "scan_bin")
    scan(h, f"LOC-{screen_of(h).view.step.bin}")
    wait_step(h, "scan_item")
    return h


def test_a_wrong_item_flashes_red_says_what_to_do_and_records_nothing(site, open_station):
    h = at_item(site, open_station, [("S1-P1", 2)])
    before = picks_in_ledger(site.floor)
    scan(h, gtin_of(site, "S1-P2"))
    h.wait_for(lambda: "Wrong item" in message(h))
    assert message(h) == "Wrong item. This bin's pick is Product 1 of S1 (S1-P1)."
    assert h.page.data.feedback.last[0] == "error" and h.find("feedback.flash").visible
    h.wait_for(lambda: h.played[-1:] == ["sounds/error.wav"], what="the error tone")
    scan(h, "LOC-W1-A-1")                     # the wrong bin, while at W1-A-3
    h.wait_for(lambda: message(h).startswith("Wrong bin"))
    assert picks_in_ledger(site.floor) == before == 0
    assert h.text_of("pick.qty") == "2" and h.text_of("pick.progress") == "Lines 0/1 · Units 0/2"
    assert screen_of(h).view.units_picked == 0


def test_count_takes_many_units_in_one_scan_and_refuses_more_than_asked(site, open_station):
    h = at_item(site, open_station, [("S1-P1", 5)])
    h.click("pick.count_button")
    h.wait_for(lambda: h.has("count.ok"))
    assert h.text_of("count.title") == "How many of Product 1 of S1? Up to 5."
    assert not h.has("pick.bin")              # the panel replaces the walk
    h.click("count.9")
    h.click("count.ok")
    h.wait_for(lambda: message(h) == "Type 1 to 5.")
    h.click("count.clear")
    h.click("count.4")
    h.click("count.ok")
    h.wait_for(lambda: message(h) == "Scan one Product 1 of S1: it counts 4.")
    assert h.text_of("pick.count") == "Next scan counts 4"
    scan(h, gtin_of(site, "S1-P1"))
    h.wait_for(lambda: screen_of(h).view.units_picked == 4)
    assert h.text_of("pick.qty") == "1" and not h.has("pick.count")
    assert picks_in_ledger(site.floor) == 1   # one command, one ledger row of 4


def test_a_short_bin_asks_how_many_and_why_then_sends_the_picker_to_another_bin(site, open_station):
    site.receive("S1", "S1-P1", "W1-A-5", 4)
    h = at_item(site, open_station, [("S1-P1", 3)])
    assert screen_of(h).view.step.bin == "W1-A-3"
    h.click("pick.short_button")
    h.wait_for(lambda: h.has("short.fewer"))
    assert h.text_of("short.title") == "Bin W1-A-3: how many Product 1 of S1 are there? Expected 3."
    h.click("short.fewer")                    # nothing typed yet
    h.wait_for(lambda: message(h) == "Type how many you found first (0 if none).")
    h.click("short.1")
    h.click("short.fewer")
    h.wait_for(lambda: "another bin" in message(h))
    assert message(h) == ("Short pick recorded. 2 more taken from another bin; it is next on your list. "
                          "Bin W1-A-3 will be counted.")
    wait_step(h, "scan_bin")
    assert h.text_of("pick.bin") == "W1-A-5" and h.text_of("pick.qty") == "2"
    assert not h.has("short.fewer")


def test_an_empty_bin_with_no_stock_elsewhere_is_back_ordered(site, open_station):
    h = at_item(site, open_station, [("S1-P2", 2)])
    h.click("pick.short_button")
    h.wait_for(lambda: h.has("short.empty"))
    h.click("short.empty")
    h.wait_for(lambda: "back-ordered" in message(h))
    wait_step(h, "done")


def test_undo_puts_the_last_unit_back_and_says_where(site, open_station):
    h = at_item(site, open_station, [("S1-P1", 2)])
    assert not h.has("pick.undo")
    scan(h, gtin_of(site, "S1-P1"))
    h.wait_for(lambda: screen_of(h).view.units_picked == 1 and h.has("pick.undo"))
    h.click("pick.undo")
    h.wait_for(lambda: message(h).startswith("Undone"))
    assert message(h) == "Undone: put 1 x Product 1 of S1 back in bin W1-A-3."
    assert screen_of(h).view.units_picked == 0 and h.text_of("pick.qty") == "2"
    assert not h.has("pick.undo")


def test_a_supervisor_reassigning_the_task_sends_the_picker_home_with_the_name(site, open_station):
    h = at_item(site, open_station, [("S1-P1", 2)])
    boss = auth.login(site.floor.uow(), site.floor.login_policy, "1004", "4444").actor()
    picking.reassign(site.floor.uow(), boss, screen_of(h).view.task_id, "1006")
    h.wait_for(lambda: h.path == "/pick", what="back home")
    h.wait_for(lambda: message(h) == "This task was reassigned to Tomáš Dvořák.")
    assert h.page.data.feedback.last[0] == "error"
    h.wait_for(lambda: h.played[-1:] == ["sounds/error.wav"], what="the error tone")
    assert "Start picking" in h.texts()


def test_home_says_resume_when_a_task_is_on_the_cart_and_none_ready_says_so(site, open_station):
    h = open_station("/login?station=tablet")
    log_in(h, "1001", "1111", home="/pick")
    h.click("pick.start")
    h.wait_for(lambda: message(h) == "No pick task is ready now. Ask your supervisor.")
    assert h.path == "/pick"
    released(site, [("S1-P1", 1)])
    h.click("pick.start")
    h.wait_for(lambda: h.path == "/pick/task" and screen_of(h).view is not None)
    task_id = screen_of(h).view.task_id
    h.settle(0.1)                             # the browser's own route_change for /pick/task comes first
    h.event(h.page, "route_change", {"route": "/pick?station=tablet"})   # typed URL / back to home
    h.wait_for(lambda: h.path == "/pick" and "Resume task" in h.texts())
    assert message(h) == "You have a task on your cart. Press Resume task."
    h.click("pick.start")
    h.wait_for(lambda: h.path == "/pick/task" and screen_of(h).view is not None)
    assert screen_of(h).view.task_id == task_id
    with site.floor.reader() as uow:
        assert uow.session.execute(select(func.count()).select_from(PickTask)
                                   .where(PickTask.user_id.isnot(None))).scalar_one() == 1


def test_the_picker_is_told_at_once_when_an_order_of_the_task_is_cancelled(site, open_station):
    h = at_item(site, open_station, [("S1-P1", 2)], ref="UI-CXL")
    scan(h, gtin_of(site, screen_of(h).view.step.sku))
    h.wait_for(lambda: screen_of(h).view.units_picked == 1)
    with site.floor.reader() as uow:
        order_id = uow.session.execute(select(Order.id).where(Order.external_ref == "UI-CXL")).scalar_one()
    cancel.cancel_order(site.floor.uow(), SYSTEM, order_id)   # the shop cancels it through the API
    h.wait_for(lambda: message(h).startswith("Order UI-CXL was cancelled"), what="the notice on screen")
    assert "tote goes to put-back" in message(h) and h.page.data.feedback.last[0] == "warn"
    assert screen_of(h).view.status == "done"      # nothing else was on the task: it ends
