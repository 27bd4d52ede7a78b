"""The pack bench and the dock in-process (FletHarness): tote -> order, units scanned into the box (a unit not
in the order refused), weigh and close (held when the weight is off), label opened and verified, another
box, and the dock shipping a package and saving the day's manifest."""

from __future__ import annotations

import pytest
from flet.messaging.protocol import MessageAction

from app.services import orders, printjobs, stations, waves
from tests.support.factories import SYSTEM, Site, build_site
from tests.support.flet_harness import FletHarness, log_in, message, scan
from tests.support.flows import gtin_of, pick_all
from tests.support.scale import FakeScale


@pytest.fixture
def site(ui_floor) -> Site:
    site = build_site(ui_floor)
    site.receive("S1", "S1-P1", "W1-A-3", 10)
    site.receive("S1", "S1-P2", "W1-A-1", 10)
    return site


@pytest.fixture(autouse=True)
def patient(monkeypatch):
    """Waits of 15 s, not 5: a service call on a loaded two-core CI box can take a second."""
    wait_for = FletHarness.wait_for
    monkeypatch.setattr(FletHarness, "wait_for",
                        lambda self, predicate, timeout=15.0, what="": wait_for(self, predicate, timeout, what))


def picked(site: Site, lines, tote: str, ref: str = "PK-1"):
    """An order picked into `tote`, waiting at the bench."""
    order = site.order("S1", ref, lines)
    waves.release(site.floor.uow(), SYSTEM, "W1")
    pick_all(site, totes=(tote,))
    return order


def bench(h):
    return h.page.data.screen


def at_bench(open_station, tote: str):
    h = open_station("/login?station=tablet")
    log_in(h, "1002", "2222", home="/pack")
    h.wait_for(lambda: h.has("pack.idle"))
    scan(h, tote)
    h.wait_for(lambda: bench(h).view is not None and not h.unsent(), what="the order on the bench")
    return h


def pack_everything(h, site) -> None:
    for line in bench(h).view.lines:
        for _unit in range(line.picked - line.packed):
            before = bench(h).view.to_pack
            scan(h, line.gtin)
            h.wait_for(lambda b=before: bench(h).view.to_pack == b - 1)
            h.settle(0.31)   # a second identical code within 300 ms is a scanner double-firing


def weigh_and_close(h, grams: int) -> None:
    h.click("pack.weigh")
    h.wait_for(lambda: h.has("close.ok"))
    for digit in str(grams):
        h.click(f"weight.{digit}")
    assert h.text_of("weight.value") == str(grams)
    h.click("close.ok")


def at_close(site, open_station, tote: str):
    """A one-unit order packed at the bench, the close panel open."""
    picked(site, [("S1-P1", 1)], tote)
    h = at_bench(open_station, tote)
    pack_everything(h, site)
    h.click("pack.weigh")
    h.wait_for(lambda: h.has("close.ok"))
    return h


def shown(h, key: str) -> str | None:
    """What the browser shows for `key` once the change was sent (None while it is still on its way)."""
    if not h.has(key):
        return None
    control = h.find(key)
    return None if control._dirty else str(control.value)


def launched(h) -> list[str]:
    return [body["args"]["url"] for action, body in h.conn.sent
            if action == MessageAction.INVOKE_METHOD and body["name"] == "launch_url"]


def test_a_tote_shows_its_order_and_a_unit_not_in_it_is_refused(site, open_station):
    picked(site, [("S1-P1", 1), ("S1-P2", 2)], "TOTE-0301")
    h = at_bench(open_station, "TOTE-0301")
    assert h.text_of("pack.order") == "Order PK-1 · box 1"
    assert h.text_of("pack.left") == "3" and h.text_of("pack.line.2.left") == "2"
    assert message(h) == "Scan the next unit: 3 left."
    scan(h, gtin_of(site, "S1-P3"))
    h.wait_for(lambda: message(h) == "Not in this order. Put it aside for the supervisor.")
    h.wait_for(lambda: h.played[-1:] == ["sounds/error.wav"], what="the error tone")
    assert bench(h).view.to_pack == 3
    scan(h, "TOTE-0999")
    h.wait_for(lambda: message(h).startswith("Box 1 of order PK-1 is open"))
    scan(h, gtin_of(site, "S1-P2"))
    h.wait_for(lambda: shown(h, "pack.left") == "2")
    assert h.text_of("pack.line.2.left") == "1" and h.text_of("pack.box") == "1"


def test_count_packs_many_units_in_one_scan(site, open_station):
    picked(site, [("S1-P2", 3)], "TOTE-0302")
    h = at_bench(open_station, "TOTE-0302")
    h.click("pack.count_button")
    h.wait_for(lambda: h.has("count.ok"))
    h.click("count.3")
    h.click("count.ok")
    h.wait_for(lambda: message(h) == "Scan one of them: it counts 3.")
    scan(h, gtin_of(site, "S1-P2"))
    h.wait_for(lambda: bench(h).view.to_pack == 0)
    assert message(h) == "All packed. Press Weigh and close."


