"""The carrier manifest (A4 or Letter, landscape): the end-of-day hand-off of one carrier's packages.
Every page has the header (carrier, warehouse, day, package count, total weight, page n of m) and the
table's column titles; each row carries its tracking number as Code 128 where it fits the column; the
last page has the hand-off box the driver fills in and signs."""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.pagesizes import A4, LETTER, landscape

from .. import samples
from ..barcodes import code128
from ..documents import Manifest, ManifestRow
from ..errors import LabelDataError
from .flow import Block, Body, Head, draw_pages, paginate
from .kit import Page, city_line, country_line
from .layout import Layout, Media, NewPage

MEDIA = (Media("A4", landscape(A4)), Media("Letter", landscape(LETTER)))
X_MM = 0.25        # module width asked for: 2 dots at 203 dpi, 3 at 300 (a handheld scanner reads both)
MIN_DOTS = 2
# column title, share of the inner width, alignment
COLUMNS = (
    ("#", 0.035, "right"), ("TRACKING NUMBER", 0.235, "center"), ("SSCC", 0.125, "left"), ("ORDER", 0.10, "left"),
    ("SELLER", 0.12, "left"), ("SHIP TO", 0.15, "left"), ("POSTCODE", 0.085, "left"), ("SERVICE", 0.09, "left"),
    ("KG", 0.06, "right"),
)


def kg(value) -> str:
    """A weight as printed: two decimals (three where the data has them), "-" for not weighed."""
    q = Decimal(str(value))
    if q == 0:
        return "-"
    return f"{q:.2f}" if q == q.quantize(Decimal("0.01")) else f"{q.normalize():f}"


def _columns(page: Page, margin: float) -> list[tuple[str, float, float, str]]:
    inner = page.width - 2 * margin
    out, x = [], margin
    for title, share, align in COLUMNS:
        out.append((title, x, inner * share, align))
        x += inner * share
    return out


def barcode_fits(tracking_number: str, dpi: int, page: str = "A4") -> bool:
    """True if the row's tracking number is drawn as a barcode (modules >= 2 dots in its column)."""
    width = next(m for m in MEDIA if m.name == page).dots(dpi)[0]
    margin = 10 * dpi / 25.4
    column = (width - 2 * margin) * COLUMNS[1][1] - 2 * _pad(dpi)
    symbol = code128("tracking_number", tracking_number)
    return (len(symbol.modules) + 2 * symbol.quiet) * MIN_DOTS <= column


def _pad(dpi: int) -> float:
    return 1.2 * dpi / 25.4


def _cell(page: Page, value: str, field: str, x: float, y: float, w: float, size: float, lines: int, align: str,
          bold: bool) -> None:
    """A table cell: wrapped onto its lines before being shrunk below 7 pt, down to 5 pt if it must."""
    try:
        page.words(value, field, x, y, w, size=size, min_size=min(size, 7), lines=lines, align=align, bold=bold)
    except LabelDataError:
        page.words(value, field, x, y, w, size=size, min_size=5, lines=lines, align=align, bold=bold)


