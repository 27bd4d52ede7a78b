"""Receiving from sellers: announced shipments (ASNs), scanned cartons and units at the dock, discrepancies,
and put-away to a suggested bin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from app.db import ledger
from app.db.ledger import Move
from app.db.models import Inbound, InboundCarton, InboundLine, Location, Product, Seller, Stock, Warehouse
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError, InvalidInput, NotFound, WrongScan
from app.domain.gs1 import is_valid_sscc
from app.domain.orders import clean_text
from app.domain.quantities import check_quantity
from app.domain.roles import Actor, Permission
from app.domain.scanning import ScanKind, classify, matches
from app.i18n import _
from app.services import commands, outbox, serials, webhooks
from app.services.catalog import location_by_code, seller_by_code, warehouse_by_code
from app.services.commands import audit
from app.services.exceptions import open_exception
from app.services.views import special_location


@dataclass(frozen=True)
class InboundLineIn:
    sku: str
    quantity: int
    lot: str = ""
    expiry: date | None = None


@dataclass(frozen=True)
class InboundLineView:
    sku: str
    name: str
    lot: str
    expiry: date | None
    expected: int
    received: int
    damaged: int

    @property
    def difference(self) -> int:
        return self.received + self.damaged - self.expected


@dataclass(frozen=True)
class InboundView:
    id: int
    number: str
    seller: str
    warehouse: str
    reference: str
    status: str
    lines: tuple[InboundLineView, ...]
    cartons: tuple[tuple[str, bool], ...]
    outcome: dict | None
    created_at: datetime


def view(uow: UnitOfWork, inbound: Inbound) -> InboundView:
    rows = uow.session.execute(select(InboundLine, Product).join(Product, Product.id == InboundLine.product_id)
                               .where(InboundLine.inbound_id == inbound.id).order_by(InboundLine.id)).all()
    cartons = uow.session.execute(select(InboundCarton).where(InboundCarton.inbound_id == inbound.id)
                                  .order_by(InboundCarton.id)).scalars()
    return InboundView(
        inbound.id, inbound.number, uow.session.get(Seller, inbound.seller_id).code,
        uow.session.get(Warehouse, inbound.warehouse_id).code, inbound.reference, inbound.status,
        tuple(InboundLineView(p.sku, p.name, l.lot, l.expiry, l.expected, l.received, l.damaged) for l, p in rows),
        tuple((c.sscc, c.received_at is not None) for c in cartons), inbound.outcome, inbound.created_at)


def announce(uow: UnitOfWork, actor: Actor, warehouse: str, reference: str, lines: list[InboundLineIn],
             cartons: list[str] = (), *, seller: str | None = None, key: str | None = None) -> InboundView:
    """A seller says what is on its way: SKUs, quantities, lots and expiry, and the cartons' SSCCs."""
    if actor.kind != "seller":
        actor.require(Permission.SUPERVISE, Permission.SYSTEM)
    errors: dict[str, str] = {}
    try:
        reference = clean_text(reference or "")
    except ValueError:
        reference = ""
    if not reference or len(reference) > 64:
        errors["reference"] = _("1 to 64 characters")
    if not lines or len(lines) > 1000:
        errors["lines"] = _("1 to 1000 lines")
    for i, line in enumerate(lines or ()):
        if isinstance(line.quantity, bool) or not isinstance(line.quantity, int) or not 1 <= line.quantity <= 1_000_000:
            errors[f"lines[{i}].quantity"] = _("a whole number from 1 to 1000000")
    for i, sscc in enumerate(cartons):
        if not is_valid_sscc(sscc):
            errors[f"cartons[{i}]"] = _("an 18-digit SSCC with a valid check digit")
    if errors:
        raise InvalidInput(_("The inbound shipment was not accepted; see the fields."), errors)

    def work(uow: UnitOfWork) -> InboundView:
        return announce_in(uow, actor, warehouse, reference, lines, cartons, seller=seller)

    return commands.run(uow, actor, key, "inbound.announce", {"wh": warehouse, "ref": reference, "lines": lines,
                                                              "cartons": list(cartons), "seller": seller},
                        InboundView, work)


