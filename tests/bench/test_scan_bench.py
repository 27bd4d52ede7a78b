"""Server-side scan handling under load: 50 picker stations offering 100 scans/s in an open loop for 30 s.

As the server runs them: one asyncio loop (uvicorn's), each station's scan handler awaiting its service
call in the loop's worker threads (`asyncio.to_thread`, as app/ui/shell.py does), each picker signed in
at a registered station (so every scan goes through the station checks and the double-fire check), the
pool opened and the start-up heap settled as `floor serve` does both.

Open loop: every station's scans arrive on a fixed schedule (2 a second, staggered), whatever the replies
do; latency runs from the scheduled arrival to the answer, so queueing is counted, not hidden. A station's
scans stay in order (a scanner does not overtake itself). The work is 300 one-order pick tasks of 1-3
lines and 1-12 units (drawn with a fixed seed): pickers finish tasks and take the next ("Next task", a
tap that takes one slot of the schedule) all through the run, as on a floor, not all at once.

The first WARMUP seconds run at the same rate but are reported apart (first use of every statement,
the database's caches filling); the figures and the target are over the SECONDS after them.
Afterwards every scan must have had its effect. Baseline in the same run: one read of a task view.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from app import heap
from app.db.models import LedgerEntry, PickLine
from app.services import auth, picking, stations, waves
from tests.bench.disk import CpuMeter, FsyncProbe, filesystem_of
from tests.support.aio import run_apart
from tests.support.factories import SYSTEM, build_site
from tests.support.flows import gtin_of

STATIONS = int(os.environ.get("FLOOR_BENCH_STATIONS", "50"))
SECONDS = float(os.environ.get("FLOOR_BENCH_SECONDS", "30"))
WARMUP = float(os.environ.get("FLOOR_BENCH_WARMUP", "3"))
RATE = 100.0  # scans per second, all stations together
ORDERS = 6 * STATIONS
SKUS = ("S1-P1", "S1-P2", "S1-P3")
RESULTS = Path(__file__).parent / "results"


def _plan(site, floor):
    """Stock in 18 bins, ORDERS one-order tasks released in one wave, a picker per station on a task."""
    for sku in SKUS:
        for b in range(1, 7):
            site.receive("S1", sku, f"W1-A-{b}", 400)
    rng = random.Random(4)
    for j in range(ORDERS):
        picked = rng.sample(SKUS, rng.randint(1, 3))
        site.order("S1", f"LOAD-{j}", [(sku, rng.randint(1, 12)) for sku in picked], hours=2 + j)
    waves.release(floor.uow(), SYSTEM, "W1", orders_per_task=1, max_orders=ORDERS)
    pickers = []
    for i in range(STATIONS):
        station = stations.register(floor.uow(), f"benchtablet{i:03d}", "tablet")
        auth.add_user(floor.uow(), SYSTEM, floor.login_policy, f"9{i:03d}", f"Load picker {i}", "picker", "1111")
        actor = auth.login(floor.uow(), floor.login_policy, f"9{i:03d}", "1111", station_id=station.id).actor()
        pickers.append((actor, picking.claim_next(floor.uow(), actor)))
    return pickers, {sku: gtin_of(site, sku) for sku in SKUS}


def _commits(floor, backend) -> tuple[str, bool]:
    """How durable a commit is on this database, as the server sees it (and so what the disk adds)."""
    with floor.reader() as uow:
        run = uow.session.connection().exec_driver_sql
        if backend == "sqlite":
            level = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[run("PRAGMA synchronous").scalar()]
            return f"SQLite WAL, synchronous={level} (every commit fsynced)", level in ("FULL", "EXTRA")
        fsync, sync = run("SHOW fsync").scalar(), run("SHOW synchronous_commit").scalar()
        durable = fsync == "on" and sync != "off"
        return (f"PostgreSQL fsync={fsync}, synchronous_commit={sync}"
                + ("" if durable else " (the test cluster's setting: the disk is out of the figures)")), durable


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * q) - 1)]


def test_scans_p99_under_25_ms_at_100_per_second_from_50_stations(floor, backend):
    site = build_site(floor)
    pickers, gtins = _plan(site, floor)
    ops: list[tuple[float, float, str]] = []   # (scheduled at, s after start; latency ms; scan | claim)
    slow: list[tuple[float, float]] = []       # (scheduled, answered) in perf_counter of scans over 25 ms
    errors: list[str] = []
    item_scans = [0]
    tasks_seen: set[int] = {view.task_id for _actor, view in pickers}
    interval = STATIONS / RATE

    async def station(i: int) -> None:
        actor, view = pickers[i]
        due = start + i * (1 / RATE)
        n = totes = 0
        while due < start + WARMUP + SECONDS:
            wait = due - time.perf_counter()
            if wait > 0:
                await asyncio.sleep(wait)
            try:   # as a station's handlers do it: the service in the loop's worker threads
                if view.step.kind == "done":   # the picker taps "Next task"
                    kind = "claim"
                    view = await asyncio.to_thread(picking.claim_next, floor.uow(), actor, key=f"load:{i}:{n}")
                    if view is None:
                        errors.append(f"{i}/{n}: no task left to claim")
                        break
                    tasks_seen.add(view.task_id)
                else:
                    step, kind = view.step, "scan"
                    if step.kind == "scan_tote":
                        totes += 1
                        code = f"TOTE-L{i:03d}{totes:02d}"
                    else:
                        code = f"LOC-{step.bin}" if step.kind == "scan_bin" else gtins[step.sku]
                    # when the scanner fired, as the station's pipeline stamps it
                    fired = datetime.now(UTC) - timedelta(seconds=time.perf_counter() - due)
                    result = await asyncio.to_thread(picking.scan, floor.uow(), actor, view.task_id, code,
                                                     key=f"load:{i}:{n}", at=fired)
                    view = result.view
                    item_scans[0] += step.kind == "scan_item"
            except Exception as exc:  # counted and reported: a load test must not hide failures
                errors.append(f"{i}/{n}: {exc!r}")
                break
            answered = time.perf_counter()
            ops.append((due - start, (answered - due) * 1000, kind))
            if answered - due > 0.025 and due - start >= WARMUP:
                slow.append((due, answered))
            n += 1
            due += interval

    async def all_stations() -> None:
        await asyncio.gather(*(station(i) for i in range(STATIONS)))

    base = []
    for _ in range(30):
        t = time.perf_counter()
        picking.task_view(floor.uow(), pickers[0][0], pickers[0][1].task_id)
        base.append((time.perf_counter() - t) * 1000)
    pick_rows = select(func.count(LedgerEntry.id)).where(LedgerEntry.reason == "pick")
    with floor.reader() as uow:
        before = uow.session.execute(pick_rows).scalar_one()
    floor.db.open_pool()   # what `floor serve` does before it takes requests
    heap.settle()          # likewise (see app/heap.py)
    where = floor.settings.data_dir if backend == "sqlite" else Path(tempfile.gettempdir())
    with FsyncProbe(where) as disk, CpuMeter() as cpu:
        start = time.perf_counter() + 1.0
        run_apart(all_stations(), timeout=WARMUP + SECONDS + 120)
    with floor.reader() as uow:
        picks = uow.session.execute(pick_rows).scalar_one()
        picked = uow.session.execute(select(func.sum(PickLine.picked)).where(PickLine.task_id.in_(tasks_seen))
                                     ).scalar_one()
    warm = [ms for at, ms, _k in ops if at < WARMUP]
    scans = [ms for at, ms, k in ops if at >= WARMUP and k == "scan"]
    claims = [ms for at, ms, k in ops if at >= WARMUP and k == "claim"]
    p50, p99 = statistics.median(scans), _pct(scans, 0.99)
    storage = filesystem_of(where)
    commits, durable = _commits(floor, backend)
    lost = picked != picks - before or item_scans[0] != picks - before or bool(errors)
    report = (f"## {backend}: {STATIONS} stations, {RATE:.0f} scans/s offered for {SECONDS:.0f} s (open loop)\n\n"
              f"Database on {storage}. Commits: {commits}.\n\n"
              f"| scans answered | errors | p50 ms | p99 ms | max ms | baseline read ms | p99 x baseline |\n"
              f"|---|---|---|---|---|---|---|\n"
              f"| {len(scans)} | {len(errors)} | {p50:.1f} | {p99:.1f} | {max(scans):.1f} | "
              f"{statistics.median(base):.2f} | {p99 / statistics.median(base):.1f} |\n\n"
              f"Tasks finished and the next claimed in the same window: {len(claims)}, p50 "
              f"{statistics.median(claims) if claims else 0:.1f} ms, max {max(claims, default=0):.1f} ms. "
              f"Warm-up before it ({WARMUP:.0f} s, same rate): {len(warm)} scans, "
              f"p50 {statistics.median(warm):.1f} ms, "
              f"max {max(warm):.1f} ms.\n\n"
              f"Units picked {picked} = item scans answered {item_scans[0]} = pick ledger rows {picks - before}; "
              f"nothing lost: {not lost}.\n\n"
              f"The disk in the same run (4 KiB write + fsync every 20 ms): {disk.summary()}; "
              f"{disk.stalls()} fsyncs over 25 ms. Of the {len(slow)} operations over 25 ms, "
              f"{sum(disk.during_a_stall(a, b) for a, b in slow)} were waiting while the disk stalled.\n\n"
              f"CPU in the same run (busy on average): {cpu.summary()}.\n")
    print("\n" + report)
    RESULTS.mkdir(exist_ok=True)
    suffix = ("-tmpfs" if storage.startswith("tmpfs") else "") + ("-durable" if durable and backend != "sqlite" else "")
    (RESULTS / f"scans-{backend}{suffix}.md").write_text(report)
    if os.environ.get("FLOOR_BENCH_RAW"):   # every operation, to look into a run: at, ms, kind
        Path(os.environ["FLOOR_BENCH_RAW"]).write_text("".join(f"{a:.3f} {m:.2f} {k}\n" for a, m, k in ops))
    assert not errors, errors[:5]
    assert not lost, report
    assert p99 < 25, report
