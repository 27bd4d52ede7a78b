"""Server-side scan handling under load: 50 picker stations offering 100 scans/s in an open loop for 30 s.

As the server runs them: one asyncio loop (uvicorn's), each station's scan handler awaiting its service
call in the loop's worker threads (`asyncio.to_thread`, as app/ui/shell.py does), the start-up heap
settled as `floor serve` settles it.

Open loop: every station's scans arrive on a fixed schedule (2 a second, staggered), whatever the replies
do; latency runs from the scheduled arrival to the answer, so queueing is counted, not hidden. A station's
scans stay in order (a scanner does not overtake itself). Afterwards every scan must have had its effect.
Baseline in the same run: one read of the picker's task view.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from app import heap
from app.db.models import LedgerEntry
from app.services import auth, picking, waves
from tests.bench.disk import FsyncProbe, filesystem_of
from tests.support.aio import run_apart
from tests.support.factories import SYSTEM, build_site
from tests.support.flows import gtin_of

STATIONS = int(os.environ.get("FLOOR_BENCH_STATIONS", "50"))
SECONDS = float(os.environ.get("FLOOR_BENCH_SECONDS", "30"))
RATE = 100.0  # scans per second, all stations together
RESULTS = Path(__file__).parent / "results"


def _plan(site, floor):
    """50 pickers, each with a task of 4 lines x 13 units (57 scans: tote, 4 bins, 52 items)."""
    skus = ["S1-P1", "S1-P2", "S1-P3"]
    for sku in skus:
        for b in range(1, 7):
            site.receive("S1", sku, f"W1-A-{b}", 120)
    for i in range(STATIONS):
        site.order("S1", f"LOAD-{i}", [("S1-P1", 13), ("S1-P2", 13), ("S1-P3", 13)], hours=2 + i)
    waves.release(floor.uow(), SYSTEM, "W1", orders_per_task=1, max_orders=STATIONS)
    pickers = []
    for i in range(STATIONS):
        auth.add_user(floor.uow(), SYSTEM, floor.login_policy, f"9{i:03d}", f"Load picker {i}", "picker", "1111")
        actor = auth.login(floor.uow(), floor.login_policy, f"9{i:03d}", "1111").actor()
        pickers.append((actor, picking.claim_next(floor.uow(), actor)))
    return pickers, {sku: gtin_of(site, sku) for sku in skus}


def test_scans_p99_under_25_ms_at_100_per_second_from_50_stations(floor, backend):
    site = build_site(floor)
    pickers, gtins = _plan(site, floor)
    latencies: list[float] = []
    errors: list[str] = []
    issued = [0]
    interval = STATIONS / RATE

    async def station(i: int) -> None:
        actor, view = pickers[i]
        due = start + i * (1 / RATE)
        n = 0
        while due < start + SECONDS:
            step = view.step
            if step.kind == "done":
                break
            code = (f"TOTE-L{i:03d}" if step.kind == "scan_tote" else f"LOC-{step.bin}" if step.kind == "scan_bin"
                    else gtins[step.sku])
            wait = due - time.perf_counter()
            if wait > 0:
                await asyncio.sleep(wait)
            try:   # as a station's scan handler does it: the service in the loop's worker threads
                result = await asyncio.to_thread(picking.scan, floor.uow(), actor, view.task_id, code,
                                                 key=f"load:{i}:{n}")
                view = result.view
            except Exception as exc:  # counted and reported: a load test must not hide failures
                errors.append(f"{i}/{n}: {exc}")
                break
            latencies.append((time.perf_counter() - due) * 1000)
            issued[0] += 1
            n += 1
            due += interval

    async def all_stations() -> None:
        await asyncio.gather(*(station(i) for i in range(STATIONS)))

    def baseline():
        picking.task_view(floor.uow(), pickers[0][0], pickers[0][1].task_id)

    base = []
    for _ in range(30):
        t = time.perf_counter()
        baseline()
        base.append((time.perf_counter() - t) * 1000)
    with floor.reader() as uow:
        before = uow.session.execute(select(func.count(LedgerEntry.id)).where(LedgerEntry.reason == "pick")).scalar_one()
    heap.settle()   # what `floor serve` does once it has started (see app/heap.py)
    with FsyncProbe(floor.settings.data_dir if backend == "sqlite" else Path(tempfile.gettempdir())) as disk:
        start = time.perf_counter() + 1.0
        run_apart(all_stations(), timeout=SECONDS + 120)
    with floor.reader() as uow:
        picks = uow.session.execute(select(func.count(LedgerEntry.id)).where(LedgerEntry.reason == "pick")).scalar_one()
    latencies.sort()
    p50 = statistics.median(latencies)
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    views = [picking.task_view(floor.uow(), a, v.task_id) for a, v in pickers]
    picked = sum(v.units_picked for v in views)
    item_scans = picked  # each item scan picks exactly one unit
    storage = filesystem_of(floor.settings.data_dir if backend == "sqlite" else Path(tempfile.gettempdir()))
    report = (f"## {backend}: {STATIONS} stations, {RATE:.0f} scans/s offered for {SECONDS:.0f} s (open loop)\n\n"
              f"Database on {storage}.\n\n"
              f"| scans answered | errors | p50 ms | p99 ms | max ms | baseline read ms | p99 x baseline |\n"
              f"|---|---|---|---|---|---|---|\n"
              f"| {issued[0]} | {len(errors)} | {p50:.1f} | {p99:.1f} | {latencies[-1]:.1f} | "
              f"{statistics.median(base):.2f} | {p99 / statistics.median(base):.1f} |\n\n"
              f"Units picked {picked} = pick ledger rows {picks - before}; nothing lost: "
              f"{picked == picks - before and not errors}.\n\n"
              f"The disk in the same run (4 KiB write + fsync every 20 ms): {disk.summary()}; "
              f"{disk.stalls()} fsyncs over 25 ms.\n")
    print("\n" + report)
    RESULTS.mkdir(exist_ok=True)
    suffix = "-tmpfs" if storage.startswith("tmpfs") else ""
    (RESULTS / f"scans-{backend}{suffix}.md").write_text(report)
    assert not errors, errors[:5]
    assert item_scans == picks - before
    assert p99 < 25, report
