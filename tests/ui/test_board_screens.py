"""The supervisor's board in-process: what the services say is on screen, live; every button is its
service's command; a picker's session cannot open these screens and the services refuse a picker too."""

from __future__ import annotations

import time

import pytest

from app.db.models import Printer, PrintJob
from app.domain.errors import PermissionDenied
from app.domain.roles import Actor
from app.services import board, counts, packing, picking, printjobs, return_units, returns, stations, waves
from app.services.short_pick import short_pick
from tests.support.factories import SYSTEM, build_site
from tests.support.flet_harness import FletHarness, log_in, message
from tests.support.flows import gtin_of, pack_and_ship, pick_all

BOARD_PATHS = {"/board": "Board", "/board/exceptions": "Exceptions", "/board/throughput": "Throughput",
               "/board/backlog": "Backlog", "/board/wave": "Release wave", "/board/stock": "Stock on hand",
               "/board/audit": "Audit log", "/board/returns": "Returns in progress", "/stations": "Station setup",
               "/admin/users": "Users"}


@pytest.fixture
def site(ui_floor):
    """W1/W2, sellers S1/S2 with stock; the demo badges 1001-1007 (conftest) sign in."""
    site = build_site(ui_floor, users=False)
    for i, bin_code in enumerate(site.bins["W1"][:3]):
        site.receive("S1", f"S1-P{i + 1}", bin_code, 10)
    return site


def fill(h: FletHarness, key: str, text: str) -> None:
    """Type into a field: focus, the client's value patch, blur (no Enter)."""
    field = h.find(key)
    h.event(field, "focus", settle=False)
    h.session.apply_patch(field._i, {"value": text})
    h.event(field, "blur")


def picker_on_tablet(open_station) -> tuple[FletHarness, Actor]:
    p = open_station("/login?station=tablet")
    log_in(p, "1001", "1111", home="/pick")
    return p, p.page.data.actor()


def supervisor(open_station, path: str = "/board") -> FletHarness:
    h = open_station("/login?station=desktop")
    log_in(h, "1004", "4444", home="/board")
    h.wait_for(lambda: h.routes_pushed and h.page.data.screen.refreshed_at is not None)
    h.settle(0.1)                                       # the browser's answer to the login's route push
    if path != "/board":
        h.click(f"home.action.{path.strip('/')}")      # the board's menu
        h.wait_for(lambda: h.path == path and h.page.data.path == path)
        h.wait_for(lambda: h.page.data.screen.refreshed_at is not None, what="the first refresh")
    return h


def station_cell(h: FletHarness, station_id: int, column: int) -> str:
    return h.text_of(f"board.stations.{station_id}.{column}")


def claimed_task(site, picker: Actor, ref: str = "B-1") -> picking.TaskView:
    site.order("S1", ref, [("S1-P1", 2)])
    waves.release(site.floor.uow(), SYSTEM, "W1")
    return picking.claim_next(site.floor.uow(), picker)


def test_the_board_shows_a_pickers_task_scan_and_idle_time_within_two_seconds(open_station, site, ui_floor):
    p, picker = picker_on_tablet(open_station)
    h = supervisor(open_station)
    sid = picker.station_id
    h.wait_for(lambda: station_cell(h, sid, 1).startswith("Anna Kowalska"), what="the picker's row")
    view = claimed_task(site, picker)
    picking.scan(ui_floor.uow(), picker, view.task_id, "TOTE-77")
    scanned = time.monotonic()
    h.wait_for(lambda: station_cell(h, sid, 3).startswith("TOTE-77"), timeout=2, what="the scan on the board")
    assert time.monotonic() - scanned < 2
    assert station_cell(h, sid, 2) == f"Pick task {view.task_id}: 0/1 lines"
    assert station_cell(h, sid, 5) == "Online"
    h.wait_for(lambda: station_cell(h, sid, 4) in ("1 s", "2 s"), timeout=3, what="the idle time counting")
    p.close()
    h.wait_for(lambda: station_cell(h, sid, 5) == "Offline", timeout=2, what="the closed tablet offline")


