"""The in-process harness runs in a worker that also holds Playwright's sync API open (the browser
tests' session-scoped Chromium; pytest-xdist mixes them with these tests in one process)."""

from __future__ import annotations

import asyncio


def test_a_station_opens_while_playwrights_sync_api_is_open(chromium, open_station):
    assert asyncio.events._get_running_loop() is not None   # Playwright's loop counts as running here
    h = open_station()
    h.wait_for(lambda: "Scan your badge" in " ".join(h.texts()), what="the login screen")
