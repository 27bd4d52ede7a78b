"""The stock screens in-process: receiving with discrepancies, put-away by scanning, transfer receipts
(as shipped and with counts), blind counts with recount and approval, the supervisor's transfers,
counts and inbound list. Services do the work; these tests drive the screens the way people do."""

from __future__ import annotations

import pytest

from app.domain.gs1 import make_sscc
from app.services import board, inbound, planner, transfers, waves
from app.services.inbound import InboundLineIn
from app.ui import theme
from tests.support.factories import SYSTEM, build_site
from tests.support.flet_harness import log_in, message, scan
from tests.support.flows import gtin_of, pack_and_ship, pick_all


@pytest.fixture
def site(ui_floor):
    return build_site(ui_floor)   # W1, W2 with bins A-1..A-6, sellers S1/S2 (badges 2001-2005 beside the demo's)


def goto(h, path: str) -> None:
    """Type the URL. A screen still finishing its own shown() (the home's service call) is let be first:
    the shell's show() would push that screen's route back over this one."""
    h.settle(0.3)
    h.event(h.page, "route_change", {"route": f"{path}?station=kiosk"})
    h.wait_for(lambda: h.path == path and h.page.data.path == path, what=path)
    h.settle(0.1)
    assert h.path == path


def sent(h, key: str) -> bool:
    """The control is on screen in the browser: visible, sent (the session knows it) and not changed since."""
    return any(c.key == key and h.session.index.get(c._i) is c and not c._dirty for c in h.controls())


def unsent(h) -> list[str]:
    """Visible controls the browser does not have as they are (h.unsent() sees only changed old ones)."""
    return [f"{type(c).__name__}:{c.key}" for c in h.controls() if h.session.index.get(c._i) is not c or c._dirty]


def fill(h, key: str, text: str) -> None:
    """Type into a form field: focus (the scanner listener steps aside), the value, blur."""
    field = h.find(key)
    h.event(field, "focus", settle=False)
    h.session.apply_patch(field._i, {"value": text})
    h.event(field, "blur")


def signed_in(open_station, badge: str, pin: str, home: str, path: str):
    h = open_station()
    log_in(h, badge, pin, home=home)
    goto(h, path)
    return h


def on_hand(floor, location: str, sku: str) -> int:
    return sum(r.quantity for r in board.on_hand(floor.uow(), SYSTEM, sku=sku, location=location))


def case(gtin: str, count: int) -> str:
    return f"]C101{gtin.zfill(14)}37{count}"


def test_receiving_shows_announced_vs_received_live_and_closes_with_the_discrepancies(open_station, site, ui_floor):
    sscc = make_sscc(0, "4012345", 501)
    announced = inbound.announce(ui_floor.uow(), SYSTEM, "W1", "ASN-501", [
        InboundLineIn("S1-P1", 10), InboundLineIn("S1-P2", 4)], [sscc], seller="S1")
    h = signed_in(open_station, "1001", "1111", "/pick", "/stock/receive")
    assert h.text_of("receive.title") == "Scan the delivery"
    scan(h, sscc)   # a carton's SSCC finds the inbound and ticks that carton off
    h.wait_for(lambda: sent(h, "inbound.title"))
    assert h.text_of("inbound.title") == f"{announced.number} · S1 · ASN-501"
    assert "cartons 1 of 1" in h.text_of("inbound.summary")
    p1, p2, p3 = (gtin_of(site, s) for s in ("S1-P1", "S1-P2", "S1-P3"))
    scan(h, case(p1, 9))
    h.wait_for(lambda: message(h) == "+9 Product 1 of S1: 9 of 10")
    h.click("receive.damaged")
    assert h.find("receive.damaged.banner").visible is True
    scan(h, p1)
    h.wait_for(lambda: message(h) == "1 × Product 1 of S1: damaged, to quarantine.")
    assert not sent(h, "receive.damaged.banner")   # one damaged scan, then back to normal
    for code in (p2, p2, p2, p3):
        scan(h, code)
    h.wait_for(lambda: message(h) == "+1 Product 3 of S1: not announced")
    assert "1 to come" in h.texts() and "not announced" in h.texts() and "all here" in h.texts()
    assert h.find("inbound.lines.2").bgcolor == theme.ERROR_TINT   # the unannounced line is red
    assert h.find("inbound.lines.0").bgcolor == theme.WARN_TINT    # all here, one of them damaged
    h.click("receive.close")
    h.click("receive.close.yes")
    h.wait_for(lambda: sent(h, "inbound.outcome"), what="the outcome")
    assert h.text_of("inbound.outcome") == "Closed with 3 discrepancies:"
    assert "1 short" in h.texts()
    kinds = {(d["sku"], d["kind"]) for d in inbound.get(ui_floor.uow(), SYSTEM, announced.id).outcome["discrepancies"]}
    assert kinds == {("S1-P1", "damaged"), ("S1-P2", "short"), ("S1-P3", "unannounced")}
    assert on_hand(ui_floor, "W1-QUAR", "S1-P1") == 1 and on_hand(ui_floor, "W1-RECV", "S1-P1") == 9
    assert unsent(h) == []


