"""Labels and documents drawn in a child process while `floor serve` runs ("print in the worker").

Drawing a label parses its fonts once per process and keeps them: DejaVu ~10 MB, the CJK font ~25 MB more,
with ReportLab's heap around them. In the station server that stayed for good (measured: 131 MB idle, 170 MB
after the first Chinese address). In a child process it stays there, and goes when the child stops after
IDLE_SECONDS without work; the server only sends the document's data (a frozen dataclass) and gets bytes.
The first label after a stop waits for the child to start (~1-2 s); a label in a busy shift does not.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

log = logging.getLogger("floor.printing")
IDLE_SECONDS = 600
TIMEOUT_SECONDS = 120
PARENT_CHECK_SECONDS = 1.0


def _follow_parent() -> None:
    """In the child, at its start: end when the server that started it is gone, however it went (a kill -9
    or an out-of-memory kill runs no clean-up in the server, and the child would otherwise live on)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="follow-parent", daemon=True).start()


def _draw(kind: str, doc, kwargs: dict) -> tuple[str, object]:
    """In the child: ("ok", bytes) or ("label_error", (field, message)) (LabelDataError does not pickle back)."""
    import printing

    try:
        if kind == "zpl":
            return "ok", printing.render_zpl(doc, **kwargs).encode("utf-8")
        return "ok", printing.render_pdf(doc, **kwargs)
    except printing.LabelDataError as exc:
        return "label_error", (exc.field, exc.message)


class RenderProcess:
    """One child process that draws documents; started on first use, stopped when idle."""

    def __init__(self, idle_seconds: float = IDLE_SECONDS) -> None:
        self.idle_seconds = idle_seconds
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._last = 0.0
        self._busy = 0

    def draw(self, kind: str, doc, **kwargs) -> bytes:
        """PDF (kind "pdf") or ZPL (kind "zpl") bytes of `doc`, drawn in the child."""
        import printing

        for attempt in (1, 2):   # a child that died (killed, out of memory) is replaced once
            with self._lock:
                if self._pool is None:
                    self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                                     initializer=_follow_parent)
                pool = self._pool
                self._busy += 1
            try:
                outcome, value = pool.submit(_draw, kind, doc, kwargs).result(timeout=TIMEOUT_SECONDS)
                break
            except BrokenProcessPool:
                log.warning("the label drawing process died; starting it again (attempt %d)", attempt)
                with self._lock:
                    if self._pool is pool:
                        self._pool = None
                if attempt == 2:
                    raise
            finally:
                with self._lock:
                    self._busy -= 1
                    self._last = time.monotonic()
        if outcome == "label_error":
            raise printing.LabelDataError(*value)
        return value

    def stop_if_idle(self) -> bool:
        """Stop the child when it has had nothing to do for idle_seconds (the worker calls this)."""
        with self._lock:
            if self._pool is None or self._busy or time.monotonic() - self._last < self.idle_seconds:
                return False
            pool, self._pool = self._pool, None
        pool.shutdown(wait=True)
        return True

    def stop(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    @property
    def running(self) -> bool:
        return self._pool is not None

    def child_pid(self) -> int | None:
        """The drawing child's process id (None when stopped), asked of the child itself."""
        pool = self._pool
        return pool.submit(os.getpid).result(timeout=TIMEOUT_SECONDS) if pool is not None else None
