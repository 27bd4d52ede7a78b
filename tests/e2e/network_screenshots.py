"""Screenshots of the network screens in the real browser (desktop 1440x900) against `floor serve --demo`:
the network stock, the planner's moves on the transfers screen, and the admin's peers with a new token.
Run: `.venv/bin/python -m tests.e2e.network_screenshots [out_dir]`."""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.support.browser import FloorServer, Station, launch_chromium

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1440, "height": 900}


def main(out: Path = OUT) -> None:
    server = FloorServer.start(Path(tempfile.mkdtemp(prefix="floor-net-shots-")))
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            s = Station(browser.new_context(viewport=DESKTOP).new_page(), server.url).open(kind="desktop")
            s.log_in("1004", "4444", "/board")
            s.type_url("/board/network")
            s.wait_text("Network stock", timeout=60)
            s.wait_text("Trending now", timeout=90)
            s.screenshot(out / "network-stock.png", settle=2.0)
            s.type_url("/board/transfers")
            s.page.locator("flt-semantics-host").get_by_role("button", name=re.compile("^Planned moves")).click()
            s.tap("Plan now")
            s.wait_text("proposed", timeout=120)
            s.screenshot(out / "network-plan-moves.png", settle=2.0)
            a = Station(browser.new_context(viewport=DESKTOP).new_page(), server.url).open(kind="desktop")
            a.log_in("1005", "9999", "/admin")
            a.type_url("/admin/peers")
            a.type_into("Site code", "PL2", enter=False)
            a.type_into("Address (https://...)", "https://floor.pl2.example", enter=False)
            a.tap("Add or update peer")
            a.wait_text("Give PL2 this token", timeout=60)
            a.screenshot(out / "network-peers.png", settle=2.0)
            browser.close()
    finally:
        server.stop()
    for path in sorted(out.glob("network-*.png")):
        print(path, path.stat().st_size // 1024, "KiB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
