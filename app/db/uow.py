"""Unit of work: one transaction per command, rolled back unless committed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from app.db.base import utcnow
from app.db.engine import Database


class UnitOfWork:
    """`with uow: ... uow.commit()`; carries the command key and actor into ledger and audit rows."""

    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utcnow, read_only: bool = False):
        self.db = db
        self.clock = clock
        self.read_only = read_only
        self.command_key: str | None = None
        self.user_id: int | None = None
        self.station_id: int | None = None
        self.station_scan: tuple[str, datetime] | None = None   # (code, when fired): kept on the station
        self._session: Session | None = None
        self._locked = False
        self._last: list[Callable[[], None]] = []
        self._kept: list[object] = []

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside `with uow:`")
        return self._session

    @property
    def dialect(self) -> str:
        return self.db.engine.dialect.name

    def __enter__(self) -> UnitOfWork:
        if not self.read_only:
            self._locked = self.db.take_write_lock()
        try:
            self._session = self.db.read_session() if self.read_only else self.db.session()
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self._session is not None:
                self._session.rollback()
                self._session.close()
        finally:
            self._session = None
            self.command_key = None
            self.station_scan = None
            self._last.clear()
            self._kept.clear()
            self._release()

    def _release(self) -> None:
        if self._locked:
            self._locked = False
            self.db.write_lock.release()

    def reading(self) -> UnitOfWork:
        """The same database for reading only: no write lock, a plain BEGIN (WAL readers never wait)."""
        return UnitOfWork(self.db, clock=self.clock, read_only=True)

    def keep(self, row: object) -> None:
        """Hold a loaded row for the rest of the transaction: the session only holds rows weakly, and one
        read again later (the station of every scan: checked first, written after) is a round trip saved."""
        self._kept.append(row)

    def at_the_end(self, step: Callable[[], None]) -> None:
        """Run `step` in this transaction just before it commits (after the command's answer is written).

        For writes to rows many stations share (a product's stock at the packing location): a row lock
        taken there is held until the commit, so taking it last keeps every other station's wait short.
        A step that raises rolls the whole transaction back, like any other failure in it."""
        self._last.append(step)

    def commit(self) -> None:
        while self._last:
            self._last.pop(0)()
        self.session.commit()

    def rollback(self) -> None:
        self._last.clear()
        self.session.rollback()

    def now(self) -> datetime:
        return self.clock()