def announce_in(uow: UnitOfWork, actor: Actor, warehouse: str, reference: str, lines: list[InboundLineIn],
                cartons: list[str] = (), *, seller: str | None = None, source_site: str | None = None,
                transfer_ref: str | None = None) -> InboundView:
    """Announce inside the caller's transaction (a peer's transfer arriving through the inbox does)."""
    s = uow.session.get(Seller, actor.seller_id) if actor.kind == "seller" else seller_by_code(uow, seller or "")
    wh = warehouse_by_code(uow, warehouse)
    if uow.session.execute(select(Inbound.id).where(Inbound.seller_id == s.id, Inbound.reference == reference)
                           ).first():
        raise InvalidInput(_("Inbound {ref} was announced already.", ref=reference), {"reference": "exists"})
    problems: dict[str, str] = {}
    inbound = Inbound(number=f"INB-{serials.take(uow, 'inbound', start=10001)}", seller_id=s.id,
                      warehouse_id=wh.id, reference=reference, created_at=uow.now(), source_site=source_site,
                      transfer_ref=transfer_ref)
    uow.session.add(inbound)
    uow.session.flush()
    seen = set()
    for i, line in enumerate(lines):
        product = uow.session.execute(select(Product).where(Product.seller_id == s.id, Product.sku == line.sku)
                                      ).scalar_one_or_none()
        if product is None:
            problems[f"lines[{i}].sku"] = _("{seller} has no product with SKU {sku}", seller=s.code, sku=line.sku)
            continue
        if (product.id, line.lot) in seen:
            problems[f"lines[{i}].sku"] = _("listed twice with the same lot")
            continue
        seen.add((product.id, line.lot))
        uow.session.add(InboundLine(inbound_id=inbound.id, seller_id=s.id, product_id=product.id,
                                    lot=line.lot[:40], expiry=line.expiry, expected=line.quantity, received=0,
                                    damaged=0))
    if problems:
        raise InvalidInput(_("The inbound shipment was not accepted; see the fields."), problems)
    for sscc in dict.fromkeys(cartons):
        uow.session.add(InboundCarton(inbound_id=inbound.id, sscc=sscc))
    uow.session.flush()
    audit(uow, actor, "inbound.announced", "inbound", inbound.id, {"reference": reference, "lines": len(lines)},
          seller_id=s.id)
    return view(uow, inbound)


def _inbound(uow: UnitOfWork, inbound_id: int) -> Inbound:
    inbound = uow.session.get(Inbound, inbound_id, with_for_update=True)
    if inbound is None:
        raise NotFound(_("No such inbound shipment."))
    if inbound.status == "closed":
        raise DomainError(_("{number} is closed.", number=inbound.number))
    return inbound


def find(uow: UnitOfWork, actor: Actor, raw: str) -> InboundView:
    """At the dock: the inbound by its number, the seller's reference, or one of its cartons' SSCC."""
    actor.require(Permission.RECEIVE)
    code = classify(raw)
    with uow.reading() as uow:
        q = select(Inbound)
        if code.kind == ScanKind.INBOUND:
            q = q.where(Inbound.number == f"INB-{code.value}")
        elif code.sscc:
            q = q.join(InboundCarton, InboundCarton.inbound_id == Inbound.id).where(InboundCarton.sscc == code.sscc)
        else:
            q = q.where(Inbound.reference == raw.strip())
        found = uow.session.execute(q.order_by(Inbound.id.desc())).scalars().first()
        if found is None:
            raise NotFound(_("No inbound shipment matches that scan."))
        return view(uow, found)


