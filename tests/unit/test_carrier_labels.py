"""The carriers' own labels at the bench: which scans are this box's label, which service is chosen, which
parcels need customs (app/domain/carriers.py)."""

from __future__ import annotations

import pytest

from app.domain.carriers import Rate, choose_rate, generic_tail, label_matches, needs_customs, tracking_from_scan

USPS = "9400111899223197428490"
UPS = "1Z999AA10123456784"


@pytest.mark.parametrize("scan", [
    f"42010001{USPS}", f"420100011234{USPS}", f"]C142010001\x1d{USPS}", f"]C1420100011234\x1d{USPS}", USPS,
])
def test_a_usps_impb_with_its_420_zip_prefix_is_the_box_label(scan):
    assert label_matches(scan, tracking=USPS, carrier="usps")


def test_impb_routing_is_dropped_and_another_number_is_refused():
    assert tracking_from_scan(f"42010001{USPS}") == USPS
    assert tracking_from_scan(f"420100012345{USPS}") == USPS   # ZIP+4
    assert tracking_from_scan(f"]C142010001\x1d{USPS}") == USPS
    assert not label_matches(f"42010001{USPS[:-1]}7", tracking=USPS, carrier="usps")
    assert not label_matches("42010001", tracking=USPS, carrier="usps")


def test_ups_1z_and_the_sscc_are_accepted_a_neighbour_is_not():
    assert label_matches(UPS, tracking=UPS, carrier="ups")
    assert label_matches(f"]C0{UPS.lower()}", tracking=UPS, carrier="ups")
    assert not label_matches("1Z999AA10123456785", tracking=UPS, carrier="ups")
    assert label_matches("]C100340123450000000017", tracking=UPS, sscc="340123450000000017", carrier="ups")


def test_the_generic_label_carries_the_last_six_characters_as_an_sscc():
    tracking = "340123450000000017"
    scanned = "00000000000000000175"           # what zxing reads off karrio's generic 4x6 label
    assert generic_tail(scanned) == "000017" and generic_tail("(00)000000000000000175") == "000017"
    assert label_matches(scanned, tracking=tracking, carrier="generic")
    assert label_matches("000017", tracking=tracking, carrier="generic")
    assert not label_matches("00000000000000000182", tracking=tracking, carrier="generic")   # box ...18
    assert not label_matches(scanned, tracking=tracking, carrier="ups")   # only the generic carrier cuts numbers
    assert not label_matches("", tracking=tracking, carrier="generic")


RATES = [Rate("ups", "ups_ground", 7.5, "USD", 5), Rate("ups", "ups_2nd_day_air", 19.0, "USD", 2),
         Rate("ups", "ups_next_day_air", 41.0, "USD", 1), Rate("usps", "usps_priority", 9.9, "USD", 3)]


def test_the_cheapest_service_that_arrives_in_time_is_chosen():
    assert choose_rate(RATES, 6).service == "ups_ground"
    assert choose_rate(RATES, 3).service == "usps_priority"
    assert choose_rate(RATES, 2).service == "ups_2nd_day_air"
    assert choose_rate(RATES, 0).service == "ups_next_day_air"   # a day at least: the fastest in time
    assert choose_rate(RATES, None).service == "ups_ground"


def test_none_in_time_gives_the_fastest_and_a_fixed_choice_wins_or_is_missing():
    slow = [Rate("x", "slow", 1.0, "EUR", 9), Rate("x", "slower", 0.5, "EUR", 12)]
    assert choose_rate(slow, 2).service == "slow"
    assert choose_rate(RATES, 1, fixed="usps_priority").service == "usps_priority"
    assert choose_rate(RATES, 1, fixed="fedex_ground") is None
    assert choose_rate([], 3) is None


@pytest.mark.parametrize(("origin", "destination", "customs"), [
    ("DE", "PL", False), ("DE", "DE", False), ("DE", "US", True), ("DE", "GB", True), ("DE", "CH", True),
    ("US", "US", False), ("US", "CA", True), ("PL", "NO", True),
])
def test_a_parcel_leaving_the_customs_area_needs_customs(origin, destination, customs):
    assert needs_customs(origin, destination) is customs
