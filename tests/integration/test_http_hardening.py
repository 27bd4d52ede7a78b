"""What every HTTP answer carries (security headers on the UI, the API, PDFs and CSVs), the API docs
public or not by a setting, and a busy database answered 503 with Retry-After, never 500."""

from __future__ import annotations

import sqlite3
import threading

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from app.bootstrap import Floor
from app.db.engine import Database
from app.db.models import Order
from app.server import create_app
from tests.integration.test_orders_api import auth, body
from tests.support.factories import build_site
from tests.support.flows import pack_and_ship, pick_all, release

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "content-security-policy": "frame-ancestors 'none'",
    "referrer-policy": "no-referrer",
}


def client_of(floor) -> TestClient:
    return TestClient(create_app(floor), raise_server_exceptions=False)


def headers_of(response) -> dict[str, str]:
    return {k: response.headers.get(k) for k in SECURITY_HEADERS}


@pytest.mark.db("sqlite")
def test_the_station_ui_the_api_and_a_refusal_carry_the_security_headers(site, floor):
    with client_of(floor) as client:
        answers = {
            "ui": client.get("/"),
            "api": client.post("/api/v1/orders", json=body(), headers=auth(site)),
            "refused": client.get("/api/v1/orders/999", headers=auth(site)),
            "health": client.get("/healthz"),
        }
    assert answers["ui"].status_code == 200 and "text/html" in answers["ui"].headers["content-type"]
    for name, answer in answers.items():
        assert headers_of(answer) == SECURITY_HEADERS, name


@pytest.mark.db("sqlite")
def test_a_label_pdf_and_the_manifest_csv_carry_them_and_a_formula_in_a_name_is_written_as_text(site, floor):
    from app.services import shipping

    site.receive("S1", "S1-P1", "W1-A-3", 5)
    site.order("S1", "@SUM(1+1)", [("S1-P1", 1)], name='=HYPERLINK("http://x.invalid","Zoë")')
    release(site)
    pick_all(site, totes=("TOTE-CSV1",))
    pack_and_ship(site, "TOTE-CSV1")
    job = shipping.manifest_job(floor.uow(), site.actor("packer"), "W1", "FloorPost", floor.clock().date())
    with client_of(floor) as client:
        pdf = client.get(f"/print/{job.public_id}.pdf")
        csv_answer = client.get(f"/print/{job.public_id}.csv")
    assert pdf.status_code == csv_answer.status_code == 200
    assert headers_of(csv_answer) == SECURITY_HEADERS
    # the PDF may be framed by the station's own page (its in-page viewer), by no other site
    assert headers_of(pdf) == {**SECURITY_HEADERS, "x-frame-options": "SAMEORIGIN",
                               "content-security-policy": "frame-ancestors 'self'"}
    text = csv_answer.text
    assert "'=HYPERLINK(" in text and "'@SUM(1+1)" in text
    assert not any(cell.startswith(("=", "@", "+", "-")) for line in text.splitlines() for cell in line.split(","))


@pytest.mark.db("sqlite")
@pytest.mark.parametrize("public", [True, False])
def test_the_api_docs_are_public_or_not_by_the_setting(floor, public):
    floor.settings = floor.settings.with_(api_docs_public=public)
    with client_of(floor) as client:
        codes = {path: client.get(path).status_code for path in ("/docs", "/redoc", "/openapi.json")}
        health = client.get("/healthz").status_code
    assert codes == dict.fromkeys(codes, 200 if public else 404)
    assert health == 200


class HeldLock:
    """Another connection holding the database's write lock (as a long import or a stuck tool would)."""

    def __init__(self, url: str) -> None:
        self.url, self.released = url, threading.Event()

    def __enter__(self) -> HeldLock:
        u = make_url(self.url)
        if u.get_backend_name() == "sqlite":
            self.conn = sqlite3.connect(u.database, isolation_level=None)
            self.conn.execute("BEGIN IMMEDIATE")
        else:
            self.conn = psycopg.connect(u.set(drivername="postgresql").render_as_string(hide_password=False))
            self.conn.execute("LOCK TABLE commands IN ACCESS EXCLUSIVE MODE")
        return self

    def __exit__(self, *exc) -> None:
        self.conn.rollback()
        self.conn.close()


def test_a_busy_database_is_a_503_with_retry_after_and_the_retry_then_goes_through(floor, tmp_path):
    build_site(floor)
    site_url = floor.settings.database_url
    impatient = Floor(settings=floor.settings, db=Database.connect(site_url, busy_seconds=0.3),
                      login_policy=floor.login_policy)
    token = {"Authorization": "Bearer token-S1"}
    try:
        with client_of(impatient) as client:
            with HeldLock(site_url):
                busy = client.post("/api/v1/orders", json=body("BUSY-1"), headers=token)
            again = client.post("/api/v1/orders", json=body("BUSY-1"), headers=token)
    finally:
        impatient.close()
    assert busy.status_code == 503, busy.text
    assert busy.headers["retry-after"].isdigit()
    assert busy.json()["error"] == "busy"
    assert headers_of(busy) == SECURITY_HEADERS
    assert again.status_code == 201, again.text
    with floor.reader() as uow:
        assert uow.session.execute(select(func.count(Order.id))).scalar_one() == 1


@pytest.mark.db("sqlite")
def test_an_order_reference_of_any_shape_is_accepted_once(site, floor):
    """"#1001" (a shop's own numbering) made a malformed command key and was refused."""
    with client_of(floor) as client:
        first = client.post("/api/v1/orders", json=body("#1001 / Zoë"), headers=auth(site))
        again = client.post("/api/v1/orders", json=body("#1001 / Zoë"), headers=auth(site))
    assert first.status_code == 201, first.text
    assert again.json()["id"] == first.json()["id"]


@pytest.mark.db("sqlite")
def test_links_the_api_hands_out_use_the_public_url_when_set(site, floor):
    """Behind nginx the server sees 127.0.0.1:8550; the shop must get https://floor.site.lan/... links."""
    site.receive("S1", "S1-P1", "W1-A-3", 5)
    order = site.order("S1", "PUB-1", [("S1-P1", 1)])
    release(site)
    pick_all(site, totes=("TOTE-PUB1",))
    pack_and_ship(site, "TOTE-PUB1")
    floor.settings = floor.settings.with_(public_url="https://floor.site.lan/")
    with client_of(floor) as client:
        r = client.post("/api/v1/returns", json={"order_id": order.id, "reason": "too small",
                                                 "lines": [{"sku": "S1-P1", "quantity": 1}]}, headers=auth(site))
    assert r.status_code == 201, r.text
    url = r.json()["return_label_url"]
    assert url.startswith("https://floor.site.lan/print/") and url.endswith(".pdf")
