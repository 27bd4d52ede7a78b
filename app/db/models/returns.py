"""Free returns: authorisations (RMAs), each returned unit with its grade and disposition, photos,
and the outbox of refund triggers sent to the sellers' webhooks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, ForeignKeyConstraint, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utcnow

GRADES = ("A", "B", "C", "D", "wrong_item", "missing", "not_ours")
DISPOSITIONS = ("restock", "refurbish", "liquidate", "recycle", "dispose", "return_to_seller", "quarantine",
                "missing")


class Rma(Base):
    __tablename__ = "rmas"
    __table_args__ = (
        UniqueConstraint("id", "seller_id"),
        ForeignKeyConstraint(["order_id", "seller_id"], ["orders.id", "orders.seller_id"]),
        Index("ix_rmas_order", "order_id"),
        Index("ix_rmas_status", "status", "created_at"),
        Index("ix_rmas_seller_updated", "seller_id", "updated_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    order_id: Mapped[int] = mapped_column()
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    status: Mapped[str] = mapped_column(String(12), default="authorised")  # authorised | receiving | closed
    unexpected: Mapped[bool] = mapped_column(default=False)
    buyer_reason: Mapped[str] = mapped_column(String(300), default="")
    source: Mapped[str] = mapped_column(String(12), default="api")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    received_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[dict | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RmaLine(Base):
    __tablename__ = "rma_lines"
    __table_args__ = (
        UniqueConstraint("rma_id", "order_line_id"),
        ForeignKeyConstraint(["rma_id", "seller_id"], ["rmas.id", "rmas.seller_id"]),
        ForeignKeyConstraint(["order_line_id", "seller_id"], ["order_lines.id", "order_lines.seller_id"]),
        ForeignKeyConstraint(["product_id", "seller_id"], ["products.id", "products.seller_id"]),
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rma_id: Mapped[int] = mapped_column()
    order_line_id: Mapped[int] = mapped_column()
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    product_id: Mapped[int] = mapped_column()
    quantity: Mapped[int] = mapped_column()
    reason: Mapped[str] = mapped_column(String(200), default="")


class ReturnUnit(Base):
    """One unit that came back (or was expected and missing): graded once, disposed exactly once."""

    __tablename__ = "return_units"
    __table_args__ = (
        ForeignKeyConstraint(["rma_id", "seller_id"], ["rmas.id", "rmas.seller_id"]),
        CheckConstraint(f"grade IS NULL OR grade IN ({', '.join(repr(g) for g in GRADES)})", name="grade"),
        CheckConstraint(f"disposition IS NULL OR disposition IN ({', '.join(repr(d) for d in DISPOSITIONS)})",
                        name="disposition"),
        Index("ix_return_units_rma", "rma_id"),
        Index("ix_return_units_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rma_id: Mapped[int] = mapped_column()
    rma_line_id: Mapped[int | None] = mapped_column(ForeignKey("rma_lines.id"))
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    scanned: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(14), default="received")  # received|graded|to_put_away|done
    grade: Mapped[str | None] = mapped_column(String(12))
    observed_reason: Mapped[str] = mapped_column(String(60), default="")
    notes: Mapped[str] = mapped_column(String(500), default="")
    proposed: Mapped[str | None] = mapped_column(String(20))
    disposition: Mapped[str | None] = mapped_column(String(20))
    override_reason: Mapped[str] = mapped_column(String(300), default="")
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    suggested_bin_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    disposed_at: Mapped[datetime | None] = mapped_column()


class ReturnPhoto(Base):
    __tablename__ = "return_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("return_units.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(80), unique=True)  # server-made
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column()
    width: Mapped[int] = mapped_column(default=0)
    height: Mapped[int] = mapped_column(default=0)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookEvent(Base):
    """An outcome the seller's system must hear about; delivered until acknowledged, once per event."""

    __tablename__ = "webhook_events"
    __table_args__ = (Index("ix_webhook_events_due", "status", "next_attempt_at"),
                      Index("ix_webhook_events_seller", "seller_id", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(80), unique=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict] = mapped_column()
    # pending | sending | delivered | failed (gave up after the last retry) | no_url (nowhere to send it)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column()
    failed_at: Mapped[datetime | None] = mapped_column()


class WebhookMark(Base):
    """How far a background feed has read (stock.changed reads the ledger past `value`)."""

    __tablename__ = "webhook_marks"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)
