"""Close box buys the carrier's label from a real karrio server (generic carrier): printed as made, its
barcode decoded and accepted by the verify scan, shipped at the dock; karrio down -> awaiting label."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.db.models import CarrierDocument, CartonType, FloorException, Package, PrintJob, Product
from app.domain.errors import WrongScan
from app.domain.orders import AddressIn, LineIn, OrderIn
from app.services import orders, packing, printjobs, shipping
from app.services.karrio import KarrioCarrier
from tests.printing.scanning import decode, fitted_pages
from tests.support.factories import SYSTEM
from tests.support.flows import gtin_of, pick_all, release


@pytest.fixture
def shipping_site(site, floor, karrio):
    """The test site with its packing policy buying labels from the session's karrio server."""
    floor.packing = dataclasses.replace(floor.packing, carrier=KarrioCarrier(karrio.url, karrio.api_key, timeout=10))
    site.receive("S1", "S1-P1", "W1-A-3", 10)
    site.receive("S1", "S1-P2", "W1-A-1", 10)
    return site


def _to_close(site, tote: str):
    floor, actor = site.floor, site.actor("packer")
    view = packing.start(floor.uow(), actor, tote)
    for line in view.lines:
        if line.picked - line.packed:
            view = packing.pack_item(floor.uow(), actor, view.package_id, gtin_of(site, line.sku),
                                     quantity=line.picked - line.packed)
    return view


def _close(site, view, **kw):
    floor = site.floor
    return packing.close(floor.uow(), site.actor("packer"), floor.packing, view.package_id,
                         view.suggested_carton or "M", view.expected_weight_g, **kw)


def _barcodes(pdf: bytes) -> list[str]:
    return [r.text for page in fitted_pages(pdf, 300) for r in decode(page)]


def test_close_box_buys_karrios_label_it_prints_as_made_decodes_verifies_and_ships(shipping_site, floor, karrio):
    site = shipping_site
    order = site.order("S1", "KAR-1", [("S1-P1", 2)])
    release(site)
    pick_all(site, totes=("TOTE-0101",))
    view = _close(site, _to_close(site, "TOTE-0101"))
    assert view.status == "labelled", view.message
    assert view.carrier == "generic" and view.tracking_number == view.sscc   # the parcel's reference: the SSCC
    # karrio's side: the shipment with the box's real weight and carton
    with floor.reader() as uow:
        shipment_id = uow.session.get(Package, view.package_id).carrier_shipment_id
    bought = karrio.call("GET", f"/v1/shipments/{shipment_id}")
    assert bought["tracking_number"] == view.tracking_number
    parcel = bought["parcels"][0]
    with floor.reader() as uow:
        pkg = uow.session.get(Package, view.package_id)
        label = uow.session.execute(select(CarrierDocument).where(CarrierDocument.package_id == pkg.id)).scalar_one()
        carton = uow.session.get(CartonType, pkg.carton_type)
        assert pkg.carrier_shipment_id == bought["id"]
        assert (parcel["weight"], parcel["weight_unit"]) == (round(pkg.weight_g / 1000, 3), "KG")
        assert (parcel["length"], parcel["width"], parcel["height"], parcel["dimension_unit"]) == (
            carton.length_mm / 10, carton.width_mm / 10, carton.height_mm / 10, "CM")
        label_format, label_content = label.format, label.content
    assert label_format == "pdf" and label_content.startswith(b"%PDF")
    printjobs.process_due(floor.uow, floor.print_setup)
    with floor.reader() as uow:
        state, ref = uow.session.execute(select(PrintJob.state, PrintJob.external_ref).where(
            PrintJob.document == "carrier_label")).one()
        assert state == "done"
    spooled = (floor.print_setup.spool_dir / f"{ref}.pdf").read_bytes()
    assert spooled == label_content                          # printed byte for byte as karrio made it
    scanned = [code for code in _barcodes(spooled) if code.startswith("(00)")]
    assert scanned, "no SSCC barcode decoded on karrio's label"
    packer = site.actor("packer")
    with pytest.raises(WrongScan, match="Wrong label"):
        packing.verify_label(floor.uow(), packer, view.package_id, "00000000000000000991")
    verified = packing.verify_label(floor.uow(), packer, view.package_id, scanned[0].replace("(00)", "00"))
    assert verified.status == "verified"
    shipped = shipping.ship(floor.uow(), packer, scanned[0].replace("(00)", "00"))   # the dock scans the same
    assert shipped.order_status == "shipped" and shipped.tracking_number == view.tracking_number
    seen = orders.get_order(floor.uow(), SYSTEM, order.id)
    assert (seen.packages[0].carrier, seen.packages[0].tracking_number) == ("generic", view.tracking_number)


