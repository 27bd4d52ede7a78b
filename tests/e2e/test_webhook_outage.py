"""A seller's receiver down for 60 s, then up: every event arrives once. Then the worker delivering them is
killed (kill -9) three times mid-delivery: every event still arrives, and a repeat only ever carries
the same webhook-id (which docs/api.md tells receivers to dedupe by). The real worker (app.worker) in a
process of its own, a real HTTP receiver, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from app.bootstrap import Floor
from app.config import Settings
from app.db.engine import Database
from app.db.models import WebhookEvent
from app.services import cancel, sellers
from tests.conftest import BACKENDS, FAST_PINS, FreshDatabases
from tests.support.browser import free_port
from tests.support.factories import SYSTEM, build_site
from tests.support.webhook_receiver import Receiver, loopback_setup

ROOT = Path(__file__).resolve().parents[2]
DOWN_SECONDS = float(os.environ.get("FLOOR_OUTAGE_SECONDS", "60"))


class WorkerProcess:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log, self.process = env, log, None

    def start(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "tests.support.webhook_worker"], cwd=ROOT,
                                        env=self.env, stdout=open(self.log, "ab"), stderr=subprocess.STDOUT)

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)       # no goodbye: leases stay, a POST may be half done
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


def delivered(floor) -> tuple[int, int]:
    with floor.reader() as uow:
        done = uow.session.execute(select(func.count()).where(WebhookEvent.status == "delivered")).scalar_one()
        return done, uow.session.execute(select(func.count(WebhookEvent.id))).scalar_one()


def wait_all_delivered(floor, worker: WorkerProcess, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, total = delivered(floor)
        if done == total:
            return
        assert worker.process.poll() is None, worker.log.read_text()[-3000:]
        time.sleep(0.2)
    raise AssertionError(f"{delivered(floor)} delivered after {timeout} s:\n{worker.log.read_text()[-3000:]}")


def test_a_receiver_down_a_minute_hears_each_event_once_and_kills_repeat_only_the_same_id(request, tmp_path):
    """Both databases side by side (the minute is mostly waiting: one minute of the suite, not two)."""
    for b in BACKENDS:
        (tmp_path / b).mkdir()
    makers = {b: FreshDatabases(request, b, tmp_path / b) for b in BACKENDS}
    urls = {b: makers[b].url() for b in BACKENDS}      # fixtures are reached from this thread only
    failures: dict[str, BaseException] = {}

    def run(backend: str) -> None:
        try:
            outage(urls[backend], tmp_path / backend)
        except BaseException as exc:  # reported below, per database
            failures[backend] = exc

    threads = [threading.Thread(target=run, args=(b,)) for b in BACKENDS]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
    finally:
        for maker in makers.values():
            maker.cleanup()
    for backend, exc in failures.items():
        raise AssertionError(f"on {backend}: {exc}") from exc


def outage(url: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(parents=True)
    db = Database.connect(url)
    floor = Floor(settings=Settings(data_dir=data, database_url=url), db=db, login_policy=FAST_PINS)
    site = build_site(floor, users=False)
    port = free_port()
    for seller in ("S1", "S2"):
        sellers.configure_webhook(floor.uow(), SYSTEM, seller, f"http://127.0.0.1:{port}/floor-events",
                                  policy=loopback_setup().urls, events=("order.cancelled",))
    worker = WorkerProcess({**os.environ, "FLOOR_DATABASE_URL": url, "FLOOR_DATA_DIR": str(data)},
                           tmp_path / "worker.log")
    worker.start()
    receiver = None
    try:
        started = time.monotonic()
        for i in range(20):                                    # the receiver is down: nothing listens
            seller, sku = ("S1", "S1-P1") if i % 2 else ("S2", "S2-P1")
            cancel.cancel_order(floor.uow(), SYSTEM, site.order(seller, f"OUT-{i}", [(sku, 1)]).id)
            time.sleep(DOWN_SECONDS / 40)
        time.sleep(max(0.0, DOWN_SECONDS - (time.monotonic() - started)))
        with floor.reader() as uow:
            tried = uow.session.execute(select(func.min(WebhookEvent.attempts))).scalar_one()
        assert delivered(floor)[0] == 0 and tried >= 2           # retried all along, none lost or failed
        receiver = Receiver(port=port)
        wait_all_delivered(floor, worker, 30)
        ids = Counter(r["headers"]["webhook-id"] for r in receiver.received)
        assert len(ids) == 20 and set(ids.values()) == {1}, ids  # each event exactly once

        receiver.delay = 0.15                                    # now kill the worker in the middle of POSTs
        for i in range(20, 60):
            seller, sku = ("S1", "S1-P1") if i % 2 else ("S2", "S2-P1")
            cancel.cancel_order(floor.uow(), SYSTEM, site.order(seller, f"OUT-{i}", [(sku, 1)]).id)
        rng = random.Random(5)
        for _ in range(3):
            time.sleep(rng.uniform(0.3, 1.2))
            worker.kill()
            worker.start()
        wait_all_delivered(floor, worker, 60)
    finally:
        worker.stop()
        if receiver is not None:
            receiver.close()
    with floor.reader() as uow:
        sent = dict(uow.session.execute(select(WebhookEvent.event_id, WebhookEvent.status)).all())
    got = Counter(r["headers"]["webhook-id"] for r in receiver.received)
    assert set(got) == set(sent) and len(sent) == 60             # every event arrived
    bodies = {}
    for r in receiver.received:                                   # a repeat is the same event, byte for byte
        assert bodies.setdefault(r["headers"]["webhook-id"], r["raw"]) == r["raw"]
    repeats = sum(n - 1 for n in got.values())
    print(f"\n60 events, receiver down {DOWN_SECONDS:.0f} s, 3 kills: {repeats} repeated (same webhook-id)")
    assert repeats <= 3 * 2                                       # at most the POSTs in flight at each kill
    floor.close()
