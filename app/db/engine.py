"""Engines that do not oversell: SQLite takes its write lock at BEGIN, PostgreSQL uses conditional updates.

SQLite's default deferred BEGIN upgrades its lock at the first write, where busy_timeout is not
honoured ("database is locked"), and pysqlite's own transaction handling reads before it locks.
So pysqlite's BEGIN is switched off and every write transaction starts with BEGIN IMMEDIATE
(SQLAlchemy's documented recipe); read-only work uses a plain BEGIN on a separate engine view.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, field

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

READ_ONLY = "floor_read_only"
# PostgreSQL SQLSTATEs meaning "busy, not broken": lock_not_available, too_many_connections, cannot_connect_now
PG_BUSY = frozenset({"55P03", "53300", "57P03"})
BUSY_SECONDS = 30.0   # longest wait for a lock before a command gives up with DatabaseBusy (an API 503)


class DatabaseBusy(Exception):
    """The database stayed locked by other work for longer than the wait allows: try again shortly."""


def is_busy(exc: BaseException) -> bool:
    """Whether `exc` means "locked or saturated for now", not "broken": SQLite's database is locked, a
    PostgreSQL lock_timeout, a pool with no free connection, or our own write lock's wait running out."""
    if isinstance(exc, DatabaseBusy | sa_exc.TimeoutError):
        return True
    if isinstance(exc, sa_exc.OperationalError):
        orig = exc.orig
        if isinstance(orig, sqlite3.OperationalError):
            return "locked" in str(orig) or "busy" in str(orig)
        return getattr(orig, "sqlstate", None) in PG_BUSY
    return False


def _sqlite_setup(engine: Engine, busy_seconds: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_connection.cursor()
        for pragma in (
            "PRAGMA journal_mode=WAL",
            "PRAGMA synchronous=FULL",
            "PRAGMA foreign_keys=ON",
            f"PRAGMA busy_timeout={int(busy_seconds * 1000)}",
        ):
            cur.execute(pragma)
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        read_only = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def make_engine(url: str, *, echo: bool = False, busy_seconds: float = BUSY_SECONDS) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            url, echo=echo, connect_args={"timeout": busy_seconds, "check_same_thread": False},
            pool_size=16, max_overflow=16, pool_timeout=busy_seconds,
        )
        _sqlite_setup(engine, busy_seconds)
        return engine
    # no pre-ping (a round trip on every checkout): a dropped connection fails one command, which the
    # station retries with the same key, and the pool replaces it. A lock waited on for longer than
    # busy_seconds is an error (DatabaseBusy to the caller), not a station hanging without end.
    return create_engine(url, echo=echo, pool_size=16, max_overflow=24, pool_recycle=1800,
                         pool_timeout=busy_seconds,
                         connect_args={"options": f"-c lock_timeout={int(busy_seconds * 1000)}"})


@dataclass
class Database:
    """One database: the engine, a read-only view of it, and (SQLite) one in-process write lock."""

    engine: Engine
    write_lock: threading.Lock | None = None
    busy_seconds: float = BUSY_SECONDS   # how long a command waits for the write lock (SQLite)
    special_locations: dict = field(default_factory=dict, repr=False)  # (warehouse, kind) -> location id
    _sessions: sessionmaker = field(init=False, repr=False)
    _readers: sessionmaker = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._readers = sessionmaker(self.engine.execution_options(**{READ_ONLY: True}))
        if self.is_sqlite and self.write_lock is None:
            # one writer at a time inside this process: fair, and it cuts SQLite's busy-wait tail
            self.write_lock = threading.Lock()

    @classmethod
    def connect(cls, url: str, *, echo: bool = False, busy_seconds: float = BUSY_SECONDS) -> Database:
        return cls(make_engine(url, echo=echo, busy_seconds=busy_seconds), busy_seconds=busy_seconds)

    def take_write_lock(self) -> bool:
        """The in-process write lock (SQLite): True when taken, False when there is none to take.
        Raises DatabaseBusy when other writers held it for longer than busy_seconds."""
        if self.write_lock is None:
            return False
        if not self.write_lock.acquire(timeout=self.busy_seconds):
            raise DatabaseBusy(f"the database was busy for {self.busy_seconds:.0f} s")
        return True

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def session(self) -> Session:
        return self._sessions()

    def read_session(self) -> Session:
        return self._readers()

    def open_pool(self) -> int:
        """Open the pool's connections now, at start-up: the first scans after a restart do not each wait
        for a new connection (5-20 ms on PostgreSQL, measured by tests/bench/test_scan_bench.py)."""
        size = self.engine.pool.size()
        held = []
        try:
            while len(held) < size:
                held.append(self.engine.connect())
        finally:
            for conn in held:
                conn.close()   # back into the pool, open
        return len(held)

    def dispose(self) -> None:
        self.engine.dispose()
