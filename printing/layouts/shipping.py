"""The 4x6 inch shipping label: from, carrier, ship-to, tracking, references, 2D code, SSCC."""

from __future__ import annotations

from .. import samples
from ..barcodes import code128, gs1_128
from ..documents import ShippingLabel, word
from .kit import Page, address
from .layout import LABEL_4X6, Layout, one_page_each


def qr_text(label: ShippingLabel) -> str:
    """What the label's QR code carries: the package's keys a scanner or carrier app needs."""
    return (f"SSCC:{label.sscc}|TRK:{label.tracking_number}|ORD:{label.order_ref}"
            f"|PKG:{label.package_index}/{label.package_count}"
            f"|TO:{label.ship_to.postal_code} {label.ship_to.country.upper()}")


def draw(page: Page, label: ShippingLabel) -> None:
    """Draw a shipping label on a 4x6 page."""
    g, W = page.grid, page.width
    m = g.mm(2.5)
    inner = W - 2 * m
    # ship-from and carrier
    page.words(word(label, "from", "FROM"), "ship_from", m, m, inner * 0.58, size=6.5, bold=True)
    address(page, label.ship_from, "ship_from", m, m + g.mm(3), inner * 0.58, g.mm(19), name_size=8, line_size=7,
            bold_city=False, phone=False)
    cx = m + inner * 0.62
    cw = W - m - cx
    page.box(cx, m, cw, g.mm(21), fill=True)
    page.words(label.carrier, "carrier", cx + g.mm(1.5), m + g.mm(1), cw - g.mm(3), size=20, min_size=9,
               bold=True, white=True)
    page.words(label.service, "service", cx + g.mm(1.5), m + g.mm(10), cw - g.mm(3), size=11, min_size=6,
               lines=2, bold=True, white=True)
    page.rule(g.mm(25), g.mm(0.6))
    # ship-to: the largest block
    page.words(word(label, "ship_to", "SHIP TO"), "ship_to", m, g.mm(26.5), inner, size=8, bold=True)
    address(page, label.ship_to, "ship_to", m + g.mm(2), g.mm(30), inner - g.mm(2), g.mm(38),
            name_size=17, line_size=13)
    page.rule(g.mm(70), g.mm(1))
    # tracking number, Code 128
    page.words(word(label, "tracking", "{carrier} TRACKING #", carrier=label.carrier), "tracking_number", m,
               g.mm(71.5), inner, size=8, bold=True)
    page.barcode(code128("tracking_number", label.tracking_number), "tracking_number", m, g.mm(76), inner, g.mm(19),
                 x_mm=0.375, caption_size=11)
    page.rule(g.mm(101), g.mm(0.6))
    # references and the 2D code
    qr_size = g.mm(24)
    weight = label.weight_text or f"{label.weight_kg:.2f} kg"
    refs = [
        (word(label, "order", "Order {ref}", ref=label.order_ref), "order_ref"),
        (word(label, "seller", "Seller {name}", name=label.seller_name), "seller_name"),
        (word(label, "weight_date", "Weight {weight} · Date {date}", weight=weight,
              date=label.ship_date.isoformat()), "weight_kg"),
    ]
    if label.reference:
        refs.append((word(label, "reference", "Ref {ref}", ref=label.reference), "reference"))
    y = g.mm(102.5)
    tw = inner - qr_size - g.mm(3)
    for value, field in refs:
        y += page.words(value, field, m, y, tw, size=9, min_size=6)
    page.words(word(label, "package", "PACKAGE {i} OF {n}", i=label.package_index, n=label.package_count),
               "package_index", m, g.mm(118), tw,
               size=14, min_size=9, bold=True)
    page.qr(qr_text(label), W - m - qr_size, g.mm(102), qr_size)
    page.rule(g.mm(127), g.mm(0.6))
    # SSCC as GS1-128 (00)
    page.words("SSCC", "sscc", m, g.mm(128), g.mm(20), size=7, bold=True)
    sscc = label.sscc
    page.barcode(gs1_128("sscc", [("00", sscc)]), "sscc", m, g.mm(131.5), inner, g.mm(14), x_mm=0.375,
                 caption=f"(00) {sscc[0]} {sscc[1:8]} {sscc[8:17]} {sscc[17]}", caption_size=10)


LAYOUT = Layout("shipping_label", ShippingLabel, (LABEL_4X6,), pdf=one_page_each(draw), zpl=draw,
                sample=samples.shipping_label)
