"""The in-process harness runs in a worker that also holds Playwright's sync API open (browser tests
share a session-scoped Playwright; pytest-xdist mixes them with these tests in one process)."""

from __future__ import annotations

import asyncio

import pytest
from playwright.sync_api import sync_playwright


@pytest.fixture
def playwright_open():
    if asyncio.events._get_running_loop() is not None:   # a browser test of this worker holds it open
        yield None
        return
    with sync_playwright() as p:   # its loop now counts as "running" in this thread
        yield p


def test_a_station_opens_while_playwrights_sync_api_is_open(playwright_open, open_station):
    h = open_station()
    h.wait_for(lambda: "Scan your badge" in " ".join(h.texts()), what="the login screen")
