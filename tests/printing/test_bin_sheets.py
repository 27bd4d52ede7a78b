"""Bin labels on A4 and Letter sheets and 2x1 rolls: every cell's barcode on the dot grid of the printer the sheet
is built for, however the page is rasterised (at its exact scale, or fitted to whole pixels as pdfium does)."""

from __future__ import annotations

import math
import re

import pypdfium2 as pdfium
import pytest

from printing import LAYOUTS, BinLabel, render_pdf
from printing.barcodes import code128

from .scanning import Read, bar_runs, decode, fitted_pages, raster_pages

RASTERISERS = {"exact": raster_pages, "fitted": fitted_pages}


def sheet_of(count: int) -> list[BinLabel]:
    """A generated range as a site prints it: aisle, rack, level, position; codes of several lengths."""
    codes = [f"A{a:02d}-{r:02d}-{lv}-{p}" for a in (1, 12) for r in (1, 20) for lv in (1, 5) for p in (1, 4)]
    codes += ["Q-01", "RECV-DOCK-7", "MZ-B12-R04-L3", "A01-01"]
    codes += [f"B{i:02d}-{i:02d}" for i in range(1, 20)]
    return [BinLabel(code=c, barcode=f"LOC-{c}", zone="DE1 Zone A", caption=f"#{10 * i}")
            for i, c in enumerate(codes[:count])]


def assert_on_the_grid(image, read: Read) -> int:
    """Walk scan lines across the symbol's bars: every bar and space is exactly its modules x k dots, k >= 2."""
    pattern = [len(m.group()) for m in re.finditer("1+|0+", code128("barcode", read.text).modules)]
    modules = sum(pattern)
    _, top, _, bottom = read.box
    rows = range(top + (bottom - top) // 5, bottom - (bottom - top) // 5 + 1, 2)
    widths = set()
    for y in rows:
        runs = bar_runs(image, read, y)
        assert sum(runs) % modules == 0, f"{read.text} row {y}: {sum(runs)} dots for {modules} modules: {runs}"
        k = sum(runs) // modules
        assert k >= 2, f"{read.text}: {k} dot modules"
        assert runs == [n * k for n in pattern], f"{read.text} row {y}: bars off the {k}-dot grid: {runs}"
        widths.add(k)
    assert len(widths) == 1
    return widths.pop()


@pytest.mark.parametrize("rasteriser", list(RASTERISERS))
@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("page", ["A4", "Letter"])
def test_every_cell_of_a_bin_label_sheet_scans_with_every_bar_on_the_dot_grid(page, dpi, rasteriser):
    sheet = LAYOUTS["bin_labels"].on(page)
    per_sheet = sheet.columns * sheet.rows
    labels = sheet_of(per_sheet + 5)  # a full sheet and a few on the next
    images = RASTERISERS[rasteriser](render_pdf(labels, dpi=dpi, page=page), dpi)
    assert len(images) == 2
    for n, image in enumerate(images):
        wanted = [label.barcode for label in labels[n * per_sheet:(n + 1) * per_sheet]]
        reads = decode(image)
        assert sorted(r.text for r in reads) == sorted(wanted)
        assert {(r.format, r.symbology) for r in reads} == {("Code128", "]C0")}
        for read in reads:
            assert_on_the_grid(image, read)


@pytest.mark.parametrize("dpi", [203, 300])
def test_2x1_thermal_bin_labels_scan_on_the_dot_grid_one_a_page(dpi):
    labels = [label for label in sheet_of(40) if len(label.barcode) <= 12]  # longer ones do not fit 2x1 at 203
    for rasteriser in RASTERISERS.values():
        images = rasteriser(render_pdf(labels, dpi=dpi, page="2x1"), dpi)
        assert [(i.width, i.height) for i in images] == [(2 * dpi, dpi)] * len(labels)
        for label, image in zip(labels, images):
            (read,) = decode(image)
            assert read.text == label.barcode
            assert_on_the_grid(image, read)


@pytest.mark.parametrize("dpi", [203, 300, 600])
def test_every_page_of_every_layout_is_a_whole_number_of_printer_dots(dpi):
    """So that a rasteriser fitting the page to whole pixels (pypdfium2, a browser's print) does not stretch it."""
    for layout in LAYOUTS.values():
        for media in layout.media:
            pdf = render_pdf(layout.sample(), dpi=dpi, page=media.name)
            page = pdfium.PdfDocument(pdf)[0]
            for points, dots in zip((page.get_width(), page.get_height()), media.dots(dpi)):
                # pdfium's render() sizes its bitmap with ceil(points * (dpi / 72)); others round, or multiply first
                scaled = points * (dpi / 72)
                assert math.ceil(scaled) == math.ceil(points * dpi / 72) == round(scaled) == dots
                assert dots - points * dpi / 72 < 0.01
            assert abs(media.dots(dpi)[0] - media.size[0] * dpi / 72) <= 0.5  # still the paper it is for: A4 is 210 mm