def receive_carton(uow: UnitOfWork, actor: Actor, inbound_id: int, raw: str, key: str | None = None) -> InboundView:
    """A carton arrives: its SSCC is ticked off (an unannounced carton is recorded as such)."""
    actor.require(Permission.RECEIVE)
    code = classify(raw)

    def work(uow: UnitOfWork) -> InboundView:
        inbound = _inbound(uow, inbound_id)
        if not code.sscc:
            raise WrongScan(_("Scan the carton's SSCC label."))
        carton = uow.session.execute(select(InboundCarton).where(
            InboundCarton.inbound_id == inbound.id, InboundCarton.sscc == code.sscc)).scalar_one_or_none()
        if carton is None:
            carton = InboundCarton(inbound_id=inbound.id, sscc=code.sscc)
            uow.session.add(carton)
            audit(uow, actor, "inbound.carton_unannounced", "inbound", inbound.id, {"sscc": code.sscc})
        elif carton.received_at is not None:
            raise WrongScan(_("Carton {sscc} was received already.", sscc=code.sscc))
        carton.received_at = uow.now()
        _arrived(uow, inbound)
        uow.session.flush()
        return view(uow, inbound)

    return commands.run(uow, actor, key, "inbound.carton", {"inbound": inbound_id, "code": raw}, InboundView, work)


def receive_item(uow: UnitOfWork, actor: Actor, inbound_id: int, raw: str, *, quantity: int = 1,
                 damaged: bool = False, key: str | None = None) -> InboundView:
    """Units (or a case: GS1-128 with a count) into receiving; damaged ones into quarantine."""
    actor.require(Permission.RECEIVE)
    code = classify(raw)
    check_quantity(quantity)

    def work(uow: UnitOfWork) -> InboundView:
        inbound = _inbound(uow, inbound_id)
        if not code.ok:
            raise WrongScan(code.message)
        product = next((p for p in uow.session.execute(select(Product).where(
            Product.seller_id == inbound.seller_id)).scalars() if matches(p, code)), None)
        if product is None:
            raise WrongScan(_("Not a product of this seller. Put it aside and tell the supervisor."))
        n = quantity * (code.count or 1)
        lot = (code.lot or "")[:40]
        line = uow.session.execute(select(InboundLine).where(
            InboundLine.inbound_id == inbound.id, InboundLine.product_id == product.id, InboundLine.lot == lot)
            .with_for_update()).scalar_one_or_none()
        if line is None:  # not announced (or another lot): recorded, counted as a discrepancy at close
            line = InboundLine(inbound_id=inbound.id, seller_id=inbound.seller_id, product_id=product.id, lot=lot,
                               expiry=code.expiry, expected=0, received=0, damaged=0)
            uow.session.add(line)
        if damaged:
            line.damaged += n
        else:
            line.received += n
        kind = "quarantine" if damaged else "receiving"
        dest = special_location(uow, inbound.warehouse_id, kind)
        ledger.apply(uow, Move(seller_id=inbound.seller_id, product_id=product.id, quantity=n,
                               reason="inbound_damaged" if damaged else "inbound", to_location_id=dest.id, lot=lot,
                               expiry=code.expiry or line.expiry, ref_type="inbound", ref_id=inbound.id,
                               note=inbound.number))
        _arrived(uow, inbound)
        uow.session.flush()
        audit(uow, actor, "inbound.received", "inbound", inbound.id,
              {"sku": product.sku, "quantity": n, "lot": lot, "damaged": damaged}, seller_id=inbound.seller_id)
        return view(uow, inbound)

    return commands.run(uow, actor, key, "inbound.item", {"inbound": inbound_id, "code": raw, "q": quantity,
                                                          "damaged": damaged}, InboundView, work)


def _arrived(uow: UnitOfWork, inbound: Inbound) -> None:
    """Something of the inbound is here: the first arrival tells the seller (inbound.received)."""
    if inbound.status == "announced":
        webhooks.enqueue(uow, inbound.seller_id, "inbound.received", f"{inbound.number}:received",
                         {"inbound": inbound.number, "reference": inbound.reference,
                          "received_at": uow.now().isoformat()})
    if inbound.status == "announced" and inbound.source_site:
        outbox.post(uow, inbound.source_site, "transfer.receiving", inbound.transfer_ref or inbound.reference,
                    {"number": inbound.transfer_ref, "inbound": inbound.number})
    inbound.status = "receiving"


