"""Lists of orders, returns and inbounds: keyset pages that skip nothing and repeat nothing, filters by
status and updated_since, cursors bound to their filters, each seller its own. Both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from app.db.models import Order
from app.server import create_app
from app.services import cancel, inbound
from app.services.inbound import InboundLineIn
from tests.integration.test_orders_api import auth
from tests.support.factories import SYSTEM


@pytest.fixture
def client(site):
    with TestClient(create_app(site.floor), raise_server_exceptions=False) as c:
        yield c


def walk(client, site, path, seller="S1", start=None, **params) -> list[dict]:
    """Every page of a list, following next_cursor (from `start`, a cursor, if given)."""
    items, cursor = [], start
    for _ in range(100):
        query = {k: v for k, v in {**params, "cursor": cursor}.items() if v is not None}
        r = client.get(path, params=query, headers=auth(site, seller))
        assert r.status_code == 200, r.text
        items += r.json()["items"]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("the cursor never ended")


def test_pages_of_orders_hold_every_order_once_in_the_order_they_changed(client, site, floor):
    made = [site.order("S1", f"L-{i:02d}", [("S1-P1", 1)]).id for i in range(7)]
    site.order("S2", "THEIRS", [("S2-P1", 1)])
    got = walk(client, site, "/api/v1/orders", limit=3)
    assert [o["id"] for o in got] == made
    assert {"id", "external_ref", "status", "warehouse", "updated_at"} <= set(got[0])
    first = client.get("/api/v1/orders", params={"limit": 3}, headers=auth(site)).json()
    assert len(first["items"]) == 3 and first["next_cursor"]


def test_an_order_that_changes_between_pages_comes_again_at_the_end_and_none_is_skipped(client, site, floor):
    made = [site.order("S1", f"M-{i}", [("S1-P1", 1)]).id for i in range(5)]
    page = client.get("/api/v1/orders", params={"limit": 2}, headers=auth(site)).json()
    cancel.cancel_order(floor.uow(), SYSTEM, made[0])        # seen on page 1, changes now
    rest = walk(client, site, "/api/v1/orders", limit=2, start=page["next_cursor"])
    assert [o["id"] for o in page["items"]] + [o["id"] for o in rest] == made + [made[0]]
    assert rest[-1]["status"] == "cancelled"


def test_status_and_updated_since_filter_the_list(client, site, floor):
    ids = [site.order("S1", f"F-{i}", [("S1-P1", 1)]).id for i in range(4)]
    cancel.cancel_order(floor.uow(), SYSTEM, ids[1])
    assert [o["id"] for o in walk(client, site, "/api/v1/orders", status="cancelled")] == [ids[1]]
    assert [o["id"] for o in walk(client, site, "/api/v1/orders", status="open", limit=1)] == [ids[0], ids[2], ids[3]]
    later = datetime.now(UTC) + timedelta(hours=1)
    with floor.uow() as uow:                                  # one order changed an hour from now
        uow.session.execute(update(Order).where(Order.id == ids[3]).values(updated_at=later))
        uow.commit()
    since = (later - timedelta(minutes=1)).isoformat()
    assert [o["id"] for o in walk(client, site, "/api/v1/orders", updated_since=since)] == [ids[3]]


def test_a_cursor_with_other_filters_or_made_up_is_refused_on_the_cursor_field(client, site):
    for i in range(3):
        site.order("S1", f"C-{i}", [("S1-P1", 1)])
    cursor = client.get("/api/v1/orders", params={"limit": 1}, headers=auth(site)).json()["next_cursor"]
    for params in ({"cursor": cursor, "status": "open"}, {"cursor": "bm90LWEtY3Vyc29y"}, {"cursor": "x"},
                   {"cursor": cursor[:-3]}):
        r = client.get("/api/v1/orders", params=params, headers=auth(site))
        assert r.status_code == 422 and "cursor" in r.json()["fields"], (params, r.text)
    for bad in ({"limit": 0}, {"limit": 201}, {"status": "lost"}, {"updated_since": "yesterday"}):
        r = client.get("/api/v1/orders", params=bad, headers=auth(site))
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json", r.text


def test_another_sellers_cursor_shows_nothing_of_the_first(client, site):
    for i in range(3):
        site.order("S1", f"X-{i}", [("S1-P1", 1)])
    cursor = client.get("/api/v1/orders", params={"limit": 1}, headers=auth(site)).json()["next_cursor"]
    r = client.get("/api/v1/orders", params={"cursor": cursor}, headers=auth(site, "S2"))
    assert r.status_code == 200 and r.json()["items"] == []


def test_inbounds_are_listed_by_cursor_and_status(client, site, floor):
    made = [inbound.announce(floor.uow(), SYSTEM, "W1", f"ASN-{i}", [InboundLineIn("S1-P1", 2)], seller="S1").id
            for i in range(4)]
    assert [i["id"] for i in walk(client, site, "/api/v1/inbounds", limit=3)] == made
    assert walk(client, site, "/api/v1/inbounds", status="closed") == []
    assert walk(client, site, "/api/v1/inbounds", seller="S2") == []


def test_returns_are_listed_by_cursor(client, site, floor):
    from tests.support.flows import pack_and_ship, pick_all, release

    site.receive("S1", "S1-P1", "W1-A-3", 5)
    order = site.order("S1", "R-1", [("S1-P1", 3)])
    release(site)
    pick_all(site, totes=("TOTE-1001",))
    pack_and_ship(site, "TOTE-1001")
    numbers = []
    for i in range(3):
        r = client.post("/api/v1/returns", json={"order_id": order.id, "lines": [{"sku": "S1-P1", "quantity": 1}]},
                        headers={**auth(site), "Idempotency-Key": f"rma-list-{i}"})
        assert r.status_code == 201, r.text
        numbers.append(r.json()["number"])
    got = walk(client, site, "/api/v1/returns", limit=2)
    assert [r["number"] for r in got] == numbers and got[0]["status"] == "authorised"
    assert walk(client, site, "/api/v1/returns", status="closed") == []
