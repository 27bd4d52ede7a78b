"""What goes on each printed document, read from the database into printing's data classes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, or_, select

import printing
from app.db.models import (
    Location,
    Order,
    OrderLine,
    Package,
    PackageLine,
    Product,
    ReturnPhoto,
    ReturnUnit,
    Rma,
    RmaLine,
    Seller,
    Station,
    User,
    Warehouse,
    Zone,
)
from app.db.uow import UnitOfWork
from app.domain.codes import location_barcode
from app.domain.errors import InvalidInput, NotFound
from app.i18n import _, formats, using
from app.i18n.formats import day_bounds, local_day
from app.services.document_words import PACKING_SLIP, RETURN, buyer_words, return_service_words, shipping_words
from printing.customs import CustomsDeclaration, CustomsItem, render_customs_pdf


def warehouse_address(wh: Warehouse) -> printing.Address:
    return printing.Address(name=wh.name, lines=tuple(l for l in wh.address_lines.split("\n") if l) or (wh.name,),
                            city=wh.city or wh.name, postal_code=wh.postal_code, country=wh.country)


def buyer_address(order: Order) -> printing.Address:
    return printing.Address(name=order.ship_to_name, company=order.ship_to_company,
                            lines=tuple(order.ship_to_lines) or (order.ship_to_city,), city=order.ship_to_city,
                            postal_code=order.ship_to_postal_code, country=order.ship_to_country,
                            region=order.ship_to_region, phone=order.ship_to_phone)


def _package(uow: UnitOfWork, package_id: int) -> tuple[Package, Order, Warehouse, Seller]:
    pkg = uow.session.get(Package, package_id)
    if pkg is None:
        raise NotFound(_("No such package."))
    order = uow.session.get(Order, pkg.order_id)
    return pkg, order, uow.session.get(Warehouse, pkg.warehouse_id), uow.session.get(Seller, pkg.seller_id)


def _package_count(uow: UnitOfWork, order_id: int) -> int:
    return uow.session.execute(select(func.count(Package.id)).where(
        Package.order_id == order_id, Package.status != "cancelled")).scalar_one()


def shipping_label(uow: UnitOfWork, package_id: int, **_) -> printing.ShippingLabel:
    pkg, order, wh, seller = _package(uow, package_id)
    with using(wh.language):
        weight_text = formats.weight(pkg.weight_g or 1, wh.units)
    return printing.ShippingLabel(
        words=shipping_words(wh.language, order.ship_to_country), weight_text=weight_text,
        ship_from=warehouse_address(wh), ship_to=buyer_address(order), carrier=pkg.carrier, service=pkg.service,
        tracking_number=pkg.tracking_number, sscc=pkg.sscc, order_ref=order.external_ref, seller_name=seller.name,
        weight_kg=round((pkg.weight_g or 0) / 1000, 3) or 0.001,
        ship_date=local_day(pkg.closed_at or uow.now(), wh.timezone),
        package_index=pkg.number, package_count=max(pkg.number, _package_count(uow, order.id)),
    )


def packing_slip(uow: UnitOfWork, package_id: int, **_) -> printing.PackingSlip:
    pkg, order, wh, seller = _package(uow, package_id)
    rows = uow.session.execute(
        select(PackageLine.quantity, Product).join(OrderLine, OrderLine.id == PackageLine.order_line_id)
        .join(Product, Product.id == OrderLine.product_id).where(PackageLine.package_id == pkg.id)
        .order_by(OrderLine.line_no)).all()
    return printing.PackingSlip(
        words=buyer_words(PACKING_SLIP, order.ship_to_language, wh.language),
        order_ref=order.external_ref, seller_name=seller.name, ship_to=buyer_address(order),
        ship_from=warehouse_address(wh),
        lines=tuple(printing.PackingSlipLine(sku=p.sku, name=p.name, quantity=q, gtin=p.gtin) for q, p in rows),
        package_index=pkg.number, package_count=max(pkg.number, _package_count(uow, order.id)), sscc=pkg.sscc,
    )


def return_label(uow: UnitOfWork, rma_id: int, **_) -> printing.ReturnLabel:
    rma = uow.session.get(Rma, rma_id)
    order = uow.session.get(Order, rma.order_id)
    wh = uow.session.get(Warehouse, rma.warehouse_id)
    returns_to = warehouse_address(wh)
    name, service = return_service_words(order.ship_to_language or wh.language, wh.name)
    returns_to = printing.Address(name=name[:120], lines=returns_to.lines, city=returns_to.city,
                                  postal_code=returns_to.postal_code, country=returns_to.country)
    return printing.ReturnLabel(
        words=buyer_words(RETURN, order.ship_to_language, wh.language),
        buyer=buyer_address(order), returns_to=returns_to, rma_number=rma.number, order_ref=order.external_ref,
        seller_name=uow.session.get(Seller, rma.seller_id).name, carrier="FloorPost", service=service,
        issued_on=local_day(rma.created_at, wh.timezone), reason=(rma.buyer_reason or "")[:80])


def restock_label(uow: UnitOfWork, unit_id: int, **_) -> printing.ProductLabel:
    unit = uow.session.get(ReturnUnit, unit_id)
    product = uow.session.get(Product, unit.product_id)
    return printing.ProductLabel(sku=product.sku, name=product.name, gtin=product.gtin,
                                 seller_name=uow.session.get(Seller, unit.seller_id).name)


def labelled_packages(uow: UnitOfWork, order: str) -> list[int]:
    """The packages of an order (its id or the shop's reference) that have a shipping label, in order."""
    with uow.reading() as uow:
        found = uow.session.execute(select(Order).where(or_(
            Order.external_ref == order, Order.id == (int(order) if order.isdigit() else -1)))).scalars().first()
        if found is None:
            return []
        return list(uow.session.execute(select(Package.id).where(
            Package.order_id == found.id, Package.sscc.is_not(None)).order_by(Package.number)).scalars())


def zones_coded(uow: UnitOfWork, code: str, warehouse: str | None = None) -> list[int]:
    """The zones with this code (in this warehouse, given its code): several when warehouses share codes."""
    with uow.reading() as uow:
        q = select(Zone.id).where(Zone.code == code)
        if warehouse:
            q = q.join(Warehouse, Warehouse.id == Zone.warehouse_id).where(Warehouse.code == warehouse)
        return list(uow.session.execute(q.order_by(Zone.id)).scalars())


def bin_labels(uow: UnitOfWork, zone_id: int, **_) -> list[printing.BinLabel]:
    """Every active location of a zone, in walking order, as bin labels."""
    zone = uow.session.get(Zone, zone_id)
    if zone is None:
        raise NotFound(_("No such zone."))
    locations = uow.session.execute(select(Location).where(Location.zone_id == zone.id, Location.active.is_(True))
                                    .order_by(Location.pick_sequence, Location.code)).scalars().all()
    if not locations:
        raise NotFound(_("Zone {code} has no locations.", code=zone.code))
    return [bin_label(loc.code, f"{zone.code} {zone.name}".strip(), f"#{loc.pick_sequence}") for loc in locations]


def bin_label(code: str, zone: str = "", caption: str = "") -> printing.BinLabel:
    """A location's label: its code for people, its LOC- barcode for scanners."""
    return printing.BinLabel(code=code, barcode=location_barcode(code), zone=zone, caption=caption)


def bin_labels_pdf(codes: Sequence[str], *, page: str = "A4", dpi: int = 203, zone: str = "",
                   captions: Sequence[str] = ()) -> bytes:
    """Labels for the bins `codes` (a range just generated, in walking order) as one PDF to print at 100%:
    sheets of 24 on A4 (70 x 37 mm) or 30 on Letter (2 5/8 x 1 in), or one 2x1 inch thermal label a page,
    built for a `dpi` printer (203, 300 or 600) so every bar lands on its dot grid. `zone` and `captions`
    (one per code, e.g. "#120") print small under the barcode. A code that does not fit its label (a 2x1
    label at 203 dpi takes a LOC- barcode of up to 12 characters) is refused with InvalidInput naming it."""
    try:
        labels = [bin_label(code, zone, captions[i] if i < len(captions) else "") for i, code in enumerate(codes)]
        return printing.render_pdf(labels, dpi=dpi, page=page)
    except printing.LabelDataError as exc:
        which = exc.field.split("]")[0].removeprefix("labels[")
        code = codes[int(which)] if which.isdigit() else exc.field
        raise InvalidInput(_("Bin {code}: {problem}", code=code, problem=exc.message), {code: exc.message}) from None


def evidence_pack(uow: UnitOfWork, rma_id: int, *, photos_dir: Path | None = None, **_) -> printing.EvidencePack:
    """Everything recorded about a return, with its photos, for a dispute."""
    rma = uow.session.get(Rma, rma_id)
    if rma is None:
        raise NotFound(_("No such return."))
    order = uow.session.get(Order, rma.order_id)
    expected = [printing.EvidenceLine(p.sku, p.name, line.quantity) for line, p in uow.session.execute(
        select(RmaLine, Product).join(Product, Product.id == RmaLine.product_id).where(RmaLine.rma_id == rma.id)
        .order_by(RmaLine.id)).all()]
    units = []
    for u in uow.session.execute(select(ReturnUnit).where(ReturnUnit.rma_id == rma.id).order_by(ReturnUnit.id)
                                 ).scalars():
        product = uow.session.get(Product, u.product_id) if u.product_id else None
        clerk = uow.session.get(User, u.user_id).name if u.user_id else ""
        station = uow.session.get(Station, u.station_id).name if u.station_id else ""
        photos = tuple(
            (photos_dir / ph.file_name).read_bytes() for ph in uow.session.execute(
                select(ReturnPhoto).where(ReturnPhoto.unit_id == u.id).order_by(ReturnPhoto.id)).scalars()
            if photos_dir is not None and (photos_dir / ph.file_name).is_file())
        units.append(printing.EvidenceUnit(
            sku=product.sku if product else (u.scanned or "?"), name=product.name if product else _("Unknown item"),
            grade=u.grade or _("not graded"), observed_reason=u.observed_reason, notes=u.notes,
            disposition=u.disposition or _("undecided"), override_reason=u.override_reason, clerk=clerk or "?",
            station=station or "?", at=u.received_at, photos=photos))
    wh = uow.session.get(Warehouse, rma.warehouse_id)
    return printing.EvidencePack(
        rma_number=rma.number, order_ref=order.external_ref, seller_name=uow.session.get(Seller, rma.seller_id).name,
        warehouse=warehouse_address(wh), buyer=buyer_address(order), buyer_reason=rma.buyer_reason,
        authorised_at=rma.created_at, received_at=rma.received_at, closed_at=rma.closed_at,
        expected=tuple(expected), units=tuple(units), generated_at=uow.now())


def manifest(uow: UnitOfWork, warehouse_id: int, *, carrier: str, day: str, **_) -> printing.Manifest:
    """Every package one carrier took from one warehouse on one day of the warehouse's calendar."""
    wh = uow.session.get(Warehouse, warehouse_id)
    start, end = day_bounds(date.fromisoformat(day), wh.timezone)
    rows = uow.session.execute(
        select(Package, Order, Seller).join(Order, Order.id == Package.order_id)
        .join(Seller, Seller.id == Package.seller_id)
        .where(Package.warehouse_id == warehouse_id, Package.carrier == carrier, Package.status == "shipped",
               Package.shipped_at >= start, Package.shipped_at < end)
        .order_by(Package.shipped_at, Package.id)).all()
    return printing.Manifest(
        carrier=carrier, warehouse=warehouse_address(wh), day=date.fromisoformat(day), generated_at=uow.now(),
        rows=tuple(printing.ManifestRow(p.tracking_number, p.sscc or "", o.external_ref, s.code, o.ship_to_name,
                                        o.ship_to_postal_code, o.ship_to_country, p.service,
                                        round((p.weight_g or 0) / 1000, 3)) for p, o, s in rows))


@dataclass(frozen=True)
class Document:
    """A print job's document: how it is read from the database, and the printing layout (by default the one of
    the same name) and page it prints on. Whether it can go to a Zebra as ZPL is the layout's to say."""

    name: str
    build: Callable
    layout_name: str = ""
    page: str | None = None   # None: the layout's first media
    layout: printing.Layout = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "layout", printing.layout(self.layout_name or self.name))
        self.layout.on(self.page)  # a page the layout has, or fail at import

    def media(self, params: dict | None = None) -> printing.Media:
        """What this job prints on: the page its params ask for ("page": "2x1"), else the document's."""
        return self.layout.on((params or {}).get("page") or self.page)


