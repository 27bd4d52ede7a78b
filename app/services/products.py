"""A seller's catalogue: products created or changed one at a time (PUT), a thousand at a time (batch), or
from a CSV file of 100,000 rows in chunks; read one, list them by cursor, search them (the admin screen).

The same product sent again changes nothing (not even its updated_at), so every way in is idempotent by
the SKU; a SKU twice in one request, a GTIN another SKU holds, a wrong check digit: refused, nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime

from sqlalchemy import bindparam, insert, or_, select, update

from app.db.models import Product, Seller
from app.db.uow import UnitOfWork
from app.domain.catalogue import ProductIn, check_product, normal_un
from app.domain.csv_table import Row, where, whole_number, yes_no
from app.domain.errors import InvalidInput, NotFound
from app.domain.roles import Actor, Permission
from app.i18n import _, n_
from app.services import commands
from app.services.catalog import seller_by_code
from app.services.chunks import chunked, digest, done_chunks, run_chunks
from app.services.commands import AUDIT_ROW, audit_params
from app.services.listing import Listed, Position, page_of

PRODUCTS = Product.__table__
FIELDS = tuple(f.name for f in fields(ProductIn) if f.name != "sku")
CSV_REQUIRED = ("sku", "name")
CSV_OPTIONAL = ("gtin", "weight_g", "length_mm", "width_mm", "height_mm", "hazmat_un", "track_lot", "track_expiry",
                "track_serial", "hs_code", "country_of_origin")
CHUNK_PRODUCTS = 1000
MAX_BATCH = 1000
BATCH = 500


@dataclass(frozen=True)
class ProductView:
    sku: str
    seller: str
    name: str
    gtin: str | None
    weight_g: int
    length_mm: int
    width_mm: int
    height_mm: int
    hazmat_un: str | None
    track_lot: bool
    track_expiry: bool
    track_serial: bool
    hs_code: str | None
    country_of_origin: str | None
    return_rules: dict | None
    active: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Saved:
    created: int
    updated: int
    unchanged: int
    chunks: int = 0   # a CSV import: how many chunks, and how many an earlier run of the same file wrote
    before: int = 0


@dataclass(frozen=True)
class PutResult:
    product: ProductView
    created: bool
    changed: bool


def _view(p: Product, seller: str) -> ProductView:
    return ProductView(p.sku, seller, p.name, p.gtin, p.weight_g, p.length_mm, p.width_mm, p.height_mm, p.hazmat_un,
                       p.track_lot, p.track_expiry, p.track_serial, p.hs_code, p.country_of_origin, p.return_rules,
                       p.active, p.created_at, p.updated_at)


def _blank(v: str | None) -> str | None:
    return v.strip() or None if isinstance(v, str) else v


def normalised(p: ProductIn) -> ProductIn:
    """Blank optional text as None, a UN number as UN1234, codes in upper case."""
    country = _blank(p.country_of_origin)
    return replace(p, sku=p.sku.strip() if isinstance(p.sku, str) else p.sku, gtin=_blank(p.gtin),
                   hazmat_un=normal_un(_blank(p.hazmat_un)), hs_code=_blank(p.hs_code),
                   country_of_origin=country.upper() if country else None)


def _seller_id(uow: UnitOfWork, actor: Actor, seller: str | None) -> tuple[int, str]:
    if actor.kind == "seller":
        return actor.seller_id, actor.name
    if not seller:
        raise InvalidInput(_("Say which seller the products belong to."), {"seller": _("required")})
    found = seller_by_code(uow, seller)
    return found.id, found.code


def _problems(uow: UnitOfWork, seller_id: int, items: list[ProductIn],
              at: Callable[[int, str], str], *, alone: bool = True) -> dict[str, str]:
    """Every problem of `items` (checked alone and against the seller's catalogue), keyed by at(index, field);
    `alone` False: only what the catalogue may have changed since (a chunk of a file checked whole before)."""
    errors: dict[str, str] = {}
    seen_sku: dict[str, int] = {}
    seen_gtin: dict[str, int] = {}
    for i, p in enumerate(items):
        if alone:
            errors.update({at(i, f): v for f, v in check_product(p).items()})
        if p.sku in seen_sku:
            errors[at(i, "sku")] = _("SKU {sku} appears twice (first at {first})", sku=repr(p.sku),
                                     first=at(seen_sku[p.sku], "sku").rsplit(":", 1)[0])
        seen_sku.setdefault(p.sku, i)
        if p.gtin:
            if p.gtin in seen_gtin:
                errors[at(i, "gtin")] = _("GTIN {gtin} is also given to another SKU here", gtin=p.gtin)
            seen_gtin.setdefault(p.gtin, i)
    gtins = sorted(seen_gtin)
    for start in range(0, len(gtins), BATCH):
        for sku, gtin in uow.session.execute(select(Product.sku, Product.gtin).where(
                Product.seller_id == seller_id, Product.gtin.in_(gtins[start:start + BATCH]))):
            i = seen_gtin[gtin]
            if items[i].sku != sku:
                errors[at(i, "gtin")] = _("GTIN {gtin} belongs to the seller's SKU {sku} already", gtin=gtin,
                                          sku=repr(sku))
    return errors


def _existing(uow: UnitOfWork, seller_id: int, skus: list[str]) -> dict[str, Product]:
    found: dict[str, Product] = {}
    for start in range(0, len(skus), BATCH):
        found.update({p.sku: p for p in uow.session.execute(select(Product).where(
            Product.seller_id == seller_id, Product.sku.in_(skus[start:start + BATCH]))).scalars()})
    return found


def _values(p: ProductIn) -> dict:
    return {f: getattr(p, f) for f in FIELDS}


def _save(uow: UnitOfWork, actor: Actor, seller_id: int, items: list[ProductIn], source: str) -> Saved:
    """Create the new SKUs and change the changed ones with bulk statements; the unchanged are left alone."""
    existing = _existing(uow, seller_id, [p.sku for p in items])
    now = uow.now()
    new = [p for p in items if p.sku not in existing]
    changed = [(existing[p.sku], p) for p in items if p.sku in existing
               and any(getattr(existing[p.sku], f) != v for f, v in _values(p).items())]
    conn = uow.session.connection()
    if new:
        conn.execute(insert(PRODUCTS), [{"seller_id": seller_id, "sku": p.sku, **_values(p), "active": True,
                                          "created_at": now, "updated_at": now} for p in new])
    if changed:
        conn.execute(update(PRODUCTS).where(PRODUCTS.c.id == bindparam("the_id")).values(
            **{f: bindparam(f) for f in FIELDS}, updated_at=bindparam("the_now")),
            [{"the_id": row.id, **_values(p), "the_now": now} for row, p in changed])
        for row, _p in changed:
            uow.session.expire(row)
    if new or changed:
        conn.execute(AUDIT_ROW, audit_params(uow, actor, "products.saved", "seller", seller_id, {
            "source": source, "created": len(new), "changed": len(changed),
            "skus": [p.sku for p in new[:20]] + [p.sku for _r, p in changed[:20]]}, seller_id=seller_id))
    return Saved(len(new), len(changed), len(items) - len(new) - len(changed))


def put_product(uow: UnitOfWork, actor: Actor, product: ProductIn, *, seller: str | None = None,
                key: str | None = None) -> PutResult:
    """Create the product, or change it to what is sent; the same product again changes nothing."""
    actor.require(Permission.ORDER_INTAKE, Permission.MANAGE_USERS, Permission.SYSTEM)
    product = normalised(product)
    errors = check_product(product)
    if errors:
        raise InvalidInput(_("The product cannot be saved: {n} problem(s).", n=len(errors)), errors)

    def work(uow: UnitOfWork) -> PutResult:
        seller_id, code = _seller_id(uow, actor, seller)
        problems = _problems(uow, seller_id, [product], lambda i, f: f)
        if problems:
            raise InvalidInput(_("The product cannot be saved."), problems)
        saved = _save(uow, actor, seller_id, [product], "api" if actor.kind == "seller" else "admin")
        uow.session.flush()
        row = _existing(uow, seller_id, [product.sku])[product.sku]
        return PutResult(_view(row, code), saved.created == 1, saved.updated == 1)

    return commands.run(uow, actor, key, "product.put", {"seller": seller, **asdict(product)}, PutResult, work)


def put_products(uow: UnitOfWork, actor: Actor, items: list[ProductIn], *, seller: str | None = None,
                 key: str | None = None) -> Saved:
    """Up to 1,000 products in one transaction: all saved, or none with every problem as items[i].field."""
    actor.require(Permission.ORDER_INTAKE, Permission.MANAGE_USERS, Permission.SYSTEM)
    if not 1 <= len(items) <= MAX_BATCH:
        raise InvalidInput(_("Send 1 to {n} products at a time.", n=MAX_BATCH), {"items": f"1..{MAX_BATCH}"})
    items = [normalised(p) for p in items]

    def work(uow: UnitOfWork) -> Saved:
        seller_id, _code = _seller_id(uow, actor, seller)
        problems = _problems(uow, seller_id, items, lambda i, f: f"items[{i}].{f}")
        if problems:
            raise InvalidInput(n_("Nothing was saved: {n} problem.", "Nothing was saved: {n} problems.",
                                  len(problems)), problems)
        return _save(uow, actor, seller_id, items, "api-batch" if actor.kind == "seller" else "admin")

    return commands.run(uow, actor, key, "product.batch", {"seller": seller, **digest(items)},
                        Saved, work)


def parse_rows(rows: list[Row], errors: dict[str, str]) -> tuple[list[ProductIn], list[int]]:
    """Products from CSV rows (and their line numbers); a cell that is not a number is named in `errors`."""
    products, lines = [], []
    for row in rows:
        before = len(errors)
        numbers = {c: whole_number(errors, row, c, high=10_000_000, required=False) or 0
                   for c in ("weight_g", "length_mm", "width_mm", "height_mm")}
        flags = {c: yes_no(errors, row, c) for c in ("track_lot", "track_expiry", "track_serial")}
        if len(errors) > before:
            continue
        country = row.get("country_of_origin")
        products.append(ProductIn(   # as normalised() makes it (the cells are stripped already)
            sku=row.get("sku"), name=row.get("name"), gtin=row.get("gtin") or None, **numbers,
            hazmat_un=normal_un(row.get("hazmat_un")), **flags, hs_code=row.get("hs_code") or None,
            country_of_origin=country.upper() if country else None))
        lines.append(row.line)
    return products, lines


def import_products(uow: UnitOfWork, actor: Actor, seller: str, rows: list[Row], *, parse_errors: dict[str, str],
                    key: str) -> Saved:
    """A seller's products from a CSV file: all or none, every problem by line and column, in chunks of 1,000."""
    actor.require(Permission.MANAGE_USERS, Permission.SYSTEM)
    errors = dict(parse_errors)
    items, lines = parse_rows(rows, errors)
    with uow.reading() as reader:
        seller_id, _code = _seller_id(reader, actor, seller)
        # a chunk written by an earlier run passes again: its GTINs are the seller's now, under the same SKUs
        errors.update(_problems(reader, seller_id, items, lambda i, f: where(lines[i], f)))
    if errors:
        raise InvalidInput(n_("Nothing was imported: {n} problem in the file.",
                              "Nothing was imported: {n} problems in the file.", len(errors)), errors)

    def write(uow: UnitOfWork, chunk) -> Saved:
        problems = _problems(uow, seller_id, list(chunk), lambda i, f: f"{chunk[i].sku}: {f}", alone=False)
        if problems:
            raise InvalidInput(_("Stopped: the catalogue changed while importing; run the import again."), problems)
        return _save(uow, actor, seller_id, list(chunk), "csv")

    chunks = chunked(items, CHUNK_PRODUCTS)
    before = len(done_chunks(uow, key, len(chunks)))
    results = run_chunks(uow, actor, key, "product.import", chunks, write, Saved, payload=digest)
    return Saved(sum(r.created for r in results), sum(r.updated for r in results), sum(r.unchanged for r in results),
                 len(chunks), before)


def get_product(uow: UnitOfWork, actor: Actor, sku: str, *, seller: str | None = None) -> ProductView:
    actor.require(Permission.ORDER_INTAKE, Permission.MANAGE_USERS, Permission.SYSTEM, Permission.SUPERVISE)
    with uow.reading() as uow:
        seller_id, code = _seller_id(uow, actor, seller)
        row = _existing(uow, seller_id, [sku]).get(sku)
        if row is None:
            raise NotFound(_("No product with SKU {sku}.", sku=repr(sku)), field="sku")
        return _view(row, code)


def list_products(uow: UnitOfWork, actor: Actor, *, updated_since: datetime | None = None,
                  after: Position | None = None, limit: int = 50) -> Listed:
    """The seller's products, oldest change first, a keyset page at a time."""
    with uow.reading() as uow:
        q = select(Product, Seller.code).join(Seller, Seller.id == Product.seller_id)
        rows, last = page_of(uow, actor, Product, q, status=None, updated_since=updated_since, after=after,
                             limit=limit)
        return Listed(tuple(_view(p, code) for p, code in rows), last)


def search(uow: UnitOfWork, actor: Actor, text: str, *, limit: int = 50) -> list[ProductView]:
    """Products of every seller whose SKU, GTIN or name holds `text` (the admin's products screen)."""
    actor.require(Permission.MANAGE_USERS, Permission.SYSTEM, Permission.SUPERVISE)
    with uow.reading() as uow:
        q = select(Product, Seller.code).join(Seller, Seller.id == Product.seller_id)
        text = (text or "").strip()
        if text:
            q = q.where(or_(Product.sku.contains(text, autoescape=True), Product.gtin.contains(text, autoescape=True),
                            Product.name.icontains(text, autoescape=True)))
        rows = uow.session.execute(q.order_by(Seller.code, Product.sku).limit(limit)).all()
        return [_view(p, code) for p, code in rows]
