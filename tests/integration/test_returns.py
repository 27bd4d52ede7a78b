"""Free returns: authorise with a label, receive at the kiosk, grade, decide, restock, close, refund trigger."""

from __future__ import annotations

import io
import socket

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import select

from app.db.models import FloorException, LedgerEntry, ReturnPhoto, Station, Stock, WebhookEvent
from app.domain.errors import DomainError, InvalidInput, NotFound, PermissionDenied, WrongScan
from app.server import create_app
from app.services import return_units, returns, sellers, stations, webhook_delivery
from tests.support.factories import SYSTEM
from tests.support.flows import gtin_of, pack_and_ship, pick_all, release
from tests.support.webhook_receiver import Receiver, loopback_setup

LOOP = loopback_setup()


@pytest.fixture
def shipped(site, floor):
    """Order R-1 of seller S1 (2 x S1-P1, 1 x S1-P2) shipped from W1."""
    site.receive("S1", "S1-P1", "W1-A-3", 5)
    site.receive("S1", "S1-P2", "W1-A-1", 5)
    order = site.order("S1", "R-1", [("S1-P1", 2), ("S1-P2", 1)])
    release(site)
    pick_all(site, totes=("TOTE-R1",))
    pack_and_ship(site, "TOTE-R1")
    site.order_id = order.id
    return site


@pytest.fixture
def client(shipped):
    with TestClient(create_app(shipped.floor), raise_server_exceptions=False) as c:
        yield c


def auth(site, seller="S1"):
    return {"Authorization": f"Bearer {site.tokens[seller]}"}


def authorise(site, lines=(("S1-P1", 2),), **kw):
    return returns.authorise(site.floor.uow(), SYSTEM, site.order_id,
                             [returns.LineRequest(s, q, "too small") for s, q in lines], "does not fit", **kw)


