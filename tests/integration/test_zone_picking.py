"""Zone picking: a zone wave cuts one task per zone; a zone's picker sees only that zone's lines; a multi-zone
order's tote travels from the first zone to the next, and goes to packing only after the last."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.db.models import Location, Tote, Warehouse, Zone
from app.domain.errors import DomainError, WrongScan
from app.services import auth, picking, zones
from tests.support.factories import SYSTEM
from tests.support.flows import gtin_of, pack_and_ship, release


@pytest.fixture
def zoned(site, floor):
    """W1 gets zone B (bins W1-B-1, W1-B-2 after zone A in the walk); a second picker; pickers in zones A, B."""
    with floor.uow() as uow:
        wh = uow.session.execute(select(Warehouse).where(Warehouse.code == "W1")).scalar_one()
        zone = Zone(warehouse_id=wh.id, code="B", name="Pick B")
        uow.session.add(zone)
        uow.session.flush()
        for i in (1, 2):
            uow.session.add(Location(warehouse_id=wh.id, zone_id=zone.id, code=f"W1-B-{i}", kind="pick",
                                     pick_sequence=100 + i))
        uow.commit()
    auth.add_user(floor.uow(), SYSTEM, floor.login_policy, "2101", "Zone B picker", "picker", "1111")
    site.users["picker_b"] = auth.login(floor.uow(), floor.login_policy, "2101", "1111")
    supervisor = site.actor("supervisor")
    zones.assign(floor.uow(), supervisor, "2001", "W1", "A")
    zones.assign(floor.uow(), supervisor, "2101", "W1", "B")
    site.receive("S1", "S1-P1", "W1-A-2", 5)
    site.receive("S1", "S1-P2", "W1-B-1", 5)
    site.receive("S1", "S1-P3", "W1-B-2", 5)
    site.order("S1", "Z-1", [("S1-P1", 1), ("S1-P2", 1)])      # zones A and B
    site.order("S1", "Z-2", [("S1-P3", 2)])                    # zone B only
    return site


def _walk(site, role, view, totes):
    actor = site.actor(role)
    totes = iter(totes)
    while view.step.kind != "done":
        step = view.step
        code, n = ((next(totes), 1) if step.kind == "scan_tote" else (f"LOC-{step.bin}", 1)
                   if step.kind == "scan_bin" else (gtin_of(site, step.sku), step.remaining))
        view = picking.scan(site.floor.uow(), actor, view.task_id, code, quantity=n).view
    return view


def test_a_zone_wave_gives_each_zone_its_lines_and_the_tote_travels_zone_to_zone(zoned, floor):
    wave = release(zoned, mode="zone", orders_per_task=4)
    assert (wave.orders, wave.tasks, wave.lines) == (2, 2, 3)
    b_first = picking.claim_next(floor.uow(), zoned.actor("picker_b"))
    assert b_first is None                                   # zone B waits: zone A's part of Z-1 comes first
    a = picking.claim_next(floor.uow(), zoned.actor("picker"))
    assert a.mode == "zone" and [s.order_ref for s in a.slots] == ["Z-1"] and a.lines_total == 1
    a = _walk(zoned, "picker", a, ["TOTE-Z1"])
    with floor.reader() as uow:
        assert uow.session.get(Tote, "TOTE-Z1").status == "to_zone"
    b = picking.claim_next(floor.uow(), zoned.actor("picker_b"))
    assert [s.order_ref for s in b.slots] == ["Z-1", "Z-2"] and b.lines_total == 2
    assert b.step.kind == "scan_tote" and b.step.tote == "TOTE-Z1" and "from the zone before" in b.step.message
    with pytest.raises(WrongScan, match="scan that one"):
        picking.scan(floor.uow(), zoned.actor("picker_b"), b.task_id, "TOTE-OTHER")
    b = _walk(zoned, "picker_b", b, ["TOTE-Z1", "TOTE-Z2"])
    with floor.reader() as uow:
        assert uow.session.get(Tote, "TOTE-Z1").status == "to_pack"
    assert pack_and_ship(zoned, "TOTE-Z1").order_ref == "Z-1"
    assert pack_and_ship(zoned, "TOTE-Z2").order_ref == "Z-2"


def test_a_picker_in_no_zone_takes_no_zone_task_and_a_zone_must_exist(zoned, floor):
    release(zoned, mode="zone", orders_per_task=4)
    zones.assign(floor.uow(), zoned.actor("supervisor"), "2001", None, None)
    assert picking.claim_next(floor.uow(), zoned.actor("picker")) is None
    with pytest.raises(DomainError, match="No zone Q"):
        zones.assign(floor.uow(), zoned.actor("supervisor"), "2001", "W1", "Q")
    with pytest.raises(DomainError, match="not an active picker"):
        zones.assign(floor.uow(), zoned.actor("supervisor"), "2002", "W1", "A")
