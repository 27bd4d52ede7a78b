"""The ZPL for a label carries the same data, and a ZPL renderer prints barcodes that decode."""

from __future__ import annotations

import re

import pytest
import zplkit
from PIL import Image

from printing import LabelDataError, render_zpl
from printing.layouts import carton, shipping
from printing.samples import carton_label, packing_slip, product_labels, return_label, shipping_label, thermal_bin_label

from .scanning import decode


def zpl_raster(zpl: str, dpi: int) -> Image.Image:
    """The label as zplkit (a local ZPL renderer, test-only) prints it."""
    scene = zplkit.render(zpl, zplkit.Options(profile="specification", dpi=dpi)).labels[0]
    raster = scene.rasterize()
    return Image.frombytes("L", (raster.width, raster.height), raster.pixels)


def test_shipping_label_zpl_carries_tracking_sscc_and_qr():
    label = shipping_label("polish")
    zpl = render_zpl(label, dpi=203)
    assert zpl.startswith("^XA^CI28^PW812^LL1218") and zpl.rstrip().endswith("^XZ")
    assert f"^FD{label.tracking_number}^FS" in zpl
    assert f"^FDMA,{shipping.qr_text(label)}^FS" in zpl
    assert f"^FX text {label.ship_to.name}^FS" in zpl  # non-ASCII text goes as a bitmap, named in a comment
    # two Code 128 symbols, tracking and SSCC; the order reference is a line of text (and in the QR), no barcode
    assert re.findall(r"\^BCN,[^\^]*(?:\^FH)?\^FD([^\^]*)\^FS", zpl) == [label.tracking_number, f">;>800{label.sscc}"]
    assert re.search(rf"\^A0N,\d+,\d+\^FB\d+,1,0,L\^FH\^FDOrder {re.escape(label.order_ref)}\^FS", zpl)


def test_carton_zpl_ends_variable_fields_with_fnc1():
    label = carton_label()
    zpl = render_zpl(label, dpi=300)
    fields = carton.barcode_fields(label)[0]
    assert f"^FD>;>802{fields[0][1]}15{fields[1][1]}37{label.count}>810{label.lot}^FS" in zpl


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("doc,expected", [
    (shipping_label("thai"), lambda d: {("Code128", "]C0", d.tracking_number), ("Code128", "]C1", f"(00){d.sscc}"),
                                        ("QRCode", "]Q1", shipping.qr_text(d))}),
    (return_label(), lambda d: {("Code128", "]C0", d.rma_number), ("Code128", "]C0", d.tracking_number),
                                ("QRCode", "]Q1", f"RMA:{d.rma_number}|ORD:{d.order_ref}|TRK:{d.tracking_number}")}),
    (carton_label(), lambda d: {("Code128", "]C1", "".join(f"({a}){v}" for a, v in f))
                                for f in carton.barcode_fields(d)}),
    (thermal_bin_label(), lambda d: {("Code128", "]C0", d.barcode)}),
    (product_labels()[0], lambda d: {("EAN13", "]E0", d.gtin)}),
    (product_labels()[2], lambda d: {("Code128", "]C1", f"(01){d.gtin}")}),
], ids=["shipping", "return", "carton", "bin", "product-ean13", "product-gtin14"])
def test_zpl_renders_to_barcodes_that_decode_to_the_same_data(doc, expected, dpi):
    reads = decode(zpl_raster(render_zpl(doc, dpi=dpi), dpi))
    assert {(r.format, r.symbology, r.text) for r in reads} == expected(doc)


def test_darkness_goes_in_front_of_the_format():
    assert render_zpl(thermal_bin_label(), darkness=20).startswith("~SD20\n^XA")
    with pytest.raises(LabelDataError) as caught:
        render_zpl(thermal_bin_label(), darkness=99)
    assert caught.value.field == "darkness"


def test_a_packing_slip_is_not_a_thermal_label():
    with pytest.raises(LabelDataError):
        render_zpl(packing_slip())


def test_zpl_escapes_caret_and_tilde_in_text():
    from printing import BinLabel
    zpl = render_zpl(BinLabel(code="A^1~2", barcode="LOC-A1"))
    assert "A\\5E1\\7E2" in zpl and "^FDA^1" not in zpl
