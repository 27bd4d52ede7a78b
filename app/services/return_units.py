"""At the returns desk, unit by unit: receive (scan), grade, photograph, decide, put away."""

from __future__ import annotations

import hashlib
import io
import uuid
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select

from app.db import activity, ledger
from app.db.ledger import Move
from app.db.models import Location, Product, ReturnPhoto, ReturnUnit, Rma, RmaLine, Seller, Stock
from app.db.uow import UnitOfWork
from app.domain import returns as rules
from app.domain.errors import DomainError, InvalidInput, NotFound, WrongScan
from app.domain.roles import Actor, Permission
from app.domain.scanning import ITEMS, ScanKind, classify, matches
from app.i18n import _
from app.services import commands, webhooks
from app.services.catalog import location_by_code
from app.services.commands import audit
from app.services.exceptions import close_open, open_exception
from app.services.printjobs import enqueue
from app.services.returns import RmaView, UnitView, check_warehouse, rma_view, unit_view
from app.services.views import special_location

MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}


@dataclass(frozen=True)
class Received:
    unit: UnitView
    rma: RmaView
    message: str


def _rma(uow: UnitOfWork, actor: Actor, rma_id: int) -> Rma:
    rma = uow.session.get(Rma, rma_id, with_for_update=True)
    if rma is None:
        raise NotFound(_("No such return."))
    if rma.status == "closed":
        raise DomainError(_("{number} is closed.", number=rma.number))
    check_warehouse(uow, actor, rma)
    return rma


def _unit(uow: UnitOfWork, actor: Actor, unit_id: int, *, closed_ok: bool = False) -> tuple[ReturnUnit, Rma]:
    unit = uow.session.get(ReturnUnit, unit_id, with_for_update=True)
    if unit is None:
        raise NotFound(_("No such returned unit."))
    if closed_ok:
        return unit, uow.session.get(Rma, unit.rma_id)
    return unit, _rma(uow, actor, unit.rma_id)


def receive(uow: UnitOfWork, actor: Actor, rma_id: int, raw: str, *, as_extra: bool = False,
            key: str | None = None) -> Received:
    """One unit out of the parcel: on the RMA it is received; anything else is recorded as a wrong item."""
    actor.require(Permission.RETURNS)
    code = classify(raw)

    def work(uow: UnitOfWork) -> Received:
        rma = _rma(uow, actor, rma_id)
        if code.kind == ScanKind.INVALID or not code.raw.strip():
            raise WrongScan(code.message or _("Scan the item's barcode."))
        if code.kind not in ITEMS:  # a bin, tote, badge or parcel label is not an item
            raise WrongScan(_("That is a {kind} label, not an item. Scan the item's barcode.", kind=code.kind))
        view = rma_view(uow, rma)
        seller_products = uow.session.execute(select(Product).where(Product.seller_id == rma.seller_id)).scalars()
        product = next((p for p in seller_products if matches(p, code)), None)
        line = next((l for l in view.lines if product and l.sku == product.sku), None)
        grade = None
        if line is not None and line.received >= line.authorised and not as_extra:
            raise WrongScan(_("All {n} authorised units of {sku} are received. If another one is in the parcel, "
                              "record it as an extra item.", n=line.authorised, sku=line.sku))
        if line is None or line.received >= line.authorised:
            grade = "wrong_item" if product is not None else "not_ours"
        unit = ReturnUnit(rma_id=rma.id, rma_line_id=line.line_id if line and grade is None else None,
                          seller_id=rma.seller_id, product_id=product.id if product else None,
                          scanned=code.raw[:120], grade=grade, status="graded" if grade else "received",
                          user_id=actor.user_id, station_id=actor.station_id, received_at=uow.now())
        uow.session.add(unit)
        uow.session.flush()
        returns_loc = special_location(uow, rma.warehouse_id, "returns")
        if product is not None:  # the seller's unit is physically here now: it enters the books at returns
            ledger.apply(uow, Move(seller_id=rma.seller_id, product_id=product.id, quantity=1, reason="return_in",
                                   to_location_id=returns_loc.id, ref_type="return_unit", ref_id=unit.id,
                                   note=rma.number))
        unit.location_id = returns_loc.id
        if grade:
            seller = uow.session.get(Seller, rma.seller_id)
            unit.proposed = rules.propose(grade, seller.return_rules, product.return_rules if product else None)
        if rma.status == "authorised":
            rma.status, rma.received_at = "receiving", uow.now()
            webhooks.enqueue(uow, rma.seller_id, "return.received", f"{rma.number}:received",
                             {"rma": rma.number, "order_id": rma.order_id, "received_at": uow.now().isoformat()})
        audit(uow, actor, "return.unit_received", "return_unit", unit.id,
              {"rma": rma.number, "scanned": code.raw[:60], "grade": grade},
              seller_id=rma.seller_id, order_id=rma.order_id)
        uow.session.flush()
        message = (_("{sku} received: grade it.", sku=product.sku) if grade is None else
                   _("Not on this return: recorded as a wrong item.") if grade == "wrong_item" else
                   _("Not one of this seller's products: recorded as not our item."))
        return Received(unit_view(uow, unit), rma_view(uow, rma), message)

    return commands.run(uow, actor, key, "return.receive", {"rma": rma_id, "code": raw, "extra": as_extra},
                        Received, work)


