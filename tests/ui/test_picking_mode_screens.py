"""The picking modes' screens in-process, on both databases: the release screen proposes a mix and releases it;
the pick screen walks a singles total into a cart; the singles bench packs one unit, one label; the put wall
lights a unit's slot; each a real Flet session driven as the station's browser would."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.db.models import Package, PickTask, Tote
from app.domain.roles import Actor
from app.services import picking, waves
from tests.support.factories import SYSTEM, Site, build_site
from tests.support.flet_harness import FletHarness, log_in, message, scan
from tests.support.flows import gtin_of
from tests.ui.test_board_screens import supervisor


@pytest.fixture
def site(ui_floor) -> Site:
    site = build_site(ui_floor, users=False)
    site.receive("S1", "S1-P1", "W1-A-3", 20)
    site.receive("S1", "S1-P2", "W1-A-1", 20)
    for i in range(5):
        site.order("S1", f"ONE-{i}", [("S1-P1", 1)])
    return site


@pytest.fixture(autouse=True)
def patient(monkeypatch):
    wait_for = FletHarness.wait_for
    monkeypatch.setattr(FletHarness, "wait_for",
                        lambda self, predicate, timeout=15.0, what="": wait_for(self, predicate, timeout, what))


def screen(h):
    return h.page.data.screen


def picked_singles_cart(site: Site, ui_floor, picker: Actor, cart: str = "TOTE-S1") -> None:
    waves.release(ui_floor.uow(), SYSTEM, "W1", mode="singles", orders_per_task=100)
    view = picking.claim_next(ui_floor.uow(), picker)
    view = picking.scan(ui_floor.uow(), picker, view.task_id, cart).view
    view = picking.scan(ui_floor.uow(), picker, view.task_id, f"LOC-{view.step.bin}").view
    picking.scan(ui_floor.uow(), picker, view.task_id, gtin_of(site, "S1-P1"), quantity=view.step.remaining)


def test_the_release_screen_proposes_singles_and_releases_the_mix(open_station, site, ui_floor):
    h = supervisor(open_station, "/board/wave")
    h.click("wave.warehouse.W1")
    h.click("wave.propose")
    h.wait_for(lambda: h.has("wave.release_mix"), what="the proposal")
    assert [h.text_of(f"wave.mix.1.{j}") for j in range(3)] == ["Singles: one SKU, packed unit by unit", "5", "1"]
    assert h.text_of("wave.mix.2.0") == "All as one cluster wave" and h.text_of("wave.mix.2.2") == "2"
    assert h.text_of("wave.mix").startswith("The mix walks ")
    h.click("wave.release_mix")
    h.wait_for(lambda: message(h) == "Mix released: 1 waves.")
    with ui_floor.reader() as uow:
        assert uow.session.execute(select(PickTask.mode)).scalars().all() == ["singles"]


def test_the_pick_screen_walks_a_singles_total_into_one_cart(open_station, site, ui_floor):
    waves.release(ui_floor.uow(), SYSTEM, "W1", mode="singles", orders_per_task=100)
    h = open_station("/login?station=tablet")
    log_in(h, "1001", "1111", home="/pick")
    h.wait_for(lambda: h.has("pick.start"))
    h.click("pick.start")
    h.wait_for(lambda: h.path == "/pick/task" and screen(h).view is not None, what="the task")
    assert h.text_of("pick.headline") == "Scan an empty cart for all 5 orders"
    scan(h, "TOTE-S1")
    h.wait_for(lambda: screen(h).view.step.kind == "scan_bin")
    scan(h, "LOC-W1-A-3")
    h.wait_for(lambda: screen(h).view.step.kind == "scan_item")
    assert h.text_of("pick.qty") == "5" and h.text_of("pick.slot") == "S1"
    scan(h, gtin_of(site, "S1-P1"))
    h.wait_for(lambda: screen(h).view.units_picked == 1)
    assert h.text_of("pick.qty") == "4"


def test_the_singles_bench_packs_one_unit_and_its_label_is_verified(open_station, site, ui_floor):
    p = open_station("/login?station=tablet")
    log_in(p, "1001", "1111", home="/pick")
    picked_singles_cart(site, ui_floor, p.page.data.actor())
    h = open_station("/login?station=tablet")
    log_in(h, "1002", "2222", home="/pack")
    h.click("pack.singles")
    h.wait_for(lambda: h.path == "/pack/singles")
    h.settle(0.3)
    scan(h, "TOTE-S1")
    h.wait_for(lambda: h.has("singles.orders"), what=f"the cart ({message(h)})")
    assert h.text_of("singles.orders") == "5"
    scan(h, gtin_of(site, "S1-P1"))
    h.wait_for(lambda: h.text_of("singles.orders") == "4" and h.has("label.tracking"))
    assert h.text_of("singles.cart") == "Order ONE-0"
    with ui_floor.reader() as uow:
        tracking = uow.session.execute(select(Package.tracking_number)).scalar_one()
    scan(h, tracking)
    h.wait_for(lambda: "Label OK ✓" in h.texts() and message(h) == "Scan the next unit.")


def test_the_put_wall_shows_the_slot_a_unit_goes_to(open_station, site, ui_floor):
    site.order("S1", "B-1", [("S1-P1", 1), ("S1-P2", 1)])
    site.order("S1", "B-2", [("S1-P2", 2)])
    waves.release(ui_floor.uow(), SYSTEM, "W1", mode="batch", orders_per_task=10)
    p = open_station("/login?station=tablet")
    log_in(p, "1001", "1111", home="/pick")
    picker = p.page.data.actor()
    view = picking.claim_next(ui_floor.uow(), picker)
    view = picking.scan(ui_floor.uow(), picker, view.task_id, "TOTE-B1").view
    while view.step.kind != "done":
        code, n = ((f"LOC-{view.step.bin}", 1) if view.step.kind == "scan_bin"
                   else (gtin_of(site, view.step.sku), view.step.remaining))
        view = picking.scan(ui_floor.uow(), picker, view.task_id, code, quantity=n).view
    h = open_station("/login?station=tablet")
    log_in(h, "1002", "2222", home="/pack")
    h.click("pack.sort")
    h.wait_for(lambda: h.path == "/sort")
    h.settle(0.3)
    scan(h, "TOTE-B1")
    h.wait_for(lambda: h.has("wall.left") and h.text_of("wall.left").endswith("9 units left to sort"))
    scan(h, gtin_of(site, "S1-P2"))                     # the first order on the cart waiting for P2: B-1
    h.wait_for(lambda: h.has("wall.slot") and h.text_of("wall.slot") == "1", what="slot 1 lit")
    with ui_floor.reader() as uow:
        assert uow.session.get(Tote, "TOTE-W01").order_id is not None
    h.click("wall.undo")
    h.wait_for(lambda: message(h) == "Undone: take the unit back out of slot 1.")
