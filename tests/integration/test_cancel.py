"""Cancelling an order: before picking its reservations go, during or after picking a put-back returns
the units to a bin (the picker and the packer are told), after shipping it is refused. Both databases."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.db.models import (
    Allocation,
    FloorException,
    LedgerEntry,
    Location,
    PickLine,
    PutBack,
    Stock,
    Tote,
    WebhookEvent,
)
from app.server import create_app
from app.services import cancel, orders, packing, picking, sellers
from app.services.cancel import AlreadyShipped
from app.services.picking import WrongScan
from tests.support.factories import SYSTEM
from tests.support.flows import gtin_of, pack_and_ship, pick_all, release
from tests.support.webhook_receiver import loopback_setup

LOOP = loopback_setup()


@pytest.fixture
def stocked(site):
    site.receive("S1", "S1-P1", "W1-A-3", 5)
    site.receive("S1", "S1-P2", "W1-A-1", 5)
    return site


def free_and_reserved(floor, location="W1-A-3"):
    with floor.reader() as uow:
        loc = uow.session.execute(select(Location.id).where(Location.code == location)).scalar_one()
        return uow.session.execute(select(Stock.quantity, Stock.allocated).where(Stock.location_id == loc)).one()


def test_an_order_cancelled_before_picking_releases_its_reservations_and_tells_the_seller(stocked, floor):
    site = stocked
    sellers.configure_webhook(floor.uow(), SYSTEM, "S1", "https://shop.example/hooks", policy=LOOP.urls,
                              events=("order.cancelled",))
    order = site.order("S1", "C-1", [("S1-P1", 2)])
    release(site)
    assert free_and_reserved(floor) == (5, 2)
    done = cancel.cancel_order(floor.uow(), site.actor("supervisor"), order.id, reason="buyer changed mind")
    assert done.order.status == "cancelled" and done.released_units == 2 and done.put_back == ()
    assert free_and_reserved(floor) == (5, 0)
    with floor.reader() as uow:
        assert uow.session.execute(select(func.sum(Allocation.quantity))).scalar_one() == 0
        assert set(uow.session.execute(select(PickLine.status)).scalars()) == {"cancelled"}
        event = uow.session.execute(select(WebhookEvent)).scalar_one()
        assert event.kind == "order.cancelled" and event.payload["reason"] == "buyer changed mind"
    assert picking.claim_next(floor.uow(), site.actor("picker")) is None   # the task went with it


def test_cancelling_twice_answers_the_same_and_changes_nothing_more(stocked, floor):
    site = stocked
    order = site.order("S1", "C-2", [("S1-P1", 1)])
    first = cancel.cancel_order(floor.uow(), SYSTEM, order.id, key="cancel:C-2:one")
    again = cancel.cancel_order(floor.uow(), SYSTEM, order.id, key="cancel:C-2:one")
    other = cancel.cancel_order(floor.uow(), SYSTEM, order.id, key="cancel:C-2:two")
    assert first == again and other.order.status == "cancelled" and "already" in other.message


def test_an_order_cancelled_mid_pick_goes_back_by_a_put_back_and_the_picker_is_told(stocked, floor):
    site, picker = stocked, stocked.actor("picker")
    order = site.order("S1", "C-3", [("S1-P1", 2), ("S1-P2", 1)])
    release(site)
    view = picking.claim_next(floor.uow(), picker)
    view = picking.scan(floor.uow(), picker, view.task_id, "TOTE-0301").view
    view = picking.scan(floor.uow(), picker, view.task_id, f"LOC-{view.step.bin}").view
    first_sku = view.step.sku
    picking.scan(floor.uow(), picker, view.task_id, gtin_of(site, first_sku), quantity=view.step.remaining)

    done = cancel.cancel_order(floor.uow(), SYSTEM, order.id)
    assert done.order.status == "cancelled" and done.released_units >= 1
    assert [(p.sku, p.quantity, p.tote) for p in done.put_back] == [(first_sku, 1, "TOTE-0301")]
    check = picking.check_task(floor.uow(), picker, view.task_id)
    assert "cancelled" in check.message and check.status == "done"   # nothing left to pick: the task ends
    with floor.reader() as uow:
        assert uow.session.execute(select(FloorException.kind)).scalars().all() == ["order_cancelled"]

    clerk = site.actor("packer")
    with pytest.raises(WrongScan, match="cancelled"):      # the tote reaches the bench: not to be packed
        packing.start(floor.uow(), clerk, "TOTE-0301")
    what = cancel.put_back_for(floor.uow(), clerk, "W1", gtin_of(site, first_sku))
    assert what.quantity == 1 and what.from_location == "W1-PACK" and what.suggested_bin
    cancel.put_back(floor.uow(), clerk, what.seller, what.sku, what.lot, 1, what.from_location,
                    f"LOC-{what.suggested_bin}")
    with floor.reader() as uow:
        assert uow.session.execute(select(PutBack.status)).scalars().all() == ["done"]
        assert uow.session.get(Tote, "TOTE-0301").status == "empty"
        assert uow.session.execute(select(FloorException.status)).scalars().all() == ["resolved"]
        reasons = uow.session.execute(select(LedgerEntry.reason).order_by(LedgerEntry.id)).scalars().all()
        assert reasons[-1] == "put_back"
        packing_left = uow.session.execute(select(func.coalesce(func.sum(Stock.quantity), 0)).join(
            Location, Location.id == Stock.location_id).where(Location.code == "W1-PACK")).scalar_one()
        assert packing_left == 0
    with pytest.raises(WrongScan):
        cancel.put_back_for(floor.uow(), clerk, "W1", gtin_of(site, first_sku))   # nothing more to put back


def test_a_packer_with_the_box_on_the_bench_is_stopped_at_the_next_scan(stocked, floor):
    site, packer = stocked, stocked.actor("packer")
    order = site.order("S1", "C-4", [("S1-P1", 2)])
    release(site)
    pick_all(site, totes=("TOTE-0401",))
    view = packing.start(floor.uow(), packer, "TOTE-0401")
    view = packing.pack_item(floor.uow(), packer, view.package_id, gtin_of(site, "S1-P1"))
    done = cancel.cancel_order(floor.uow(), SYSTEM, order.id)
    assert [(p.sku, p.quantity) for p in done.put_back] == [("S1-P1", 2)]
    with pytest.raises(WrongScan, match="cancelled. Do not pack it"):
        packing.pack_item(floor.uow(), packer, view.package_id, gtin_of(site, "S1-P1"))
    assert orders.get_order(floor.uow(), SYSTEM, order.id).packages == ()   # the box is cancelled too


def test_a_shipped_order_cannot_be_cancelled(stocked, floor):
    site = stocked
    order = site.order("S1", "C-5", [("S1-P1", 1)])
    release(site)
    pick_all(site, totes=("TOTE-0501",))
    pack_and_ship(site, "TOTE-0501")
    with pytest.raises(AlreadyShipped, match="has shipped"):
        cancel.cancel_order(floor.uow(), SYSTEM, order.id)
    assert orders.get_order(floor.uow(), SYSTEM, order.id).status == "shipped"


def test_the_api_cancels_an_order_and_refuses_a_shipped_one_as_a_problem(stocked, floor):
    site = stocked
    order = site.order("S1", "C-6", [("S1-P1", 1)])
    other = site.order("S1", "C-7", [("S1-P2", 1)])
    release(site)
    with TestClient(create_app(floor), raise_server_exceptions=False) as client:
        auth = {"Authorization": f"Bearer {site.tokens['S1']}"}
        r = client.post(f"/api/v1/orders/{order.id}/cancel", json={"reason": "fraud check"}, headers=auth)
        assert r.status_code == 200, r.text
        assert r.json()["order"]["status"] == "cancelled" and r.json()["released_units"] == 1
        assert client.post(f"/api/v1/orders/{order.id}/cancel", headers=auth).status_code == 200
        theirs = client.post(f"/api/v1/orders/{order.id}/cancel", headers={
            "Authorization": f"Bearer {site.tokens['S2']}"})
        assert theirs.status_code == 404
        pick_all(site, totes=("TOTE-0701",))
        pack_and_ship(site, "TOTE-0701")
        refused = client.post(f"/api/v1/orders/{other.id}/cancel", headers=auth)
        assert refused.status_code == 409
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["error"] == "already_shipped" and refused.json()["type"].endswith("already_shipped")