def grade(uow: UnitOfWork, actor: Actor, unit_id: int, grade: str, observed_reason: str, notes: str = "",
          key: str | None = None) -> UnitView:
    """Condition grade and observed reason; the seller's rules propose a disposition."""
    actor.require(Permission.RETURNS)
    if grade not in rules.GRADES or grade == "missing":
        raise InvalidInput(_("Pick a grade."), {"grade": ", ".join(g for g in rules.GRADES if g != "missing")})
    if observed_reason not in rules.OBSERVED_REASONS:
        raise InvalidInput(_("Pick what you see."), {"observed_reason": ", ".join(rules.OBSERVED_REASONS)})
    notes = (notes or "").strip()[:500]

    def work(uow: UnitOfWork) -> UnitView:
        unit, rma = _unit(uow, actor, unit_id)
        if unit.status not in ("received", "graded"):
            raise DomainError(_("This unit already has its decision."))
        product = uow.session.get(Product, unit.product_id) if unit.product_id else None
        if product is None and grade != "not_ours":
            raise DomainError(_("An item that is not the seller's can only be graded 'not our item'."))
        unit.grade, unit.observed_reason, unit.notes, unit.status = grade, observed_reason, notes, "graded"
        seller = uow.session.get(Seller, rma.seller_id)
        unit.proposed = rules.propose(grade, seller.return_rules, product.return_rules if product else None)
        audit(uow, actor, "return.graded", "return_unit", unit.id,
              {"grade": grade, "reason": observed_reason, "proposed": unit.proposed},
              seller_id=rma.seller_id, order_id=rma.order_id)
        return unit_view(uow, unit)

    return commands.run(uow, actor, key, "return.grade", {"unit": unit_id, "grade": grade, "why": observed_reason,
                                                          "notes": notes}, UnitView, work)


@dataclass(frozen=True)
class PhotoView:
    id: int
    file_name: str
    content_type: str
    size: int
    width: int
    height: int


@dataclass(frozen=True)
class Thumbnail:
    """A unit's photo made small for a screen: JPEG bytes, or nothing when its file is gone or unreadable."""

    photo_id: int
    data: bytes | None


THUMBNAIL_EDGE = 320   # px, the longest side: sharp at the kiosk's 160 px tiles on a 2x screen


def thumbnails(uow: UnitOfWork, actor: Actor, photos_dir: Path, unit_id: int) -> list[Thumbnail]:
    """The unit's photos, oldest first, each at most THUMBNAIL_EDGE px (the stored file is not changed)."""
    actor.require(Permission.RETURNS, Permission.SUPERVISE)
    with uow.reading() as uow:
        if uow.session.get(ReturnUnit, unit_id) is None:
            raise NotFound(_("No such returned unit."))
        photos = uow.session.execute(select(ReturnPhoto.id, ReturnPhoto.file_name).where(
            ReturnPhoto.unit_id == unit_id).order_by(ReturnPhoto.id)).all()
    return [Thumbnail(photo_id, _small(photos_dir / name)) for photo_id, name in photos]


