"""Three real sites: three `floor serve` processes with their own databases (A and C on SQLite files, B on
PostgreSQL), peers of each other over HTTP with the tokens they gave each other. A transfer from A to B's
warehouse: planned at A (A's planner reads B's and C's pictures), picked, packed and shipped at A while B's
server is stopped; B started again: the announcement arrives once (A's worker retried it); B receives the
carton one unit short; A sees the discrepancy and writes the unit off. The network total of the SKU never
changes but by that unit, and every site's `floor db check` is clean. The floor work (the scans) is done
through the services on each site's database, as the stations would; everything between sites goes through
the servers' APIs and workers."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.bootstrap import Floor
from app.config import Settings
from app.db import migrate
from app.db.engine import Database
from app.db.models import Inbound, OutboxMessage, Product, Stock, Transfer
from app.services import inbound, network, peers, transfers, waves
from tests.conftest import FAST_PINS
from tests.support.browser import FloorServer, free_port
from tests.support.factories import SYSTEM, build_site
from tests.support.flows import gtin_of, pack_and_ship, pick_all
from tests.support.postgres import copy_database, drop_databases

SKU = "S1-P1"


class SiteUnderTest:
    def __init__(self, code: str, warehouse: str, country: str, data: Path, url: str) -> None:
        self.code, self.data, self.db_url = code, data, url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        data.mkdir(parents=True, exist_ok=True)
        db = Database.connect(url)
        migrate.upgrade(db.engine)
        self.floor = Floor(settings=Settings(data_dir=data, database_url=url, pin_hash_time_cost=1,
                                             pin_hash_memory_kib=8192), db=db, login_policy=FAST_PINS)
        self.site = build_site(self.floor, warehouses=((warehouse, country),))
        self.server: FloorServer | None = None

    def start(self) -> None:
        self.server = FloorServer.start(self.data, port=self.port, demo=False,
                                        env={"FLOOR_DATABASE_URL": self.db_url})

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def units(self) -> int:
        with self.floor.reader() as uow:
            return uow.session.execute(select(func.coalesce(func.sum(Stock.quantity), 0)).join(
                Product, Product.id == Stock.product_id).where(Product.sku == SKU)).scalar_one()

    def db_check(self) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "app.cli", "db", "check", "--db", self.db_url],
                              capture_output=True, text=True, cwd=Path(__file__).parents[2])


def wait_for(what: str, check, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def sites(request, tmp_path):
    pg_name, pg_url = copy_database(request.getfixturevalue("pg_admin_url"), request.getfixturevalue("pg_template"),
                                    f"site_b_{uuid.uuid4().hex[:6]}")
    made = {"A": SiteUnderTest("A", "A1", "DE", tmp_path / "a", f"sqlite:///{tmp_path / 'a.db'}"),
            "B": SiteUnderTest("B", "B1", "PL", tmp_path / "b", pg_url),
            "C": SiteUnderTest("C", "C1", "CZ", tmp_path / "c", f"sqlite:///{tmp_path / 'c.db'}")}
    for x, y in (("A", "B"), ("A", "C"), ("B", "C")):   # as two admins do it: each gives the other a token
        for_y = peers.add(made[x].floor.uow(), SYSTEM, y, made[y].url).token_for_peer
        for_x = peers.add(made[y].floor.uow(), SYSTEM, x, made[x].url, for_y).token_for_peer
        peers.add(made[x].floor.uow(), SYSTEM, y, made[y].url, for_x)
    try:
        for site in made.values():
            site.start()
        yield made
    finally:
        for site in made.values():
            site.stop()
            site.floor.close()
        drop_databases(request.getfixturevalue("pg_admin_url"), [pg_name])


def test_a_transfer_between_three_real_sites_survives_a_stopped_server_and_reports_its_shortfall(sites):
    a, b, c = sites["A"], sites["B"], sites["C"]
    a.site.receive("S1", SKU, "A1-A-2", 10)
    b.site.receive("S1", SKU, "B1-A-1", 5)
    c.site.receive("S1", SKU, "C1-A-1", 7)
    network_total = lambda: a.units() + b.units() + c.units()  # noqa: E731
    before = network_total()

    plan = network.plan_network(a.floor.uow(), SYSTEM)                        # reads B and C over HTTP
    assert plan.unreachable == ()
    assert {p.code: p.warehouses for p in peers.listing(a.floor.uow(), SYSTEM)} == {"B": ("B1",), "C": ("C1",)}
    planned = transfers.plan(a.floor.uow(), SYSTEM, "S1", "A1", "B1", [(SKU, 4)])

    b.stop()                                                                   # B's server goes away
    assert network.plan_network(a.floor.uow(), SYSTEM).unreachable == ("B",)  # A plans on without it
    waves.release(a.floor.uow(), SYSTEM, "A1")
    pick_all(a.site, totes=("TOTE-3S",))
    shipped = pack_and_ship(a.site, "TOTE-3S")
    assert network_total() == before                                          # in transit at A, counted once

    def tried() -> bool:
        with a.floor.reader() as uow:
            m = uow.session.execute(select(OutboxMessage).where(OutboxMessage.topic == "transfer.shipped")).scalar_one()
            return m.attempts >= 2 and m.delivered_at is None
    wait_for("A's worker to try B and fail twice", tried)

    b.start()                                                                  # B is back
    def arrived():
        with b.floor.reader() as uow:
            return uow.session.execute(select(Inbound.id).where(Inbound.source_site == "A")).scalars().all()
    found = wait_for("the announcement at B", arrived)
    time.sleep(3)                                                              # A's worker keeps running...
    assert arrived() == found and len(found) == 1                             # ...and it arrived once
    assert network_total() == before

    inbound.receive_carton(b.floor.uow(), SYSTEM, found[0], shipped.sscc)     # B scans the carton...
    inbound.receive_item(b.floor.uow(), SYSTEM, found[0], gtin_of(b.site, SKU), quantity=3)   # ...3 of 4
    inbound.close(b.floor.uow(), SYSTEM, found[0])

    def settled():
        with a.floor.reader() as uow:
            t = uow.session.execute(select(Transfer).where(Transfer.number == planned.number)).scalar_one()
            return t.status == "closed" and t
    wait_for("B's receipt at A", settled)
    seen = transfers.get(a.floor.uow(), SYSTEM, planned.id)
    assert seen.outcome["lost_in_transit"] == [{"sku": SKU, "lot": "", "quantity": 1}]
    assert seen.outcome["discrepancies"][0]["kind"] == "short"
    assert network_total() == before - 1                                      # only what was lost
    for site in (a, b, c):
        check = site.db_check()
        assert check.returncode == 0 and "All invariants hold." in check.stdout, (site.code, check.stdout)
