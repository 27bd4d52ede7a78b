"""The 4x6 inch prepaid return label: buyer as sender, returns warehouse as recipient, RMA barcode."""

from __future__ import annotations

from .. import samples
from ..barcodes import code128
from ..documents import ReturnLabel, word
from .kit import Page, address
from .layout import LABEL_4X6, Layout, one_page_each


def qr_text(label: ReturnLabel) -> str:
    """What the return label's QR code carries: the RMA, order and tracking number."""
    return f"RMA:{label.rma_number}|ORD:{label.order_ref}|TRK:{label.tracking_number or '-'}"


def draw(page: Page, label: ReturnLabel) -> None:
    """Draw a return label on a 4x6 page."""
    g, W = page.grid, page.width
    m = g.mm(2.5)
    inner = W - 2 * m
    page.words(word(label, "buyer", "FROM (BUYER)"), "buyer", m, m, g.mm(40), size=6.5, bold=True)
    address(page, label.buyer, "buyer", m, m + g.mm(3), inner * 0.58, g.mm(19), name_size=8, line_size=7,
            bold_city=False, phone=False)
    cx = m + inner * 0.62
    cw = W - m - cx
    page.box(cx, m, cw, g.mm(21), fill=True)
    free = word(label, "free_return", "FREE RETURN")
    page.words(free, "free_return", cx + g.mm(1), m + g.mm(1), cw - g.mm(2), size=12, min_size=7,
               bold=True, white=True)
    page.words(label.carrier, "carrier", cx + g.mm(1), m + g.mm(7), cw - g.mm(2), size=11, min_size=6,
               bold=True, white=True)
    page.words(label.service, "service", cx + g.mm(1), m + g.mm(13), cw - g.mm(2), size=8, min_size=5,
               lines=2, white=True)
    page.rule(g.mm(25), g.mm(0.6))
    page.words(word(label, "returns_to", "RETURN TO"), "returns_to", m, g.mm(26.5), g.mm(30), size=8, bold=True)
    address(page, label.returns_to, "returns_to", m + g.mm(2), g.mm(30), inner - g.mm(2), g.mm(33),
            name_size=16, line_size=12)
    page.rule(g.mm(64), g.mm(1))
    page.words("RMA", "rma_number", m, g.mm(65.5), inner, size=8, bold=True)
    page.barcode(code128("rma_number", label.rma_number), "rma_number", m, g.mm(69.5), inner, g.mm(16),
                 x_mm=0.375, caption_size=13)
    page.rule(g.mm(93), g.mm(0.6))
    y = g.mm(94.5)
    if label.tracking_number:
        page.words(word(label, "tracking", "{carrier} TRACKING #", carrier=label.carrier), "tracking_number", m, y,
                   inner, size=7, bold=True)
        page.barcode(code128("tracking_number", label.tracking_number), "tracking_number", m, y + g.mm(3.5), inner,
                     g.mm(12), x_mm=0.33, caption_size=9)
    page.rule(g.mm(119), g.mm(0.6))
    qr_size = g.mm(24)
    tw = inner - qr_size - g.mm(3)
    y = g.mm(120.5)
    rows = [(word(label, "order", "Order {ref}", ref=label.order_ref), "order_ref"),
            (word(label, "seller", "Seller {name}", name=label.seller_name), "seller_name")]
    if label.issued_on:
        rows.append((word(label, "issued", "Issued {date}", date=label.issued_on.isoformat()), "issued_on"))
    if label.reason:
        rows.append((word(label, "reason", "Reason {reason}", reason=label.reason), "reason"))
    for value, field in rows:
        y += page.words(value, field, m, y, tw, size=9, min_size=6, lines=2)
    paid = word(label, "postage_paid", "FREE RETURN - postage paid, no charge to the buyer")
    page.words(paid, "free_return", m, g.mm(142), tw,
               size=8, min_size=5, lines=2, bold=True)
    page.qr(qr_text(label), W - m - qr_size, g.mm(121), qr_size)


LAYOUT = Layout("return_label", ReturnLabel, (LABEL_4X6,), pdf=one_page_each(draw), zpl=draw,
                sample=samples.return_label)