def _small(path: Path) -> bytes | None:
    try:
        with Image.open(path) as img:
            small = ImageOps.exif_transpose(img)   # a phone or kiosk camera's "rotate me" tag, applied
            small.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE))
            out = io.BytesIO()
            small.convert("RGB").save(out, "JPEG", quality=80)
            return out.getvalue()
    except (OSError, UnidentifiedImageError, ValueError):   # the file was removed or damaged on disk
        return None


def add_photo(uow: UnitOfWork, actor: Actor, photos_dir: Path, unit_id: int, data: bytes,
              key: str | None = None) -> PhotoView:
    """A photo of a unit: an image of at most 5 MB, stored under a name the server makes."""
    actor.require(Permission.RETURNS)
    if not isinstance(data, bytes | bytearray) or not data:
        raise InvalidInput(_("The photo is empty."), {"photo": "required"})
    if len(data) > MAX_PHOTO_BYTES:
        raise InvalidInput(_("The photo is {mb} MB; at most 5 MB.", mb=round(len(data) / 1048576, 1)),
                           {"photo": "at most 5 MB"})
    try:
        with Image.open(io.BytesIO(data)) as img:
            kind, size = img.format, img.size
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InvalidInput(_("That file is not a photo (JPEG, PNG or WebP)."), {"photo": "JPEG, PNG or WebP"}) from None
    if kind not in PHOTO_TYPES:
        raise InvalidInput(_("That file is not a photo (JPEG, PNG or WebP)."), {"photo": "JPEG, PNG or WebP"})
    content_type, ext = PHOTO_TYPES[kind]
    name = f"{uuid.uuid4().hex}.{ext}"

    def work(uow: UnitOfWork) -> PhotoView:
        unit, rma = _unit(uow, actor, unit_id)
        photos_dir.mkdir(parents=True, exist_ok=True)
        tmp = photos_dir / f".{name}.part"
        tmp.write_bytes(bytes(data))
        tmp.replace(photos_dir / name)  # the file is whole before the row that names it commits
        photo = ReturnPhoto(unit_id=unit.id, file_name=name, content_type=content_type, size=len(data),
                            width=size[0], height=size[1], user_id=actor.user_id, created_at=uow.now())
        uow.session.add(photo)
        uow.session.flush()
        audit(uow, actor, "return.photo", "return_unit", unit.id, {"file": name, "bytes": len(data)},
              seller_id=rma.seller_id, order_id=rma.order_id)
        return PhotoView(photo.id, name, content_type, len(data), size[0], size[1])

    try:
        return commands.run(uow, actor, key, "return.photo", {"unit": unit_id, "bytes": len(data),
                                                              "digest": hashlib.sha256(data).hexdigest()},
                            PhotoView, work)
    except BaseException:
        (photos_dir / name).unlink(missing_ok=True)  # no row names it: nothing half-saved
        raise


def dispose(uow: UnitOfWork, actor: Actor, unit_id: int, disposition: str, override_reason: str = "",
            key: str | None = None) -> UnitView:
    """Decide where the unit goes. Restock waits for a bin scan; everything else moves now."""
    actor.require(Permission.RETURNS)
    if disposition not in rules.DISPOSITIONS:
        raise InvalidInput(_("Pick a decision."), {"disposition": ", ".join(rules.DISPOSITIONS)})
    override_reason = (override_reason or "").strip()[:300]

    def work(uow: UnitOfWork) -> UnitView:
        unit, rma = _unit(uow, actor, unit_id)
        if unit.status != "graded":
            raise DomainError(_("Grade the unit first.") if unit.status == "received"
                              else _("This unit already has its decision."))
        decision = rules.decide(disposition, proposed=unit.proposed, override_reason=override_reason,
                                ours=unit.product_id is not None)
        unit.override_reason = decision.override_reason
        _send(uow, actor, unit, rma, decision)
        if not decision.waits_for_bin:
            unit.status, unit.disposed_at = "done", uow.now()
            activity.count(uow, "return", rma.warehouse_id, user_id=actor.user_id)
            if disposition == "quarantine":
                _quarantined(uow, actor, unit, rma, unit.location_id)
        audit(uow, actor, "return.disposed", "return_unit", unit.id,
              {"disposition": disposition, "proposed": unit.proposed, "override_reason": override_reason},
              seller_id=rma.seller_id, order_id=rma.order_id)
        return unit_view(uow, unit)

    return commands.run(uow, actor, key, "return.dispose", {"unit": unit_id, "disposition": disposition,
                                                            "why": override_reason}, UnitView, work)


