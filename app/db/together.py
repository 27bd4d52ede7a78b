"""Several writes in one round trip: on PostgreSQL one statement (the others as data-modifying CTEs of the
last), on SQLite one after another (in-process, there is no round trip to save).

A scan's writes (its reservation, order line, pick line, pick event, hourly count, audit row) went to
PostgreSQL one statement at a time: each a round trip and ~0.3 ms of driver work on the server's one
Python core, which was what capped a station server at 100 scans/s (tests/bench/test_scan_bench.py).

Rules for what goes together (PostgreSQL runs the parts on one snapshot, in no promised order):
- every part writes rows no other part writes, and none reads what another writes;
- only the last part's result is returned (its rowcount, its RETURNING), so a conditional write whose
  rowcount decides something goes last; a failure there rolls the whole transaction back, parts included;
- bind parameters are named, and a name means one value across the parts.
The statements are built once per dialect and cached: constructing them costs more than running them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, CursorResult
from sqlalchemy.sql.dml import UpdateBase


class Together:
    def __init__(self, build: Callable[[str], Sequence[UpdateBase]]) -> None:
        self._build = build
        self._parts: dict[str, Sequence[UpdateBase]] = {}
        self._one: dict[str, UpdateBase] = {}

    def parts(self, dialect: str) -> Sequence[UpdateBase]:
        if dialect not in self._parts:
            self._parts[dialect] = tuple(self._build(dialect))
        return self._parts[dialect]

    def statement(self, dialect: str) -> UpdateBase:
        """The parts as one statement (PostgreSQL)."""
        if dialect not in self._one:
            *first, last = self.parts(dialect)
            self._one[dialect] = last.add_cte(*(part.cte(f"part_{i}") for i, part in enumerate(first)))
        return self._one[dialect]

    def execute(self, conn: Connection, params: dict[str, Any]) -> CursorResult:
        dialect = conn.dialect.name
        if dialect == "postgresql":
            return conn.execute(self.statement(dialect), params)
        result = None
        for part in self.parts(dialect):
            result = conn.execute(part, params)
        return result
