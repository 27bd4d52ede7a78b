"""The server's background worker in a process of its own, for tests that kill it: `python -m
tests.support.webhook_worker` with FLOOR_DATABASE_URL / FLOOR_DATA_DIR set. It runs app.worker.Worker as
`floor serve` does, with the site's webhook rules but for a receiver on this machine (loopback allowed) and
quick retries (FLOOR_TEST_RETRY_CAP seconds at most between tries)."""

from __future__ import annotations

import os
import signal
import sys
import threading
from dataclasses import replace
from datetime import timedelta

from app.bootstrap import build
from app.config import Settings
from app.worker import Worker
from tests.support.webhook_receiver import loopback_setup


def main() -> None:
    floor = build(Settings.from_env(), upgrade=False)
    cap = float(os.environ.get("FLOOR_TEST_RETRY_CAP", "8"))
    floor.webhooks = replace(loopback_setup(base_seconds=1, cap_seconds=cap, max_attempts=1000, timeout_seconds=3),
                             lease=timedelta(seconds=float(os.environ.get("FLOOR_TEST_LEASE", "3"))))
    worker = Worker(floor, interval=0.2).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("worker ready", flush=True)
    stop.wait()
    worker.stop()
    floor.close()
    sys.exit(0)


if __name__ == "__main__":
    main()
