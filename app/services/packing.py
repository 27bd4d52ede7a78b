"""The pack bench: scan a tote, scan each unit into the carton, weigh, close, label, verify the label."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.db import activity
from app.db.models import (
    CartonType,
    Order,
    OrderLine,
    Package,
    PackageLine,
    Product,
    Seller,
    Station,
    Tote,
    Warehouse,
)
from app.db.uow import UnitOfWork
from app.devices import scale
from app.domain import packing as rules
from app.domain.carriers import choose_rate, label_matches, needs_customs
from app.domain.errors import DomainError, InvalidInput, NotFound, WrongScan
from app.domain.gs1 import make_sscc
from app.domain.picking import tote_name
from app.domain.quantities import check_quantity
from app.domain.roles import Actor, Permission
from app.domain.scales import ScaleProblem, parse_address
from app.domain.scanning import ScanKind, ScannedCode, matches, read
from app.i18n import _, formats
from app.services import commands, documents, labels, serials
from app.services.cancel import cancelled_notice
from app.services.carriers import BuiltInCarrier
from app.services.commands import audit
from app.services.exceptions import close_open, open_exception
from app.services.karrio import CarrierProblem, KarrioCarrier, Label
from app.services.printjobs import enqueue
from app.services.views import refresh_order_status


@dataclass(frozen=True)
class PackingPolicy:
    tolerance_pct: int = 10
    minimum_g: int = 50
    carrier: BuiltInCarrier | KarrioCarrier = BuiltInCarrier()


@dataclass(frozen=True)
class PackLine:
    line_no: int
    sku: str
    name: str
    gtin: str
    picked: int
    packed: int
    in_this_package: int


@dataclass(frozen=True)
class PackView:
    order_id: int
    order_ref: str
    seller: str
    ship_to: str
    service_level: str
    tote: str
    package_id: int | None
    package_number: int
    status: str  # open | held | awaiting_label | labelled | verified | none
    lines: tuple[PackLine, ...]
    carton: str
    suggested_carton: str
    expected_weight_g: int
    weight_g: int | None
    sscc: str
    tracking_number: str
    carrier: str
    service: str
    to_pack: int
    message: str
    label_problem: str = ""   # why the carrier did not sell the label yet (awaiting_label)
    international: bool = False


def _view(uow: UnitOfWork, order: Order, pkg: Package | None, message: str = "") -> PackView:
    rows = uow.session.execute(select(OrderLine, Product).join(Product, Product.id == OrderLine.product_id)
                               .where(OrderLine.order_id == order.id).order_by(OrderLine.line_no)).all()
    in_pkg = {} if pkg is None else dict(uow.session.execute(select(
        PackageLine.order_line_id, PackageLine.quantity).where(PackageLine.package_id == pkg.id)).all())
    lines = tuple(PackLine(l.line_no, p.sku, p.name, p.gtin or "", l.quantity_picked, l.quantity_packed,
                           in_pkg.get(l.id, 0)) for l, p in rows)
    items = [rules.Item(p.length_mm, p.width_mm, p.height_mm, p.weight_g, in_pkg[l.id]) for l, p in rows
             if in_pkg.get(l.id)]
    cartons = _cartons(uow)
    suggested = rules.suggest_carton(items, cartons)
    seller = uow.session.get(Seller, order.seller_id)
    tote = uow.session.execute(select(Tote.code).where(Tote.order_id == order.id)).scalars().first() or ""
    carton = pkg.carton_type if pkg and pkg.carton_type else ""
    return PackView(
        order.id, order.external_ref, seller.code, order.ship_to_name, order.service_level, tote,
        pkg.id if pkg else None, pkg.number if pkg else 0, pkg.status if pkg else "none", lines, carton or "",
        suggested.code if suggested else "", _expected(uow, pkg, carton or (suggested.code if suggested else "")),
        pkg.weight_g if pkg else None, (pkg.sscc or "") if pkg else "", (pkg.tracking_number or "") if pkg else "",
        pkg.carrier if pkg else "", pkg.service if pkg else "",
        sum(l.picked - l.packed for l in lines), message, (pkg.label_problem or "") if pkg else "",
        needs_customs(uow.session.get(Warehouse, order.warehouse_id).country, order.ship_to_country),
    )


def view_of(uow: UnitOfWork, order: Order, pkg: Package | None, message: str = "") -> PackView:
    """The bench's view of an order and its package (read in the caller's transaction)."""
    return _view(uow, order, pkg, message)


def smallest_carton(uow: UnitOfWork) -> str:
    """The smallest active carton (for a box whose items have no sizes to suggest one)."""
    return uow.session.execute(select(CartonType.code).where(CartonType.active.is_(True)).order_by(
        CartonType.length_mm * CartonType.width_mm * CartonType.height_mm)).scalars().first() or ""


def package_of(uow: UnitOfWork, package_id: int) -> tuple[Package, Order]:
    """A package, locked for the command, and its order; a cancelled order is refused with its notice."""
    return _package(uow, package_id)


def _cartons(uow: UnitOfWork) -> list[rules.Carton]:
    return [rules.Carton(c.code, c.length_mm, c.width_mm, c.height_mm, c.tare_g, c.max_weight_g)
            for c in uow.session.execute(select(CartonType).where(CartonType.active.is_(True))).scalars()]


def _expected(uow: UnitOfWork, pkg: Package | None, carton_code: str) -> int:
    """Items' weight plus the carton's own weight."""
    if pkg is None:
        return 0
    items = uow.session.execute(
        select(func.coalesce(func.sum(PackageLine.quantity * Product.weight_g), 0))
        .join(OrderLine, OrderLine.id == PackageLine.order_line_id).join(Product, Product.id == OrderLine.product_id)
        .where(PackageLine.package_id == pkg.id)).scalar_one()
    carton = uow.session.get(CartonType, carton_code) if carton_code else None
    return int(items) + (carton.tare_g if carton else 0)


def open_package(uow: UnitOfWork, actor: Actor, order: Order, tote: str) -> Package:
    """The order's package on the bench (open or held), or a new one."""
    pkg = uow.session.execute(select(Package).where(
        Package.order_id == order.id, Package.status.in_(rules.ON_BENCH))
        .order_by(Package.id)).scalars().first()
    if pkg is not None:
        return pkg
    number = uow.session.execute(select(func.count(Package.id)).where(Package.order_id == order.id)).scalar_one() + 1
    pkg = Package(order_id=order.id, seller_id=order.seller_id, warehouse_id=order.warehouse_id, number=number,
                  tote=tote, packer_id=actor.user_id, station_id=actor.station_id, created_at=uow.now())
    uow.session.add(pkg)
    uow.session.flush()
    audit(uow, actor, "pack.package_opened", "package", pkg.id, {"order": order.external_ref, "number": number},
          seller_id=order.seller_id, order_id=order.id)
    return pkg


