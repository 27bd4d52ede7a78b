"""Stock in and between warehouses: inbound with discrepancies, put-away, transfers through transit."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.db.models import FloorException, LedgerEntry, Location, Stock
from app.domain.errors import InvalidInput, WrongScan
from app.domain.gs1 import make_sscc
from app.server import create_app
from app.services import inbound, planner, transfers, waves
from tests.support.factories import SYSTEM
from tests.support.flows import gtin_of, pack_and_ship, pick_all


def network_total(floor, sku: str) -> int:
    from app.db.models import Product

    with floor.reader() as uow:
        return uow.session.execute(select(func.coalesce(func.sum(Stock.quantity), 0)).join(
            Product, Product.id == Stock.product_id).where(Product.sku == sku)).scalar_one()


def at(floor, code: str, sku: str) -> int:
    from app.db.models import Product

    with floor.reader() as uow:
        return uow.session.execute(select(func.coalesce(func.sum(Stock.quantity), 0)).join(
            Location, Location.id == Stock.location_id).join(Product, Product.id == Stock.product_id)
            .where(Location.code == code, Product.sku == sku)).scalar_one()


def test_an_announced_inbound_is_received_with_a_discrepancy_and_put_away_by_scanning(site, floor):
    receiver = site.actor("picker")
    sscc = make_sscc(0, "4012345", 77)
    announced = inbound.announce(floor.uow(), SYSTEM, "W1", "ASN-1", [
        inbound.InboundLineIn("S1-P1", 10), inbound.InboundLineIn("S1-P2", 4, lot="L7")], [sscc], seller="S1")
    found = inbound.find(floor.uow(), receiver, sscc)
    assert found.number == announced.number
    inbound.receive_carton(floor.uow(), receiver, found.id, sscc)
    with pytest.raises(WrongScan, match="received already"):
        inbound.receive_carton(floor.uow(), receiver, found.id, sscc)
    gtin1, gtin2 = gtin_of(site, "S1-P1"), gtin_of(site, "S1-P2")
    inbound.receive_item(floor.uow(), receiver, found.id, gtin1, quantity=9)
    inbound.receive_item(floor.uow(), receiver, found.id, gtin1, damaged=True)
    inbound.receive_item(floor.uow(), receiver, found.id, f"]C101{gtin2.zfill(14)}10L7\x1d37{4}")  # a case of 4
    closed = inbound.close(floor.uow(), receiver, found.id)
    assert {(d["sku"], d["kind"]) for d in closed.outcome["discrepancies"]} == {("S1-P1", "damaged")}
    assert at(floor, "W1-RECV", "S1-P1") == 9 and at(floor, "W1-QUAR", "S1-P1") == 1
    suggestion = inbound.putaway_for(floor.uow(), receiver, 1, gtin1)
    assert suggestion.quantity == 9 and suggestion.suggested_bin.startswith("W1-A-")
    inbound.put_away(floor.uow(), receiver, "S1", "S1-P1", "", 9, "W1-RECV", f"LOC-{suggestion.suggested_bin}")
    assert at(floor, suggestion.suggested_bin, "S1-P1") == 9 and at(floor, "W1-RECV", "S1-P1") == 0
    with floor.reader() as uow:
        assert [e.kind for e in uow.session.execute(select(FloorException)).scalars()] == ["inbound_discrepancy"]


def test_over_and_unannounced_units_are_discrepancies(site, floor):
    receiver = site.actor("picker")
    found = inbound.announce(floor.uow(), SYSTEM, "W1", "ASN-2", [inbound.InboundLineIn("S1-P1", 2)], seller="S1")
    inbound.receive_item(floor.uow(), receiver, found.id, gtin_of(site, "S1-P1"), quantity=3)
    inbound.receive_item(floor.uow(), receiver, found.id, gtin_of(site, "S1-P3"))
    with pytest.raises(WrongScan, match="Not a product of this seller"):
        inbound.receive_item(floor.uow(), receiver, found.id, gtin_of(site, "S2-P1"))
    closed = inbound.close(floor.uow(), receiver, found.id)
    assert {(d["sku"], d["kind"]) for d in closed.outcome["discrepancies"]} == {("S1-P1", "over"),
                                                                                ("S1-P3", "unannounced")}


def test_the_seller_announces_over_http_and_reads_the_result(site, floor):
    with TestClient(create_app(floor), raise_server_exceptions=False) as client:
        h = {"Authorization": "Bearer token-S1"}
        r = client.post("/api/v1/inbounds", headers=h, json={
            "reference": "PO-77", "warehouse": "W1", "lines": [{"sku": "S1-P1", "quantity": 5}],
            "cartons": [make_sscc(0, "4012345", 771)[:-1] + "0" if make_sscc(0, "4012345", 771)[-1] != "0"
                        else make_sscc(0, "4012345", 771)[:-1] + "1"]})
        assert r.status_code == 422 and "cartons[0]" in r.json()["fields"]
        r = client.post("/api/v1/inbounds", headers=h, json={
            "reference": "PO-77", "warehouse": "W1", "lines": [{"sku": "S2-P1", "quantity": 5}]})
        assert r.status_code == 422 and "lines[0].sku" in r.json()["fields"]
        r = client.post("/api/v1/inbounds", headers=h, json={
            "reference": "PO-77", "warehouse": "W1", "lines": [{"sku": "S1-P1", "quantity": 5}]})
        assert r.status_code == 201, r.text
        number = r.json()["id"]
        inbound.receive_item(floor.uow(), site.actor("picker"), number, gtin_of(site, "S1-P1"), quantity=4)
        inbound.close(floor.uow(), site.actor("picker"), number)
        got = client.get(f"/api/v1/inbounds/{number}", headers=h).json()
        assert got["outcome"]["discrepancies"][0]["kind"] == "short"
        assert client.get(f"/api/v1/inbounds/{number}", headers={"Authorization": "Bearer token-S2"}).status_code == 404


def test_a_transfer_is_picked_shipped_in_transit_and_received_and_the_network_total_never_changes(site, floor):
    site.receive("S1", "S1-P1", "W1-A-2", 10)
    total = network_total(floor, "S1-P1")
    planned = transfers.plan(floor.uow(), SYSTEM, "S1", "W1", "W2", [("S1-P1", 4)])
    assert planned.status == "planned"
    waves.release(floor.uow(), SYSTEM, "W1")
    pick_all(site, totes=("TOTE-TRF1",))
    shipped = pack_and_ship(site, "TOTE-TRF1")
    view = transfers.get(floor.uow(), SYSTEM, planned.id)
    assert view.status == "in_transit" and network_total(floor, "S1-P1") == total
    assert at(floor, f"TRANSIT-{planned.number}", "S1-P1") == 4
    # in transit it cannot be picked by anyone
    site.order("S1", "WANTS-ALL", [("S1-P1", 10)])
    waves.release(floor.uow(), SYSTEM, "W1")
    with floor.reader() as uow:
        transit = uow.session.execute(select(Stock).join(Location, Location.id == Stock.location_id)
                                      .where(Location.kind == "in_transit")).scalars().all()
        assert all(s.allocated == 0 for s in transit)
    received = transfers.receive_carton(floor.uow(), site.actor("picker"), shipped.sscc)
    assert received.status == "received" and at(floor, "W2-RECV", "S1-P1") == 4
    with pytest.raises(WrongScan, match="received already"):
        transfers.receive_carton(floor.uow(), site.actor("picker"), shipped.sscc)
    closed = transfers.close(floor.uow(), site.actor("supervisor"), planned.id)
    assert closed.status == "closed" and closed.outcome["discrepancies"] == []
    assert network_total(floor, "S1-P1") == total
    with floor.reader() as uow:
        story = [r for r in uow.session.execute(select(LedgerEntry.reason).order_by(LedgerEntry.id)).scalars()]
    assert story.count("transfer_in") == 1 and "ship" in story


def test_receiving_more_than_left_is_a_traced_discrepancy_and_less_is_written_off_at_close(site, floor):
    site.receive("S1", "S1-P1", "W1-A-2", 10)
    planned = transfers.plan(floor.uow(), SYSTEM, "S1", "W1", "W2", [("S1-P1", 3)])
    waves.release(floor.uow(), SYSTEM, "W1")
    pick_all(site, totes=("TOTE-TRF2",))
    shipped = pack_and_ship(site, "TOTE-TRF2")
    got = transfers.receive_carton(floor.uow(), site.actor("picker"), shipped.sscc, counts={"S1-P1": 2})
    assert got.lines[0].received == 2
    closed = transfers.close(floor.uow(), site.actor("supervisor"), planned.id)
    assert closed.outcome["lost_in_transit"] == [{"sku": "S1-P1", "lot": "", "quantity": 1}]
    with floor.reader() as uow:
        kinds = [e.kind for e in uow.session.execute(select(FloorException)).scalars()]
        reasons = list(uow.session.execute(select(LedgerEntry.reason)).scalars())
    assert "transfer_discrepancy" in kinds and "transfer_lost" in reasons


def test_a_carton_with_extra_units_brings_them_in_with_a_trace(site, floor):
    site.receive("S1", "S1-P1", "W1-A-2", 10)
    transfers.plan(floor.uow(), SYSTEM, "S1", "W1", "W2", [("S1-P1", 1)])
    waves.release(floor.uow(), SYSTEM, "W1")
    pick_all(site, totes=("TOTE-TRF3",))
    shipped = pack_and_ship(site, "TOTE-TRF3")
    transfers.receive_carton(floor.uow(), site.actor("picker"), shipped.sscc, counts={"S1-P1": 3})
    assert at(floor, "W2-RECV", "S1-P1") == 3
    with floor.reader() as uow:
        over = uow.session.execute(select(LedgerEntry.quantity).where(
            LedgerEntry.reason == "transfer_overage")).scalar_one()
    assert over == 2


def test_a_transfer_needs_another_warehouse_and_real_skus(site, floor):
    with pytest.raises(InvalidInput):
        transfers.plan(floor.uow(), SYSTEM, "S1", "W1", "W1", [("S1-P1", 1)])
    with pytest.raises(InvalidInput):
        transfers.plan(floor.uow(), SYSTEM, "S1", "W1", "W2", [("S2-P1", 1)])


def test_the_planner_moves_stock_to_where_it_sells_and_approving_makes_the_transfer(site, floor):
    site.receive("S1", "S1-P1", "W2-A-1", 40)
    site.receive("S1", "S1-P1", "W1-A-1", 1)
    for i in range(6):
        site.order("S1", f"DEMAND-{i}", [("S1-P1", 2)])
    proposed = planner.propose(floor.uow(), site.actor("supervisor"))
    assert [(m.sku, m.source, m.dest, m.status) for m in proposed.moves] == [("S1-P1", "W2", "W1", "proposed")]
    move = proposed.moves[0]
    assert move.units == 40 and move.spike            # 12 units in the last hours, none before: it spikes
    approved = planner.approve(floor.uow(), site.actor("supervisor"), [move.id], key="approve-plan-1")
    again = planner.approve(floor.uow(), site.actor("supervisor"), [move.id], key="approve-plan-1")
    assert approved == again and approved.moves[0].status == "approved"
    view = transfers.get(floor.uow(), SYSTEM, 1)
    assert (view.number, view.from_warehouse, view.to_warehouse, view.lines[0].planned) == (
        approved.moves[0].transfer, "W2", "W1", 40)
    # planned and not shipped yet, it counts as coming to W1: planning again moves nothing more
    assert planner.propose(floor.uow(), site.actor("supervisor")).moves == ()


def test_only_a_supervisor_plans_and_approves(site, floor):
    from app.domain.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        planner.propose(floor.uow(), site.actor("picker"))
