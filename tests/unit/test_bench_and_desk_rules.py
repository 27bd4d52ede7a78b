"""Which scans the pack bench and the returns desk take and what each means, what a returned unit's
disposition asks for, and a code against a product: without a database."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.domain.errors import DomainError, InvalidInput, WrongScan
from app.domain.packing import BenchScan, bench_scan
from app.domain.returns import DeskScan, decide, desk_scan, unit_to_put_away
from app.domain.scanning import ScanKind, classify, matches


# ---- the pack bench ---------------------------------------------------------------------------------
def test_with_no_box_on_the_bench_any_scan_starts_from_its_tote():
    assert bench_scan("none", ScanKind.TOTE) is BenchScan.START
    assert bench_scan("none", ScanKind.GTIN) is BenchScan.START   # the service says it is not a tote


def test_an_open_box_takes_units_and_refuses_another_tote():
    assert bench_scan("open", ScanKind.GTIN) is BenchScan.PACK
    with pytest.raises(WrongScan, match="Box 2 of order SO-9 is open: pack it, or press Put aside first."):
        bench_scan("open", ScanKind.TOTE, box=2, order_ref="SO-9")


def test_a_labelled_box_takes_only_its_label():
    assert bench_scan("labelled", ScanKind.PACKAGE) is BenchScan.VERIFY
    assert bench_scan("labelled", ScanKind.UNKNOWN) is BenchScan.VERIFY   # a carrier's tracking number
    with pytest.raises(WrongScan, match="Scan the label on box 1 first."):
        bench_scan("labelled", ScanKind.TOTE, box=1)


@pytest.mark.parametrize("status", ["held", "verified"])
def test_a_held_or_finished_box_makes_way_for_the_next_tote_only(status):
    assert bench_scan(status, ScanKind.TOTE) is BenchScan.START
    with pytest.raises(WrongScan, match="Scan the next tote"):
        bench_scan(status, ScanKind.GTIN)


def test_a_finished_box_with_units_left_says_another_box_can_take_them():
    with pytest.raises(WrongScan, match="Press Another box"):
        bench_scan("verified", ScanKind.GTIN, to_pack=3)


# ---- the returns desk -------------------------------------------------------------------------------
def test_with_no_return_on_the_desk_every_scan_looks_for_the_parcel():
    for code in ("RMA-2026-0001", "LOC-A-01", "4006381333931", "something"):
        assert desk_scan(classify(code), parcel_open=False) is DeskScan.FIND


def test_a_parcel_label_is_always_the_parcel_even_with_a_return_open():
    for code in ("RMA-2026-0001", "ORD-12", "PKG-3", "340123450000000017"):
        assert desk_scan(classify(code), parcel_open=True) is DeskScan.FIND


def test_with_a_return_open_a_bin_puts_away_and_an_item_is_received():
    assert desk_scan(classify("LOC-A-01"), parcel_open=True) is DeskScan.PUT_AWAY
    assert desk_scan(classify("4006381333931"), parcel_open=True) is DeskScan.RECEIVE
    assert desk_scan(classify("1Z999AA10123456784"), parcel_open=True) is DeskScan.FIND_OR_RECEIVE


@pytest.mark.parametrize("code", ["BADGE-1001", "TOTE-4", "CNT-1", "TRF-2", "INB-3"])
def test_our_own_labels_are_not_items_from_a_parcel(code):
    with pytest.raises(WrongScan, match="not an item from the parcel"):
        desk_scan(classify(code), parcel_open=True)


def test_a_misread_is_never_recorded_as_an_item():
    with pytest.raises(WrongScan, match="check digit should be 1"):
        desk_scan(classify("4006381333932"), parcel_open=True)


@dataclass
class Unit:
    id: int
    status: str


def test_a_bin_scan_puts_away_the_unit_in_hand_else_the_only_one_waiting():
    waiting, graded = Unit(1, "to_put_away"), Unit(2, "graded")
    assert unit_to_put_away(waiting, [waiting, graded]) is waiting
    assert unit_to_put_away(graded, [waiting, graded]) is waiting
    assert unit_to_put_away(None, [graded, waiting]) is waiting


def test_a_bin_scan_with_none_or_several_units_waiting_says_what_to_do():
    with pytest.raises(DomainError, match="No unit is waiting for a bin"):
        unit_to_put_away(None, [Unit(1, "graded")])
    with pytest.raises(DomainError, match="tap the one in your hand first"):
        unit_to_put_away(None, [Unit(1, "to_put_away"), Unit(2, "to_put_away")])


# ---- a code against a product -------------------------------------------------------------------------
@dataclass
class Product:
    sku: str
    gtin: str | None


def test_a_product_with_a_gtin_is_matched_by_it_in_any_length_not_by_another_gtin():
    mug = Product("MUG-1", "4006381333931")
    assert matches(mug, classify("04006381333931")) and matches(mug, classify("]C10104006381333931"))
    assert not matches(mug, classify("4006381333948"))


def test_a_code_without_a_gtin_is_matched_by_the_sku_in_any_case():
    assert matches(Product("MUG-1", None), classify(" mug-1 "))
    assert matches(Product("MUG-1", "4006381333931"), classify("MUG-1"))
    assert not matches(Product("MUG-1", ""), classify("MUG-2"))


# ---- a returned unit's disposition --------------------------------------------------------------------
def test_the_disposition_the_rules_propose_needs_no_reason_and_restock_waits_for_a_bin():
    decision = decide("restock", proposed="restock", ours=True)
    assert (decision.waits_for_bin, decision.destination, decision.override_reason) == (True, "", "")


def test_deciding_otherwise_than_the_sellers_rules_needs_a_reason_and_keeps_it():
    with pytest.raises(InvalidInput, match="The seller's rules say Back to stock; say why"):
        decide("liquidate", proposed="restock", ours=True)
    decision = decide("liquidate", proposed="restock", override_reason="  box crushed ", ours=True)
    assert (decision.destination, decision.override_reason) == ("liquidation", "box crushed")


def test_an_item_that_is_not_the_sellers_never_goes_into_their_stock():
    with pytest.raises(DomainError, match="cannot go into their stock"):
        decide("restock", proposed="restock", ours=False)
    assert decide("quarantine", proposed="quarantine", ours=False).destination == "quarantine"


def test_an_unknown_disposition_is_refused():
    with pytest.raises(InvalidInput, match="Pick a decision"):
        decide("burn", proposed="restock", ours=True)
