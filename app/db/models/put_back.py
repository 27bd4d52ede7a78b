"""Units of a cancelled order that were picked already: they wait at packing until someone puts them back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, ForeignKeyConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utcnow


class PutBack(Base):
    """One product (and lot) of one cancelled order to return from `from_location` to a storage bin."""

    __tablename__ = "put_backs"
    __table_args__ = (
        ForeignKeyConstraint(["product_id", "seller_id"], ["products.id", "products.seller_id"]),
        CheckConstraint("quantity > 0 AND put_back >= 0 AND put_back <= quantity", name="counts"),
        Index("ix_put_backs_warehouse_status", "warehouse_id", "status"),
        Index("ix_put_backs_order", "order_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    product_id: Mapped[int] = mapped_column()
    lot: Mapped[str] = mapped_column(String(40), default="")
    from_location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    tote: Mapped[str] = mapped_column(String(40), default="")  # where the units are, as the floor knows it
    quantity: Mapped[int] = mapped_column()
    put_back: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | done
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column()
