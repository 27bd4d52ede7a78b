"""Setting a site up at scale (issue 13), each figure with a baseline measured in the same run:

- 100,000 products by `floor import products FILE.csv` (its own process, as a site runs it) and by the
  batch API (100 x POST /api/v1/products:batch of 1,000): target < 60 s each;
- 50,000 bins by `bins.add_bins` (what `floor bins add` runs): target < 10 s;
- scans at 100/s from 50 picker stations (open loop, as tests/bench/test_scan_bench.py) while the 100,000-product
  import runs, against the same load with no import just before: target p99 < 2x the quiet figure.
(Labels for 5,000 bins: tests/bench/test_bin_labels_bench.py.)
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app import heap
from app.db.models import Product
from app.server import create_app
from app.services import auth, bins, picking, site, stations, waves
from tests.bench.disk import CpuMeter
from tests.support.aio import run_apart
from tests.support.factories import SYSTEM, build_site
from tests.support.flows import gtin_of

RESULTS = Path(__file__).parent / "results"
PRODUCTS = 100_000
STATIONS = 50
RATE = float(os.environ.get("FLOOR_BENCH_RATE", "100"))   # scans per second, all stations together
WINDOW = float(os.environ.get("FLOOR_BENCH_SECONDS", "20"))
WARMUP = 2.0
ORDERS = 1000
SKUS = ("S1-P1", "S1-P2", "S1-P3")


def products_csv(n: int, prefix: str) -> str:
    rows = ["sku,name,weight_g,length_mm,width_mm,height_mm,hs_code,country_of_origin\n"]
    rows += [f"{prefix}-{i:06d},Imported product {i},{100 + i % 900},200,150,{10 + i % 90},392690,CN\n"
             for i in range(n)]
    return "".join(rows)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * q) - 1)]


def _plan(site_, floor):
    for sku in SKUS:
        for b in range(1, 7):
            site_.receive("S1", sku, f"W1-A-{b}", 2000)
    rng = random.Random(13)
    for j in range(ORDERS):
        picked = rng.sample(SKUS, rng.randint(1, 3))
        site_.order("S1", f"LOAD-{j}", [(sku, rng.randint(1, 6)) for sku in picked], hours=2 + j)
    for _ in range(ORDERS // 500):
        waves.release(floor.uow(), SYSTEM, "W1", orders_per_task=1, max_orders=500)
    pickers = []
    for i in range(STATIONS):
        station = stations.register(floor.uow(), f"benchtablet{i:03d}", "tablet")
        auth.add_user(floor.uow(), SYSTEM, floor.login_policy, f"9{i:03d}", f"Load picker {i}", "picker", "1111")
        actor = auth.login(floor.uow(), floor.login_policy, f"9{i:03d}", "1111", station_id=station.id).actor()
        pickers.append([actor, picking.claim_next(floor.uow(), actor)])
    return pickers, {sku: gtin_of(site_, sku) for sku in SKUS}


def _scans(floor, pickers, gtins, tag: str, seconds: float) -> tuple[list[float], list[str]]:
    """Scan latencies (ms, after the warm-up) of STATIONS stations offering RATE scans/s for `seconds`."""
    latencies: list[float] = []
    errors: list[str] = []
    interval = STATIONS / RATE

    async def station(i: int) -> None:
        actor, view = pickers[i]
        due = start + i / RATE
        n = 0
        while due < start + WARMUP + seconds:
            wait = due - time.perf_counter()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                if view.step.kind == "done":
                    view = await asyncio.to_thread(picking.claim_next, floor.uow(), actor, key=f"bench-{tag}:{i}:{n}")
                    if view is None:
                        errors.append(f"{i}: no task left")
                        break
                    kind = "claim"
                else:
                    step, kind = view.step, "scan"
                    code = (f"TOTE-{tag.upper()}{i:03d}{n:03d}" if step.kind == "scan_tote" else
                            f"LOC-{step.bin}" if step.kind == "scan_bin" else gtins[step.sku])
                    fired = datetime.now(UTC) - timedelta(seconds=time.perf_counter() - due)
                    view = (await asyncio.to_thread(picking.scan, floor.uow(), actor, view.task_id, code,
                                                    key=f"bench-{tag}:{i}:{n}", at=fired)).view
            except Exception as exc:   # counted and reported
                errors.append(f"{i}/{n}: {exc!r}")
                break
            if kind == "scan" and due - start >= WARMUP:
                latencies.append((time.perf_counter() - due) * 1000)
            n += 1
            due += interval
        pickers[i][1] = view

    async def everyone() -> None:
        await asyncio.gather(*(station(i) for i in range(STATIONS)))

    start = time.perf_counter() + 0.5
    run_apart(everyone(), timeout=WARMUP + seconds + 120)
    return latencies, errors


def test_a_site_is_set_up_at_scale_and_scans_keep_their_speed_during_a_big_import(floor, backend, tmp_path):
    site_ = build_site(floor)
    url = floor.db.engine.url.render_as_string(hide_password=False)
    lines = []

    # 50,000 bins in one command
    site.add_zone(floor.uow(), SYSTEM, "W1", "Z", kind="reserve")
    started = time.perf_counter()
    made = bins.add_bins(floor.uow(), SYSTEM, "W1", "Z", aisles="A01..A50", racks="01..50", levels="1..5",
                         positions="1..4")
    bins_s = time.perf_counter() - started
    assert made.created == 50_000

    # 100,000 products by the batch API, 1,000 a request
    client = TestClient(create_app(floor))
    token = {"Authorization": f"Bearer {site_.tokens['S2']}"}
    started = time.perf_counter()
    for b in range(PRODUCTS // 1000):
        items = [{"sku": f"API-{b * 1000 + i:06d}", "name": f"API product {i}", "weight_g": 100, "length_mm": 200,
                  "width_mm": 150, "height_mm": 20} for i in range(1000)]
        r = client.post("/api/v1/products:batch", json={"items": items}, headers=token)
        assert r.status_code == 200, r.text
    api_s = time.perf_counter() - started

    # scans: quiet, then while `floor import products` writes 100,000 rows in its own process
    pickers, gtins = _plan(site_, floor)
    floor.db.open_pool()
    heap.settle()
    quiet, quiet_errors = _scans(floor, pickers, gtins, "q", WINDOW)
    (tmp_path / "products.csv").write_text(products_csv(PRODUCTS, "CSV"), encoding="utf-8")
    with CpuMeter() as cpu:
        started = time.perf_counter()
        importer = subprocess.Popen([sys.executable, "-m", "app.cli", "import", "products",
                                     str(tmp_path / "products.csv"), "--seller", "S1", "--db", url],
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        time.sleep(3)   # start-up and the whole file checked: then its chunks are written
        busy, busy_errors = _scans(floor, pickers, gtins, "b", WINDOW)
        still_importing = importer.poll() is None
        out, _ = importer.communicate(timeout=600)
        csv_s = time.perf_counter() - started
    assert importer.returncode == 0, out
    with floor.reader() as uow:
        assert uow.session.execute(select(func.count(Product.id))).scalar_one() == 2 * PRODUCTS + 6
    assert not quiet_errors and not busy_errors, (quiet_errors + busy_errors)[:5]
    q99, b99 = _pct(quiet, 0.99), _pct(busy, 0.99)
    lines += [
        f"## {backend}", "",
        "| what | figure | target |", "|---|---|---|",
        f"| 50,000 bins (`bins add`, serpentine, chunks of 2,000) | {bins_s:.1f} s | < 10 s |",
        f"| 100,000 products by the batch API (100 x 1,000) | {api_s:.1f} s | < 60 s |",
        f"| 100,000 products by `floor import products` (own process, start-up and checks included) | {csv_s:.1f} s "
        f"| < 60 s |",
        f"| scan p50 / p99, quiet ({len(quiet)} scans) | {statistics.median(quiet):.1f} / {q99:.1f} ms | |",
        f"| scan p50 / p99, during the import ({len(busy)} scans) | {statistics.median(busy):.1f} / {b99:.1f} ms | |",
        f"| scan p99 during the import / quiet | {b99 / q99:.2f}x | < 2x |", "",
        f"50 stations offering {RATE:.0f} scans/s (open loop) for {WINDOW:.0f} s after {WARMUP:.0f} s of warm-up, "
        f"each window; the import was {'still' if still_importing else 'no longer'} running when the busy window "
        f"ended. Errors: {len(quiet_errors) + len(busy_errors)}. CPU during the import: {cpu.summary()}. "
        f"Load: {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} cores.", ""]
    report = "\n".join(lines)
    print("\n" + report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"site-setup-{backend}{'' if RATE == 100 else f'-{RATE:.0f}-per-s'}.md").write_text(report)
    assert bins_s < 10 and api_s < 60 and csv_s < 60, report
    assert b99 < 2 * q99, report
