"""Orders from a CSV file: one row per order line, rows with the same order_ref form one order."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from app.domain.orders import AddressIn, LineIn, OrderIn
from app.i18n import _

REQUIRED = ("order_ref", "warehouse", "ship_by", "name", "address1", "city", "country", "sku",
            "quantity")
OPTIONAL = ("seller", "service_level", "company", "address2", "address3", "region",
            "postal_code", "phone", "email")
HEADER_FIELDS = ("seller", "warehouse", "service_level", "ship_by", "name", "company", "address1",
                 "address2", "address3", "city", "region", "postal_code", "country", "phone", "email")
MAX_BYTES = 32 * 1024 * 1024   # ~100,000 rows with full addresses
MAX_ROWS = 100_000             # rows (order lines), not orders: the import writes them in chunks


@dataclass(frozen=True)
class CsvOrder:
    rows: tuple[int, ...]
    seller: str | None
    order: OrderIn


def parse_orders_csv(raw: bytes | str) -> tuple[list[CsvOrder], dict[str, str]]:
    """Every order in the file and every problem found, keyed "line N: field"."""
    errors: dict[str, str] = {}
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            return [], {"file": _("larger than {mb} MB", mb=MAX_BYTES // (1024 * 1024))}
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return [], {"file": _("not UTF-8 text (byte {at}); save the file as CSV UTF-8",
                                     at=exc.start)}
    if "\x00" in raw:
        return [], {"file": _("not a text file (it has NUL bytes)")}
    reader = csv.reader(io.StringIO(raw.lstrip("\ufeff"), newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return [], {"file": _("empty")}
    except csv.Error as exc:
        return [], {"line 1": _("unreadable: {why}", why=exc)}
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if missing or unknown or len(set(header)) != len(header):
        problems = []
        if missing:
            problems.append(_("missing column(s): {names}", names=", ".join(missing)))
        if unknown:
            problems.append(_("unknown column(s): {names}", names=", ".join(unknown)))
        if len(set(header)) != len(header):
            problems.append(_("a column appears twice"))
        return [], {"line 1": "; ".join(problems)}
    groups: dict[tuple[str, str], list[tuple[int, dict[str, str]]]] = {}
    rows_seen = 0
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            rows_seen += 1
            if rows_seen > MAX_ROWS:
                return [], {"file": _("more than {n} rows", n=MAX_ROWS)}
            if len(row) != len(header):
                errors[f"line {line}"] = _("{cells} cells, the header has {columns}",
                                               cells=len(row), columns=len(header))
                continue
            rec = {h: cell.strip() for h, cell in zip(header, row)}
            groups.setdefault((rec.get("seller", ""), rec["order_ref"]), []).append((line, rec))
    except csv.Error as exc:
        return [], {f"line {reader.line_num}": _("unreadable: {why}", why=exc)}
    orders = []
    for (_seller, _ref), rows in groups.items():
        order = _order_of(rows, errors)
        if order is not None:
            orders.append(order)
    return orders, errors


def _order_of(rows: list[tuple[int, dict[str, str]]], errors: dict[str, str]) -> CsvOrder | None:
    first_line, first = rows[0]
    ok = True
    for line, rec in rows[1:]:
        for f in HEADER_FIELDS:
            if rec.get(f, "") != first.get(f, ""):
                errors[f"line {line}: {f}"] = _("differs from line {first} of the same order",
                                                           first=first_line)
                ok = False
    try:
        ship_by = datetime.fromisoformat(first["ship_by"])
    except ValueError:
        errors[f"line {first_line}: ship_by"] = _("a date and time like 2026-12-01T16:00:00+01:00")
        ok = False
    lines = []
    for line, rec in rows:
        try:
            qty = int(rec["quantity"])
        except ValueError:
            errors[f"line {line}: quantity"] = _("a whole number")
            ok = False
            continue
        lines.append(LineIn(rec["sku"], qty))
    if not ok:
        return None
    address = AddressIn(
        name=first["name"], company=first.get("company", ""),
        lines=tuple(x for x in (first["address1"], first.get("address2", ""),
                                first.get("address3", "")) if x),
        city=first["city"], region=first.get("region", ""),
        postal_code=first.get("postal_code", ""), country=first["country"],
        phone=first.get("phone", ""), email=first.get("email", ""),
    )
    order = OrderIn(external_ref=first["order_ref"], warehouse=first["warehouse"], ship_by=ship_by,
                    ship_to=address, lines=tuple(lines),
                    service_level=first.get("service_level") or "standard")
    return CsvOrder(tuple(line for line, _ in rows), first.get("seller") or None, order)
