"""Bad data gets a clear LabelDataError naming the field, never a broken label."""

from __future__ import annotations

from dataclasses import replace

import pytest

from printing import Address, BinLabel, CartonLabel, LabelDataError, ProductLabel, render_pdf
from printing.samples import WAREHOUSE_DE, carton_label, return_label, shipping_label, thermal_bin_label
from printing.validators import gs1_check_digit, has_valid_check_digit, make_sscc


def error_of(make) -> LabelDataError:
    with pytest.raises(LabelDataError) as caught:
        make()
    return caught.value


def with_ship_to(**changes):
    label = shipping_label("polish")
    return replace(label, ship_to=replace(label.ship_to, **changes))


@pytest.mark.parametrize("make,field", [
    (lambda: with_ship_to(name=""), "ship_to.name"),
    (lambda: with_ship_to(name="   "), "ship_to.name"),
    (lambda: with_ship_to(name="A" * 500), "ship_to.name"),
    (lambda: with_ship_to(lines=()), "ship_to.lines"),
    (lambda: with_ship_to(city=""), "ship_to.city"),
    (lambda: with_ship_to(country="Poland"), "ship_to.country"),
    (lambda: with_ship_to(name="Tab\tName"), "ship_to.name"),
    (lambda: with_ship_to(name="Line\nbreak"), "ship_to.name"),
    (lambda: with_ship_to(name="Pharaoh \U00013000"), "ship_to.name"),
    (lambda: with_ship_to(lines=("Private \ue000 use",)), "ship_to.lines[0]"),
    (lambda: replace(shipping_label(), tracking_number="1Z999ÄÖ"), "tracking_number"),
    (lambda: replace(shipping_label(), tracking_number="张伟123"), "tracking_number"),
    (lambda: replace(shipping_label(), tracking_number=""), "tracking_number"),
    (lambda: replace(shipping_label(), sscc="040123450010000014"), "sscc"),
    (lambda: replace(shipping_label(), sscc="12345"), "sscc"),
    (lambda: replace(shipping_label(), weight_kg=0), "weight_kg"),
    (lambda: replace(shipping_label(), package_index=3), "package_index"),
    (lambda: replace(shipping_label(), ship_date="2024-11-27"), "ship_date"),
    (lambda: replace(return_label(), rma_number="RMA\u00a01"), "rma_number"),
    (lambda: replace(return_label(), buyer=replace(return_label().buyer, name="")), "buyer.name"),
    (lambda: ProductLabel(sku="S1", name="Mug", seller_name="Ceramika", gtin="4006381333932"), "gtin"),
    (lambda: ProductLabel(sku="S1", name="Mug", seller_name="Ceramika", gtin="40063813"), "gtin"),
    (lambda: ProductLabel(sku="S1", name="Mug", seller_name="Ceramika", gtin="12345abc"), "gtin"),
    (lambda: replace(carton_label(), gtin="14012345000014"), "gtin"),
    (lambda: replace(carton_label(), count=None), "count"),
    (lambda: BinLabel(code="A-01", barcode="LOC A-01 ü"), "barcode"),
    (lambda: BinLabel(code="", barcode="LOC-1"), "code"),
])
def test_bad_data_names_the_field(make, field):
    error = error_of(make)
    assert error.field == field
    assert isinstance(error, ValueError) and error.message and field in str(error)


def test_a_barcode_too_long_for_a_2x1_label_at_203_dpi_is_an_error_not_thin_bars():
    label = BinLabel(code="A-01-02", barcode="LOC-DE1-A-01-02")
    assert error_of(lambda: render_pdf(label, dpi=203, page="2x1")).field == "labels[0].barcode"
    assert render_pdf(label, dpi=203, page="A4").startswith(b"%PDF")


def test_mixed_document_kinds_and_unknown_pages_are_refused():
    assert error_of(lambda: render_pdf([shipping_label(), return_label()])).field == "documents"
    assert error_of(lambda: render_pdf(thermal_bin_label(), page="A3")).field == "page"
    assert error_of(lambda: render_pdf(shipping_label(), dpi=250)).field == "dpi"


def test_gs1_check_digits():
    assert gs1_check_digit("400638133393") == "1"
    assert has_valid_check_digit("4006381333931") and not has_valid_check_digit("4006381333932")
    assert has_valid_check_digit(make_sscc(0, "4012345", 1000001))
    assert make_sscc(0, "4012345", 1000001) == "040123450010000013"


def test_a_valid_carton_needs_no_optional_fields():
    label = CartonLabel(sscc=make_sscc(3, "4012345", 7), ship_from=WAREHOUSE_DE,
                        ship_to=Address("Kunde", ("Weg 1",), "Berlin", "10115", "DE"))
    assert render_pdf(label).startswith(b"%PDF")
