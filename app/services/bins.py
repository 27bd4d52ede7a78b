"""A warehouse's bins: generated from ranges in serpentine walking order, or imported from a CSV file for an
irregular layout. Both are checked whole first, then written in chunks (app/services/chunks.py), so a
50,000-bin zone never holds the database for long, and the same command again writes nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import func, insert, select

from app.db.models import Location, Warehouse, Zone
from app.db.models.site import LOCATION_KINDS
from app.db.uow import UnitOfWork
from app.domain.csv_table import Row, where, whole_number
from app.domain.errors import InvalidInput
from app.domain.layout import CODE, SEQUENCE_STEP, expand, serpentine
from app.domain.roles import Actor, Permission
from app.i18n import _, n_
from app.services.catalog import warehouse_by_code
from app.services.chunks import chunked, digest, done_chunks, run_chunks
from app.services.commands import AUDIT_ROW, audit_params

LOCATIONS = Location.__table__
BIN_COLUMNS = ("code", "zone")
BIN_OPTIONAL = ("warehouse", "kind", "pick_sequence", "max_weight_g", "max_volume_cm3")
CHUNK_BINS = 2000    # bins are small rows: 2,000 take ~20 ms to insert on SQLite
BATCH = 500


def zone_kind_to_location(kind: str) -> str:
    return "shipping" if kind == "dock" else kind


@dataclass(frozen=True)
class BinsWritten:
    created: int
    unchanged: int
    first: str
    last: str
    chunks: int = 0   # how many chunks, and how many an earlier run of the same command or file wrote
    before: int = 0


@dataclass(frozen=True)
class BinItem:
    """One bin to write, as plain values (a chunk's payload)."""

    warehouse_id: int
    zone_id: int
    code: str
    kind: str
    pick_sequence: int
    max_weight_g: int | None = None
    max_volume_cm3: int | None = None


def _existing(uow: UnitOfWork, codes: list[str]) -> dict[str, tuple[int, int | None]]:
    """code -> (warehouse_id, zone_id) of the bins that exist among `codes`."""
    found: dict[str, tuple[int, int | None]] = {}
    for i in range(0, len(codes), BATCH):
        found.update({c: (w, z) for c, w, z in uow.session.execute(
            select(Location.code, Location.warehouse_id, Location.zone_id).where(
                Location.code.in_(codes[i:i + BATCH])))})
    return found


def _conflicts(items: list[BinItem], existing: dict[str, tuple[int, int | None]], line_of=None) -> dict[str, str]:
    errors: dict[str, str] = {}
    for item in items:
        there = existing.get(item.code)
        if there is not None and there != (item.warehouse_id, item.zone_id):
            key = where(line_of[item.code], "code") if line_of else item.code
            errors[key] = _("bin {code} exists already in another zone or warehouse", code=item.code)
            if len(errors) >= 50:
                break
    return errors


def _write(uow: UnitOfWork, actor: Actor, items: list[BinItem]) -> BinsWritten:
    existing = _existing(uow, [i.code for i in items])
    errors = _conflicts(items, existing)
    if errors:
        raise InvalidInput(_("Stopped: a bin appeared elsewhere while adding; run the command again."), errors)
    new = [i for i in items if i.code not in existing]
    if new:
        uow.session.connection().execute(insert(LOCATIONS), [
            {"warehouse_id": i.warehouse_id, "zone_id": i.zone_id, "code": i.code, "kind": i.kind,
             "pick_sequence": i.pick_sequence, "active": True, "max_weight_g": i.max_weight_g,
             "max_volume_cm3": i.max_volume_cm3} for i in new])
        uow.session.connection().execute(AUDIT_ROW, audit_params(
            uow, actor, "bins.added", "warehouse", new[0].warehouse_id,
            {"count": len(new), "first": new[0].code, "last": new[-1].code}))
    return BinsWritten(len(new), len(items) - len(new), items[0].code, items[-1].code)


def _run(uow: UnitOfWork, actor: Actor, key: str, items: list[BinItem], errors: dict[str, str]) -> BinsWritten:
    chunks = chunked(items, CHUNK_BINS)
    if errors:
        raise InvalidInput(n_("Nothing was added: {n} problem.", "Nothing was added: {n} problems.", len(errors)),
                           errors)
    before = len(done_chunks(uow, key, len(chunks)))
    results = run_chunks(uow, actor, key, "bins.add", chunks, lambda uow, c: _write(uow, actor, list(c)), BinsWritten,
                         payload=digest)
    if not results:
        return BinsWritten(0, 0, "", "")
    return BinsWritten(sum(r.created for r in results), sum(r.unchanged for r in results), results[0].first,
                       results[-1].last, len(chunks), before)


def add_bins(uow: UnitOfWork, actor: Actor, warehouse: str, zone: str, *, aisles: str, racks: str, levels: str,
             positions: str = "") -> BinsWritten:
    """Every bin of the ranges in zone `zone`, codes WH-AISLE-RACK-LEVEL[-POS], numbered in serpentine order
    after the warehouse's last bin. Bins of the ranges that exist already in that zone are left as they are."""
    actor.require(Permission.MANAGE_USERS, Permission.SYSTEM)
    parts = {"aisles": expand(aisles, "aisles"), "racks": expand(racks, "racks"), "levels": expand(levels, "levels"),
             "positions": expand(positions, "positions") if positions else []}
    with uow.reading() as reader:
        wh = warehouse_by_code(reader, warehouse)
        z = reader.session.execute(select(Zone).where(Zone.warehouse_id == wh.id,
                                                      Zone.code == zone.upper())).scalar_one_or_none()
        if z is None:
            raise InvalidInput(_("No zone {zone} in {warehouse}.", zone=repr(zone), warehouse=wh.code),
                               {"zone": _("add it first: floor zone add {warehouse} {zone} --kind pick",
                                          warehouse=wh.code, zone=zone.upper())})
        specs = serpentine(wh.code, parts["aisles"], parts["racks"], parts["levels"], parts["positions"],
                           first_sequence=0)
        existing = _existing(reader, [b.code for b in specs])
        # after the warehouse's last bin outside this range: the same range again numbers the same way
        last = reader.session.execute(select(func.max(Location.pick_sequence)).where(
            Location.warehouse_id == wh.id)).scalar_one() or 0
        if existing:
            ours = reader.session.execute(select(func.min(Location.pick_sequence)).where(
                Location.code.in_(list(existing)[:BATCH]))).scalar_one() or 0
            last = min(last, max(0, ours - SEQUENCE_STEP))
        items = [BinItem(wh.id, z.id, b.code, zone_kind_to_location(z.kind), last + SEQUENCE_STEP + b.pick_sequence)
                 for b in specs]
        errors = _conflicts(items, existing)
        names = (wh.code, z.code)
    digest = hashlib.sha256(repr((names, sorted(parts.items()))).encode()).hexdigest()[:40]
    return _run(uow, actor, f"bins:{digest}", items, errors)


def import_bins(uow: UnitOfWork, actor: Actor, rows: list[Row], *, parse_errors: dict[str, str], key: str,
                warehouse: str | None = None) -> BinsWritten:
    """Bins from a CSV file (code, zone; optional warehouse, kind, pick_sequence, max_weight_g, max_volume_cm3):
    all of them or none, every bad row named by its line and column."""
    actor.require(Permission.MANAGE_USERS, Permission.SYSTEM)
    errors = dict(parse_errors)
    items: list[BinItem] = []
    line_of: dict[str, int] = {}
    with uow.reading() as reader:
        s = reader.session
        whs = {c: i for c, i in s.execute(select(Warehouse.code, Warehouse.id))}
        zones = {(w, c): (i, k) for i, w, c, k in s.execute(select(Zone.id, Zone.warehouse_id, Zone.code, Zone.kind))}
        next_seq: dict[int, int] = {w: (m or 0) for w, m in s.execute(
            select(Location.warehouse_id, func.max(Location.pick_sequence)).group_by(Location.warehouse_id))}
        for row in rows:
            item = _bin_row(errors, row, whs, zones, next_seq, warehouse)
            if item is None:
                continue
            if item.code in line_of:
                errors[where(row.line, "code")] = _("bin {code} is also on line {first}", code=item.code,
                                                    first=line_of[item.code])
                continue
            line_of[item.code] = row.line
            items.append(item)
        if not errors:
            errors.update(_conflicts(items, _existing(reader, list(line_of)), line_of))
    return _run(uow, actor, key, items, errors)


def _bin_row(errors: dict[str, str], row: Row, whs: dict[str, int], zones: dict, next_seq: dict[int, int],
             warehouse: str | None) -> BinItem | None:
    before = len(errors)
    code = row.get("code").upper()
    if not CODE.match(code):
        errors[where(row.line, "code")] = _("1-40 letters, digits and dashes")
    wh_code = (row.get("warehouse") or warehouse or "").upper()
    wh_id = whs.get(wh_code)
    if wh_id is None:
        errors[where(row.line, "warehouse")] = (_("no warehouse {code}", code=repr(wh_code)) if wh_code
                                                else _("required (or give --warehouse)"))
        return None
    zone = zones.get((wh_id, row.get("zone").upper()))
    if zone is None:
        errors[where(row.line, "zone")] = _("no zone {zone} in {warehouse}", zone=repr(row.get("zone")),
                                            warehouse=wh_code)
        return None
    kind = row.get("kind") or zone_kind_to_location(zone[1])
    if kind not in LOCATION_KINDS:
        errors[where(row.line, "kind")] = _("one of {kinds}", kinds=", ".join(LOCATION_KINDS))
    seq = whole_number(errors, row, "pick_sequence", required=False)
    weight = whole_number(errors, row, "max_weight_g", low=1, required=False)
    volume = whole_number(errors, row, "max_volume_cm3", low=1, required=False)
    if len(errors) > before:
        return None
    if seq is None:
        seq = next_seq[wh_id] = next_seq.get(wh_id, 0) + SEQUENCE_STEP
    return BinItem(wh_id, zone[0], code, kind, seq, weight, volume)


@dataclass(frozen=True)
class BinView:
    code: str
    zone: str
    kind: str
    pick_sequence: int
    active: bool


def find_bins(uow: UnitOfWork, actor: Actor, warehouse: str, *, zone: str = "", text: str = "",
              limit: int = 200) -> list[BinView]:
    """Bins of a warehouse in walking order, by zone and/or part of the code (the admin's bins screen)."""
    actor.require(Permission.MANAGE_USERS, Permission.SYSTEM, Permission.SUPERVISE)
    with uow.reading() as uow:
        wh = warehouse_by_code(uow, warehouse)
        q = (select(Location, Zone.code).join(Zone, Zone.id == Location.zone_id)
             .where(Location.warehouse_id == wh.id))
        if zone:
            q = q.where(Zone.code == zone.upper())
        if text:
            q = q.where(Location.code.contains(text.strip().upper(), autoescape=True))
        rows = uow.session.execute(q.order_by(Location.pick_sequence, Location.code).limit(limit)).all()
        return [BinView(loc.code, z, loc.kind, loc.pick_sequence, loc.active) for loc, z in rows]
