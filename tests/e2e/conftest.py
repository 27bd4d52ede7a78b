"""Browser fixtures, reusable by every e2e test: one demo server and one Chromium per test session
(per xdist worker); a fresh browser context (a new device, its own local storage) per station."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.browser import VIEWPORT, FloorServer, Station  # noqa: E402
from tests.support.postgres import copy_database, drop_databases  # noqa: E402


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def floor_server(request, tmp_path_factory):
    """`floor serve --demo` on a free port with fast PIN hashing; demo badges 1001-1007. Once on its SQLite
    file, once on a PostgreSQL database of the run's throwaway cluster (the tests using it run on both)."""
    env, drop = {}, []
    if request.param == "postgresql":
        name, env["FLOOR_DATABASE_URL"] = copy_database(request.getfixturevalue("pg_admin_url"),
                                                        request.getfixturevalue("pg_template"), "e2e")
        drop.append(name)
    server = FloorServer.start(tmp_path_factory.mktemp(f"floor-e2e-{request.param}"), env=env)
    yield server
    server.stop()
    if drop:
        drop_databases(request.getfixturevalue("pg_admin_url"), drop)



@pytest.fixture
def open_station(floor_server, chromium):
    """open_station(path="/login", kind="tablet") -> Station in a fresh browser context."""
    contexts = []

    def open_(path: str = "/login", *, kind: str = "tablet") -> Station:
        context = chromium.new_context(viewport=VIEWPORT)
        contexts.append(context)
        return Station(context.new_page(), floor_server.url).open(path, kind=kind)

    yield open_
    for context in contexts:
        context.close()
