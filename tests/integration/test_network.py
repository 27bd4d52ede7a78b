"""Two sites, each its own database, talking through their real APIs (in-process HTTP): peers and their
tokens, the stock picture a peer may read (and nothing else), a transfer from A to a warehouse of B through
A's outbox and B's inbox (B away, then back: delivered once), B one unit short: A sees it and writes it off."""

from __future__ import annotations

import socket

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.db.models import Inbound, InboxMessage, OutboxMessage, Product, Stock
from app.domain.errors import DomainError, InvalidInput
from app.server import create_app
from app.services import inbound, invariants, network, peers, planner, transfers, waves
from tests.support.factories import SYSTEM, build_site
from tests.support.flows import gtin_of, pack_and_ship, pick_all


def total(floor, sku: str) -> int:
    with floor.reader() as uow:
        return uow.session.execute(select(func.coalesce(func.sum(Stock.quantity), 0)).join(
            Product, Product.id == Stock.product_id).where(Product.sku == sku)).scalar_one()


@pytest.fixture
def pair(site, floor, databases):
    """Site A (W1, W2: the test's own floor) and site B (B1), peers of each other over their APIs."""
    b_floor = databases.floor()
    b_site = build_site(b_floor, warehouses=(("B1", "CZ"),))
    a_app, b_app = create_app(floor), create_app(b_floor)
    with TestClient(a_app) as to_a, TestClient(b_app) as to_b:
        for_b = peers.add(floor.uow(), SYSTEM, "B", "http://testserver").token_for_peer   # B calls A with it
        for_a = peers.add(b_floor.uow(), SYSTEM, "A", "http://testserver", for_b).token_for_peer
        assert peers.add(floor.uow(), SYSTEM, "B", "http://testserver", for_a).token_for_peer is None   # kept
        yield site, b_site, to_a, to_b, {"A": for_b, "B": for_a}
    assert invariants.violations(b_floor.reader()) == []
    b_floor.close()


def test_a_peer_token_reads_the_picture_and_nothing_a_seller_or_a_station_may(pair):
    a, b, to_a, to_b, tokens = pair
    a.receive("S1", "S1-P1", "W1-A-1", 7)
    picture = to_a.get("/api/v1/network/snapshot", headers={"Authorization": f"Bearer {tokens['A']}"})
    assert picture.status_code == 200
    assert {"seller": "S1", "sku": "S1-P1", "warehouse": "W1", "available": 7}.items() <= next(
        s for s in picture.json()["skus"] if s["sku"] == "S1-P1").items()
    assert to_a.get("/api/v1/orders", headers={"Authorization": f"Bearer {tokens['A']}"}).status_code == 401
    assert to_a.get("/api/v1/network/snapshot", headers={"Authorization": "Bearer token-S1"}).status_code == 401
    assert to_a.get("/api/v1/network/snapshot").status_code == 401
    with pytest.raises(InvalidInput, match="see the fields"):
        peers.add(a.floor.uow(), SYSTEM, "b c", "ftp://x", "short")


def test_a_transfer_to_another_site_arrives_once_and_its_shortfall_comes_back(pair):
    a, b, to_a, to_b, tokens = pair
    a.receive("S1", "S1-P1", "W1-A-2", 10)
    network_before = total(a.floor, "S1-P1") + total(b.floor, "S1-P1")
    plan = network.plan_network(a.floor.uow(), SYSTEM, client=to_b)       # learns B's warehouses
    assert plan.unreachable == () and "B1" in peers.listing(a.floor.uow(), SYSTEM)[0].warehouses
    planned = transfers.plan(a.floor.uow(), SYSTEM, "S1", "W1", "B1", [("S1-P1", 4)])
    waves.release(a.floor.uow(), SYSTEM, "W1")
    pick_all(a, totes=("TOTE-NET1",))
    shipped = pack_and_ship(a, "TOTE-NET1")
    assert transfers.get(a.floor.uow(), SYSTEM, planned.id).status == "in_transit"
    with pytest.raises(DomainError, match="closes when B reports"):   # not written off at A behind B's back
        transfers.close(a.floor.uow(), SYSTEM, planned.id)

    peers.add(a.floor.uow(), SYSTEM, "B", f"http://127.0.0.1:{closed_port()}")   # B's server is away
    assert network.deliver_due(a.floor.uow, cap=0) == 0                        # a real refused connection
    peers.add(a.floor.uow(), SYSTEM, "B", "http://testserver")                 # back
    with a.floor.reader() as uow:
        waiting = uow.session.execute(select(OutboxMessage)).scalar_one()
        assert waiting.delivered_at is None and waiting.attempts == 1 and waiting.last_error
        sent = {"message_id": waiting.message_id, "topic": waiting.topic, "ref": waiting.ref,
                "payload": waiting.payload}
    assert network.deliver_due(a.floor.uow, client=to_b, cap=0) == 1          # B is back: delivered
    assert network.deliver_due(a.floor.uow, client=to_b, cap=0) == 0          # and only once
    again = to_b.post("/api/v1/network/messages", headers={"Authorization": f"Bearer {tokens['B']}"},
                      json=sent)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    with b.floor.reader() as uow:
        announced = uow.session.execute(select(Inbound.id, Inbound.reference, Inbound.source_site)).all()
        assert [tuple(i[1:]) for i in announced] == [(f"{planned.number}@A", "A")]
        assert uow.session.execute(select(func.count()).select_from(InboxMessage)).scalar_one() == 1
    # in transit: counted by neither warehouse, once in the network
    assert total(a.floor, "S1-P1") + total(b.floor, "S1-P1") == network_before

    # B scans the carton and finds 3 of the 4 units
    inb = announced[0].id
    inbound.receive_carton(b.floor.uow(), SYSTEM, inb, shipped.sscc)
    inbound.receive_item(b.floor.uow(), SYSTEM, inb, gtin_of(b, "S1-P1"), quantity=3)
    closed = inbound.close(b.floor.uow(), SYSTEM, inb)
    assert closed.outcome["discrepancies"][0]["kind"] == "short"
    assert network.deliver_due(b.floor.uow, client=to_a, cap=0) == 2          # receiving, then received
    seen = transfers.get(a.floor.uow(), SYSTEM, planned.id)
    assert seen.status == "closed" and seen.outcome["lost_in_transit"] == [{"sku": "S1-P1", "lot": "", "quantity": 1}]
    assert seen.outcome["discrepancies"][0]["expected"] == 4 and seen.outcome["discrepancies"][0]["received"] == 3
    assert total(a.floor, "S1-P1") + total(b.floor, "S1-P1") == network_before - 1   # only what was lost


def test_approving_a_move_from_a_peers_warehouse_asks_that_site_to_make_the_transfer(pair):
    a, b, to_a, to_b, tokens = pair
    b.receive("S1", "S1-P1", "B1-A-1", 60)
    a.receive("S1", "S1-P1", "W1-A-1", 1)
    for i in range(6):
        a.order("S1", f"NET-DEMAND-{i}", [("S1-P1", 2)])
    plan = network.plan_network(a.floor.uow(), SYSTEM, client=to_b)
    move = next(m for m in plan.moves if m.source == "B1")
    assert move.dest == "W1" and "from B1" in move.why
    approved = planner.approve(a.floor.uow(), SYSTEM, [move.id])
    assert approved.moves[0].transfer.endswith("@B")
    assert network.deliver_due(a.floor.uow, client=to_b, cap=0) == 1
    made = transfers.recent(b.floor.uow(), SYSTEM)
    assert [(t.from_warehouse, t.to_warehouse, t.lines[0].planned) for t in made] == [("B1", "W1", move.units)]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
