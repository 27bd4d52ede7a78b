"""Stock in real Chromium, scans typed at 0 ms a key: the demo's announced inbound is received with one
discrepancy and put away by scanning; the supervisor plans a transfer of part of it to the other
warehouse; the transfer's internal order is released, picked, packed and shipped through the services
in this process against the server's SQLite file (the pick and pack screens are other issues'); the
destination receives the carton by its SSCC and puts it away; network-wide stock is the same before and
after, and the ledger tells the story. A second test counts a bin blind, twice, and the supervisor
approves the variance.

Set FLOOR_SCREENSHOTS=<dir> to keep a screenshot of every screen state (docs/stock-ui.md uses
assets/screenshots/stock-*.png)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from app.bootstrap import build
from app.config import Settings
from app.db.models import Order, PickTask, PickTaskOrder, Product, Transfer
from app.domain.roles import Actor
from app.services import auth, board, inbound, packing, picking, printjobs, shipping, transfers, waves
from tests.support.browser import VIEWPORT, FloorServer, Station

SYSTEM = Actor.system("e2e")
SHOTS = os.environ.get("FLOOR_SCREENSHOTS")
WAIT = 45.0   # seconds: this machine runs several browser suites at once; 10 s was seen to run out


class Tablet(Station):
    """A Station that waits longer for what it expects (the load, not the screens, is slow)."""

    def wait_text(self, text: str, *, exact: bool = False, timeout: float = WAIT) -> None:
        super().wait_text(text, exact=exact, timeout=timeout)

    def wait_button(self, name: str, timeout: float = WAIT) -> None:
        super().wait_button(name, timeout=timeout)

    def wait_path(self, path: str, timeout: float = WAIT) -> None:
        super().wait_path(path, timeout=timeout)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A demo server of this module's own (these tests release waves and plan counts), and a Floor in this
    process on the same SQLite file (its FLOOR_DATA_DIR) to play the pick and pack screens and to read."""
    data = tmp_path_factory.mktemp("floor-stock")
    server = FloorServer.start(data)
    floor = build(Settings(data_dir=data, pin_hash_time_cost=1, pin_hash_memory_kib=8192), upgrade=False)
    yield server, floor
    floor.close()
    server.stop()


@pytest.fixture
def station(site, chromium):
    server, _floor = site
    contexts = []

    def open_(badge: str, pin: str, home: str) -> Station:
        context = chromium.new_context(viewport=VIEWPORT)
        contexts.append(context)
        s = Tablet(context.new_page(), server.url).open("/login", kind="tablet")
        s.log_in(badge, pin, home)
        return s

    yield open_
    for context in contexts:
        context.close()


def shot(s: Station, name: str) -> None:
    if SHOTS:
        s.screenshot(Path(SHOTS) / f"stock-{name}.png")


def go(s: Station, path: str) -> None:
    s.type_url(path)     # a reload keeps the person signed in (app/ui/resume.py)
    s.wait_path(path)


def fill(s: Station, label: str, text: str) -> None:
    field = s.page.locator("flt-semantics-host").get_by_label(label, exact=True)
    field.click()
    s.page.keyboard.type(text, delay=20)
    s.page.keyboard.press("Enter")


def buttons(s: Station, name: str):
    return s.page.locator("flt-semantics-host").get_by_role("button", name=name, exact=True)


def gtin(floor, sku: str) -> str:
    with floor.reader() as uow:
        return uow.session.execute(select(Product.gtin).where(Product.sku == sku)).scalar_one()


def network_total(floor, seller: str, sku: str) -> int:
    """Every unit of the product in the network: every warehouse, receiving, quarantine and in transit."""
    return sum(r.quantity for r in board.on_hand(floor.uow(), SYSTEM, seller=seller, sku=sku, limit=1000))


def suggested_bin(floor, warehouse: str, code: str) -> str:
    """The bin the put-away screen will suggest (the same service, read here)."""
    return inbound.putaway_for(floor.uow(), SYSTEM, warehouse, code).suggested_bin