def _package(uow: UnitOfWork, package_id: int) -> tuple[Package, Order]:
    pkg = uow.session.get(Package, package_id, with_for_update=True)
    if pkg is None:
        raise NotFound(_("No such package."))
    order = uow.session.get(Order, pkg.order_id)
    if order.status == "cancelled":   # cancelled while on the bench: the packer is told at the next scan
        raise WrongScan(cancelled_notice(uow, order))
    return pkg, order


def start(uow: UnitOfWork, actor: Actor, tote_code: ScannedCode | str, key: str | None = None) -> PackView:
    """Scan a tote at the bench: its order and the package being packed."""
    actor.require(Permission.PACK)
    code = read(tote_code)

    def work(uow: UnitOfWork) -> PackView:
        if code.kind != ScanKind.TOTE:
            raise WrongScan(_("Scan a tote (TOTE- label) to start packing."))
        tote = uow.session.get(Tote, tote_name(code), with_for_update=True)
        order = uow.session.get(Order, tote.order_id) if tote is not None and tote.order_id else None
        if order is not None and order.status == "cancelled":
            raise WrongScan(cancelled_notice(uow, order))
        if tote is None or order is None or tote.status != "to_pack":
            raise WrongScan(_("Tote {tote} holds nothing to pack.", tote=tote_name(code)))
        pkg = open_package(uow, actor, order, tote.code)
        refresh_order_status(uow, order)
        return _view(uow, order, pkg, _("Order {ref}: scan each unit into the carton.", ref=order.external_ref))

    return commands.run(uow, actor, key, "pack.start", {"tote": code.raw}, PackView, work)


def pack_item(uow: UnitOfWork, actor: Actor, package_id: int, raw: ScannedCode | str, *, quantity: int = 1,
              key: str | None = None) -> PackView:
    """One scanned unit (or `quantity` of them) into the open package; a unit not in the order is refused."""
    actor.require(Permission.PACK)
    check_quantity(quantity)
    code = read(raw)

    def work(uow: UnitOfWork) -> PackView:
        pkg, order = _package(uow, package_id)
        if pkg.status != "open":
            raise WrongScan(_("This package is closed; open a new one for more units."))
        if not code.ok:
            raise WrongScan(code.message)
        product = put_units(uow, actor, pkg, order, code, quantity)
        return _view(uow, order, pkg, _("{n} x {product} packed.", n=quantity, product=product.name))

    return commands.run(uow, actor, key, "pack.item", {"package": package_id, "code": code.raw, "quantity": quantity},
                        PackView, work)


