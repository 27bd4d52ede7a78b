"""GS1 check digits: weights 3,1 from the right; the check digit lifts the sum to a multiple of 10."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import gs1


@pytest.mark.parametrize("gtin", ["4006381333931", "96385074", "036000291452", "10614141000415"])
def test_real_gtins_are_valid(gtin):
    assert gs1.is_valid_gtin(gtin)


@pytest.mark.parametrize("gtin, problem", [
    ("4006381333932", "should be 1"), ("40063813339", "8, 12, 13 or 14"), ("40063813339A1", "digits only"),
])
def test_a_bad_gtin_says_what_is_wrong(gtin, problem):
    assert problem in gs1.gtin_problem(gtin)


@given(st.text("0123456789", min_size=7, max_size=13))
def test_adding_the_check_digit_always_gives_a_valid_number(data):
    assert gs1.check_digit(data) == int(gs1.with_check_digit(data)[-1])
    if len(data) + 1 in gs1.GTIN_LENGTHS:
        assert gs1.is_valid_gtin(gs1.with_check_digit(data))


@given(st.text("0123456789", min_size=8, max_size=14), st.integers(1, 9))
def test_changing_one_digit_breaks_the_check(data, bump):
    number = gs1.with_check_digit(data[:-1])
    broken = number[:-2] + str((int(number[-2]) + bump) % 10) + number[-1]
    assert not gs1.is_valid(broken, (len(number),))


def test_an_sscc_is_eighteen_digits_with_its_check_digit():
    sscc = gs1.make_sscc(1, "0614141", 123456789)  # GS1's own example
    assert sscc == "106141411234567897" and gs1.is_valid_sscc(sscc)