def ship_transfer(floor, number: str, tote: str) -> str:
    """What the pick and pack screens would do for the transfer's internal order; returns the carton SSCC."""
    with floor.reader() as uow:
        order_id = uow.session.execute(select(Order.id).join(Transfer, Transfer.order_id == Order.id)
                                       .where(Transfer.number == number)).scalar_one()
        task_id = uow.session.execute(select(PickTask.id).join(PickTaskOrder, PickTaskOrder.task_id == PickTask.id)
                                      .where(PickTaskOrder.order_id == order_id)).scalar_one()
    picking.reassign(floor.uow(), SYSTEM, task_id, "1006")
    picker = auth.login(floor.uow(), floor.login_policy, "1006", "1111").actor()
    view = picking.task_view(floor.uow(), picker, task_id)
    while view.step.kind != "done":
        step = view.step
        code = tote if step.kind == "scan_tote" else f"LOC-{step.bin}" if step.kind == "scan_bin" else step.gtin
        view = picking.scan(floor.uow(), picker, task_id, code,
                            quantity=step.remaining if step.kind == "scan_item" else 1).view
    pack = packing.start(floor.uow(), SYSTEM, tote)
    for line in pack.lines:
        if line.picked - line.packed:
            pack = packing.pack_item(floor.uow(), SYSTEM, pack.package_id, gtin(floor, line.sku),
                                     quantity=line.picked - line.packed)
    pack = packing.close(floor.uow(), SYSTEM, floor.packing, pack.package_id, pack.suggested_carton or "M",
                         max(1, pack.expected_weight_g))
    pack = packing.verify_label(floor.uow(), SYSTEM, pack.package_id, pack.tracking_number)
    printjobs.process_due(floor.uow, floor.print_setup)
    return shipping.ship(floor.uow(), SYSTEM, pack.sscc).sscc