def test_karrio_stopped_mid_shift_the_box_waits_awaiting_label_and_retry_prints_it(shipping_site, floor, karrio):
    site = shipping_site
    site.order("S1", "KAR-DOWN", [("S1-P2", 1)])
    release(site)
    pick_all(site, totes=("TOTE-0102",))
    view = _to_close(site, "TOTE-0102")
    before = {s["id"] for s in karrio.shipments()}   # the session's karrio keeps other tests' shipments
    karrio.stop()
    waiting = _close(site, view)
    assert waiting.status == "awaiting_label" and not waiting.tracking_number
    assert "karrio" in waiting.message and waiting.message.count(".") <= 2   # one sentence to act on
    packer = site.actor("packer")
    with pytest.raises(WrongScan, match="not waiting for its label scan"):
        packing.verify_label(floor.uow(), packer, view.package_id, waiting.sscc)
    with pytest.raises(WrongScan, match="not ready"):
        shipping.ship(floor.uow(), packer, waiting.sscc)       # nothing leaves without a label
    with floor.reader() as uow:
        exc_id, status, package_id = uow.session.execute(select(
            FloorException.id, FloorException.status, FloorException.package_id).where(
            FloorException.kind == "awaiting_label")).one()
        assert status == "open" and package_id == view.package_id
        assert not uow.session.execute(select(PrintJob)).first()
    again = packing.buy_label(floor.uow(), packer, floor.packing, view.package_id)   # still down
    assert again.status == "awaiting_label" and again.label_problem
    karrio.run()
    done = packing.buy_label(floor.uow(), packer, floor.packing, view.package_id)
    assert done.status == "labelled" and done.tracking_number == done.sscc and not done.label_problem
    twice = packing.buy_label(floor.uow(), packer, floor.packing, view.package_id)   # a second tap buys nothing
    assert twice.tracking_number == done.tracking_number
    assert [s["tracking_number"] for s in karrio.shipments() if s["id"] not in before] == [done.tracking_number]
    with floor.reader() as uow:
        assert uow.session.get(FloorException, exc_id).status == "resolved"
    packing.verify_label(floor.uow(), packer, view.package_id, done.tracking_number[-6:])
    assert shipping.ship(floor.uow(), packer, done.sscc).order_status == "shipped"


def test_an_international_parcel_goes_with_its_customs_and_a_cn23_is_printed(shipping_site, floor, karrio):
    site = shipping_site
    data = OrderIn(
        external_ref="KAR-US", warehouse="W1", service_level="standard",
        ship_by=datetime.now(UTC).replace(microsecond=0) + timedelta(hours=24),
        ship_to=AddressIn(name="Ada Byron", lines=("350 5th Ave",), city="New York", region="NY",
                          postal_code="10118", country="US", phone="+1 212 736 3100"),
        lines=(LineIn("S1-P1", 2, Decimal("12.50"), "EUR"), LineIn("S1-P2", 1, Decimal("30.00"), "EUR")))
    orders.accept_order(floor.uow(), SYSTEM, data, seller="S1")
    release(site)
    pick_all(site, totes=("TOTE-0103",))
    view = _to_close(site, "TOTE-0103")
    assert view.international
    # HS code and country of origin as the catalogue holds them
    customs = {"S1-P1": ("691200", "PL"), "S1-P2": ("420292", "DE")}
    with floor.uow() as uow:
        for product in uow.session.scalars(select(Product).where(Product.sku.in_(customs))):
            product.hs_code, product.country_of_origin = customs[product.sku]
        uow.commit()
    done = _close(site, view)
    assert done.status == "labelled", done.message
    with floor.reader() as uow:
        shipment_id = uow.session.get(Package, view.package_id).carrier_shipment_id
    got = karrio.call("GET", f"/v1/shipments/{shipment_id}")["customs"]
    lines = sorted((c["sku"], c["quantity"], c["value_amount"], c["value_currency"], c["hs_code"], c["origin_country"])
                   for c in got["commodities"])
    assert lines == [("S1-P1", 2, 12.5, "EUR", "691200", "PL"), ("S1-P2", 1, 30.0, "EUR", "420292", "DE")]
    printjobs.process_due(floor.uow, floor.print_setup)
    with floor.reader() as uow:
        form = uow.session.execute(select(CarrierDocument.content).where(
            CarrierDocument.kind == "customs")).scalar_one()
        job = uow.session.execute(select(PrintJob.state).where(PrintJob.document == "customs_form")).scalar_one()
    assert job == "done" and form.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(form)).pages[0].extract_text()
    assert "CN23" in text and "691200" in text and done.tracking_number in text and "55.00 EUR" in text



