"""The GS1 logistic (SSCC) label for a carton: addresses, titled data, then GS1-128 barcodes, SSCC last."""

from __future__ import annotations

from .. import samples
from ..barcodes import gs1_128
from ..documents import CartonLabel
from .kit import Page, address
from .layout import LABEL_4X6, Layout, one_page_each


def barcode_fields(label: CartonLabel) -> list[list[tuple[str, str]]]:
    """The GS1-128 symbols of the label, top to bottom, as (AI, value) lists; the SSCC comes last."""
    symbols = []
    content = []
    if label.gtin:
        content.append(("02", label.gtin.zfill(14)))
        if label.best_before:
            content.append(("15", label.best_before.strftime("%y%m%d")))
        content.append(("37", str(label.count)))
        if label.lot:
            content.append(("10", label.lot))
    elif label.lot:
        content.append(("10", label.lot))
    if content:
        symbols.append(content)
    if label.po:
        symbols.append([("400", label.po)])
    symbols.append([("00", label.sscc)])
    return symbols


def draw(page: Page, label: CartonLabel) -> None:
    """Draw a carton label on a 4x6 page."""
    g, W = page.grid, page.width
    m = g.mm(2.5)
    inner = W - 2 * m
    half = inner / 2
    page.words("FROM", "ship_from", m, m, half, size=6.5, bold=True)
    address(page, label.ship_from, "ship_from", m, m + g.mm(3), half - g.mm(2), g.mm(27), name_size=8, line_size=7,
            bold_city=False, phone=False)
    page.box(m + half - g.mm(0.3), m, g.mm(0.5), g.mm(30), fill=True)
    page.words("TO", "ship_to", m + half + g.mm(1.5), m, half, size=6.5, bold=True)
    address(page, label.ship_to, "ship_to", m + half + g.mm(1.5), m + g.mm(3), half - g.mm(1.5), g.mm(27),
            name_size=11, line_size=9, phone=False)
    page.rule(g.mm(33), g.mm(0.6))
    # titled data, as GS1 logistic labels print it
    page.words("SSCC", "sscc", m, g.mm(34), g.mm(15), size=7, bold=True)
    page.words(label.sscc, "sscc", m + g.mm(12), g.mm(34), inner - g.mm(12), size=15, bold=True)
    rows = []
    if label.gtin:
        rows += [("CONTENT", label.gtin.zfill(14), "gtin"), ("COUNT", str(label.count), "count")]
    if label.lot:
        rows.append(("BATCH/LOT", label.lot, "lot"))
    if label.best_before:
        rows.append(("BEST BEFORE", label.best_before.strftime("%d.%m.%Y"), "best_before"))
    if label.po:
        rows.append(("PO", label.po, "po"))
    if label.order_ref:
        rows.append(("ORDER", label.order_ref, "order_ref"))
    if label.carrier:
        rows.append(("CARRIER", label.carrier, "carrier"))
    if label.weight_kg:
        rows.append(("WEIGHT", f"{label.weight_kg:.2f} kg", "weight_kg"))
    rows.append(("CARTON", f"{label.package_index} of {label.package_count}", "package_index"))
    col = inner / 2
    for i, (title, value, field) in enumerate(rows[:10]):
        x = m + (i % 2) * col
        y = g.mm(41) + (i // 2) * g.mm(7.2)
        page.words(title, field, x, y, col - g.mm(2), size=5.5, bold=True)
        page.words(value, field, x, y + g.mm(2.3), col - g.mm(2), size=9.5, min_size=6, bold=True)
    page.rule(g.mm(78), g.mm(0.6))
    symbols = barcode_fields(label)
    y = g.mm(152.4) - m
    for fields in reversed(symbols):  # the SSCC sits at the bottom, the others stack above it
        is_sscc = fields[0][0] == "00"
        height = g.mm(15 if is_sscc else 10)
        caption_h = g.mm(5)
        y -= height + caption_h
        page.barcode(gs1_128("sscc" if is_sscc else "gtin" if fields[0][0] == "02" else "po" if fields[0][0] == "400"
                             else "lot", fields),
                     "sscc", m, y, inner, height, x_mm=0.33 if is_sscc else 0.25, caption_size=9 if is_sscc else 8)
        y -= g.mm(3)


LAYOUT = Layout("carton_label", CartonLabel, (LABEL_4X6,), pdf=one_page_each(draw), zpl=draw,
                sample=samples.carton_label)
