"""Setting up a site from an empty database: warehouses (with the special places every flow needs), zones,
carton types, and the check of what a site still lacks before it can take orders."""

from __future__ import annotations

import re
from dataclasses import dataclass
from zoneinfo import available_timezones

from sqlalchemy import func, select

from app.db.models import CartonType, Location, Printer, Seller, Station, User, Warehouse, Zone
from app.db.models.site import ZONE_KINDS
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError, InvalidInput
from app.domain.orders import clean_text
from app.domain.roles import Actor, Permission
from app.i18n import _
from app.services import commands
from app.services.catalog import warehouse_by_code
from app.services.commands import audit

# the places every flow moves stock through; made with each warehouse, named CODE-SUFFIX
SPECIAL = (("RECV", "receiving"), ("PACK", "packing"), ("SHIP", "shipping"), ("RET", "returns"),
           ("QUAR", "quarantine"), ("REFURB", "refurbish"), ("LIQ", "liquidation"),
           ("RTS", "return_to_seller"), ("DISP", "disposal"), ("TRANSIT", "in_transit"))
CODE = re.compile(r"^[A-Z0-9][A-Z0-9_\-]{0,15}$")
UNITS = ("metric", "imperial")
ADMIN = (Permission.MANAGE_USERS, Permission.SYSTEM)


@dataclass(frozen=True)
class WarehouseView:
    code: str
    name: str
    country: str
    timezone: str
    address: str
    units: str
    language: str
    zones: int
    bins: int
    created: bool = False


@dataclass(frozen=True)
class ZoneView:
    warehouse: str
    code: str
    name: str
    kind: str
    bins: int
    created: bool = False


@dataclass(frozen=True)
class CartonView:
    code: str
    name: str
    length_mm: int
    width_mm: int
    height_mm: int
    max_weight_g: int
    tare_g: int
    created: bool = False


def check_code(code: str, field: str = "code") -> str:
    code = (code or "").strip().upper()
    if not CODE.match(code):
        raise InvalidInput(_("{code} is not a code Floor can print and scan.", code=repr(code)),
                           {field: _("1-16 letters, digits, _ or -, starting with a letter or digit")})
    return code


def _name(errors: dict, value: str, field: str = "name", max_len: int = 120) -> str:
    try:
        text = clean_text(value or "")
    except ValueError as exc:
        errors[field] = str(exc)
        return ""
    if not text or len(text) > max_len:
        errors[field] = _("1 to {n} characters", n=max_len)
    return text


def add_warehouse(uow: UnitOfWork, actor: Actor, code: str, *, name: str, country: str, timezone: str,
                  address: str = "", city: str = "", postal_code: str = "", units: str = "metric",
                  language: str = "en", gs1_prefix: str = "0000000", key: str | None = None) -> WarehouseView:
    """A new warehouse with its receiving, packing, shipping, returns, quarantine and in-transit places.
    The same warehouse again changes nothing; the same code with other details is refused."""
    actor.require(*ADMIN)
    code = check_code(code)
    errors: dict[str, str] = {}
    name = _name(errors, name)
    country = (country or "").strip().upper()
    if not re.match(r"^[A-Z]{2}$", country):
        errors["country"] = _("ISO 3166-1 alpha-2, e.g. DE")
    if timezone not in available_timezones():
        errors["timezone"] = _("an IANA time zone, e.g. Europe/Berlin")
    if units not in UNITS:
        errors["units"] = _("metric or imperial")
    if not re.match(r"^[a-z]{2}(-[A-Z]{2})?$", language or ""):
        errors["language"] = _("a language code, e.g. en or de")
    if not re.match(r"^\d{6,12}$", gs1_prefix or ""):
        errors["gs1_prefix"] = _("the GS1 company prefix: 6 to 12 digits")
    address = _name(errors, address, "address", 400) if address else ""
    if errors:
        raise InvalidInput(_("The warehouse cannot be added: {n} problem(s).", n=len(errors)), errors)
    wanted = {"name": name, "country": country, "timezone": timezone, "address_lines": address, "city": city.strip(),
              "postal_code": postal_code.strip(), "units": units, "language": language,
              "gs1_company_prefix": gs1_prefix}

    def work(uow: UnitOfWork) -> WarehouseView:
        s = uow.session
        wh = s.execute(select(Warehouse).where(Warehouse.code == code)).scalar_one_or_none()
        if wh is not None:
            differs = [f for f, v in wanted.items() if getattr(wh, f) != v]
            if differs:
                raise DomainError(_("Warehouse {code} exists already, with another {fields}.", code=code,
                                    fields=", ".join(differs)))
            return _warehouse_view(uow, wh)
        wh = Warehouse(code=code, **wanted)
        s.add(wh)
        s.flush()
        for suffix, kind in SPECIAL:
            place = f"{code}-{suffix}"
            if s.execute(select(Location.id).where(Location.code == place)).first():
                raise DomainError(_("A bin {place} exists already; choose another warehouse code.", place=place))
            s.add(Location(warehouse_id=wh.id, code=place, kind=kind, pick_sequence=0))
        s.flush()
        audit(uow, actor, "warehouse.added", "warehouse", wh.id, {"code": code, **wanted})
        view = _warehouse_view(uow, wh)
        return WarehouseView(**{**view.__dict__, "created": True})

    return commands.run(uow, actor, key, "warehouse.add", {"code": code, **wanted}, WarehouseView, work)


