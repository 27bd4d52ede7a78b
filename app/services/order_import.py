"""Orders from a CSV file: the whole file is checked first, then written in chunks (app/services/chunks.py).

A file with any bad row imports nothing, and every bad row is named by its line. A good file is written
250 orders at a time, each chunk one short transaction, so stations and the API keep working during a
100,000-row import. If the run stops half-way, running it again writes the rest (chunks are commands).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, tuple_

from app.db.models import Order, OrderLine, Product, Seller, Warehouse
from app.db.uow import UnitOfWork
from app.domain.errors import InvalidInput
from app.domain.languages import buyer_language
from app.domain.order_csv import CsvOrder
from app.domain.orders import as_utc, check_order, clean_text
from app.domain.roles import Actor, Permission
from app.i18n import _, n_
from app.services import commands
from app.services.chunks import chunked, done_chunks, run_chunks
from app.services.commands import AUDIT_ROW, audit_params

ORDERS, LINES = Order.__table__, OrderLine.__table__
BATCH = 500   # values in one IN (...) look-up


@dataclass(frozen=True)
class ImportResult:
    orders: int
    lines: int
    order_ids: tuple[int, ...]


@dataclass
class _Known:
    """What the database says about one set of orders, read with a few bulk queries."""

    sellers: dict[str, int]
    warehouses: dict[str, int]
    products: dict[tuple[int, str], int]
    existing: set[tuple[int, str]]


def _known(uow: UnitOfWork, actor: Actor, orders: list[CsvOrder]) -> _Known:
    s = uow.session
    sellers = dict(s.execute(select(Seller.code, Seller.id)).all())
    warehouses = dict(s.execute(select(Warehouse.code, Warehouse.id)).all())
    skus: set[tuple[int, str]] = set()
    refs: set[tuple[int, str]] = set()
    for p in orders:
        seller_id = _seller_id(actor, p, sellers)
        if seller_id is None:
            continue
        skus |= {(seller_id, line.sku) for line in p.order.lines if isinstance(line.sku, str)}
        if isinstance(p.order.external_ref, str):
            refs.add((seller_id, p.order.external_ref))
    products: dict[tuple[int, str], int] = {}
    for part in _batches(skus):
        products.update({(sid, sku): pid for pid, sid, sku in s.execute(
            select(Product.id, Product.seller_id, Product.sku).where(
                tuple_(Product.seller_id, Product.sku).in_(part)))})
    existing: set[tuple[int, str]] = set()
    for part in _batches(refs):
        existing |= set(tuple(r) for r in s.execute(select(Order.seller_id, Order.external_ref).where(
            tuple_(Order.seller_id, Order.external_ref).in_(part))).all())
    return _Known(sellers, warehouses, products, existing)


def _batches(values: set) -> list[list]:
    ordered = sorted(values)
    return [ordered[i:i + BATCH] for i in range(0, len(ordered), BATCH)]


def _seller_id(actor: Actor, p: CsvOrder, sellers: dict[str, int]) -> int | None:
    return actor.seller_id if actor.kind == "seller" else sellers.get(p.seller or "")


def _where(p: CsvOrder, field: str) -> str:
    """Where in the file a field error of this order points."""
    if field.startswith("lines[") and "]" in field:
        i = int(field[6:field.index("]")])
        rest = field[field.index("]") + 2:] or "line"
        return f"line {p.rows[min(i, len(p.rows) - 1)]}: {rest}"
    return f"line {p.rows[0]}: {field}"


def _check(actor: Actor, orders: list[CsvOrder], known: _Known) -> dict[str, str]:
    """Every problem of these orders against what the database holds, keyed "line N: field"."""
    errors: dict[str, str] = {}
    seen: set[tuple[int, str]] = set()
    for p in orders:
        seller_id = _seller_id(actor, p, known.sellers)
        if seller_id is None:
            errors[_where(p, "seller")] = (_("No seller {code}.", code=repr(p.seller)) if p.seller
                                           else _("Say which seller the order belongs to."))
            continue
        found = check_order(p.order)
        data = p.order
        if data.warehouse not in known.warehouses and "warehouse" not in found:
            found["warehouse"] = _("no warehouse {warehouse}", warehouse=repr(data.warehouse))
        code = next((c for c, i in known.sellers.items() if i == seller_id), p.seller or "")
        for i, line in enumerate(data.lines):
            if (isinstance(line.sku, str) and line.sku and (seller_id, line.sku) not in known.products
                    and f"lines[{i}].sku" not in found):
                found[f"lines[{i}].sku"] = _("{code} has no product with SKU {sku}", code=code, sku=repr(line.sku))
        ref = (seller_id, data.external_ref)
        if isinstance(data.external_ref, str) and data.external_ref and (ref in known.existing or ref in seen):
            found["external_ref"] = _("order {ref} already exists", ref=repr(data.external_ref))
        seen.add(ref)
        errors.update({_where(p, k): v for k, v in found.items()})
    return errors


def _write(uow: UnitOfWork, actor: Actor, chunk: list[CsvOrder]) -> ImportResult:
    """One chunk, checked again in its own transaction, written with one statement per table."""
    known = _known(uow, actor, chunk)
    errors = _check(actor, chunk, known)
    if errors:   # the database changed since the whole file was checked (another import, the API)
        raise InvalidInput(n_("Stopped: {n} problem appeared while importing; run the import again.",
                              "Stopped: {n} problems appeared while importing; run the import again.",
                              len(errors)), errors)
    now = uow.now()
    conn = uow.session.connection()
    rows = [_order_row(p, _seller_id(actor, p, known.sellers), known, now) for p in chunk]
    ids = conn.execute(insert(ORDERS).returning(ORDERS.c.id, sort_by_parameter_order=True), rows).scalars().all()
    lines = [{"order_id": order_id, "seller_id": row["seller_id"], "line_no": n,
              "product_id": known.products[(row["seller_id"], line.sku)], "quantity": line.quantity}
             for order_id, row, p in zip(ids, rows, chunk) for n, line in enumerate(p.order.lines, start=1)]
    conn.execute(insert(LINES), lines)
    conn.execute(AUDIT_ROW, [audit_params(uow, actor, "order.accepted", "order", order_id,
                                          {"external_ref": row["external_ref"], "source": "csv",
                                           "lines": len(p.order.lines)},
                                          seller_id=row["seller_id"])
                             for order_id, row, p in zip(ids, rows, chunk)])
    return ImportResult(len(ids), len(lines), tuple(ids))


def _order_row(p: CsvOrder, seller_id: int, known: _Known, now) -> dict[str, Any]:
    data, a = p.order, p.order.ship_to
    return {
        "seller_id": seller_id, "warehouse_id": known.warehouses[data.warehouse],
        "external_ref": clean_text(data.external_ref), "status": "open", "service_level": data.service_level,
        "ship_by": as_utc(data.ship_by), "ship_to_name": clean_text(a.name),
        "ship_to_company": clean_text(a.company),
        "ship_to_lines": [clean_text(x) for x in a.lines if clean_text(x)], "ship_to_city": clean_text(a.city),
        "ship_to_region": clean_text(a.region), "ship_to_postal_code": clean_text(a.postal_code),
        "ship_to_country": a.country, "ship_to_phone": clean_text(a.phone), "ship_to_email": clean_text(a.email),
        "ship_to_language": buyer_language(a.language), "source": "csv", "created_at": now,
    }


def import_orders(uow: UnitOfWork, actor: Actor, parsed: list[CsvOrder],
                  *, key: str | None, parse_errors: dict[str, str]) -> ImportResult:
    """All orders of one file, or none of them with every error listed; written in chunks."""
    actor.require(Permission.ORDER_INTAKE)
    key = key or commands.new_key("order.import")
    chunks = chunked(parsed)
    done = done_chunks(uow, key, len(chunks))
    pending = [p for i, chunk in enumerate(chunks) if i not in done for p in chunk]
    errors = dict(parse_errors)
    with uow.reading() as reader:   # the whole file, checked before anything is written
        errors.update(_check(actor, pending, _known(reader, actor, pending)))
    if errors:
        raise InvalidInput(n_("Nothing was imported: {n} problem in the file.",
                              "Nothing was imported: {n} problems in the file.", len(errors)), errors)
    results = run_chunks(uow, actor, key, "order.import", chunks,
                         lambda uow, chunk: _write(uow, actor, list(chunk)), ImportResult)
    return ImportResult(sum(r.orders for r in results), sum(r.lines for r in results),
                        tuple(i for r in results for i in r.order_ids))

