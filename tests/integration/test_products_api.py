"""The shop's catalogue and stock API: PUT creates or changes a product (the same body again changes nothing),
a batch is all or nothing, lists go by cursor, stock per warehouse, each seller its own only."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.db import ledger
from app.db.ledger import Move
from app.db.models import Location, Product
from app.server import create_app
from app.services import inbound
from tests.support.factories import SYSTEM


@pytest.fixture
def client(site):
    with TestClient(create_app(site.floor), raise_server_exceptions=False) as c:
        yield c


def auth(site, seller="S1"):
    return {"Authorization": f"Bearer {site.tokens[seller]}"}


def tee(**over):
    data = {"name": "T-shirt, black, M", "gtin": "4006381333931", "weight_g": 180, "length_mm": 300,
            "width_mm": 220, "height_mm": 20, "hs_code": "610910", "country_of_origin": "PT",
            "return_rules": {"A": "restock", "D": "quarantine"}}
    data.update(over)
    return data


def products(floor) -> int:
    with floor.reader() as uow:
        return uow.session.execute(select(func.count(Product.id))).scalar_one()


def test_a_product_is_created_then_changed_and_the_same_body_again_changes_nothing(site, client):
    made = client.put("/api/v1/products/TS-M-BLK", json=tee(), headers=auth(site))
    assert made.status_code == 201, made.text
    assert made.json()["hs_code"] == "610910" and made.json()["seller"] == "S1"
    same = client.put("/api/v1/products/TS-M-BLK", json=tee(), headers=auth(site))
    assert same.status_code == 200 and same.json()["updated_at"] == made.json()["updated_at"]
    heavier = client.put("/api/v1/products/TS-M-BLK", json=tee(weight_g=200, hazmat_un="3481"), headers=auth(site))
    assert heavier.status_code == 200 and heavier.json()["weight_g"] == 200 and heavier.json()["hazmat_un"] == "UN3481"
    got = client.get("/api/v1/products/TS-M-BLK", headers=auth(site))
    assert got.json()["weight_g"] == 200
    assert client.get("/api/v1/products/TS-M-BLK", headers=auth(site, "S2")).status_code == 404


@pytest.mark.parametrize("change, field", [
    ({"gtin": "4006381333932"}, "gtin"),                    # wrong check digit
    ({"return_rules": {"A": "burn"}}, "return_rules.A"),    # the domain's rule checker
    ({"return_rules": {"wrong_item": "restock"}}, "return_rules.wrong_item"),
    ({"hazmat_un": "UN12"}, "hazmat_un"),
    ({"weight_g": -1}, "weight_g"),
    ({"colour": "black"}, "colour"),
])
def test_a_bad_product_is_a_problem_naming_its_field_and_nothing_is_written(site, client, change, field):
    before = products(site.floor)
    bad = client.put("/api/v1/products/TS-M-BLK", json=tee(**change), headers=auth(site))
    assert bad.status_code == 422, bad.text
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert any(field in k for k in bad.json()["fields"]), bad.json()
    assert products(site.floor) == before


def test_a_gtin_another_sku_of_the_seller_holds_is_refused(site, client):
    taken = client.put("/api/v1/products/NEW-1", json=tee(gtin=site_gtin(site)), headers=auth(site))
    assert taken.status_code == 422 and "belongs to the seller's SKU 'S1-P1'" in taken.json()["fields"]["gtin"]


def site_gtin(site) -> str:
    with site.floor.reader() as uow:
        return uow.session.execute(select(Product.gtin).where(Product.sku == "S1-P1")).scalar_one()


def test_a_batch_is_saved_whole_or_not_at_all(site, client):
    items = [{"sku": f"B-{i}", **tee(gtin=None, name=f"Item {i}")} for i in range(300)]
    saved = client.post("/api/v1/products:batch", json={"items": items}, headers=auth(site))
    assert saved.status_code == 200 and saved.json() == {"created": 300, "updated": 0, "unchanged": 0}
    before = products(site.floor)
    items[7]["gtin"] = "4006381333932"   # a wrong check digit
    items.append(dict(items[3], name="again"))
    bad = client.post("/api/v1/products:batch", json={"items": items}, headers=auth(site))
    assert bad.status_code == 422
    assert set(bad.json()["fields"]) == {"items[7].gtin", "items[300].sku"}
    assert products(site.floor) == before
    too_many = client.post("/api/v1/products:batch", json={"items": items[:1] * 1001}, headers=auth(site))
    assert too_many.status_code in (413, 422)


def test_products_are_listed_by_cursor_each_once(site, client):
    items = [{"sku": f"L-{i:03d}", **tee(gtin=None, name=f"Item {i}")} for i in range(25)]
    assert client.post("/api/v1/products:batch", json={"items": items}, headers=auth(site)).status_code == 200
    seen, cursor = [], None
    while True:
        got = client.get("/api/v1/products", params={"limit": 10, **({"cursor": cursor} if cursor else {})},
                         headers=auth(site))
        assert got.status_code == 200, got.text
        seen += [p["sku"] for p in got.json()["items"]]
        cursor = got.json()["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 25 + 3   # S1's three products from the factory, and these
    assert all(sku.startswith(("L-", "S1-")) for sku in seen)


def test_stock_per_warehouse_says_on_hand_allocated_available_and_inbound(site, client):
    floor = site.floor
    with floor.uow() as uow:
        bin_id = uow.session.execute(select(Location.id).where(Location.code == "W1-A-1")).scalar_one()
        product = uow.session.execute(select(Product).where(Product.sku == "S1-P1")).scalar_one()
        ledger.apply(uow, Move(product.seller_id, product.id, 7, "opening", to_location_id=bin_id))
        uow.commit()
    inbound.announce(floor.uow(), SYSTEM, "W2", "ASN-1", [inbound.InboundLineIn("S1-P1", 5)], seller="S1",
                     key="test:inbound:1")
    got = client.get("/api/v1/stock", params={"sku": "S1-P1"}, headers=auth(site))
    assert got.status_code == 200, got.text
    by_wh = {w["warehouse"]: w for w in got.json()["warehouses"]}
    assert by_wh["W1"] == {"warehouse": "W1", "on_hand": 7, "allocated": 0, "available": 7, "in_transit": 0,
                           "inbound": 0}
    assert by_wh["W2"]["inbound"] == 5 and by_wh["W2"]["on_hand"] == 0
    one = client.get("/api/v1/stock", params={"sku": "S1-P1", "warehouse": "W1"}, headers=auth(site))
    assert [w["warehouse"] for w in one.json()["warehouses"]] == ["W1"]
    assert client.get("/api/v1/stock", params={"sku": "S1-P1"}, headers=auth(site, "S2")).status_code == 404
    assert client.get("/api/v1/stock", params={"sku": "S1-P1", "warehouse": "XX"},
                      headers=auth(site)).status_code == 404
