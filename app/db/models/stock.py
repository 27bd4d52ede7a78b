"""Stock and its immutable ledger. On-hand changes only together with a ledger row."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utcnow


class Stock(Base):
    """Quantity of one seller's product (and lot) at one location; `allocated` is reserved for orders."""

    __tablename__ = "stock"
    __table_args__ = (
        UniqueConstraint("seller_id", "product_id", "location_id", "lot"),
        UniqueConstraint("id", "seller_id"),
        ForeignKeyConstraint(["product_id", "seller_id"], ["products.id", "products.seller_id"]),
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
        CheckConstraint("allocated >= 0 AND allocated <= quantity", name="allocated_within_quantity"),
        Index("ix_stock_product_location", "product_id", "location_id"),
        Index("ix_stock_location", "location_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    product_id: Mapped[int] = mapped_column()
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    lot: Mapped[str] = mapped_column(String(40), default="")
    expiry: Mapped[date | None] = mapped_column()
    quantity: Mapped[int] = mapped_column(default=0)
    allocated: Mapped[int] = mapped_column(default=0)


class LedgerEntry(Base):
    """One move of stock: from a location, to a location, or both. Never updated, never deleted."""

    __tablename__ = "ledger"
    __table_args__ = (
        ForeignKeyConstraint(["product_id", "seller_id"], ["products.id", "products.seller_id"]),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(
            "from_location_id IS NOT NULL OR to_location_id IS NOT NULL", name="has_a_side"
        ),
        CheckConstraint(
            "from_location_id IS NULL OR to_location_id IS NULL OR from_location_id <> to_location_id",
            name="moves_somewhere",
        ),
        Index("ix_ledger_product_at", "product_id", "at"),
        Index("ix_ledger_product_from", "product_id", "from_location_id", "id"),
        Index("ix_ledger_product_to", "product_id", "to_location_id", "id"),
        Index("ix_ledger_from", "from_location_id", "id"),
        Index("ix_ledger_to", "to_location_id", "id"),
        Index("ix_ledger_at", "at"),
        Index("ix_ledger_command", "command_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    product_id: Mapped[int] = mapped_column()
    lot: Mapped[str] = mapped_column(String(40), default="")
    from_location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    to_location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    quantity: Mapped[int] = mapped_column()
    reason: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(String(500), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    command_key: Mapped[str | None] = mapped_column(String(80))
    ref_type: Mapped[str | None] = mapped_column(String(30))
    ref_id: Mapped[int | None] = mapped_column()


class Allocation(Base):
    """Units of one stock row reserved for one order line until they are picked or released."""

    __tablename__ = "allocations"
    __table_args__ = (
        ForeignKeyConstraint(["order_line_id", "seller_id"], ["order_lines.id", "order_lines.seller_id"]),
        ForeignKeyConstraint(["stock_id", "seller_id"], ["stock.id", "stock.seller_id"]),
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
        Index("ix_allocations_line", "order_line_id"),
        Index("ix_allocations_stock", "stock_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_line_id: Mapped[int] = mapped_column()
    stock_id: Mapped[int] = mapped_column()
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    quantity: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