def test_a_weight_that_is_off_holds_the_box_for_the_supervisor(site, open_station):
    h = at_close(site, open_station, "TOTE-0303")
    assert bench(h).closer.carton == bench(h).view.suggested_carton != ""
    h.click("close.ok")                        # nothing typed
    h.wait_for(lambda: message(h) == "Type the weight in grams first.")
    h.click("close.back")
    weigh_and_close(h, 9999)
    h.wait_for(lambda: shown(h, "label.headline") == "HELD: weight is off")
    assert bench(h).view.status == "held"
    assert message(h).startswith("Weight is off by") and message(h).endswith("package held for the supervisor.")
    assert h.page.data.feedback.last[0] == "error"
    assert launched(h) == []                   # no label for a held box
    scan(h, "FP000000000DE")
    h.wait_for(lambda: message(h) == "This box is held for the supervisor. Scan the next tote.")


def test_a_bench_with_a_scale_fills_in_the_weight_and_says_when_the_scale_cannot(site, open_station):
    picked(site, [("S1-P1", 1)], "TOTE-0309")
    device = FakeScale.start()
    try:
        h = at_bench(open_station, "TOTE-0309")
        stations.configure(site.floor.uow(), site.actor("supervisor"), h.page.data.station.info.id,
                           scale=device.address)
        pack_everything(h, site)
        grams = bench(h).view.expected_weight_g + 15
        device.reply = f"S S {grams / 1000:9.3f} kg"
        h.click("pack.weigh")                  # the panel opens and reads the scale at once
        h.wait_for(lambda: shown(h, "weight.value") == str(grams), what="the weight from the scale")
        assert message(h) == f"The scale says {grams} g. Check the carton, then Close box."
        device.reply = "S I"
        h.click("close.scale")                 # weighed again while someone leans on the box
        h.wait_for(lambda: message(h) == "The scale is not steady. Hands off the box, then press Weigh again.")
        assert h.text_of("weight.value") == str(grams) and device.asked == ["S", "S"]
        h.click("close.ok")
        h.wait_for(lambda: bench(h).view.status == "labelled", what="the box closed")
        assert bench(h).view.weight_g == grams
    finally:
        device.stop()


def test_a_bench_without_a_scale_has_no_scale_button(site, open_station):
    h = at_close(site, open_station, "TOTE-0310")
    assert not h.has("close.scale") and message(h) == "Weigh it: type the grams, then Close box."


def test_close_opens_the_label_and_only_the_right_label_verifies_the_box(site, open_station):
    order = picked(site, [("S1-P1", 1), ("S1-P2", 1)], "TOTE-0304")
    h = at_bench(open_station, "TOTE-0304")
    pack_everything(h, site)
    weigh_and_close(h, bench(h).view.expected_weight_g + 40)
    h.wait_for(lambda: bench(h).view.status == "labelled" and bool(launched(h)), what="the label opened")
    view = bench(h).view
    label = next(j for j in bench(h).jobs if j.document == "shipping_label")
    assert launched(h) == [f"/print/{label.public_id}.pdf"]
    assert h.text_of("label.tracking") == f"Tracking {view.tracking_number}"
    h.click("label.slip")
    slip = next(j for j in bench(h).jobs if j.document == "packing_slip")
    h.wait_for(lambda: launched(h)[-1:] == [f"/print/{slip.public_id}.pdf"])
    scan(h, "FP000000000DE")
    h.wait_for(lambda: message(h).startswith("Wrong label!"))
    assert message(h) == f"Wrong label! This box needs the label with tracking {view.tracking_number}."
    assert bench(h).view.status == "labelled"
    scan(h, f"(00){view.sscc}".replace("(00)", "00"))
    h.wait_for(lambda: shown(h, "label.headline") == "Label OK ✓")
    assert bench(h).view.status == "verified"
    assert orders.get_order(site.floor.uow(), SYSTEM, order.id).status == "packed"


def test_units_left_after_a_box_make_another_box(site, open_station):
    picked(site, [("S1-P1", 1), ("S1-P2", 1)], "TOTE-0305")
    h = at_bench(open_station, "TOTE-0305")
    scan(h, gtin_of(site, "S1-P1"))
    h.wait_for(lambda: bench(h).view.to_pack == 1)
    weigh_and_close(h, bench(h).view.expected_weight_g)
    h.wait_for(lambda: bench(h).view.status == "labelled")
    scan(h, bench(h).view.tracking_number)
    h.wait_for(lambda: h.has("label.another") and shown(h, "feedback.message") == (
        "Box 1 done. Another box for the 1 units left."))
    h.click("label.another")
    h.wait_for(lambda: bench(h).view.status == "open" and bench(h).view.package_number == 2)
    assert h.text_of("pack.order") == "Order PK-1 · box 2"


