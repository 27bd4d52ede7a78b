"""Hourly activity counters kept in step with the work (one upsert per event), so the supervisor's
board reads a few hundred small rows instead of scanning millions of ledger rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base


class ActivityHour(Base):
    __tablename__ = "activity_hours"
    __table_args__ = (
        UniqueConstraint("hour", "kind", "warehouse_id", "zone_id", "user_id"),
        Index("ix_activity_hours_hour", "hour", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hour: Mapped[datetime] = mapped_column()  # UTC, minute = second = 0
    kind: Mapped[str] = mapped_column(String(10))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    zone_id: Mapped[int] = mapped_column(default=0)  # 0: not zone-bound (packing, shipping, returns)
    user_id: Mapped[int] = mapped_column(default=0)  # 0: the system
    count: Mapped[int] = mapped_column(default=0)