def test_pause_resume_and_log_out_remotely_from_the_station_panel(open_station, site, ui_floor):
    p, picker = picker_on_tablet(open_station)
    h = supervisor(open_station)
    sid = picker.station_id
    h.wait_for(lambda: h.has(f"board.station.{sid}.open"))
    h.click(f"board.station.{sid}.open")
    assert h.text_of("board.panel.title") == "Tablet 1"
    h.click("board.panel.pause")
    h.wait_for(lambda: message(h) == "Tablet 1 paused.")
    assert station_cell(h, sid, 5) == "Paused" and h.find("board.panel.pause").content.value == "Resume"
    assert stations.check(ui_floor.uow(), sid, picker.user_id).paused
    h.click("board.panel.pause")
    h.wait_for(lambda: station_cell(h, sid, 5) == "Online")
    h.click("board.panel.logout")
    h.wait_for(lambda: message(h) == "Anna Kowalska was logged out of Tablet 1.")
    assert not stations.check(ui_floor.uow(), sid, picker.user_id).signed_in
    h.wait_for(lambda: station_cell(h, sid, 1) == "—")
    desk = h.page.data.station.info.name
    assert [a.action for a in board.audit_log(ui_floor.uow(), SYSTEM, station=desk)][:3] == [
        "logout.remote", "station.resumed", "station.paused"]


def test_reassigning_the_task_to_another_picker_tells_the_first_one(open_station, site, ui_floor):
    p, picker = picker_on_tablet(open_station)
    h = supervisor(open_station)
    view = claimed_task(site, picker)
    sid = picker.station_id
    h.wait_for(lambda: station_cell(h, sid, 2).startswith("Pick task"))
    h.click(f"board.station.{sid}.open")
    assert h.find("board.panel.task").value == str(view.task_id)     # filled in from the board's row
    fill(h, "board.panel.badge", "1006")
    h.click("board.panel.give")
    h.wait_for(lambda: message(h) == f"Pick task {view.task_id} given to badge 1006.")
    check = picking.check_task(ui_floor.uow(), picker, view.task_id)
    assert (check.mine, check.message) == (False, "This task was reassigned to Tomáš Dvořák.")
    with pytest.raises(PermissionDenied, match="reassigned to Tomáš Dvořák"):
        picking.scan(ui_floor.uow(), picker, view.task_id, "TOTE-1")
    h.click("board.panel.queue")
    h.wait_for(lambda: message(h) == f"Pick task {view.task_id} is back in the queue.")
    assert picking.check_task(ui_floor.uow(), picker, view.task_id).status == "ready"


def test_a_refused_reassignment_shows_the_services_reason(open_station, site):
    h = supervisor(open_station)
    h.wait_for(lambda: h.has("board.station.1.open"))
    h.click("board.station.1.open")
    fill(h, "board.panel.task", "999")
    fill(h, "board.panel.badge", "1001")
    h.click("board.panel.give")
    h.wait_for(lambda: message(h) == "No such pick task.")


def short_picked(site, picker: Actor) -> int:
    """A short pick at W1-A-1: its exception, and the count of the bin it opened."""
    view = claimed_task(site, picker, "SP-1")
    floor = site.floor
    picking.scan(floor.uow(), picker, view.task_id, "TOTE-SP")
    view = picking.scan(floor.uow(), picker, view.task_id, "LOC-W1-A-1").view
    short_pick(floor.uow(), picker, view.task_id, view.step.line_id, 0, "empty")
    return board.exceptions(floor.uow(), SYSTEM)[0].count_task_id


def test_a_short_pick_opens_its_count_review_and_the_supervisor_approves_with_a_reason(open_station, site,
                                                                                         ui_floor):
    p, picker = picker_on_tablet(open_station)
    count_id = short_picked(site, picker)
    h = supervisor(open_station, "/board/exceptions")
    [row] = board.exceptions(ui_floor.uow(), SYSTEM)
    h.wait_for(lambda: h.has(f"exceptions.{row.id}.open"))
    assert h.text_of(f"exceptions.table.{row.id}.1") == "Short pick"
    assert h.text_of(f"exceptions.table.{row.id}.3") == "W1-A-1"
    assert h.text_of(f"exceptions.table.{row.id}.4") == "Anna Kowalska"
    h.click(f"exceptions.{row.id}.open")
    h.wait_for(lambda: h.has("exception.count.state"))
    assert h.text_of("exception.count.state") == f"Count {count_id}: Waiting to be counted."
    for counted in (4, 4):   # counted twice, both differ from the books: the supervisor decides
        counts.submit(ui_floor.uow(), picker, count_id, [counts.CountEntry("S1", "S1-P1", counted)])
    h.click(f"exceptions.{row.id}.open")
    h.wait_for(lambda: h.text_of("exception.count.state").endswith("your decision."))
    assert h.text_of("exception.count.lines.0.2") == "10" and h.text_of("exception.count.lines.0.3") == "4"
    h.click("exception.approve")
    h.wait_for(lambda: message(h) == "Write a note first: why the books change.")
    fill(h, "exception.note", "Counted twice: six lost")
    h.click("exception.approve")
    h.wait_for(lambda: message(h) == "Books adjusted.")
    h.wait_for(lambda: h.has("exceptions.table.empty"), what="the queue empty")
    assert counts.review(ui_floor.uow(), SYSTEM, count_id).status == "done"


