"""The shop's order API: each seller its own orders, field-level errors, never a 500, nothing half-written."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.db.models import Order, OrderLine
from app.server import create_app


@pytest.fixture
def client(site):
    with TestClient(create_app(site.floor), raise_server_exceptions=False) as c:
        yield c


def auth(site, seller="S1"):
    return {"Authorization": f"Bearer {site.tokens[seller]}"}


def body(ref="SHOP-1", lines=(("S1-P1", 2),), **over):
    data = {
        "external_ref": ref, "warehouse": "W1", "service_level": "express",
        "ship_by": "2026-12-01T16:00:00+01:00",
        "ship_to": {"name": "山田 花子", "lines": ["渋谷区神南1-2-3"], "city": "東京都", "postal_code": "150-0041",
                    "country": "JP", "phone": "+81 3 1234 5678"},
        "lines": [{"sku": s, "quantity": q} for s, q in lines],
    }
    data.update(over)
    return data


def counts(floor):
    with floor.reader() as uow:
        return (uow.session.execute(select(func.count(Order.id))).scalar_one(),
                uow.session.execute(select(func.count(OrderLine.id))).scalar_one())


def test_a_seller_posts_an_order_and_reads_it_back(site, client):
    made = client.post("/api/v1/orders", json=body(), headers=auth(site))
    assert made.status_code == 201, made.text
    order = made.json()
    got = client.get(f"/api/v1/orders/{order['id']}", headers=auth(site))
    assert got.status_code == 200
    assert got.json()["ship_to"]["name"] == "山田 花子"
    assert got.json()["lines"][0] == {"line_no": 1, "sku": "S1-P1", "name": "Product 1 of S1", "quantity": 2,
                                      "allocated": 0, "picked": 0, "packed": 0, "shipped": 0}
    assert got.json()["ship_by"] == "2026-12-01T15:00:00Z"


def test_another_seller_can_neither_read_nor_see_the_order(site, client):
    order = client.post("/api/v1/orders", json=body(), headers=auth(site)).json()
    got = client.get(f"/api/v1/orders/{order['id']}", headers=auth(site, "S2"))
    assert got.status_code == 404


def test_an_order_for_another_sellers_sku_is_refused_with_the_field_named(site, client, floor):
    r = client.post("/api/v1/orders", json=body(lines=(("S2-P1", 1),)), headers=auth(site))
    assert r.status_code == 422
    assert "lines[0].sku" in r.json()["fields"]
    assert counts(floor) == (0, 0)


def test_an_unknown_sku_is_refused_and_nothing_is_written(site, client, floor):
    r = client.post("/api/v1/orders", json=body(lines=(("S1-P1", 1), ("NOPE", 1))), headers=auth(site))
    assert r.status_code == 422 and "lines[1].sku" in r.json()["fields"]
    assert counts(floor) == (0, 0)


def test_sending_the_same_order_twice_makes_one_order(site, client, floor):
    first = client.post("/api/v1/orders", json=body(), headers=auth(site))
    again = client.post("/api/v1/orders", json=body(), headers=auth(site))
    assert first.json()["id"] == again.json()["id"]
    assert counts(floor) == (1, 1)


def test_the_same_reference_with_different_content_is_a_conflict(site, client):
    client.post("/api/v1/orders", json=body(), headers=auth(site))
    r = client.post("/api/v1/orders", json=body(lines=(("S1-P2", 9),)), headers=auth(site))
    assert r.status_code == 409 and r.json()["error"] == "key_reused"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic abc"}])
def test_without_a_valid_token_the_api_says_so(site, client, headers):
    r = client.post("/api/v1/orders", json=body(), headers=headers)
    assert r.status_code == 401 and r.json()["message"]


@pytest.mark.parametrize("bad, field", [
    ({"lines": []}, "lines"),
    ({"lines": [{"sku": "S1-P1", "quantity": 0}]}, "lines[0].quantity"),
    ({"lines": [{"sku": "S1-P1", "quantity": "2"}]}, "lines[0].quantity"),
    ({"ship_by": "next tuesday"}, "ship_by"),
    ({"warehouse": "NOWHERE"}, "warehouse"),
    ({"service_level": "teleport"}, "service_level"),
    ({"external_ref": ""}, "external_ref"),
    ({"unexpected": 1}, "unexpected"),
])
def test_bad_fields_are_named_in_the_answer(site, client, bad, field):
    r = client.post("/api/v1/orders", json=body(**bad), headers=auth(site))
    assert r.status_code == 422, r.text
    assert field in r.json()["fields"], r.json()


def test_a_bad_country_and_a_control_character_are_named(site, client):
    data = body()
    data["ship_to"]["country"] = "de"
    data["ship_to"]["name"] = "Zoë\x07"
    r = client.post("/api/v1/orders", json=data, headers=auth(site))
    assert r.status_code == 422
    assert {"ship_to.country", "ship_to.name"} <= set(r.json()["fields"])


def test_not_json_at_all_is_a_clear_4xx(site, client):
    r = client.post("/api/v1/orders", content=b"\xff\xfe garbage",
                    headers={**auth(site), "content-type": "application/json"})
    assert r.status_code == 422


def test_a_body_over_one_megabyte_is_refused(site, client):
    r = client.post("/api/v1/orders", content=b"{" + b" " * (1024 * 1024 + 10) + b"}",
                    headers={**auth(site), "content-type": "application/json"})
    assert r.status_code == 413


def test_the_openapi_description_is_served(client):
    spec = client.get("/openapi.json").json()
    assert "/api/v1/orders" in spec["paths"] and "/api/v1/orders/{order_id}" in spec["paths"]


json_values = st.recursive(
    (st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False, allow_infinity=False)
     | st.text(max_size=30)),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=20,
)
field_names = st.sampled_from(["external_ref", "warehouse", "service_level", "ship_by", "ship_to", "lines"])


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutations=st.dictionaries(field_names, json_values, max_size=3), raw=st.booleans())
def test_fuzzed_orders_get_4xx_or_201_never_a_500_and_nothing_half_written(site, client, floor, mutations, raw):
    before = counts(floor)
    data = {**body(ref=f"FZ-{abs(hash(json.dumps(mutations, sort_keys=True, default=str))) % 10**9}"), **mutations}
    r = client.post("/api/v1/orders", content=json.dumps(data, default=str).encode() if raw else None,
                    json=None if raw else data, headers={**auth(site), "content-type": "application/json"})
    assert r.status_code in (201, 409, 422), (r.status_code, r.text)
    after = counts(floor)
    if r.status_code == 201:
        new_orders, new_lines = after[0] - before[0], after[1] - before[1]
        assert (new_orders, new_lines) in ((0, 0), (1, len(r.json()["lines"])))
    else:
        assert after == before


def test_an_unreadable_us_address_or_phone_is_a_422_field_error_and_nothing_is_stored(site, client, floor):
    ship_to = {"name": "Ada Byron", "lines": ["#### ### @@"], "city": "New York", "region": "NY",
               "postal_code": "10118", "country": "US", "phone": "+1 212 736 3100"}
    r = client.post("/api/v1/orders", json=body("US-1", ship_to=ship_to), headers=auth(site))
    assert r.status_code == 422 and list(r.json()["fields"]) == ["ship_to.lines[0]"], r.text
    r = client.post("/api/v1/orders", json=body("US-2", ship_to={**ship_to, "lines": ["350 Fifth Avenue"],
                                                                    "phone": "12"}), headers=auth(site))
    assert r.status_code == 422 and list(r.json()["fields"]) == ["ship_to.phone"], r.text
    assert counts(floor) == (0, 0)
    r = client.post("/api/v1/orders", json=body("US-3", ship_to={**ship_to, "lines": ["350 Fifth Avenue"]},
                                                lines=()) | {"lines": [{"sku": "S1-P1", "quantity": 1,
                                                                        "declared_value": "12.50",
                                                                        "currency": "USD"}]}, headers=auth(site))
    assert r.status_code == 201, r.text
    got = r.json()["ship_to"]
    assert (got["lines"], got["phone"]) == (["350 FIFTH AVE"], "+12127363100")
    with floor.reader() as uow:
        line = uow.session.execute(select(OrderLine)).scalar_one()
        assert (str(line.declared_value), line.currency) == ("12.50", "USD")
