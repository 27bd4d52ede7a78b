"""The network's places and owners: warehouses, zones, locations (bins), sellers, products."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, utcnow

LOCATION_KINDS = (
    "pick", "reserve", "receiving", "packing", "shipping", "returns", "quarantine",
    "refurbish", "liquidation", "return_to_seller", "disposal", "in_transit",
)
# what a zone is for; its bins take the location kind of the same name (a dock zone's bins are "shipping")
ZONE_KINDS = ("pick", "reserve", "receiving", "packing", "returns", "quarantine", "dock")


class Warehouse(Base):
    __tablename__ = "warehouses"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    country: Mapped[str] = mapped_column(String(2))
    address_lines: Mapped[str] = mapped_column(String(400), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    units: Mapped[str] = mapped_column(String(8), default="metric", server_default="metric")  # or "imperial"
    language: Mapped[str] = mapped_column(String(10), default="en", server_default="en")      # its labels' language
    gs1_company_prefix: Mapped[str] = mapped_column(String(12), default="0000000")
    site: Mapped[str | None] = mapped_column(String(32))   # None: this site's own; else the peer that runs it


class Zone(Base):
    __tablename__ = "zones"
    __table_args__ = (
        UniqueConstraint("warehouse_id", "code"),
        CheckConstraint(f"kind IN ({', '.join(repr(k) for k in ZONE_KINDS)})", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120), default="")
    kind: Mapped[str] = mapped_column(String(12), default="pick", server_default="pick")


class Location(Base):
    __tablename__ = "locations"
    __table_args__ = (
        CheckConstraint(f"kind IN ({', '.join(repr(k) for k in LOCATION_KINDS)})", name="kind"),
        Index("ix_locations_warehouse_kind_seq", "warehouse_id", "kind", "pick_sequence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"))
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="pick")
    pick_sequence: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    max_weight_g: Mapped[int | None] = mapped_column()      # what the bin may hold, when the site says
    max_volume_cm3: Mapped[int | None] = mapped_column()

    warehouse: Mapped[Warehouse] = relationship(lazy="joined")
    zone: Mapped[Zone | None] = relationship()


class Seller(Base):
    __tablename__ = "sellers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    api_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    webhook_secret: Mapped[str | None] = mapped_column(String(80))
    # the events the seller subscribed to (see app/domain/webhook_events.py); a rotated secret keeps
    # signing beside the new one until `webhook_previous_until`
    webhook_events: Mapped[list] = mapped_column(default=list)
    webhook_previous_secret: Mapped[str | None] = mapped_column(String(80))
    webhook_previous_until: Mapped[datetime | None] = mapped_column()
    return_rules: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # the carrier service every parcel of this seller goes by ("": the cheapest that arrives in time)
    carrier_service: Mapped[str] = mapped_column(String(60), default="", server_default="")


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (
        UniqueConstraint("seller_id", "sku"),
        UniqueConstraint("seller_id", "gtin"),
        # lets stock, ledger and order lines prove in the schema that they name one seller
        UniqueConstraint("id", "seller_id"),
        CheckConstraint("weight_g >= 0", name="weight"),
        # the seller's list (GET /api/v1/products): keyset pages in (updated_at, id) order
        Index("ix_products_seller_updated", "seller_id", "updated_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    sku: Mapped[str] = mapped_column(String(64))
    gtin: Mapped[str | None] = mapped_column(String(14), index=True)
    name: Mapped[str] = mapped_column(String(200))
    weight_g: Mapped[int] = mapped_column(default=0)
    length_mm: Mapped[int] = mapped_column(default=0)
    width_mm: Mapped[int] = mapped_column(default=0)
    height_mm: Mapped[int] = mapped_column(default=0)
    image_path: Mapped[str | None] = mapped_column(String(300))
    carton_units: Mapped[int] = mapped_column(default=1, server_default="1")  # transfers move whole cartons
    return_rules: Mapped[dict | None] = mapped_column()
    active: Mapped[bool] = mapped_column(default=True)
    hazmat_un: Mapped[str | None] = mapped_column(String(6))          # "UN3481"; None: not dangerous goods
    track_lot: Mapped[bool] = mapped_column(default=False, server_default=false())
    track_expiry: Mapped[bool] = mapped_column(default=False, server_default=false())
    track_serial: Mapped[bool] = mapped_column(default=False, server_default=false())
    hs_code: Mapped[str | None] = mapped_column(String(10))           # customs tariff number, 6-10 digits
    country_of_origin: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    seller: Mapped[Seller] = relationship(lazy="joined")
