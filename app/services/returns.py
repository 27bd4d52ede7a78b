"""Free returns: authorise an RMA (with its return label), find it at the kiosk, close it with its outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.db.models import (
    Order,
    OrderLine,
    Package,
    PrintJob,
    Product,
    ReturnPhoto,
    ReturnUnit,
    Rma,
    RmaLine,
    Seller,
    Station,
    Warehouse,
)
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from app.domain.orders import clean_text
from app.domain.roles import Actor, Permission
from app.domain.scanning import ScanKind, classify
from app.i18n import _
from app.services import commands, printjobs, serials, webhooks
from app.services.commands import audit
from app.services.exceptions import open_exception
from app.services.printjobs import default_printer, enqueue
from app.services.views import location_code

MAX_LINES = 100


@dataclass(frozen=True)
class RmaLineView:
    line_id: int
    sku: str
    name: str
    gtin: str
    image: str
    authorised: int
    received: int
    reason: str
    missing: int = 0


@dataclass(frozen=True)
class UnitView:
    id: int
    sku: str
    name: str
    status: str
    grade: str
    observed_reason: str
    notes: str
    proposed: str
    disposition: str
    override_reason: str
    location: str
    suggested_bin: str
    photos: int
    label_job: str = ""  # the restock label's print job (its PDF at /print/<id>.pdf)


@dataclass(frozen=True)
class RmaView:
    id: int
    number: str
    status: str
    unexpected: bool
    order_id: int
    order_ref: str
    seller: str
    warehouse: str
    buyer_name: str
    buyer_reason: str
    lines: tuple[RmaLineView, ...]
    units: tuple[UnitView, ...]
    label_job: str
    outcome: dict | None
    created_at: datetime


@dataclass(frozen=True)
class LineRequest:
    sku: str
    quantity: int
    reason: str = ""


def unit_view(uow: UnitOfWork, u: ReturnUnit) -> UnitView:
    product = uow.session.get(Product, u.product_id) if u.product_id else None
    photos = uow.session.execute(select(func.count(ReturnPhoto.id)).where(ReturnPhoto.unit_id == u.id)).scalar_one()
    label = uow.session.execute(select(PrintJob.public_id).where(
        PrintJob.subject_type == "return_unit", PrintJob.subject_id == u.id).order_by(PrintJob.id.desc())
        .limit(1)).scalar_one_or_none() or ""
    return UnitView(u.id, product.sku if product else "", product.name if product else u.scanned, u.status,
                    u.grade or "", u.observed_reason, u.notes, u.proposed or "", u.disposition or "",
                    u.override_reason, location_code(uow, u.location_id), location_code(uow, u.suggested_bin_id),
                    photos, label)


def rma_view(uow: UnitOfWork, rma: Rma) -> RmaView:
    order = uow.session.get(Order, rma.order_id)
    rows = uow.session.execute(select(RmaLine, Product).join(Product, Product.id == RmaLine.product_id)
                               .where(RmaLine.rma_id == rma.id).order_by(RmaLine.id)).all()
    units = uow.session.execute(select(ReturnUnit).where(ReturnUnit.rma_id == rma.id).order_by(ReturnUnit.id)
                                ).scalars().all()
    received: dict[int, int] = {}
    missing: dict[int, int] = {}
    for u in units:
        if u.rma_line_id:
            tally = missing if u.grade == "missing" else received
            tally[u.rma_line_id] = tally.get(u.rma_line_id, 0) + 1
    lines = tuple(RmaLineView(l.id, p.sku, p.name, p.gtin or "", p.image_path or "", l.quantity,
                              received.get(l.id, 0), l.reason, missing.get(l.id, 0)) for l, p in rows)
    label = uow.session.execute(select(PrintJob.public_id).where(
        PrintJob.subject_type == "rma", PrintJob.subject_id == rma.id, PrintJob.document == "return_label")
        .order_by(PrintJob.id)).scalars().first() or ""
    return RmaView(rma.id, rma.number, rma.status, rma.unexpected, order.id, order.external_ref,
                   uow.session.get(Seller, rma.seller_id).code, uow.session.get(Warehouse, rma.warehouse_id).code,
                   order.ship_to_name, rma.buyer_reason, lines, tuple(unit_view(uow, u) for u in units), label,
                   rma.outcome, rma.created_at)


def _already_authorised(uow: UnitOfWork, order_line_id: int) -> int:
    return uow.session.execute(select(func.coalesce(func.sum(RmaLine.quantity), 0)).where(
        RmaLine.order_line_id == order_line_id)).scalar_one()


def authorise(uow: UnitOfWork, actor: Actor, order_id: int, lines: list[LineRequest], buyer_reason: str = "",
              key: str | None = None) -> RmaView:
    """An RMA for lines of a shipped order, with a prepaid return label for the buyer to print."""
    if actor.kind != "seller":
        actor.require(Permission.SUPERVISE)
    if not lines or len(lines) > MAX_LINES:
        raise InvalidInput(_("Say which lines come back (1 to {n}).", n=MAX_LINES), {"lines": "1 or more"})
    try:
        reason = clean_text(buyer_reason or "")[:300]
    except ValueError as exc:
        raise InvalidInput(_("The reason has characters that cannot be stored."), {"reason": str(exc)}) from None
    payload = {"order": order_id, "lines": lines, "reason": reason}

    def work(uow: UnitOfWork) -> RmaView:
        order = uow.session.get(Order, order_id, with_for_update=True)
        if order is None or (actor.kind == "seller" and order.seller_id != actor.seller_id):
            raise NotFound(_("No order {id}.", id=order_id))
        errors: dict[str, str] = {}
        wanted: list[tuple[OrderLine, int, str]] = []
        seen = set()
        for i, req in enumerate(lines):
            line = uow.session.execute(select(OrderLine).join(Product, Product.id == OrderLine.product_id).where(
                OrderLine.order_id == order.id, Product.sku == req.sku)).scalar_one_or_none()
            if line is None:
                errors[f"lines[{i}].sku"] = _("{sku} is not a line of order {ref}", sku=req.sku, ref=order.external_ref)
                continue
            if line.id in seen:
                errors[f"lines[{i}].sku"] = _("this SKU is listed twice")
                continue
            seen.add(line.id)
            if isinstance(req.quantity, bool) or not isinstance(req.quantity, int) or req.quantity < 1:
                errors[f"lines[{i}].quantity"] = _("a whole number, 1 or more")
                continue
            if line.quantity_shipped == 0:
                errors[f"lines[{i}].sku"] = _("nothing of {sku} was shipped yet", sku=req.sku)
                continue
            room = line.quantity_shipped - _already_authorised(uow, line.id)
            if req.quantity > room:
                errors[f"lines[{i}].quantity"] = _("only {n} more can be returned (shipped {shipped})", n=room,
                                                   shipped=line.quantity_shipped)
                continue
            wanted.append((line, req.quantity, (req.reason or "")[:200]))
        if errors:
            raise InvalidInput(_("The return was not authorised; see the fields."), errors)
        rma = Rma(number=f"RMA-{serials.take(uow, 'rma', start=100001)}", seller_id=order.seller_id,
                  order_id=order.id, warehouse_id=order.warehouse_id, buyer_reason=reason,
                  source="api" if actor.kind == "seller" else "supervisor", created_at=uow.now())
        uow.session.add(rma)
        uow.session.flush()
        for line, qty, why in wanted:
            uow.session.add(RmaLine(rma_id=rma.id, order_line_id=line.id, seller_id=order.seller_id,
                                    product_id=line.product_id, quantity=qty, reason=why))
        uow.session.flush()
        enqueue(uow, actor, "return_label", "rma", rma.id, default_printer(uow))
        audit(uow, actor, "return.authorised", "rma", rma.id, {"number": rma.number, "order": order.external_ref,
                                                              "units": sum(q for _l, q, _w in wanted)},
              seller_id=order.seller_id, order_id=order.id)
        return rma_view(uow, rma)

    return commands.run(uow, actor, key, "return.authorise", payload, RmaView, work)


def _station_warehouse(uow: UnitOfWork, actor: Actor) -> int | None:
    station = uow.session.get(Station, actor.station_id) if actor.station_id else None
    return station.warehouse_id if station else None


def check_warehouse(uow: UnitOfWork, actor: Actor, rma: Rma) -> None:
    here = _station_warehouse(uow, actor)
    if here is not None and here != rma.warehouse_id:
        wh = uow.session.get(Warehouse, rma.warehouse_id)
        raise DomainError(_("{number} goes to warehouse {code}, not this one. Set the parcel aside for transfer.",
                            number=rma.number, code=wh.code))


@dataclass(frozen=True)
class Found:
    rma: RmaView | None
    order_id: int | None
    order_ref: str
    message: str


def find(uow: UnitOfWork, actor: Actor, raw: str) -> Found:
    """What a parcel at the desk is: by return label / RMA number, or the original package / tracking number."""
    actor.require(Permission.RETURNS)
    code = classify(raw)
    with uow.reading() as uow:
        rma = None
        order = None
        if code.kind == ScanKind.RMA:
            rma = uow.session.execute(select(Rma).where(Rma.number == f"RMA-{code.value}")).scalar_one_or_none()
            if rma is None:
                raise NotFound(_("No return {number}. Check the label, or receive it against its order.",
                                 number=f"RMA-{code.value}"))
        else:
            text = raw.strip().upper()
            pkg = uow.session.execute(select(Package).where(
                (Package.tracking_number == text) | (Package.sscc == (code.sscc or text)))).scalar_one_or_none()
            if pkg is None and code.kind == ScanKind.ORDER:
                order = uow.session.execute(select(Order).where(Order.external_ref == code.value)).scalars().first()
            elif pkg is not None:
                order = uow.session.get(Order, pkg.order_id)
            if order is None:
                raise NotFound(_("Not a return label, RMA or package we know."))
            rma = uow.session.execute(select(Rma).where(Rma.order_id == order.id, Rma.status != "closed")
                                      .order_by(Rma.id)).scalars().first()
        if rma is not None:
            check_warehouse(uow, actor, rma)
            view = rma_view(uow, rma)
            return Found(view, view.order_id, view.order_ref, _("Return {number}: check what is inside.",
                                                                number=rma.number))
        return Found(None, order.id, order.external_ref,
                     _("Order {ref} has no open return. Receive it as an unexpected return?", ref=order.external_ref))


def receive_unexpected(uow: UnitOfWork, actor: Actor, order_id: int, key: str | None = None) -> RmaView:
    """A parcel with no RMA: open one against its order, flagged for the supervisor."""
    actor.require(Permission.RETURNS)

    def work(uow: UnitOfWork) -> RmaView:
        order = uow.session.get(Order, order_id, with_for_update=True)
        if order is None:
            raise NotFound(_("No order {id}.", id=order_id))
        shipped = [l for l in order.lines if l.quantity_shipped > _already_authorised(uow, l.id)]
        if not shipped:
            raise DomainError(_("Nothing of order {ref} is left that could come back.", ref=order.external_ref))
        rma = Rma(number=f"RMA-{serials.take(uow, 'rma', start=100001)}", seller_id=order.seller_id,
                  order_id=order.id, warehouse_id=_station_warehouse(uow, actor) or order.warehouse_id,
                  unexpected=True, source="unexpected", status="receiving", created_at=uow.now(),
                  received_at=uow.now())
        uow.session.add(rma)
        uow.session.flush()
        for line in shipped:
            uow.session.add(RmaLine(rma_id=rma.id, order_line_id=line.id, seller_id=order.seller_id,
                                    product_id=line.product_id,
                                    quantity=line.quantity_shipped - _already_authorised(uow, line.id)))
        uow.session.flush()
        open_exception(uow, actor, "unexpected_return",
                       _("Unexpected return of order {ref} received as {number}.", ref=order.external_ref,
                         number=rma.number), warehouse_id=rma.warehouse_id, order_id=order.id, ref=rma.number)
        return rma_view(uow, rma)

    return commands.run(uow, actor, key, "return.unexpected", {"order": order_id}, RmaView, work)


def get(uow: UnitOfWork, actor: Actor, number_or_id: str | int) -> RmaView:
    """One RMA: the seller sees only its own; clerks and supervisors see all."""
    with uow.reading() as uow:
        rma = (uow.session.get(Rma, number_or_id) if isinstance(number_or_id, int) else
               uow.session.execute(select(Rma).where(Rma.number == str(number_or_id).upper())).scalar_one_or_none())
        if rma is None or (actor.kind == "seller" and rma.seller_id != actor.seller_id):
            raise NotFound(_("No return {number}.", number=number_or_id))
        if actor.kind == "user" and not (actor.can(Permission.RETURNS) or actor.can(Permission.SUPERVISE)):
            raise PermissionDenied(_("Returns are for returns clerks and supervisors."))
        return rma_view(uow, rma)


def close(uow: UnitOfWork, actor: Actor, rma_id: int, key: str | None = None) -> RmaView:
    """Close the RMA: what never came is recorded missing, the outcome is kept and sent to the seller."""
    actor.require(Permission.RETURNS)

    def work(uow: UnitOfWork) -> RmaView:
        rma = uow.session.get(Rma, rma_id, with_for_update=True)
        if rma is None:
            raise NotFound(_("No such return."))
        if rma.status == "closed":
            raise DomainError(_("{number} is closed already.", number=rma.number))
        check_warehouse(uow, actor, rma)
        units = uow.session.execute(select(ReturnUnit).where(ReturnUnit.rma_id == rma.id)).scalars().all()
        pending = [u for u in units if u.status != "done"]
        if pending:
            raise DomainError(_("{n} unit(s) still need a grade, a decision or a put-away scan.", n=len(pending)))
        view = rma_view(uow, rma)
        for line in view.lines:
            short = line.authorised - line.received - line.missing
            if short > 0 and not rma.unexpected:
                for _i in range(short):
                    uow.session.add(ReturnUnit(rma_id=rma.id, rma_line_id=line.line_id, seller_id=rma.seller_id,
                                               product_id=_product_of_line(uow, line.line_id), status="done",
                                               grade="missing", disposition="missing", user_id=actor.user_id,
                                               station_id=actor.station_id, received_at=uow.now(),
                                               disposed_at=uow.now()))
            elif short > 0:  # an unexpected return promised nothing: what came is what counts
                uow.session.get(RmaLine, line.line_id).quantity = line.received
        uow.session.flush()
        rma.status, rma.closed_at, rma.closed_by = "closed", uow.now(), actor.user_id
        rma.outcome = outcome(uow, rma)
        webhooks.enqueue(uow, rma.seller_id, "return.closed", f"{rma.number}:closed", rma.outcome)
        audit(uow, actor, "return.closed", "rma", rma.id, {"number": rma.number, "units": len(units)},
              seller_id=rma.seller_id, order_id=rma.order_id)
        return rma_view(uow, rma)

    return commands.run(uow, actor, key, "return.close", {"rma": rma_id}, RmaView, work)


def _product_of_line(uow: UnitOfWork, line_id: int) -> int:
    return uow.session.get(RmaLine, line_id).product_id


def outcome(uow: UnitOfWork, rma: Rma) -> dict:
    """What the shop needs to refund the buyer: per line what came back, in what state, where it went."""
    view = rma_view(uow, rma)
    lines = []
    for line in view.lines:
        mine = [u for u in view.units if u.sku == line.sku and u.grade not in ("wrong_item", "not_ours")]
        lines.append({
            "sku": line.sku, "authorised": line.authorised, "received": line.received,
            "missing": sum(1 for u in mine if u.grade == "missing"),
            "grades": _count(u.grade for u in mine if u.grade != "missing"),
            "dispositions": _count(u.disposition for u in mine if u.disposition != "missing"),
            "refundable": sum(1 for u in mine if u.grade in ("A", "B", "C", "D")),
        })
    extra = [{"sku": u.sku, "description": u.name, "grade": u.grade, "disposition": u.disposition}
             for u in view.units if u.grade in ("wrong_item", "not_ours")]
    return {"event": "return.closed", "rma": rma.number, "order_id": view.order_id, "order_ref": view.order_ref,
            "seller": view.seller, "unexpected": rma.unexpected, "closed_at": (rma.closed_at or uow.now()).isoformat(),
            "lines": lines, "other_items": extra,
            "refund": {"units": sum(l["refundable"] for l in lines)}}


def _count(values) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


def evidence_pdf(uow: UnitOfWork, actor: Actor, setup: printjobs.PrintSetup, number: str) -> tuple[str, bytes]:
    """The return's evidence pack as a PDF, rendered for reading: nothing is written (a seller's download is
    not a print job)."""
    view = get(uow, actor, number)
    with uow.reading() as uow:
        job = PrintJob(document="evidence_pack", subject_type="rma", subject_id=view.id, params=None)
        return view.number, printjobs.render(uow, job, 203, "pdf", setup.photos_dir)


def evidence_job(uow: UnitOfWork, actor: Actor, rma_id: int, key: str | None = None) -> printjobs.JobView:
    """The return's evidence pack as a printed document for a dispute (PDF at /print/<id>.pdf)."""
    if actor.kind == "seller":
        with uow:
            rma = uow.session.get(Rma, rma_id)
            if rma is None or rma.seller_id != actor.seller_id:
                raise NotFound(_("No such return."))
    else:
        actor.require(Permission.RETURNS, Permission.SUPERVISE)
    return printjobs.browser_pdf(uow, actor, "evidence_pack", "rma", rma_id, key=key)