def photo(size=(64, 48), fmt="JPEG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return out.getvalue()


def test_the_shop_authorises_a_return_and_gets_a_label_that_scans(shipped, client):
    from tests.printing.scanning import decode, raster_pages

    r = client.post("/api/v1/returns", json={"order_id": shipped.order_id, "reason": "too small",
                                             "lines": [{"sku": "S1-P1", "quantity": 2}]}, headers=auth(shipped))
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["number"].startswith("RMA-") and body["return_label_url"].endswith(".pdf")
    pdf = client.get(body["return_label_url"])
    reads = {x.text for page in raster_pages(pdf.content, 203) for x in decode(page)}
    assert body["number"] in reads
    got = client.get(f"/api/v1/returns/{body['number']}", headers=auth(shipped))
    assert got.status_code == 200 and got.json()["lines"][0]["authorised"] == 2


@pytest.mark.parametrize("lines, field", [
    ([{"sku": "S1-P1", "quantity": 3}], "lines[0].quantity"),   # more than shipped
    ([{"sku": "S2-P1", "quantity": 1}], "lines[0].sku"),        # another seller's product
    ([{"sku": "S1-P1", "quantity": 0}], "lines[0].quantity"),
])
def test_returning_more_than_shipped_or_another_sellers_line_is_refused(shipped, client, lines, field):
    r = client.post("/api/v1/returns", json={"order_id": shipped.order_id, "lines": lines}, headers=auth(shipped))
    assert r.status_code == 422 and field in r.json()["fields"], r.text


def test_another_seller_cannot_authorise_a_return_of_this_order(shipped, client):
    r = client.post("/api/v1/returns", json={"order_id": shipped.order_id, "lines": [{"sku": "S1-P1", "quantity": 1}]},
                    headers=auth(shipped, "S2"))
    assert r.status_code == 404


def test_an_order_not_shipped_cannot_be_returned(shipped, client):
    other = shipped.order("S1", "R-NOTYET", [("S1-P1", 1)])
    r = client.post("/api/v1/returns", json={"order_id": other.id, "lines": [{"sku": "S1-P1", "quantity": 1}]},
                    headers=auth(shipped))
    assert r.status_code == 422 and "nothing of S1-P1 was shipped" in r.json()["fields"]["lines[0].sku"]


def test_two_returns_cannot_together_exceed_what_was_shipped(shipped):
    authorise(shipped, (("S1-P1", 1),))
    authorise(shipped, (("S1-P1", 1),))
    with pytest.raises(InvalidInput):
        authorise(shipped, (("S1-P1", 1),))


def test_the_kiosk_receives_grades_restocks_quarantines_closes_and_the_seller_hears_once(shipped, floor):
    site, clerk = shipped, shipped.actor("returns_clerk")
    receiver = Receiver()
    try:
        sellers.configure_webhook(floor.uow(), SYSTEM, "S1", receiver.url, "s3cret", policy=LOOP.urls,
                                  events=("return.closed",))
        rma = authorise(site)
        found = returns.find(floor.uow(), clerk, rma.number)
        assert found.rma.number == rma.number and found.rma.lines[0].authorised == 2
        gtin = gtin_of(site, "S1-P1")
        good = return_units.receive(floor.uow(), clerk, rma.id, gtin).unit
        bad = return_units.receive(floor.uow(), clerk, rma.id, gtin).unit
        good = return_units.grade(floor.uow(), clerk, good.id, "A", "as_described")
        assert good.proposed == "restock"
        bad = return_units.grade(floor.uow(), clerk, bad.id, "D", "damaged_in_transit", "crushed corner")
        return_units.add_photo(floor.uow(), clerk, floor.settings.photos_dir, bad.id, photo())
        good = return_units.dispose(floor.uow(), clerk, good.id, "restock")
        assert good.status == "to_put_away" and good.suggested_bin == "W1-A-3"
        bad = return_units.dispose(floor.uow(), clerk, bad.id, "quarantine")
        assert bad.location == "W1-QUAR"
        good = return_units.put_away(floor.uow(), clerk, good.id, "LOC-W1-A-3")
        with pytest.raises(WrongScan, match="put away already"):
            return_units.put_away(floor.uow(), clerk, good.id, "LOC-W1-A-3")
        closed = returns.close(floor.uow(), clerk, rma.id)
        assert closed.status == "closed"
        assert closed.outcome["lines"][0]["grades"] == {"A": 1, "D": 1}
        assert closed.outcome["lines"][0]["dispositions"] == {"restock": 1, "quarantine": 1}
        assert webhook_delivery.deliver_due(floor.uow, LOOP) == 1
        assert webhook_delivery.deliver_due(floor.uow, LOOP) == 0
        assert len(receiver.received) == 1
        sent = receiver.received[0]
        assert sent["body"]["data"]["rma"] == rma.number
        assert sent["headers"]["X-Floor-Signature"].startswith("sha256=")
    finally:
        receiver.close()
    with floor.reader() as uow:
        reasons = list(uow.session.execute(select(LedgerEntry.reason).where(
            LedgerEntry.ref_type == "return_unit").order_by(LedgerEntry.id)).scalars())
        assert reasons == ["return_in", "return_in", "return_quarantine", "return_restock"]
        assert len(uow.session.execute(select(ReturnPhoto)).all()) == 1


def test_the_restocked_unit_can_be_picked_again_at_once(shipped, floor):
    site, clerk = shipped, shipped.actor("returns_clerk")
    rma = authorise(site, (("S1-P2", 1),))
    unit = return_units.receive(floor.uow(), clerk, rma.id, gtin_of(site, "S1-P2")).unit
    return_units.grade(floor.uow(), clerk, unit.id, "A", "changed_mind")
    return_units.dispose(floor.uow(), clerk, unit.id, "restock")
    return_units.put_away(floor.uow(), clerk, unit.id, "LOC-W1-A-6")
    # every other S1-P2 unit is taken by an order; the next one can only get the returned unit
    site.order("S1", "AFTER-1", [("S1-P2", 4)])
    site.order("S1", "AFTER-2", [("S1-P2", 1)])
    release(site, orders_per_task=2)
    done = pick_all(site, totes=("TOTE-A1", "TOTE-A2"))
    assert done.units_picked == 5


def test_the_webhook_is_retried_while_the_receiver_is_down_and_delivered_once_when_it_is_back(shipped, floor):
    site, clerk = shipped, shipped.actor("returns_clerk")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sellers.configure_webhook(floor.uow(), SYSTEM, "S1", f"http://127.0.0.1:{port}/down", policy=LOOP.urls)
    rma = authorise(site, (("S1-P2", 1),))
    returns.close(floor.uow(), clerk, rma.id)  # nothing came: the unit is recorded missing
    assert webhook_delivery.deliver_due(floor.uow, LOOP) == 0
    with floor.reader() as uow:
        event = uow.session.execute(select(WebhookEvent)).scalar_one()
        assert event.status == "pending" and event.attempts == 1 and "Connect" in event.last_error
    receiver = Receiver()
    try:
        sellers.configure_webhook(floor.uow(), SYSTEM, "S1", receiver.url, policy=LOOP.urls)
        with floor.uow() as uow:
            uow.session.execute(WebhookEvent.__table__.update().values(next_attempt_at=uow.now()))
            uow.commit()
        assert webhook_delivery.deliver_due(floor.uow, LOOP) == 1
        assert webhook_delivery.deliver_due(floor.uow, LOOP) == 0
        assert len(receiver.received) == 1
        assert receiver.received[0]["body"]["data"]["lines"][0]["missing"] == 1
    finally:
        receiver.close()


def test_a_unit_not_on_the_rma_is_recorded_as_a_wrong_item(shipped, floor):
    site, clerk = shipped, shipped.actor("returns_clerk")
    rma = authorise(site, (("S1-P1", 1),))
    got = return_units.receive(floor.uow(), clerk, rma.id, gtin_of(site, "S1-P3"))
    assert got.unit.grade == "wrong_item" and "wrong item" in got.message
    junk = return_units.receive(floor.uow(), clerk, rma.id, gtin_of(site, "S2-P1"))
    assert junk.unit.grade == "not_ours"  # another seller's product never enters this seller's stock
    with pytest.raises(DomainError):
        return_units.dispose(floor.uow(), clerk, junk.unit.id, "restock", "try")


def test_over_return_at_the_kiosk_needs_the_extra_button(shipped, floor):
    site, clerk = shipped, shipped.actor("returns_clerk")
    rma = authorise(site, (("S1-P1", 1),))
    gtin = gtin_of(site, "S1-P1")
    return_units.receive(floor.uow(), clerk, rma.id, gtin)
    with pytest.raises(WrongScan, match="record it as an extra"):
        return_units.receive(floor.uow(), clerk, rma.id, gtin)
    extra = return_units.receive(floor.uow(), clerk, rma.id, gtin, as_extra=True)
    assert extra.unit.grade == "wrong_item"


def test_a_retried_receive_scan_has_one_effect(shipped, floor):
    site, clerk = shipped, shipped.actor("returns_clerk")
    rma = authorise(site)
    a = return_units.receive(floor.uow(), clerk, rma.id, gtin_of(site, "S1-P1"), key="ret:scan-000001")
    b = return_units.receive(floor.uow(), clerk, rma.id, gtin_of(site, "S1-P1"), key="ret:scan-000001")
    assert a == b and len(b.rma.units) == 1


def test_overriding_the_rules_needs_a_reason_which_is_kept(shipped, floor):
    site, clerk = shipped, shipped.actor("returns_clerk")
    rma = authorise(site, (("S1-P1", 1),))
    unit = return_units.receive(floor.uow(), clerk, rma.id, gtin_of(site, "S1-P1")).unit
    return_units.grade(floor.uow(), clerk, unit.id, "A", "as_described")
    with pytest.raises(InvalidInput) as err:
        return_units.dispose(floor.uow(), clerk, unit.id, "liquidate")
    assert "override_reason" in err.value.fields
    unit = return_units.dispose(floor.uow(), clerk, unit.id, "liquidate", "seasonal item, seller asked")
    assert unit.override_reason == "seasonal item, seller asked"


@pytest.mark.parametrize("data, problem", [
    (b"x" * (5 * 1024 * 1024 + 1), "at most 5 MB"),
    (b"%PDF-1.7 not an image", "not a photo"),
    (b"", "empty"),
])
def test_a_photo_too_large_or_not_an_image_is_refused_and_nothing_is_saved(shipped, floor, data, problem):
    site, clerk = shipped, shipped.actor("returns_clerk")
    rma = authorise(site, (("S1-P1", 1),))
    unit = return_units.receive(floor.uow(), clerk, rma.id, gtin_of(site, "S1-P1")).unit
    with pytest.raises(InvalidInput, match=problem):
        return_units.add_photo(floor.uow(), clerk, floor.settings.photos_dir, unit.id, data)
    assert not floor.settings.photos_dir.exists() or not list(floor.settings.photos_dir.iterdir())


def test_a_units_photos_come_back_small_upright_and_a_missing_file_says_so(shipped, floor):
    site, clerk = shipped, shipped.actor("returns_clerk")
    rma = authorise(site, (("S1-P1", 1),))
    unit = return_units.receive(floor.uow(), clerk, rma.id, gtin_of(site, "S1-P1")).unit
    sideways = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6   # Orientation: the camera was held on its side; shown, the photo turns 90 degrees
    Image.new("RGB", (1600, 900), (200, 30, 30)).save(sideways, "JPEG", exif=exif)
    photos_dir = floor.settings.photos_dir
    first = return_units.add_photo(floor.uow(), clerk, photos_dir, unit.id, sideways.getvalue())
    return_units.add_photo(floor.uow(), clerk, photos_dir, unit.id, photo((640, 480), "PNG"))
    (photos_dir / first.file_name).unlink()   # someone cleaned the folder by hand
    small = return_units.thumbnails(floor.uow(), site.actor("supervisor"), photos_dir, unit.id)
    assert small[0].data is None
    with Image.open(io.BytesIO(small[1].data)) as img:
        assert (img.format, img.size) == ("JPEG", (320, 240))
    return_units.add_photo(floor.uow(), clerk, photos_dir, unit.id, sideways.getvalue())
    upright = return_units.thumbnails(floor.uow(), clerk, photos_dir, unit.id)[2]
    with Image.open(io.BytesIO(upright.data)) as img:
        assert img.size == (180, 320)
    with pytest.raises(NotFound):
        return_units.thumbnails(floor.uow(), clerk, photos_dir, 999999)
    with pytest.raises(PermissionDenied):
        return_units.thumbnails(floor.uow(), site.actor("picker"), photos_dir, unit.id)


def test_an_unknown_rma_and_an_rma_of_another_warehouse_say_so(shipped, floor):
    site = shipped
    with pytest.raises(NotFound, match="RMA-999999"):
        returns.find(floor.uow(), site.actor("returns_clerk"), "RMA-999999")
    rma = authorise(site, (("S1-P1", 1),))
    kiosk = stations.register(floor.uow(), "kiosk-w2-000001", "kiosk")
    with floor.uow() as uow:
        from app.db.models import Warehouse
        uow.session.get(Station, kiosk.id).warehouse_id = uow.session.execute(
            select(Warehouse.id).where(Warehouse.code == "W2")).scalar_one()
        uow.commit()
    from app.services import auth
    clerk_w2 = auth.login(floor.uow(), floor.login_policy, "2003", "3333", kiosk.id).actor()
    with pytest.raises(DomainError, match="warehouse W1"):
        returns.find(floor.uow(), clerk_w2, rma.number)


def test_a_parcel_without_rma_is_received_against_its_order_and_flagged(shipped, floor):
    site, clerk = shipped, shipped.actor("returns_clerk")
    with floor.reader() as uow:
        from app.db.models import Package
        tracking = uow.session.execute(select(Package.tracking_number)).scalar_one()
    found = returns.find(floor.uow(), clerk, tracking)
    assert found.rma is None and found.order_ref == "R-1"
    rma = returns.receive_unexpected(floor.uow(), clerk, found.order_id)
    unit = return_units.receive(floor.uow(), clerk, rma.id, gtin_of(site, "S1-P2")).unit
    return_units.grade(floor.uow(), clerk, unit.id, "B", "changed_mind")
    return_units.dispose(floor.uow(), clerk, unit.id, "refurbish")
    closed = returns.close(floor.uow(), clerk, rma.id)
    assert closed.unexpected and closed.outcome["lines"] and all(l["missing"] == 0 for l in closed.outcome["lines"])
    with floor.reader() as uow:
        assert [e.kind for e in uow.session.execute(select(FloorException)).scalars()] == ["unexpected_return"]


def test_closing_with_an_undecided_unit_is_refused(shipped, floor):
    site, clerk = shipped, shipped.actor("returns_clerk")
    rma = authorise(site, (("S1-P1", 1),))
    return_units.receive(floor.uow(), clerk, rma.id, gtin_of(site, "S1-P1"))
    with pytest.raises(DomainError, match="still need"):
        returns.close(floor.uow(), clerk, rma.id)


def test_a_picker_cannot_use_the_returns_services(shipped, floor):
    from app.domain.errors import PermissionDenied

    rma = authorise(shipped, (("S1-P1", 1),))
    with pytest.raises(PermissionDenied):
        return_units.receive(floor.uow(), shipped.actor("picker"), rma.id, gtin_of(shipped, "S1-P1"))


def test_stock_of_the_returned_units_stays_with_their_seller(shipped, floor):
    site, clerk = shipped, shipped.actor("returns_clerk")
    rma = authorise(site, (("S1-P1", 1),))
    unit = return_units.receive(floor.uow(), clerk, rma.id, gtin_of(site, "S1-P1")).unit
    return_units.grade(floor.uow(), clerk, unit.id, "A", "as_described")
    return_units.dispose(floor.uow(), clerk, unit.id, "restock")
    return_units.put_away(floor.uow(), clerk, unit.id, "LOC-W1-A-2")  # a bin that holds S2 stock too
    with floor.reader() as uow:
        from app.db.models import Location, Seller
        rows = uow.session.execute(select(Seller.code, Stock.quantity).join(Seller, Seller.id == Stock.seller_id)
                                   .join(Location, Location.id == Stock.location_id)
                                   .where(Location.code == "W1-A-2")).all()
    assert ("S1", 1) in rows


def test_a_quarantined_unit_waits_on_the_supervisors_list_until_decided_again(shipped, floor):
    from app.domain.errors import PermissionDenied

    site, clerk = shipped, shipped.actor("returns_clerk")
    rma = authorise(site, (("S1-P1", 1),))
    unit = return_units.receive(floor.uow(), clerk, rma.id, gtin_of(site, "S1-P1")).unit
    return_units.grade(floor.uow(), clerk, unit.id, "D", "damaged_in_transit")
    return_units.dispose(floor.uow(), clerk, unit.id, "quarantine")
    returns.close(floor.uow(), clerk, rma.id)
    with floor.reader() as uow:
        exc = uow.session.execute(select(FloorException).where(FloorException.kind == "quarantine")).scalar_one()
        assert exc.status == "open" and exc.detail["unit_id"] == unit.id
        exc_id = exc.id
    with pytest.raises(PermissionDenied):
        return_units.redispose(floor.uow(), clerk, unit.id, "restock", "fine after all")
    again = return_units.redispose(floor.uow(), site.actor("supervisor"), unit.id, "restock", "seller checked: fine")
    assert again.status == "to_put_away" and again.disposition == "restock"
    done = return_units.put_away(floor.uow(), site.actor("supervisor"), unit.id, "LOC-W1-A-3")
    assert done.status == "done" and done.location == "W1-A-3"
    with floor.reader() as uow:
        assert uow.session.get(FloorException, exc_id).status == "resolved"


def test_units_not_yet_in_their_final_place_show_on_the_supervisors_list(shipped, floor):
    from app.services import board

    site, clerk = shipped, shipped.actor("returns_clerk")
    rma = authorise(site, (("S1-P1", 1),))
    unit = return_units.receive(floor.uow(), clerk, rma.id, gtin_of(site, "S1-P1")).unit
    pending = board.returns_in_progress(floor.uow(), site.actor("supervisor"))
    assert [(p.unit_id, p.status, p.where) for p in pending] == [(unit.id, "received", "W1-RET")]
    return_units.grade(floor.uow(), clerk, unit.id, "A", "as_described")
    return_units.dispose(floor.uow(), clerk, unit.id, "restock")
    assert board.returns_in_progress(floor.uow(), site.actor("supervisor"))[0].status == "to_put_away"
    return_units.put_away(floor.uow(), clerk, unit.id, "LOC-W1-A-3")
    assert board.returns_in_progress(floor.uow(), site.actor("supervisor")) == []


def test_the_evidence_pack_holds_grades_notes_and_photos_and_the_seller_can_fetch_it(shipped, floor, client):
    from pypdf import PdfReader

    site, clerk = shipped, shipped.actor("returns_clerk")
    rma = authorise(site, (("S1-P1", 1),))
    unit = return_units.receive(floor.uow(), clerk, rma.id, gtin_of(site, "S1-P1")).unit
    return_units.grade(floor.uow(), clerk, unit.id, "D", "damaged_in_transit", "Ecke eingedrückt, 箱が潰れた")
    return_units.add_photo(floor.uow(), clerk, floor.settings.photos_dir, unit.id, photo((640, 480)))
    return_units.dispose(floor.uow(), clerk, unit.id, "quarantine")
    returns.close(floor.uow(), clerk, rma.id)
    r = client.get(f"/api/v1/returns/{rma.number}/evidence.pdf", headers=auth(site))
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
    assert rma.number in text and "Test returns_clerk" in text and "箱が潰れた" in text.replace(" ", "")
    images = sum(len(page.images) for page in PdfReader(io.BytesIO(r.content)).pages)
    assert images >= 1
    assert client.get(f"/api/v1/returns/{rma.number}/evidence.pdf", headers=auth(site, "S2")).status_code == 404


@pytest.mark.parametrize("code", ["LOC-W1-A-3", "BADGE-2001", "TOTE-0001", "4006381333932", ""])
def test_a_label_that_is_not_an_item_is_refused_at_the_desk_not_recorded(shipped, floor, code):
    site, clerk = shipped, shipped.actor("returns_clerk")
    rma = authorise(site, (("S1-P1", 1),))
    with pytest.raises(WrongScan):
        return_units.receive(floor.uow(), clerk, rma.id, code)
    assert returns.get(floor.uow(), clerk, rma.id).units == ()
