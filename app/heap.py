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
