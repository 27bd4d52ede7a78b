"""The return evidence pack (A4 or Letter, portrait): sent to a seller or the platform when a return is
disputed. Page 1: the RMA (also as Code 128), order, seller, the warehouse and the buyer, when the RMA
was authorised, received and closed, the buyer's reason, and expected against received per SKU. Then
each unit: its grade, what was seen, the decision, who recorded it where and when, and its photos."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from .. import photos, samples, text
from ..barcodes import code128
from ..documents import EvidencePack, EvidenceUnit
from .flow import Block, Body, Head, draw_pages, paginate
from .kit import Page, address
from .layout import SHEETS, Layout, NewPage

# How the returns desk's codes read on paper; a code not listed here prints as it is.
GRADES = {"A": "A: new, sellable", "B": "B: opened, like new", "C": "C: used", "D": "D: damaged",
          "wrong_item": "Wrong item", "missing": "Missing", "not_ours": "Not our item"}
DISPOSITIONS = {"restock": "Back to stock", "refurbish": "Resale hold / refurbish", "liquidate": "Liquidate",
                "recycle": "Recycle", "dispose": "Dispose", "return_to_seller": "Return to seller",
                "quarantine": "Quarantine", "missing": "Missing"}
REASONS = {"as_described": "As described", "damaged_in_transit": "Damaged in transit", "defective": "Defective",
           "not_as_described": "Not as described", "wrong_size": "Wrong size", "changed_mind": "Changed mind",
           "used": "Used", "parts_missing": "Parts missing", "other": "Other"}
PHOTOS_PER_ROW = 3


def moment(value: datetime | None, missing: str = "-") -> str:
    """A time as printed: to the minute, with its zone when it has one."""
    if value is None:
        return missing
    zone = f" {value.tzname()}" if value.tzinfo else ""
    return f"{value:%Y-%m-%d %H:%M}{zone}"


def summary(pack: EvidencePack) -> list[tuple[str, str, int, int, int, int]]:
    """Per SKU: (sku, name, expected, received, missing, extra); expected SKUs first, then unexpected ones.
    A unit recorded with grade "missing" did not arrive."""
    expected: dict[str, list] = {}
    for line in pack.expected:
        entry = expected.setdefault(line.sku, [line.name, 0])
        entry[1] += line.quantity
    received = Counter(u.sku for u in pack.units if u.grade != "missing")
    names = {u.sku: u.name for u in pack.units}
    rows = []
    for sku, (name, quantity) in expected.items():
        got = received.get(sku, 0)
        rows.append((sku, name, quantity, got, max(0, quantity - got), max(0, got - quantity)))
    for sku, got in received.items():
        if sku not in expected:
            rows.append((sku, names[sku], 0, got, 0, got))
    return rows


def draw(new_page: NewPage, pack: EvidencePack) -> None:
    """Draw an evidence pack on as many pages as it needs."""
    first = new_page()
    g = first.grid
    m = g.mm(15)
    inner = first.width - 2 * m
    pt = first.pt

    def fit(value: str, field: str, w: float, size: float, lines: int = 1, bold: bool = False,
            min_size: float | None = None) -> text.Fitted:
        return text.fit(value, field, max_width=pt(w), size=size, min_size=min_size or max(5.5, size * 0.75),
                        max_lines=lines, bold=bold)

    def height(fitted: text.Fitted) -> float:
        return fitted.height * g.dpi / 72.0

    # --- the frame: big header on page 1, a running one after, footer everywhere ---------------------
    def frame(page: Page, number: int, pages: int) -> None:
        if number == 1:
            page.words("RETURN EVIDENCE", "rma_number", m, m, inner * 0.55, size=18, bold=True)
            page.words(f"RMA {pack.rma_number}", "rma_number", m, m + g.mm(8), inner * 0.55, size=13, bold=True)
            page.words(f"Order {pack.order_ref}", "order_ref", m, m + g.mm(14.5), inner * 0.55, size=10, min_size=7)
            page.words(f"Seller {pack.seller_name}", "seller_name", m, m + g.mm(19.5), inner * 0.55, size=10,
                       min_size=7, lines=2)
            page.barcode(code128("rma_number", pack.rma_number), "rma_number", m + inner * 0.58, m + g.mm(1),
                         inner * 0.42, g.mm(13), x_mm=0.33, caption_size=9)
            page.rule(m + g.mm(29), g.mm(0.5), m, inner)
        else:
            page.words(f"RETURN EVIDENCE · RMA {pack.rma_number} · Order {pack.order_ref} · {pack.seller_name}",
                       "rma_number", m, m, inner, size=8, min_size=6, bold=True)
            page.rule(m + g.mm(5), g.mm(0.3), m, inner)
        page.words(f"Generated {moment(pack.generated_at)} by Floor for the dispute of RMA {pack.rma_number} · "
                   f"page {number} of {pages}", "generated_at", m, page.height - m + g.mm(4), inner, size=7,
                   min_size=5, align="center")

    blocks: list[Block] = []

    # --- who and when ---------------------------------------------------------------------------------
    def parties(page: Page, y: float) -> None:
        half = inner / 2
        page.words("RETURNS WAREHOUSE", "warehouse", m, y, half, size=7.5, bold=True)
        page.words("BUYER", "buyer", m + half, y, half, size=7.5, bold=True)
        address(page, pack.warehouse, "warehouse", m, y + g.mm(4), half - g.mm(4), g.mm(30), name_size=10,
                line_size=8.5)
        address(page, pack.buyer, "buyer", m + half, y + g.mm(4), half, g.mm(30), name_size=10, line_size=8.5)

    blocks.append(Block(g.mm(36), parties))
    when = fit(f"Authorised {moment(pack.authorised_at)}   ·   Received {moment(pack.received_at, 'not yet')}   ·   "
               f"Closed {moment(pack.closed_at, 'still open')}", "authorised_at", inner, 9, bold=True)
    reasons = [fit(p, "buyer_reason", inner - g.mm(30), 9, lines=4)
               for p in (pack.buyer_reason or "-").splitlines() if p.strip()] or [fit("-", "buyer_reason", inner, 9)]

    def timeline(page: Page, y: float) -> None:
        y += page.draw_lines(when, m, y, inner) + g.mm(1)
        page.words("Buyer's reason", "buyer_reason", m, y, g.mm(28), size=8, bold=True)
        for fitted in reasons:
            y += page.draw_lines(fitted, m + g.mm(30), y, inner - g.mm(30))

    blocks.append(Block(height(when) + g.mm(1) + sum(height(f) for f in reasons) + g.mm(4), timeline))

    # --- expected against received ----------------------------------------------------------------------
    blocks.append(_title(g, m, inner, "EXPECTED AND RECEIVED"))
    columns = [("SKU", 0.0, 0.22, "left"), ("ITEM", 0.23, 0.41, "left"), ("EXPECTED", 0.64, 0.09, "right"),
               ("RECEIVED", 0.73, 0.09, "right"), ("MISSING", 0.82, 0.09, "right"), ("EXTRA", 0.91, 0.09, "right")]

    def summary_head(page: Page, y: float) -> None:
        for title, x, w, align in columns:
            page.words(title, "expected", m + inner * x, y, inner * w, size=7.5, bold=True, align=align)
        page.rule(y + g.mm(4), g.mm(0.3), m, inner)

    rows = summary(pack)
    for i, (sku, name, want, got, short, extra) in enumerate(rows):
        cells = [fit(sku, f"expected[{i}].sku", inner * 0.22, 8.5, lines=2),
                 fit(name, f"expected[{i}].name", inner * 0.41, 8.5, lines=2)]
        numbers = [fit(str(v), "expected", inner * 0.09, 9, bold=bool(v) and k >= 2) for k, v in
                   enumerate((want, got, short, extra))]
        row_h = max(height(f) for f in cells + numbers) + g.mm(1.6)

        def summary_row(page: Page, y: float, cells=cells, numbers=numbers, row_h=row_h) -> None:
            for fitted, (_, x, w, align) in zip(cells + numbers, columns):
                page.draw_lines(fitted, m + inner * x, y + g.mm(0.6), inner * w, align=align)
            page.rule(y + row_h - 1, 1, m, inner)

        blocks.append(Block(row_h, summary_row, table="summary"))
    totals = [sum(r[k] for r in rows) for k in (2, 3, 4, 5)]

    def summary_total(page: Page, y: float) -> None:
        page.words("Total" if rows else "Nothing was expected and nothing arrived.", "expected", m, y + g.mm(0.8),
                   inner * 0.6, size=9, bold=True)
        for value, (_, x, w, align) in zip(totals, columns[2:]):
            page.words(str(value), "expected", m + inner * x, y + g.mm(0.8), inner * w, size=9, bold=True, align=align)

    blocks.append(Block(g.mm(7), summary_total, table="summary"))

    # --- every unit -------------------------------------------------------------------------------------
    blocks.append(_title(g, m, inner, f"UNITS ({len(pack.units)})" if pack.units else "UNITS: none recorded"))
    gap = g.mm(3)
    cell_w = (inner - gap * (PHOTOS_PER_ROW - 1)) / PHOTOS_PER_ROW
    for i, unit in enumerate(pack.units):
        blocks += _unit_blocks(g, m, inner, fit, height, i, unit, len(pack.units), cell_w, gap)

    body = Body(first_top=m + g.mm(31), top=m + g.mm(7), bottom=first.height - m)
    pages = paginate(blocks, body, {"summary": Head(g.mm(5.5), summary_head)})
    draw_pages(first, new_page, pages, frame)


def _title(g, m: float, inner: float, title: str) -> Block:
    def draw(page: Page, y: float) -> None:
        page.words(title, "title", m, y + g.mm(3), inner, size=11, bold=True)
        page.rule(y + g.mm(8), g.mm(0.4), m, inner)

    return Block(g.mm(9.5), draw, keep_with_next=True)


def _unit_blocks(g, m: float, inner: float, fit, height, i: int, unit: EvidenceUnit, count: int,
                 cell_w: float, gap: float) -> list[Block]:
    """A unit's facts (kept with its first row of photos), then its photos, PHOTOS_PER_ROW a row."""
    f = f"units[{i}]"
    title = fit(f"Unit {i + 1} of {count} · {unit.sku} · {unit.name}", f"{f}.name", inner, 10, lines=2, bold=True)
    key_w = g.mm(27)
    half = inner / 2
    left = [("Grade", GRADES.get(unit.grade, unit.grade), "grade"),
            ("Observed", REASONS.get(unit.observed_reason, unit.observed_reason) or "-", "observed_reason"),
            ("Disposition", DISPOSITIONS.get(unit.disposition, unit.disposition) or "not decided", "disposition")]
    right = [("Clerk", unit.clerk, "clerk"), ("Station", unit.station or "-", "station"),
             ("Recorded", moment(unit.at), "at")]
    facts = []  # (key, x of the key, fitted value, x of the value, width of the value, dy)
    y = height(title) + g.mm(1.5)
    for (lk, lv, lf), (rk, rv, rf) in zip(left, right):
        lfit = fit(lv, f"{f}.{lf}", half - key_w - g.mm(3), 9, lines=2, bold=lf == "grade")
        rfit = fit(rv, f"{f}.{rf}", half - key_w, 9, lines=2)
        facts += [(lk, m, lfit, m + key_w, half - key_w - g.mm(3), y),
                  (rk, m + half, rfit, m + half + key_w, half - key_w, y)]
        y += max(height(lfit), height(rfit)) + g.mm(0.8)
    wide_x, wide_w = m + key_w, inner - key_w
    for key, value, field in (("Override reason", unit.override_reason, "override_reason"),
                              ("Notes", unit.notes, "notes")):
        for n, paragraph in enumerate(p for p in value.splitlines() if p.strip()):
            fitted = fit(paragraph, f"{f}.{field}", wide_w, 9, lines=6, min_size=7)
            facts.append((key if n == 0 else "", m, fitted, wide_x, wide_w, y))
            y += height(fitted) + g.mm(0.5)
    prepared = [photos.prepare(data, cell_w * 72.0 / g.dpi, g.mm(62) * 72.0 / g.dpi) for data in unit.photos]
    if not prepared:
        why = "No photos: the unit did not arrive." if unit.grade == "missing" else "No photos were taken."
        facts.append(("Photos", m, fit(why, f"{f}.photos", wide_w, 9), wide_x, wide_w, y))
        y += g.mm(5)
    facts_h = y + g.mm(2)

    def draw_facts(page: Page, top: float) -> None:
        page.rule(top, 1, m, inner)
        page.draw_lines(title, m, top + g.mm(1), inner)
        for key, key_x, fitted, x, w, dy in facts:
            if key:
                page.words(key, f"{f}.{key.lower()}", key_x, top + g.mm(1.3) + dy, key_w - g.mm(1), size=7.5,
                           min_size=6, bold=True)
            page.draw_lines(fitted, x, top + g.mm(1) + dy, w)

    blocks = [Block(facts_h, draw_facts, keep_with_next=bool(prepared))]
    for start in range(0, len(prepared), PHOTOS_PER_ROW):
        row = prepared[start:start + PHOTOS_PER_ROW]
        row_h = max(p.height_pt for p in row) * g.dpi / 72.0 + g.mm(6)

        def draw_row(page: Page, top: float, row=row, start=start) -> None:
            for k, photo in enumerate(row):
                x = m + k * (cell_w + gap)
                w, h = photo.width_pt * g.dpi / 72.0, photo.height_pt * g.dpi / 72.0
                left = x + (cell_w - w) / 2
                caption = f"Photo {start + k + 1} of {len(prepared)} · unit {i + 1}"
                if photo.shown:
                    photos.draw(page.canvas, photo, page.grid.x(left), page.grid.y(top + h))
                else:
                    page.box(left, top, w, h, line=2)
                    page.words(f"Photo {start + k + 1} could not be shown", f"{f}.photos[{start + k}]", left + g.mm(2),
                               top + h / 2 - g.mm(4), w - g.mm(4), size=8, bold=True, align="center")
                    page.words(photo.problem, f"{f}.photos[{start + k}]", left + g.mm(2), top + h / 2 + g.mm(0.5),
                               w - g.mm(4), size=7, min_size=5, lines=2, align="center")
                page.words(caption, f"{f}.photos", x, top + h + g.mm(0.8), cell_w, size=7, min_size=5, align="center")

        blocks.append(Block(row_h, draw_row))
    return blocks


def pdf(new_page: NewPage, packs, media) -> None:
    """Each pack from a page of its own."""
    for pack in packs:
        draw(new_page, pack)


LAYOUT = Layout("evidence_pack", EvidencePack, SHEETS, pdf=pdf, sample=samples.evidence_pack, compress=True)
