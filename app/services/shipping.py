"""Hand-off at the dock: a scanned package leaves the building; the day's manifest per carrier."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.db import activity, ledger
from app.db.ledger import Move
from app.db.models import Order, OrderLine, Package, PackageLine, Seller, Stock, Warehouse
from app.db.uow import UnitOfWork
from app.domain.carriers import generic_tail, tracking_candidates
from app.domain.errors import WrongScan
from app.domain.roles import Actor, Permission
from app.domain.scanning import ScanKind, classify
from app.i18n import _
from app.i18n.formats import day_bounds, local_day
from app.services import commands, printjobs, transfers
from app.services.catalog import warehouse_by_code
from app.services.commands import audit
from app.services.views import refresh_order_status, special_location

if TYPE_CHECKING:
    from app.services.packing import PackingPolicy


@dataclass(frozen=True)
class Shipped:
    package_id: int
    order_ref: str
    tracking_number: str
    sscc: str
    carrier: str
    order_status: str
    message: str


def _find(uow: UnitOfWork, raw: str) -> Package | None:
    code = classify(raw)
    text = raw.strip().upper()
    if code.kind == ScanKind.PACKAGE and not code.sscc and code.value.isdigit():
        return uow.session.get(Package, int(code.value), with_for_update=True)
    value = code.sscc or text
    found = uow.session.execute(select(Package).where(
        (Package.sscc == value) | (Package.tracking_number.in_({text, *tracking_candidates(raw)})))
        .with_for_update()).scalar_one_or_none()
    tail = generic_tail(raw) if found is None else ""
    if tail:   # karrio's generic label: its barcode holds the last six characters; one verified box ends so
        found = uow.session.execute(select(Package).where(
            Package.carrier.like("generic%"), Package.status == "verified",
            Package.tracking_number.like(f"%{tail}")).with_for_update()).scalars().all()
        found = found[0] if len(found) == 1 else None
    return found


def ship(uow: UnitOfWork, actor: Actor, raw: str, key: str | None = None) -> Shipped:
    """Scan a verified package at the dock: it is shipped and its units leave the warehouse's stock."""
    actor.require(Permission.SHIP)

    def work(uow: UnitOfWork) -> Shipped:
        pkg = _find(uow, raw)
        if pkg is None:
            raise WrongScan(_("No package has that label."))
        order = uow.session.get(Order, pkg.order_id)
        if pkg.status == "shipped":
            raise WrongScan(_("Package {tracking} was shipped already.", tracking=pkg.tracking_number))
        if pkg.status != "verified":
            raise WrongScan(_("Package {n} of {ref} is not ready: its label was not verified at the bench.",
                              n=pkg.number, ref=order.external_ref))
        pack = special_location(uow, pkg.warehouse_id, "packing")
        transit = transfers.transit_location(uow, order)
        rows = uow.session.execute(select(PackageLine, OrderLine).join(
            OrderLine, OrderLine.id == PackageLine.order_line_id).where(PackageLine.package_id == pkg.id)
            .with_for_update(of=OrderLine)).all()
        for pl, line in rows:
            for lot, n in _lots_at(uow, pkg, line, pack.id, pl.quantity):
                ledger.apply(uow, Move(seller_id=pkg.seller_id, product_id=line.product_id, quantity=n,
                                       reason="ship", from_location_id=pack.id, to_location_id=transit, lot=lot,
                                       ref_type="package", ref_id=pkg.id, note=pkg.tracking_number or ""))
            line.quantity_shipped += pl.quantity
        pkg.status, pkg.shipped_at, pkg.shipped_by = "shipped", uow.now(), actor.user_id
        activity.count(uow, "ship", pkg.warehouse_id, user_id=actor.user_id)
        uow.session.flush()
        status = refresh_order_status(uow, order)
        transfers.after_shipping(uow, order)
        audit(uow, actor, "ship.shipped", "package", pkg.id, {"tracking": pkg.tracking_number, "order_status": status},
              seller_id=pkg.seller_id, order_id=order.id)
        return Shipped(pkg.id, order.external_ref, pkg.tracking_number or "", pkg.sscc or "", pkg.carrier, status,
                       _("Shipped: {tracking} ({ref}).", tracking=pkg.tracking_number, ref=order.external_ref))

    return commands.run(uow, actor, key, "ship.package", {"code": raw}, Shipped, work)


