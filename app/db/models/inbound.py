"""Stock coming in: sellers' announced inbound shipments, transfers between warehouses, and counts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, ForeignKeyConstraint, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utcnow


class Inbound(Base):
    """A seller's announced shipment into one warehouse (an ASN)."""

    __tablename__ = "inbounds"
    __table_args__ = (UniqueConstraint("seller_id", "reference"), UniqueConstraint("id", "seller_id"),
                      Index("ix_inbounds_seller_updated", "seller_id", "updated_at", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    reference: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12), default="announced")  # announced | receiving | closed
    expected_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column()
    outcome: Mapped[dict | None] = mapped_column()
    source_site: Mapped[str | None] = mapped_column(String(32))   # announced by a peer: its transfer
    transfer_ref: Mapped[str | None] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class InboundLine(Base):
    __tablename__ = "inbound_lines"
    __table_args__ = (
        ForeignKeyConstraint(["inbound_id", "seller_id"], ["inbounds.id", "inbounds.seller_id"]),
        ForeignKeyConstraint(["product_id", "seller_id"], ["products.id", "products.seller_id"]),
        UniqueConstraint("inbound_id", "product_id", "lot"),
        CheckConstraint("expected >= 0 AND received >= 0 AND damaged >= 0", name="counts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inbound_id: Mapped[int] = mapped_column()
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    product_id: Mapped[int] = mapped_column()
    lot: Mapped[str] = mapped_column(String(40), default="")
    expiry: Mapped[date | None] = mapped_column()
    expected: Mapped[int] = mapped_column(default=0)  # 0: not announced (arrived anyway)
    received: Mapped[int] = mapped_column(default=0)
    damaged: Mapped[int] = mapped_column(default=0)


class InboundCarton(Base):
    __tablename__ = "inbound_cartons"
    __table_args__ = (UniqueConstraint("inbound_id", "sscc"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inbound_id: Mapped[int] = mapped_column(ForeignKey("inbounds.id"))
    sscc: Mapped[str] = mapped_column(String(18))
    received_at: Mapped[datetime | None] = mapped_column()


class Transfer(Base):
    """Stock of one seller moving from one warehouse to another; in transit it belongs to neither."""

    __tablename__ = "transfers"
    __table_args__ = (UniqueConstraint("id", "seller_id"), Index("ix_transfers_status", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    from_warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    to_warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    transit_location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    status: Mapped[str] = mapped_column(String(14), default="planned")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    shipped_at: Mapped[datetime | None] = mapped_column()
    received_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    outcome: Mapped[dict | None] = mapped_column()
    # to another site's warehouse: what that site received and found missing, as it told us
    remote_status: Mapped[str | None] = mapped_column(String(14))
    remote_outcome: Mapped[dict | None] = mapped_column()


class TransferReceipt(Base):
    """What the destination found in one carton of a transfer (scanned there, once)."""

    __tablename__ = "transfer_receipts"
    __table_args__ = (UniqueConstraint("package_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    transfer_id: Mapped[int] = mapped_column(ForeignKey("transfers.id"), index=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("packages.id"))
    counts: Mapped[dict] = mapped_column(default=dict)  # sku -> units found
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class CountLine(Base):
    """One round of a blind count: what the counter found of one seller's product (and lot) in the bin."""

    __tablename__ = "count_lines"
    __table_args__ = (
        UniqueConstraint("task_id", "round", "seller_id", "product_id", "lot"),
        ForeignKeyConstraint(["product_id", "seller_id"], ["products.id", "products.seller_id"]),
        CheckConstraint("counted >= 0", name="counted_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("count_tasks.id"), index=True)
    round: Mapped[int] = mapped_column()
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    product_id: Mapped[int] = mapped_column()
    lot: Mapped[str] = mapped_column(String(40), default="")
    counted: Mapped[int] = mapped_column()
    expected: Mapped[int] = mapped_column()  # the books at the moment of counting (never shown to the counter)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
