"""The seller API under size: a page of 100 orders out of 1,000,000 by cursor, and cancelling an order in
the middle of its pick, through the whole HTTP stack (FastAPI in-process). Both under 50 ms p95 on SQLite
and on PostgreSQL.

Run with `make bench`. The baseline measured in the same run is GET /api/v1/orders/{id} of one order (a
primary-key read with its lines), so the figures travel between machines as ratios.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import insert, select, text

from app.db.models import Order, Product, Warehouse
from app.server import create_app
from app.services import auth as auth_service
from app.services import picking
from tests.support.factories import SYSTEM, build_site
from tests.support.flows import gtin_of, release

ORDERS = int(os.environ.get("FLOOR_BENCH_ORDERS", "1000000"))
CANCELS = int(os.environ.get("FLOOR_BENCH_CANCELS", "60"))
RESULTS = Path(__file__).parent / "results"


def _fill(floor, seller_id: int, warehouse_id: int, product_id: int) -> float:
    """ORDERS orders of one seller (one line each) over 90 days of changes, in bulk: COPY on PostgreSQL,
    executemany on SQLite; their lines by one INSERT ... SELECT."""
    rnd = random.Random(3)
    start = datetime.now(UTC) - timedelta(days=90)
    # statuses a wave release does not take up (the bench releases its own orders)
    statuses = ("picking", "packed", "packing", "shipped", "shipped", "shipped", "shipped", "cancelled")
    columns = ("seller_id", "warehouse_id", "external_ref", "status", "service_level", "ship_by", "ship_to_name",
               "ship_to_company", "ship_to_lines", "ship_to_city", "ship_to_region", "ship_to_postal_code",
               "ship_to_country", "ship_to_phone", "ship_to_email", "source", "created_at", "updated_at")

    def rows():
        for i in range(ORDERS):
            at = start + timedelta(seconds=i * 90 * 86400 / ORDERS)
            yield (seller_id, warehouse_id, f"BULK-{i:08d}", statuses[rnd.randrange(len(statuses))], "standard",
                   at + timedelta(days=1), "Bench Buyer", "", '["1 Main St"]', "Berlin", "", "10115", "DE", "", "",
                   "api", at, at + timedelta(minutes=rnd.randint(0, 600)))

    t0 = time.perf_counter()
    if floor.db.is_sqlite:
        with floor.db.engine.begin() as conn:
            batch: list[dict] = []
            for row in rows():
                batch.append(dict(zip(columns, (*row[:8], ["1 Main St"], *row[9:]), strict=True)))
                if len(batch) == 20_000:
                    conn.execute(insert(Order), batch)
                    batch = []
            if batch:
                conn.execute(insert(Order), batch)
    else:
        raw = floor.db.engine.raw_connection()
        try:
            with raw.cursor() as cur, cur.copy(f"COPY orders ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
            raw.commit()
        finally:
            raw.close()
    with floor.db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO order_lines (order_id, seller_id, line_no, product_id, quantity, quantity_allocated,"
            " quantity_picked, quantity_packed, quantity_shipped) SELECT id, seller_id, 1, :p, 1, 0, 0, 0, 0"
            " FROM orders WHERE external_ref LIKE 'BULK-%'"), {"p": product_id})
        conn.exec_driver_sql("ANALYZE")
    if floor.db.is_sqlite:   # the bulk load's WAL would be checkpointed by the first measured commits
        floor.db.engine.dispose()
        raw = floor.db.engine.raw_connection()
        try:
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")   # outside any transaction (autocommit)
        finally:
            raw.close()
    return time.perf_counter() - t0


def _time(fn, n: int) -> tuple[float, float, list[float]]:
    samples = []
    for i in range(n):
        t = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - t) * 1000)
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)], samples


def test_a_page_of_100_from_a_million_orders_and_a_cancel_mid_pick_stay_under_50_ms(floor, backend):
    site = build_site(floor)
    with floor.reader() as uow:
        seller_id, product_id = uow.session.execute(select(Product.seller_id, Product.id).where(
            Product.sku == "S1-P3")).one()
        w1 = uow.session.execute(select(Warehouse.id).where(Warehouse.code == "W1")).scalar_one()
    built = _fill(floor, seller_id, w1, product_id)
    auth = {"Authorization": f"Bearer {site.tokens['S1']}"}
    lines = [f"## {backend}: {ORDERS:,} orders of one seller (built in {built:.0f} s)", ""]
    with TestClient(create_app(floor), raise_server_exceptions=True) as client:
        some = client.get("/api/v1/orders", params={"limit": 1}, headers=auth).json()["items"][0]["id"]
        for _ in range(20):
            client.get(f"/api/v1/orders/{some}", headers=auth)
        base_med, base_p95, _ = _time(lambda _i: client.get(f"/api/v1/orders/{some}", headers=auth), 200)

        # 30 walks of 10 pages, each from another place in the 90 days (updated_since), page by page by cursor
        rnd = random.Random(9)
        places = [(datetime.now(UTC) - timedelta(days=rnd.uniform(1, 90))).isoformat() for _ in range(30)]
        walk: dict = {}

        def list_page(i: int) -> None:
            params = {"limit": 100, "updated_since": places[i // 10 % len(places)]}
            if i % 10 and walk.get("next"):
                params["cursor"] = walk["next"]
            r = client.get("/api/v1/orders", params=params, headers=auth)
            assert r.status_code == 200 and (len(r.json()["items"]) == 100 or not r.json()["next_cursor"]), r.text[:300]
            walk["next"] = r.json()["next_cursor"]

        list_med, list_p95, _ = _time(list_page, 300)
        by_status = lambda i: client.get("/api/v1/orders", params={"limit": 100, "status": "packed"}, headers=auth)  # noqa: E731
        status_med, status_p95, _ = _time(by_status, 50)

        # cancels: orders released and picked half-way, one task each, cancelled through the API
        site.receive("S1", "S1-P1", "W1-A-1", CANCELS * 4)
        site.receive("S1", "S1-P2", "W1-A-2", CANCELS * 4)
        mid_pick, before = [], []
        for i in range(CANCELS):
            order = site.order("S1", f"CXL-{i}", [("S1-P1", 2), ("S1-P2", 1)])
            release(site, orders_per_task=1)
            auth_service.add_user(floor.uow(), SYSTEM, floor.login_policy, f"9{i:04d}", f"Picker {i}", "picker", "1111")
            picker = auth_service.login(floor.uow(), floor.login_policy, f"9{i:04d}", "1111").actor()
            view = picking.claim_next(floor.uow(), picker)    # one picker per task, each half-way through
            view = picking.scan(floor.uow(), picker, view.task_id, f"TOTE-B{i:04d}").view
            view = picking.scan(floor.uow(), picker, view.task_id, f"LOC-{view.step.bin}").view
            picking.scan(floor.uow(), picker, view.task_id, gtin_of(site, view.step.sku), quantity=1)
            mid_pick.append(order.id)                                 # one unit in the tote; the cancel comes now
        for i in range(CANCELS):
            before.append(site.order("S1", f"CXL-NEW-{i}", [("S1-P1", 1), ("S1-P2", 1)]).id)
        release(site)                                                  # reserved, not picked

        def cancel(ids):
            def one(i: int) -> None:
                r = client.post(f"/api/v1/orders/{ids[i]}/cancel", json={"reason": "bench"}, headers=auth)
                assert r.status_code == 200 and r.json()["order"]["status"] == "cancelled", r.text[:300]
            return one

        pre_med, pre_p95, _ = _time(cancel(before), CANCELS)
        mid_med, mid_p95, _ = _time(cancel(mid_pick), CANCELS)

    lines += [f"Baseline (GET one order by id): median {base_med:.1f} ms, p95 {base_p95:.1f} ms", "",
              "| request | median ms | p95 ms | x baseline |", "|---|---|---|---|",
              f"| list 100 orders by cursor (300 pages from 30 places) | {list_med:.1f} | {list_p95:.1f} | "
              f"{list_med / base_med:.1f} |",
              f"| list 100 packed orders (status filter) | {status_med:.1f} | {status_p95:.1f} | "
              f"{status_med / base_med:.1f} |",
              f"| cancel before picking ({CANCELS}) | {pre_med:.1f} | {pre_p95:.1f} | {pre_med / base_med:.1f} |",
              f"| cancel mid-pick, with put-back ({CANCELS}) | {mid_med:.1f} | {mid_p95:.1f} | "
              f"{mid_med / base_med:.1f} |", ""]
    report = "\n".join(lines) + "\n"
    print("\n" + report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"api-{backend}.md").write_text(report)
    assert list_p95 < 50 and mid_p95 < 50, report
