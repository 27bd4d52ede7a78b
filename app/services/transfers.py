"""Transfers between warehouses: planned as an internal order (picked, packed and shipped by the same
flow as any order), in transit at a location of the transfer's own, received carton by carton."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from app.db import ledger
from app.db.ledger import Move
from app.db.models import (
    Location,
    Order,
    OrderLine,
    Package,
    PackageLine,
    Product,
    Seller,
    Stock,
    Transfer,
    TransferReceipt,
    Warehouse,
)
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError, InvalidInput, NotFound, WrongScan
from app.domain.roles import Actor, Permission
from app.domain.scanning import classify
from app.i18n import _
from app.services import commands, outbox, serials
from app.services.catalog import seller_by_code, warehouse_by_code
from app.services.commands import audit
from app.services.exceptions import open_exception
from app.services.views import special_location


@dataclass(frozen=True)
class TransferLineView:
    sku: str
    name: str
    planned: int
    picked: int
    shipped: int
    received: int
    gtin: str = ""


@dataclass(frozen=True)
class TransferView:
    id: int
    number: str
    seller: str
    from_warehouse: str
    to_warehouse: str
    status: str
    order_id: int | None
    lines: tuple[TransferLineView, ...]
    cartons: tuple[tuple[str, bool], ...]  # SSCC, received
    outcome: dict | None
    created_at: datetime


def _received(uow: UnitOfWork, transfer: Transfer) -> dict[str, int]:
    got: dict[str, int] = {}
    for counts in uow.session.execute(select(TransferReceipt.counts).where(
            TransferReceipt.transfer_id == transfer.id)).scalars():
        for sku, n in counts.items():
            got[sku] = got.get(sku, 0) + n
    return got


def view(uow: UnitOfWork, transfer: Transfer) -> TransferView:
    rows = uow.session.execute(select(OrderLine, Product).join(Product, Product.id == OrderLine.product_id)
                               .where(OrderLine.order_id == transfer.order_id).order_by(OrderLine.line_no)).all()
    got = _received(uow, transfer)
    received_pkgs = set(uow.session.execute(select(TransferReceipt.package_id).where(
        TransferReceipt.transfer_id == transfer.id)).scalars())
    cartons = tuple((p.sscc, p.id in received_pkgs) for p in uow.session.execute(select(Package).where(
        Package.order_id == transfer.order_id, Package.status == "shipped").order_by(Package.id)).scalars())
    return TransferView(
        transfer.id, transfer.number, uow.session.get(Seller, transfer.seller_id).code,
        uow.session.get(Warehouse, transfer.from_warehouse_id).code,
        uow.session.get(Warehouse, transfer.to_warehouse_id).code, transfer.status, transfer.order_id,
        tuple(TransferLineView(p.sku, p.name, l.quantity, l.quantity_picked, l.quantity_shipped, got.get(p.sku, 0),
                               p.gtin or "") for l, p in rows), cartons, transfer.outcome, transfer.created_at)


def plan(uow: UnitOfWork, actor: Actor, seller: str, from_warehouse: str, to_warehouse: str,
         lines: list[tuple[str, int]], key: str | None = None) -> TransferView:
    """Plan moving a seller's units to another warehouse: an internal order the floor picks and ships."""
    actor.require(Permission.SUPERVISE, Permission.SYSTEM)
    if from_warehouse == to_warehouse:
        raise InvalidInput(_("A transfer goes to another warehouse."), {"to_warehouse": "another warehouse"})
    if not lines:
        raise InvalidInput(_("Say what to move."), {"lines": "1 or more"})

    def work(uow: UnitOfWork) -> TransferView:
        return plan_in(uow, actor, seller, from_warehouse, to_warehouse, lines)

    return commands.run(uow, actor, key, "transfer.plan", {"seller": seller, "from": from_warehouse,
                                                           "to": to_warehouse, "lines": lines}, TransferView, work)


