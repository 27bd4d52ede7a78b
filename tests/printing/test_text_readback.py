"""Names and addresses in any script print as themselves: the PDF's text reads back as asked."""

from __future__ import annotations

import pytest

from printing import LabelDataError, render_pdf
from printing.samples import BUYERS, all_samples, packing_slip, shipping_label

from .scanning import page_text, reads_back, squeeze


@pytest.mark.parametrize("buyer", list(BUYERS))
def test_ship_to_reads_back_from_the_shipping_label_in_its_own_script(buyer):
    label = shipping_label(buyer)
    text = squeeze(page_text(render_pdf(label)))
    to = label.ship_to
    for value in (to.name, *to.lines, to.city, to.postal_code, label.seller_name, label.order_ref,
                  label.tracking_number, label.ship_from.name, label.carrier, label.service):
        assert squeeze(value) in text, value


def test_packing_slip_lists_every_line_with_its_quantity():
    slip = packing_slip()
    raw = page_text(render_pdf(slip, page="Letter"))
    text = squeeze(raw)
    for line in slip.lines:
        assert reads_back(line.name, raw) and squeeze(line.sku) in text
    assert squeeze(f"{sum(l.quantity for l in slip.lines)} unit(s)") in text


def test_every_sample_layout_renders_at_both_dpis_and_pages():
    for name, (doc, page) in all_samples().items():
        for dpi in (203, 300):
            assert render_pdf(doc, dpi=dpi, page=page).startswith(b"%PDF-"), name


def test_a_long_street_line_is_wrapped_not_cut():
    base = shipping_label("german")
    street = "Sankt-Johannes-von-Nepomuk-Straße 123, Hinterhaus, Aufgang C, 4. Obergeschoss links, bei Familie Schmidt"
    label = base.__class__(**{**base.__dict__, "ship_to": base.ship_to.__class__(
        **{**base.ship_to.__dict__, "lines": (street,)})})
    assert squeeze(street) in squeeze(page_text(render_pdf(label)))


def test_an_address_too_long_even_shrunk_and_wrapped_is_an_error_naming_the_field():
    base = shipping_label("german")
    lines = tuple(("Hinterhof Aufgang Treppenhaus Stockwerk Wohnungstür Briefkasten Klingelschild " * 3)[:159]
                  for _ in range(4))
    name = ("Maximiliane Friederike Konstanze von und zu Hohenzollern-Sigmaringen-Lüdenscheidt " * 2)[:120]
    to = base.ship_to.__class__(**{**base.ship_to.__dict__, "name": name, "lines": lines})
    label = base.__class__(**{**base.__dict__, "ship_to": to})
    with pytest.raises(LabelDataError) as caught:
        render_pdf(label)
    assert caught.value.field.startswith("ship_to.")


def test_the_same_label_renders_to_the_same_bytes():
    assert render_pdf(shipping_label("thai")) == render_pdf(shipping_label("thai"))


def test_write_samples_renders_every_layout_as_pdf_and_thermal_ones_as_zpl(tmp_path):
    from printing.samples import write_samples
    paths = write_samples(tmp_path, dpis=(203,))
    names = {p.name for p in paths}
    assert "shipping-label-203dpi.pdf" in names and "shipping-label-203dpi.zpl" in names
    assert "packing-slip-a4-203dpi.pdf" in names and "packing-slip-a4-203dpi.zpl" not in names
    assert all(p.stat().st_size > 0 for p in paths)
