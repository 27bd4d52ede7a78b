"""Carrier labels bought through karrio: what the bench sends (addresses, the box's real weight and carton,
customs for a parcel leaving the customs area) and what it keeps (tracking, carrier, the label as made).

The call to karrio happens between two transactions (app/services/packing.py `buy_label`): these
functions read and write inside the caller's transaction and never call out themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from app.db.models import (
    CarrierDocument,
    CartonType,
    FloorException,
    Order,
    OrderLine,
    Package,
    PackageLine,
    Product,
    Seller,
    Warehouse,
)
from app.db.uow import UnitOfWork
from app.domain.carriers import needs_customs
from app.domain.roles import Actor
from app.services.commands import audit
from app.services.exceptions import close_open, open_exception
from app.services.karrio import Commodity, Label, LabelRequest, Parcel, Party
from app.services.printjobs import enqueue, printer_for

PROMISE_DAYS = {"express": 1, "standard": 3, "economy": 6}   # days from ship-by the buyer was promised


@dataclass(frozen=True)
class Customs:
    """A product's customs data: HS code and country of origin."""

    hs_code: str = ""
    origin_country: str = ""


def product_customs(product: Product) -> Customs:
    """The product's HS code and country of origin, from the catalogue (CLI, CSV, API, Products screen)."""
    return Customs(product.hs_code or "", product.country_of_origin or "")


def label_format(uow: UnitOfWork, station_id: int | None) -> str:
    """ZPL for a station whose label printer is a Zebra, else PDF."""
    return "ZPL" if printer_for(uow, station_id, "shipping_label").kind == "zpl" else "PDF"


def days_left(order: Order, now: datetime) -> int:
    """Whole days from now until the day the buyer was promised (ship-by + the service level's days)."""
    promise = PROMISE_DAYS.get(order.service_level, 3)
    return max(0, (order.ship_by.date() - now.date()).days) + promise


def request_for(uow: UnitOfWork, pkg: Package, *, fmt: str = "PDF", service: str = "") -> LabelRequest:
    """What karrio is asked for this package."""
    order = uow.session.get(Order, pkg.order_id)
    wh = uow.session.get(Warehouse, pkg.warehouse_id)
    seller = uow.session.get(Seller, pkg.seller_id)
    carton = uow.session.get(CartonType, pkg.carton_type) if pkg.carton_type else None
    shipper = Party(name=wh.name, company=seller.name,
                    lines=tuple(l for l in (wh.address_lines or "").split("\n") if l),
                    city=wh.city or wh.name, postal_code=wh.postal_code or "", country=wh.country)
    recipient = Party(name=order.ship_to_name, company=order.ship_to_company, lines=tuple(order.ship_to_lines or ()),
                      city=order.ship_to_city, postal_code=order.ship_to_postal_code, country=order.ship_to_country,
                      region=order.ship_to_region, phone=order.ship_to_phone, email=order.ship_to_email)
    parcel = Parcel(weight_g=pkg.weight_g or 1, length_mm=carton.length_mm if carton else 100,
                    width_mm=carton.width_mm if carton else 100, height_mm=carton.height_mm if carton else 100,
                    reference=pkg.sscc or f"PKG{pkg.id}")
    lines: tuple[Commodity, ...] = ()
    if needs_customs(wh.country, order.ship_to_country):
        lines = commodities(uow, pkg)
    return LabelRequest(shipper=shipper, recipient=recipient, parcel=parcel, reference=order.external_ref,
                        label_format=fmt, service=service, fixed_service=seller.carrier_service or "",
                        days_left=days_left(order, uow.now()), customs=lines)


def commodities(uow: UnitOfWork, pkg: Package) -> tuple[Commodity, ...]:
    rows = uow.session.execute(
        select(PackageLine, OrderLine, Product).join(OrderLine, OrderLine.id == PackageLine.order_line_id)
        .join(Product, Product.id == OrderLine.product_id).where(PackageLine.package_id == pkg.id)
        .order_by(OrderLine.line_no)).all()
    out = []
    for pl, line, product in rows:
        data = product_customs(product)
        value = line.declared_value if line.declared_value is not None else Decimal("0")
        out.append(Commodity(sku=product.sku, description=product.name, quantity=pl.quantity,
                             weight_g=product.weight_g * pl.quantity, value=str(value),
                             currency=line.currency or "EUR", hs_code=data.hs_code,
                             origin_country=data.origin_country))
    return tuple(out)


def store(uow: UnitOfWork, actor: Actor, pkg: Package, order: Order, label: Label, customs_pdf: bytes = b"") -> None:
    """Keep the bought label on the package and queue it (as made) with the packing slip and customs form."""
    pkg.carrier, pkg.service = label.carrier[:40], label.service[:40]
    pkg.tracking_number, pkg.carrier_shipment_id = label.tracking_number, label.shipment_id or None
    pkg.label_problem = ""
    pkg.status, pkg.closed_at = "labelled", pkg.closed_at or uow.now()
    for kind, fmt, content in (("label", label.label_format, label.label),
                               ("customs", "pdf", label.customs_document or customs_pdf)):
        if not content:
            continue
        doc = uow.session.execute(select(CarrierDocument).where(
            CarrierDocument.package_id == pkg.id, CarrierDocument.kind == kind)).scalar_one_or_none()
        if doc is None:
            uow.session.add(CarrierDocument(package_id=pkg.id, kind=kind, format=fmt, content=content,
                                            created_at=uow.now()))
        else:
            doc.format, doc.content, doc.created_at = fmt, content, uow.now()
    uow.session.flush()
    enqueue(uow, actor, "carrier_label", "package", pkg.id)
    enqueue(uow, actor, "packing_slip", "package", pkg.id)
    if label.customs_document or customs_pdf:
        enqueue(uow, actor, "customs_form", "package", pkg.id)
    close_open(uow, actor, "Label bought.", kind="awaiting_label", package_id=pkg.id)
    audit(uow, actor, "pack.labelled", "package", pkg.id,
          {"sscc": pkg.sscc, "tracking": pkg.tracking_number, "carrier": pkg.carrier, "service": pkg.service,
           "weight_g": pkg.weight_g, "karrio_shipment": label.shipment_id, "format": label.label_format},
          seller_id=order.seller_id, order_id=order.id)


def failed(uow: UnitOfWork, actor: Actor, pkg: Package, order: Order, sentence: str) -> None:
    """The label was not sold: the package stays awaiting label, with the reason on the board."""
    pkg.label_problem = sentence[:300]
    exists = uow.session.execute(select(FloorException.id).where(
        FloorException.kind == "awaiting_label", FloorException.package_id == pkg.id,
        FloorException.status == "open")).first()
    if exists is None:
        open_exception(uow, actor, "awaiting_label", sentence, warehouse_id=pkg.warehouse_id, order_id=order.id,
                       package_id=pkg.id, ref=order.external_ref, detail={"package": pkg.number})
    audit(uow, actor, "pack.label_refused", "package", pkg.id, {"reason": sentence},
          seller_id=order.seller_id, order_id=order.id)


def document(uow: UnitOfWork, package_id: int, kind: str) -> CarrierDocument | None:
    return uow.session.execute(select(CarrierDocument).where(
        CarrierDocument.package_id == package_id, CarrierDocument.kind == kind)).scalar_one_or_none()
