"""Release, pick, pack and ship through the services: every step in the ledger and on the order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select

from app.db.models import FloorException, LedgerEntry, Package, PickTask, PrintJob, Station, Stock, Tote
from app.domain.carriers import is_valid_s10
from app.domain.errors import PermissionDenied, WrongScan
from app.domain.gs1 import is_valid_sscc
from app.services import orders, packing, picking, printjobs, shipping
from app.services.short_pick import short_pick
from tests.support.factories import SYSTEM
from tests.support.flows import gtin_of, pack_and_ship, pick_all, release


@pytest.fixture
def stocked(site):
    site.receive("S1", "S1-P1", "W1-A-3", 5)
    site.receive("S1", "S1-P2", "W1-A-1", 5)
    site.receive("S2", "S2-P1", "W1-A-2", 5)
    return site


def test_an_order_goes_from_release_to_shipped_and_the_ledger_tells_it(stocked, floor):
    site = stocked
    order = site.order("S1", "FLOW-1", [("S1-P1", 2), ("S1-P2", 1)])
    wave = release(site)
    assert (wave.orders, wave.tasks, wave.lines) == (1, 1, 2)
    done = pick_all(site, totes=("TOTE-0001",))
    assert done.units_picked == 3 and done.status == "done"
    shipped = pack_and_ship(site, "TOTE-0001")
    assert shipped.order_status == "shipped"
    assert is_valid_s10(shipped.tracking_number) and is_valid_sscc(shipped.sscc)
    view = orders.get_order(floor.uow(), SYSTEM, order.id)
    assert [(l.picked, l.packed, l.shipped) for l in view.lines] == [(2, 2, 2), (1, 1, 1)]
    assert view.packages[0].tracking_number == shipped.tracking_number
    assert view.packages[0].contents == {"S1-P1": 2, "S1-P2": 1}
    with floor.reader() as uow:
        reasons = [r for r in uow.session.execute(select(LedgerEntry.reason).order_by(LedgerEntry.id)).scalars()]
        tote = uow.session.get(Tote, "TOTE-0001")
        assert tote.status == "empty" and tote.order_id is None
        jobs = uow.session.execute(select(PrintJob.document, PrintJob.state)).all()
    assert reasons.count("pick") == 2 and reasons.count("ship") == 2
    assert sorted(jobs) == [("packing_slip", "done"), ("shipping_label", "done")]


def test_walking_order_follows_the_pick_sequence(stocked):
    site = stocked
    site.order("S1", "SEQ-1", [("S1-P1", 1), ("S1-P2", 1)])
    release(site)
    view = picking.claim_next(site.floor.uow(), site.actor("picker"))
    view = picking.scan(site.floor.uow(), site.actor("picker"), view.task_id, "TOTE-0009").view
    assert view.step.kind == "scan_bin" and view.step.bin == "W1-A-1"  # sequence 10 before 30


def test_a_wrong_bin_and_a_wrong_item_are_refused_and_record_nothing(stocked, floor):
    site, picker = stocked, stocked.actor("picker")
    site.order("S1", "WRONG-1", [("S1-P1", 1)])
    release(site)
    view = picking.claim_next(floor.uow(), picker)
    picking.scan(floor.uow(), picker, view.task_id, "TOTE-0002")
    with pytest.raises(WrongScan, match="Wrong bin"):
        picking.scan(floor.uow(), picker, view.task_id, "LOC-W1-A-1")
    picking.scan(floor.uow(), picker, view.task_id, "LOC-W1-A-3")
    with pytest.raises(WrongScan, match="Wrong item"):
        picking.scan(floor.uow(), picker, view.task_id, gtin_of(site, "S1-P2"))
    with pytest.raises(WrongScan, match="Too many"):
        picking.scan(floor.uow(), picker, view.task_id, gtin_of(site, "S1-P1"), quantity=2)
    with floor.reader() as uow:
        assert [r for r in uow.session.execute(select(LedgerEntry.reason)).scalars()].count("pick") == 0


def test_a_garbled_scan_is_a_message_not_a_crash(stocked, floor):
    site, picker = stocked, stocked.actor("picker")
    site.order("S1", "GARBLE-1", [("S1-P1", 1)])
    release(site)
    view = picking.claim_next(floor.uow(), picker)
    for junk in ("", "\x00\x01", "x" * 500, "4006381333932", "]C1zzzz"):
        with pytest.raises(WrongScan):
            picking.scan(floor.uow(), picker, view.task_id, junk)


def test_two_pickers_never_get_the_same_task(stocked, floor):
    site = stocked
    for i in range(2):
        site.order("S1", f"TWO-{i}", [("S1-P1", 1)])
    release(site, orders_per_task=1)
    a = picking.claim_next(floor.uow(), site.actor("picker"))
    from app.services import auth
    auth.add_user(floor.uow(), SYSTEM, floor.login_policy, "2099", "Second picker", "picker", "1111")
    other = auth.login(floor.uow(), floor.login_policy, "2099", "1111").actor()
    b = picking.claim_next(floor.uow(), other)
    assert a.task_id != b.task_id
    assert picking.claim_next(floor.uow(), site.actor("picker")).task_id == a.task_id  # resumes its own
    with pytest.raises(PermissionDenied):
        picking.scan(floor.uow(), other, a.task_id, "TOTE-0100")


def test_a_retried_scan_has_one_effect(stocked, floor):
    site, picker = stocked, stocked.actor("picker")
    site.order("S1", "RETRY-1", [("S1-P1", 2)])
    release(site)
    view = picking.claim_next(floor.uow(), picker)
    picking.scan(floor.uow(), picker, view.task_id, "TOTE-0003")
    picking.scan(floor.uow(), picker, view.task_id, "LOC-W1-A-3")
    first = picking.scan(floor.uow(), picker, view.task_id, gtin_of(site, "S1-P1"), key="scan:retry-0001")
    again = picking.scan(floor.uow(), picker, view.task_id, gtin_of(site, "S1-P1"), key="scan:retry-0001")
    assert first == again and again.view.units_picked == 1


def at_the_bin(site, floor, ref: str, tote: str):
    """A picker signed in at a registered tablet, at the bin of a 3 x S1-P1 order: (station, picker, view)."""
    from app.services import auth, stations

    station = stations.register(floor.uow(), f"tablet-{ref.lower()}", "tablet")
    picker = auth.login(floor.uow(), floor.login_policy, "2001", "1111", station.id).actor()
    site.order("S1", ref, [("S1-P1", 3)])
    release(site)
    view = picking.claim_next(floor.uow(), picker)
    picking.scan(floor.uow(), picker, view.task_id, tote)
    picking.scan(floor.uow(), picker, view.task_id, "LOC-W1-A-3")
    return station, picker, view


def test_a_double_firing_scanner_cannot_overpick(stocked, floor):
    """The same code twice within 300 ms of the scanner firing is one unit; 500 ms apart it is two, even
    when the server gets to both scans at once (the first one was slow)."""
    site = stocked
    station, picker, view = at_the_bin(site, floor, "DOUBLE-1", "TOTE-0004")
    gtin, fired = gtin_of(site, "S1-P1"), datetime.now(UTC) - timedelta(seconds=5)
    picking.scan(floor.uow(), picker, view.task_id, gtin, key="scan:double-0001", at=fired)
    with pytest.raises(WrongScan, match="Same code twice in a blink"):   # a new key, no second unit
        picking.scan(floor.uow(), picker, view.task_id, gtin, key="scan:double-0002",
                     at=fired + timedelta(milliseconds=120))
    second = picking.scan(floor.uow(), picker, view.task_id, gtin, key="scan:double-0003",
                          at=fired + timedelta(milliseconds=500))
    assert second.view.units_picked == 2
    with floor.reader() as uow:
        assert uow.session.get(Station, station.id).last_scan_at == fired + timedelta(milliseconds=500)


def test_an_item_scan_at_a_station_is_eleven_round_trips_on_postgresql(stocked, floor, backend):
    """What a scan costs the server (tests/bench/test_scan_bench.py): BEGIN, the key, the station, the task, its
    slots, its lines, the ledger row, the pick's six writes together, the answer with the station's mark, the
    stock move (put and conditional take together), COMMIT. SQLite sends the parts one by one, in-process."""
    site = stocked
    _station, picker, view = at_the_bin(site, floor, "TRIPS-1", "TOTE-0006")
    gtin, sent = gtin_of(site, "S1-P1"), []
    picking.scan(floor.uow(), picker, view.task_id, gtin, at=datetime.now(UTC) - timedelta(seconds=1))
    listen = (floor.db.engine, "before_cursor_execute", lambda *args: sent.append(args[2]))
    event.listen(*listen)
    try:
        after = picking.scan(floor.uow(), picker, view.task_id, gtin)
    finally:
        event.remove(*listen)
    assert after.view.units_picked == 2
    statements = len(sent) + (2 if backend == "postgresql" else 0)   # + BEGIN and COMMIT, sent by psycopg itself
    assert statements == (11 if backend == "postgresql" else 17), "\n".join(s[:90] for s in sent)


def test_undo_puts_the_last_unit_back_in_its_bin(stocked, floor):
    site, picker = stocked, stocked.actor("picker")
    site.order("S1", "UNDO-1", [("S1-P1", 2)])
    release(site)
    view = picking.claim_next(floor.uow(), picker)
    picking.scan(floor.uow(), picker, view.task_id, "TOTE-0005")
    picking.scan(floor.uow(), picker, view.task_id, "LOC-W1-A-3")
    picking.scan(floor.uow(), picker, view.task_id, gtin_of(site, "S1-P1"))
    undone = picking.undo_last(floor.uow(), picker, view.task_id)
    assert undone.view.units_picked == 0 and "W1-A-3" in undone.message
    with pytest.raises(WrongScan, match="Nothing to undo"):
        picking.undo_last(floor.uow(), picker, view.task_id)


def test_a_short_pick_takes_the_rest_from_another_bin_and_asks_for_a_count(stocked, floor):
    site, picker = stocked, stocked.actor("picker")
    site.receive("S1", "S1-P1", "W1-A-5", 4)
    site.order("S1", "SHORT-1", [("S1-P1", 3)])
    release(site)
    view = picking.claim_next(floor.uow(), picker)
    picking.scan(floor.uow(), picker, view.task_id, "TOTE-0006")
    view = picking.scan(floor.uow(), picker, view.task_id, "LOC-W1-A-3").view
    result = short_pick(floor.uow(), picker, view.task_id, view.step.line_id, 1, "fewer")
    assert "another bin" in result.message
    assert result.view.step.bin == "W1-A-5" and result.view.step.remaining == 2
    with floor.reader() as uow:
        exc = uow.session.execute(select(FloorException)).scalar_one()
        assert exc.kind == "short_pick" and exc.count_task_id is not None


def test_a_short_pick_with_no_other_bin_back_orders_the_rest(stocked, floor):
    site, picker = stocked, stocked.actor("picker")
    order = site.order("S1", "SHORT-2", [("S1-P1", 3)])
    release(site)
    view = picking.claim_next(floor.uow(), picker)
    picking.scan(floor.uow(), picker, view.task_id, "TOTE-0007")
    view = picking.scan(floor.uow(), picker, view.task_id, "LOC-W1-A-3").view
    result = short_pick(floor.uow(), picker, view.task_id, view.step.line_id, 0, "empty")
    assert "back-ordered" in result.message and result.view.step.kind == "done"
    got = orders.get_order(floor.uow(), SYSTEM, order.id)
    assert got.status == "backordered" and got.lines[0].allocated == 0
    with floor.reader() as uow:  # the bin is not zeroed: the count decides
        assert uow.session.execute(select(Stock.quantity).where(Stock.location_id.isnot(None))).scalars().all()


def test_cluster_picking_tells_which_tote_each_unit_goes_into(stocked, floor):
    site, picker = stocked, stocked.actor("picker")
    site.order("S1", "CL-1", [("S1-P1", 1)])
    site.order("S1", "CL-2", [("S1-P1", 1)])
    release(site, orders_per_task=4)
    view = picking.claim_next(floor.uow(), picker)
    assert [s.order_ref for s in view.slots] == ["CL-1", "CL-2"]
    picking.scan(floor.uow(), picker, view.task_id, "TOTE-0011")
    view = picking.scan(floor.uow(), picker, view.task_id, "TOTE-0012").view
    view = picking.scan(floor.uow(), picker, view.task_id, "LOC-W1-A-3").view
    first = picking.scan(floor.uow(), picker, view.task_id, gtin_of(site, "S1-P1"))
    second = picking.scan(floor.uow(), picker, view.task_id, gtin_of(site, "S1-P1"))
    assert {(first.slot, first.tote), (second.slot, second.tote)} == {(1, "TOTE-0011"), (2, "TOTE-0012")}


def test_a_unit_not_in_the_order_is_refused_at_the_bench(stocked, floor):
    site = stocked
    site.order("S1", "PACK-1", [("S1-P1", 1)])
    release(site)
    pick_all(site, totes=("TOTE-0020",))
    packer = site.actor("packer")
    view = packing.start(floor.uow(), packer, "TOTE-0020")
    with pytest.raises(WrongScan, match="Not in this order"):
        packing.pack_item(floor.uow(), packer, view.package_id, gtin_of(site, "S1-P2"))
    with pytest.raises(WrongScan, match="Too many"):
        packing.pack_item(floor.uow(), packer, view.package_id, gtin_of(site, "S1-P1"), quantity=2)


def test_a_weight_outside_tolerance_holds_the_package_until_a_supervisor_releases_it(stocked, floor):
    site = stocked
    site.order("S1", "HEAVY-1", [("S1-P1", 1)])
    release(site)
    pick_all(site, totes=("TOTE-0030",))
    packer = site.actor("packer")
    view = packing.start(floor.uow(), packer, "TOTE-0030")
    view = packing.pack_item(floor.uow(), packer, view.package_id, gtin_of(site, "S1-P1"))
    view = packing.close(floor.uow(), packer, floor.packing, view.package_id, "S", 5000)
    assert view.status == "held" and view.sscc == ""
    with pytest.raises(PermissionDenied):
        packing.release_hold(floor.uow(), packer, floor.packing, view.package_id, "looks fine")
    view = packing.release_hold(floor.uow(), site.actor("supervisor"), floor.packing, view.package_id,
                                "re-weighed: scale was off")
    assert view.status == "labelled" and is_valid_sscc(view.sscc)
    with floor.reader() as uow:
        assert uow.session.execute(select(FloorException.status)).scalar_one() == "resolved"


def test_the_wrong_label_on_the_box_is_caught(stocked, floor):
    site = stocked
    site.order("S1", "LBL-1", [("S1-P1", 1)])
    release(site)
    pick_all(site, totes=("TOTE-0040",))
    packer = site.actor("packer")
    view = packing.start(floor.uow(), packer, "TOTE-0040")
    view = packing.pack_item(floor.uow(), packer, view.package_id, gtin_of(site, "S1-P1"))
    view = packing.close(floor.uow(), packer, floor.packing, view.package_id, "S", view.expected_weight_g + 120)
    with pytest.raises(WrongScan, match="Wrong label"):
        packing.verify_label(floor.uow(), packer, view.package_id, "FP000000000DE")
    with pytest.raises(WrongScan, match="not verified"):
        shipping.ship(floor.uow(), packer, view.tracking_number)


def test_an_order_ships_in_two_packages(stocked, floor):
    site = stocked
    order = site.order("S1", "TWO-PKG", [("S1-P1", 2), ("S1-P2", 2)])
    release(site)
    pick_all(site, totes=("TOTE-0050",))
    packer = site.actor("packer")
    view = packing.start(floor.uow(), packer, "TOTE-0050")
    view = packing.pack_item(floor.uow(), packer, view.package_id, gtin_of(site, "S1-P1"), quantity=2)
    view = packing.close(floor.uow(), packer, floor.packing, view.package_id, "S", view.expected_weight_g + 120)
    view = packing.verify_label(floor.uow(), packer, view.package_id, view.tracking_number)
    assert "start another box" in view.message
    second = packing.new_package(floor.uow(), packer, order.id)
    assert second.package_number == 2
    second = packing.pack_item(floor.uow(), packer, second.package_id, gtin_of(site, "S1-P2"), quantity=2)
    second = packing.close(floor.uow(), packer, floor.packing, second.package_id, "S", second.expected_weight_g + 120)
    second = packing.verify_label(floor.uow(), packer, second.package_id, second.sscc)
    shipping.ship(floor.uow(), packer, view.tracking_number)
    assert orders.get_order(floor.uow(), SYSTEM, order.id).status == "packed"
    last = shipping.ship(floor.uow(), packer, second.tracking_number)
    assert last.order_status == "shipped"
    with floor.reader() as uow:
        assert len(uow.session.execute(select(Package.id)).all()) == 2
    with pytest.raises(WrongScan, match="shipped already"):
        shipping.ship(floor.uow(), packer, second.tracking_number)


def test_the_days_manifest_lists_every_shipped_package(stocked, floor):
    site = stocked
    site.order("S1", "MAN-1", [("S1-P1", 1)])
    release(site)
    pick_all(site, totes=("TOTE-0060",))
    shipped = pack_and_ship(site, "TOTE-0060")
    rows = shipping.manifest(floor.uow(), site.actor("supervisor"), "W1", "FloorPost", floor.clock().date())
    assert [r.tracking_number for r in rows] == [shipped.tracking_number]
    assert shipping.manifest(floor.uow(), site.actor("supervisor"), "W1", "FloorPost") == rows   # today, by default


def test_the_picker_of_another_task_cannot_release_or_pick_for_a_task_not_theirs(stocked, floor):
    site = stocked
    site.order("S1", "OWN-1", [("S1-P1", 1)])
    release(site)
    with pytest.raises(PermissionDenied):
        picking.claim_next(floor.uow(), site.actor("packer"))
    with floor.reader() as uow:
        assert uow.session.execute(select(PickTask.status)).scalar_one() == "ready"


def _packed_at_zebra(site, floor, number: int, port: int, timeout: float):
    """A packer at a station whose default printer is a Zebra at 127.0.0.1:port; one order packed and closed
    there (its label and slip queued). Returns (station, packer, the closed package's view)."""
    from app.db.models import Printer, Station
    from app.services import auth, stations

    station = stations.register(floor.uow(), f"bench-zebra-{number:04d}", "tablet")
    with floor.uow() as uow:
        printer = Printer(name=f"Zebra bench {number}", kind="zpl",
                          config={"host": "127.0.0.1", "port": port, "timeout": timeout})
        uow.session.add(printer)
        uow.session.flush()
        uow.session.get(Station, station.id).default_printer_id = printer.id
        uow.commit()
    packer = auth.login(floor.uow(), floor.login_policy, "2002", "2222", station.id).actor()
    tote = f"TOTE-{69 + number:04d}"
    site.order("S1", f"ZPL-{number}", [("S1-P1", 1)])
    release(site)
    pick_all(site, totes=(tote,))
    view = packing.start(floor.uow(), packer, tote)
    view = packing.pack_item(floor.uow(), packer, view.package_id, gtin_of(site, "S1-P1"))
    packing.close(floor.uow(), packer, floor.packing, view.package_id, "S", view.expected_weight_g + 100)
    return station, packer, view


def test_printing_a_label_on_an_unreachable_zebra_is_retried_then_failed_with_an_exception(stocked, floor):
    _station, packer, view = _packed_at_zebra(stocked, floor, 1, port=9, timeout=0.5)
    setup = printjobs.PrintSetup(floor.print_setup.spool_dir, max_attempts=2)
    printjobs.process_due(floor.uow, setup)
    with floor.uow() as uow:  # make the retry due now
        for job in uow.session.execute(select(PrintJob)).scalars():
            job.next_attempt_at = uow.now()
        uow.commit()
    printjobs.process_due(floor.uow, setup)
    jobs = printjobs.jobs_for(floor.uow(), "package", view.package_id)
    by_doc = {j.document: j for j in jobs}
    assert by_doc["shipping_label"].state == "failed" and by_doc["shipping_label"].attempts == 2
    assert "refused" in by_doc["shipping_label"].reason or "unreachable" in by_doc["shipping_label"].reason
    assert by_doc["packing_slip"].state == "done"  # a sheet goes to the browser PDF, not the Zebra
    with floor.reader() as uow:
        kinds = [e.kind for e in uow.session.execute(select(FloorException)).scalars()]
    assert kinds == ["print_failure"]
    again = printjobs.reprint(floor.uow(), packer, by_doc["shipping_label"].id, printer_name="Browser PDF")
    assert again.reprint_of == by_doc["shipping_label"].id
    printjobs.process_due(floor.uow, setup)
    assert {j.state for j in printjobs.jobs_for(floor.uow(), "package", view.package_id) if j.reprint_of} == {"done"}


def test_a_zebra_that_is_off_shows_offline_on_the_board_until_a_label_gets_through(stocked, floor):
    import socket
    import threading

    from app.services import board

    site = stocked
    with socket.socket() as probe:   # a port nobody listens on: the Zebra is switched off
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    station, _packer, view = _packed_at_zebra(site, floor, 2, port=port, timeout=1.0)
    setup = printjobs.PrintSetup(floor.print_setup.spool_dir, max_attempts=5)
    printjobs.process_due(floor.uow, setup)

    def zebra_state() -> str:
        _, printers = board.stations(floor.reader(), site.actor("supervisor"))
        return next(p.state for p in printers if p.name == "Zebra bench 2")

    assert zebra_state() == "offline"
    rows, _ = board.stations(floor.reader(), site.actor("supervisor"))
    assert next(r for r in rows if r.id == station.id).printer_state == "offline"

    received = bytearray()
    with socket.socket() as zebra:   # switched on: a raw 9100-style listener takes the label
        zebra.bind(("127.0.0.1", port))
        zebra.listen(1)

        def take() -> None:
            conn, _ = zebra.accept()
            with conn:
                while chunk := conn.recv(65536):
                    received.extend(chunk)

        taker = threading.Thread(target=take)
        taker.start()
        with floor.uow() as uow:  # the retry is due now
            for job in uow.session.execute(select(PrintJob).where(PrintJob.state == "queued")).scalars():
                job.next_attempt_at = uow.now()
            uow.commit()
        printjobs.process_due(floor.uow, setup)
        taker.join(5)
    assert received.startswith(b"^XA") and received.rstrip().endswith(b"^XZ")
    assert zebra_state() != "offline"


def test_the_label_pdf_is_served_at_its_server_made_url_and_decodes(stocked, floor):
    from fastapi.testclient import TestClient

    from app.server import create_app
    from tests.printing.scanning import decode, raster_pages

    site = stocked
    site.order("S1", "URL-1", [("S1-P1", 1)])
    release(site)
    pick_all(site, totes=("TOTE-0080",))
    shipped = pack_and_ship(site, "TOTE-0080")
    label = next(j for j in printjobs.jobs_for(floor.uow(), "package", shipped.package_id)
                 if j.document == "shipping_label")
    with TestClient(create_app(floor)) as client:
        pdf = client.get(f"/print/{label.public_id}.pdf")
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        assert client.get("/print/../../etc/passwd.pdf").status_code == 404
        assert client.get(f"/print/{'0' * 32}.pdf").status_code == 404
    reads = [r for page in raster_pages(pdf.content, 203) for r in decode(page)]
    assert (shipped.tracking_number, "]C0") in {(r.text, r.symbology) for r in reads}
    assert (f"(00){shipped.sscc}", "]C1") in {(r.text, r.symbology) for r in reads}


def test_a_supervisor_reassigns_a_task_and_the_first_picker_is_told_and_refused(stocked, floor):
    from app.services import auth

    site = stocked
    site.order("S1", "RE-1", [("S1-P1", 1)])
    release(site)
    first = site.actor("picker")
    view = picking.claim_next(floor.uow(), first)
    auth.add_user(floor.uow(), SYSTEM, floor.login_policy, "2098", "Other picker", "picker", "1111")
    other = auth.login(floor.uow(), floor.login_policy, "2098", "1111").actor()
    picking.reassign(floor.uow(), site.actor("supervisor"), view.task_id, "2098")
    told = picking.check_task(floor.uow(), first, view.task_id)
    assert not told.mine and "Other picker" in told.message
    with pytest.raises(PermissionDenied, match="reassigned to Other picker"):
        picking.scan(floor.uow(), first, view.task_id, "TOTE-RE1")
    assert picking.my_task(floor.uow(), other).task_id == view.task_id
    with pytest.raises(PermissionDenied):
        picking.reassign(floor.uow(), first, view.task_id, None)


def test_a_paused_station_and_a_remotely_logged_out_session_cannot_change_anything(stocked, floor):
    from app.services import auth, stations

    site = stocked
    station = stations.register(floor.uow(), "tablet-pause-0001", "tablet")
    picker = auth.login(floor.uow(), floor.login_policy, "2001", "1111", station.id).actor()
    site.order("S1", "PAUSE-1", [("S1-P1", 1)])
    release(site)
    view = picking.claim_next(floor.uow(), picker)
    stations.pause(floor.uow(), site.actor("supervisor"), station.id)
    with pytest.raises(PermissionDenied, match="paused"):
        picking.scan(floor.uow(), picker, view.task_id, "TOTE-P1")
    stations.pause(floor.uow(), site.actor("supervisor"), station.id, paused=False)
    picking.scan(floor.uow(), picker, view.task_id, "TOTE-P1")
    stations.log_out_remotely(floor.uow(), site.actor("supervisor"), station.id)
    assert not stations.check(floor.uow(), station.id, picker.user_id).signed_in
    with pytest.raises(PermissionDenied, match="logged out"):
        picking.scan(floor.uow(), picker, view.task_id, "LOC-W1-A-3")


def test_orders_due_within_the_horizon_are_released_automatically_once(stocked, floor):
    from app.services import waves

    stocked.order("S1", "AUTO-SOON", [("S1-P1", 1)], hours=3)
    stocked.order("S1", "AUTO-LATER", [("S1-P1", 1)], hours=60)
    now = floor.clock()
    first = waves.auto_release(floor.uow, "W1", 24, now)
    again = waves.auto_release(floor.uow, "W1", 24, now)
    assert first.orders == 1 and again == first
    assert orders.get_order(floor.uow(), SYSTEM, stocked.order("S1", "AUTO-X", [("S1-P2", 1)]).id).status == "open"


def test_the_manifest_prints_as_pdf_and_csv_for_the_carrier(stocked, floor):
    from fastapi.testclient import TestClient

    from app.server import create_app
    from tests.printing.scanning import decode, raster_pages

    site = stocked
    site.order("S1", "MANI-1", [("S1-P1", 1)])
    release(site)
    pick_all(site, totes=("TOTE-MAN1",))
    shipped = pack_and_ship(site, "TOTE-MAN1")
    job = shipping.manifest_job(floor.uow(), site.actor("packer"), "W1", "FloorPost", floor.clock().date())
    with TestClient(create_app(floor)) as client:
        pdf = client.get(f"/print/{job.public_id}.pdf")
        csv_text = client.get(f"/print/{job.public_id}.csv").text
    reads = {r.text for page in raster_pages(pdf.content, 203) for r in decode(page)}
    assert shipped.tracking_number in reads
    assert shipped.tracking_number in csv_text and "MANI-1" in csv_text
