"""Count one event into its hour (an upsert in the caller's transaction)."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from app.db.models import ActivityHour
from app.db.uow import UnitOfWork

HOURS = ActivityHour.__table__


_UPSERT: dict[str, object] = {}


def _upsert(dialect: str):
    if dialect not in _UPSERT:
        make = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = make(HOURS)
        _UPSERT[dialect] = stmt.on_conflict_do_update(
            index_elements=["hour", "kind", "warehouse_id", "zone_id", "user_id"],
            set_={"count": HOURS.c.count + stmt.excluded.count})
    return _UPSERT[dialect]


def count(uow: UnitOfWork, kind: str, warehouse_id: int, n: int = 1, *, zone_id: int | None = None,
          user_id: int | None = None) -> None:
    uow.session.connection().execute(_upsert(uow.dialect), {
        "hour": uow.now().replace(minute=0, second=0, microsecond=0), "kind": kind, "warehouse_id": warehouse_id,
        "zone_id": zone_id or 0, "user_id": user_id or 0, "count": n})