def plan_in(uow: UnitOfWork, actor: Actor, seller: str, from_warehouse: str, to_warehouse: str,
            lines: list[tuple[str, int]]) -> TransferView:
    """Plan a transfer inside the caller's transaction (the planner's approval makes several at once)."""
    s = seller_by_code(uow, seller)
    src, dst = warehouse_by_code(uow, from_warehouse), warehouse_by_code(uow, to_warehouse)
    if src.site is not None:
        raise InvalidInput(_("{code} is a warehouse of {site}: that site plans its transfers.",
                             code=src.code, site=src.site), {"from_warehouse": "a warehouse of this site"})
    number = f"TRF-{serials.take(uow, 'transfer', start=1001)}"
    transit = Location(warehouse_id=src.id, code=f"TRANSIT-{number}", kind="in_transit", pick_sequence=0)
    uow.session.add(transit)
    uow.session.flush()
    order = Order(seller_id=s.id, warehouse_id=src.id, external_ref=number, status="open",
                  service_level="standard", ship_by=uow.now() + timedelta(days=1), ship_to_name=dst.name,
                  ship_to_company=s.name,
                  ship_to_lines=[l for l in dst.address_lines.split("\n") if l] or [dst.name],
                  ship_to_city=dst.city or dst.name, ship_to_postal_code=dst.postal_code,
                  ship_to_country=dst.country, source="transfer", created_at=uow.now())
    uow.session.add(order)
    uow.session.flush()
    errors = {}
    for i, (sku, qty) in enumerate(lines, start=1):
        product = uow.session.execute(select(Product).where(Product.seller_id == s.id, Product.sku == sku)
                                      ).scalar_one_or_none()
        if product is None:
            errors[f"lines[{i - 1}].sku"] = _("{seller} has no product with SKU {sku}", seller=s.code, sku=sku)
        elif isinstance(qty, bool) or not isinstance(qty, int) or qty < 1:
            errors[f"lines[{i - 1}].quantity"] = _("a whole number, 1 or more")
        else:
            uow.session.add(OrderLine(order_id=order.id, seller_id=s.id, line_no=i, product_id=product.id,
                                      quantity=qty))
    if errors:
        raise InvalidInput(_("The transfer was not planned; see the fields."), errors)
    transfer = Transfer(number=number, seller_id=s.id, from_warehouse_id=src.id, to_warehouse_id=dst.id,
                        transit_location_id=transit.id, order_id=order.id, created_at=uow.now())
    uow.session.add(transfer)
    uow.session.flush()
    order.transfer_id = transfer.id
    audit(uow, actor, "transfer.planned", "transfer", transfer.id,
          {"number": number, "from": src.code, "to": dst.code, "lines": lines}, seller_id=s.id)
    uow.session.flush()
    return view(uow, transfer)


def transit_location(uow: UnitOfWork, order: Order) -> int | None:
    """Where a shipped carton's units go: a transfer's in-transit location; None (out of the network) else."""
    if order.transfer_id is None:
        return None
    return uow.session.get(Transfer, order.transfer_id).transit_location_id


def after_shipping(uow: UnitOfWork, order: Order) -> None:
    """Once every picked unit of a transfer has left, the transfer is in transit."""
    if order.transfer_id is None:
        return
    transfer = uow.session.get(Transfer, order.transfer_id, with_for_update=True)
    if all(l.quantity_shipped == l.quantity_picked and not l.quantity_allocated for l in order.lines):
        transfer.status, transfer.shipped_at = "in_transit", uow.now()
        dest = uow.session.get(Warehouse, transfer.to_warehouse_id)
        if dest.site is not None:    # another site's warehouse: it learns what comes, through the outbox
            outbox.post(uow, dest.site, "transfer.shipped", transfer.number, announcement(uow, transfer, dest))