def test_receive_put_away_and_transfer_to_the_other_warehouse(site, station):
    _server, floor = site
    acme1, acme2 = gtin(floor, "ACME-0001"), gtin(floor, "ACME-0002")
    dock = station("1001", "1111", "/pick")
    go(dock, "/stock")
    shot(dock, "hub")
    dock.tap("Receive from a seller")
    dock.wait_path("/stock/receive")
    dock.wait_text("Scan the delivery")
    shot(dock, "receive-scan")
    dock.scan("ASN-2026-118")                        # the seller's reference, from the delivery note
    dock.wait_text("INB-10001 · ACME · ASN-2026-118")
    dock.scan(f"]C101{acme1.zfill(14)}3724")          # a case of 24 (GS1-128, count last)
    dock.scan(f"]C101{acme2.zfill(14)}3710")          # a case of 10 ...
    dock.scan(acme2)                                 # ... and one loose unit: 11 of 12
    dock.wait_text("+1 Phone Case, White: 11 of 12")
    dock.wait_text("1 to come", exact=True)
    shot(dock, "receive-progress")
    dock.tap("Damaged unit")
    dock.wait_text("NEXT SCAN IS DAMAGED → QUARANTINE")
    shot(dock, "receive-damaged")
    dock.tap("Damaged: ON")                          # nothing damaged after all
    dock.wait_button("Damaged unit")                 # (a tap on a button the screen just replaced is lost)
    dock.tap("Close inbound")
    dock.wait_button("Yes, close")
    shot(dock, "receive-close-confirm")
    dock.tap("Yes, close")
    dock.wait_text("Closed with 1 discrepancy:")
    dock.wait_text("ACME-0002 short: 12 announced, 11 received, 0 damaged")
    shot(dock, "receive-closed")

    dock.tap("Put away now")                         # the warehouse comes with the inbound: DE1
    dock.wait_path("/stock/putaway")
    dock.wait_text("Scan a unit waiting at receiving")
    for sku, code, n in (("ACME-0002", acme2, 11), ("ACME-0001", acme1, 24)):
        target = suggested_bin(floor, "DE1", code)
        dock.scan(code)
        dock.wait_text(f"{n} waiting at DE1-RECV")
        dock.wait_text(target, exact=True)
        if sku == "ACME-0001":
            suggested = target
            shot(dock, "putaway-bin")
        dock.scan(f"LOC-{target}")
        dock.wait_text(f"in {target}: pickable now.")
    shot(dock, "putaway-done")
    before = network_total(floor, "ACME", "ACME-0001")
    assert sum(r.quantity for r in board.on_hand(floor.uow(), SYSTEM, location="DE1-RECV", seller="ACME")) == 0

    boss = station("1004", "4444", "/board")
    go(boss, "/board/transfers")
    boss.wait_text("TRF-1001 · LUMI · DE1 → PL1")        # the demo's planned transfer
    shot(boss, "transfers-list")
    boss.tap("Plan a transfer")
    fill(boss, "Seller", "ACME")
    buttons(boss, "DE1").first.click()                # From
    boss.wait_button("✓ DE1")
    buttons(boss, "PL1").nth(1).click()               # To
    boss.wait_button("✓ PL1")
    fill(boss, "SKU", "ACME-0001")
    fill(boss, "Quantity", "6")
    shot(boss, "transfers-plan")
    boss.tap("Plan transfer")
    boss.wait_text("TRF-1002 planned: the floor picks it with the next wave.")
    boss.wait_text("TRF-1002 · ACME · DE1 → PL1")

    # the floor's part between the two screens: the wave, the picker, the pack bench, the dock
    waves.release(floor.uow(), SYSTEM, "DE1", max_orders=500, orders_per_task=1)
    sscc = ship_transfer(floor, "TRF-1002", "TOTE-TRF2")
    lumi = ship_transfer(floor, "TRF-1001", "TOTE-TRF1")   # the demo's planned transfer goes too
    assert network_total(floor, "ACME", "ACME-0001") == before          # in transit is still ours
    boss.tap("Refresh")
    boss.wait_text("cartons received 0 of 1")
    shot(boss, "transfers-in-transit")
    boss.page.locator("flt-semantics-host").get_by_role("button", name=re.compile(r"^Planned moves: \d+$")).click()
    boss.wait_button("Plan now")                     # the planner's moves replaced the 14-day suggestions
    shot(boss, "transfers-suggestions")
    boss.tap("Transfers")
    boss.wait_text("TRF-1002 · ACME · DE1 → PL1")

    gate = station("1002", "2222", "/pack")
    go(gate, "/stock/putaway")
    gate.wait_text("Which warehouse are you in?")
    shot(gate, "putaway-warehouse")
    gate.tap("PL1")
    gate.wait_text("Warehouse PL1")
    gate.tap("Back")
    gate.wait_path("/stock")
    gate.tap("Receive a transfer")
    gate.wait_path("/stock/transfer-in")
    gate.scan(sscc)
    gate.wait_text("TRF-1002: carton in (1 of 1). Put it away next.")
    shot(gate, "transfer-in-received")
    gate.tap("Carton differs: enter counts")
    gate.wait_text("Scan the carton that differs")
    gate.scan(lumi)
    gate.wait_text("Count carton")
    left = [l.shipped for l in transfers.get(floor.uow(), SYSTEM, 1).lines]   # LUMI-0001, LUMI-0002
    found = [left[0], left[1] - 1]                                          # one LUMI-0002 is not there
    plus = gate.page.locator("flt-semantics-host").get_by_role("button", name="+", exact=True)
    for i, n in enumerate(found):
        for _ in range(n):
            plus.nth(i).click()
    gate.wait_text(str(found[1]), exact=True)
    shot(gate, "transfer-in-counts")
    gate.tap("Receive with these counts")
    gate.wait_text(f"Received as counted ({sum(found)} units); any difference is reported.")
    gate.tap("Put away now")
    gate.wait_path("/stock/putaway")
    target = suggested_bin(floor, "PL1", acme1)
    gate.scan(acme1)
    gate.wait_text("6 waiting at PL1-RECV")
    gate.wait_text(target, exact=True)
    gate.scan(f"LOC-{target}")
    gate.wait_text(f"6 × Phone Case, Black in {target}: pickable now.")

    boss.tap("Refresh")
    for number in ("TRF-1002", "TRF-1001"):
        boss.wait_button(f"Close {number}")
        boss.tap(f"Close {number}")
        boss.wait_text(f"{number} closed")
    boss.wait_text("Closed: everything that left arrived.")
    boss.wait_text(f"LUMI-0002: {left[1]} shipped, {found[1]} received")
    boss.page.mouse.move(640, 500)
    boss.page.mouse.wheel(0, 400)                     # down to TRF-1001's discrepancies
    shot(boss, "transfers-closed")

    assert network_total(floor, "ACME", "ACME-0001") == before
    ledger = [(r.reason, r.from_location, r.to_location, r.quantity)
              for r in reversed(board.history(floor.uow(), SYSTEM, "ACME", "ACME-0001"))]   # oldest first
    story = ledger[next(i for i, r in enumerate(ledger) if r[0] == "inbound"):]          # the demo's before
    chapters: dict[str, list] = {}
    for reason, src, dst, n in story:
        if not chapters or list(chapters)[-1] != reason:
            chapters[reason if reason not in chapters else f"{reason} again"] = []
        chapters[list(chapters)[-1]].append((src, dst, n))
    assert list(chapters) == ["inbound", "putaway", "pick", "ship", "transfer_in", "putaway again"], story
    assert chapters["inbound"] == [("", "DE1-RECV", 24)]
    assert chapters["putaway"] == [("DE1-RECV", suggested, 24)]
    assert sum(n for *_w, n in chapters["pick"]) == 6 and {d for _s, d, _n in chapters["pick"]} == {"DE1-PACK"}
    assert {(s, d) for s, d, _n in chapters["ship"]} == {("DE1-PACK", "TRANSIT-TRF-1002")}
    assert {(s, d) for s, d, _n in chapters["transfer_in"]} == {("TRANSIT-TRF-1002", "PL1-RECV")}
    assert chapters["putaway again"] == [("PL1-RECV", target, 6)]
    assert sum(n for *_w, n in chapters["ship"]) == sum(n for *_w, n in chapters["transfer_in"]) == 6

    go(boss, "/board/inbound")
    boss.wait_button("Open")
    shot(boss, "inbound-list")
    boss.tap("Open")
    boss.wait_text("Closed with 1 discrepancy:")
    shot(boss, "inbound-open")