def _lots_at(uow: UnitOfWork, pkg: Package, line: OrderLine, pack_id: int, quantity: int) -> list[tuple[str, int]]:
    """Which lots at packing the shipped units come from (picks moved them there under their lot)."""
    rows = uow.session.execute(select(Stock.lot, Stock.quantity).where(
        Stock.seller_id == pkg.seller_id, Stock.product_id == line.product_id, Stock.location_id == pack_id,
        Stock.quantity > 0).order_by(Stock.expiry.is_(None), Stock.expiry, Stock.lot)).all()
    taken, left = [], quantity
    for lot, available in rows:
        if left <= 0:
            break
        n = min(left, available)
        taken.append((lot, n))
        left -= n
    return taken if left <= 0 else [*taken, ("", left)]  # the ledger refuses what is not there


@dataclass(frozen=True)
class ManifestRow:
    tracking_number: str
    sscc: str
    order_ref: str
    seller: str
    ship_to: str
    postal_code: str
    country: str
    service: str
    weight_g: int
    shipped_at: datetime


@dataclass(frozen=True)
class Dock:
    """What the dock screen works with: the site's carrier and the warehouses it ships from."""

    carrier: str
    warehouses: tuple[str, ...]


def dock(uow: UnitOfWork, actor: Actor, policy: PackingPolicy) -> Dock:
    actor.require(Permission.SHIP, Permission.SUPERVISE)
    with uow.reading() as uow:
        codes = uow.session.execute(select(Warehouse.code).order_by(Warehouse.code)).scalars()
        return Dock(policy.carrier.name, tuple(codes))


def manifest(uow: UnitOfWork, actor: Actor, warehouse: str, carrier: str, day: date | None = None
             ) -> list[ManifestRow]:
    """Every package of one carrier shipped from one warehouse on one day of the warehouse's own calendar
    (today there by default: a package shipped at 23:30 in Los Angeles is on that day's manifest)."""
    actor.require(Permission.SHIP, Permission.SUPERVISE)
    with uow.reading() as uow:
        tz = warehouse_by_code(uow, warehouse).timezone
        day = day or local_day(uow.now(), tz)
        start, end = day_bounds(day, tz)
        rows = uow.session.execute(
            select(Package, Order, Seller).join(Order, Order.id == Package.order_id)
            .join(Seller, Seller.id == Package.seller_id).join(Warehouse, Warehouse.id == Package.warehouse_id)
            .where(Warehouse.code == warehouse, Package.carrier == carrier, Package.status == "shipped",
                   Package.shipped_at >= start, Package.shipped_at < end)
            .order_by(Package.shipped_at, Package.id)).all()
        return [ManifestRow(p.tracking_number, p.sscc, o.external_ref, s.code, o.ship_to_name, o.ship_to_postal_code,
                            o.ship_to_country, p.service, p.weight_g or 0, p.shipped_at) for p, o, s in rows]


def manifest_job(uow: UnitOfWork, actor: Actor, warehouse: str, carrier: str, day: date | None = None,
                 key: str | None = None) -> printjobs.JobView:
    """The day's manifest as a printed document (PDF at /print/<id>.pdf, CSV at /print/<id>.csv)."""
    actor.require(Permission.SHIP, Permission.SUPERVISE)
    with uow:
        wh = warehouse_by_code(uow, warehouse)
        wh_id, day = wh.id, day or local_day(uow.now(), wh.timezone)
    return printjobs.browser_pdf(uow, actor, "manifest", "warehouse", wh_id,
                                 {"carrier": carrier, "day": day.isoformat()}, key=key)