def announcement(uow: UnitOfWork, transfer: Transfer, dest: Warehouse) -> dict:
    """What left, for the receiving site's inbound: cartons (SSCC) and units by SKU, lot and expiry."""
    lines = [{"sku": sku, "lot": lot, "expiry": expiry.isoformat() if expiry else None, "quantity": n}
             for sku, lot, expiry, n in uow.session.execute(
                 select(Product.sku, Stock.lot, Stock.expiry, Stock.quantity)
                 .join(Product, Product.id == Stock.product_id)
                 .where(Stock.location_id == transfer.transit_location_id, Stock.quantity > 0)
                 .order_by(Product.sku, Stock.lot))]
    cartons = list(uow.session.execute(select(Package.sscc).where(
        Package.order_id == transfer.order_id, Package.status == "shipped").order_by(Package.id)).scalars())
    return {"number": transfer.number, "seller": uow.session.get(Seller, transfer.seller_id).code,
            "from": uow.session.get(Warehouse, transfer.from_warehouse_id).code, "to": dest.code,
            "cartons": cartons, "lines": lines}


def settle_remote(uow: UnitOfWork, actor: Actor, transfer: Transfer, peer: str, outcome: dict) -> None:
    """The receiving site closed its inbound: what it received leaves this site's books (it is counted there
    now), what it did not is written off as lost; the transfer is closed with the other site's findings."""
    got: dict[str, int] = {}
    for line in outcome.get("lines", ()):
        got[line["sku"]] = got.get(line["sku"], 0) + int(line.get("received", 0)) + int(line.get("damaged", 0))
    lost = []
    for stock in uow.session.execute(select(Stock).where(Stock.location_id == transfer.transit_location_id,
                                                         Stock.quantity > 0).order_by(Stock.id)).scalars().all():
        product = uow.session.get(Product, stock.product_id)
        arrived = min(stock.quantity, got.get(product.sku, 0))
        got[product.sku] = got.get(product.sku, 0) - arrived
        n_lost = stock.quantity - arrived
        for n, reason in ((arrived, "transfer_delivered"), (n_lost, "transfer_lost")):
            if n:
                ledger.apply(uow, Move(seller_id=stock.seller_id, product_id=stock.product_id, quantity=n,
                                       reason=reason, from_location_id=transfer.transit_location_id, lot=stock.lot,
                                       ref_type="transfer", ref_id=transfer.id, note=peer))
        if n_lost:
            lost.append({"sku": product.sku, "lot": stock.lot, "quantity": n_lost})
    transfer.remote_status, transfer.remote_outcome = "closed", outcome
    transfer.status, transfer.closed_at = "closed", uow.now()
    transfer.received_at = transfer.received_at or uow.now()
    transfer.outcome = {"number": transfer.number, "lost_in_transit": lost,
                        "discrepancies": outcome.get("discrepancies", []), "received_at": peer}
    uow.session.get(Location, transfer.transit_location_id).active = False
    if lost or outcome.get("discrepancies"):
        open_exception(uow, actor, "transfer_discrepancy",
                       _("{number}: {site} received it with {n} discrepancies.", number=transfer.number, site=peer,
                         n=len(outcome.get("discrepancies", [])) + len(outcome.get("cartons_missing", []))),
                       warehouse_id=transfer.from_warehouse_id, ref=transfer.number,
                       detail={"discrepancies": outcome.get("discrepancies", []), "lost": lost})
    audit(uow, actor, "transfer.settled", "transfer", transfer.id, transfer.outcome, seller_id=transfer.seller_id)


def refresh_on_release(uow: UnitOfWork, order: Order) -> None:
    if order.transfer_id is not None:
        transfer = uow.session.get(Transfer, order.transfer_id)
        if transfer.status == "planned":
            transfer.status = "picking"