def test_a_held_package_is_released_with_a_note_and_a_print_failure_retried(open_station, site, ui_floor):
    p, picker = picker_on_tablet(open_station)
    view = claimed_task(site, picker, "WM-1")
    floor = ui_floor
    view = picking.scan(floor.uow(), picker, view.task_id, "TOTE-WM").view
    view = picking.scan(floor.uow(), picker, view.task_id, f"LOC-{view.step.bin}").view
    picking.scan(floor.uow(), picker, view.task_id, gtin_of(site, "S1-P1"), quantity=2)
    pv = packing.start(floor.uow(), SYSTEM, "TOTE-WM")
    pv = packing.pack_item(floor.uow(), SYSTEM, pv.package_id, gtin_of(site, "S1-P1"), quantity=2)
    packing.close(floor.uow(), SYSTEM, floor.packing, pv.package_id, pv.suggested_carton or "M", 9000)
    with floor.uow() as uow:   # a label printer that cannot render what it is sent: the job fails for good
        printer = Printer(name="Dock Zebra", kind="zpl", config={"host": "127.0.0.1", "port": 9})
        uow.session.add(printer)
        uow.session.flush()
        uow.session.add(PrintJob(public_id="f" * 32, document="shipping_label", subject_type="package",
                                 subject_id=99999, printer_id=printer.id, state="queued", user_id=None,
                                 created_at=uow.now(), updated_at=uow.now(), next_attempt_at=uow.now()))
        uow.commit()
    printjobs.process_due(floor.uow, floor.print_setup)
    h = supervisor(open_station, "/board/exceptions")
    rows = {r.kind: r for r in board.exceptions(floor.uow(), SYSTEM)}
    held, failed = rows["weight_mismatch"], rows["print_failure"]
    h.wait_for(lambda: h.has(f"exceptions.{held.id}.open"))
    h.click(f"exceptions.{held.id}.open")
    h.wait_for(lambda: h.has("exception.release"))
    fill(h, "exception.note", "Reweighed: the scale was off")
    h.click("exception.release")
    h.wait_for(lambda: message(h) == "Package released: its label is printing.")
    assert packing.pack_view(floor.uow(), SYSTEM, held.package_id).status == "labelled"
    h.click(f"exceptions.{failed.id}.open")
    h.wait_for(lambda: h.has("exception.retry"))
    h.click("exception.retry")
    h.wait_for(lambda: message(h) == "Sent to the printer again.")
    h.wait_for(lambda: h.has("exceptions.table.empty"))
    h.click("exceptions.status.resolved")
    h.wait_for(lambda: h.text_of("exceptions.count") == "2 resolved")