def _send(uow: UnitOfWork, actor: Actor, unit: ReturnUnit, rma: Rma, decision: rules.Decision) -> None:
    """Record the decision: restock waits for a bin scan (label printed), anything else moves there now."""
    unit.disposition = decision.disposition
    if decision.waits_for_bin:
        unit.status = "to_put_away"
        unit.suggested_bin_id = suggest_bin(uow, rma.warehouse_id, rma.seller_id, unit.product_id)
        enqueue(uow, actor, "restock_label", "return_unit", unit.id)
    else:
        dest = special_location(uow, rma.warehouse_id, decision.destination)
        _move(uow, unit, rma, dest.id, f"return_{decision.disposition}")


def _quarantined(uow: UnitOfWork, actor: Actor, unit: ReturnUnit, rma: Rma, location_id: int) -> None:
    """A quarantined unit waits on the supervisor's list until someone decides again."""
    product = uow.session.get(Product, unit.product_id) if unit.product_id else None
    open_exception(uow, actor, "quarantine",
                   _("{what} from {number} is in quarantine (grade {grade}): decide what happens to it.",
                     what=product.sku if product else unit.scanned or "?", number=rma.number, grade=unit.grade),
                   warehouse_id=rma.warehouse_id, location_id=location_id, order_id=rma.order_id, ref=rma.number,
                   detail={"unit_id": unit.id})


def redispose(uow: UnitOfWork, actor: Actor, unit_id: int, disposition: str, reason: str,
              key: str | None = None) -> UnitView:
    """A supervisor decides again for a quarantined unit; it still ends with exactly one disposition."""
    actor.require(Permission.SUPERVISE)
    if disposition not in rules.DISPOSITIONS or disposition == "quarantine":
        raise InvalidInput(_("Pick a decision."), {"disposition": "not quarantine"})
    if not (reason or "").strip():
        raise InvalidInput(_("Say why."), {"reason": "required"})

    def work(uow: UnitOfWork) -> UnitView:
        unit = uow.session.get(ReturnUnit, unit_id, with_for_update=True)
        if unit is None:
            raise NotFound(_("No such returned unit."))
        rma = uow.session.get(Rma, unit.rma_id)
        if unit.disposition != "quarantine" or unit.status != "done":
            raise DomainError(_("Only a unit in quarantine can be decided again."))
        before = unit.disposition
        decision = rules.decide(disposition, proposed=None, override_reason=reason, ours=unit.product_id is not None)
        unit.override_reason = decision.override_reason
        _send(uow, actor, unit, rma, decision)
        close_open(uow, actor, reason, kind="quarantine", ref=rma.number)
        audit(uow, actor, "return.redisposed", "return_unit", unit.id,
              {"from": before, "to": disposition, "reason": reason}, seller_id=rma.seller_id, order_id=rma.order_id)
        return unit_view(uow, unit)

    return commands.run(uow, actor, key, "return.redispose", {"unit": unit_id, "to": disposition, "why": reason},
                        UnitView, work)


def _move(uow: UnitOfWork, unit: ReturnUnit, rma: Rma, to_location_id: int, reason: str) -> None:
    if unit.product_id is not None:
        ledger.apply(uow, Move(seller_id=rma.seller_id, product_id=unit.product_id, quantity=1, reason=reason,
                               from_location_id=unit.location_id, to_location_id=to_location_id,
                               ref_type="return_unit", ref_id=unit.id, note=rma.number))
    unit.location_id = to_location_id


