"""The supervisor's board reads: stations, throughput, backlog, exceptions, audit and stock."""

from __future__ import annotations

import pytest

from app.domain.errors import PermissionDenied
from app.services import auth, board, stations
from app.services.short_pick import short_pick
from tests.support.flows import pack_and_ship, pick_all, release


def test_only_supervisors_and_admins_read_the_board(site, floor):
    for role in ("picker", "packer", "returns_clerk"):
        with pytest.raises(PermissionDenied):
            board.stations(floor.uow(), site.actor(role))
        with pytest.raises(PermissionDenied):
            board.audit_log(floor.uow(), site.actor(role))
    board.stations(floor.uow(), site.actor("admin"))


def test_the_board_shows_who_is_where_doing_what(site, floor):
    tablet = stations.register(floor.uow(), "tablet-board-01", "tablet")
    picker = auth.login(floor.uow(), floor.login_policy, "2001", "1111", tablet.id).actor()
    site.receive("S1", "S1-P1", "W1-A-3", 5)
    site.order("S1", "B-1", [("S1-P1", 2)])
    release(site)
    from app.services import picking
    view = picking.claim_next(floor.uow(), picker)
    picking.scan(floor.uow(), picker, view.task_id, "TOTE-B1")
    rows, printers = board.stations(floor.uow(), site.actor("supervisor"))
    row = next(r for r in rows if r.id == tablet.id)
    assert row.online and row.user == "Test picker" and row.task.startswith("Pick task")
    assert row.last_scan == "TOTE-B1" and row.idle_seconds is not None
    stations.disconnected(floor.uow(), tablet.id)
    row = next(r for r in board.stations(floor.uow(), site.actor("supervisor"))[0] if r.id == tablet.id)
    assert not row.online
    stations.record_scan(floor.uow(), tablet.id, "LOC-W1-A-3")   # a scan handled after the tab closed
    row = next(r for r in board.stations(floor.uow(), site.actor("supervisor"))[0] if r.id == tablet.id)
    assert not row.online and row.last_scan == "LOC-W1-A-3"


def test_throughput_counts_picks_packs_and_shipments_per_hour_person_and_zone(site, floor):
    site.receive("S1", "S1-P1", "W1-A-3", 5)
    site.order("S1", "T-1", [("S1-P1", 3)])
    release(site)
    pick_all(site, totes=("TOTE-T1",))
    pack_and_ship(site, "TOTE-T1")
    t = board.throughput(floor.uow(), site.actor("supervisor"), "W1")
    totals = {s.kind: sum(s.today) for s in t.series}
    assert totals == {"pick": 3, "pack": 1, "ship": 1, "return": 0}
    assert ("A", 3) in t.by_zone
    assert ("Test picker", "pick", 3) in t.by_person


def test_the_backlog_puts_orders_at_risk_first(site, floor):
    site.order("S1", "LATE", [("S1-P1", 1)], hours=1)
    site.order("S1", "LATER", [("S1-P1", 1)], hours=30)
    b = board.backlog(floor.uow(), site.actor("supervisor"), "W1")
    assert b.open_orders == 2 and [r.order_ref for r in b.at_risk] == ["LATE"]
    assert {(c.bucket, c.stage) for c in b.cells} == {("2h", "not_released"), ("tomorrow", "not_released")} or \
        {(c.bucket, c.stage) for c in b.cells} == {("2h", "not_released"), ("later", "not_released")}


def test_exceptions_and_audit_log_filter_by_person_order_and_product(site, floor):
    site.receive("S1", "S1-P1", "W1-A-3", 5)
    site.order("S1", "EX-1", [("S1-P1", 2)])
    release(site)
    from app.services import picking
    picker = site.actor("picker")
    view = picking.claim_next(floor.uow(), picker)
    picking.scan(floor.uow(), picker, view.task_id, "TOTE-EX1")
    view = picking.scan(floor.uow(), picker, view.task_id, "LOC-W1-A-3").view
    short_pick(floor.uow(), picker, view.task_id, view.step.line_id, 0, "empty")
    rows = board.exceptions(floor.uow(), site.actor("supervisor"))
    assert [r.kind for r in rows] == ["short_pick"] and rows[0].where == "W1-A-3" and rows[0].who == "Test picker"
    mine = board.audit_log(floor.uow(), site.actor("supervisor"), person="2001")
    assert {"pick.short", "pick.task_claimed"} <= {a.action for a in mine}
    assert [a.action for a in board.audit_log(floor.uow(), site.actor("supervisor"), order="EX-1")] == [
        "pick.short", "order.accepted"]
    assert {a.action for a in board.audit_log(floor.uow(), site.actor("supervisor"), product="S1-P1")} == {
        "stock.received"}


def test_stock_on_hand_and_the_ledger_history_of_one_item(site, floor):
    site.receive("S1", "S1-P1", "W1-A-3", 5)
    site.receive("S1", "S1-P1", "W1-A-4", 2)
    rows = board.on_hand(floor.uow(), site.actor("supervisor"), sku="S1-P1")
    assert [(r.location, r.quantity) for r in rows] == [("W1-A-3", 5), ("W1-A-4", 2)]
    hist = board.history(floor.uow(), site.actor("supervisor"), "S1", "S1-P1", "W1-A-4")
    assert [(h.reason, h.quantity, h.to_location) for h in hist] == [("receive", 2, "W1-A-4")]