def put_units(uow: UnitOfWork, actor: Actor, pkg: Package, order: Order, code: ScannedCode, quantity: int) -> Product:
    """`quantity` scanned units of the order into its open package (the product they are), or WrongScan."""
    rows = uow.session.execute(select(OrderLine, Product).join(Product, Product.id == OrderLine.product_id)
                               .where(OrderLine.order_id == order.id).with_for_update(of=OrderLine)).all()
    hits = [(line, p) for line, p in rows if matches(p, code)]
    if not hits:
        raise WrongScan(_("Not in this order. Put it aside for the supervisor."))
    line, product = next(((l, p) for l, p in hits if l.quantity_picked - l.quantity_packed > 0), hits[0])
    left = line.quantity_picked - line.quantity_packed
    if left <= 0:
        raise WrongScan(_("All picked units of {product} are packed already.", product=product.name))
    if quantity > left:
        raise WrongScan(_("Too many: only {n} more of {product} to pack.", n=left, product=product.name))
    pl = uow.session.execute(select(PackageLine).where(
        PackageLine.package_id == pkg.id, PackageLine.order_line_id == line.id)).scalar_one_or_none()
    if pl is None:
        uow.session.add(PackageLine(package_id=pkg.id, order_line_id=line.id, seller_id=order.seller_id,
                                    quantity=quantity))
    else:
        pl.quantity += quantity
    line.quantity_packed += quantity
    uow.session.flush()
    audit(uow, actor, "pack.packed", "package", pkg.id, {"sku": product.sku, "quantity": quantity},
          seller_id=order.seller_id, order_id=order.id)
    refresh_order_status(uow, order)
    return product


def close(uow: UnitOfWork, actor: Actor, policy: PackingPolicy, package_id: int, carton: str, weight_g: int,
          key: str | None = None) -> PackView:
    """Weigh and close: a believable weight gets its SSCC, tracking number and label; else it is held."""
    actor.require(Permission.PACK)
    if isinstance(weight_g, bool) or not isinstance(weight_g, int) or not 1 <= weight_g <= 70_000:
        raise InvalidInput(_("Type the weight in grams (1 to 70000)."), {"weight_g": "1-70000"})

    def work(uow: UnitOfWork) -> PackView:
        pkg, order = _package(uow, package_id)
        if pkg.status != "open":
            raise WrongScan(_("This package is already closed."))
        if uow.session.get(CartonType, carton) is None:
            raise InvalidInput(_("Unknown carton {code}.", code=carton), {"carton": "a carton type"})
        if not uow.session.execute(select(PackageLine.id).where(PackageLine.package_id == pkg.id)).first():
            raise WrongScan(_("The package is empty: scan the units into it first."))
        return close_package(uow, actor, policy, pkg, order, carton, weight_g)

    view = commands.run(uow, actor, key, "pack.close", {"package": package_id, "carton": carton, "weight": weight_g},
                        PackView, work)
    if view.status == "awaiting_label":   # the label comes from the carrier, bought after the close committed
        return buy_label(uow, actor, policy, package_id, key=f"{key}:label" if key else None)
    return view


def close_package(uow: UnitOfWork, actor: Actor, policy: PackingPolicy, pkg: Package, order: Order, carton: str,
                  weight_g: int) -> PackView:
    """Carton and weight on the package: held outside the tolerance, else labelled (SSCC, tracking, label), or
    awaiting its label when a carrier sells it (the caller buys it with buy_label after this commits)."""
    pkg.carton_type, pkg.weight_g = carton, weight_g
    pkg.expected_weight_g = _expected(uow, pkg, carton)
    check = rules.check_weight(pkg.expected_weight_g, weight_g, policy.tolerance_pct, policy.minimum_g)
    if not check.ok:
        pkg.status = "held"
        units = uow.session.get(Warehouse, pkg.warehouse_id).units   # the bench's own: lb/oz or g/kg
        open_exception(uow, actor, "weight_mismatch",
                       _("Package {n} of order {ref} weighs {actual}, expected {expected} (±{allowed}).",
                         n=pkg.number, ref=order.external_ref, actual=formats.weight(weight_g, units),
                         expected=formats.weight(check.expected_g, units),
                         allowed=formats.weight(check.allowed_g, units)),
                       warehouse_id=pkg.warehouse_id, order_id=order.id, package_id=pkg.id, ref=order.external_ref,
                       detail={"expected_g": check.expected_g, "actual_g": weight_g})
        audit(uow, actor, "pack.held", "package", pkg.id, {"expected_g": check.expected_g, "actual_g": weight_g},
              seller_id=order.seller_id, order_id=order.id)
        return _view(uow, order, pkg, _("Weight is off by {diff}: package held for the supervisor.",
                                        diff=formats.weight(check.difference_g, units)))
    _label(uow, actor, policy, pkg, order)
    return _view(uow, order, pkg, _("Label printing. Stick it on and scan it."))