DOCUMENTS = {d.name: d for d in (
    Document("shipping_label", shipping_label),
    Document("return_label", return_label),
    Document("restock_label", restock_label, "product_label"),
    Document("packing_slip", packing_slip),
    Document("bin_labels", bin_labels, page="A4"),
    Document("evidence_pack", evidence_pack),
    Document("manifest", manifest),
)}


def build(uow: UnitOfWork, document: str, subject_id: int, params: dict | None = None,
          photos_dir: Path | None = None):
    """The document's data, read from the database (params but "page" go to its builder)."""
    wanted = {k: v for k, v in (params or {}).items() if k != "page"}
    return DOCUMENTS[document].build(uow, subject_id, photos_dir=photos_dir, **wanted)


def customs_pdf(uow: UnitOfWork, pkg: Package, order: Order, bought, request) -> bytes:
    """A CN23 / commercial invoice for a parcel whose carrier returned none (from the karrio request's lines)."""
    wh = uow.session.get(Warehouse, pkg.warehouse_id)
    items = tuple(CustomsItem(c.description, c.quantity, round(c.weight_g / 1000, 3),
                              f"{float(c.value) * c.quantity:.2f}", c.currency, c.hs_code, c.origin_country)
                  for c in request.customs)
    return render_customs_pdf(CustomsDeclaration(
        sender=warehouse_address(wh), addressee=buyer_address(order), items=items,
        tracking_number=bought.tracking_number, carrier=bought.carrier, invoice_number=order.external_ref,
        day=uow.now().date(), total_weight_kg=round((pkg.weight_g or 0) / 1000, 3)))
