"""Totes at the bench, packages (cartons) with their contents, labels and hand-off; serial counters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, ForeignKeyConstraint, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utcnow

PACKAGE_STATUSES = ("open", "held", "awaiting_label", "labelled", "verified", "shipped", "cancelled")


class Tote(Base):
    """A reusable box on the cart; while it holds an order's picked units it names that order."""

    __tablename__ = "totes"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("pick_tasks.id"))
    status: Mapped[str] = mapped_column(String(12), default="empty")  # empty | picking | to_pack
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CartonType(Base):
    __tablename__ = "carton_types"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    length_mm: Mapped[int] = mapped_column()
    width_mm: Mapped[int] = mapped_column()
    height_mm: Mapped[int] = mapped_column()
    tare_g: Mapped[int] = mapped_column()
    max_weight_g: Mapped[int] = mapped_column()
    active: Mapped[bool] = mapped_column(default=True)


class Package(Base):
    """One carton of one order: its contents, weight, SSCC, carrier, tracking number and label."""

    __tablename__ = "packages"
    __table_args__ = (
        UniqueConstraint("id", "seller_id"),
        ForeignKeyConstraint(["order_id", "seller_id"], ["orders.id", "orders.seller_id"]),
        CheckConstraint(f"status IN ({', '.join(repr(s) for s in PACKAGE_STATUSES)})", name="status"),
        Index("ix_packages_order", "order_id"),
        Index("ix_packages_status_shipped", "status", "shipped_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column()
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    status: Mapped[str] = mapped_column(String(16), default="open")
    number: Mapped[int] = mapped_column(default=1)  # package n of the order
    sscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    carrier: Mapped[str] = mapped_column(String(40), default="")
    service: Mapped[str] = mapped_column(String(40), default="")
    tracking_number: Mapped[str | None] = mapped_column(String(40), unique=True)
    carton_type: Mapped[str | None] = mapped_column(ForeignKey("carton_types.code"))
    weight_g: Mapped[int | None] = mapped_column()
    expected_weight_g: Mapped[int | None] = mapped_column()
    tote: Mapped[str | None] = mapped_column(String(40))
    packer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column()
    shipped_at: Mapped[datetime | None] = mapped_column()
    shipped_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # a label bought through karrio: its shipment there; why the last try to buy it failed ("" when none did)
    carrier_shipment_id: Mapped[str | None] = mapped_column(String(80))
    label_problem: Mapped[str] = mapped_column(String(300), default="", server_default="")


class CarrierDocument(Base):
    """A document a carrier made for a package (its label, a customs form), kept as made: PDF or ZPL."""

    __tablename__ = "carrier_documents"
    __table_args__ = (
        UniqueConstraint("package_id", "kind"),
        CheckConstraint("format IN ('pdf', 'zpl')", name="format"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("packages.id"))
    kind: Mapped[str] = mapped_column(String(20))   # label | customs
    format: Mapped[str] = mapped_column(String(4))   # pdf | zpl
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PackageLine(Base):
    __tablename__ = "package_lines"
    __table_args__ = (
        UniqueConstraint("package_id", "order_line_id"),
        ForeignKeyConstraint(["package_id", "seller_id"], ["packages.id", "packages.seller_id"]),
        ForeignKeyConstraint(["order_line_id", "seller_id"], ["order_lines.id", "order_lines.seller_id"]),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column()
    order_line_id: Mapped[int] = mapped_column()
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    quantity: Mapped[int] = mapped_column()


class Serial(Base):
    """Named counters handed out inside a transaction (SSCC serials, tracking numbers, RMAs)."""

    __tablename__ = "serials"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    next_value: Mapped[int] = mapped_column()
