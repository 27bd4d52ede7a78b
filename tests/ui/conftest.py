"""Fixtures for in-process UI tests: a fresh database with the demo people, and stations to open.

Every UI test runs on both databases (ids `[sqlite]` and `[postgresql]`), like the service tests: the
screens call the same services, and what differs between the databases (locks, SKIP LOCKED, statement
batching) is what a screen's flow exercises end to end."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.bootstrap import build  # noqa: E402
from app.config import Settings  # noqa: E402
from app.domain.roles import Actor  # noqa: E402
from app.services import auth, demo  # noqa: E402
from app.ui.app import make_main  # noqa: E402
from tests.support.flet_harness import FakeBrowser, FletHarness  # noqa: E402


def make_floor(data_dir: Path, **settings):
    """A Floor with the demo badges (1001 picker ... 1005 admin); fast PIN hashing. On a new SQLite file in
    `data_dir` unless `database_url` is given."""
    floor = build(Settings(data_dir=data_dir, pin_hash_time_cost=1, pin_hash_memory_kib=8192, **settings))
    for badge, name, role, pin in demo.USERS:
        auth.add_user(floor.uow(), Actor.system("test"), floor.login_policy, badge, name, role, pin)
    return floor


@pytest.fixture
def floor_settings() -> dict:
    """Override in a test module (or parametrize) to change Settings, e.g. kiosk_idle_seconds."""
    return {}


@pytest.fixture
def ui_floor(tmp_path, floor_settings, databases):
    floor = make_floor(tmp_path / "data", database_url=databases.url(), **floor_settings)
    yield floor
    floor.close()


@pytest.fixture
def open_station(ui_floor):
    """open_station(route="/login?station=kiosk", browser=None) -> a started FletHarness; closed after."""
    opened: list[FletHarness] = []

    def open_(route: str = "/login?station=kiosk", *, browser: FakeBrowser | None = None) -> FletHarness:
        h = FletHarness(make_main(ui_floor), route=route, browser=browser).start()
        opened.append(h)
        return h

    yield open_
    for h in opened:
        h.close()
