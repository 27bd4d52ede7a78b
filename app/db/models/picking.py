"""Waves, pick tasks (one picker's trip, one or more orders), pick lines in walking order, totes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, ForeignKeyConstraint, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utcnow

TASK_STATUSES = ("ready", "assigned", "picking", "done", "cancelled")
# a tote per order | one SKU's total into a cart | many orders' sum | a tote per order, one task per zone
PICK_MODES = ("cluster", "singles", "batch", "zone")


class Wave(Base):
    __tablename__ = "waves"

    id: Mapped[int] = mapped_column(primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    status: Mapped[str] = mapped_column(String(12), default="open")
    cutoff: Mapped[datetime | None] = mapped_column()
    service_levels: Mapped[list] = mapped_column(default=list)
    released_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    automatic: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PickTask(Base):
    """What one picker walks: lines of one or more orders, in pick sequence."""

    __tablename__ = "pick_tasks"
    __table_args__ = (
        CheckConstraint(f"status IN ({', '.join(repr(s) for s in TASK_STATUSES)})", name="status"),
        Index("ix_pick_tasks_claim", "warehouse_id", "status", "priority", "id"),
        Index("ix_pick_tasks_user_status", "user_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("waves.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    status: Mapped[str] = mapped_column(String(12), default="ready")
    priority: Mapped[int] = mapped_column(default=0)  # lower first: earliest ship-by
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    at_location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    assigned_at: Mapped[datetime | None] = mapped_column()
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    notice: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # how it is picked (PICK_MODES); singles and batch pick totals into one cart (a TOTE- label), not a tote per order
    mode: Mapped[str] = mapped_column(String(12), default="cluster", server_default="cluster")
    cart: Mapped[str | None] = mapped_column(String(40))
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"))   # zone mode: only this zone's lines


class PickTaskOrder(Base):
    """An order in a pick task, with its cart slot and the tote its units go into."""

    __tablename__ = "pick_task_orders"
    __table_args__ = (UniqueConstraint("task_id", "order_id"), UniqueConstraint("task_id", "slot"))

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("pick_tasks.id"))
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    slot: Mapped[int] = mapped_column()
    tote: Mapped[str | None] = mapped_column(String(40))


class PickLine(Base):
    """Units of one order line to take from one bin (one per allocation)."""

    __tablename__ = "pick_lines"
    __table_args__ = (
        ForeignKeyConstraint(["order_line_id", "seller_id"], ["order_lines.id", "order_lines.seller_id"]),
        ForeignKeyConstraint(["product_id", "seller_id"], ["products.id", "products.seller_id"]),
        CheckConstraint("picked >= 0 AND short >= 0 AND picked + short <= quantity", name="counts"),
        Index("ix_pick_lines_task_seq", "task_id", "sequence"),
        Index("ix_pick_lines_order_line", "order_line_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("pick_tasks.id"))
    order_line_id: Mapped[int] = mapped_column()
    allocation_id: Mapped[int | None] = mapped_column(ForeignKey("allocations.id"))
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    product_id: Mapped[int] = mapped_column()
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    lot: Mapped[str] = mapped_column(String(40), default="")
    sequence: Mapped[int] = mapped_column(default=0)
    quantity: Mapped[int] = mapped_column()
    picked: Mapped[int] = mapped_column(default=0)
    short: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | done | short


class PickEvent(Base):
    """One confirmed pick (or its undo): throughput, undo and the audit trail read these."""

    __tablename__ = "pick_events"
    __table_args__ = (Index("ix_pick_events_at", "at"), Index("ix_pick_events_task", "task_id", "id"),
                      Index("ix_pick_events_user_at", "user_id", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("pick_tasks.id"))
    pick_line_id: Mapped[int] = mapped_column(ForeignKey("pick_lines.id"))
    quantity: Mapped[int] = mapped_column()
    ledger_id: Mapped[int] = mapped_column(ForeignKey("ledger.id"))
    undone: Mapped[bool] = mapped_column(default=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"))
    command_key: Mapped[str | None] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class SortPut(Base):
    """Units of a batch pick put into an order's slot at the put wall (its tote); an undo marks the put undone."""

    __tablename__ = "sort_puts"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity"), Index("ix_sort_puts_task", "task_id", "id"),
                      Index("ix_sort_puts_order_line", "order_line_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("pick_tasks.id"))
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"))
    slot: Mapped[int] = mapped_column()
    tote: Mapped[str] = mapped_column(String(40))
    quantity: Mapped[int] = mapped_column()
    undone: Mapped[bool] = mapped_column(default=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    command_key: Mapped[str | None] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class CountTask(Base):
    """Count one bin: from a short pick, a schedule or by hand (counted blind, then approved)."""

    __tablename__ = "count_tasks"
    __table_args__ = (Index("ix_count_tasks_location_status", "location_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    reason: Mapped[str] = mapped_column(String(20))  # short_pick | schedule | manual
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | recount | review | done
    round: Mapped[int] = mapped_column(default=0)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolution: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[dict] = mapped_column(default=dict)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column()


class FloorException(Base):
    """Something a supervisor must look at: short pick, weight mismatch, print failure, ..."""

    __tablename__ = "floor_exceptions"
    __table_args__ = (Index("ix_floor_exceptions_status_at", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | resolved
    warehouse_id: Mapped[int | None] = mapped_column(ForeignKey("warehouses.id"))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    package_id: Mapped[int | None] = mapped_column()
    count_task_id: Mapped[int | None] = mapped_column(ForeignKey("count_tasks.id"))
    ref: Mapped[str] = mapped_column(String(80), default="")
    message: Mapped[str] = mapped_column(String(300))
    detail: Mapped[dict] = mapped_column(default=dict)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None] = mapped_column()
    resolution: Mapped[str] = mapped_column(String(300), default="")
