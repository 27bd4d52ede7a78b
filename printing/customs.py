"""CN23 customs declaration / commercial invoice (A4 PDF), printed with a carrier's label when the carrier
returned no customs document of its own. Data in, PDF out; names in any script with the shipped fonts."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from . import fonts, text
from .documents import Address


@dataclass(frozen=True)
class CustomsItem:
    description: str
    quantity: int
    weight_kg: float
    value: str          # the line's total declared value, a decimal string
    currency: str
    hs_code: str
    origin_country: str


@dataclass(frozen=True)
class CustomsDeclaration:
    sender: Address
    addressee: Address
    items: tuple[CustomsItem, ...]
    tracking_number: str
    carrier: str
    invoice_number: str
    day: date
    total_weight_kg: float
    category: str = "Sale of goods"


def render_customs_pdf(doc: CustomsDeclaration) -> bytes:
    """CN23 / commercial invoice on one A4 page (more pages for many lines)."""
    fonts.register()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"CN23 {doc.tracking_number}")
    width, height = A4
    left, y = 40, height - 50
    text.draw_line(canvas, left, y, "CN23 CUSTOMS DECLARATION / COMMERCIAL INVOICE", 15, bold=True)
    y -= 20
    text.draw_line(canvas, left, y, f"{doc.carrier}  ·  tracking {doc.tracking_number}  ·  invoice "
                                    f"{doc.invoice_number}  ·  {doc.day.isoformat()}", 10)
    y -= 28
    for title, party, x in (("From (sender)", doc.sender, left), ("To (addressee)", doc.addressee, width / 2)):
        line_y = y
        text.draw_line(canvas, x, line_y, title, 9, bold=True)
        for row in (party.name, party.company, *party.lines,
                    " ".join(p for p in (party.postal_code, party.city) if p), party.region, party.country,
                    party.phone):
            if row:
                line_y -= 13
                text.draw_line(canvas, x, line_y, str(row)[:60], 10)
    y -= 13 * 9
    text.draw_line(canvas, left, y, f"Category of item: {doc.category}", 10, bold=True)
    y -= 22
    cols = ((left, "Description"), (left + 210, "Qty"), (left + 245, "Weight kg"), (left + 310, "Value"),
            (left + 385, "HS tariff no."), (left + 465, "Origin"))
    for x, title in cols:
        text.draw_line(canvas, x, y, title, 9, bold=True)
    canvas.line(left, y - 4, width - 40, y - 4)
    total = 0.0
    currency = ""
    for item in doc.items:
        y -= 16
        if y < 120:
            canvas.showPage()
            y = height - 60
        total += float(item.value)
        currency = currency or item.currency
        for (x, _title), value in zip(cols, (item.description[:38], str(item.quantity), f"{item.weight_kg:.3f}",
                                             f"{item.value} {item.currency}", item.hs_code or "-",
                                             item.origin_country or "-")):
            text.draw_line(canvas, x, y, value, 9)
    y -= 26
    text.draw_line(canvas, left, y, f"Total gross weight: {doc.total_weight_kg:.3f} kg", 10, bold=True)
    text.draw_line(canvas, left + 245, y, f"Total value: {total:.2f} {currency}", 10, bold=True)
    y -= 40
    text.draw_line(canvas, left, y, "I certify that the particulars given in this declaration are correct and that "
                                    "this item does not contain", 8)
    text.draw_line(canvas, left, y - 11, "any dangerous article prohibited by legislation or by postal or customs "
                                         "regulations.", 8)
    text.draw_line(canvas, left, y - 40, f"Date and sender's signature: {doc.day.isoformat()}  {doc.sender.name}", 10)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