def suggest_bin(uow: UnitOfWork, warehouse_id: int, seller_id: int, product_id: int) -> int | None:
    """A pick bin already holding this seller's product, else an empty pick bin (first in walking order)."""
    same = uow.session.execute(
        select(Location.id).join(Stock, Stock.location_id == Location.id)
        .where(Location.warehouse_id == warehouse_id, Location.kind == "pick", Location.active.is_(True),
               Stock.seller_id == seller_id, Stock.product_id == product_id)
        .order_by(Stock.quantity.desc(), Location.pick_sequence)).scalars().first()
    if same is not None:
        return same
    busy = select(Stock.location_id).where(Stock.quantity > 0)
    return uow.session.execute(select(Location.id).where(
        Location.warehouse_id == warehouse_id, Location.kind == "pick", Location.active.is_(True),
        Location.id.not_in(busy)).order_by(Location.pick_sequence)).scalars().first()


def put_away(uow: UnitOfWork, actor: Actor, unit_id: int, raw_bin: str, key: str | None = None) -> UnitView:
    """Scan the bin the restocked unit goes into: it is pickable at once."""
    actor.require(Permission.RETURNS, Permission.SUPERVISE)
    code = classify(raw_bin)

    def work(uow: UnitOfWork) -> UnitView:
        unit, rma = _unit(uow, actor, unit_id, closed_ok=True)  # a re-decided unit of a closed RMA too
        if unit.status != "to_put_away":
            raise WrongScan(_("This unit was put away already.") if unit.status == "done"
                            else _("Decide where the unit goes first."))
        if code.kind != ScanKind.LOCATION:
            raise WrongScan(_("Scan the bin (a LOC- label) the unit goes into."))
        loc = location_by_code(uow, code.value)
        if loc.warehouse_id != rma.warehouse_id or loc.kind != "pick":
            raise WrongScan(_("{bin} is not a pick bin of this warehouse.", bin=loc.code))
        _move(uow, unit, rma, loc.id, "return_restock")
        unit.status, unit.disposed_at = "done", uow.now()
        activity.count(uow, "return", rma.warehouse_id, user_id=actor.user_id)
        audit(uow, actor, "return.put_away", "return_unit", unit.id, {"bin": loc.code},
              seller_id=rma.seller_id, order_id=rma.order_id)
        return unit_view(uow, unit)

    return commands.run(uow, actor, key, "return.put_away", {"unit": unit_id, "bin": raw_bin}, UnitView, work)


def mark_missing(uow: UnitOfWork, actor: Actor, rma_id: int, sku: str, quantity: int,
                 key: str | None = None) -> RmaView:
    """Units on the RMA that are not in the parcel: recorded as missing now (closing does it for the rest)."""
    actor.require(Permission.RETURNS)

    def work(uow: UnitOfWork) -> RmaView:
        rma = _rma(uow, actor, rma_id)
        line = next((l for l in rma_view(uow, rma).lines if l.sku == sku), None)
        if line is None:
            raise NotFound(_("{sku} is not on this return.", sku=sku))
        missing = line.missing
        if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= (
                line.authorised - line.received - missing):
            raise InvalidInput(_("At most {n} can be missing.", n=line.authorised - line.received - missing),
                               {"quantity": "too many"})
        for _i in range(quantity):
            uow.session.add(ReturnUnit(rma_id=rma.id, rma_line_id=line.line_id, seller_id=rma.seller_id,
                                       product_id=uow.session.get(RmaLine, line.line_id).product_id, status="done",
                                       grade="missing", disposition="missing", user_id=actor.user_id,
                                       station_id=actor.station_id, received_at=uow.now(), disposed_at=uow.now()))
        uow.session.flush()
        audit(uow, actor, "return.missing", "rma", rma.id, {"sku": sku, "quantity": quantity},
              seller_id=rma.seller_id, order_id=rma.order_id)
        return rma_view(uow, rma)

    return commands.run(uow, actor, key, "return.missing", {"rma": rma_id, "sku": sku, "quantity": quantity},
                        RmaView, work)