def close(uow: UnitOfWork, actor: Actor, inbound_id: int, key: str | None = None) -> InboundView:
    """Compare what came with what was announced; every difference is a recorded discrepancy."""
    actor.require(Permission.RECEIVE)

    def work(uow: UnitOfWork) -> InboundView:
        inbound = _inbound(uow, inbound_id)
        v = view(uow, inbound)
        discrepancies = []
        for line in v.lines:
            kind = ("unannounced" if line.expected == 0 else "over" if line.difference > 0
                    else "short" if line.difference < 0 else None)
            if kind or line.damaged:
                discrepancies.append({"sku": line.sku, "lot": line.lot, "kind": kind or "damaged",
                                      "expected": line.expected, "received": line.received,
                                      "damaged": line.damaged})
        missing_cartons = [s for s, got in v.cartons if not got]
        inbound.status, inbound.closed_at = "closed", uow.now()
        inbound.outcome = {"inbound": inbound.number, "reference": inbound.reference,
                           "lines": [{"sku": l.sku, "lot": l.lot, "expected": l.expected, "received": l.received,
                                      "damaged": l.damaged} for l in v.lines],
                           "discrepancies": discrepancies, "cartons_missing": missing_cartons}
        if discrepancies or missing_cartons:
            open_exception(uow, actor, "inbound_discrepancy",
                           _("{number} ({ref}) closed with {n} discrepancies.", number=inbound.number,
                             ref=inbound.reference, n=len(discrepancies) + len(missing_cartons)),
                           warehouse_id=inbound.warehouse_id, ref=inbound.number,
                           detail={"discrepancies": discrepancies, "cartons_missing": missing_cartons})
        webhooks.enqueue(uow, inbound.seller_id, "inbound.closed", f"{inbound.number}:closed", inbound.outcome)
        if inbound.source_site:   # a peer's transfer: what arrived, and what did not, goes back to the sender
            outbox.post(uow, inbound.source_site, "transfer.received", inbound.transfer_ref or inbound.reference,
                        {"number": inbound.transfer_ref, **inbound.outcome})
        audit(uow, actor, "inbound.closed", "inbound", inbound.id, {"discrepancies": len(discrepancies)},
              seller_id=inbound.seller_id)
        return view(uow, inbound)

    return commands.run(uow, actor, key, "inbound.close", {"inbound": inbound_id}, InboundView, work)


def recent(uow: UnitOfWork, actor: Actor, limit: int = 30) -> list[InboundView]:
    """The newest inbound shipments first."""
    actor.require(Permission.RECEIVE, Permission.SUPERVISE)
    with uow.reading() as uow:
        rows = uow.session.execute(select(Inbound).order_by(Inbound.id.desc()).limit(min(limit, 500))).scalars()
        return [view(uow, i) for i in rows]


def get(uow: UnitOfWork, actor: Actor, inbound_id: int) -> InboundView:
    with uow.reading() as uow:
        inbound = uow.session.get(Inbound, inbound_id)
        if inbound is None or (actor.kind == "seller" and inbound.seller_id != actor.seller_id):
            raise NotFound(_("No inbound shipment {id}.", id=inbound_id))
        return view(uow, inbound)


@dataclass(frozen=True)
class PutAwayView:
    seller: str
    sku: str
    name: str
    lot: str
    quantity: int
    from_location: str
    suggested_bin: str
    message: str