def test_a_bin_is_counted_blind_twice_and_the_supervisor_approves(site, station):
    _server, floor = site
    rows = [r for r in board.on_hand(floor.uow(), SYSTEM, seller="TAKO", limit=1000)
            if r.location.startswith("PL1-") and r.kind == "pick" and r.quantity >= 6 and not r.allocated]
    row = next(r for r in rows if sum(1 for o in board.on_hand(floor.uow(), SYSTEM, location=r.location)) == 1)
    boss = station("1004", "4444", "/board")
    go(boss, "/board/counts")
    boss.wait_text("Plan counts")
    fill(boss, "Bin", row.location)
    boss.tap("Count this bin")
    boss.wait_text(f"Bin {row.location} is on the count list.")
    boss.tap("PL1")
    boss.wait_button("✓ PL1")
    boss.tap("Schedule counts")
    boss.wait_text("bins of PL1 to count (not counted in 30 days).")

    counter = station("1001", "1111", "/pick")
    go(counter, "/stock/count")
    for round_ in (1, 2):
        counter.tap("Take the next count")
        counter.wait_text(row.location, exact=True)
        if round_ == 1:
            shot(counter, "count-bin")
        counter.scan(f"LOC-{row.location}")
        counter.scan(f"]C101{gtin(floor, row.sku).zfill(14)}37{row.quantity - 3}")
        counter.scan(gtin(floor, row.sku))
        counter.wait_text(f"{row.sku}: {row.quantity - 2} counted")
        assert counter.text(str(row.quantity), exact=True).count() == 0      # the books are never shown
        if round_ == 1:
            shot(counter, "count-lines")
        counter.tap(f"Submit count: {row.quantity - 2} units")
        counter.tap("Yes, submit")
        counter.wait_text("Count again, please" if round_ == 1 else "a supervisor will check this bin")
        if round_ == 1:
            shot(counter, "count-recount")

    boss.tap("Refresh")
    boss.wait_text("Waiting for your decision: 1")
    boss.wait_text("-2", exact=True)
    shot(boss, "counts-review")
    fill(boss, "Reason (required to approve)", "two counts agree: 2 missing")
    boss.tap("Approve")
    boss.wait_text("Books adjusted.")
    assert sum(r.quantity for r in board.on_hand(floor.uow(), SYSTEM, location=row.location)) == row.quantity - 2
    history = board.history(floor.uow(), SYSTEM, "TAKO", row.sku, row.location)
    assert (history[0].reason, history[0].quantity, history[0].from_location) == ("count", 2, row.location)