def _warehouse_view(uow: UnitOfWork, wh: Warehouse) -> WarehouseView:
    s = uow.session
    zones = s.execute(select(func.count(Zone.id)).where(Zone.warehouse_id == wh.id)).scalar_one()
    bins = s.execute(select(func.count(Location.id)).where(Location.warehouse_id == wh.id,
                                                           Location.zone_id.is_not(None))).scalar_one()
    address = ", ".join(x for x in (wh.address_lines, f"{wh.postal_code} {wh.city}".strip()) if x)
    return WarehouseView(wh.code, wh.name, wh.country, wh.timezone, address, wh.units, wh.language, zones, bins)


def warehouses(uow: UnitOfWork, actor: Actor) -> list[WarehouseView]:
    actor.require(*ADMIN, Permission.SUPERVISE)
    with uow.reading() as uow:
        return [_warehouse_view(uow, wh) for wh in uow.session.execute(
            select(Warehouse).order_by(Warehouse.code)).scalars()]


def add_zone(uow: UnitOfWork, actor: Actor, warehouse: str, code: str, *, kind: str = "pick", name: str = "",
             key: str | None = None) -> ZoneView:
    """A zone of a warehouse; its bins take its kind. The same zone again changes nothing."""
    actor.require(*ADMIN)
    code = check_code(code)
    if kind not in ZONE_KINDS:
        raise InvalidInput(_("Unknown zone kind {kind}.", kind=repr(kind)), {"kind": ", ".join(ZONE_KINDS)})
    errors: dict[str, str] = {}
    name = _name(errors, name) if name else ""
    if errors:
        raise InvalidInput(_("The zone cannot be added."), errors)

    def work(uow: UnitOfWork) -> ZoneView:
        wh = warehouse_by_code(uow, warehouse)
        zone = uow.session.execute(select(Zone).where(Zone.warehouse_id == wh.id,
                                                      Zone.code == code)).scalar_one_or_none()
        if zone is not None:
            if zone.kind != kind or (name and zone.name != name):
                raise DomainError(_("Zone {code} of {warehouse} exists already as a {kind} zone.", code=code,
                                    warehouse=wh.code, kind=zone.kind))
            return _zone_view(uow, wh, zone)
        zone = Zone(warehouse_id=wh.id, code=code, kind=kind, name=name)
        uow.session.add(zone)
        uow.session.flush()
        audit(uow, actor, "zone.added", "zone", zone.id, {"warehouse": wh.code, "code": code, "kind": kind})
        return ZoneView(**{**_zone_view(uow, wh, zone).__dict__, "created": True})

    return commands.run(uow, actor, key, "zone.add", {"warehouse": warehouse, "code": code, "kind": kind,
                                                      "name": name}, ZoneView, work)


def _zone_view(uow: UnitOfWork, wh: Warehouse, zone: Zone) -> ZoneView:
    bins = uow.session.execute(select(func.count(Location.id)).where(Location.zone_id == zone.id)).scalar_one()
    return ZoneView(wh.code, zone.code, zone.name, zone.kind, bins)


def zones(uow: UnitOfWork, actor: Actor, warehouse: str | None = None) -> list[ZoneView]:
    actor.require(*ADMIN, Permission.SUPERVISE)
    with uow.reading() as uow:
        q = select(Zone, Warehouse).join(Warehouse, Warehouse.id == Zone.warehouse_id)
        if warehouse:
            q = q.where(Warehouse.code == warehouse)
        return [_zone_view(uow, wh, z) for z, wh in uow.session.execute(q.order_by(Warehouse.code, Zone.code)).all()]


def _dimensions(text: str) -> tuple[int, int, int]:
    parts = (text or "").lower().replace("×", "x").split("x")
    try:
        sides = tuple(int(p) for p in parts)
    except ValueError:
        sides = ()
    if len(sides) != 3 or not all(1 <= side <= 5000 for side in sides):
        raise InvalidInput(_("{text} is not inner dimensions.", text=repr(text)),
                           {"inner": _("LxWxH in whole millimetres, e.g. 350x250x150")})
    return sides  # type: ignore[return-value]