def test_a_wrong_scan_at_the_dock_is_refused_with_its_reason(open_station, site, ui_floor):
    inbound.announce(ui_floor.uow(), SYSTEM, "W1", "ASN-502", [InboundLineIn("S1-P1", 1)], seller="S1")
    h = signed_in(open_station, "1002", "2222", "/pack", "/stock/receive")
    scan(h, "ASN-999")
    h.wait_for(lambda: message(h) == "No inbound shipment matches that scan.")
    scan(h, "ASN-502")
    h.wait_for(lambda: sent(h, "inbound.title"))
    scan(h, gtin_of(site, "S2-P1"))
    h.wait_for(lambda: message(h) == "Not a product of this seller. Put it aside and tell the supervisor.")
    h.wait_for(lambda: h.played[-1:] == ["sounds/error.wav"], what="the error tone")


def test_put_away_shows_the_bin_huge_and_scanning_it_makes_the_stock_pickable(open_station, site, ui_floor):
    got = inbound.announce(ui_floor.uow(), SYSTEM, "W1", "ASN-503", [InboundLineIn("S1-P1", 6)], seller="S1")
    inbound.receive_item(ui_floor.uow(), SYSTEM, got.id, gtin_of(site, "S1-P1"), quantity=6)
    h = signed_in(open_station, "1001", "1111", "/pick", "/stock/putaway")
    h.wait_for(lambda: sent(h, "putaway.wh.W1"))
    scan(h, gtin_of(site, "S1-P1"))
    h.wait_for(lambda: message(h) == "Choose the warehouse first.")
    h.click("putaway.wh.W1")
    h.wait_for(lambda: sent(h, "putaway.title"))
    scan(h, "LOC-W1-A-1")
    h.wait_for(lambda: message(h) == "Scan a unit first, then its bin.")
    scan(h, gtin_of(site, "S1-P1"))
    h.wait_for(lambda: sent(h, "putaway.bin"))
    suggested = h.text_of("putaway.bin")
    assert suggested.startswith("W1-A-") and h.text_of("putaway.qty.value") == "6"
    h.click("putaway.qty.minus")
    assert h.text_of("putaway.qty.value") == "5"
    scan(h, f"LOC-{suggested}")
    h.wait_for(lambda: message(h).startswith("5 × Product 1 of S1 in"))
    assert message(h) == f"5 × Product 1 of S1 in {suggested}: pickable now."
    assert on_hand(ui_floor, suggested, "S1-P1") == 5 and on_hand(ui_floor, "W1-RECV", "S1-P1") == 1
    goto(h, "/stock/receive")
    goto(h, "/stock/putaway")   # the warehouse is remembered for this station session
    h.wait_for(lambda: sent(h, "putaway.title"))
    assert h.text_of("putaway.where") == "Warehouse W1"
    assert unsent(h) == []


