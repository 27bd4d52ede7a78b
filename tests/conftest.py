"""Fixtures shared by every layer: a fresh migrated database per test, on SQLite AND PostgreSQL.

Tests that take `db` or `floor` run once per database (ids `[sqlite]` and `[postgresql]`).
PostgreSQL comes from FLOOR_TEST_PG_URL (an admin URL; `make test` starts one) or, failing
that, a throwaway cluster this run starts itself. Never skipped: a missing server is a failure.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from app.bootstrap import Floor
from app.config import Settings
from app.db import migrate
from app.db.engine import Database, make_engine
from app.services.auth import LoginPolicy
from tests.support.postgres import ThrowawayPostgres, admin_execute, copy_database, drop_databases

BACKENDS = ("sqlite", "postgresql")
FAST_PINS = LoginPolicy(time_cost=1, memory_kib=8192)


@pytest.fixture(autouse=True)
def _data_dir_in_tmp(tmp_path, monkeypatch):
    """Nothing a test runs writes into the checkout's data/ folder."""
    monkeypatch.setenv("FLOOR_DATA_DIR", str(tmp_path / "floor-data"))


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def pg_admin_url():
    url = os.environ.get("FLOOR_TEST_PG_URL")
    if url:
        yield url
        return
    server = ThrowawayPostgres.start()
    try:
        yield server.admin_url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_template(pg_admin_url):
    """A migrated template database; each test copies it (CREATE DATABASE ... TEMPLATE)."""
    name = f"floor_tpl_{_worker()}"
    admin_execute(pg_admin_url, f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    engine = make_engine(str(make_url(pg_admin_url).set(database=name).render_as_string(False)))
    migrate.upgrade(engine)
    engine.dispose()
    return name


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()  # the last connection to close checkpoints the WAL into the file
    assert not path.with_name(path.name + "-wal").exists()
    return path


class FreshDatabases:
    """Makes fresh migrated databases of one backend (copies of the template) and drops them after."""

    def __init__(self, request, backend: str, tmp_path: Path):
        self.request, self.backend, self.tmp_path = request, backend, tmp_path
        self._drop: list[str] = []

    def url(self) -> str:
        if self.backend == "sqlite":
            target = self.tmp_path / f"floor-{uuid.uuid4().hex[:8]}.db"
            shutil.copy(self.request.getfixturevalue("sqlite_template"), target)
            return f"sqlite:///{target}"
        name, url = copy_database(self.request.getfixturevalue("pg_admin_url"),
                                  self.request.getfixturevalue("pg_template"))
        self._drop.append(name)
        return url

    def floor(self) -> Floor:
        """A Floor on a new database, with fast PIN hashing."""
        db = Database.connect(self.url())
        data = self.tmp_path / f"data-{uuid.uuid4().hex[:8]}"
        data.mkdir(parents=True)
        settings = Settings(data_dir=data, database_url=str(db.engine.url), pin_hash_time_cost=1,
                            pin_hash_memory_kib=8192)
        return Floor(settings=settings, db=db, login_policy=FAST_PINS)

    def cleanup(self) -> None:
        if self._drop:
            drop_databases(self.request.getfixturevalue("pg_admin_url"), self._drop)


@pytest.fixture
def databases(request, tmp_path, backend):
    """A maker of fresh databases on this test's backend (for tests that need several)."""
    fresh = FreshDatabases(request, backend, tmp_path)
    yield fresh
    fresh.cleanup()


@pytest.fixture
def backend(request) -> str:
    return request.param if hasattr(request, "param") else "sqlite"


@pytest.fixture
def db_url(databases):
    """A fresh, migrated, empty database URL for one test."""
    return databases.url()


@pytest.fixture
def db(db_url):
    database = Database.connect(db_url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def floor(db, tmp_path) -> Floor:
    settings = Settings(data_dir=tmp_path / "data", database_url=str(db.engine.url),
                        pin_hash_time_cost=1, pin_hash_memory_kib=8192)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Floor(settings=settings, db=db, login_policy=FAST_PINS)


def pytest_generate_tests(metafunc):
    """Every test that needs a database runs on both, unless it names one with @pytest.mark.db(...)."""
    if "backend" in metafunc.fixturenames:
        marker = metafunc.definition.get_closest_marker("db")
        backends = marker.args if marker else BACKENDS
        metafunc.parametrize("backend", backends, indirect=True, ids=list(backends))


def pytest_configure(config):
    config.addinivalue_line("markers", "db(*backends): run only on these databases")


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium for the browser tests (e2e, packaging): one Playwright per worker, shared.

    Playwright's sync API refuses to start while another sync Playwright is open in the thread, and
    xdist runs e2e and packaging tests in one worker: they must share this one."""
    from playwright.sync_api import sync_playwright

    from tests.support.browser import launch_chromium

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def karrio_server(tmp_path_factory):
    """A real karrio server (its own venv, SQLite copied from the migrated template, uvicorn on a free port)
    with one generic carrier connection: one per test session (per xdist worker)."""
    from tests.support.karrio import KarrioMissing, KarrioServer, karrio_template

    try:
        template = karrio_template()
    except KarrioMissing as exc:
        pytest.fail(str(exc))
    server = KarrioServer.start(template, tmp_path_factory.mktemp("karrio"))
    server.connect_generic()
    yield server
    server.stop()


@pytest.fixture
def karrio(karrio_server):
    """The session's karrio server, running (a test that stopped it mid-shift gets it started again)."""
    if karrio_server.process is None or karrio_server.process.poll() is not None:
        karrio_server.run()
    yield karrio_server
    if karrio_server.process is None or karrio_server.process.poll() is not None:
        karrio_server.run()