def add_carton(uow: UnitOfWork, actor: Actor, code: str, *, inner: str, max_weight_g: int, tare_g: int,
               name: str = "", key: str | None = None) -> CartonView:
    """A carton type packers can choose (created, or changed when it exists); the suggestion uses its size."""
    actor.require(*ADMIN)
    code = check_code(code)
    length, width, height = _dimensions(inner)
    errors: dict[str, str] = {}
    if not 1 <= max_weight_g <= 100_000:
        errors["max_weight"] = _("1 to 100000 grams")
    if not 0 <= tare_g <= 20_000:
        errors["tare"] = _("0 to 20000 grams")
    name = _name(errors, name or f"Box {code}", max_len=60)
    if errors:
        raise InvalidInput(_("The carton type cannot be added."), errors)
    wanted = {"name": name, "length_mm": length, "width_mm": width, "height_mm": height,
              "max_weight_g": max_weight_g, "tare_g": tare_g, "active": True}

    def work(uow: UnitOfWork) -> CartonView:
        carton = uow.session.get(CartonType, code)
        created = carton is None
        if created:
            carton = CartonType(code=code, **wanted)
            uow.session.add(carton)
        elif all(getattr(carton, f) == v for f, v in wanted.items()):
            return _carton_view(carton)
        else:
            for f, v in wanted.items():
                setattr(carton, f, v)
        uow.session.flush()
        audit(uow, actor, "carton.added" if created else "carton.changed", "carton", code, wanted)
        return CartonView(**{**_carton_view(carton).__dict__, "created": created})

    return commands.run(uow, actor, key, "carton.add", {"code": code, **wanted}, CartonView, work)


def _carton_view(c: CartonType) -> CartonView:
    return CartonView(c.code, c.name, c.length_mm, c.width_mm, c.height_mm, c.max_weight_g, c.tare_g)


def cartons(uow: UnitOfWork, actor: Actor) -> list[CartonView]:
    actor.require(*ADMIN, Permission.SUPERVISE)
    with uow.reading() as uow:
        return [_carton_view(c) for c in uow.session.execute(
            select(CartonType).where(CartonType.active.is_(True)).order_by(
                CartonType.length_mm * CartonType.width_mm * CartonType.height_mm)).scalars()]


def check_site(uow: UnitOfWork, actor: Actor) -> list[str]:
    """What the site still lacks before it can take orders, one line each; empty when nothing."""
    actor.require(*ADMIN, Permission.SUPERVISE)
    lacks: list[str] = []
    with uow.reading() as uow:
        s = uow.session
        whs = list(s.execute(select(Warehouse).order_by(Warehouse.code)).scalars())
        if not whs:
            lacks.append(_("No warehouse: floor warehouse add CODE --name ... --country ... --timezone ..."))
        for wh in whs:
            pick_bins = s.execute(select(func.count(Location.id)).where(
                Location.warehouse_id == wh.id, Location.kind == "pick", Location.active.is_(True))).scalar_one()
            if not pick_bins:
                lacks.append(_("{wh}: no bins in a pick zone (floor zone add, floor bins add).", wh=wh.code))
            here = (Printer.warehouse_id == wh.id) | Printer.warehouse_id.is_(None)
            printers = s.execute(select(func.count(Printer.id)).where(Printer.active.is_(True), here)).scalar_one()
            if not printers:
                lacks.append(_("{wh}: no printer for shipping labels (floor printer add).", wh=wh.code))
            benches = s.execute(select(func.count(Station.id)).where(
                (Station.warehouse_id == wh.id) | Station.warehouse_id.is_(None),
                Station.default_printer_id.is_not(None))).scalar_one()
            if printers and not benches:
                lacks.append(_("{wh}: no pack station with a printer (Admin > Stations).", wh=wh.code))
        if not s.execute(select(func.count()).select_from(CartonType).where(CartonType.active.is_(True))).scalar_one():
            lacks.append(_("No carton types (floor carton add)."))
        if not s.execute(select(func.count(Seller.id))).scalar_one():
            lacks.append(_("No seller (floor seller add)."))
        elif not s.execute(select(func.count(Seller.id)).where(Seller.api_token_hash.is_not(None))).scalar_one():
            lacks.append(_("No seller has an API token (floor seller token CODE)."))
        for role, what in (("picker", _("No picker")), ("packer", _("No packer")),
                           ("admin", _("No admin"))):
            if not s.execute(select(func.count(User.id)).where(User.role == role, User.active.is_(True))).scalar_one():
                lacks.append(_("{what} (floor user add or floor import users).", what=what))
    return lacks
