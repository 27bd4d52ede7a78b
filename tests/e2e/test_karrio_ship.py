"""Pick-pack-ship in Debian's Chromium with `floor serve --demo` buying its labels from a real karrio server
(generic carrier): the label printed is karrio's, it decodes, the verify scan accepts it, the dock ships it,
the seller's API shows carrier and tracking number. Then karrio stops mid-shift: Close box says so, the box is
"awaiting label" on the bench and the board, karrio comes back, Retry label prints it; nothing ships without
a label and the invariants hold.
"""

from __future__ import annotations

import re
import urllib.request
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from app.bootstrap import build
from app.db.models import CarrierDocument, FloorException, Package, Product, User
from app.domain.roles import Actor
from app.services import packing, picking
from app.services.invariants import violations
from tests.e2e.test_pick_pack_ship import E2E, api, log_in, pick_the_task, released_order
from tests.printing.scanning import decode, fitted_pages
from tests.support.browser import FloorServer

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def karrio_floor(karrio_server, tmp_path_factory):
    """`floor serve --demo` with FLOOR_KARRIO_URL set: every Close box buys its label from karrio."""
    server = FloorServer.start(tmp_path_factory.mktemp("floor-karrio"), env={
        "FLOOR_KARRIO_URL": karrio_server.url, "FLOOR_KARRIO_API_KEY": karrio_server.api_key,
        "FLOOR_KARRIO_TIMEOUT_SECONDS": "10"}, timeout=180)
    floor = build(server.settings(), upgrade=False)
    yield server, floor
    floor.close()
    server.stop()


@pytest.fixture
def station(karrio_floor, chromium, karrio):
    contexts = []

    def open_(path: str = "/login"):
        from tests.support.browser import VIEWPORT, Station
        context = chromium.new_context(viewport=VIEWPORT)
        contexts.append(context)
        return Station(context.new_page(), karrio_floor[0].url).open(path, kind="tablet")

    yield open_
    for context in contexts:
        context.close()


def _pack(packer, floor, order: dict, tote: str) -> int:
    packer.scan(tote)
    packer.wait_text(f"Order {order['external_ref']} · box 1")
    view = None
    with floor.reader() as uow:
        package_id = uow.session.execute(select(Package.id).where(Package.order_id == order["id"])).scalar_one()
    view = packing.pack_view(floor.uow(), E2E, package_id)
    for line in view.lines:
        gtin = line.gtin
        for _ in range(line.picked - line.packed):
            packer.scan(gtin)
            packer.page.wait_for_timeout(350)
    packer.wait_text("All packed. Press Weigh and close.")
    grams = packing.pack_view(floor.uow(), E2E, package_id).expected_weight_g + 20
    packer.tap("Weigh and close")
    for digit in str(grams):
        packer.tap(digit)
    return package_id


def _picked_by_service(floor, order: dict, tote: str) -> None:
    """The picking of the second order through the services (the browser picking is the first test's)."""
    with floor.reader() as uow:
        user_id, name = uow.session.execute(select(User.id, User.name).where(User.badge == "1001")).one()
        gtins = dict(uow.session.execute(select(Product.sku, Product.gtin)).all())
    picker = Actor.user(user_id, name, "picker")
    view = picking.claim_next(floor.uow(), picker)
    for _ in range(50):
        step = view.step
        if step.kind == "done":
            return
        code = tote if step.kind == "scan_tote" else f"LOC-{step.bin}" if step.kind == "scan_bin" else gtins[step.sku]
        view = picking.scan(floor.uow(), picker, view.task_id, code,
                            quantity=step.remaining if step.kind == "scan_item" else 1).view
    raise AssertionError("the pick never finished")


