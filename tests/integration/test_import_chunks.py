"""A big CSV import is written in chunks: other writers never wait long for it, and an import stopped
half-way (kill -9) is finished by running the same command again, with no order twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import func, select

from app.db.models import AuditEntry, Order, OrderLine
from app.domain import order_csv
from app.domain.order_csv import parse_orders_csv
from app.services import orders, stations
from tests.support.factories import SYSTEM

HEADER = "order_ref,seller,warehouse,service_level,ship_by,name,address1,city,postal_code,country,sku,quantity\n"


def orders_csv(n_orders: int, prefix: str = "BIG") -> str:
    """n orders of two lines each (2n rows)."""
    rows = [HEADER]
    for i in range(n_orders):
        for sku in ("S1-P1", "S1-P2"):
            rows.append(f"{prefix}-{i},S1,W1,standard,2026-12-01T16:00:00Z,Zoë Müller {i},Hauptstraße {i},"
                        f"Berlin,10115,DE,{sku},1\n")
    return "".join(rows)


def counts(floor) -> tuple[int, int, int]:
    with floor.reader() as uow:
        s = uow.session
        return (s.execute(select(func.count(Order.id))).scalar_one(),
                s.execute(select(func.count(OrderLine.id))).scalar_one(),
                s.execute(select(func.count(AuditEntry.id)).where(AuditEntry.action == "order.accepted")).scalar_one())


@pytest.mark.db("sqlite")   # SQLite's one write lock is what a long import held; PostgreSQL locks rows
def test_other_writers_do_not_wait_for_a_big_import(site, floor):
    parsed, errors = parse_orders_csv(orders_csv(3000).encode())
    station = stations.register(floor.uow(), "import-watch-0001", "tablet")
    waits: list[float] = []
    stop = threading.Event()

    def heartbeats() -> None:   # a station's write every 20 ms while the import runs
        while not stop.is_set():
            started = time.perf_counter()
            stations.heartbeat(floor.uow(), station.id, screen="/pick")
            waits.append(time.perf_counter() - started)
            time.sleep(0.02)

    watcher = threading.Thread(target=heartbeats)
    watcher.start()
    try:
        started = time.perf_counter()
        result = orders.import_orders(floor.uow(), SYSTEM, parsed, key="csv:big-file-0001", parse_errors=errors)
        took = time.perf_counter() - started
    finally:
        stop.set()
        watcher.join()
    assert (result.orders, result.lines) == (3000, 6000)
    assert counts(floor) == (3000, 6000, 3000)
    assert len(waits) >= 5, f"the station wrote only {len(waits)} times in {took:.1f} s"
    assert max(waits) < 1.0, f"a station's write waited {max(waits):.2f} s for the import"   # was the whole import


def test_a_file_over_the_row_limit_is_refused_counting_rows_not_orders(monkeypatch):
    monkeypatch.setattr(order_csv, "MAX_ROWS", 10)
    one_order = HEADER + "".join(
        f"ONE,S1,W1,standard,2026-12-01T16:00:00Z,Zoë,Straße 1,Berlin,10115,DE,S1-P1,{n}\n" for n in range(1, 12))
    parsed, errors = parse_orders_csv(one_order.encode())
    assert parsed == [] and errors == {"file": "more than 10 rows"}


def test_an_import_killed_half_way_is_finished_by_running_it_again(site, floor, tmp_path):
    url = floor.db.engine.url.render_as_string(hide_password=False)
    path = tmp_path / "orders.csv"
    path.write_text(orders_csv(1500, "KILL"), encoding="utf-8")
    command = [sys.executable, "-m", "app.cli", "import", "orders", str(path), "--db", url]
    env = {**os.environ, "FLOOR_DATA_DIR": str(tmp_path / "data")}
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while counts(floor)[0] == 0 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    first.send_signal(signal.SIGKILL)
    first.wait()
    written = counts(floor)
    assert 0 < written[0] < 1500, f"kill -9 came too late or too early: {written}"
    assert written[0] % 250 == 0 and written[1] == 2 * written[0]   # whole chunks only
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Imported 1500 orders with 3000 lines." in again.stdout
    assert counts(floor) == (1500, 3000, 1500)
