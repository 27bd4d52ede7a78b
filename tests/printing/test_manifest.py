"""The carrier manifest: every package on it reads back and scans, pages continue with their header,
the totals add up, and an empty day still gives a sheet to sign."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pypdfium2 as pdfium
import pytest

from printing import LabelDataError, Manifest, ManifestRow, render_pdf
from printing.layouts import manifest as layout
from printing.samples import WAREHOUSE_DE, manifest, manifest_rows

from .scanning import decode, raster_pages, reads_back, squeeze


def pages_text(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


@pytest.mark.parametrize("sheet", ["A4", "Letter"])
def test_every_tracking_number_and_name_reads_back(sheet):
    doc = manifest(16)
    raw = "\n".join(pages_text(render_pdf(doc, page=sheet)))
    text = squeeze(raw)
    for row in doc.rows:
        assert row.tracking_number in text
        assert row.order_ref in text and (row.sscc or "-") in text
        for name in (row.seller, row.ship_to_name):
            assert reads_back(name, raw), name
    assert "DHL" in text and squeeze(doc.warehouse.name) in text and "2024-11-27" in text


# Every row's barcode decoding exactly once at 203 and 300 dpi, bars on the dot grid, is checked with every
# other layout's barcodes in test_barcodes_scan.py (samples "manifest-a4" and "-letter").


def test_250_rows_continue_over_pages_with_the_header_repeated_and_the_totals_right():
    rows = manifest_rows(250)
    doc = replace(manifest(), rows=rows)
    texts = pages_text(render_pdf(doc, page="A4"))
    total = sum((Decimal(str(r.weight_kg)) for r in rows), Decimal(0))
    assert len(texts) > 10
    positions = []
    for number, page in enumerate(texts, start=1):
        flat = squeeze(page)
        assert squeeze(f"Page {number} of {len(texts)}") in flat
        assert "CARRIERMANIFEST·2024-11-27" in flat and "250packages" in flat
        assert squeeze(f"Total weight {total:.2f} kg") in flat
        if number < len(texts) or any(r.tracking_number in flat for r in rows[-1:]):
            assert "TRACKINGNUMBER" in flat and "SHIPTO" in flat  # the table head on every page with rows
        positions.append([i for i, r in enumerate(rows) if r.tracking_number in flat])
    listed = [i for page in positions for i in page]
    assert listed == list(range(250))  # every package once, in order, none lost at a page break
    assert "HAND-OVER" in squeeze(texts[-1]) and "Driversignature" in squeeze(texts[-1])
    assert not any("HAND-OVER" in squeeze(t) for t in texts[:-1])
    assert squeeze(f"received 250 packages ({total:.2f} kg)") in squeeze(texts[-1])


def test_an_empty_manifest_says_no_packages_and_still_has_the_hand_over_box():
    doc = replace(manifest(), rows=())
    texts = pages_text(render_pdf(doc, page="Letter"))
    assert len(texts) == 1
    flat = squeeze(texts[0])
    for wanted in ("Nopackagesonthismanifest.", "0packages", "Totalweight0.00kg", "Drivername", "Driversignature",
                   "Time", "Page1of1"):
        assert wanted in flat


def test_a_tracking_number_too_long_for_its_column_prints_as_text_only():
    long = "JJD" + "0123456789ABCDEFGHIJ" + "KLMNOPQRSTUVW"  # 36 characters: no readable bars fit 6 cm
    assert not layout.barcode_fits(long, 300, "A4") and layout.barcode_fits(manifest().rows[0].tracking_number, 203)
    rows = (replace(manifest_rows(1)[0], tracking_number=long),) + manifest_rows(2, start=1)
    pdf = render_pdf(replace(manifest(), rows=rows), dpi=300)
    assert long in squeeze("".join(pages_text(pdf)))
    reads = [r.text for image in raster_pages(pdf, 300) for r in decode(image)]
    assert sorted(reads) == sorted(r.tracking_number for r in rows[1:])


def test_weights_add_up_exactly_and_an_unweighed_package_says_so():
    rows = (replace(manifest_rows(1)[0], weight_kg=0.1), replace(manifest_rows(2)[1], weight_kg=0.2),
            replace(manifest_rows(3)[2], weight_kg=0))
    doc = replace(manifest(), rows=rows)
    assert doc.total_weight_kg == Decimal("0.3")
    flat = squeeze("".join(pages_text(render_pdf(doc))))
    assert "Totalweight0.30kg(1notweighed)" in flat


def row(**changes) -> ManifestRow:
    return replace(manifest_rows(1)[0], **changes)


@pytest.mark.parametrize("make,field", [
    (lambda: replace(manifest(), carrier=""), "carrier"),
    (lambda: replace(manifest(), warehouse=None), "warehouse"),
    (lambda: replace(manifest(), warehouse=replace(WAREHOUSE_DE, city="")), "warehouse.city"),
    (lambda: replace(manifest(), day=datetime(2024, 11, 27, 18, 0)), "day"),
    (lambda: replace(manifest(), day="2024-11-27"), "day"),
    (lambda: replace(manifest(), generated_at=None), "generated_at"),
    (lambda: replace(manifest(), rows=(row(), "JJD1")), "rows[1]"),
    (lambda: replace(manifest(), rows=(row(), row())), "rows[1].tracking_number"),
    (lambda: replace(manifest(), rows=(row(tracking_number="JJD 张伟"),)), "rows[0].tracking_number"),
    (lambda: replace(manifest(), rows=(row(sscc="123"),)), "rows[0].sscc"),
    (lambda: replace(manifest(), rows=(row(ship_to_name=""),)), "rows[0].ship_to_name"),
    (lambda: replace(manifest(), rows=(row(seller="Tab\there"),)), "rows[0].seller"),
    (lambda: replace(manifest(), rows=(row(country="Poland"),)), "rows[0].country"),
    (lambda: replace(manifest(), rows=(row(weight_kg=-1),)), "rows[0].weight_kg"),
    (lambda: replace(manifest(), rows=(row(weight_kg="2.5"),)), "rows[0].weight_kg"),
])
def test_bad_manifest_data_names_the_field(make, field):
    with pytest.raises(LabelDataError) as caught:
        make()
    assert caught.value.field == field


def test_a_list_of_rows_is_taken_as_a_tuple_and_other_pages_are_refused():
    doc = Manifest(carrier="GLS", warehouse=WAREHOUSE_DE, day=manifest().day, rows=list(manifest_rows(2)),
                   generated_at=manifest().generated_at)
    assert isinstance(doc.rows, tuple) and hash(doc)
    with pytest.raises(LabelDataError) as caught:
        render_pdf(doc, page="A5")
    assert caught.value.field == "page"
