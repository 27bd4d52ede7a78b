"""Screenshots of the login and every role's home in the real browser, for docs/ui.md and for looking
at them with a gloved picker in mind. Run: `.venv/bin/python -m tests.e2e.screenshots [out_dir]`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.support.browser import VIEWPORT, FloorServer, Station, launch_chromium

OUT = Path(__file__).resolve().parents[2] / "assets" / "screenshots"
HOMES = [("picker", "1001", "1111", "/pick"), ("packer", "1002", "2222", "/pack"),
         ("returns", "1003", "3333", "/returns"), ("supervisor", "1004", "4444", "/board"),
         ("admin", "1005", "9999", "/admin")]


def main(out: Path = OUT) -> None:
    server = FloorServer.start(Path(tempfile.mkdtemp(prefix="floor-shots-")))
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)

            def station(kind: str = "tablet") -> Station:
                return Station(browser.new_context(viewport=VIEWPORT).new_page(), server.url).open(kind=kind)

            s = station("kiosk")
            s.wait_text("Scan your badge.")
            s.screenshot(out / "login-badge.png")
            s.scan("BADGE-1006")
            s.wait_button("OK")
            s.enter_pin("12", ok=False)
            s.screenshot(out / "login-pin.png")
            s.enter_pin("34")
            s.wait_text("not recognised")
            s.page.wait_for_timeout(150)
            s.screenshot(out / "feedback-error-flash.png", settle=0.15)
            s.screenshot(out / "login-error.png")
            for role, badge, pin, home in HOMES:
                s = station()
                s.log_in(badge, pin, home)
                s.screenshot(out / f"home-{role}.png")
            s = station("desktop")
            s.log_in("1004", "4444", "/board")
            s.tap("Scanner test")
            s.wait_path("/scanner-test")
            for code in ("BADGE-1001", "LOC-A-01-02", "]C10104006381333931" + "17260630" + "10LOT7", "4006381333932"):
                s.scan(code)
            s.wait_text("4 received")
            s.screenshot(out / "scanner-test.png")
            browser.close()
    finally:
        server.stop()
    for path in sorted(out.glob("*.png")):
        print(path, path.stat().st_size // 1024, "KiB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
