"""A pack station's bench scale over TCP (MT-SICS), a real socket: set up by a supervisor, read by the
packer, its weight used to close the box; every way it can fail says what to do and writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.db.models import AuditEntry, Package
from app.domain.errors import InvalidInput, PermissionDenied
from app.services import auth, packing, stations
from tests.support.flows import gtin_of, pick_all, release
from tests.support.scale import FakeScale, closed_port


@pytest.fixture
def scale():
    device = FakeScale.start()
    yield device
    device.stop()


def bench(site, floor, address: str | None):
    station = stations.register(floor.uow(), "pack-bench-scale-1", "desktop")
    if address is not None:
        stations.configure(floor.uow(), site.actor("supervisor"), station.id, scale=address)
    return auth.login(floor.uow(), floor.login_policy, "2002", "2222", station.id).actor()


def audit_rows(floor) -> int:
    with floor.reader() as uow:
        return uow.session.execute(select(func.count(AuditEntry.id))).scalar_one()


def test_the_packer_closes_a_box_with_the_weight_the_scale_reads(site, floor, scale):
    site.receive("S1", "S1-P1", "W1-A-3", 5)
    site.order("S1", "SCALE-1", [("S1-P1", 2)])
    release(site)
    pick_all(site, totes=("TOTE-0801",))
    packer = bench(site, floor, scale.address)
    assert packing.scale_of(floor.uow(), packer) == scale.address
    view = packing.start(floor.uow(), packer, "TOTE-0801")
    view = packing.pack_item(floor.uow(), packer, view.package_id, gtin_of(site, "S1-P1"), quantity=2)
    scale.reply = f"S S {view.expected_weight_g / 1000:10.3f} kg"
    grams = packing.weigh(floor.uow(), packer)
    assert grams == view.expected_weight_g and scale.asked == ["S"]
    closed = packing.close(floor.uow(), packer, floor.packing, view.package_id, view.suggested_carton, grams)
    assert closed.status == "labelled"
    with floor.reader() as uow:
        assert uow.session.get(Package, view.package_id).weight_g == grams


@pytest.mark.parametrize("reply, says", [
    ("S I", "not steady. Hands off the box"), ("S +", "Too heavy for the scale"),
    ("S -", "below zero"), ("ES", "does not understand"),
])
def test_a_scale_that_cannot_give_a_weight_says_what_to_do_and_nothing_is_written(site, floor, scale, reply, says):
    packer = bench(site, floor, scale.address)
    scale.reply = reply
    before = audit_rows(floor)
    with pytest.raises(packing.ScaleNotRead, match=says):
        packing.weigh(floor.uow(), packer)
    assert audit_rows(floor) == before


def test_a_scale_that_is_off_or_silent_is_named_and_the_packer_types_the_weight(site, floor, scale):
    packer = bench(site, floor, closed_port())
    with pytest.raises(packing.ScaleNotRead, match=r"The scale at 127\.0\.0\.1:\d+ does not answer"):
        packing.weigh(floor.uow(), packer)
    station = packer.station_id
    stations.configure(floor.uow(), site.actor("supervisor"), station, scale=scale.address)
    scale.silent = True
    with pytest.raises(packing.ScaleNotRead, match="does not answer. Type the weight"):
        packing.weigh(floor.uow(), packer, timeout=0.5)
    stations.configure(floor.uow(), site.actor("supervisor"), station, scale="")
    assert packing.scale_of(floor.uow(), packer) == ""
    with pytest.raises(packing.ScaleNotRead, match="no scale set up"):
        packing.weigh(floor.uow(), packer)


def test_only_a_supervisor_sets_a_scale_and_only_as_host_and_port(site, floor):
    station = stations.register(floor.uow(), "pack-bench-scale-2", "desktop")
    with pytest.raises(InvalidInput, match="not a scale address: write host:port"):
        stations.configure(floor.uow(), site.actor("supervisor"), station.id, scale="http://scale/weigh")
    with pytest.raises(PermissionDenied):
        stations.configure(floor.uow(), site.actor("packer"), station.id, scale="10.0.4.21:4001")
    info = stations.configure(floor.uow(), site.actor("supervisor"), station.id, scale=" 10.0.4.21:4001 ")
    assert info.scale == "10.0.4.21:4001"
