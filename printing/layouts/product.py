"""The product (unit) label, 2.25 x 1.25 inch: SKU, name, seller and the GTIN's own symbology."""

from __future__ import annotations

from .. import samples
from ..barcodes import code128, retail
from ..documents import ProductLabel
from .kit import Page
from .layout import INCH, Layout, Media, one_page_each


def symbol(label: ProductLabel):
    """EAN-13 / UPC-A / EAN-8 / GS1-128 (01) for a GTIN, else Code 128 of the barcode text or SKU."""
    if label.gtin:
        return retail("gtin", label.gtin), "gtin"
    return (code128("barcode" if label.barcode else "sku", label.barcode or label.sku),
            "barcode" if label.barcode else "sku")


def draw(page: Page, label: ProductLabel) -> None:
    """Draw a product label."""
    g, W, H = page.grid, page.width, page.height
    m = g.mm(1.5)
    inner = W - 2 * m
    page.words(label.sku, "sku", m, m, inner * 0.55, size=11, min_size=7, bold=True)
    page.words(label.seller_name, "seller_name", m + inner * 0.57, m + g.mm(0.5), inner * 0.43,
               size=6.5, min_size=5, align="right")
    used = page.words(label.name, "name", m, m + g.mm(4.8), inner, size=8, min_size=5.5, lines=2)
    sym, field = symbol(label)
    top = m + g.mm(4.8) + used + g.mm(1)
    page.barcode(sym, field, m, top, inner, H - m - g.mm(3.5) - top, x_mm=0.33, caption_size=7.5)


LAYOUT = Layout("product_label", ProductLabel, (Media("2.25x1.25", (2.25 * INCH, 1.25 * INCH), thermal=True),),
                pdf=one_page_each(draw), zpl=draw, sample=samples.product_labels)
