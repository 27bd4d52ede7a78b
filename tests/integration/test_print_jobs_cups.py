"""Print jobs through a real CUPS scheduler: a label completes; a stopped queue fails with the reason,
shows as an exception, and a retry after the queue is back prints it."""

from __future__ import annotations

from sqlalchemy import select

from app.db.models import FloorException, Printer, Station
from app.services import auth, packing, printjobs, stations
from tests.printing.conftest import cups  # noqa: F401  (the private cupsd fixture)
from tests.printing.cups_server import wait_for
from tests.support.flows import gtin_of, pick_all, release


def _packer_at_cups_station(site, floor, server, queue: str):
    server.add_queue(queue, f"floortest:{server.out}")
    station = stations.register(floor.uow(), f"bench-cups-{queue}-01"[:40], "tablet")
    with floor.uow() as uow:
        printer = Printer(name=f"CUPS {queue}", kind="cups",
                          config={"queue": queue, "server": server.server, "dpi": 203})
        uow.session.add(printer)
        uow.session.flush()
        uow.session.get(Station, station.id).default_printer_id = printer.id
        uow.commit()
    return auth.login(floor.uow(), floor.login_policy, "2002", "2222", station.id).actor()


def _label_job(site, floor, packer, ref: str):
    site.receive("S1", "S1-P1", "W1-A-3", 2)
    site.order("S1", ref, [("S1-P1", 1)])
    release(site)
    pick_all(site, totes=(f"TOTE-{ref}",))
    view = packing.start(floor.uow(), packer, f"TOTE-{ref}")
    view = packing.pack_item(floor.uow(), packer, view.package_id, gtin_of(site, "S1-P1"))
    view = packing.close(floor.uow(), packer, floor.packing, view.package_id, "S", view.expected_weight_g + 100)
    printjobs.process_due(floor.uow, floor.print_setup)
    return view.package_id


def _label(floor, package_id):
    return next(j for j in printjobs.jobs_for(floor.uow(), "package", package_id) if j.document == "shipping_label")


def test_a_label_printed_through_cups_is_tracked_to_done(site, floor, cups):  # noqa: F811
    packer = _packer_at_cups_station(site, floor, cups, f"FloorApp{id(floor) % 10000}")
    package_id = _label_job(site, floor, packer, "CUPS1")
    assert _label(floor, package_id).state in ("sent", "printing", "done")

    def settled():
        printjobs.poll_sent(floor.uow, floor.print_setup)
        return _label(floor, package_id).state == "done"

    wait_for(settled, timeout=30)


def test_a_stopped_queue_fails_the_job_with_the_reason_and_a_retry_prints_it(site, floor, cups):  # noqa: F811
    queue = f"FloorAppStop{id(floor) % 10000}"
    packer = _packer_at_cups_station(site, floor, cups, queue)
    cups.admin("cupsdisable", "-r", "out of labels", queue)
    try:
        package_id = _label_job(site, floor, packer, "CUPS2")

        def failed():
            printjobs.poll_sent(floor.uow, floor.print_setup)
            return _label(floor, package_id).state == "failed"

        wait_for(failed, timeout=30)
        job = _label(floor, package_id)
        assert "out of labels" in job.reason or "stopped" in job.reason.lower(), job.reason
        with floor.reader() as uow:
            kinds = [e.kind for e in uow.session.execute(select(FloorException)).scalars()]
        assert "print_failure" in kinds
    finally:
        cups.admin("cupsenable", queue)
    printjobs.retry(floor.uow(), site.actor("supervisor"), job.id)
    printjobs.process_due(floor.uow, floor.print_setup)

    def done():
        printjobs.poll_sent(floor.uow, floor.print_setup)
        return _label(floor, package_id).state == "done"

    wait_for(done, timeout=30)
