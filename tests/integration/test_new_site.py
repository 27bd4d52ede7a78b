"""A real site from an empty database, exactly as docs/operations.md says, on SQLite and PostgreSQL: the
page's commands and files (read from the page), then the shop platform's products and first order by the API,
released, picked, packed and shipped through the services the screens call, and `floor db check` clean."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from app.bootstrap import build
from app.cli import cli
from app.config import Settings
from app.db.models import LedgerEntry, Location
from app.domain.picking import Step
from app.domain.roles import Actor
from app.server import create_app
from app.services import auth, packing, picking, shipping, stations, waves
from tests.support import new_site
from tests.support.postgres import copy_database, drop_databases


@pytest.fixture
def empty_database(backend, request, tmp_path):
    """A database with nothing in it, not even the schema."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'new-site.db'}"
        return
    admin = request.getfixturevalue("pg_admin_url")
    name, url = copy_database(admin, "template0", "newsite")
    yield url
    drop_databases(admin, [name])


def test_the_new_site_steps_of_the_operations_page_take_an_empty_database_to_a_shipped_order(
        empty_database, tmp_path, monkeypatch):
    monkeypatch.setenv("FLOOR_PIN_HASH_TIME_COST", "1")
    monkeypatch.setenv("FLOOR_PIN_HASH_MEMORY_KIB", "8192")
    said = new_site.run_steps(tmp_path, empty_database)
    token = said["seller token ACME"].strip()
    assert token.startswith("flr_")
    assert "Added 160 bins" in said["bins add DE1 --zone A --aisles A01..A04 --racks 01..10 --levels 1..4"]
    assert said["site check"].strip() == "DE1: no pack station with a printer (Admin > Stations)."
    assert "All invariants hold." in said["db check"]

    floor = build(Settings(data_dir=tmp_path / "data", database_url=empty_database, pin_hash_time_cost=1,
                           pin_hash_memory_kib=8192))
    try:
        with floor.reader() as uow:
            assert uow.session.execute(select(func.count(LedgerEntry.id)).where(
                LedgerEntry.reason == "opening")).scalar_one() == 3
            assert uow.session.execute(select(Location.kind).where(
                Location.code == "DE1-R-PALLET-01")).scalar_one() == "reserve"
        admin = auth.login(floor.uow(), floor.login_policy, "9001", "9999").actor()
        bench = stations.register(floor.uow(), "pack-bench-1-tablet", "tablet", name="Pack bench 1")
        stations.configure(floor.uow(), admin, bench.id, printer="Pack bench 1", warehouse="DE1")
        check = CliRunner().invoke(cli, ["site", "check", "--db", empty_database])
        assert check.exit_code == 0 and "has what it needs" in check.output, check.output

        shop = {"Authorization": f"Bearer {token}"}
        with TestClient(create_app(floor), raise_server_exceptions=False) as api:
            stand = {"name": "Phone Stand", "gtin": "4006381333948", "weight_g": 210, "length_mm": 160,
                     "width_mm": 90, "height_mm": 40, "hs_code": "392690", "country_of_origin": "CN"}
            made = api.put("/api/v1/products/ACME-STAND", json=stand, headers=shop)
            assert made.status_code == 201, made.text
            again = api.put("/api/v1/products/ACME-STAND", json=stand, headers=shop)
            assert again.status_code == 200 and again.json()["updated_at"] == made.json()["updated_at"]
            stock = api.get("/api/v1/stock", params={"sku": "ACME-CASE-BLK"}, headers=shop).json()
            assert stock["warehouses"] == [{"warehouse": "DE1", "on_hand": 540, "allocated": 0, "available": 40,
                                            "in_transit": 0, "inbound": 0}]
            order = api.post("/api/v1/orders", headers=shop, json={
                "external_ref": "SHOP-1", "warehouse": "DE1", "service_level": "express",
                "ship_by": "2026-12-03T16:00:00+01:00",
                "ship_to": {"name": "Zoë Müller", "lines": ["Schönhauser Allee 36"], "city": "Berlin",
                            "postal_code": "10435", "country": "DE"},
                "lines": [{"sku": "ACME-CASE-BLK", "quantity": 2}]})
            assert order.status_code == 201, order.text

            released = waves.release(floor.uow(), admin, "DE1", max_orders=10, orders_per_task=2)
            assert released.orders == 1
            picker = auth.login(floor.uow(), floor.login_policy, "2001", "1111").actor()
            totes = pick_all(floor, picker)
            packer = auth.login(floor.uow(), floor.login_policy, "2002", "2222").actor()
            pack_and_ship(floor, packer, totes[0])

            shipped = api.get(f"/api/v1/orders/{order.json()['id']}", headers=shop).json()
            assert shipped["status"] == "shipped" and shipped["lines"][0]["shipped"] == 2
            assert shipped["packages"][0]["tracking_number"]
        check = CliRunner().invoke(cli, ["db", "check", "--db", empty_database])
        assert check.exit_code == 0 and "All invariants hold." in check.output
    finally:
        floor.close()


def pick_all(floor, picker: Actor) -> list[str]:
    """Anna's pick task, scanned as her scanner would: the tote, each bin, each item."""
    task = picking.claim_next(floor.uow(), picker)
    assert task is not None
    view, n = task, 0
    while view.step.kind != Step.DONE and n < 50:
        step, n = view.step, n + 1
        if step.kind == Step.SCAN_TOTE:
            code, quantity = f"TOTE-{9000 + step.slot}", 1
        elif step.kind == Step.SCAN_BIN:
            code, quantity = f"LOC-{step.bin}", 1
        else:
            code, quantity = step.gtin or step.sku, step.remaining
        view = picking.scan(floor.uow(), picker, view.task_id, code, quantity=quantity).view
    assert view.step.kind == Step.DONE
    return [slot.tote for slot in view.slots if slot.tote]


def pack_and_ship(floor, packer: Actor, tote: str) -> None:
    """Jürgen at the bench: the tote, every unit into the carton, the weight, the label scanned back, the dock."""
    view = packing.start(floor.uow(), packer, tote)
    for line in view.lines:
        if line.picked - line.packed:
            view = packing.pack_item(floor.uow(), packer, view.package_id, line.gtin or line.sku,
                                     quantity=line.picked - line.packed)
    view = packing.close(floor.uow(), packer, floor.packing, view.package_id, view.suggested_carton or "XL",
                         max(1, view.expected_weight_g))
    view = packing.verify_label(floor.uow(), packer, view.package_id, view.tracking_number)
    shipping.ship(floor.uow(), packer, view.tracking_number)