def shipped_transfer(site, floor, qty: int, tote: str):
    site.receive("S1", "S1-P1", "W1-A-2", 10)
    planned = transfers.plan(floor.uow(), SYSTEM, "S1", "W1", "W2", [("S1-P1", qty)])
    waves.release(floor.uow(), SYSTEM, "W1")
    pick_all(site, totes=(tote,))
    return planned, pack_and_ship(site, tote)


def test_the_destination_receives_a_carton_as_shipped_or_with_the_counts_found(open_station, site, ui_floor):
    first, carton = shipped_transfer(site, ui_floor, 3, "TOTE-T1")
    h = signed_in(open_station, "1003", "3333", "/returns", "/stock/transfer-in")
    scan(h, gtin_of(site, "S1-P1"))
    h.wait_for(lambda: message(h) == "Scan the carton's SSCC label.")
    scan(h, carton.sscc)
    h.wait_for(lambda: sent(h, "transferin.transfer.title"))
    assert message(h) == f"{first.number}: carton in (1 of 1). Put it away next."
    assert h.find("transferin.transfer.stage.3").bgcolor == theme.BRAND    # Received is where it is now
    assert on_hand(ui_floor, "W2-RECV", "S1-P1") == 3
    second, carton2 = shipped_transfer(site, ui_floor, 2, "TOTE-T2")
    h.click("transferin.counts")
    scan(h, carton2.sscc)
    h.wait_for(lambda: sent(h, "transferin.count.S1-P1.plus"))
    assert h.text_of("transferin.title") == f"Count carton {carton2.sscc} of {second.number}"
    h.click("transferin.count.S1-P1.plus")
    h.click("transferin.submit")
    h.wait_for(lambda: message(h) == "Received as counted (1 units); any difference is reported.")
    view = transfers.get(ui_floor.uow(), SYSTEM, second.id)
    assert [(l.shipped, l.received) for l in view.lines] == [(2, 1)] and view.status == "received"
    assert [e.kind for e in board.exceptions(ui_floor.uow(), SYSTEM)] == ["transfer_discrepancy"]
    h.click("transferin.putaway")
    h.wait_for(lambda: h.path == "/stock/putaway" and sent(h, "putaway.where"))
    assert h.text_of("putaway.where") == "Warehouse W2"
    assert unsent(h) == []


def test_a_blind_count_is_counted_again_then_approved_by_the_supervisor(open_station, site, ui_floor):
    site.receive("S1", "S1-P1", "W1-A-1", 5)
    from app.services import counts
    counts.create(ui_floor.uow(), SYSTEM, "W1-A-1")
    h = signed_in(open_station, "1001", "1111", "/pick", "/stock/count")
    for _round in (1, 2):
        h.click("count.next")
        h.wait_for(lambda: sent(h, "count.bin"))
        assert h.text_of("count.bin") == "W1-A-1"
        scan(h, "LOC-W1-A-2")
        h.wait_for(lambda: message(h) == "That is bin W1-A-2; this count is for bin W1-A-1.")
        scan(h, "LOC-W1-A-1")
        scan(h, case(gtin_of(site, "S1-P1"), 2))
        scan(h, gtin_of(site, "S1-P1"))
        h.wait_for(lambda: message(h) == "S1-P1: 3 counted")
        assert "5" not in " ".join(h.texts())    # the books are never on the counter's screen
        h.click("count.submit")
        h.click("count.submit.yes")
        h.wait_for(lambda: sent(h, "count.next"))
    assert message(h) == "Thank you: a supervisor will check this bin."
    s = signed_in(open_station, "1004", "4444", "/board", "/board/counts")
    s.wait_for(lambda: s.text_of("counts.waiting") == "Waiting for your decision: 1")
    assert [t for t in s.texts() if t in ("5", "3", "-2")] == ["5", "3", "-2"]
    approve = next(c.key for c in s.controls() if (c.key or "").endswith(".approve"))
    s.click(approve)
    s.wait_for(lambda: message(s) == "Say why the books change.")
    fill(s, approve.replace(".approve", ".reason"), "two counts agree: 2 lost")
    s.click(approve)
    s.wait_for(lambda: s.text_of("counts.waiting") == "Waiting for your decision: 0")
    assert on_hand(ui_floor, "W1-A-1", "S1-P1") == 3
    s.click("counts.wh.W2")
    s.click("counts.every.minus")
    s.click("counts.schedule")
    s.wait_for(lambda: message(s) == "6 bins of W2 to count (not counted in 29 days).")
    assert unsent(s) == [] and unsent(h) == []