def test_a_quarantined_return_unit_is_decided_again_from_its_exception(open_station, ui_floor):
    site = build_site(ui_floor)                     # with its own clerk and supervisor badges (2001-2005)
    site.receive("S1", "S1-P1", "W1-A-3", 5)
    order = site.order("S1", "R-1", [("S1-P1", 1)])
    waves.release(ui_floor.uow(), SYSTEM, "W1")
    pick_all(site, totes=("TOTE-R1",))
    pack_and_ship(site, "TOTE-R1")
    clerk = site.actor("returns_clerk")
    rma = returns.authorise(ui_floor.uow(), SYSTEM, order.id, [returns.LineRequest("S1-P1", 1, "too small")], "")
    unit = return_units.receive(ui_floor.uow(), clerk, rma.id, gtin_of(site, "S1-P1")).unit
    return_units.grade(ui_floor.uow(), clerk, unit.id, "D", "damaged_in_transit")
    return_units.dispose(ui_floor.uow(), clerk, unit.id, "quarantine")
    h = supervisor(open_station, "/board/exceptions")
    [row] = board.exceptions(ui_floor.uow(), SYSTEM)
    h.wait_for(lambda: h.has(f"exceptions.{row.id}.open"))
    h.click(f"exceptions.{row.id}.open")
    h.wait_for(lambda: h.has("exception.redispose"))
    h.click("exception.disposition.refurbish")
    fill(h, "exception.note", "Seller asked for it back refurbished")
    h.click("exception.redispose")
    h.wait_for(lambda: message(h) == "Decided: Refurbish.")
    h.wait_for(lambda: h.has("exceptions.table.empty"))
    assert "return.redisposed" in [a.action for a in board.audit_log(ui_floor.uow(), SYSTEM, person="1004")]


def test_release_a_wave_from_the_form_and_see_the_backlog_move(open_station, site, ui_floor):
    site.order("S1", "LATE-1", [("S1-P2", 1)], hours=1, service_level="express")
    site.order("S1", "LATER-1", [("S1-P3", 1)], hours=30)
    h = supervisor(open_station, "/board/backlog")
    h.wait_for(lambda: h.has("backlog.risk.1"), what="the order at risk")
    assert h.text_of("backlog.risk.1.0") == "LATE-1" and h.text_of("backlog.risk.1.4").startswith("in ")
    assert h.text_of("backlog.total") == "2 open orders, 1 at risk"
    assert h.text_of("backlog.grid.2h.1") == "1"
    h.click("backlog.release")
    h.wait_for(lambda: h.path == "/board/wave")
    h.click("wave.warehouse.W1")
    h.click("wave.levels.express")
    fill(h, "wave.hours", "4")
    fill(h, "wave.per_task", "2")
    assert h.text_of("wave.waiting") == "2 orders are not released yet; 1 of them at risk."
    h.click("wave.release")
    h.wait_for(lambda: message(h) == "Released 1 orders in 1 pick tasks.")
    assert h.text_of("wave.waiting") == "1 order is not released yet; 0 of them at risk."
    assert "LATER-1" not in str(board.backlog(ui_floor.uow(), SYSTEM).at_risk)
    fill(h, "wave.max", "many")
    h.click("wave.release")
    h.wait_for(lambda: message(h) == "Type whole numbers only (many is not one).")


def test_throughput_shows_today_against_last_week_per_hour_zone_and_person(open_station, site, ui_floor):
    p, picker = picker_on_tablet(open_station)
    view = claimed_task(site, picker, "TP-1")
    view = picking.scan(ui_floor.uow(), picker, view.task_id, "TOTE-TP").view
    view = picking.scan(ui_floor.uow(), picker, view.task_id, f"LOC-{view.step.bin}").view
    picking.scan(ui_floor.uow(), picker, view.task_id, gtin_of(site, "S1-P1"), quantity=2)
    h = supervisor(open_station, "/board/throughput")
    h.wait_for(lambda: h.text_of("throughput.total").startswith("2 so far today"))
    screen = h.page.data.screen
    assert sum(rod.to_y for rod in screen.chart.today) == 2 and sum(rod.to_y for rod in screen.chart.week) == 0
    assert h.text_of("throughput.zones.A.1") == "2"
    assert h.text_of("throughput.people.('Anna Kowalska', 'pick').2") == "2"
    h.click("throughput.kind.pack")
    h.wait_for(lambda: h.text_of("throughput.total").startswith("0 so far today"))