def draw(new_page: NewPage, manifest: Manifest, sheet: str) -> None:
    """Draw a manifest on as many `sheet` ("A4" | "Letter") pages as its rows need."""
    first = new_page()
    g = first.grid
    m = g.mm(10)
    pad = g.mm(1.2)
    cols = _columns(first, m)
    row_h = g.mm(12)
    count = len(manifest.rows)
    total = manifest.total_weight_kg
    unweighed = sum(1 for r in manifest.rows if Decimal(str(r.weight_kg)) == 0)
    weight_text = f"{kg(total) if total else '0.00'} kg" + (f" ({unweighed} not weighed)" if unweighed else "")

    def frame(page: Page, number: int, pages: int) -> None:
        inner = page.width - 2 * m
        page.words(manifest.carrier, "carrier", m, m, inner * 0.42, size=20, min_size=10, bold=True)
        page.words(f"CARRIER MANIFEST · {manifest.day.isoformat()}", "day", m, m + g.mm(9.5), inner * 0.42,
                   size=11, min_size=8, bold=True)
        wh = manifest.warehouse
        x = m + inner * 0.44
        w = inner * 0.28
        page.words("FROM", "warehouse", x, m, w, size=7, bold=True)
        page.words(wh.name, "warehouse.name", x, m + g.mm(3), w, size=10, min_size=7, bold=True)
        where = ", ".join(p for p in (wh.lines[0] if wh.lines else "", city_line(wh), country_line(wh)) if p)
        page.words(where, "warehouse", x, m + g.mm(8), w, size=8, min_size=6, lines=2)
        x = m + inner * 0.74
        w = inner * 0.26
        page.words(f"Page {number} of {pages}", "page", x, m, w, size=9, align="right")
        page.words(f"{count} package{'s' if count != 1 else ''}", "rows", x, m + g.mm(4.5), w, size=13, bold=True,
                   align="right")
        page.words(f"Total weight {weight_text}", "rows", x, m + g.mm(11), w, size=10, min_size=7, bold=True,
                   align="right")
        page.rule(m + g.mm(18), g.mm(0.5), m, inner)
        stamp = manifest.generated_at
        page.words(f"Generated {stamp:%Y-%m-%d %H:%M}{' ' + stamp.tzname() if stamp.tzinfo else ''} by Floor · "
                   f"{manifest.carrier} manifest {manifest.day.isoformat()} · {manifest.warehouse.name} · "
                   f"page {number} of {pages}", "generated_at", m, page.height - m - g.mm(3.5), inner,
                   size=7, min_size=5)

    def table_head(page: Page, y: float) -> None:
        for title, x, w, align in cols:
            page.words(title, "rows", x + pad, y, w - 2 * pad, size=7, min_size=5, bold=True, align=align)
        page.rule(y + g.mm(4), g.mm(0.3), m, page.width - 2 * m)

    def row_block(i: int, row: ManifestRow) -> Block:
        f = f"rows[{i}]"

        def draw_row(page: Page, y: float) -> None:
            top = y + g.mm(1)
            page.words(str(i + 1), f, cols[0][1] + pad, top, cols[0][2] - 2 * pad, size=8, min_size=5, align="right")
            _, x, w, _ = cols[1]
            symbol = code128(f"{f}.tracking_number", row.tracking_number)
            if barcode_fits(row.tracking_number, g.dpi, sheet):
                page.barcode(symbol, f"{f}.tracking_number", x + pad, top, w - 2 * pad, g.mm(6.5), x_mm=X_MM,
                             caption_size=7.5)
            else:  # too long for bars a scanner can read in this column: the number alone, large
                page.words(row.tracking_number, f"{f}.tracking_number", x + pad, top + g.mm(2), w - 2 * pad, size=9,
                           min_size=6, lines=2, bold=True, align="center")
            cells = (
                (row.sscc or "-", "sscc", 8, 2), (row.order_ref, "order_ref", 8, 2), (row.seller, "seller", 8, 3),
                (row.ship_to_name, "ship_to_name", 8.5, 3), (f"{row.postal_code} {row.country.upper()}".strip(),
                                                              "postal_code", 8, 2),
                (row.service or "-", "service", 7.5, 3), (kg(row.weight_kg), "weight_kg", 8.5, 1),
            )
            for (value, name, size, lines), (_, x, w, align) in zip(cells, cols[2:]):
                _cell(page, value, f"{f}.{name}", x + pad, top, w - 2 * pad, size, lines, align, name == "ship_to_name")
            page.rule(y + row_h - 1, 1, m, page.width - 2 * m)

        return Block(row_h, draw_row, table="rows", info=row)

    def empty(page: Page, y: float) -> None:
        page.words("No packages on this manifest.", "rows", m, y + g.mm(6), page.width - 2 * m, size=14, bold=True,
                   align="center")

    def hand_over(page: Page, y: float) -> None:
        inner = page.width - 2 * m
        y += g.mm(3)
        page.words("HAND-OVER", "carrier", m, y, inner, size=9, bold=True)
        statement = (f"{manifest.carrier} received {count} package{'s' if count != 1 else ''} ({weight_text}) from "
                     f"{manifest.warehouse.name} on {manifest.day.isoformat()}.")
        page.words(statement, "carrier", m, y + g.mm(4.5), inner, size=10, min_size=7, lines=2)
        top = y + g.mm(13)
        x = m
        for title, share in (("Driver name", 0.38), ("Driver signature", 0.42), ("Time", 0.20)):
            w = inner * share - (g.mm(3) if share != 0.20 else 0)
            page.box(x, top, w, g.mm(22), line=2)
            page.words(title, "signature", x + g.mm(1.5), top + g.mm(1), w - g.mm(3), size=7.5, bold=True)
            x += inner * share

    blocks = [row_block(i, row) for i, row in enumerate(manifest.rows)]
    if not blocks:
        blocks.append(Block(g.mm(16), empty))
    blocks.append(Block(g.mm(40), hand_over))
    top = m + g.mm(19.5)
    body = Body(first_top=top, top=top, bottom=first.height - m - g.mm(5))
    pages = paginate(blocks, body, {"rows": Head(g.mm(5.5), table_head)})
    draw_pages(first, new_page, pages, frame)


def pdf(new_page: NewPage, manifests, media: Media) -> None:
    """Each manifest from a page of its own."""
    for manifest in manifests:
        draw(new_page, manifest, media.name)


LAYOUT = Layout("manifest", Manifest, MEDIA, pdf=pdf, sample=samples.manifest, compress=True)
