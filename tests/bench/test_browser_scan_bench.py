"""In Debian's Chromium: from the scanner's Enter to the screen showing the result, on the pick screen.

A picker walks one task of 50 units of one item in one bin, scanning at 0 ms a key: 100 scans alternate a
wrong item (refused: a red flash, nothing written) and the right one (a pick: ledger row, reservation,
order line, audit, commit). Baseline in the same run: the supervisor's scanner-test screen, which echoes
each code with no database work on the scan itself.

How it is timed: a capture-phase keydown listener in the page stamps Enter (performance.now()); a
MutationObserver on the semantics tree (the DOM Flutter keeps in step with what it draws) stamps the
first moment the expected text is there. Both clocks are the page's; the test waits for one result before
the next scan, as a picker does. Figures go to tests/bench/results/browser-scans.md.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.bootstrap import build
from app.config import Settings
from app.domain.gs1 import with_check_digit
from app.domain.orders import AddressIn, LineIn, OrderIn
from app.domain.roles import Actor
from app.services import auth, orders, stock, waves
from tests.support.browser import VIEWPORT, FloorServer, Station, launch_chromium

SCANS = int(os.environ.get("FLOOR_BENCH_BROWSER_SCANS", "100"))
RESULTS = Path(__file__).parent / "results"
SYSTEM = Actor.system("bench")
RIGHT, WRONG = with_check_digit("400638000001"), with_check_digit("400638000003")   # ACME-0001, ACME-0003
TARGET_P95_MS = 100.0

ARM = """(target) => {
  window.__hit = null;
  const host = document.querySelector('flt-semantics-host');
  const seen = () => host.textContent.includes(target);
  if (seen()) { window.__hit = 'already'; return; }
  const watch = new MutationObserver(() => {
    if (seen()) { window.__hit = performance.now(); watch.disconnect(); }
  });
  watch.observe(host, {subtree: true, childList: true, characterData: true, attributes: true});
}"""
STAMP_ENTER = """() => {
  window.__enter = null;
  document.addEventListener('keydown', e => { if (e.key === 'Enter') window.__enter = performance.now(); }, true);
}"""


def timed_scan(s: Station, code: str, shows: str) -> float:
    """Scan `code`; milliseconds from its Enter to `shows` being on the screen."""
    s.page.evaluate(ARM, shows)
    assert s.page.evaluate("window.__hit") is None, f"{shows!r} was on screen before the scan"
    s.scan(code)
    s.page.wait_for_function("window.__hit !== null", timeout=20_000)
    return s.page.evaluate("window.__hit - window.__enter")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def one_task_of(floor, units: int) -> None:
    """An express PL1 order of `units` x ACME-0001, all in the first bin of the walk, released alone."""
    stock.receive(floor.uow(), SYSTEM, "ACME", "ACME-0001", "PL1-A01-01-1", units + 50)
    ship_by = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=30)
    orders.accept_order(floor.uow(), SYSTEM, OrderIn(
        external_ref=f"BENCH-{uuid.uuid4().hex[:6]}", warehouse="PL1", service_level="express", ship_by=ship_by,
        ship_to=AddressIn(name="Bench Buyer", lines=("ul. Piękna 7",), city="Kraków", postal_code="31-007",
                          country="PL"),
        lines=(LineIn("ACME-0001", units),)), seller="ACME")
    wave = waves.release(floor.uow(), SYSTEM, "PL1", cutoff=ship_by, max_orders=1, orders_per_task=1)
    assert wave.tasks == 1 and wave.lines == 1, wave


@pytest.fixture(scope="module")
def server():
    server = FloorServer.start(Path(tempfile.mkdtemp(prefix="floor-bench-browser-")))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


def station(browser, server, badge: str, pin: str, home: str) -> Station:
    s = Station(browser.new_context(viewport=VIEWPORT).new_page(), server.url).open("/login")
    s.wait_text("Scan your badge.")
    s.log_in(badge, pin, home)
    s.page.evaluate(STAMP_ENTER)
    return s


PICKERS = {"en": ("1001", "1111"), "zh_Hans": ("3901", "3911")}   # the demo's Anna; a Chinese-speaking picker


def words(language: str):
    """The pick screen's texts the test waits for, as the picker's language says them."""
    from app.i18n import _, using

    with using(language):
        return {"start": _("Start picking"), "slot": _("Scan an empty tote for slot {slot}", slot=1),
                "bin": _("Go to bin {bin}.", bin="PL1-A01-01-1"),
                "at_bin": _("AT BIN ✓ · SCAN THE ITEM").split(" · ")[0],
                "wrong": _("Wrong item. This bin's pick is {product} ({sku}).", product="\0", sku="").split("\0")[0],
                "units": _("Lines {done}/{total} · Units {picked}/{units}", done=0, total=0, picked="\0",
                           units="\1").split(" · ")[1],
                "done": _("Done. Take the totes to packing.")}


@pytest.mark.parametrize("language", ["en", "zh_Hans"])
def test_enter_to_screen_on_the_pick_screen_p95_under_100_ms(server, browser, language):
    load_before = os.getloadavg()[0]
    floor = build(Settings(data_dir=server.log_path.parent, pin_hash_time_cost=1, pin_hash_memory_kib=8192),
                  upgrade=False)
    units = SCANS // 2
    one_task_of(floor, units)
    if language != "en" and not any(u.badge == PICKERS[language][0] for u in auth.users(floor.uow(), SYSTEM)):
        auth.add_user(floor.uow(), SYSTEM, floor.login_policy, PICKERS[language][0], "李娜 Na Li", "picker",
                      PICKERS[language][1], language=language)
    floor.close()
    say = words(language)

    echo = station(browser, server, "1004", "4444", "/board")
    echo.tap("Scanner test")
    echo.wait_path("/scanner-test")
    echo_ms = [timed_scan(echo, f"BADGE-{8000 + i}", f"{i + 1} received ·") for i in range(SCANS + 5)][5:]

    s = station(browser, server, *PICKERS[language], "/pick")
    s.tap(say["start"])
    s.wait_text(say["slot"])
    timed_scan(s, f"TOTE-{uuid.uuid4().int % 10**8:08d}", say["bin"])
    timed_scan(s, "LOC-PL1-A01-01-1", say["at_bin"])
    wrong, right = [], []
    for i in range(units):
        wrong.append(timed_scan(s, WRONG, say["wrong"]))
        right.append(timed_scan(s, RIGHT, say["units"].replace("\0", str(i + 1)).replace("\1", str(units))))
    s.wait_text(say["done"])
    picks = wrong + right

    rows = [("pick screen, all scans", picks), ("  right item (a pick, written)", right),
            ("  wrong item (refused)", wrong), ("scanner-test echo (baseline)", echo_ms)]
    ratio = pct(picks, 95) / pct(echo_ms, 95)
    table = "\n".join(f"| {name} | {len(v)} | {pct(v, 50):.0f} | {pct(v, 95):.0f} | {max(v):.0f} | "
                      f"{statistics.mean(v):.0f} |" for name, v in rows)
    report = f"""# Browser: scanner Enter -> result on screen ({language})

