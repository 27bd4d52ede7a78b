"""asyncio.run for tests that share a worker with Playwright's sync API.

A session-scoped sync Playwright (the browser tests) leaves its loop marked as running in the main
thread, and asyncio refuses to start another loop there; a thread of its own has no such loop."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_apart(coro: Coroutine[Any, Any, T], timeout: float = 60) -> T:
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result(timeout=timeout)