def _label(uow: UnitOfWork, actor: Actor, policy: PackingPolicy, pkg: Package, order: Order) -> None:
    """Allocate the SSCC and tracking number once, and queue the shipping label and packing slip; with a
    carrier bought through karrio the box waits as awaiting label (buy_label, after this commits)."""
    wh = uow.session.get(Warehouse, pkg.warehouse_id)
    if pkg.sscc is None:
        pkg.sscc = make_sscc(0, wh.gs1_company_prefix, serials.take(uow, f"sscc:{wh.gs1_company_prefix}"))
    if getattr(policy.carrier, "buys_labels", False) and pkg.tracking_number is None:
        pkg.status, pkg.closed_at, pkg.label_problem = "awaiting_label", uow.now(), ""
        activity.count(uow, "pack", pkg.warehouse_id, user_id=pkg.packer_id)
        uow.session.flush()
        audit(uow, actor, "pack.awaiting_label", "package", pkg.id, {"sscc": pkg.sscc, "weight_g": pkg.weight_g},
              seller_id=order.seller_id, order_id=order.id)
        return
    if pkg.tracking_number is None:
        consignment = policy.carrier.consign(uow, wh.code, wh.country, order.service_level)
        pkg.carrier, pkg.service, pkg.tracking_number = (consignment.carrier, consignment.service,
                                                          consignment.tracking_number)
    pkg.status, pkg.closed_at = "labelled", uow.now()
    activity.count(uow, "pack", pkg.warehouse_id, user_id=pkg.packer_id)
    uow.session.flush()
    enqueue(uow, actor, "shipping_label", "package", pkg.id)
    enqueue(uow, actor, "packing_slip", "package", pkg.id)
    audit(uow, actor, "pack.labelled", "package", pkg.id,
          {"sscc": pkg.sscc, "tracking": pkg.tracking_number, "weight_g": pkg.weight_g},
          seller_id=order.seller_id, order_id=order.id)


def release_hold(uow: UnitOfWork, actor: Actor, policy: PackingPolicy, package_id: int, note: str,
                 key: str | None = None) -> PackView:
    """A supervisor checked a held package and lets it go on: it gets its label."""
    actor.require(Permission.SUPERVISE)
    if not (note or "").strip():
        raise InvalidInput(_("Say what you checked."), {"note": "required"})

    def work(uow: UnitOfWork) -> PackView:
        pkg, order = _package(uow, package_id)
        if pkg.status != "held":
            raise DomainError(_("This package is not held."))
        _label(uow, actor, policy, pkg, order)
        close_open(uow, actor, note, package_id=pkg.id)   # the weight mismatch that held it
        audit(uow, actor, "pack.hold_released", "package", pkg.id, {"note": note},
              seller_id=order.seller_id, order_id=order.id)
        return _view(uow, order, pkg, _("Released: the label is printing."))

    view = commands.run(uow, actor, key, "pack.release_hold", {"package": package_id, "note": note}, PackView, work)
    if view.status == "awaiting_label":
        return buy_label(uow, actor, policy, package_id, key=f"{key}:label" if key else None)
    return view


