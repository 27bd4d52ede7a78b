"""The server's background work, off the stations' event loop: printing, CUPS polling, auto-release."""

from __future__ import annotations

import logging
import threading

from app import heap
from app.bootstrap import Floor
from app.services import network, printjobs, waves, webhooks
from app.services.catalog import all_warehouse_codes
from app.services.webhook_delivery import Dispatcher

log = logging.getLogger("floor.worker")


class Worker:
    """One thread doing periodic work; a failure is logged and the loop goes on."""

    def __init__(self, floor: Floor, interval: float = 1.0) -> None:
        self.floor, self.interval = floor, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="floor-worker", daemon=True)
        self._ticks = 0
        self.dispatcher = Dispatcher(floor.uow, floor.webhooks)

    def start(self) -> Worker:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self.dispatcher.close()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.tick()

    def tick(self) -> None:
        self._ticks += 1
        for name, job in (("print", self._print), ("poll", self._poll), ("release", self._release),
                          ("webhooks", self._webhooks), ("peers", self._peers), ("trim", self._trim)):
            try:
                job()
            except Exception:  # keep the loop alive; the job's own records show what failed
                log.exception("background %s failed", name)

    def _print(self) -> None:
        printjobs.process_due(self.floor.uow, self.floor.print_setup)

    def _webhooks(self) -> None:
        """Hand due events to the delivery pool (it never waits for a POST); every 2 s, the stock feed."""
        if self._ticks % 2 == 0:
            webhooks.feed_stock_changes(self.floor.uow(), self.floor.webhooks)
        self.dispatcher.tick()

    def _peers(self) -> None:
        """Messages to other sites (transfers shipped, received), every 2 s; a peer away is retried later."""
        if self._ticks % 2 == 0:
            network.deliver_due(self.floor.uow)

    def _poll(self) -> None:
        if self._ticks % 3 == 0:
            printjobs.poll_sent(self.floor.uow, self.floor.print_setup)

    def _trim(self) -> None:
        if self._ticks % 30 == 0:   # every half minute: what closed sessions and big requests freed goes back
            renderer = self.floor.print_setup.renderer
            if renderer is not None:
                renderer.stop_if_idle()
            heap.trim()

    def _release(self) -> None:
        hours = self.floor.settings.auto_release_horizon_hours
        if not hours or self._ticks % 60:
            return
        for code in all_warehouse_codes(self.floor.reader()):
            waves.auto_release(self.floor.uow, code, hours, self.floor.clock())
