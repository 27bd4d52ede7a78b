"""Orders from the shop and their lines; per line shipped <= packed <= picked <= ordered."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, utcnow

ORDER_STATUSES = (
    "open", "allocated", "backordered", "released", "picking", "picked", "packing", "packed",
    "shipped", "cancelled",
)


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        UniqueConstraint("seller_id", "external_ref"),
        UniqueConstraint("id", "seller_id"),
        CheckConstraint(f"status IN ({', '.join(repr(s) for s in ORDER_STATUSES)})", name="status"),
        Index("ix_orders_warehouse_status_ship_by", "warehouse_id", "status", "ship_by"),
        # the seller's list (GET /api/v1/orders): keyset pages in (updated_at, id) order, by status or not
        Index("ix_orders_seller_updated", "seller_id", "updated_at", "id"),
        Index("ix_orders_seller_status_updated", "seller_id", "status", "updated_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    external_ref: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="open")
    service_level: Mapped[str] = mapped_column(String(20), default="standard")
    ship_by: Mapped[datetime] = mapped_column()
    ship_to_name: Mapped[str] = mapped_column(String(200))
    ship_to_company: Mapped[str] = mapped_column(String(200), default="")
    ship_to_lines: Mapped[list] = mapped_column(default=list)
    ship_to_city: Mapped[str] = mapped_column(String(120))
    ship_to_region: Mapped[str] = mapped_column(String(120), default="")
    ship_to_postal_code: Mapped[str] = mapped_column(String(20), default="")
    ship_to_country: Mapped[str] = mapped_column(String(2))
    ship_to_phone: Mapped[str] = mapped_column(String(40), default="")
    ship_to_email: Mapped[str] = mapped_column(String(200), default="")
    ship_to_language: Mapped[str] = mapped_column(String(10), default="", server_default="")  # the buyer's, if known
    source: Mapped[str] = mapped_column(String(10), default="api")
    transfer_id: Mapped[int | None] = mapped_column()  # an internal order that moves stock to another warehouse
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # set by every UPDATE of the row (status changes): what `updated_since` filters on
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    lines: Mapped[list[OrderLine]] = relationship(
        order_by="OrderLine.line_no", back_populates="order", foreign_keys="OrderLine.order_id"
    )


class OrderLine(Base):
    __tablename__ = "order_lines"
    __table_args__ = (
        UniqueConstraint("order_id", "line_no"),
        UniqueConstraint("id", "seller_id"),
        ForeignKeyConstraint(["order_id", "seller_id"], ["orders.id", "orders.seller_id"]),
        ForeignKeyConstraint(["product_id", "seller_id"], ["products.id", "products.seller_id"]),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(
            "quantity_shipped >= 0 AND quantity_shipped <= quantity_packed"
            " AND quantity_packed <= quantity_picked AND quantity_picked <= quantity",
            name="shipped_packed_picked_ordered",
        ),
        CheckConstraint(
            "quantity_allocated >= 0 AND quantity_allocated + quantity_picked <= quantity",
            name="allocated_within_ordered",
        ),
        Index("ix_order_lines_product", "product_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column()
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    line_no: Mapped[int] = mapped_column()
    product_id: Mapped[int] = mapped_column()
    quantity: Mapped[int] = mapped_column()
    quantity_allocated: Mapped[int] = mapped_column(default=0)
    quantity_picked: Mapped[int] = mapped_column(default=0)
    quantity_packed: Mapped[int] = mapped_column(default=0)
    quantity_shipped: Mapped[int] = mapped_column(default=0)
    # what one unit is declared at for customs (a parcel leaving the customs area), in `currency`
    declared_value: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    currency: Mapped[str | None] = mapped_column(String(3))

    order: Mapped[Order] = relationship(back_populates="lines", foreign_keys=[order_id])