def buy_label(uow: UnitOfWork, actor: Actor, policy: PackingPolicy, package_id: int, service: str = "",
              key: str | None = None) -> PackView:
    """Buy the carrier's label for a box awaiting it (after Close box, or Retry / another service).

    Three steps, the carrier's call outside any transaction: read what to send; ask karrio (rates, then
    buy the chosen service, or `service` when the packer chose one); keep the label (one command) or the
    reason it was refused (the box stays awaiting label, on the board). Never shipped without a label."""
    actor.require(Permission.PACK, Permission.SUPERVISE)
    carrier = policy.carrier
    if not getattr(carrier, "buys_labels", False):
        raise DomainError(_("This site's carrier makes its labels itself: nothing to buy."))
    with uow.reading() as reading:
        pkg, order = _package(reading, package_id)
        if pkg.status != "awaiting_label":
            return _view(reading, order, pkg, _("This box has its label already.") if pkg.tracking_number
                         else _("This box is not waiting for a label."))
        request = labels.request_for(reading, pkg, fmt=labels.label_format(reading, actor.station_id),
                                     service=service)
    try:
        chosen = service
        if not chosen:
            rate = choose_rate(carrier.rates(request), request.days_left, request.fixed_service)
            if rate is None:
                raise CarrierProblem(_("The carrier offers no service for this parcel (seller's choice {service})."
                                       , service=request.fixed_service) if request.fixed_service
                                     else _("The carrier offers no service for this parcel."))
            chosen = rate.service
        bought: Label | None = carrier.buy(request, chosen)
        problem = ""
    except CarrierProblem as exc:
        bought, problem = None, exc.message

    def work(uow: UnitOfWork) -> PackView:
        pkg, order = _package(uow, package_id)
        if pkg.status != "awaiting_label":   # a retry that crossed another one: keep the first label
            return _view(uow, order, pkg, _("This box has its label already."))
        if bought is None:
            labels.failed(uow, actor, pkg, order, problem)
            return _view(uow, order, pkg, problem)
        customs_pdf = b""
        if request.customs and not bought.customs_document:
            customs_pdf = customs_form(uow, pkg, order, bought, request)
        labels.store(uow, actor, pkg, order, bought, customs_pdf)
        return _view(uow, order, pkg, _("Label printing. Stick it on and scan it."))

    view = commands.run(uow, actor, key, "pack.buy_label", {"package": package_id, "service": service,
                                                            "tracking": bought.tracking_number if bought else "",
                                                            "problem": problem}, PackView, work)
    if bought is not None and view.tracking_number != bought.tracking_number and bought.shipment_id:
        carrier.cancel(bought.shipment_id)   # bought twice by crossing retries: void the second label
    return view


def customs_form(uow: UnitOfWork, pkg: Package, order: Order, bought: Label, request) -> bytes:
    """A CN23 / commercial invoice PDF for a parcel the carrier returned no customs document for."""
    return documents.customs_pdf(uow, pkg, order, bought, request)


def label_services(uow: UnitOfWork, actor: Actor, policy: PackingPolicy, package_id: int) -> tuple[str, ...]:
    """The services the carrier offers for a box awaiting its label (for "another service"); () when karrio
    does not answer."""
    actor.require(Permission.PACK, Permission.SUPERVISE)
    if not getattr(policy.carrier, "buys_labels", False):
        return ()
    with uow.reading() as reading:
        pkg, _order = _package(reading, package_id)
        request = labels.request_for(reading, pkg)
    try:
        return tuple(dict.fromkeys(r.service for r in sorted(policy.carrier.rates(request), key=lambda r: r.amount)))
    except CarrierProblem:
        return ()


def verify_label(uow: UnitOfWork, actor: Actor, package_id: int, raw: ScannedCode | str,
                 key: str | None = None) -> PackView:
    """Scan the label just stuck on the box: it must be this package's, or it is the wrong label."""
    actor.require(Permission.PACK)
    code = read(raw)

    def work(uow: UnitOfWork) -> PackView:
        pkg, order = _package(uow, package_id)
        return verify_package(uow, actor, pkg, order, code)

    return commands.run(uow, actor, key, "pack.verify", {"package": package_id, "code": code.raw}, PackView, work)


def verify_package(uow: UnitOfWork, actor: Actor, pkg: Package, order: Order, code: ScannedCode) -> PackView:
    """The label scanned on the box must be this package's: verified, or the wrong label refused."""
    if pkg.status != "labelled":
        raise WrongScan(_("This package is not waiting for its label scan."))
    if not (code.sscc == pkg.sscc or label_matches(code.raw, tracking=pkg.tracking_number or "",
                                                      sscc=pkg.sscc or "", carrier=pkg.carrier)):
        raise WrongScan(_("Wrong label! This box needs the label with tracking {tracking}.",
                          tracking=pkg.tracking_number))
    pkg.status = "verified"
    _after_package(uow, order)
    audit(uow, actor, "pack.label_verified", "package", pkg.id, seller_id=order.seller_id, order_id=order.id)
    left = sum(l.quantity_picked - l.quantity_packed for l in order.lines)
    return _view(uow, order, pkg, _("Label OK. Put the box on the dock.") if not left else
                 _("Label OK. {n} more units of this order: start another box.", n=left))


