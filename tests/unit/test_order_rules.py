"""An order's fields are checked before it is accepted; every problem is named by its field."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from app.domain.order_csv import parse_orders_csv
from app.domain.orders import AddressIn, LineIn, OrderIn, check_order


def order(**over) -> OrderIn:
    base = dict(external_ref="A-1", warehouse="W1", ship_by=datetime(2026, 12, 1, tzinfo=UTC),
                ship_to=AddressIn("Zoë", ("Straße 1",), "Berlin", "DE"), lines=(LineIn("S1-P1", 1),))
    base.update(over)
    return OrderIn(**base)


def test_a_good_order_has_no_problems():
    assert check_order(order()) == {}


def test_names_in_any_script_are_welcome():
    for name in ("王芳", "山田 花子", "김민준", "สมชาย ใจดี", "محمد", "Łukasz Wójcik"):
        assert check_order(order(ship_to=AddressIn(name, ("x",), "y", "PL"))) == {}


def test_the_same_sku_twice_is_named_on_its_second_line():
    problems = check_order(order(lines=(LineIn("A", 1), LineIn("A", 2))))
    assert "already on line 1" in problems["lines[1].sku"]


@given(st.text(max_size=300))
def test_any_name_is_accepted_or_named_as_the_problem(name):
    problems = check_order(order(ship_to=AddressIn(name, ("x",), "y", "PL")))
    assert set(problems) <= {"ship_to.name"}


@given(st.binary(max_size=400))
def test_any_bytes_parse_to_orders_or_named_problems_never_an_exception(raw):
    parsed, errors = parse_orders_csv(raw)
    assert isinstance(parsed, list) and isinstance(errors, dict)
