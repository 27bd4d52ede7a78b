"""The scan pipeline every screen shares: page-level key capture, a queue, one worker per station.

Keys are buffered synchronously in the keyboard handler (no await before the buffer, so events
dispatched as separate tasks keep their order); each Enter makes a `Scan` with a fresh key and
puts it on a FIFO queue; one worker hands scans to the current screen one at a time, in order.
A scan whose handler fails for a reason other than a refusal is kept; `retry()` sends it again
with the same key, so the service sees one command however often it is retried.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import flet as ft

from app.domain.errors import DomainError
from app.domain.scanning import ScanKind, ScannedCode, classify
from app.i18n import _
from app.metrics import SCAN_SECONDS, SCANS
from app.ui.scan.wedge import KeyBuffer, Typed

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scan:
    """One code from the scanner or typed by hand; pass `key` to services as the command key."""

    code: str
    key: str
    source: str                 # "scanner" | "keyboard"
    scanned: ScannedCode        # what it is, classified once here: pass this (not `code`) to services
    duration_ms: float = 0.0
    attempt: int = 1
    at: datetime = field(default_factory=lambda: datetime.now(UTC))   # when the Enter came: pass to services as `at`

    @property
    def kind(self) -> ScanKind:
        return self.scanned.kind


ScanHandler = Callable[[Scan], Awaitable[bool | None]]
OFFLINE = "offline"   # a Scan's source when the tablet kept it while the link was down
RECORDED = True   # a handler returns this when its service wrote the scan on the station itself


class ScanPipeline:
    def __init__(self, *, on_error: Callable[[str, bool], None], touch: Callable[[], None] = lambda: None,
                 record: Callable[[Scan], Awaitable[None]] | None = None,
                 after: Callable[[], None] = lambda: None,
                 settled: Callable[[Scan, str, str], Awaitable[None]] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._on_error = on_error
        self._touch = touch
        self._record = record
        self._after = after   # what a control event's auto-update does, for scans: send the changes
        self._settled = settled   # a kept offline scan was handled: (scan, "ok"|"refused"|..., message)
        self._clock = clock
        self._buffer = KeyBuffer()
        self._queue: asyncio.Queue[Scan] = asyncio.Queue()
        self._worker: asyncio.Task | None = None
        self.handler: ScanHandler | None = None
        self.key_listener: Callable[[str, str], None] | None = None   # (key, buffer before it): PIN echo
        self.field_focused = False   # the manual field owns the keys while it has focus
        self.closed: Callable[[Scan], str] | None = None   # set while the station is paused: it refuses every scan
        self.failed: Scan | None = None

    def start(self) -> None:
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._work(), name="scan-pipeline")

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self._worker = None

    def on_keyboard_event(self, e: ft.KeyboardEvent) -> None:
        """page.on_keyboard_event: sync and cheap on purpose (it runs once per key)."""
        ft.context.disable_auto_update()   # a key changes nothing on screen by itself
        if self.field_focused:
            return
        self._touch()
        modifier = bool(e.ctrl or e.alt or e.meta)
        pending = self._buffer.pending
        typed = self._buffer.feed(e.key, self._clock(), modifier=modifier)
        if self.key_listener is not None and not modifier:
            self.key_listener(e.key, pending)
        if typed is not None:
            self._enqueue(typed)

    def submit(self, text: str, source: str = "keyboard") -> Scan | None:
        """A code typed into the manual field (or sent by a test): same path as a scan."""
        self._touch()
        text = (text or "").strip()
        if not text:
            return None
        return self._enqueue(Typed(text, source, 0.0))

    def retry(self) -> bool:
        """Send the last failed scan again with the same key."""
        if self.failed is None:
            return False
        scan, self.failed = self.failed, None
        self._queue.put_nowait(replace(scan, attempt=scan.attempt + 1))
        return True

    def replay(self, code: str, key: str, at: datetime) -> Scan:
        """A scan the tablet kept while offline: queued behind what is queued, with the tablet's key and time."""
        scan = Scan(code, key, OFFLINE, classify(code), at=at)
        self._queue.put_nowait(scan)
        return scan

    def _enqueue(self, typed: Typed) -> Scan:
        scanned = typed.scanned or classify(typed.text)   # the one classification of this scan (ScanKind)
        scan = Scan(typed.text, uuid.uuid4().hex, typed.source, scanned, typed.duration_ms)
        self._queue.put_nowait(scan)
        return scan

    async def idle(self) -> None:
        """Wait until every queued scan was handled (tests, and a screen about to leave)."""
        await self._queue.join()

    async def _work(self) -> None:
        while True:
            scan = await self._queue.get()
            try:
                await self._deliver(scan)
            finally:
                self._queue.task_done()

    async def _deliver(self, scan: Scan) -> None:
        handler = self.handler
        recorded = False
        result, message = "ok", ""
        try:
            if self.closed is not None:
                result, message = "refused", self.closed(scan)
                self._on_error(message, False)
            elif handler is None:
                result = "ignored"
                self._on_error(_("This screen takes no scans."), False)
            else:
                self.failed = None
                recorded = await handler(scan) is RECORDED
        except DomainError as exc:   # a refusal is an answer: retrying would get the same one
            result, message = "refused", exc.message
            self._on_error(exc.message, False)
        except Exception:
            result = "error"
            log.exception("scan %s failed", scan.key)
            self.failed = scan
            self._on_error(_("That scan was not saved. Press Retry, or scan it again."), True)
        SCANS.labels(result).inc()
        SCAN_SECONDS.observe(max(0.0, (datetime.now(UTC) - scan.at).total_seconds()))
        try:
            self._after()
        except Exception:
            log.warning("screen update after a scan failed", exc_info=True)
        if scan.source == OFFLINE and self._settled is not None:
            try:
                await self._settled(scan, result, message)
            except Exception:
                log.warning("could not settle kept scan %s", scan.key, exc_info=True)
        if self._record is not None and not recorded:   # one station write per scan, not two
            try:
                await self._record(scan)
            except Exception:
                log.warning("could not record scan on the station", exc_info=True)
