"""Count one event into its hour (an upsert in the caller's transaction)."""

from __future__ import annotations

from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite

from app.db.models import ActivityHour
from app.db.uow import UnitOfWork

HOURS = ActivityHour.__table__


_UPSERT: dict[str, object] = {}


def upsert(dialect: str):
    """Add `h_count` to an hour's row (made when it is the first event of its kind that hour)."""
    if dialect not in _UPSERT:
        make = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = make(HOURS).values(hour=bindparam("h_hour"), kind=bindparam("h_kind"),
                                  warehouse_id=bindparam("h_warehouse"), zone_id=bindparam("h_zone"),
                                  user_id=bindparam("h_user"), count=bindparam("h_count"))
        _UPSERT[dialect] = stmt.on_conflict_do_update(
            index_elements=["hour", "kind", "warehouse_id", "zone_id", "user_id"],
            set_={"count": HOURS.c.count + stmt.excluded.count})
    return _UPSERT[dialect]


def params(uow: UnitOfWork, kind: str, warehouse_id: int, n: int = 1, *, zone_id: int | None = None,
           user_id: int | None = None) -> dict:
    """The bind values of `upsert` (for a caller sending it with other writes, see app/db/together.py)."""
    return {"h_hour": uow.now().replace(minute=0, second=0, microsecond=0), "h_kind": kind,
            "h_warehouse": warehouse_id, "h_zone": zone_id or 0, "h_user": user_id or 0, "h_count": n}


def count(uow: UnitOfWork, kind: str, warehouse_id: int, n: int = 1, *, zone_id: int | None = None,
          user_id: int | None = None) -> None:
    uow.session.connection().execute(upsert(uow.dialect), params(uow, kind, warehouse_id, n, zone_id=zone_id,
                                                                 user_id=user_id))
