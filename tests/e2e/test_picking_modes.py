"""In Debian's Chromium against `floor serve --demo`: a singles wave of 20 one-unit orders of one SKU is
picked as one total into a cart (bin, Count, one scan) and packed at the singles bench, one unit scanned,
its label printed (opened) at once and verified, twenty times; every order ends packed.

Orders come in through the seller API (PL1, due in 20 minutes, so they are the most urgent) and are released
by the wave service. Screenshots go to docs/screenshots/.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.bootstrap import build
from app.db.models import Location, Order, Tote, Warehouse
from app.domain.roles import Actor
from app.services import auth, picking, stock, waves
from tests.e2e.test_pick_pack_ship import acme_gtin, api, log_in, shown, wait_shown

E2E = Actor.system("e2e")
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SKU = "ACME-0042"


@pytest.fixture(scope="module")
def server_floor(floor_server):
    floor = build(floor_server.settings(), upgrade=False)
    yield floor
    floor.close()


def viral_orders(floor_server, server_floor, n: int, sku: str, quantity: int = 1) -> list[dict]:
    """n orders of one SKU through the API, due before anything else of the demo, and stock for them."""
    with server_floor.reader() as uow:
        bin_code = uow.session.execute(select(Location.code).join(Warehouse, Warehouse.id == Location.warehouse_id)
                                       .where(Warehouse.code == "PL1", Location.kind == "pick")
                                       .order_by(Location.pick_sequence.desc())).scalars().first()
    stock.receive(server_floor.uow(), E2E, "ACME", sku, bin_code, n * quantity)
    ship_by = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=20)
    return [api(floor_server, "/api/v1/orders", {
        "external_ref": f"VIRAL-{uuid.uuid4().hex[:8].upper()}", "warehouse": "PL1", "service_level": "express",
        "ship_by": ship_by.isoformat(),
        "ship_to": {"name": f"Käufer {i}", "lines": ["Hauptstraße 1"], "city": "Berlin", "postal_code": "10115",
                    "country": "DE"},
        "lines": [{"sku": sku, "quantity": quantity}]}) for i in range(n)], ship_by


def test_a_singles_wave_of_20_orders_is_picked_as_one_total_and_packed_one_unit_one_label(
        open_station, floor_server, server_floor):
    orders, ship_by = viral_orders(floor_server, server_floor, 20, SKU)
    wave = waves.release(server_floor.uow(), E2E, "PL1", cutoff=ship_by, max_orders=20, orders_per_task=100,
                         mode="singles")
    assert (wave.orders, wave.tasks) == (20, 1), wave
    cart = f"TOTE-{uuid.uuid4().int % 10**8:08d}"

    picker = open_station("/login")
    log_in(picker, "1006", "1111", "/pick")
    picker.tap("Start picking")
    picker.wait_path("/pick/task")
    picker.wait_text("Scan an empty cart for all 20 orders")
    picker.screenshot(SHOTS / "pick-singles-cart.png")
    picker.scan(cart)
    done = 0
    while True:
        bin_code = wait_shown(picker, "pick.bin", r"^PL1-", timeout=20)
        picker.scan(f"LOC-{bin_code}")
        picker.wait_text("AT BIN ✓")
        qty = int(shown(picker, "pick.qty"))
        if qty == 20:
            picker.screenshot(SHOTS / "pick-singles-total.png")
        if qty > 1:
            picker.tap("Count")
            for digit in str(qty):
                picker.tap(digit)
            picker.tap("OK")
            picker.wait_text(f"it counts {qty}")
        picker.scan(acme_gtin(SKU))
        done += qty
        picker.wait_text(f"Units {done}/20", timeout=20)   # the answer is in before the next bin is read
        picker.page.wait_for_timeout(350)
        if done == 20:
            break
    picker.wait_text("Done: cart to singles packing.")
    picker.screenshot(SHOTS / "pick-singles-done.png")

    packer = open_station("/login")
    packer.page.context.on("page", lambda popup: popup.close())   # each label opens by itself: seen, closed
    log_in(packer, "1007", "2222", "/pack")
    packer.tap("Singles")
    packer.wait_path("/pack/singles")
    packer.wait_text("Scan a singles cart")
    packer.screenshot(SHOTS / "pack-singles-idle.png")
    packer.scan(cart)
    wait_shown(packer, "singles.orders", "^20$", timeout=20)
    packer.screenshot(SHOTS / "pack-singles-cart.png")
    refs = []
    for left in range(19, -1, -1):
        packer.scan(acme_gtin(SKU))
        packer.wait_text("Scan the label on the box")
        wait_shown(packer, "singles.orders", f"^{left}$", timeout=20)
        refs.append(re.search(r"Order (\S+)", shown(packer, "singles.cart")).group(1))
        tracking = re.search(r"Tracking (\S+)", shown(packer, "label.tracking")).group(1)
        if left == 19:
            packer.screenshot(SHOTS / "pack-singles-label.png")
        packer.scan(tracking)
        packer.wait_text("Label OK ✓")
        if left == 18:
            packer.screenshot(SHOTS / "pack-singles-verified.png")
        packer.page.wait_for_timeout(350)
    packer.wait_text("The cart is done. Scan the next cart.")
    ids = [o["id"] for o in orders]
    assert refs == [o["external_ref"] for o in orders]          # pick order: the cart's slots, as released
    with server_floor.reader() as uow:
        statuses = uow.session.execute(select(Order.status).where(Order.id.in_(ids))).scalars().all()
    assert statuses == ["packed"] * 20


def test_a_put_wall_sorts_a_batch_of_10_orders_slot_by_slot(open_station, floor_server, server_floor):
    """10 orders of 1-2 units over three SKUs, batch-picked (by the service: the pick screen is the one above);
    at the put wall every unit scanned lights its order's slot, and every slot ends full, to packing."""
    skus = ("ACME-0043", "ACME-0044", "ACME-0045")
    with server_floor.reader() as uow:
        bins = uow.session.execute(select(Location.code).join(Warehouse, Warehouse.id == Location.warehouse_id)
                                   .where(Warehouse.code == "PL1", Location.kind == "pick")
                                   .order_by(Location.pick_sequence.desc()).limit(3)).scalars().all()
    for sku, bin_code in zip(skus, bins):
        stock.receive(server_floor.uow(), E2E, "ACME", sku, bin_code, 20)
    ship_by = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=15)
    wanted = [[skus[i % 3]] + ([skus[(i + 1) % 3]] if i % 2 else []) for i in range(10)]
    orders = [api(floor_server, "/api/v1/orders", {
        "external_ref": f"BATCH-{uuid.uuid4().hex[:8].upper()}", "warehouse": "PL1", "service_level": "express",
        "ship_by": ship_by.isoformat(),
        "ship_to": {"name": f"Kupujący {i}", "lines": ["ul. Długa 1"], "city": "Gdańsk", "postal_code": "80-827",
                    "country": "PL"},
        "lines": [{"sku": sku, "quantity": 1} for sku in lines]}) for i, lines in enumerate(wanted)]
    wave = waves.release(server_floor.uow(), E2E, "PL1", cutoff=ship_by, max_orders=10, orders_per_task=10,
                         mode="batch")
    assert (wave.orders, wave.tasks) == (10, 1), wave
    picker = auth.login(server_floor.uow(), server_floor.login_policy, "1001", "1111").actor()
    view = picking.claim_next(server_floor.uow(), picker)
    assert view.mode == "batch"
    cart = f"TOTE-{uuid.uuid4().int % 10**8:08d}"
    view = picking.scan(server_floor.uow(), picker, view.task_id, cart).view
    while view.step.kind != "done":
        step = view.step
        code, n = (f"LOC-{step.bin}", 1) if step.kind == "scan_bin" else (acme_gtin(step.sku), step.remaining)
        view = picking.scan(server_floor.uow(), picker, view.task_id, code, quantity=n).view
    assert view.units_picked == 15

    sorter = open_station("/login")
    log_in(sorter, "1007", "2222", "/pack")
    sorter.tap("Put wall")
    sorter.wait_path("/sort")
    sorter.wait_text("Scan a batch cart")
    sorter.scan(cart)
    wait_shown(sorter, "wall.left", "15 units left", timeout=20)
    units = [sku for lines in wanted for sku in lines]
    for n, sku in enumerate(units, start=1):
        sorter.scan(acme_gtin(sku))
        wait_shown(sorter, "wall.left", f" {15 - n} units left", timeout=20)
        assert int(shown(sorter, "wall.slot")) in range(1, 49)
        if n == 7:
            sorter.screenshot(SHOTS / "sort-put-wall.png")
        sorter.page.wait_for_timeout(350)      # the same item twice: not within 300 ms (a double-firing scanner)
    sorter.wait_text("The cart is sorted. Scan the next cart.")
    sorter.screenshot(SHOTS / "sort-put-wall-done.png")
    with server_floor.reader() as uow:
        walls = dict(uow.session.execute(select(Tote.order_id, Tote.status).where(
            Tote.order_id.in_([o["id"] for o in orders]))).all())
    assert walls == {o["id"]: "to_pack" for o in orders}               # every slot full, to packing
    # each order's units went to one slot, and different orders to different slots
    slots = {o["external_ref"]: None for o in orders}
    with server_floor.reader() as uow:
        for ref, tote in uow.session.execute(select(Order.external_ref, Tote.code).join(
                Tote, Tote.order_id == Order.id).where(Order.id.in_([o["id"] for o in orders]))):
            slots[ref] = tote
    assert len(set(slots.values())) == 10 and all(t.startswith("TOTE-W") for t in slots.values())


def test_the_release_screen_proposes_a_mix_for_the_open_orders(open_station, floor_server):
    """The supervisor asks for a mix over the demo's open orders: its ways, tasks, stops and walking show."""
    board = open_station("/login", kind="desktop")
    log_in(board, "1004", "4444", "/board")
    board.type_url("/board/wave")
    board.wait_text("Release orders into a wave")
    board.tap("PL1")
    board.tap("Propose a mix")
    board.wait_text("All as one cluster wave", timeout=20)
    board.wait_text("The mix walks")
    assert re.search(r"walks \d+% of one cluster wave", board.text("The mix walks").first.text_content())
    board.page.set_viewport_size({"width": 1440, "height": 1300})   # a desktop: the form and the mix in one view
    board.screenshot(SHOTS / "board-wave-mix.png")
