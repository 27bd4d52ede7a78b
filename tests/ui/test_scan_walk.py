"""The walk of one pick scan from the keyboard to the ledger (docs/architecture.md), measured: every file of
app/ whose code runs from the scanner's Enter until the ledger row is written, and how often the code is
classified on the way. A change that makes the walk longer, or classifies the code again, fails here."""

from __future__ import annotations

import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.services import waves
from tests.support.factories import SYSTEM, build_site
from tests.support.flet_harness import log_in, scan
from tests.support.flows import gtin_of

APP = Path(__file__).resolve().parents[2] / "app"
MAX_FILES = 21   # measured: 20 after issue 12 (before it, at e5ffd69: 21, the code classified twice), then 21 with
#                  app/logs.py's context (station, user, command key on every log line) entered by commands.run


class Walk:
    """Files of app/ entered (in the order first entered) until the ledger is written; classify() calls."""

    def __init__(self) -> None:
        self.files: list[str] = []
        self.functions: list[str] = []   # file:function, in the order first entered
        self.classified = 0
        self.reached_ledger = False

    def __call__(self, frame, event, arg):
        if event != "call" or self.reached_ledger:
            return
        path = frame.f_code.co_filename
        if not path.startswith(str(APP)):
            return
        name = str(Path(path).relative_to(APP.parent))
        if name not in self.files:
            self.files.append(name)
        function = f"{name}:{frame.f_code.co_name}"
        if function not in self.functions:
            self.functions.append(function)
        if name == "app/domain/scanning.py" and frame.f_code.co_name == "classify":
            self.classified += 1
        if name == "app/db/ledger.py" and frame.f_code.co_name == "apply":
            self.reached_ledger = True

    def __enter__(self) -> Walk:
        threading.setprofile(self)
        sys.setprofile(self)
        return self

    def __exit__(self, *exc) -> None:
        sys.setprofile(None)
        threading.setprofile(None)


def walk_of_one_item_scan(floor, open_station) -> Walk:
    site = build_site(floor, users=False)
    site.receive("S1", "S1-P1", "W1-A-3", 10)
    site.order("S1", "WALK-1", [("S1-P1", 2)])
    waves.release(floor.uow(), SYSTEM, "W1")
    h = open_station("/login?station=tablet")
    log_in(h, "1001", "1111", home="/pick")
    h.wait_for(lambda: h.has("pick.start"))
    h.click("pick.start")
    task = lambda: h.page.data.screen.view  # noqa: E731
    h.wait_for(lambda: h.path == "/pick/task" and getattr(task(), "step", None) is not None, 15)
    scan(h, "TOTE-0901")
    h.wait_for(lambda: task().step.kind == "scan_bin", 15)
    scan(h, "LOC-W1-A-3")
    h.wait_for(lambda: task().step.kind == "scan_item", 15)
    gtin = gtin_of(site, "S1-P1")
    shell = h.page.data
    shell.station.stop()    # no heartbeat, idle countdown or task poll in the window: only the scan runs in it
    shell.idle.stop()
    shell.screen._poll.cancel()
    h.settle(1.0)           # the bin scan's flash and tone are over
    for char in gtin:
        h.key(char, settle=False)
    with Walk() as walk:
        h.loop.set_default_executor(ThreadPoolExecutor())   # new worker threads: they start with the profiler
        h.key("Enter", settle=False)
        h.wait_for(lambda: walk.reached_ledger, 15, "the ledger write")
    h.wait_for(lambda: task().units_picked == 1, 15)
    return walk


@pytest.mark.db("sqlite")
def test_a_pick_scan_reaches_the_ledger_through_few_files_and_is_classified_once(ui_floor, open_station):
    walk = walk_of_one_item_scan(ui_floor, open_station)
    print("\n".join(walk.functions))
    print(f"{len(walk.files)} files, {len(walk.functions)} functions, classified {walk.classified}x")
    assert walk.classified == 1, walk.files
    assert len(walk.files) <= MAX_FILES, walk.files

