"""The station server's garbage collector, settled after start-up so a scan never waits on it.

CPython's full (generation 2) collection walks every tracked object. A server process holds a large,
long-lived heap (Flet, FastAPI, SQLAlchemy, psycopg, the app itself), and under steady load it ran full
collections of 100-150 ms in a row, every station's scan waiting behind them (measured with
tests/bench/test_scan_bench.py: a 0.6 s stall, p99 638 ms on PostgreSQL). Freezing the start-up heap
moves it out of the collector's sight (gc.freeze, CPython 3.7+), so full collections only walk what
was made since: they take a few ms. Garbage made later is still collected as usual.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Call once after start-up (app built, database reached), before taking requests."""
    gc.collect()
    gc.freeze()
    trim()   # what start-up (migrations, loading the demo) freed goes back


# ---- giving memory back ----------------------------------------------------------------------------
# glibc keeps freed memory: each login's argon2 hash (19 MiB) was served from the heap after the first one
# (glibc raises its mmap threshold to the size of a freed mmap'd block), so every login left ~19 MB behind.
# Three measures (tests/bench/test_memory_bench.py): a fixed mmap threshold of 1 MiB (a big block is always
# mapped, and unmapped when freed), at most 2 malloc arenas (glibc makes up to 8 per core, one per thread
# that allocates: the thread pool's threads each kept their own), and malloc_trim(0) now and then, which
# hands free pages inside the arenas back to the system.

def _libc():
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6")
    except OSError:   # not glibc (musl, macOS): nothing to tune
        return None


def tune_malloc(arenas: int = 2, mmap_threshold: int = 1 << 20) -> None:
    """Call before the first threads start (glibc's M_ARENA_MAX and M_MMAP_THRESHOLD)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(-8, arenas)           # M_ARENA_MAX
        libc.mallopt(-3, mmap_threshold)   # M_MMAP_THRESHOLD: fixed, no longer raised by frees


def trim() -> None:
    """Give free heap memory back to the system (cheap: a few ms)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)
