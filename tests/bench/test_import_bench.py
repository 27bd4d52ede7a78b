"""`floor import orders` with 100,000 rows (50,000 orders of two lines) while a station writes every 20 ms
and the shop's API sends an order every 50 ms. Before chunking: one 85-92 s transaction, API calls stalled
up to 54 s, one 500 "database is locked". Target: no other write waits more than a fraction of a second.

Baseline in the same run: the same station writes and API orders with no import running.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from app.domain.order_csv import parse_orders_csv
from app.services import orders, stations
from tests.integration.test_import_chunks import counts, orders_csv
from tests.support.factories import SYSTEM, build_site, order_in

RESULTS = Path(__file__).parent / "results"
ORDERS = 50_000


class Traffic:
    """A station heartbeat every 20 ms and an API order every 50 ms, each timed; errors kept."""

    def __init__(self, floor, station_id: int, tag: str) -> None:
        self.floor, self.station_id, self.tag = floor, station_id, tag
        self.stop, self.beats, self.api, self.errors = threading.Event(), [], [], []
        self.threads = [threading.Thread(target=self._beat), threading.Thread(target=self._orders)]

    def _beat(self) -> None:
        while not self.stop.is_set():
            t = time.perf_counter()
            try:
                stations.heartbeat(self.floor.uow(), self.station_id, screen="/pick")
            except Exception as exc:  # counted in the report
                self.errors.append(repr(exc))
            self.beats.append(time.perf_counter() - t)
            time.sleep(0.02)

    def _orders(self) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            t = time.perf_counter()
            try:
                orders.accept_order(self.floor.uow(), SYSTEM, order_in(f"API-{self.tag}-{n}", [("S1-P1", 1)]),
                                    seller="S1")
            except Exception as exc:  # counted in the report
                self.errors.append(repr(exc))
            self.api.append(time.perf_counter() - t)
            time.sleep(0.05)

    def __enter__(self) -> Traffic:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for t in self.threads:
            t.join()


def _ms(samples: list[float]) -> str:
    s = sorted(samples)
    p99 = s[max(0, int(len(s) * 0.99) - 1)]
    return f"{statistics.median(s) * 1000:.1f} / {p99 * 1000:.1f} / {s[-1] * 1000:.1f}"


def test_a_100000_row_import_keeps_the_floor_writing(floor, backend, tmp_path):
    """The import runs as a site runs it: `floor import orders FILE` in its own process beside the server's."""
    build_site(floor, users=False)
    station = stations.register(floor.uow(), "bench-import-watch", "tablet").id
    raw = orders_csv(ORDERS).encode()
    (tmp_path / "orders.csv").write_bytes(raw)
    started = time.perf_counter()
    parsed, errors = parse_orders_csv(raw)
    parse_s = time.perf_counter() - started
    assert not errors
    with Traffic(floor, station, "base") as base:
        time.sleep(3)
    url = floor.db.engine.url.render_as_string(hide_password=False)
    with Traffic(floor, station, "during") as during:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "app.cli", "import", "orders", str(tmp_path / "orders.csv"),
                               "--db", url], capture_output=True, text=True, timeout=1200)
        import_s = time.perf_counter() - started
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Imported {ORDERS} orders with {2 * ORDERS} lines." in done.stdout
    assert counts(floor)[0] == ORDERS + len(base.api) + len(during.api)
    worst = max(during.beats + during.api)
    report = "\n".join([
        f"## {backend}: 100,000 rows ({ORDERS:,} orders x 2 lines, {len(raw) / 1e6:.1f} MB)", "",
        f"`floor import orders` (its own process, start-up and parsing included) {import_s:.1f} s "
        f"({2 * ORDERS / import_s:,.0f} rows/s), {len(parsed) // 250} chunks of 250 orders; parsing alone "
        f"{parse_s:.1f} s.", "",
        "| writes beside it | n | median / p99 / max ms |", "|---|---|---|",
        f"| station heartbeat, no import (baseline) | {len(base.beats)} | {_ms(base.beats)} |",
        f"| station heartbeat, during the import | {len(during.beats)} | {_ms(during.beats)} |",
        f"| API order, no import (baseline) | {len(base.api)} | {_ms(base.api)} |",
        f"| API order, during the import | {len(during.api)} | {_ms(during.api)} |", "",
        f"Errors: {len(base.errors) + len(during.errors)}. Longest wait beside the import: {worst * 1000:.0f} ms.",
    ]) + "\n"
    print("\n" + report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"import-{backend}.md").write_text(report)
    assert not base.errors and not during.errors, base.errors + during.errors
    assert worst < 1.0, report
