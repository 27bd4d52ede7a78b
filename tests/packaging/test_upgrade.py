"""`floor db upgrade` takes a site's database made by the first schema (revision 0001), with a
working site in it, to the newest schema without losing or changing a row; the site then works."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import DateTime, MetaData, Table, insert, select, text

from app.bootstrap import Floor
from app.db import migrate
from app.db.base import UTCDateTime
from app.db.engine import Database
from app.services import auth, stock
from app.services.invariants import violations
from tests.conftest import FAST_PINS
from tests.packaging.conftest import floor_cli
from tests.support.factories import SYSTEM

T0 = datetime(2031, 3, 2, 7, 0, tzinfo=UTC)
PIN_HASH = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("1111")


def tables_at(engine) -> dict[str, Table]:
    """The schema as the database has it, with timestamps read and written as the app does (UTC)."""
    meta = MetaData()
    meta.reflect(engine)
    for table in meta.tables.values():
        for column in table.columns:
            if isinstance(column.type, DateTime):
                column.type = UTCDateTime()
    return dict(meta.tables)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def fill_a_site_at_0001(engine) -> None:
    """What a site at 0001 holds: warehouses, bins, sellers, products, people, stations that scanned,
    stock received and moved through the ledger, orders with reservations, commands and the audit log."""
    t = tables_at(engine)
    rows: list[tuple[str, list[dict]]] = [
        ("warehouses", [dict(id=1, code="DE1", name="Berlin Fulfilment", country="DE",
                             address_lines="Am Borsigturm 100", city="Berlin", postal_code="13507",
                             timezone="Europe/Berlin", gs1_company_prefix="4061234")]),
        ("zones", [dict(id=1, warehouse_id=1, code="A", name="Pick A")]),
        ("locations", [dict(id=i, warehouse_id=1, zone_id=1 if i <= 3 else None, code=code, kind=kind,
                            pick_sequence=i * 10, active=True)
                       for i, (code, kind) in enumerate((("DE1-A-01", "pick"), ("DE1-A-02", "pick"),
                                                         ("DE1-A-03", "pick"), ("DE1-RECV", "receiving")), 1)]),
        ("sellers", [dict(id=1, code="ACME", name="Acme Gadgets GmbH", api_token_hash="a" * 64, webhook_url=None,
                          return_rules={"A": "restock"}, created_at=at(0))]),
        ("products", [dict(id=i, seller_id=1, sku=f"ACME-{i}", gtin=f"0400638{i:06d}", name=name, weight_g=100 * i,
                           length_mm=120, width_mm=80, height_mm=20, image_path=None, return_rules=None, active=True)
                      for i, name in enumerate(("Phone Case", "USB-C Cable", "Power Bank"), 1)]),
        ("users", [dict(id=i, badge=badge, name=name, role=role, pin_hash=PIN_HASH, failed_pins=0, locked_until=None,
                        active=True, locale="en", created_at=at(0))
                   for i, (badge, name, role) in enumerate((("1001", "Anna Kowalska", "picker"),
                                                           ("1004", "Wei Zhang", "supervisor")), 1)]),
        ("stations", [dict(id=1, client_id="tablet-client-0001", name="Tablet 1", kind="tablet", user_id=1,
                           screen="/pick", activity="", last_seen=at(30), last_scan="LOC-DE1-A-01",
                           last_scan_at=at(29), connected=False, paused=False, ip="10.1.0.21",
                           user_agent="Mozilla/5.0", created_at=at(1))]),
        ("orders", [dict(id=o, seller_id=1, warehouse_id=1, external_ref=f"SO-{o}", status=status,
                         service_level="standard", ship_by=at(60 * 24), ship_to_name="Zoë Łukasiewicz",
                         ship_to_company="", ship_to_lines=["ul. Świętokrzyska 14"], ship_to_city="Warszawa",
                         ship_to_region="", ship_to_postal_code="00-050", ship_to_country="PL", ship_to_phone="",
                         ship_to_email="", source="api", created_at=at(10 + o))
                    for o, status in ((1, "allocated"), (2, "open"))]),
        ("order_lines", [dict(id=1, order_id=1, seller_id=1, line_no=1, product_id=1, quantity=3, quantity_allocated=3,
                              quantity_picked=0, quantity_packed=0, quantity_shipped=0),
                         dict(id=2, order_id=2, seller_id=1, line_no=1, product_id=2, quantity=1, quantity_allocated=0,
                              quantity_picked=0, quantity_packed=0, quantity_shipped=0)]),
        # received 10 + 4 at RECV, put away 8 + 4 into bins, 2 counted lost
        ("ledger", [ledger(1, 1, None, 4, 10, "receive", at(2)), ledger(2, 2, None, 4, 4, "receive", at(3)),
                    ledger(3, 1, 4, 1, 8, "move", at(4)), ledger(4, 2, 4, 2, 4, "move", at(5)),
                    ledger(5, 1, 1, None, 2, "adjust:lost", at(6))]),
        ("stock", [dict(id=1, seller_id=1, product_id=1, location_id=4, lot="", expiry=None, quantity=2, allocated=0),
                   dict(id=2, seller_id=1, product_id=2, location_id=4, lot="", expiry=None, quantity=0, allocated=0),
                   dict(id=3, seller_id=1, product_id=1, location_id=1, lot="", expiry=None, quantity=6, allocated=3),
                   dict(id=4, seller_id=1, product_id=2, location_id=2, lot="", expiry=None, quantity=4, allocated=0)]),
        ("allocations", [dict(id=1, order_line_id=1, stock_id=3, seller_id=1, quantity=3, created_at=at(12))]),
        ("commands", [dict(key=f"scan-tablet-{n:04d}", name="stock.move", fingerprint="f" * 64, user_id=1,
                           station_id=1, result={"ledger_id": n}, created_at=at(3 + n)) for n in (3, 4)]),
        ("audit_log", [dict(id=n, at=at(3 + n), action="stock.moved", user_id=1, station_id=1, seller_id=1,
                            actor="Anna Kowalska", subject_type="product", subject_id=str(n - 2),
                            detail={"quantity": 4}, command_key=f"scan-tablet-{n:04d}") for n in (3, 4)]),
    ]
    with engine.begin() as conn:
        for name, values in rows:
            conn.execute(insert(t[name]), values)
            if engine.dialect.name == "postgresql" and "id" in t[name].c:
                # rows made one by one would have moved the id sequence on: move it as they would have
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                  f"(SELECT max(id) FROM {name}))"))


def ledger(id_: int, product: int, src: int | None, dst: int | None, qty: int, reason: str, when: datetime) -> dict:
    return dict(id=id_, at=when, seller_id=1, product_id=product, lot="", from_location_id=src, to_location_id=dst,
                quantity=qty, reason=reason, note="", user_id=1, station_id=1 if reason == "move" else None,
                command_key=f"scan-tablet-{id_:04d}" if reason == "move" else None, ref_type=None, ref_id=None)


def snapshot(engine, names) -> dict[str, list[tuple]]:
    """Every row of the given tables, in their 0001 columns, in key order."""
    t = tables_at(engine)
    with engine.connect() as conn:
        return {name: [tuple(r) for r in conn.execute(select(*[t[name].c[c] for c in names[name]])
                                                      .order_by(*t[name].primary_key.columns))]
                for name in names}


@pytest.fixture
def site_at_0001(databases):
    url = databases.url()
    engine = Database.connect(url).engine
    migrate.downgrade(engine, "base")
    migrate.upgrade(engine, "0001")
    fill_a_site_at_0001(engine)
    columns = {name: [c.name for c in table.columns] for name, table in tables_at(engine).items()
               if name != "alembic_version"}
    before = snapshot(engine, columns)
    engine.dispose()
    return url, columns, before


def test_floor_db_upgrade_takes_a_0001_site_to_head_without_losing_a_row(site_at_0001, tmp_path):
    url, columns, before = site_at_0001
    assert sum(len(rows) for rows in before.values()) == 31  # 14 tables, none empty
    assert all(before.values()), [name for name, rows in before.items() if not rows]

    result = floor_cli("db", "upgrade", "--db", url)

    assert result.exit_code == 0, result.output
    db = Database.connect(url)
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision(db.engine) != "0001"
        assert snapshot(db.engine, columns) == before
        floor = Floor(settings=_settings(tmp_path, url), db=db, login_policy=FAST_PINS)
        assert violations(floor.reader()) == []
        # the upgraded site works: the old PIN logs in, stock moves on from where it was
        signed_in = auth.login(floor.uow(), floor.login_policy, "1001", "1111")
        assert signed_in.name == "Anna Kowalska"
        change = stock.receive(floor.uow(), SYSTEM, "ACME", "ACME-3", "DE1-A-03", 5, key="after-upgrade-1")
        assert change.on_hand == 5
        assert violations(floor.reader()) == []
    finally:
        db.dispose()
    again = floor_cli("db", "upgrade", "--db", url)
    assert again.exit_code == 0 and "(head)" in again.output


def _settings(tmp_path, url):
    from app.config import Settings

    return Settings(data_dir=tmp_path / "data", database_url=url, pin_hash_time_cost=1, pin_hash_memory_kib=8192)