def test_the_supervisor_plans_a_transfer_and_follows_it_to_closed(open_station, site, ui_floor):
    site.receive("S1", "S1-P1", "W1-A-2", 10)
    h = signed_in(open_station, "1004", "4444", "/board", "/board/transfers")
    h.wait_for(lambda: sent(h, "transfers.none"))
    h.click("transfers.tab.plan")
    h.wait_for(lambda: sent(h, "plan.from.W1"))
    fill(h, "plan.seller", "s1")
    h.click("plan.from.W1")
    h.click("plan.to.W2")
    fill(h, "plan.sku.0", "S1-P1")
    fill(h, "plan.qty.0", "four")
    h.click("plan.submit")
    h.wait_for(lambda: message(h).startswith("The transfer was not planned"))
    fill(h, "plan.qty.0", "4")
    h.click("plan.submit")
    h.wait_for(lambda: message(h) == "TRF-1001 planned: the floor picks it with the next wave.")
    h.wait_for(lambda: sent(h, "transfer.TRF-1001.title"))
    assert h.find("transfer.TRF-1001.stage.0").bgcolor == theme.BRAND
    waves.release(ui_floor.uow(), SYSTEM, "W1")
    pick_all(site, totes=("TOTE-T9",))
    shipped = pack_and_ship(site, "TOTE-T9")
    h.click("transfers.refresh")
    h.wait_for(lambda: h.find("transfer.TRF-1001.stage.2").bgcolor == theme.BRAND, what="in transit")
    transfers.receive_carton(ui_floor.uow(), site.actor("picker"), shipped.sscc)
    h.click("transfers.refresh")
    h.wait_for(lambda: sent(h, "transfer.TRF-1001.close"))
    h.click("transfer.TRF-1001.close")
    h.wait_for(lambda: message(h) == "TRF-1001 closed: everything arrived.")
    h.wait_for(lambda: sent(h, "transfer.TRF-1001.outcome"))
    assert h.text_of("transfer.TRF-1001.outcome") == "Closed: everything that left arrived."
    assert unsent(h) == []


def test_the_planners_moves_are_approved_or_edited_into_a_plan(open_station, site, ui_floor):
    site.receive("S1", "S1-P1", "W2-A-1", 40)
    site.receive("S1", "S1-P1", "W1-A-1", 1)
    for i in range(6):
        site.order("S1", f"DEMAND-{i}", [("S1-P1", 2)])
    h = signed_in(open_station, "1004", "4444", "/board", "/board/transfers")
    h.wait_for(lambda: sent(h, "transfers.tab.suggest"))
    h.click("transfers.tab.suggest")
    h.wait_for(lambda: sent(h, "suggest.plan"))
    h.click("suggest.plan")                                        # Plan now: the network is planned
    h.wait_for(lambda: sent(h, "suggest.0.edit"))
    proposed = planner.latest(ui_floor.uow(), SYSTEM).moves[0]
    assert (proposed.source, proposed.dest) == ("W2", "W1") and "from W2" in h.text_of("suggest.0.why")
    h.click("suggest.0.edit")
    h.wait_for(lambda: sent(h, "plan.seller"))                     # the form, filled in
    assert h.find("plan.seller").value == "S1" and h.find("plan.qty.0").value == str(proposed.units)
    assert h.find("plan.from.W2").content.color == theme.PAPER     # the chosen warehouse is filled
    h.click("transfers.tab.suggest")
    h.wait_for(lambda: sent(h, "suggest.0.accept"))
    h.click("suggest.0.accept")
    h.wait_for(lambda: message(h) == "Approved: S1-P1 W2 → W1.")
    view = transfers.get(ui_floor.uow(), SYSTEM, 1)
    assert (view.from_warehouse, view.to_warehouse, view.lines[0].planned) == ("W2", "W1", proposed.units)
    assert planner.latest(ui_floor.uow(), SYSTEM).moves[0].transfer == view.number


