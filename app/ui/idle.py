"""Idle log-out for shared kiosks and tablets: no key, tap or scan for N seconds signs the person out."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)
COUNTDOWN_S = 30   # the header shows the seconds left during the last half minute


class IdleWatch:
    def __init__(self, seconds: float, *, on_countdown: Callable[[int | None], None],
                 on_timeout: Callable[[], Awaitable[None]],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._on_countdown = on_countdown
        self._on_timeout = on_timeout
        self._clock = clock
        self._last = clock()
        self._shown: int | None = None
        self._task: asyncio.Task | None = None

    @property
    def armed(self) -> bool:
        return self._task is not None and not self._task.done()

    def touch(self) -> None:
        """Any input: start the wait again (cheap: called on every key)."""
        self._last = self._clock()

    def remaining(self) -> float:
        return self.seconds - (self._clock() - self._last)

    def start(self) -> None:
        self.touch()
        if not self.armed:
            self._task = asyncio.create_task(self._watch(), name="idle-watch")

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._show(None)

    async def _watch(self) -> None:
        tick = max(0.05, min(1.0, self.seconds / 10))
        while True:
            await asyncio.sleep(tick)
            left = self.remaining()
            if left <= 0:
                self._show(None)
                self._task = None
                try:
                    await self._on_timeout()
                except Exception:
                    log.exception("idle log-out failed")
                return
            self._show(int(left + 0.999) if left <= min(COUNTDOWN_S, self.seconds) else None)

    def _show(self, seconds: int | None) -> None:
        if seconds != self._shown:
            self._shown = seconds
            self._on_countdown(seconds)
