"""Singles waves: one SKU's orders released together, picked as a total into a cart, packed one unit, one label."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.db.models import FloorException, LedgerEntry, Package, PickEvent, PickTask, PrintJob, Tote
from app.domain.errors import InvalidInput, WrongScan
from app.services import picking, printjobs, shipping, singles
from app.services.short_pick import short_pick
from tests.support.factories import SYSTEM
from tests.support.flows import gtin_of, release


@pytest.fixture
def viral(site):
    """S1-P1 went viral: 6 one-unit orders and a multiple of 2 of it, one order of two SKUs, stock in two bins."""
    site.receive("S1", "S1-P1", "W1-A-2", 6)
    site.receive("S1", "S1-P1", "W1-A-5", 10)
    site.receive("S1", "S1-P2", "W1-A-1", 5)
    for i in range(1, 7):
        site.order("S1", f"ONE-{i}", [("S1-P1", 1)])
    site.order("S1", "TWO-1", [("S1-P1", 2)])
    site.order("S1", "MIX-1", [("S1-P1", 1), ("S1-P2", 1)])
    return site


def _claim(site):
    view = picking.claim_next(site.floor.uow(), site.actor("picker"))
    assert view is not None
    return view


def _scan(site, view, code, **kw):
    return picking.scan(site.floor.uow(), site.actor("picker"), view.task_id, code, **kw)


def test_a_singles_wave_takes_only_orders_of_one_sku_into_one_cart_task(viral, floor):
    wave = release(viral, mode="singles", orders_per_task=100)
    assert (wave.orders, wave.tasks) == (7, 1)          # MIX-1 has two SKUs: it waits for a cluster wave
    view = _claim(viral)
    assert view.mode == "singles" and view.step.kind == "scan_tote" and view.step.slot == 0
    view = _scan(viral, view, "TOTE-CART1").view
    assert view.cart == "TOTE-CART1" and view.step.kind == "scan_bin" and view.step.bin == "W1-A-2"
    assert view.step.remaining == 6 and view.units_total == 8


def test_the_picker_takes_a_bin_total_with_a_count_a_case_and_single_scans(viral, floor):
    release(viral, mode="singles", orders_per_task=100)
    view = _claim(viral)
    _scan(viral, view, "TOTE-CART1")
    _scan(viral, view, "LOC-W1-A-2")
    gtin = gtin_of(viral, "S1-P1")
    after = _scan(viral, view, gtin, quantity=4)             # a count
    assert after.view.step.remaining == 2 and after.view.units_picked == 4
    case = f"]C101{gtin.zfill(14)}372"                        # a case label: GTIN + count 2
    after = _scan(viral, view, case).view
    assert after.step.bin == "W1-A-5" and after.step.kind == "scan_bin"
    _scan(viral, view, "LOC-W1-A-5")
    after = _scan(viral, view, gtin).view                     # one by one
    after = _scan(viral, view, gtin).view
    assert after.step.kind == "done" and after.units_picked == 8
    with floor.reader() as uow:
        cart = uow.session.get(Tote, "TOTE-CART1")
        assert (cart.status, cart.order_id) == ("to_pack", None)
        picks = uow.session.execute(select(LedgerEntry.quantity).where(LedgerEntry.reason == "pick")).scalars()
        assert sorted(picks) == [1] * 8   # a ledger row per order line taken from, as in a cluster pick


def test_too_many_for_the_bin_is_refused_and_an_undo_puts_back_the_whole_scan(viral, floor):
    release(viral, mode="singles", orders_per_task=100)
    view = _claim(viral)
    _scan(viral, view, "TOTE-CART1")
    _scan(viral, view, "LOC-W1-A-2")
    gtin = gtin_of(viral, "S1-P1")
    with pytest.raises(WrongScan, match="Too many"):
        _scan(viral, view, gtin, quantity=7)
    _scan(viral, view, gtin, quantity=3, key="count-3-units")
    again = _scan(viral, view, gtin, quantity=3, key="count-3-units")      # a retry: the same answer, nothing more
    assert again.view.units_picked == 3
    undone = picking.undo_last(floor.uow(), viral.actor("picker"), view.task_id, key="undo-the-three")
    assert "3 x" in undone.message and undone.view.units_picked == 0 and undone.view.step.remaining == 6
    with floor.reader() as uow:
        events = uow.session.execute(select(PickEvent.undone)).scalars().all()
    assert events == [True, True, True]


def test_a_short_bin_total_picks_what_is_there_and_reallocates_the_rest(viral, floor):
    release(viral, mode="singles", orders_per_task=100)
    view = _claim(viral)
    _scan(viral, view, "TOTE-CART1")
    view = _scan(viral, view, "LOC-W1-A-2").view
    with pytest.raises(InvalidInput):
        short_pick(floor.uow(), viral.actor("picker"), view.task_id, view.step.line_id, 1, "nonsense")
    result = short_pick(floor.uow(), viral.actor("picker"), view.task_id, view.step.line_id, 4, "fewer")
    assert "2 more taken from another bin" in result.message
    assert result.view.units_picked == 4 and result.view.step.bin == "W1-A-5"
    assert result.view.step.remaining == 4                   # the 2 short ones joined W1-A-5's total
    with floor.reader() as uow:
        exceptions = uow.session.execute(select(FloorException.kind)).scalars().all()
    assert exceptions == ["short_pick"]                      # one exception for the bin, not one per order


def _pick_everything(site):
    view = _claim(site)
    view = _scan(site, view, "TOTE-CART1").view
    gtin = gtin_of(site, "S1-P1")
    while view.step.kind != "done":
        step = view.step
        view = (_scan(site, view, f"LOC-{step.bin}") if step.kind == "scan_bin"
                else _scan(site, view, gtin, quantity=step.remaining)).view
    return view


def test_the_singles_packer_scans_one_unit_and_its_label_prints_at_once_in_pick_order(viral, floor):
    release(viral, mode="singles", orders_per_task=100)
    _pick_everything(viral)
    packer = viral.actor("packer")
    gtin = gtin_of(viral, "S1-P1")
    cart = singles.start(floor.uow(), packer, "TOTE-CART1")
    assert (cart.orders_left, cart.units_left) == (7, 8)
    with pytest.raises(WrongScan, match="not on this cart"):
        singles.pack_unit(floor.uow(), packer, floor.packing, "TOTE-CART1", gtin_of(viral, "S1-P2"))
    shipped = []
    for _ in range(20):
        got = singles.pack_unit(floor.uow(), packer, floor.packing, "TOTE-CART1", gtin)
        box = got.box
        if box.status == "open":                              # the multiple: a second unit, then its label
            assert box.order_ref == "TWO-1" and box.to_pack == 1
            continue
        assert box.status == "labelled" and box.tracking_number
        done = singles.verify(floor.uow(), packer, "TOTE-CART1", box.package_id, box.tracking_number)
        shipped.append(box.order_ref)
        if done.orders_left == 0:
            break
    assert shipped == [f"ONE-{i}" for i in range(1, 7)] + ["TWO-1"]
    assert "empty" in done.message
    printjobs.process_due(floor.uow, floor.print_setup)
    with floor.reader() as uow:
        assert uow.session.get(Tote, "TOTE-CART1").status == "empty"
        jobs = uow.session.execute(select(PrintJob.state).where(PrintJob.document == "shipping_label")).scalars()
        assert list(jobs) == ["done"] * 7
        sscc = uow.session.execute(select(Package.sscc).order_by(Package.id)).scalars().first()
    assert shipping.ship(floor.uow(), packer, sscc).order_status == "shipped"


def test_a_unit_with_no_order_left_and_a_retried_scan_pack_nothing_more(viral, floor):
    release(viral, mode="singles", orders_per_task=100)
    _pick_everything(viral)
    packer = viral.actor("packer")
    gtin = gtin_of(viral, "S1-P1")
    first = singles.pack_unit(floor.uow(), packer, floor.packing, "TOTE-CART1", gtin, key="unit-one-key")
    again = singles.pack_unit(floor.uow(), packer, floor.packing, "TOTE-CART1", gtin, key="unit-one-key")
    assert again.box.package_id == first.box.package_id and again.units_left == first.units_left == 7
    with pytest.raises(WrongScan, match="label"):             # the box waits for its label scan first
        singles.verify(floor.uow(), packer, "TOTE-CART1", first.box.package_id, "WRONG-LABEL")
    with floor.reader() as uow:
        assert uow.session.execute(select(func.count(Package.id))).scalar() == 1
        assert uow.session.execute(select(PickTask.mode)).scalar() == "singles"


def test_a_cluster_cart_is_not_a_singles_cart(viral, floor):
    release(viral, mode="cluster", max_orders=1)
    with pytest.raises(WrongScan, match="no singles"):
        singles.start(floor.uow(), viral.actor("packer"), "TOTE-NOPE")
    with pytest.raises(InvalidInput):
        release(viral, mode="zigzag")
    assert SYSTEM
