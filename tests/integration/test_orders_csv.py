"""CSV order import: all orders of a good file, none of a bad one, every bad row named by its line."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.db.models import Order, OrderLine
from app.domain.errors import InvalidInput
from app.domain.order_csv import parse_orders_csv
from app.services import orders
from tests.support.factories import SYSTEM

HEADER = "order_ref,seller,warehouse,service_level,ship_by,name,address1,city,postal_code,country,sku,quantity\n"
GOOD = HEADER + (
    "C-1,S1,W1,standard,2026-12-01T16:00:00+01:00,Zoë Müller,Hauptstraße 5,Berlin,10115,DE,S1-P1,2\n"
    "C-1,S1,W1,standard,2026-12-01T16:00:00+01:00,Zoë Müller,Hauptstraße 5,Berlin,10115,DE,S1-P2,1\n"
    "C-2,S2,W1,express,2026-12-02T12:00:00Z,王芳,朝阳区建国路88号,北京,100022,CN,S2-P1,3\n"
)


def import_text(floor, text, key=None):
    parsed, errors = parse_orders_csv(text.encode())
    return orders.import_orders(floor.uow(), SYSTEM, parsed, key=key, parse_errors=errors)


def counts(floor):
    with floor.reader() as uow:
        return (uow.session.execute(select(func.count(Order.id))).scalar_one(),
                uow.session.execute(select(func.count(OrderLine.id))).scalar_one())


def test_a_good_file_imports_every_order_with_its_lines(site, floor):
    result = import_text(floor, GOOD)
    assert (result.orders, result.lines) == (2, 3)
    assert counts(floor) == (2, 3)


def test_a_file_with_errors_imports_nothing_and_names_every_bad_line(site, floor):
    bad = GOOD + (
        # line 5: the other seller's SKU
        "C-3,S1,W1,standard,2026-12-01T16:00:00Z,Jan Nowak,ul. Długa 1,Gdańsk,80-001,PL,S2-P1,1\n"
        "C-4,S1,W1,standard,not a date,Jan Nowak,ul. Długa 1,Gdańsk,80-001,PL,S1-P1,1\n"               # line 6
        "C-5,S1,W1,standard,2026-12-01T16:00:00Z,Jan Nowak,ul. Długa 1,Gdańsk,80-001,pl,S1-P1,x\n"    # line 7
        "C-6,S9,W1,standard,2026-12-01T16:00:00Z,Jan Nowak,ul. Długa 1,Gdańsk,80-001,PL,S1-P1,1\n"    # line 8
    )
    with pytest.raises(InvalidInput) as err:
        import_text(floor, bad)
    fields = err.value.fields
    assert "line 5: sku" in fields and "line 6: ship_by" in fields and "line 7: quantity" in fields
    assert "line 8: seller" in fields
    assert "Nothing was imported" in err.value.message
    assert counts(floor) == (0, 0)


def test_rows_of_one_order_must_agree_on_its_address(site, floor):
    bad = HEADER + (
        "C-1,S1,W1,standard,2026-12-01T16:00:00Z,Zoë,Hauptstraße 5,Berlin,10115,DE,S1-P1,2\n"
        "C-1,S1,W1,standard,2026-12-01T16:00:00Z,Zoë,Nebenstraße 9,Berlin,10115,DE,S1-P2,1\n"
    )
    with pytest.raises(InvalidInput) as err:
        import_text(floor, bad)
    assert "line 3: address1" in err.value.fields


@pytest.mark.parametrize("text, where", [
    ("", "file"),
    ("order_ref,sku\nA,B\n", "line 1"),
    (HEADER + "C-1,S1,W1\n", "line 2"),
    ("\x00\x01binary", "file"),
])
def test_broken_files_get_a_clear_message(site, floor, text, where):
    with pytest.raises(InvalidInput) as err:
        import_text(floor, text)
    assert where in err.value.fields


def test_a_file_that_is_not_utf8_is_named_as_such(site, floor):
    parsed, errors = parse_orders_csv(GOOD.encode("utf-16"))
    assert "UTF-8" in errors["file"] and parsed == []


def test_importing_the_same_file_twice_imports_it_once(site, floor):
    first = import_text(floor, GOOD, key="csv:same-file-1")
    again = import_text(floor, GOOD, key="csv:same-file-1")
    assert first == again and counts(floor) == (2, 3)


def test_an_order_already_imported_is_reported_not_duplicated(site, floor):
    import_text(floor, GOOD)
    with pytest.raises(InvalidInput) as err:
        import_text(floor, GOOD.replace("C-2", "C-9"))
    assert "line 2: external_ref" in err.value.fields and counts(floor) == (2, 3)


cells = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=14), max_size=5), keep_header=st.booleans())
def test_fuzzed_files_import_completely_or_not_at_all(site, floor, rows, keep_header):
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(row)
    text = (HEADER if keep_header else "") + out.getvalue()
    before = counts(floor)
    try:
        result = import_text(floor, text)
    except InvalidInput as exc:
        assert exc.fields and counts(floor) == before
    else:
        assert counts(floor) == (before[0] + result.orders, before[1] + result.lines)