def test_the_supervisor_sees_every_inbound_and_opens_one(open_station, site, ui_floor):
    a = inbound.announce(ui_floor.uow(), SYSTEM, "W1", "ASN-601", [InboundLineIn("S1-P1", 2)], seller="S1")
    inbound.announce(ui_floor.uow(), SYSTEM, "W2", "ASN-602", [InboundLineIn("S2-P1", 3)], seller="S2")
    inbound.receive_item(ui_floor.uow(), SYSTEM, a.id, gtin_of(site, "S1-P1"))
    inbound.close(ui_floor.uow(), SYSTEM, a.id)
    h = signed_in(open_station, "1004", "4444", "/board", "/board/inbound")
    h.wait_for(lambda: sent(h, f"inbound.open.{a.number}"))
    assert [h.find(f"inbound.list.{i}").bgcolor for i in (0, 1)] == [None, theme.ERROR_TINT]  # newest first
    h.click(f"inbound.open.{a.number}")
    h.wait_for(lambda: sent(h, "inbound.outcome"))
    assert "S1-P1 short: 2 announced, 1 received, 0 damaged" in " ".join(h.texts())
    assert unsent(h) == []


def test_floor_roles_reach_the_stock_screens_and_supervisor_screens_stay_with_supervisors(open_station, site):
    h = signed_in(open_station, "1002", "2222", "/pack", "/stock")
    assert sent(h, "stock.open.stock.receive") and not sent(h, "stock.open.board.transfers")
    h.click("stock.open.stock.count")
    h.wait_for(lambda: h.path == "/stock/count")
    h.event(h.page, "route_change", {"route": "/board/transfers?station=kiosk"})
    h.wait_for(lambda: h.path == "/pack")
    assert message(h) == "Transfers is not for a packer. This is your screen."
    s = signed_in(open_station, "1004", "4444", "/board", "/stock")
    assert sent(s, "stock.open.board.counts")


def test_put_back_returns_a_cancelled_orders_picked_units_to_a_bin(open_station, site, ui_floor):
    from app.services import cancel

    site.receive("S1", "S1-P1", "W1-A-2", 3)
    order = site.order("S1", "UI-PB-1", [("S1-P1", 2)])
    waves.release(ui_floor.uow(), SYSTEM, "W1")
    pick_all(site, totes=("TOTE-0801",))
    cancel.cancel_order(ui_floor.uow(), SYSTEM, order.id)
    h = signed_in(open_station, "1002", "2222", "/pack", "/stock/put-back")
    h.wait_for(lambda: sent(h, "putaway.wh.W1"))
    h.click("putaway.wh.W1")
    h.wait_for(lambda: sent(h, "putaway.title"))
    assert h.text_of("putaway.title") == "Scan a unit of a cancelled order"
    scan(h, gtin_of(site, "S1-P1"))
    h.wait_for(lambda: sent(h, "putaway.bin"))
    assert h.text_of("putaway.bin") == "W1-A-2" and h.text_of("putaway.qty.value") == "2"
    scan(h, "LOC-W1-A-2")
    h.wait_for(lambda: message(h).startswith("2 × Product 1 of S1 in"))
    assert on_hand(ui_floor, "W1-A-2", "S1-P1") == 3 and on_hand(ui_floor, "W1-PACK", "S1-P1") == 0
