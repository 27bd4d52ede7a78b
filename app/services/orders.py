"""Order intake (API and CSV share one path), order views, and allocation to the seller's own stock."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.db.models import Order, OrderLine, Package, PackageLine, Product, Seller, Warehouse
from app.db.uow import UnitOfWork
from app.domain.addresses import check_ship_to
from app.domain.errors import InvalidInput, NotFound
from app.domain.languages import buyer_language
from app.domain.orders import OrderIn, as_utc, check_order, clean_text
from app.domain.roles import Actor, Permission
from app.i18n import _
from app.services import commands
from app.services.commands import audit


@dataclass(frozen=True)
class OrderLineView:
    line_no: int
    sku: str
    name: str
    quantity: int
    allocated: int
    picked: int
    packed: int
    shipped: int


@dataclass(frozen=True)
class PackageSummary:
    number: int
    status: str
    sscc: str | None
    carrier: str
    service: str
    tracking_number: str | None
    weight_g: int | None
    shipped_at: datetime | None
    contents: dict[str, int]


@dataclass(frozen=True)
class OrderView:
    id: int
    seller: str
    external_ref: str
    status: str
    warehouse: str
    service_level: str
    ship_by: datetime
    ship_to: dict
    lines: tuple[OrderLineView, ...]
    created_at: datetime
    packages: tuple[PackageSummary, ...] = ()


def order_view(uow: UnitOfWork, order: Order) -> OrderView:
    seller = uow.session.get(Seller, order.seller_id)
    wh = uow.session.get(Warehouse, order.warehouse_id)
    rows = uow.session.execute(
        select(OrderLine, Product).join(Product, Product.id == OrderLine.product_id)
        .where(OrderLine.order_id == order.id).order_by(OrderLine.line_no)
    ).all()
    lines = tuple(OrderLineView(l.line_no, p.sku, p.name, l.quantity, l.quantity_allocated,
                                l.quantity_picked, l.quantity_packed, l.quantity_shipped)
                  for l, p in rows)
    ship_to = {"name": order.ship_to_name, "company": order.ship_to_company,
               "lines": list(order.ship_to_lines), "city": order.ship_to_city,
               "region": order.ship_to_region, "postal_code": order.ship_to_postal_code,
               "country": order.ship_to_country, "phone": order.ship_to_phone,
               "email": order.ship_to_email, "language": order.ship_to_language}
    return OrderView(order.id, seller.code, order.external_ref, order.status, wh.code,
                     order.service_level, order.ship_by, ship_to, lines, order.created_at, _packages(uow, order))


def _packages(uow: UnitOfWork, order: Order) -> tuple[PackageSummary, ...]:
    out = []
    for pkg in uow.session.execute(select(Package).where(Package.order_id == order.id, Package.status != "cancelled")
                                   .order_by(Package.number)).scalars():
        contents = dict(uow.session.execute(
            select(Product.sku, PackageLine.quantity).join(OrderLine, OrderLine.id == PackageLine.order_line_id)
            .join(Product, Product.id == OrderLine.product_id).where(PackageLine.package_id == pkg.id)).all())
        out.append(PackageSummary(pkg.number, pkg.status, pkg.sscc, pkg.carrier, pkg.service, pkg.tracking_number,
                                  pkg.weight_g, pkg.shipped_at, contents))
    return tuple(out)


def _add_order(uow: UnitOfWork, seller: Seller, data: OrderIn,
               source: str) -> tuple[Order | None, dict[str, str]]:
    """Check one order against the database and add it; field errors come back instead."""
    errors = check_order(data)
    ship_to, address_errors = check_ship_to(data.ship_to) if not any(
        k.startswith("ship_to") for k in errors) else (data.ship_to, {})
    errors.update(address_errors)
    wh = uow.session.execute(select(Warehouse).where(Warehouse.code == data.warehouse)).scalar_one_or_none()
    if wh is None and "warehouse" not in errors:
        errors["warehouse"] = _("no warehouse {warehouse}", warehouse=repr(data.warehouse))
    products: list[Product | None] = []
    for i, line in enumerate(data.lines):
        product = None
        if isinstance(line.sku, str) and line.sku:
            product = uow.session.execute(select(Product).where(
                Product.seller_id == seller.id, Product.sku == line.sku)).scalar_one_or_none()
            if product is None and f"lines[{i}].sku" not in errors:
                errors[f"lines[{i}].sku"] = _("{code} has no product with SKU {sku}",
                                               code=seller.code, sku=repr(line.sku))
        products.append(product)
    ref = data.external_ref
    if isinstance(ref, str) and ref and uow.session.execute(select(Order.id).where(
            Order.seller_id == seller.id, Order.external_ref == ref)).first():
        errors["external_ref"] = _("order {ref} already exists", ref=repr(ref))
    if errors:
        return None, errors
    a = ship_to
    order = Order(
        seller_id=seller.id, warehouse_id=wh.id, external_ref=clean_text(ref), status="open",
        service_level=data.service_level, ship_by=as_utc(data.ship_by),
        ship_to_name=clean_text(a.name), ship_to_company=clean_text(a.company),
        ship_to_lines=[clean_text(x) for x in a.lines if clean_text(x)],
        ship_to_city=clean_text(a.city), ship_to_region=clean_text(a.region),
        ship_to_postal_code=clean_text(a.postal_code), ship_to_country=a.country,
        ship_to_phone=clean_text(a.phone), ship_to_email=clean_text(a.email),
        ship_to_language=buyer_language(a.language), source=source, created_at=uow.now(),
    )
    uow.session.add(order)
    uow.session.flush()
    for n, (line, product) in enumerate(zip(data.lines, products), start=1):
        uow.session.add(OrderLine(order_id=order.id, seller_id=seller.id, line_no=n,
                                  product_id=product.id, quantity=line.quantity,
                                  declared_value=line.declared_value,
                                  currency=line.currency or None if line.declared_value is not None else None))
    uow.session.flush()
    return order, {}


def _seller_for(uow: UnitOfWork, actor: Actor, seller_code: str | None) -> Seller:
    if actor.kind == "seller":
        return uow.session.get(Seller, actor.seller_id)
    if not seller_code:
        raise InvalidInput(_("Say which seller the order belongs to."), {"seller": "required"})
    seller = uow.session.execute(select(Seller).where(Seller.code == seller_code)).scalar_one_or_none()
    if seller is None:
        raise InvalidInput(_("No seller {code}.", code=repr(seller_code)), {"seller": "unknown seller"})
    return seller


def accept_order(uow: UnitOfWork, actor: Actor, data: OrderIn, *, seller: str | None = None,
                 key: str | None = None) -> OrderView:
    """Accept one order from the shop; re-sending the same order returns it, not a copy."""
    actor.require(Permission.ORDER_INTAKE)
    who = f"seller:{actor.seller_id}" if actor.kind == "seller" else f"code:{seller}"
    # the whole reference counts: two orders whose references share a long prefix are two orders
    key = key or "order:" + hashlib.sha256(f"{who}\0{data.external_ref}".encode()).hexdigest()[:48]

    def work(uow: UnitOfWork) -> OrderView:
        s = _seller_for(uow, actor, seller)
        order, errors = _add_order(uow, s, data, "api")
        if errors:
            raise InvalidInput(_("The order was not accepted; see the fields."), errors)
        audit(uow, actor, "order.accepted", "order", order.id,
              {"external_ref": order.external_ref, "lines": len(data.lines)}, seller_id=s.id)
        return order_view(uow, order)

    return commands.run(uow, actor, key, "order.accept", {"seller": who, "order": data},
                        OrderView, work)


def get_order(uow: UnitOfWork, actor: Actor, order_id: int) -> OrderView:
    """One order as the shop sees it; a seller sees only its own orders."""
    with uow.reading() as uow:
        order = uow.session.get(Order, order_id)
        if order is None or (actor.kind == "seller" and order.seller_id != actor.seller_id):
            raise NotFound(_("No order {id}.", id=order_id))
        if actor.kind == "user":
            actor.require(Permission.SUPERVISE, Permission.PICK, Permission.PACK, Permission.RETURNS)
        return order_view(uow, order)


# the CSV import (checked whole, written in chunks) lives in app/services/order_import.py
from app.services.order_import import ImportResult, import_orders  # noqa: E402, F401
