"""Location (bin) labels: one 2x1 inch thermal label each, or sheets of many on A4 or US Letter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.pagesizes import A4, LETTER

from .. import samples
from ..barcodes import code128
from ..documents import BinLabel
from ..errors import LabelDataError
from .kit import Page
from .layout import INCH, Layout, Media, NewPage

MM = INCH / 25.4


@dataclass(frozen=True, kw_only=True)
class LabelSheet(Media):
    """A sheet of labels: `columns` x `rows` cells of `cell` points from (left, top), `gap` apart across."""

    columns: int = 1
    rows: int = 1
    cell: tuple[float, float]
    left: float = 0.0
    top: float = 0.0
    gap: float = 0.0

    @lru_cache(maxsize=16)  # noqa: B019 - a handful of sheets x dpis, alive as long as the module anyway
    def cells(self, dpi: int) -> tuple[tuple[int, int, int, int], ...]:
        """Each cell's x, y, width and height in whole dots, row by row: a cell starts on the page's dot grid
        (an A4 cell is 826.77 dots wide at 300 dpi), so every label on the sheet is drawn exactly alike."""
        k = dpi / INCH

        def edges(start: float, step: float, size: float, count: int) -> list[tuple[int, int]]:
            return [(round((start + i * step) * k), round((start + i * step + size) * k)) for i in range(count)]

        xs = edges(self.left, self.cell[0] + self.gap, self.cell[0], self.columns)
        ys = edges(self.top, self.cell[1], self.cell[1], self.rows)
        return tuple((x0, y0, x1 - x0, y1 - y0) for y0, y1 in ys for x0, x1 in xs)


MEDIA = (
    LabelSheet("2x1", (2 * INCH, INCH), thermal=True, cell=(2 * INCH, INCH)),
    LabelSheet("A4", A4, columns=3, rows=8, cell=(70 * MM, 37 * MM), top=0.5 * MM),           # 24 of 70 x 37 mm
    LabelSheet("Letter", LETTER, columns=3, rows=10, cell=(2.625 * INCH, INCH), left=0.1875 * INCH,
               top=0.5 * INCH, gap=0.125 * INCH),                                        # 30 of 2 5/8 x 1 in
)


def draw_one(page: Page, label: BinLabel, x: float, y: float, w: float, h: float) -> None:
    """One bin label in a w x h dots cell at (x, y)."""
    g = page.grid
    pad = g.mm(1.5)
    scale = min(1.0, h / g.mm(37))
    used = page.words(label.code, "code", x + pad, y + pad, w - 2 * pad, size=max(11.0, 22 * scale), min_size=8,
                      bold=True, align="center")
    footer = " - ".join(p for p in (label.zone, label.caption) if p)
    footer_h = g.mm(3.2) if footer else 0
    bar_top = y + pad + used + g.mm(0.8)
    bar_h = y + h - pad - footer_h - g.mm(3.5) - bar_top
    if bar_h < g.mm(5):
        raise LabelDataError("code", "the code leaves no room for the barcode on this label")
    page.barcode(code128("barcode", label.barcode), "barcode", x + pad, bar_top, w - 2 * pad, bar_h,
                 x_mm=0.3, caption_size=6.5)
    if footer:
        page.words(footer, "caption", x + pad, y + h - pad - footer_h, w - 2 * pad, size=7, min_size=5, align="center")


def draw_label(page: Page, label: BinLabel) -> None:
    """One bin label filling its page (a 2x1 thermal label)."""
    draw_one(page, label, 0, 0, page.width, page.height)


def pdf(new_page: NewPage, labels: Sequence[BinLabel], sheet: LabelSheet) -> None:
    """Bin labels cell by cell, a new page when a sheet is full (every label on a page of its own on a roll)."""
    per_page = sheet.columns * sheet.rows
    for start in range(0, len(labels), per_page):
        page = new_page()
        for i, (x, y, w, h) in enumerate(sheet.cells(page.grid.dpi)[:len(labels) - start], start=start):
            try:
                draw_one(page, labels[i], x, y, w, h)
            except LabelDataError as error:  # which of 5,000 labels, by its place in the list
                raise error.within(f"labels[{i}]") from None


LAYOUT = Layout("bin_labels", BinLabel, MEDIA, pdf=pdf, zpl=draw_label, sample=samples.bin_labels)
