"""Location (bin) labels: sheets of many on A4 or US Letter, or one 2x1 inch thermal label."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, LETTER

from ..barcodes import code128
from ..documents import BinLabel
from ..errors import LabelDataError
from .kit import Page

MM = 72.0 / 25.4


@dataclass(frozen=True)
class Sheet:
    """A label sheet: page size and the grid of labels on it, in points."""

    page: tuple[float, float]
    columns: int
    rows: int
    width: float
    height: float
    left: float
    top: float
    gap_x: float = 0.0


SHEETS = {
    "A4": Sheet(A4, 3, 8, 70 * MM, 37 * MM, 0.0, 0.5 * MM),                     # 24 per sheet, 70 x 37 mm
    "Letter": Sheet(LETTER, 3, 10, 2.625 * 72, 72.0, 0.1875 * 72, 0.5 * 72, 0.125 * 72),  # 30 per sheet, 2 5/8 x 1 in
    "2x1": Sheet((2 * 72.0, 72.0), 1, 1, 2 * 72.0, 72.0, 0.0, 0.0),
}


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


def draw_all(canvas, dpi: int, labels: list[BinLabel], sheet_name: str, new_page) -> None:
    """Lay bin labels out on sheets (or one per 2x1 label), page after page."""
    if sheet_name not in SHEETS:
        raise LabelDataError("page", f"bin labels print on A4, Letter or 2x1, not {sheet_name!r}")
    sheet = SHEETS[sheet_name]
    per_page = sheet.columns * sheet.rows
    for start in range(0, len(labels), per_page):
        page = new_page(canvas, dpi, sheet.page)
        k = dpi / 72.0
        for i, label in enumerate(labels[start:start + per_page]):
            col, row = i % sheet.columns, i // sheet.columns
            x = (sheet.left + col * (sheet.width + sheet.gap_x)) * k
            y = (sheet.top + row * sheet.height) * k
            draw_one(page, label, x, y, sheet.width * k, sheet.height * k)
        canvas.showPage()
