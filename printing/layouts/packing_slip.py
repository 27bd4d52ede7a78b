"""The packing slip (A4 or Letter): who it is for, and every line in the package with its quantity."""

from __future__ import annotations

from .. import samples, text
from ..barcodes import code128
from ..documents import PackingSlip, word
from .kit import Page, address
from .layout import SHEETS, Layout, NewPage


def _header(page: Page, slip: PackingSlip, number: int) -> float:
    """Seller, title, order barcode and package number; returns where the body starts (dots)."""
    g, W = page.grid, page.width
    m = g.mm(15)
    inner = W - 2 * m
    page.words(slip.seller_name, "seller_name", m, m, inner * 0.55, size=16, min_size=9, lines=2, bold=True)
    page.words(word(slip, "title", "PACKING SLIP") + ("  " + word(slip, "page", "(page {n})", n=number) if number > 1
                                                         else ""), "title", m, m + g.mm(13), inner * 0.55,
               size=11, bold=True)
    order = word(slip, "order", "Order {ref}", ref=slip.order_ref)
    page.words(order, "order_ref", m + inner * 0.58, m, inner * 0.42, size=10, bold=True,
               align="right")
    page.barcode(code128("order_ref", slip.order_ref), "order_ref", m + inner * 0.58, m + g.mm(5), inner * 0.42,
                 g.mm(10), x_mm=0.33, caption_size=0)
    page.words(word(slip, "package", "Package {i} of {n}", i=slip.package_index, n=slip.package_count)
               + f"   SSCC {slip.sscc}", "sscc", m, m + g.mm(19),
               inner, size=9, align="right")
    page.rule(m + g.mm(25), g.mm(0.4), m, inner)
    return m + g.mm(27)


def _columns(page: Page, slip: PackingSlip | None = None) -> list[tuple[str, float, float]]:
    m = page.grid.mm(15)
    inner = page.width - 2 * m
    return [("SKU", m, inner * 0.22), ("GTIN", m + inner * 0.23, inner * 0.2),
            (word(slip, "item", "ITEM"), m + inner * 0.44, inner * 0.46),
            (word(slip, "qty", "QTY"), m + inner * 0.91, inner * 0.09)]


def draw(new_page: NewPage, slip: PackingSlip) -> None:
    """Draw a packing slip, continuing on further pages when the lines do not fit one."""
    page = new_page()
    g = page.grid
    m = g.mm(15)
    inner = page.width - 2 * m
    number = 1
    y = _header(page, slip, number)
    page.words(word(slip, "ship_to", "SHIP TO"), "ship_to", m, y, inner / 2, size=8, bold=True)
    page.words(word(slip, "from", "FROM"), "ship_from", m + inner / 2, y, inner / 2, size=8, bold=True)
    h1 = address(page, slip.ship_to, "ship_to", m, y + g.mm(4), inner / 2 - g.mm(4), g.mm(38),
                 name_size=12, line_size=10)
    h2 = address(page, slip.ship_from, "ship_from", m + inner / 2, y + g.mm(4), inner / 2, g.mm(38),
                 name_size=10, line_size=9)
    y += g.mm(6) + max(h1, h2)
    bottom = page.height - m - g.mm(12)
    cols = _columns(page, slip)

    def table_head(y: float) -> float:
        for i, (title, x, w) in enumerate(cols):
            page.words(title, "lines", x, y, w, size=8, bold=True, align="right" if i == 3 else "left")
        page.rule(y + g.mm(4.5), g.mm(0.3), m, inner)
        return y + g.mm(6)

    y = table_head(y)
    for i, line in enumerate(slip.lines):
        f = f"lines[{i}]"
        name = text.fit(line.name, f"{f}.name", max_width=page.pt(cols[2][2]), size=9, min_size=7, max_lines=3)
        row_h = max(name.height * g.dpi / 72.0, g.mm(5)) + g.mm(1.5)
        if y + row_h > bottom:
            page.words(word(slip, "continued", "continued on the next page"),
                       "lines", m, bottom + g.mm(2), inner, size=8, align="right")
            page = new_page()
            number += 1
            y = table_head(_header(page, slip, number))
        page.words(line.sku, f"{f}.sku", cols[0][1], y, cols[0][2], size=9, min_size=6, lines=2)
        page.words(line.gtin or "-", f"{f}.gtin", cols[1][1], y, cols[1][2], size=9, min_size=6)
        text.draw_fitted(page.canvas, name, g.x(cols[2][1]), g.y(y), page.pt(cols[2][2]))
        page.words(str(line.quantity), f"{f}.quantity", cols[3][1], y, cols[3][2], size=10, bold=True, align="right")
        y += row_h
        page.rule(y - g.mm(0.8), 1, m, inner)
    units = sum(line.quantity for line in slip.lines)
    y += g.mm(1)
    page.words(word(slip, "summary", "{lines} line(s), {units} unit(s) in this package", lines=len(slip.lines),
                    units=units), "lines", m, y, inner,
               size=10, bold=True, align="right")
    y += g.mm(7)
    if slip.notes:
        for paragraph in slip.notes.splitlines():
            if paragraph.strip():
                y += page.words(paragraph, "notes", m, y, inner, size=9, min_size=7, lines=4)
    page.words(word(slip, "footer", "Returns are free: keep this slip and use the return label from your order page."),
               "footer",
               m, page.height - m - g.mm(5), inner, size=8, min_size=6, align="center")


def pdf(new_page: NewPage, slips, media) -> None:
    """Each slip from a page of its own."""
    for slip in slips:
        draw(new_page, slip)


LAYOUT = Layout("packing_slip", PackingSlip, SHEETS, pdf=pdf, sample=samples.packing_slip)