`tests/bench/test_browser_scan_bench.py`, Debian's Chromium (headless) against `floor serve --demo`
(SQLite) on this machine, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Keys typed by Playwright at 0 ms;
Enter stamped by a keydown listener in the page, the result by a MutationObserver on Flutter's semantics
tree (the DOM kept in step with the canvas); one scan at a time, as a picker scans.

| what | scans | p50 ms | p95 ms | max ms | mean ms |
|---|---|---|---|---|---|
{table}

Machine: {os.cpu_count()} CPUs, load average {load_before:.1f} before and {os.getloadavg()[0]:.1f} after the run
(other work on the box competes with the server, Chromium and the test for the same cores).

Pick screen p95 / baseline p95 = **{ratio:.2f}x**. Target: p95 under {TARGET_P95_MS:.0f} ms on the pick screen.

The right-item scan is a full pick (ledger row, reservation, order line, pick event, audit, commit in a
worker thread) plus the screen's update; the wrong item is refused by the same service call and rolled
back; the baseline echoes the code with no database work on the scan (the refused scan and the echo
pay the station's `record_scan` after the screen is updated, off the measured path; a pick keeps its
station's last scan in its own transaction).
"""
    RESULTS.mkdir(exist_ok=True)
    name = "browser-scans.md" if language == "en" else f"browser-scans-{language}.md"
    (RESULTS / name).write_text(report, encoding="utf-8")
    print("\n" + report)
    assert pct(picks, 95) < TARGET_P95_MS, report
