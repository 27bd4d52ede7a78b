"""Drops of 5 s, 30 s and 2 minutes, in Chromium through a TCP proxy the bench cuts: a picker's 20 wedge scans
(tote online, then bins and items) typed while the link is down (for the 5 s drop: across it, the rest while
the kept scans are still being handed over). Timed from the link coming back: until the page has handed
every kept scan over, and until the task is done on screen. Baseline in the same run: the same walk typed
online, from the first Enter to "Done" (the scans 350 ms apart, as in the drops). A drop longer than the
session's 120 s ends the session: the scans
wait for the picker to log in again (timed from that login). Figures go to tests/bench/results/offline-drops.md.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app.bootstrap import build
from tests.e2e.test_offline_scans import (
    kept_states,
    ledger_of,
    new_picker,
    semantics_on,
    start_task,
    type_scans,
    walk,
    well_stocked,
)
from tests.e2e.test_pick_pack_ship import wait_shown
from tests.support.browser import FloorServer, Station
from tests.support.proxy import CuttableProxy

RESULTS = Path(__file__).parent / "results"
DROPS = [int(s) for s in os.environ.get("FLOOR_BENCH_DROPS", "5,30,120").split(",")]


@pytest.fixture(scope="module")
def rig(tmp_path_factory):
    server = FloorServer.start(tmp_path_factory.mktemp("floor-drops"))
    proxy = CuttableProxy.start(urlsplit(server.url).port)
    site = build(server.settings(), upgrade=False)
    yield server, proxy, site
    site.close()
    proxy.stop()
    server.stop()


def walk_task(site, server, chromium, proxy, drop: int | None) -> dict:
    tablet = Station(chromium.new_context(viewport={"width": 1280, "height": 800}).new_page(), proxy.url)
    tablet.open("/login")
    badge, _name = new_picker(site)
    skus = well_stocked(site)
    task_id, actor = start_task(site, server, tablet, badge, [(skus[0], 9), (skus[1], 9)])
    tablet.scan(f"TOTE-{secrets.randbelow(10**8):08d}")
    wait_shown(tablet, "pick.bin", r"^PL1-")
    codes = walk(site, task_id)
    login = False
    if drop is None:   # the baseline: the whole walk online, first Enter -> done
        back = time.perf_counter()
        type_scans(tablet, codes)
        handed = 0.0
    else:
        proxy.cut()
        cut = time.perf_counter()
        typing = list(codes)
        while typing and time.perf_counter() - cut < drop:
            type_scans(tablet, [typing.pop(0)])
        tablet.page.wait_for_timeout(max(0, (drop - (time.perf_counter() - cut)) * 1000))
        proxy.mend()
        back = time.perf_counter()
        type_scans(tablet, typing)   # the rest of the 5 s drop's scans: while the kept ones are handed over
        tablet.page.wait_for_function("window.floorOffline.waiting() === 0", timeout=180_000)
        handed = time.perf_counter() - back
        semantics_on(tablet)
        if tablet.page.locator("flt-semantics-host").get_by_text("wait for their person to log in").count():
            login = True
            tablet.log_in(badge, "2468", "/pick/task")
            back = time.perf_counter()
    tablet.wait_text("Done. Take the totes to packing.", timeout=180)
    done = time.perf_counter() - back
    assert ledger_of(site, actor.user_id) == (18, 18)
    if drop is not None:
        assert kept_states(site, actor.station_id).get("applied", 0) >= 1
    tablet.page.context.close()
    return {"scans": len(codes) + 1, "handed": handed, "done": done, "login": login}


def test_drops_of_5_30_and_120_seconds(rig, chromium):
    server, proxy, site = rig
    baseline = walk_task(site, server, chromium, proxy, None)
    rows = []
    for drop in DROPS:
        got = walk_task(site, server, chromium, proxy, drop)
        rows.append((drop, got))
        print(f"\ndrop {drop} s: {got}")
    load = os.getloadavg()[0]
    lines = ["# Drops: scans kept while the link was down", "",
             f"Load average at the run: {load:.1f} on {os.cpu_count()} cores. Baseline (the same walk online, last "
             f"first Enter -> Done, 350 ms between scans): {baseline['done']:.2f} s.", "",
             "| drop | scans | link back -> all handed over | -> task done on screen | vs baseline | login again |",
             "|---|---|---|---|---|---|"]
    for drop, got in rows:
        lines.append(f"| {drop} s | {got['scans']} | {got['handed']:.2f} s | {got['done']:.2f} s"
                     f"{' (from the login)' if got['login'] else ''} | {got['done'] / baseline['done']:.1f}x | "
                     f"{'yes' if got['login'] else 'no'} |")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "offline-drops.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
