"""A viral day, measured (issue 19), on SQLite and PostgreSQL: N one-unit orders of one SKU released as a singles
wave against the same number released as cluster waves of today (the baseline, same run, same orders' shape);
the singles packer's scan-to-label time (one unit scanned -> box closed, SSCC, tracking, label queued) against a
cluster pick scan in the same run; walking of the proposed mix against one cluster wave for a mixed day.

Writes tests/bench/results/picking-modes-<db>.md. N is set by FLOOR_BENCH_SINGLES (default 2,000; the release
of this version walks its orders through the ORM one by one, about linear in N).
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from app.domain.order_csv import parse_orders_csv
from app.services import order_import, picking, singles, waves
from tests.integration.test_import_chunks import HEADER, orders_csv
from tests.support.factories import SYSTEM, build_site
from tests.support.flows import gtin_of

RESULTS = Path(__file__).parent / "results"
N = int(os.environ.get("FLOOR_BENCH_SINGLES", "2000"))


def viral_csv(n: int, prefix: str, sku: str = "S1-P1", due: str = "2026-12-01T16:00:00Z",
              level: str = "express") -> bytes:
    rows = [HEADER] + [f"{prefix}-{i},S1,W1,{level},{due},Zoë {i},Hauptstraße {i},Berlin,10115,DE,{sku},1\n"
                       for i in range(n)]
    return "".join(rows).encode()


def imported(floor, data: bytes) -> None:
    parsed, errors = parse_orders_csv(data)
    assert not errors
    order_import.import_orders(floor.uow(), SYSTEM, parsed, key=None, parse_errors={})


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def test_a_viral_day_in_figures(databases, backend):
    site = build_site(databases.floor())
    floor = site.floor
    site.receive("S1", "S1-P1", "W1-A-6", 2 * N + 10)
    site.receive("S1", "S1-P2", "W1-A-1", N + 10)
    # baseline: N one-unit orders of another SKU released as cluster waves of today (500 orders a release)
    imported(floor, viral_csv(N, "BASE", "S1-P2", due="2026-12-03T16:00:00Z", level="economy"))
    imported(floor, viral_csv(N, "VIRAL"))
    imported(floor, orders_csv(N // 4, "MIXED"))   # a quiet day's orders beside them: two lines each
    mix = waves.propose(floor.uow(), site.actor("supervisor"), "W1", max_orders=2 * N + N // 4)
    t = time.perf_counter()
    released = 0
    while released < N:
        released += waves.release(floor.uow(), SYSTEM, "W1", max_orders=500, orders_per_task=12,
                                  service_levels=("economy",)).orders
    cluster_s = time.perf_counter() - t
    # the viral SKU: N orders released as one singles wave
    t = time.perf_counter()
    wave = waves.release(floor.uow(), SYSTEM, "W1", mode="singles", max_orders=N, orders_per_task=500,
                         service_levels=("express",))
    singles_s = time.perf_counter() - t
    assert wave.orders == N
    # pick the first singles cart (500 units: 1 bin scan + 1 counted scan), timing the picker's scans
    picker, packer = site.actor("picker"), site.actor("packer")
    scan_ms = []
    view = picking.claim_next(floor.uow(), picker)
    assert view.mode == "singles"
    view = picking.scan(floor.uow(), picker, view.task_id, "TOTE-VIRAL").view
    view = picking.scan(floor.uow(), picker, view.task_id, f"LOC-{view.step.bin}").view
    gtin = gtin_of(site, "S1-P1")
    t = time.perf_counter()
    view = picking.scan(floor.uow(), picker, view.task_id, gtin, quantity=view.step.remaining).view
    count_scan_s = time.perf_counter() - t
    assert view.step.kind == "done"
    # the singles packer: 200 units, each scanned -> box, label queued (then its label scanned back)
    label_ms = []
    for _ in range(200):
        t = time.perf_counter()
        got = singles.pack_unit(floor.uow(), packer, floor.packing, "TOTE-VIRAL", gtin)
        label_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        singles.verify(floor.uow(), packer, "TOTE-VIRAL", got.box.package_id, got.box.tracking_number)
        scan_ms.append((time.perf_counter() - t) * 1000)
    lines = [
        f"# Picking modes on {backend} (N = {N} one-unit orders of one SKU)", "",
        "| what | figure | baseline in the same run | ratio |", "|---|---|---|---|",
        f"| release N as one singles wave | {singles_s:.2f} s ({N / singles_s:.0f} orders/s) | N as cluster waves: "
        f"{cluster_s:.2f} s | {singles_s / cluster_s:.2f} |",
        f"| picker: one counted scan of a 500-unit bin total | {count_scan_s * 1000:.0f} ms | - | - |",
        f"| singles packer: unit scan -> box closed, label queued, p50 / p95 | {p(label_ms, 50):.1f} / "
        f"{p(label_ms, 95):.1f} ms | its label scan (verify) p95 {p(scan_ms, 95):.1f} ms | "
        f"{p(label_ms, 95) / p(scan_ms, 95):.1f} |",
        f"| walking, proposed mix vs one cluster wave ({mix.cluster_only.orders} open orders: N viral, N one-unit "
        f"of another SKU, N/4 of two lines) | {mix.walk} | "
        f"{mix.cluster_only.walk} | {mix.walk_ratio:.3f} |",
        f"| pick tasks, proposed mix vs cluster | {mix.tasks} | {mix.cluster_only.tasks} | "
        f"{mix.tasks / max(1, mix.cluster_only.tasks):.3f} |", ""]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"picking-modes-{backend}.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    assert mix.walk_ratio < 1             # timings are reported, not asserted (a shared machine's load moves them)