def _after_package(uow: UnitOfWork, order: Order) -> None:
    """When every picked unit is packed the tote is free again."""
    uow.session.flush()
    if all(l.quantity_picked == l.quantity_packed for l in order.lines):
        for tote in uow.session.execute(select(Tote).where(Tote.order_id == order.id)).scalars():
            tote.status, tote.order_id, tote.task_id, tote.updated_at = "empty", None, None, uow.now()
    refresh_order_status(uow, order)


def new_package(uow: UnitOfWork, actor: Actor, order_id: int, key: str | None = None) -> PackView:
    """Another box for the same order (units left that did not fit)."""
    actor.require(Permission.PACK)

    def work(uow: UnitOfWork) -> PackView:
        order = uow.session.get(Order, order_id, with_for_update=True)
        if order is None:
            raise NotFound(_("No such order."))
        if not any(l.quantity_picked > l.quantity_packed for l in order.lines):
            raise WrongScan(_("Every picked unit of this order is packed."))
        busy = uow.session.execute(select(Package.id).where(
            Package.order_id == order.id, Package.status.in_(rules.ON_BENCH))).first()
        if busy:
            raise WrongScan(_("Finish the box on the bench first (close it and scan its label)."))
        tote = uow.session.execute(select(Tote.code).where(Tote.order_id == order.id)).scalars().first() or ""
        pkg = open_package(uow, actor, order, tote)
        return _view(uow, order, pkg, _("Box {n} open: scan the units into it.", n=pkg.number))

    return commands.run(uow, actor, key, "pack.new_package", {"order": order_id}, PackView, work)


def pack_view(uow: UnitOfWork, actor: Actor, package_id: int) -> PackView:
    actor.require(Permission.PACK, Permission.SUPERVISE)
    with uow.reading() as uow:
        pkg, order = _package(uow, package_id)
        return _view(uow, order, pkg)


@dataclass(frozen=True)
class CartonChoice:
    code: str
    name: str


def carton_types(uow: UnitOfWork) -> tuple[CartonChoice, ...]:
    """The cartons the site packs into, smallest first."""
    with uow.reading() as uow:
        return tuple(CartonChoice(c.code, c.name) for c in uow.session.execute(
            select(CartonType).where(CartonType.active.is_(True))
            .order_by(CartonType.length_mm * CartonType.width_mm * CartonType.height_mm)).scalars())


def my_open_package(uow: UnitOfWork, actor: Actor) -> PackView | None:
    """The box this packer left on the bench (open, held, awaiting its label or its label scan), after a reload."""
    actor.require(Permission.PACK)
    with uow.reading() as uow:
        pkg = uow.session.execute(select(Package).where(
            Package.packer_id == actor.user_id, Package.status.in_(rules.ON_BENCH))
            .order_by(Package.id.desc()).limit(1)).scalars().first()
        return None if pkg is None else _view(uow, uow.session.get(Order, pkg.order_id), pkg,
                                              _("Box {n} of order {ref} is still on your bench.", n=pkg.number,
                                                ref=uow.session.get(Order, pkg.order_id).external_ref))


class ScaleNotRead(DomainError):
    code = "scale_not_read"


def scale_of(uow: UnitOfWork, actor: Actor) -> str:
    """The bench scale of the packer's station (`host:port`), or "" when it has none."""
    actor.require(Permission.PACK)
    if actor.station_id is None:
        return ""
    with uow.reading() as uow:
        return uow.session.execute(select(Station.scale).where(Station.id == actor.station_id)).scalar() or ""


def weigh(uow: UnitOfWork, actor: Actor, *, timeout: float = 3.0) -> int:
    """The box's weight in grams from the station's scale, or ScaleNotRead saying what to do (type it).

    Only a reading: nothing is written (the weight is recorded by `close`, typed or read)."""
    address = scale_of(uow, actor)
    if not address:
        raise ScaleNotRead(_("This bench has no scale set up. Type the weight."))
    try:
        return scale.weigh(parse_address(address), timeout=timeout)
    except ScaleProblem as exc:
        raise ScaleNotRead(exc.message) from None
    except scale.ScaleUnreachable:
        raise ScaleNotRead(_("The scale at {address} does not answer. Type the weight, and tell a supervisor.",
                             address=address)) from None
