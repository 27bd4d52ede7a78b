"""A supervisor's action reaches the tablet by itself, in Chromium, on both databases: Pause on the board
covers the tablet with "Paused by <name>" within 2 s and a scan there is not taken; Resume lifts it; "Log
out Anna" sends the tablet to the login screen saying who did it; a badge switched off outside the board
(no push) signs its person out within a heartbeat. No scan is made while waiting: the screen changes by
itself. Figures are printed (no timed assertion) and kept in docs/ui.md."""

from __future__ import annotations

import secrets
import time

import pytest

from app.bootstrap import build
from app.domain.errors import PermissionDenied
from app.domain.roles import Actor
from app.services import auth, board, picking
from tests.e2e.test_board_live import log_in, tap_in_row
from tests.support.browser import ROOT, Station

DESKTOP = {"width": 1440, "height": 900}
SHOTS = ROOT / "docs" / "screenshots"
SYSTEM = Actor.system("push test")


@pytest.fixture
def site(floor_server):
    floor = build(floor_server.settings(), upgrade=False)
    yield floor
    floor.close()


def until(station: Station, text: str, timeout: float) -> float:
    """Seconds until `text` (exactly) is on the station's screen (fails after `timeout`)."""
    started = time.perf_counter()
    station.wait_text(text, exact=True, timeout=timeout)
    return time.perf_counter() - started


def test_pause_resume_and_remote_log_out_reach_the_tablet_within_two_seconds(floor_server, site, chromium):
    boss = Station(chromium.new_context(viewport=DESKTOP).new_page(), floor_server.url).open("/login", kind="desktop")
    log_in(boss, "1004", "4444", "/board")
    badge = f"19{secrets.randbelow(10_000):04d}"   # a picker of this test's own: others keep theirs
    person = auth.add_user(site.uow(), SYSTEM, site.login_policy, badge, f"Push Test {badge}", "picker", "1357")
    name = f"Push Test {badge}"
    tablet = Station(chromium.new_context(viewport={"width": 1280, "height": 800}).new_page(),
                     floor_server.url).open("/login")
    log_in(tablet, badge, "1357", "/pick")
    boss.wait_text(name, timeout=5)

    tap_in_row(boss, name, "Open")
    boss.wait_button("Pause")
    boss.tap("Pause")
    paused = until(tablet, "Paused by 张伟 Wei Zhang", timeout=5)
    tablet.scan("TOTE-9191")
    tablet.wait_text("Not taken: TOTE-9191", timeout=5)
    tablet.screenshot(SHOTS / "station-paused.png")
    row = next(r for r in board.stations(site.uow(), SYSTEM)[0] if r.user == name)
    picker = Actor.user(person.id, name, "picker", row.id)   # the tablet's own actor, as its session holds it
    with pytest.raises(PermissionDenied, match="This station is paused by 张伟 Wei Zhang."):
        picking.claim_next(site.uow(), picker)

    boss.wait_button("Resume", timeout=5)
    boss.tap("Resume")
    started = time.perf_counter()
    tablet.text("Paused by 张伟 Wei Zhang", exact=True).first.wait_for(state="detached", timeout=5000)
    resumed = time.perf_counter() - started
    tablet.tap("Start picking")   # the tablet takes input again
    tablet.wait_path("/pick/task", timeout=10)

    boss.wait_button(f"Log out {name.split(' ')[0]}", timeout=5)
    boss.tap(f"Log out {name.split(' ')[0]}")
    started = time.perf_counter()
    tablet.wait_path("/login", timeout=5)
    tablet.wait_text("张伟 Wei Zhang logged you out of this station.", timeout=5)
    logged_out = time.perf_counter() - started
    tablet.screenshot(SHOTS / "station-logged-out.png")

    # switched off outside the board (no push): the next heartbeat's check finds it
    tablet.log_in(badge, "1357", "/pick")   # the login screen says why, not "Scan your badge.": scan anyway
    auth.lock_user(site.uow(), SYSTEM, badge)
    started = time.perf_counter()
    tablet.wait_path("/login", timeout=12)
    tablet.wait_text(f"Badge {badge} was switched off by push test.", timeout=5)
    by_heartbeat = time.perf_counter() - started
    print(f"\npause -> tablet {paused * 1000:.0f} ms; resume -> {resumed * 1000:.0f} ms; "
          f"remote log-out -> login {logged_out * 1000:.0f} ms; badge off (heartbeat) -> {by_heartbeat:.1f} s")
    boss.page.context.close()
    tablet.page.context.close()