def test_the_dock_ships_a_verified_box_and_saves_the_manifest(site, open_station):
    order = picked(site, [("S1-P1", 1)], "TOTE-0306")
    h = at_bench(open_station, "TOTE-0306")
    pack_everything(h, site)
    weigh_and_close(h, bench(h).view.expected_weight_g)
    h.wait_for(lambda: bench(h).view.status == "labelled")
    view = bench(h).view
    scan(h, view.tracking_number)
    h.wait_for(lambda: h.has("label.dock"))
    h.click("label.dock")
    h.wait_for(lambda: h.path == "/pack/dock" and h.has("dock.wh.W1"))
    scan(h, view.tracking_number + "X")
    h.wait_for(lambda: message(h) == "No package has that label.")
    scan(h, view.sscc)
    h.wait_for(lambda: shown(h, "dock.last") == view.tracking_number)
    assert message(h) == f"Shipped {view.tracking_number}. Scan the next package."
    assert h.text_of("dock.manifest") == "W1: 1 packages so far"
    assert orders.get_order(site.floor.uow(), SYSTEM, order.id).status == "shipped"
    h.click("dock.pdf")
    h.wait_for(lambda: message(h).startswith("Manifest for W1 opened"))
    manifest = printjobs.jobs_for(site.floor.uow(), "warehouse", 1)[-1]
    assert manifest.document == "manifest" and launched(h)[-1] == f"/print/{manifest.public_id}.pdf"
    h.click("dock.csv")
    h.wait_for(lambda: message(h).startswith("Manifest saved"))
    saved = [body["args"] for action, body in h.conn.sent
             if action == MessageAction.INVOKE_METHOD and body["name"] == "save_file"]
    assert saved[-1]["file_name"].startswith("manifest-FloorPost-")
    assert view.tracking_number in bytes(saved[-1]["src_bytes"]).decode()
    scan(h, view.sscc)
    h.wait_for(lambda: message(h) == f"Package {view.tracking_number} was shipped already.")


def test_a_reload_brings_back_the_box_left_on_the_bench_and_the_site_cartons(site, open_station):
    picked(site, [("S1-P1", 2)], "TOTE-0351")
    h = at_bench(open_station, "TOTE-0351")
    scan(h, gtin_of(site, "S1-P1"))
    h.wait_for(lambda: bench(h).view.to_pack == 1)
    again = open_station("/login?station=tablet")
    log_in(again, "1002", "2222", home="/pack")
    again.wait_for(lambda: bench(again).view is not None and not again.unsent(), what="the box back on the bench")
    assert bench(again).view.order_ref == "PK-1" and bench(again).view.to_pack == 1
    assert "still on your bench" in message(again)
    again.click("pack.weigh")
    again.wait_for(lambda: again.has("close.ok"))
    assert [k for k in ("BAG", "S", "M", "L", "XL") if again.has(f"close.carton.{k}")] == ["BAG", "S", "M", "L", "XL"]


def test_an_imperial_bench_weighs_in_ounces_reads_a_scale_in_pounds_and_checks_in_grams(site, open_station):
    from sqlalchemy import update

    from app.db.models import Warehouse

    with site.floor.uow() as uow:
        uow.session.execute(update(Warehouse).where(Warehouse.code == "W1").values(units="imperial"))
        uow.commit()
    picked(site, [("S1-P1", 1)], "TOTE-0311")
    device = FakeScale.start()
    try:
        h = open_station("/login?station=tablet")
        stations.configure(site.floor.uow(), site.actor("supervisor"), h.page.data.station.info.id,
                           warehouse="W1", scale=device.address)
        log_in(h, "1002", "2222", home="/pack")
        h.wait_for(lambda: h.has("pack.idle") and h.page.data.units == "imperial", what="the bench's units")
        scan(h, "TOTE-0311")
        h.wait_for(lambda: bench(h).view is not None and not h.unsent(), what="the order on the bench")
        scan(h, gtin_of(site, "S1-P1"))
        h.wait_for(lambda: bench(h).view.to_pack == 0)
        expected = bench(h).view.expected_weight_g
        pounds = round(expected / 453.59237, 2)          # the scale answers in pounds
        device.reply = f"S S {pounds:9.2f} lb"
        h.click("pack.weigh")
        ounces = round(round(pounds * 453.59237) / 28.349523125)
        h.wait_for(lambda: shown(h, "weight.value") == str(ounces), what="the scale's pounds as ounces")
        assert bench(h).closer.weight.unit_text.value == "oz"
        assert message(h) == f"The scale says {round(pounds * 453.59237) / 453.59237:.2f} lb. Check the carton, " \
                             "then Close box." or message(h).endswith(" oz. Check the carton, then Close box.")
        h.click("close.ok")
        h.wait_for(lambda: bench(h).view.status == "labelled", what="the box closed")
        assert abs(bench(h).view.weight_g - round(ounces * 28.349523125)) <= 1   # stored in grams
    finally:
        device.stop()
