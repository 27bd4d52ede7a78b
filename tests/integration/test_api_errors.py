"""What an integrator's probe found, each fixed and held here, on SQLite and PostgreSQL: every answer
under /api is JSON (problem details), never the web app's page and never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.db.models import Inbound, Order, PrintJob
from app.server import create_app
from app.services import orders as order_service
from tests.integration.test_orders_api import auth, body
from tests.support.flows import pack_and_ship, pick_all, release

PROBLEM_FIELDS = {"type", "title", "status", "detail", "instance", "error"}


@pytest.fixture
def client(site):
    with TestClient(create_app(site.floor), raise_server_exceptions=False) as c:
        yield c


def is_problem(r, status: int, error: str | None = None) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json", r.headers
    doc = r.json()
    assert PROBLEM_FIELDS <= set(doc) and doc["status"] == status and doc["type"] == f"urn:floor:problem:{doc['error']}"
    assert error is None or doc["error"] == error, doc
    return doc


@pytest.mark.parametrize("method, path", [("POST", "/api/v2/orders"), ("GET", "/api"), ("PUT", "/api/v1/orders/1/x")])
def test_an_unknown_api_path_is_a_json_404_not_the_web_apps_page(client, site, method, path):
    doc = is_problem(client.request(method, path, headers=auth(site)), 404, "not_found")
    assert doc["instance"] == path


@pytest.mark.parametrize("method, path, allowed", [("DELETE", "/api/v1/orders/1", "GET"),
                                                   ("PATCH", "/api/v1/orders", "GET, POST"),
                                                   ("GET", "/api/v1/orders/1/cancel", "POST")])
def test_a_wrong_method_is_a_json_405_with_allow(client, site, method, path, allowed):
    r = client.request(method, path, headers=auth(site))
    is_problem(r, 405, "method_not_allowed")
    assert r.headers["allow"] == allowed


def test_without_a_token_401_says_bearer_and_with_a_wrong_one_invalid_token(client):
    r = client.get("/api/v1/orders")
    is_problem(r, 401, "bad_credentials")
    assert r.headers["www-authenticate"] == 'Bearer realm="floor"'
    r = client.get("/api/v1/orders", headers={"Authorization": "Bearer nope"})
    assert r.headers["www-authenticate"] == 'Bearer realm="floor", error="invalid_token"'


@pytest.mark.parametrize("path", ["/api/v1/orders/{n}", "/api/v1/inbounds/{n}", "/api/v1/orders/{n}/cancel"])
def test_ids_too_big_for_any_database_are_invalid_not_a_500_and_the_connection_lives_on(client, site, path):
    method = "POST" if path.endswith("cancel") else "GET"
    for n in (2**31, 2**63, 2**64 + 5, 10**30):
        doc = is_problem(client.request(method, path.format(n=n), headers=auth(site)), 422, "invalid")
        assert set(doc["fields"]) <= {"order_id", "inbound_id"}
        assert client.get("/api/v1/orders", headers=auth(site)).status_code == 200   # the next request works


def test_big_ids_that_fit_are_simply_not_found(client, site):
    for n in (2**31 - 1, 10**9):
        is_problem(client.get(f"/api/v1/orders/{n}", headers=auth(site)), 404, "not_found")
        is_problem(client.get(f"/api/v1/inbounds/{n}", headers=auth(site)), 404, "not_found")
        is_problem(client.get(f"/api/v1/returns/{n}", headers=auth(site)), 404, "not_found")


def nul_bodies():
    order = body(ref="NUL-1")
    yield "/api/v1/orders", {**order, "lines": [{"sku": "S1-\x00P1", "quantity": 1}]}, "lines[0].sku"
    yield "/api/v1/orders", {**order, "warehouse": "W\x001"}, "warehouse"
    yield "/api/v1/orders", {**order, "external_ref": "NUL\x00"}, "external_ref"
    inb = {"reference": "ASN-NUL", "warehouse": "W1", "lines": [{"sku": "S1-P1", "quantity": 1}]}
    yield "/api/v1/inbounds", {**inb, "lines": [{"sku": "S1-P1", "quantity": 1, "lot": "L\x001"}]}, "lines[0].lot"
    yield "/api/v1/inbounds", {**inb, "warehouse": "\x00"}, "warehouse"


def test_a_nul_character_in_a_string_field_is_invalid_on_both_databases(client, site, floor):
    for path, data, field in nul_bodies():
        doc = is_problem(client.post(path, json=data, headers=auth(site)), 422, "invalid")
        assert field in doc["fields"], doc
    with floor.reader() as uow:
        assert uow.session.execute(select(func.count(Order.id))).scalar_one() == 0
        assert uow.session.execute(select(func.count(Inbound.id))).scalar_one() == 0


def test_a_nul_in_a_webhook_url_or_an_rma_in_the_path_is_invalid(client, site):
    doc = is_problem(client.put("/api/v1/webhook", json={"url": "https://shop.example/\x00"}, headers=auth(site)),
                     422, "invalid")
    assert "url" in doc["fields"]
    is_problem(client.get("/api/v1/returns/RMA-1%00", headers=auth(site)), 422, "invalid")
    is_problem(client.get("/api/v1/returns/RMA-1%00/evidence.pdf", headers=auth(site)), 422, "invalid")


def test_a_chunked_body_over_one_megabyte_is_refused_before_it_is_read_whole(client, site, floor):
    read = []

    def chunks():
        yield b'{"external_ref": "BIG", "lines": ['
        for _ in range(10 * 16):                       # 10 MB in 64 KB chunks, no Content-Length
            read.append(1)
            yield b" " * 65536
        yield b"]}"

    doc = is_problem(client.post("/api/v1/orders", content=chunks(), headers={**auth(site),
                                                                              "content-type": "application/json"}),
                     413, "too_large")
    assert "1 MB" in doc["detail"]
    with floor.reader() as uow:
        assert uow.session.execute(select(func.count(Order.id))).scalar_one() == 0


def test_two_orders_whose_references_share_forty_characters_are_two_orders(client, site, floor):
    stem = "MARKETPLACE-ORDER-2026-12-01-REGION-EU-CENTRAL-"   # 47 characters in common
    a = client.post("/api/v1/orders", json=body(ref=stem + "0001"), headers=auth(site))
    b = client.post("/api/v1/orders", json=body(ref=stem + "0002"), headers=auth(site))
    assert (a.status_code, b.status_code) == (201, 201), b.text
    assert a.json()["id"] != b.json()["id"]
    again = client.post("/api/v1/orders", json=body(ref=stem + "0002"), headers=auth(site))
    assert again.status_code == 201 and again.json()["id"] == b.json()["id"]   # a resend is still the same


def test_two_inbounds_whose_references_share_eighty_characters_are_two(client, site):
    stem = "A" * 60

    def asn(ref):
        return {"reference": ref, "warehouse": "W1", "lines": [{"sku": "S1-P1", "quantity": 3}]}

    a = client.post("/api/v1/inbounds", json=asn(stem + "-1"), headers=auth(site))
    b = client.post("/api/v1/inbounds", json=asn(stem + "-2"), headers=auth(site))
    assert (a.status_code, b.status_code) == (201, 201) and a.json()["id"] != b.json()["id"]


def test_a_malformed_idempotency_key_is_named(client, site):
    for key in (b"", b"has space", b"x" * 256, "é-accent".encode()):
        r = client.post("/api/v1/orders", json=body(), headers={**auth(site), "Idempotency-Key": key})
        doc = is_problem(r, 422, "invalid")
        assert "Idempotency-Key" in doc["fields"], (key, doc)


def test_a_long_idempotency_key_works_and_its_reuse_for_another_order_is_a_409_problem(client, site):
    key = "k" * 255
    first = client.post("/api/v1/orders", json=body(ref="IK-1"), headers={**auth(site), "Idempotency-Key": key})
    same = client.post("/api/v1/orders", json=body(ref="IK-1"), headers={**auth(site), "Idempotency-Key": key})
    assert first.status_code == same.status_code == 201 and first.json()["id"] == same.json()["id"]
    other = client.post("/api/v1/orders", json=body(ref="IK-2"), headers={**auth(site), "Idempotency-Key": key})
    is_problem(other, 409, "key_reused")


def test_reading_the_evidence_pack_writes_nothing(client, site, floor):
    site.receive("S1", "S1-P1", "W1-A-3", 2)
    order = site.order("S1", "EV-1", [("S1-P1", 1)])
    release(site)
    pick_all(site, totes=("TOTE-0901",))
    pack_and_ship(site, "TOTE-0901")
    rma = client.post("/api/v1/returns", json={"order_id": order.id, "lines": [{"sku": "S1-P1", "quantity": 1}]},
                      headers={**auth(site), "Idempotency-Key": "rma-ev-1"}).json()
    with floor.reader() as uow:
        jobs = uow.session.execute(select(func.count(PrintJob.id))).scalar_one()
    for _ in range(3):
        r = client.get(f"/api/v1/returns/{rma['number']}/evidence.pdf", headers=auth(site))
        assert r.status_code == 200 and r.content[:5] == b"%PDF-"
    with floor.reader() as uow:
        assert uow.session.execute(select(func.count(PrintJob.id))).scalar_one() == jobs


def test_an_unforeseen_failure_is_a_500_problem_and_says_nothing_was_changed(client, site, monkeypatch):
    def broken(*_a, **_k):
        raise RuntimeError("a bug")

    monkeypatch.setattr(order_service, "get_order", broken)
    doc = is_problem(client.get("/api/v1/orders/1", headers=auth(site)), 500, "server_error")
    assert "nothing was changed" in doc["detail"] and "a bug" not in doc["detail"]
