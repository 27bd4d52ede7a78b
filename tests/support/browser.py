"""Real-browser helpers: the station server as a subprocess, Debian's Chromium through Playwright.

    server = FloorServer.start(tmp_dir)          # `floor serve --demo` on a free port, fast PIN hashing
    with sync_playwright() as p:
        browser = launch_chromium(p)
        station = Station(browser.new_page(), server.url).open("/login", kind="kiosk")
        station.scan("BADGE-1001"); station.enter_pin("1111"); station.wait_path("/pick")

Chromium is the distribution's (/usr/bin/chromium); never `playwright install` (it downloads).
Flutter draws on a canvas: `Station.open` waits for the first frame and switches the semantics
tree on, which gives Playwright real DOM nodes (buttons by name, text as spans, inputs by label).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from app.config import Settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--autoplay-policy=no-user-gesture-required"]
VIEWPORT = {"width": 1280, "height": 800}   # a 10" tablet in landscape
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class FloorServer:
    url: str
    process: subprocess.Popen
    log_path: Path
    database_url: str = ""   # "" = the SQLite file in its data folder

    def settings(self) -> Settings:
        """Settings for opening the server's own database from the test process."""
        return Settings(data_dir=self.log_path.parent, database_url=self.database_url, pin_hash_time_cost=1,
                        pin_hash_memory_kib=8192)

    @classmethod
    def start(cls, data_dir: Path, *, port: int | None = None, env: dict[str, str] | None = None,
              timeout: float = 60.0, demo: bool = True) -> FloorServer:
        """Serve the demo site from an empty data folder (demo=False: the database as it is); return once /
        answers 200."""
        port = port or free_port()
        data_dir.mkdir(parents=True, exist_ok=True)
        log_path = data_dir / "server.log"
        environment = {**os.environ, "FLOOR_DATA_DIR": str(data_dir), "FLOOR_PORT": str(port),
                       "FLOOR_HOST": "127.0.0.1", "FLOOR_PIN_HASH_TIME_COST": "1",
                       "FLOOR_PIN_HASH_MEMORY_KIB": "8192", "FLOOR_DATABASE_URL": "", **(env or {})}
        database_url = (env or {}).get("FLOOR_DATABASE_URL", "")
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-c", "from app.cli import main; main()", "serve", *(["--demo"] if demo else [])],
                cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
        server = cls(f"http://127.0.0.1:{port}", process, log_path, database_url)
        server._wait_ready(timeout)
        return server

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise TimeoutError(f"the server did not answer within {timeout} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


class Station:
    """One browser tab used as a floor station."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    # ---- opening -----------------------------------------------------------------------------------
    def open(self, path: str = "/login", *, kind: str = "tablet", timeout: float = 30.0) -> Station:
        self.page.goto(f"{self.base_url}{path}?station={kind}")
        self.wait_first_frame(timeout)
        self.enable_semantics()
        self.wait_screen()
        return self

    def type_url(self, path: str, timeout: float = 30.0) -> None:
        """Type a URL into the address bar (keeps the ?station= kind): a full page load in Flutter web."""
        query = urlsplit(self.page.url).query
        self.page.goto(f"{self.base_url}{path}" + (f"?{query}" if query else ""))
        self.wait_first_frame(timeout)
        self.enable_semantics()
        self.wait_screen()

    def reload(self, timeout: float = 30.0) -> None:
        self.page.reload()
        self.wait_first_frame(timeout)
        self.enable_semantics()
        self.wait_screen()

    def wait_first_frame(self, timeout: float = 30.0) -> None:
        self.page.wait_for_function("!document.getElementById('loading')", timeout=timeout * 1000)

    def wait_screen(self, timeout: float = 20.0) -> None:
        """Until the shell has drawn a screen: the key listener is registered by then."""
        self.page.locator("flt-semantics-host span").first.wait_for(state="attached", timeout=timeout * 1000)

    def enable_semantics(self) -> None:
        self.page.locator("flt-semantics-placeholder").wait_for(state="attached", timeout=20_000)
        self.page.locator("flt-semantics-placeholder").evaluate("e => e.click()")
        self.page.locator("flt-semantics-host flt-semantics").first.wait_for(state="attached", timeout=20_000)

    # ---- doing -------------------------------------------------------------------------------------
    def scan(self, code: str) -> float:
        """Type a code as a wedge scanner does (0 ms a key) and Enter; returns when Enter was pressed."""
        self.page.keyboard.type(code, delay=0)
        self.page.keyboard.press("Enter")
        return time.perf_counter()

    def tap(self, name: str) -> None:
        self.page.locator("flt-semantics-host").get_by_role("button", name=name, exact=True).click()

    def enter_pin(self, pin: str, *, ok: bool = True) -> None:
        for digit in pin:
            self.tap(digit)
        if ok:
            self.tap("OK")

    def log_in(self, badge: str, pin: str, home: str) -> None:
        self.scan(f"BADGE-{badge}")
        self.wait_button("OK")
        self.enter_pin(pin)
        self.wait_path(home)

    def type_into(self, label: str, text: str, *, enter: bool = True) -> None:
        field = self.page.locator("flt-semantics-host").get_by_label(label)
        field.click()
        self.page.keyboard.type(text, delay=20)
        if enter:
            self.page.keyboard.press("Enter")

    # ---- looking -----------------------------------------------------------------------------------
    def text(self, text: str, *, exact: bool = False):
        return self.page.locator("flt-semantics-host").get_by_text(text, exact=exact)

    def wait_text(self, text: str, *, exact: bool = False, timeout: float = 10.0) -> None:
        self.text(text, exact=exact).first.wait_for(state="attached", timeout=timeout * 1000)

    def wait_button(self, name: str, timeout: float = 10.0) -> None:
        self.page.locator("flt-semantics-host").get_by_role("button", name=name, exact=True).wait_for(
            state="attached", timeout=timeout * 1000)

    def wait_path(self, path: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while urlsplit(self.page.url).path != path:
            if time.monotonic() > deadline:
                raise AssertionError(f"still at {self.page.url}, expected {path}")
            self.page.wait_for_timeout(25)

    @property
    def path(self) -> str:
        return urlsplit(self.page.url).path

    def screenshot(self, path: Path, *, settle: float = 1.2) -> Path:
        """The canvas paints ~1 s after the DOM changes: wait, then capture the viewport."""
        self.page.wait_for_timeout(settle * 1000)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path))
        return path
