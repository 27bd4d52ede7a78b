"""Blind cycle counts: small variances are booked, big ones are counted again and approved."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.db.models import CountTask, FloorException, Location
from app.domain.errors import PermissionDenied
from app.services import counts, orders, picking, waves
from app.services.short_pick import short_pick
from tests.integration.test_inbound_and_transfers import at
from tests.support.factories import SYSTEM
from tests.support.flows import gtin_of


def test_a_matching_count_closes_the_task_without_touching_the_books(site, floor):
    site.receive("S1", "S1-P1", "W1-A-1", 5)
    task = counts.create(floor.uow(), site.actor("supervisor"), "W1-A-1")
    got = counts.next_count(floor.uow(), site.actor("picker"))
    assert got.task_id == task.task_id and got.bin == "W1-A-1"
    result = counts.submit(floor.uow(), site.actor("picker"), task.task_id, [counts.CountEntry("S1", "S1-P1", 5)])
    assert result.status == "done" and result.variances == ()
    assert at(floor, "W1-A-1", "S1-P1") == 5


def test_a_variance_needs_a_recount_then_a_supervisor_and_then_the_ledger_moves(site, floor):
    site.receive("S1", "S1-P1", "W1-A-1", 5)
    task = counts.create(floor.uow(), site.actor("supervisor"), "W1-A-1")
    first = counts.submit(floor.uow(), site.actor("picker"), task.task_id, [counts.CountEntry("S1", "S1-P1", 3)])
    assert first.status == "recount" and first.variances == ()  # the counter is never shown the books
    assert at(floor, "W1-A-1", "S1-P1") == 5
    second = counts.submit(floor.uow(), site.actor("picker"), task.task_id, [counts.CountEntry("S1", "S1-P1", 3)])
    assert second.status == "review"
    with pytest.raises(PermissionDenied):
        counts.approve(floor.uow(), site.actor("picker"), task.task_id, "ok")
    seen = counts.review(floor.uow(), site.actor("supervisor"), task.task_id)
    assert seen.variances == (counts.Variance("S1", "S1-P1", "", 5, 3),)
    done = counts.approve(floor.uow(), site.actor("supervisor"), task.task_id, "two counts agree: 2 lost")
    assert done.status == "done" and at(floor, "W1-A-1", "S1-P1") == 3
    with floor.reader() as uow:
        exc = uow.session.execute(select(FloorException)).scalar_one()
        assert exc.kind == "count_variance" and exc.status == "resolved"


def test_a_short_pick_count_that_finds_fewer_frees_the_reservations_that_cannot_be_met(site, floor):
    site.receive("S1", "S1-P1", "W1-A-1", 4)
    picker = site.actor("picker")
    site.order("S1", "CNT-A", [("S1-P1", 2)])
    waves.release(floor.uow(), SYSTEM, "W1")
    view = picking.claim_next(floor.uow(), picker)
    picking.scan(floor.uow(), picker, view.task_id, "TOTE-C1")
    view = picking.scan(floor.uow(), picker, view.task_id, "LOC-W1-A-1").view
    short_pick(floor.uow(), picker, view.task_id, view.step.line_id, 0, "empty")
    with floor.reader() as uow:
        count_id = uow.session.execute(select(CountTask.id)).scalar_one()
    counts.submit(floor.uow(), picker, count_id, [])
    counts.submit(floor.uow(), picker, count_id, [])
    counts.approve(floor.uow(), site.actor("supervisor"), count_id, "bin empty, stock lost")
    assert at(floor, "W1-A-1", "S1-P1") == 0
    with floor.reader() as uow:
        kinds = {e.kind: e.status for e in uow.session.execute(select(FloorException)).scalars()}
    assert kinds["short_pick"] == "resolved"


def test_a_bin_waiting_for_its_count_is_not_allocated_from(site, floor):
    site.receive("S1", "S1-P1", "W1-A-1", 5)
    counts.create(floor.uow(), site.actor("supervisor"), "W1-A-1")
    order = site.order("S1", "HOLD-1", [("S1-P1", 1)])
    waves.release(floor.uow(), SYSTEM, "W1")
    assert orders.get_order(floor.uow(), SYSTEM, order.id).status == "backordered"


def test_the_schedule_visits_every_bin_and_the_counter_can_tell_a_shared_gtin_apart(site, floor):
    made = counts.schedule(floor.uow(), site.actor("supervisor"), "W1", 30)
    assert made == 6
    assert counts.schedule(floor.uow(), site.actor("supervisor"), "W1", 30) == 0
    site.receive("S1", "S1-P1", "W1-A-2", 1)
    with floor.reader() as uow:
        task = uow.session.execute(select(CountTask.id).join(Location, Location.id == CountTask.location_id)
                                   .where(Location.code == "W1-A-2")).scalar_one()
    candidates = counts.identify(floor.uow(), site.actor("picker"), task, gtin_of(site, "S1-P1"))
    assert candidates[0].sku == "S1-P1"