def test_pick_pack_ship_with_karrios_label_in_the_browser(station, karrio_floor, karrio):
    server, floor = karrio_floor
    order = released_order(server, floor, [("ACME-0001", 1), ("ACME-0002", 1)])
    tote = f"TOTE-{uuid.uuid4().int % 10**8:08d}"
    picker = station()
    log_in(picker, "1006", "1111", "/pick")
    picker.tap("Start picking")
    picker.wait_path("/pick/task")
    pick_the_task(picker, ["ACME-0001", "ACME-0002"], tote)

    packer = station()
    log_in(packer, "1007", "2222", "/pack")
    package_id = _pack(packer, floor, order, tote)
    packer.tap("Close box")
    frame = packer.page.locator("#floor-document-picture")   # karrio's label opens by itself, in the page
    frame.wait_for(state="attached", timeout=30_000)
    packer.wait_text("Scan the label on the box")
    assert len(packer.page.context.pages) == 1
    label_path = re.search(r"/print/[0-9a-f]{32}\.pdf$", frame.get_attribute("data-pdf")).group(0)
    with urllib.request.urlopen(server.url + label_path, timeout=30) as reply:
        pdf = reply.read()
    with floor.reader() as uow:
        made = uow.session.execute(select(CarrierDocument.content).where(
            CarrierDocument.package_id == package_id, CarrierDocument.kind == "label")).scalar_one()
    assert pdf == made                                   # the label printed is karrio's, as made
    view = packing.pack_view(floor.uow(), E2E, package_id)
    assert view.carrier == "generic" and view.tracking_number
    codes = [r.text for page in fitted_pages(pdf, 300) for r in decode(page)]
    sscc = next(c for c in codes if c.startswith("(00)")).replace("(00)", "00")   # the generic label's barcode
    assert sscc[2:-1].endswith(view.tracking_number[-6:])
    packer.screenshot(SHOTS / "pack-karrio-label.png", settle=1.0)
    packer.scan("00000000000000000991")
    packer.wait_text("Wrong label!")
    packer.page.wait_for_timeout(350)
    packer.scan(sscc)
    packer.wait_text("Label OK ✓")
    packer.tap("To the dock")
    packer.wait_path("/pack/dock")
    packer.scan(sscc)
    packer.wait_text(f"Shipped {view.tracking_number}. Scan the next package.")
    seen = api(server, f"/api/v1/orders/{order['id']}")
    assert seen["status"] == "shipped"
    assert (seen["packages"][0]["carrier"], seen["packages"][0]["tracking_number"]) == ("generic",
                                                                                        view.tracking_number)


def test_karrio_stopped_mid_shift_awaiting_label_then_retry_prints_it(station, karrio_floor, karrio):
    server, floor = karrio_floor
    order = released_order(server, floor, [("ACME-0003", 1)])
    tote = f"TOTE-{uuid.uuid4().int % 10**8:08d}"
    _picked_by_service(floor, order, tote)
    packer = station()
    log_in(packer, "1002", "2222", "/pack")
    package_id = _pack(packer, floor, order, tote)
    karrio.stop()
    packer.tap("Close box")
    packer.wait_text("AWAITING LABEL")
    packer.wait_text("The carrier service (karrio) is not reachable.")
    packer.screenshot(SHOTS / "pack-awaiting-label.png", settle=1.0)
    view = packing.pack_view(floor.uow(), E2E, package_id)
    assert view.status == "awaiting_label" and not view.tracking_number
    packer.scan(view.sscc)                               # no label: it cannot be verified ...
    packer.wait_text("has no label yet")
    with floor.reader() as uow:                         # ... and the board has it
        assert uow.session.execute(select(FloorException.status).where(
            FloorException.kind == "awaiting_label", FloorException.package_id == package_id)).scalar_one() == "open"
    karrio.run()
    packer.tap("Retry label")
    packer.page.locator("#floor-document-picture").wait_for(state="attached", timeout=30_000)
    packer.wait_text("Scan the label on the box")
    view = packing.pack_view(floor.uow(), E2E, package_id)
    assert view.status == "labelled" and view.carrier == "generic"
    packer.scan(view.tracking_number[-6:])
    packer.wait_text("Label OK ✓")
    with floor.reader() as uow:
        assert uow.session.execute(select(FloorException.status).where(
            FloorException.kind == "awaiting_label", FloorException.package_id == package_id)).scalar_one() \
            == "resolved"
    assert violations(floor.reader()) == []
