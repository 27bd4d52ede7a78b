"""The pick walk's rules, without a database: what the next scan must be, what a scan means at each step,
a scanner firing twice, and what a short pick may say."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pytest

from app.domain.errors import InvalidInput, WrongScan
from app.domain.picking import (
    AtBin,
    Slot,
    Step,
    Take,
    TakeTote,
    check_not_double,
    check_short,
    missing,
    next_step,
    read_scan,
)
from app.domain.scanning import classify

GTIN = "4006381333931"


@dataclass
class Line:
    id: int
    location_id: int
    bin: str
    quantity: int = 2
    picked: int = 0
    short: int = 0
    status: str = "open"
    order_id: int = 7
    sku: str = "S1-P1"
    name: str = "Mug"
    gtin: str = GTIN


SLOTS = [Slot(1, "TOTE-1", 7, "SO-7")]
TWO_BINS = [Line(1, 10, "A-01"), Line(2, 20, "B-02", sku="S1-P2", name="Cup", gtin="")]


def test_a_cart_slot_without_a_tote_is_filled_first():
    step, line = next_step("assigned", None, [Slot(1, "", 7, "SO-7"), Slot(2, "", 8, "SO-8")], TWO_BINS)
    assert (step.kind, step.slot, line) == (Step.SCAN_TOTE, 1, None)
    assert step.message == "Scan an empty tote for slot 1."


def test_with_every_tote_on_the_cart_the_picker_walks_to_the_first_bin_in_walking_order():
    step, line = next_step("picking", None, SLOTS, TWO_BINS)
    assert (step.kind, step.bin, step.remaining, line.id) == (Step.SCAN_BIN, "A-01", 2, 1)
    assert step.message == "Go to bin A-01."


def test_the_bin_the_picker_stands_at_is_finished_before_walking_on():
    step, line = next_step("picking", 20, SLOTS, TWO_BINS)
    assert (step.kind, step.bin, step.sku, line.id) == (Step.SCAN_ITEM, "B-02", "S1-P2", 2)
    assert step.message == "Take 2 x Cup. Put in tote 1."


def test_units_picked_or_short_are_not_asked_for_again():
    lines = [replace(TWO_BINS[0], picked=1, short=0), TWO_BINS[1]]
    assert next_step("picking", 10, SLOTS, lines)[0].remaining == 1


def test_a_task_with_no_open_line_is_done():
    lines = [replace(l, status="done") for l in TWO_BINS]
    step, line = next_step("picking", 10, SLOTS, lines)
    assert (step.kind, line) == (Step.DONE, None)
    assert next_step("cancelled", None, SLOTS, TWO_BINS)[0].kind == Step.DONE


def step_at(kind: Step, **kw):
    at = {Step.SCAN_TOTE: None, Step.SCAN_BIN: None, Step.SCAN_ITEM: 10}[kind]
    slots = [Slot(1, "", 7, "SO-7")] if kind == Step.SCAN_TOTE else SLOTS
    step, _line = next_step("picking", at, slots, TWO_BINS)
    assert step.kind == kind
    return replace(step, **kw)


def test_a_tote_scanned_for_a_slot_is_taken_for_it():
    assert read_scan(step_at(Step.SCAN_TOTE), classify("TOTE-0042")) == TakeTote("TOTE-0042", 1)


@pytest.mark.parametrize("code", ["LOC-A-01", GTIN])
def test_anything_but_a_tote_before_the_cart_is_ready_is_refused(code):
    with pytest.raises(WrongScan, match="Scan a tote"):
        read_scan(step_at(Step.SCAN_TOTE), classify(code))


def test_the_right_bin_puts_the_picker_at_it_and_a_wrong_one_names_both():
    assert read_scan(step_at(Step.SCAN_BIN), classify("LOC-A-01")) == AtBin("A-01")
    with pytest.raises(WrongScan, match="Wrong bin: that is B-02. Go to A-01."):
        read_scan(step_at(Step.SCAN_BIN), classify("LOC-B-02"))
    with pytest.raises(WrongScan, match="Scan the bin A-01 first"):
        read_scan(step_at(Step.SCAN_BIN), classify(GTIN))


def test_the_bin_scanned_again_at_the_bin_changes_nothing():
    meaning = read_scan(step_at(Step.SCAN_ITEM), classify("LOC-A-01"))
    assert meaning == AtBin("A-01", already=True) and meaning.message == "Already at bin A-01."


def test_the_right_item_by_any_length_of_its_gtin_is_taken():
    step = step_at(Step.SCAN_ITEM)
    assert read_scan(step, classify(GTIN)) == Take(1)
    assert read_scan(step, classify("0" + GTIN), quantity=2) == Take(2)      # GTIN-14 of the same


def test_a_typed_sku_is_not_a_code_the_walk_takes():
    with pytest.raises(WrongScan, match="not a code we know"):
        read_scan(step_at(Step.SCAN_ITEM, gtin=""), classify("S1-P1"))


def test_a_wrong_item_or_more_than_left_is_refused_with_what_to_do():
    with pytest.raises(WrongScan, match=r"Wrong item. This bin's pick is Mug \(S1-P1\)."):
        read_scan(step_at(Step.SCAN_ITEM), classify("4006381333948"))
    with pytest.raises(WrongScan, match="Too many: only 2 more"):
        read_scan(step_at(Step.SCAN_ITEM), classify(GTIN), quantity=3)


def test_a_misread_is_refused_with_the_classifiers_words_at_every_step():
    for kind in (Step.SCAN_TOTE, Step.SCAN_BIN, Step.SCAN_ITEM):
        with pytest.raises(WrongScan, match="check digit should be 1"):
            read_scan(step_at(kind), classify("4006381333932"))


def test_nothing_is_taken_once_the_task_is_done():
    done = next_step("done", None, SLOTS, TWO_BINS)[0]
    with pytest.raises(WrongScan, match="This task is finished"):
        read_scan(done, classify(GTIN))


def test_the_same_code_within_300_ms_of_the_scanner_firing_is_one_scan():
    fired = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    with pytest.raises(WrongScan, match="Same code twice in a blink"):
        check_not_double(GTIN, fired, GTIN, fired + timedelta(milliseconds=299))
    check_not_double(GTIN, fired, GTIN, fired + timedelta(milliseconds=300))   # a second unit
    check_not_double("LOC-A-01", fired, GTIN, fired + timedelta(milliseconds=10))   # another code
    check_not_double(None, None, GTIN, fired)


def test_an_empty_bin_means_none_were_found():
    check_short(0, "empty")
    with pytest.raises(InvalidInput, match="Bin empty means 0 found"):
        check_short(2, "empty")


@pytest.mark.parametrize(("found", "reason", "says"), [(1, "tired", "Say why"), (-1, "fewer", "0 or more"),
                                                       (True, "fewer", "0 or more"), ("2", "fewer", "0 or more")])
def test_a_short_pick_needs_a_reason_and_a_count_of_zero_or_more(found, reason, says):
    with pytest.raises(InvalidInput, match=says):
        check_short(found, reason)


def test_a_short_pick_finding_as_many_as_asked_is_not_short():
    assert missing(3, 1) == 2
    with pytest.raises(WrongScan, match="That is not short: scan the 3 units."):
        missing(3, 3)
