"""Every barcode on every layout decodes from a raster of the real PDF, on the printer's dot grid."""

from __future__ import annotations

import pytest

from printing import render_pdf
from printing.layouts import carton, manifest, returns, shipping
from printing.samples import all_samples

from .scanning import bar_runs, decode, raster_pages

SAMPLES = all_samples()


def gs1(*fields: tuple[str, str]) -> tuple[str, str, str]:
    return ("Code128", "]C1", "".join(f"({ai}){value}" for ai, value in fields))


def expected_symbols(name: str, doc, dpi: int, pages: int) -> list[set[tuple[str, str, str]]]:
    """What a scanner must read, page by page."""
    if name.startswith("manifest"):  # rows go over pages: checked as a whole below
        sheet = "A4" if name.endswith("a4") else "Letter"
        return [{("Code128", "]C0", r.tracking_number) for r in doc.rows
                 if manifest.barcode_fits(r.tracking_number, dpi, sheet)}]
    if name.startswith("evidence-pack"):
        return [{("Code128", "]C0", doc.rma_number)}] + [set()] * (pages - 1)  # photos hold no barcodes
    if name.startswith("shipping"):
        return [{("Code128", "]C0", doc.tracking_number), gs1(("00", doc.sscc)),
                 ("QRCode", "]Q1", shipping.qr_text(doc))}]
    if name == "return-label":
        return [{("Code128", "]C0", doc.rma_number), ("Code128", "]C0", doc.tracking_number),
                 ("QRCode", "]Q1", returns.qr_text(doc))}]
    if name == "carton-label":
        return [{gs1(*fields) for fields in carton.barcode_fields(doc)}]
    if name.startswith("bin-labels"):
        per_page = {"a4": 24, "letter": 30, "2x1": 1}[name.rsplit("-", 1)[1]]
        return [{("Code128", "]C0", b.barcode) for b in doc[i:i + per_page]} for i in range(0, len(doc), per_page)]
    if name.startswith("product"):
        docs = doc if isinstance(doc, list) else [doc]
        out = []
        for p in docs:
            if p.gtin and len(p.gtin) == 13:
                out.append({("EAN13", "]E0", p.gtin)})
            elif p.gtin and len(p.gtin) == 12:  # UPC-A is EAN-13 with a leading 0 to a scanner in EAN mode
                out.append({("EAN13", "]E0", "0" + p.gtin)})
            elif p.gtin:
                out.append({gs1(("01", p.gtin))})
            else:
                out.append({("Code128", "]C0", p.barcode or p.sku)})
        return out
    if name.startswith("packing-slip"):
        return [{("Code128", "]C0", doc.order_ref)}]
    raise AssertionError(name)


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("name", list(SAMPLES))
def test_every_barcode_decodes_to_exactly_its_data_with_bars_on_the_dot_grid(name, dpi):
    doc, page = SAMPLES[name]
    pages = raster_pages(render_pdf(doc, dpi=dpi, page=page), dpi)
    expected = expected_symbols(name, doc, dpi, len(pages))
    per_page = [(image, decode(image)) for image in pages]
    if name.startswith("manifest"):  # each row's barcode once, on whichever page the row landed
        assert len(pages) > 1
        found = [(r.format, r.symbology, r.text) for _, reads in per_page for r in reads]
        assert sorted(found) == sorted(expected[0])
        expected = [{(r.format, r.symbology, r.text) for r in reads} for _, reads in per_page]
    assert len(pages) == len(expected)
    for (image, reads), wanted in zip(per_page, expected):
        assert {(r.format, r.symbology, r.text) for r in reads} == wanted
        assert len(reads) == len(wanted)
        for read in reads:
            if read.format == "QRCode":
                continue
            runs = bar_runs(image, read)
            module = min(runs)
            assert module >= 2, f"{read.text}: a module of {module} dot(s) is too thin"
            assert all(run % module == 0 for run in runs), f"{read.text}: bars off the dot grid: {runs}"
            assert max(runs) <= 4 * module


def test_gs1_128_hands_the_scanner_a_gs_between_variable_fields():
    doc = SAMPLES["carton-label"][0]
    image = raster_pages(render_pdf(doc, dpi=203), 203)[0]
    import zxingcpp
    raw = {b.bytes for b in zxingcpp.read_barcodes(image) if b.content_type == zxingcpp.ContentType.GS1}
    assert f"02{doc.gtin.zfill(14)}15{doc.best_before:%y%m%d}37{doc.count}\x1d10{doc.lot}".encode() in raw


@pytest.mark.parametrize("dpi", [203, 300])
def test_module_width_is_a_whole_number_of_dots_at_least_two(dpi):
    from printing.barcodes import code128, module_dots
    symbol = code128("x", "JJD0001234567890")
    k = module_dots(dpi, 0.375, 4 * dpi, symbol, "x")
    assert isinstance(k, int) and k >= 2
    assert k == max(2, round(0.375 * dpi / 25.4))


def test_a_12_digit_gtin_prints_as_upc_a():
    import zxingcpp

    from printing.samples import product_labels
    label = next(p for p in product_labels() if p.gtin and len(p.gtin) == 12)
    image = raster_pages(render_pdf(label, dpi=203), 203)[0]
    reads = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.UPCA)
    assert [r.format for r in reads] == [zxingcpp.BarcodeFormat.UPCA]
    assert reads[0].text in (label.gtin, "0" + label.gtin)  # zxing-cpp 3 hands UPC-A on in its EAN-13 form
