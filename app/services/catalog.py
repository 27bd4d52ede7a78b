"""Looking up the things people name by code: sellers, products, locations, warehouses."""

from __future__ import annotations

from sqlalchemy import select

from app.db.models import Location, Product, Seller, Warehouse
from app.db.uow import UnitOfWork
from app.domain.codes import LOCATION
from app.domain.errors import NotFound
from app.i18n import _


def seller_by_code(uow: UnitOfWork, code: str) -> Seller:
    seller = uow.session.execute(select(Seller).where(Seller.code == code)).scalar_one_or_none()
    if seller is None:
        raise NotFound(_("No seller {code}.", code=repr(code)), field="seller")
    return seller


def warehouse_by_code(uow: UnitOfWork, code: str) -> Warehouse:
    wh = uow.session.execute(select(Warehouse).where(Warehouse.code == code)).scalar_one_or_none()
    if wh is None:
        raise NotFound(_("No warehouse {code}.", code=repr(code)), field="warehouse")
    return wh


def location_by_code(uow: UnitOfWork, code: str) -> Location:
    code = (code or "").strip().upper()
    if code.startswith(LOCATION):
        code = code[len(LOCATION):]
    loc = uow.session.execute(select(Location).where(Location.code == code)).scalar_one_or_none()
    if loc is None or not loc.active:
        raise NotFound(_("No location {code}.", code=repr(code)), field="location")
    return loc


def product_of_seller(uow: UnitOfWork, seller_id: int, sku_or_gtin: str) -> Product:
    """A seller's product by SKU or GTIN; another seller's SKU is not found for this seller."""
    key = (sku_or_gtin or "").strip()
    product = uow.session.execute(
        select(Product).where(Product.seller_id == seller_id, Product.sku == key)
    ).scalar_one_or_none()
    if product is None and key.isdigit():
        product = uow.session.execute(
            select(Product).where(Product.seller_id == seller_id,
                                  Product.gtin.in_({key, key.zfill(14), key.lstrip("0")}))
        ).scalars().first()
    if product is None:
        raise NotFound(_("This seller has no product {key}.", key=repr(key)), field="sku")
    return product


def all_warehouse_codes(uow: UnitOfWork) -> list[str]:
    with uow.reading() as uow:
        return list(uow.session.execute(select(Warehouse.code).order_by(Warehouse.code)).scalars())
