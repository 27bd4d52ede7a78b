"""Opening stock and the site's people from CSV files: checked whole first (every bad row by line and column,
nothing written if there is one), then written in chunks (app/services/chunks.py). Running the same file
again writes nothing: its chunks are commands already done.

Opening stock enters the ledger as rows of reason "opening" into bins that hold none of that product and
lot yet; a bin that has some is refused (correct it with a count), so opening stock is never counted twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, tuple_

from app.db import ledger
from app.db.ledger import Move
from app.db.models import LedgerEntry, Location, Product, Seller, User, Warehouse
from app.db.uow import UnitOfWork
from app.domain.codes import badge_number
from app.domain.csv_table import Row, where, whole_number
from app.domain.errors import InvalidInput
from app.domain.orders import clean_text
from app.domain.roles import Actor, Permission, Role
from app.i18n import _, n_
from app.services import commands
from app.services.auth import LoginPolicy
from app.services.chunks import chunk_key, chunked, digest, done_chunks, run_chunks
from app.services.commands import AUDIT_ROW, audit_params

STOCK_REQUIRED = ("warehouse", "bin", "seller", "sku", "quantity")
STOCK_OPTIONAL = ("lot", "expiry")
USER_REQUIRED = ("badge", "name", "role", "pin")
USER_OPTIONAL = ("locale",)
CHUNK_STOCK = 1000
CHUNK_USERS = 50       # each PIN is hashed (slowly, on purpose) before its chunk's transaction
BATCH = 500
MAX_UNITS = 1_000_000
NOT_STOCK_PLACES = ("in_transit", "packing", "shipping")


@dataclass(frozen=True)
class OpeningLine:
    seller_id: int
    product_id: int
    location_id: int
    quantity: int
    lot: str = ""
    expiry: date | None = None


@dataclass(frozen=True)
class StockImported:
    rows: int
    units: int
    chunks: int = 0   # how many chunks, and how many an earlier run of the same file wrote
    before: int = 0


def _nothing(errors: dict[str, str]) -> InvalidInput:
    return InvalidInput(n_("Nothing was imported: {n} problem in the file.",
                           "Nothing was imported: {n} problems in the file.", len(errors)), errors)


def _opening_line(errors: dict, row: Row, known: dict) -> OpeningLine | None:
    before = len(errors)
    wh = known["warehouses"].get(row.get("warehouse").upper())
    if wh is None:
        errors[where(row.line, "warehouse")] = _("no warehouse {code}", code=repr(row.get("warehouse")))
    place = known["bins"].get(row.get("bin").upper())
    if place is None:
        errors[where(row.line, "bin")] = _("no bin {code}", code=repr(row.get("bin")))
    elif wh is not None and place[1] != wh:
        errors[where(row.line, "bin")] = _("bin {code} is not in warehouse {wh}", code=row.get("bin"),
                                           wh=row.get("warehouse"))
    elif place[2] in NOT_STOCK_PLACES:
        errors[where(row.line, "bin")] = _("{code} is a {kind} place, not a bin for stock", code=row.get("bin"),
                                           kind=place[2])
    seller = known["sellers"].get(row.get("seller").upper())
    if seller is None:
        errors[where(row.line, "seller")] = _("no seller {code}", code=repr(row.get("seller")))
    product = known["products"].get((seller, row.get("sku")))
    if seller is not None and product is None:
        errors[where(row.line, "sku")] = _("{seller} has no product with SKU {sku}", seller=row.get("seller"),
                                           sku=repr(row.get("sku")))
    text = row.get("quantity")
    if text.lstrip().startswith("-"):
        errors[where(row.line, "quantity")] = _("negative; opening stock is what is on the shelf, 1 or more")
        quantity = None
    else:
        quantity = whole_number(errors, row, "quantity", low=1, high=MAX_UNITS)
    lot = row.get("lot")
    if len(lot) > 40 or not re.match(r"^[\x21-\x7E]*$", lot):
        errors[where(row.line, "lot")] = _("up to 40 letters, digits or signs, no spaces")
    expiry = None
    if row.get("expiry"):
        try:
            expiry = date.fromisoformat(row.get("expiry"))
        except ValueError:
            errors[where(row.line, "expiry")] = _("a date like 2027-06-30")
    if product is not None:
        tracks_lot, tracks_expiry = product[1], product[2]
        if tracks_lot and not lot:
            errors[where(row.line, "lot")] = _("required: the product is tracked by lot")
        if tracks_expiry and expiry is None and where(row.line, "expiry") not in errors:
            errors[where(row.line, "expiry")] = _("required: the product is tracked by expiry date")
    if len(errors) > before:
        return None
    return OpeningLine(seller, product[0], place[0], quantity, lot, expiry)


def _known(uow: UnitOfWork, rows: list[Row]) -> dict:
    s = uow.session
    codes = sorted({r.get("bin").upper() for r in rows})
    bins: dict[str, tuple[int, int, str]] = {}
    for i in range(0, len(codes), BATCH):
        bins.update({c: (i_, w, k) for i_, c, w, k in s.execute(
            select(Location.id, Location.code, Location.warehouse_id, Location.kind).where(
                Location.code.in_(codes[i:i + BATCH]), Location.active.is_(True)))})
    sellers = {c: i for c, i in s.execute(select(Seller.code, Seller.id))}
    keys = sorted({(sellers[r.get("seller").upper()], r.get("sku")) for r in rows
                   if r.get("seller").upper() in sellers})
    products: dict[tuple[int, str], tuple[int, bool, bool]] = {}
    for i in range(0, len(keys), BATCH):
        products.update({(sid, sku): (pid, lot, exp) for pid, sid, sku, lot, exp in s.execute(
            select(Product.id, Product.seller_id, Product.sku, Product.track_lot, Product.track_expiry).where(
                tuple_(Product.seller_id, Product.sku).in_(keys[i:i + BATCH])))})
    return {"warehouses": dict(s.execute(select(Warehouse.code, Warehouse.id)).all()), "bins": bins,
            "sellers": sellers, "products": products}


def _stocked(uow: UnitOfWork, lines: list[OpeningLine]) -> set[tuple[int, int, int, str]]:
    """Which (seller, product, bin, lot) of these lines has had stock already (a ledger row into it)."""
    keys = sorted({(x.seller_id, x.product_id, x.location_id, x.lot) for x in lines})
    found: set[tuple[int, int, int, str]] = set()
    for i in range(0, len(keys), BATCH):
        found |= {tuple(r) for r in uow.session.execute(select(
            LedgerEntry.seller_id, LedgerEntry.product_id, LedgerEntry.to_location_id, LedgerEntry.lot).where(
            tuple_(LedgerEntry.seller_id, LedgerEntry.product_id, LedgerEntry.to_location_id, LedgerEntry.lot)
            .in_(keys[i:i + BATCH])).distinct())}
    return found


def import_stock(uow: UnitOfWork, actor: Actor, rows: list[Row], *, parse_errors: dict[str, str],
                 key: str) -> StockImported:
    """Opening balances (warehouse, bin, seller, sku, quantity, lot, expiry) into bins with none yet."""
    actor.require(Permission.MANAGE_USERS, Permission.SYSTEM)
    errors = dict(parse_errors)
    lines: list[OpeningLine] = []
    line_no: list[int] = []
    with uow.reading() as reader:
        known = _known(reader, rows)
        first: dict[tuple, int] = {}
        for row in rows:
            line = _opening_line(errors, row, known)
            if line is None:
                continue
            k = (line.seller_id, line.product_id, line.location_id, line.lot)
            if k in first:
                errors[where(row.line, "bin")] = _("the same product, bin and lot as line {first}", first=first[k])
                continue
            first[k] = row.line
            lines.append(line)
            line_no.append(row.line)
    chunks = chunked(lines, CHUNK_STOCK)
    done = done_chunks(uow, key, len(chunks))
    pending = [i for c, chunk in enumerate(chunks) if c not in done
               for i in range(c * CHUNK_STOCK, c * CHUNK_STOCK + len(chunk))]
    if not errors:
        with uow.reading() as reader:
            stocked = _stocked(reader, [lines[i] for i in pending])
        for i in pending:
            x = lines[i]
            if (x.seller_id, x.product_id, x.location_id, x.lot) in stocked:
                errors[where(line_no[i], "bin")] = _("has had stock of this product already; opening stock goes "
                                                     "into bins with none (correct a bin by a count)")
    if errors:
        raise _nothing(errors)

    def write(uow: UnitOfWork, chunk) -> StockImported:
        if _stocked(uow, list(chunk)):
            raise InvalidInput(_("Stopped: stock arrived in a bin while importing; run the import again."))
        ledger.put_many(uow, [Move(x.seller_id, x.product_id, x.quantity, "opening", to_location_id=x.location_id,
                                   lot=x.lot, expiry=x.expiry, note="opening stock") for x in chunk])
        uow.session.connection().execute(AUDIT_ROW, [audit_params(
            uow, actor, "stock.opening", "location", x.location_id, {"product_id": x.product_id, "lot": x.lot,
                                                                     "quantity": x.quantity},
            seller_id=x.seller_id) for x in chunk])
        return StockImported(len(chunk), sum(x.quantity for x in chunk))

    results = run_chunks(uow, actor, key, "stock.opening", chunks, write, StockImported, payload=digest)
    return StockImported(sum(r.rows for r in results), sum(r.units for r in results), len(chunks), len(done))


@dataclass(frozen=True)
class UsersImported:
    added: int
    unchanged: int


@dataclass(frozen=True)
class UserLine:
    badge: str
    name: str
    role: str
    locale: str


def import_users(uow: UnitOfWork, actor: Actor, policy: LoginPolicy, rows: list[Row], *, parse_errors: dict[str, str],
                 key: str) -> UsersImported:
    """People with badge, name, role and first PIN: all or none. A badge that exists with the same name and role
    is left as it is (its PIN too); with another name or role it is refused."""
    actor.require(Permission.MANAGE_USERS, Permission.SYSTEM)
    errors = dict(parse_errors)
    people: list[UserLine] = []
    pins: dict[str, str] = {}
    first: dict[str, int] = {}
    roles = [r.value for r in Role]
    for row in rows:
        before = len(errors)
        number = badge_number(row.get("badge"))
        if not re.match(r"^[A-Z0-9\-]{1,32}$", number):
            errors[where(row.line, "badge")] = _("letters, digits and -, up to 32")
        elif number in first:
            errors[where(row.line, "badge")] = _("badge {badge} is also on line {first}", badge=number,
                                                 first=first[number])
        try:
            name = clean_text(row.get("name"))
        except ValueError as exc:
            errors[where(row.line, "name")], name = str(exc), ""
        if not name or len(name) > 120:
            errors.setdefault(where(row.line, "name"), _("1 to 120 characters"))
        role = row.get("role").lower().replace(" ", "_")
        if role not in roles:
            errors[where(row.line, "role")] = _("one of {roles}", roles=", ".join(roles))
        if not re.match(r"^\d{4,8}$", row.get("pin")):
            errors[where(row.line, "pin")] = _("4 to 8 digits")
        locale = row.get("locale") or "en"
        if not re.match(r"^[a-z]{2}(-[A-Z]{2})?$", locale):
            errors[where(row.line, "locale")] = _("a language code, e.g. en or de")
        if len(errors) > before:
            continue
        first[number] = row.line
        people.append(UserLine(number, name, role, locale))
        pins[number] = row.get("pin")
    with uow.reading() as reader:
        there = {b: (n, r) for b, n, r in reader.session.execute(
            select(User.badge, User.name, User.role).where(User.badge.in_(list(first))))} if first else {}
    for p in people:
        if p.badge in there and there[p.badge] != (p.name, p.role):
            errors[where(first[p.badge], "badge")] = _("badge {badge} belongs to {name} ({role}) already",
                                                       badge=p.badge, name=there[p.badge][0], role=there[p.badge][1])
    if errors:
        raise _nothing(errors)
    added = 0
    chunks = chunked(people, CHUNK_USERS)
    done = done_chunks(uow, key, len(chunks))
    for i, chunk in enumerate(chunks):
        if i in done:
            continue
        # slow on purpose: hashed outside the transaction, and only for people not here yet
        hashes = {p.badge: policy.hash(pins[p.badge]) for p in chunk if p.badge not in there}

        def write(uow: UnitOfWork, chunk=chunk, hashes=hashes) -> UsersImported:
            now = uow.now()
            here = set(uow.session.execute(select(User.badge).where(User.badge.in_(list(hashes)))).scalars())
            for p in chunk:
                if p.badge not in hashes or p.badge in here:
                    continue
                user = User(badge=p.badge, name=p.name, role=p.role, locale=p.locale, pin_hash=hashes[p.badge],
                            created_at=now)
                uow.session.add(user)
                uow.session.flush()
                commands.audit(uow, actor, "user.added", "user", user.id, {"badge": p.badge, "role": p.role,
                                                                            "source": "csv"})
            n = len([p for p in chunk if p.badge in hashes and p.badge not in here])
            return UsersImported(n, len(chunk) - n)

        added += commands.run(uow, actor, chunk_key(key, i), "user.import", {"items": list(chunk)},
                              UsersImported, write).added
    return UsersImported(added, len(people) - added)


def import_users_text(uow: UnitOfWork, actor: Actor, policy: LoginPolicy, text: str) -> UsersImported:
    """People from CSV text pasted on the users screen (the same rules as `floor import users`)."""
    import hashlib

    from app.domain.csv_table import read_table

    rows, errors = read_table(text, USER_REQUIRED, USER_OPTIONAL, max_rows=10_000)
    return import_users(uow, actor, policy, rows, parse_errors=errors,
                        key="users:" + hashlib.sha256(text.encode()).hexdigest()[:40])
