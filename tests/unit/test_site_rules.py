"""The pure rules of setting a site up: bin ranges and their walking order, products, return rules."""

from __future__ import annotations

import pytest

from app.domain.catalogue import ProductIn, check_product, normal_un
from app.domain.errors import InvalidInput
from app.domain.layout import expand, serpentine
from app.domain.returns import rules_problems


def test_ranges_keep_their_zero_padding_and_refuse_what_is_not_a_range():
    assert expand("A08..A11", "aisles") == ["A08", "A09", "A10", "A11"]
    assert expand("1,3..4", "levels") == ["1", "3", "4"]
    for bad in ("A05..A01", "A01..B02", "", "1..2,2"):
        with pytest.raises(InvalidInput):
            expand(bad, "aisles")


def test_the_walk_goes_up_one_aisle_and_down_the_next():
    walk = serpentine("W", ["A1", "A2", "A3"], ["1", "2"], ["1"], [], first_sequence=100)
    assert [b.code for b in walk] == ["W-A1-1-1", "W-A1-2-1", "W-A2-2-1", "W-A2-1-1", "W-A3-1-1", "W-A3-2-1"]
    assert [b.pick_sequence for b in walk] == [100, 110, 120, 130, 140, 150]


def test_a_product_with_a_wrong_check_digit_or_a_bad_un_number_is_refused():
    assert check_product(ProductIn("SKU-1", "Case", gtin="4006381333931")) == {}
    assert set(check_product(ProductIn("SKU 1", "", gtin="4006381333932", hazmat_un="UN12", hs_code="39.26",
                                       country_of_origin="cn"))) == {
        "sku", "name", "gtin", "hazmat_un", "hs_code", "country_of_origin"}
    assert normal_un("3481") == "UN3481" and normal_un("") is None


def test_return_rules_name_real_grades_and_dispositions():
    assert rules_problems({"A": "restock", "D": "quarantine", "missing": "none"}) == {}
    assert set(rules_problems({"Z": "restock", "B": "burn", "wrong_item": "restock"})) == {
        "return_rules.Z", "return_rules.B", "return_rules.wrong_item"}
    assert rules_problems(["restock"]) == {"return_rules": rules_problems(["restock"])["return_rules"]}