def test_audit_log_filters_and_stock_with_its_ledger(open_station, site, ui_floor):
    h = supervisor(open_station, "/board/stock")
    fill(h, "stock.location", "W1-A-2")
    h.click("stock.search")
    h.wait_for(lambda: h.text_of("stock.count") == "1 row")
    assert h.text_of("stock.table.0.1") == "S1-P2" and h.text_of("stock.table.0.5") == "10"
    h.click("stock.0.open")
    h.wait_for(lambda: h.has("stock.ledger.summary"))
    assert h.text_of("stock.ledger.summary").endswith("10 on hand at W1-A-2")
    [entry] = board.history(ui_floor.uow(), SYSTEM, "S1", "S1-P2", "W1-A-2")
    assert h.text_of(f"stock.ledger.{entry.id}.1") == "receive" and h.text_of(f"stock.ledger.{entry.id}.2") == "+10"
    h.click("home.action.board/audit")
    h.wait_for(lambda: h.path == "/board/audit")
    h.type("BADGE-1004")                       # a scanned badge filters by that person
    h.wait_for(lambda: h.find("audit.person").value == "1004")
    h.wait_for(lambda: h.text_of("audit.table." + str(board.audit_log(ui_floor.uow(), SYSTEM,
                                                                        person="1004")[0].id) + ".1") == "login")
    fill(h, "audit.product", "S1-P2")
    fill(h, "audit.person", "")
    h.click("audit.search")
    h.wait_for(lambda: h.text_of("audit.count") == "1 entry")


def test_a_pickers_session_cannot_open_any_board_screen(open_station):
    p = open_station("/login?station=tablet")
    log_in(p, "1001", "1111", home="/pick")
    p.wait_for(lambda: p.routes_pushed)
    p.settle(0.1)
    for path, label in BOARD_PATHS.items():
        p.event(p.page, "route_change", {"route": path})
        notice = f"{label} is not for a picker. This is your screen."
        p.wait_for(lambda notice=notice: message(p) == notice, what=path)
        assert p.path == "/pick" and p.page.data.path == "/pick"


def test_the_services_refuse_a_picker_whatever_the_screen_shows(open_station, site, ui_floor):
    p, picker = picker_on_tablet(open_station)
    for call in (lambda: board.stations(ui_floor.uow(), picker), lambda: board.exceptions(ui_floor.uow(), picker),
                 lambda: board.throughput(ui_floor.uow(), picker), lambda: board.backlog(ui_floor.uow(), picker),
                 lambda: waves.release(ui_floor.uow(), picker, "W1"),
                 lambda: picking.reassign(ui_floor.uow(), picker, 1, None),
                 lambda: stations.pause(ui_floor.uow(), picker, picker.station_id),
                 lambda: stations.log_out_remotely(ui_floor.uow(), picker, picker.station_id)):
        with pytest.raises(PermissionDenied):
            call()


def test_the_refresh_loop_stops_when_the_supervisor_leaves_the_board(open_station, site):
    h = supervisor(open_station)
    board_screen = h.page.data.screen
    loop = board_screen._loop
    assert loop is not None and not loop.done()
    h.click("home.action.board/stock")
    h.wait_for(lambda: h.path == "/board/stock")
    h.settle(0.05)
    assert loop.done() and h.page.data.screen._loop is None   # the stock screen does not poll


def test_an_event_the_seller_never_took_shows_as_failed_and_retry_sends_it_again(open_station, site, ui_floor):
    import socket

    from app.db.models import WebhookEvent
    from app.services import cancel, sellers, webhook_delivery
    from tests.support.webhook_receiver import loopback_setup

    rules = loopback_setup(base_seconds=0, cap_seconds=0, max_attempts=1, timeout_seconds=1)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]                    # the seller's system is down
    sellers.configure_webhook(ui_floor.uow(), SYSTEM, "S1", f"http://127.0.0.1:{port}/x", policy=rules.urls,
                              events=("order.cancelled",))
    cancel.cancel_order(ui_floor.uow(), SYSTEM, site.order("S1", "WH-1", [("S1-P1", 1)]).id)
    assert webhook_delivery.deliver_due(ui_floor.uow, rules) == 0
    (failed,) = [r for r in board.exceptions(ui_floor.uow(), SYSTEM) if r.kind == "webhook_failed"]
    h = supervisor(open_station, "/board/exceptions")
    h.wait_for(lambda: h.has(f"exceptions.{failed.id}.open"))
    assert "Seller not told" in h.texts()
    h.click(f"exceptions.{failed.id}.open")
    h.wait_for(lambda: h.has("exception.retry"))
    h.click("exception.retry")
    h.wait_for(lambda: message(h) == "Sent to the seller again.")
    with ui_floor.reader() as uow:
        from sqlalchemy import select
        event = uow.session.execute(select(WebhookEvent.status, WebhookEvent.attempts)).one()
    assert tuple(event) == ("pending", 0)
    h.wait_for(lambda: h.has("exceptions.table.empty"))