def receive_carton(uow: UnitOfWork, actor: Actor, raw: str, counts: dict[str, int] | None = None,
                   key: str | None = None) -> TransferView:
    """The destination scans a carton: what left comes in (or the counts found); differences are kept."""
    actor.require(Permission.RECEIVE)
    code = classify(raw)

    def work(uow: UnitOfWork) -> TransferView:
        if not code.sscc:
            raise WrongScan(_("Scan the carton's SSCC label."))
        pkg = uow.session.execute(select(Package).where(Package.sscc == code.sscc)).scalar_one_or_none()
        order = uow.session.get(Order, pkg.order_id) if pkg else None
        if order is None or order.transfer_id is None:
            raise WrongScan(_("That carton is not part of a transfer."))
        transfer = uow.session.get(Transfer, order.transfer_id, with_for_update=True)
        if pkg.status != "shipped":
            raise WrongScan(_("That carton has not left its warehouse yet."))
        if uow.session.execute(select(TransferReceipt.id).where(TransferReceipt.package_id == pkg.id)).first():
            raise WrongScan(_("Carton {sscc} of {number} was received already.", sscc=code.sscc,
                              number=transfer.number))
        shipped = dict(uow.session.execute(
            select(Product.sku, PackageLine.quantity).join(OrderLine, OrderLine.id == PackageLine.order_line_id)
            .join(Product, Product.id == OrderLine.product_id).where(PackageLine.package_id == pkg.id)).all())
        found = dict(shipped) if counts is None else {k: v for k, v in counts.items() if v}
        for sku, n in found.items():
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                raise InvalidInput(_("Counts are whole numbers."), {sku: "0 or more"})
        recv = special_location(uow, transfer.to_warehouse_id, "receiving")
        for sku in set(shipped) | set(found):
            product = uow.session.execute(select(Product).where(
                Product.seller_id == transfer.seller_id, Product.sku == sku)).scalar_one_or_none()
            if product is None:
                raise InvalidInput(_("{sku} is not this seller's product.", sku=sku), {sku: "unknown"})
            sent, got = shipped.get(sku, 0), found.get(sku, 0)
            moved = min(sent, got)
            for lot, n in _lots_in_transit(uow, transfer, product.id, moved):
                ledger.apply(uow, Move(seller_id=transfer.seller_id, product_id=product.id, quantity=n,
                                       reason="transfer_in", from_location_id=transfer.transit_location_id,
                                       to_location_id=recv.id, lot=lot, ref_type="transfer", ref_id=transfer.id,
                                       note=code.sscc))
            if got > sent:  # more than left: it comes in, with a trace, as a discrepancy
                ledger.apply(uow, Move(seller_id=transfer.seller_id, product_id=product.id, quantity=got - sent,
                                       reason="transfer_overage", to_location_id=recv.id, ref_type="transfer",
                                       ref_id=transfer.id, note=code.sscc))
        uow.session.add(TransferReceipt(transfer_id=transfer.id, package_id=pkg.id, counts=found,
                                        user_id=actor.user_id, at=uow.now()))
        if shipped != found:
            open_exception(uow, actor, "transfer_discrepancy",
                           _("{number}: carton {sscc} differs from what left ({sent} sent, {got} found).",
                             number=transfer.number, sscc=code.sscc, sent=sum(shipped.values()),
                             got=sum(found.values())),
                           warehouse_id=transfer.to_warehouse_id, ref=transfer.number,
                           detail={"sent": shipped, "found": found})
        uow.session.flush()
        transfer.status = "received" if all(got for _s, got in view(uow, transfer).cartons) else "receiving"
        if transfer.status == "received":
            transfer.received_at = uow.now()
        audit(uow, actor, "transfer.carton_received", "transfer", transfer.id, {"sscc": code.sscc, "found": found},
              seller_id=transfer.seller_id)
        return view(uow, transfer)

    return commands.run(uow, actor, key, "transfer.receive", {"code": raw, "counts": counts}, TransferView, work)