def suggest_putaway(uow: UnitOfWork, warehouse_id: int, seller_id: int, product_id: int) -> Location | None:
    """Same seller's product first (a bin already holding it), else an empty bin of a zone it lives in."""
    same = uow.session.execute(
        select(Location).join(Stock, Stock.location_id == Location.id)
        .where(Location.warehouse_id == warehouse_id, Location.kind == "pick", Location.active.is_(True),
               Stock.seller_id == seller_id, Stock.product_id == product_id, Stock.quantity > 0)
        .order_by(Location.pick_sequence)).scalars().first()
    if same is not None:
        return same
    zones = select(Location.zone_id).join(Stock, Stock.location_id == Location.id).where(
        Stock.product_id == product_id, Location.warehouse_id == warehouse_id)
    busy = select(Stock.location_id).where(Stock.quantity > 0)
    q = select(Location).where(Location.warehouse_id == warehouse_id, Location.kind == "pick",
                               Location.active.is_(True), Location.id.not_in(busy))
    return (uow.session.execute(q.where(Location.zone_id.in_(zones)).order_by(Location.pick_sequence)).scalars().first()
            or uow.session.execute(q.order_by(Location.pick_sequence)).scalars().first())


def putaway_for(uow: UnitOfWork, actor: Actor, warehouse: int | str, raw: str,
                from_kind: str = "receiving") -> PutAwayView:
    """Scan a unit waiting at receiving: what it is, how many wait there, and the bin it should go to.
    `warehouse` is its code (or id)."""
    actor.require(Permission.RECEIVE)
    code = classify(raw)
    with uow.reading() as uow:
        warehouse_id = warehouse if isinstance(warehouse, int) else warehouse_by_code(uow, warehouse).id
        src = special_location(uow, warehouse_id, from_kind)
        rows = uow.session.execute(select(Stock, Product).join(Product, Product.id == Stock.product_id).where(
            Stock.location_id == src.id, Stock.quantity > Stock.allocated)).all()
        hits = [(s, p) for s, p in rows if matches(p, code) and (not code.lot or s.lot == code.lot)]
        if not hits:
            raise WrongScan(_("Nothing like that is waiting at {loc}.", loc=src.code))
        if len({s.seller_id for s, _p in hits}) > 1:
            raise WrongScan(_("Two sellers have this product waiting; scan the seller's product label."))
        stock, product = hits[0]
        target = suggest_putaway(uow, warehouse_id, stock.seller_id, product.id)
        seller = uow.session.get(Seller, stock.seller_id)
        return PutAwayView(seller.code, product.sku, product.name, stock.lot, stock.quantity - stock.allocated,
                           src.code, target.code if target else "",
                           _("Take {n} x {name} to {bin}.", n=stock.quantity - stock.allocated, name=product.name,
                             bin=target.code if target else "?"))


def put_away(uow: UnitOfWork, actor: Actor, seller: str, sku: str, lot: str, quantity: int, from_location: str,
             raw_bin: str, key: str | None = None) -> PutAwayView:
    """Scan the bin: the units move there and are pickable at once."""
    actor.require(Permission.RECEIVE)
    check_quantity(quantity)
    code = classify(raw_bin)

    def work(uow: UnitOfWork) -> PutAwayView:
        if code.kind != ScanKind.LOCATION:
            raise WrongScan(_("Scan the bin (a LOC- label)."))
        src = location_by_code(uow, from_location)
        dst = location_by_code(uow, code.value)
        if dst.warehouse_id != src.warehouse_id or dst.kind not in ("pick", "reserve"):
            raise WrongScan(_("{bin} is not a storage bin of this warehouse.", bin=dst.code))
        s = seller_by_code(uow, seller)
        product = uow.session.execute(select(Product).where(Product.seller_id == s.id, Product.sku == sku)
                                      ).scalar_one()
        ledger.apply(uow, Move(seller_id=s.id, product_id=product.id, quantity=quantity, reason="putaway",
                               from_location_id=src.id, to_location_id=dst.id, lot=lot))
        audit(uow, actor, "stock.put_away", "product", product.id,
              {"from": src.code, "to": dst.code, "quantity": quantity, "lot": lot}, seller_id=s.id)
        return PutAwayView(s.code, sku, product.name, lot, quantity, src.code, dst.code,
                           _("{n} x {name} put away in {bin}.", n=quantity, name=product.name, bin=dst.code))

    return commands.run(uow, actor, key, "stock.put_away", {"seller": seller, "sku": sku, "lot": lot, "q": quantity,
                                                            "from": from_location, "bin": raw_bin}, PutAwayView, work)

