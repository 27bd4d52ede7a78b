"""Batch pick and sort: many orders' lines picked as bin totals into one cart, sorted at the put wall unit by
unit into the orders' slots; a full slot is a tote the pack bench packs as any other."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.db.models import PickTask, SortPut, Tote
from app.domain.errors import WrongScan
from app.services import picking, put_wall
from tests.support.flows import gtin_of, pack_and_ship, release


@pytest.fixture
def batch(site):
    """Four orders over three SKUs; W1-A-1 holds P2, W1-A-3 P1, W1-A-4 P3."""
    site.receive("S1", "S1-P1", "W1-A-3", 10)
    site.receive("S1", "S1-P2", "W1-A-1", 10)
    site.receive("S1", "S1-P3", "W1-A-4", 10)
    site.order("S1", "B-1", [("S1-P1", 1), ("S1-P2", 1)])
    site.order("S1", "B-2", [("S1-P1", 2)])
    site.order("S1", "B-3", [("S1-P2", 1), ("S1-P3", 1)])
    site.order("S1", "B-4", [("S1-P3", 1)])
    release(site, mode="batch", orders_per_task=10)
    return site


def _pick_batch(site, cart="TOTE-BATCH1"):
    actor = site.actor("picker")
    view = picking.claim_next(site.floor.uow(), actor)
    assert view.mode == "batch"
    view = picking.scan(site.floor.uow(), actor, view.task_id, cart).view
    bins = []
    while view.step.kind != "done":
        step = view.step
        if step.kind == "scan_bin":
            bins.append((step.bin, step.remaining))
            code, n = f"LOC-{step.bin}", 1
        else:
            code, n = gtin_of(site, step.sku), step.remaining
        view = picking.scan(site.floor.uow(), actor, view.task_id, code, quantity=n).view
    return view, bins


def test_a_batch_is_one_walk_with_one_stop_per_bin_for_every_order(batch, floor):
    view, bins = _pick_batch(batch)
    assert bins == [("W1-A-1", 2), ("W1-A-3", 3), ("W1-A-4", 2)]     # 3 stops, not one per order line
    assert view.units_picked == 7
    with floor.reader() as uow:
        cart = uow.session.get(Tote, "TOTE-BATCH1")
        assert (cart.status, cart.task_id) == ("to_sort", view.task_id)


def test_the_put_wall_lights_each_units_order_slot_and_a_full_slot_goes_to_packing(batch, floor):
    _pick_batch(batch)
    sorter = batch.actor("packer")
    wall = put_wall.start(floor.uow(), sorter, "TOTE-BATCH1")
    assert wall.units_left == 7 and [s.order_ref for s in wall.slots] == ["B-1", "B-2", "B-3", "B-4"]
    p1, p2, p3 = (gtin_of(batch, f"S1-P{i}") for i in (1, 2, 3))
    lit = [(put_wall.put(floor.uow(), sorter, "TOTE-BATCH1", code)) for code in (p1, p1, p3, p2)]
    assert [(w.lit, w.lit_full) for w in lit] == [(1, False), (2, False), (3, False), (1, True)]
    assert "Slot 1 is full" in lit[-1].message
    with pytest.raises(WrongScan, match="not on this cart"):
        put_wall.put(floor.uow(), sorter, "TOTE-BATCH1", gtin_of(batch, "S2-P1"))
    shipped = pack_and_ship(batch, "TOTE-W01")                        # the full slot, packed as a tote
    assert shipped.order_ref == "B-1" and shipped.order_status == "shipped"
    rest = [put_wall.put(floor.uow(), sorter, "TOTE-BATCH1", code) for code in (p1, p2, p3)]
    # B-2's second unit (slot 2), B-3's P2 (slot 3: full), B-4's P3 takes slot 1 again, freed by packing
    assert [(w.lit, w.lit_full) for w in rest] == [(2, True), (3, True), (1, True)]
    assert rest[-1].units_left == 0
    with pytest.raises(WrongScan, match="no batch to sort"):
        put_wall.put(floor.uow(), sorter, "TOTE-BATCH1", p1)
    with floor.reader() as uow:
        assert uow.session.get(Tote, "TOTE-BATCH1").status == "empty"
        assert uow.session.get(Tote, "TOTE-W01").order_id is not None    # B-4 now


def test_a_retried_put_counts_once_and_undo_takes_the_last_put_back(batch, floor):
    _pick_batch(batch)
    sorter = batch.actor("packer")
    p1 = gtin_of(batch, "S1-P1")
    first = put_wall.put(floor.uow(), sorter, "TOTE-BATCH1", p1, key="put-one-unit")
    again = put_wall.put(floor.uow(), sorter, "TOTE-BATCH1", p1, key="put-one-unit")
    assert again == first and first.units_left == 6
    undone = put_wall.undo_put(floor.uow(), sorter, "TOTE-BATCH1", key="undo-the-put")
    assert undone.units_left == 7 and "slot 1" in undone.message
    with pytest.raises(WrongScan, match="Nothing to undo"):
        put_wall.undo_put(floor.uow(), sorter, "TOTE-BATCH1", key="undo-the-put-again")
    with floor.reader() as uow:
        assert uow.session.execute(select(SortPut.undone)).scalars().all() == [True]


def test_units_in_the_wall_cannot_be_unpicked_by_the_picker(batch, floor):
    view, _bins = _pick_batch(batch)
    put_wall.put(floor.uow(), batch.actor("packer"), "TOTE-BATCH1", gtin_of(batch, "S1-P3"))
    put_wall.put(floor.uow(), batch.actor("packer"), "TOTE-BATCH1", gtin_of(batch, "S1-P3"))
    with pytest.raises(WrongScan, match="put wall"):
        picking.undo_last(floor.uow(), batch.actor("picker"), view.task_id)
    with floor.reader() as uow:
        assert uow.session.get(PickTask, view.task_id).status == "done"