def _lots_in_transit(uow: UnitOfWork, transfer: Transfer, product_id: int, quantity: int) -> list[tuple[str, int]]:
    rows = uow.session.execute(select(Stock.lot, Stock.quantity).where(
        Stock.location_id == transfer.transit_location_id, Stock.product_id == product_id, Stock.quantity > 0)
        .order_by(Stock.lot)).all()
    out, left = [], quantity
    for lot, n in rows:
        if left <= 0:
            break
        out.append((lot, min(n, left)))
        left -= min(n, left)
    return out if left <= 0 else [*out, ("", left)]


def close(uow: UnitOfWork, actor: Actor, transfer_id: int, key: str | None = None) -> TransferView:
    """Close a received transfer; what is still in transit (lost cartons, short counts) is written off."""
    actor.require(Permission.SUPERVISE)

    def work(uow: UnitOfWork) -> TransferView:
        transfer = uow.session.get(Transfer, transfer_id, with_for_update=True)
        if transfer is None:
            raise NotFound(_("No such transfer."))
        if (dest := uow.session.get(Warehouse, transfer.to_warehouse_id)).site is not None:
            raise DomainError(_("{number} goes to {site}: it closes when {site} reports what it received.",
                                number=transfer.number, site=dest.site))
        if transfer.status not in ("received", "receiving", "in_transit"):
            raise DomainError(_("{number} is {status}; it can be closed once it has left.",
                                number=transfer.number, status=transfer.status))
        left = uow.session.execute(select(Stock).where(Stock.location_id == transfer.transit_location_id,
                                                       Stock.quantity > 0)).scalars().all()
        lost = []
        for stock in left:
            product = uow.session.get(Product, stock.product_id)
            lost.append({"sku": product.sku, "lot": stock.lot, "quantity": stock.quantity})
            ledger.apply(uow, Move(seller_id=stock.seller_id, product_id=stock.product_id, quantity=stock.quantity,
                                   reason="transfer_lost", from_location_id=transfer.transit_location_id,
                                   lot=stock.lot, ref_type="transfer", ref_id=transfer.id))
        v = view(uow, transfer)
        discrepancies = [{"sku": l.sku, "shipped": l.shipped, "received": l.received} for l in v.lines
                         if l.shipped != l.received]
        transfer.status, transfer.closed_at = "closed", uow.now()
        transfer.outcome = {"number": transfer.number, "lost_in_transit": lost, "discrepancies": discrepancies}
        uow.session.get(Location, transfer.transit_location_id).active = False
        audit(uow, actor, "transfer.closed", "transfer", transfer.id, transfer.outcome, seller_id=transfer.seller_id)
        return view(uow, transfer)

    return commands.run(uow, actor, key, "transfer.close", {"transfer": transfer_id}, TransferView, work)


def recent(uow: UnitOfWork, actor: Actor, limit: int = 30) -> list[TransferView]:
    """The newest transfers first."""
    actor.require(Permission.SUPERVISE, Permission.RECEIVE)
    with uow.reading() as uow:
        rows = uow.session.execute(select(Transfer).order_by(Transfer.id.desc()).limit(min(limit, 500))).scalars()
        return [view(uow, t) for t in rows]


def by_carton(uow: UnitOfWork, actor: Actor, raw: str) -> TransferView:
    """The transfer a scanned carton (SSCC) belongs to."""
    actor.require(Permission.RECEIVE)
    code = classify(raw)
    with uow.reading() as uow:
        transfer = uow.session.execute(select(Transfer).join(Package, Package.order_id == Transfer.order_id).where(
            Package.sscc == (code.sscc or raw.strip()))).scalars().first()
        if transfer is None:
            raise NotFound(_("That carton is not part of a transfer."))
        return view(uow, transfer)


def get(uow: UnitOfWork, actor: Actor, transfer_id: int) -> TransferView:
    actor.require(Permission.SUPERVISE, Permission.RECEIVE)
    with uow.reading() as uow:
        transfer = uow.session.get(Transfer, transfer_id)
        if transfer is None:
            raise NotFound(_("No such transfer."))
        return view(uow, transfer)