def test_a_bench_with_a_zebra_gets_karrios_zpl_sent_to_the_printer_byte_for_byte(shipping_site, floor, karrio):
    from app.db.models import Printer, Station
    from tests.printing.conftest import ZebraListener

    site, zebra = shipping_site, ZebraListener()
    try:
        with floor.uow() as uow:
            printer = Printer(name="Bench Zebra", kind="zpl", config={"host": "127.0.0.1", "port": zebra.port,
                                                                       "dpi": 203})
            uow.session.add(printer)
            uow.session.flush()
            station = Station(client_id="bench-zebra", name="Bench Z", kind="tablet", default_printer_id=printer.id,
                              user_id=site.actor("packer").user_id)
            uow.session.add(station)
            uow.session.commit()
            station_id = station.id
        site.order("S1", "KAR-ZPL", [("S1-P1", 1)])
        release(site)
        pick_all(site, totes=("TOTE-0104",))
        view = _to_close(site, "TOTE-0104")
        packer = dataclasses.replace(site.actor("packer"), station_id=station_id)
        done = packing.close(floor.uow(), packer, floor.packing, view.package_id, view.suggested_carton or "M",
                             view.expected_weight_g)
        assert done.status == "labelled", done.message
        printjobs.process_due(floor.uow, floor.print_setup)
        assert zebra.done.wait(10)
        with floor.reader() as uow:
            fmt, made = uow.session.execute(select(CarrierDocument.format, CarrierDocument.content).where(
                CarrierDocument.package_id == view.package_id, CarrierDocument.kind == "label")).one()
            states = dict(uow.session.execute(select(PrintJob.document, PrintJob.state)).all())
    finally:
        zebra.close()
    assert fmt == "zpl" and made.lstrip().startswith(b"^XA")
    assert zebra.received == [made]                      # the carrier's ZPL, as made, on the Zebra
    assert states == {"carrier_label": "done", "packing_slip": "done"}


def test_a_service_the_carrier_refuses_is_one_sentence_and_another_service_buys_it(shipping_site, floor, karrio):
    site = shipping_site
    site.order("S1", "KAR-SVC", [("S1-P1", 1)])
    release(site)
    pick_all(site, totes=("TOTE-0105",))
    view = _to_close(site, "TOTE-0105")
    packer = site.actor("packer")
    with floor.uow() as uow:   # the seller's fixed choice is a service this karrio does not offer
        from app.db.models import Seller
        uow.session.execute(select(Seller).where(Seller.code == "S1")).scalar_one().carrier_service = "ups_ground"
        uow.commit()
    waiting = _close(site, view)
    assert waiting.status == "awaiting_label"
    assert waiting.message == "The carrier offers no service for this parcel (seller's choice ups_ground)."
    assert packing.label_services(floor.uow(), packer, floor.packing, view.package_id) == ("standard_service",)
    refused = packing.buy_label(floor.uow(), packer, floor.packing, view.package_id, "fedex_ground")
    assert refused.status == "awaiting_label" and refused.message.startswith("The carrier refused the label:")
    done = packing.buy_label(floor.uow(), packer, floor.packing, view.package_id, "standard_service")
    assert done.status == "labelled" and done.service == "standard_service"
    packing.verify_label(floor.uow(), packer, view.package_id, done.tracking_number)
    shipping.ship(floor.uow(), packer, done.sscc)
    with floor.reader() as uow:   # the day's manifest for the carrier lists it (Floor's: generic has none)
        from app.services.documents import manifest
        sheet = manifest(uow, uow.session.get(Package, view.package_id).warehouse_id, carrier="generic",
                         day=datetime.now(UTC).date().isoformat())
    assert [r.tracking_number for r in sheet.rows] == [done.tracking_number]


def test_a_held_box_released_by_the_supervisor_gets_karrios_label(shipping_site, floor, karrio):
    site = shipping_site
    site.order("S1", "KAR-HELD", [("S1-P2", 1)])
    release(site)
    pick_all(site, totes=("TOTE-0106",))
    view = _to_close(site, "TOTE-0106")
    held = packing.close(floor.uow(), site.actor("packer"), floor.packing, view.package_id,
                         view.suggested_carton or "M", view.expected_weight_g * 3)
    assert held.status == "held" and not held.tracking_number
    released = packing.release_hold(floor.uow(), site.actor("supervisor"), floor.packing, view.package_id,
                                    "weighed again: the carton is heavier")
    assert released.status == "labelled" and released.carrier == "generic" and released.tracking_number


def test_the_singles_packer_gets_the_carriers_label_for_each_unit(shipping_site, floor, karrio):
    """A singles cart through karrio: each unit's box is closed, its label bought after the close committed,
    verified by the carrier's own barcode; nothing stays awaiting a label."""
    from app.services import singles
    from tests.integration.test_singles import _pick_everything

    site = shipping_site
    for i in range(1, 3):
        site.order("S1", f"ONE-K{i}", [("S1-P1", 1)])
    release(site, mode="singles", orders_per_task=100)
    _pick_everything(site)
    packer = site.actor("packer")
    singles.start(floor.uow(), packer, "TOTE-CART1")
    before = {s["id"] for s in karrio.shipments()}   # the session's karrio holds other tests' shipments too
    bought = []
    for _ in range(2):
        got = singles.pack_unit(floor.uow(), packer, floor.packing, "TOTE-CART1", gtin_of(site, "S1-P1"))
        assert got.box.status == "labelled" and got.box.tracking_number, got.message
        bought.append(got.box.tracking_number)
        singles.verify(floor.uow(), packer, "TOTE-CART1", got.box.package_id, got.box.tracking_number[-6:])
    new = [s["tracking_number"] for s in karrio.shipments() if s["id"] not in before]   # newest first
    assert sorted(new) == sorted(bought)
    with floor.reader() as uow:
        assert not uow.session.execute(select(Package.id).where(Package.status == "awaiting_label")).first()
