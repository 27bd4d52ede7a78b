"""What the dock sees of one inbound shipment: announced vs received per SKU (over, short and
unannounced lines coloured), the cartons ticked off, and after closing, the discrepancies."""

from __future__ import annotations

import flet as ft

from app.i18n import N_, _, n_
from app.services.inbound import InboundLineView, InboundView
from app.ui import theme
from app.ui.stock.widgets import Col, heading, table

STATUS = {"announced": N_("announced"), "receiving": N_("receiving"), "closed": N_("closed")}
KINDS = {"short": N_("short"), "over": N_("over"), "unannounced": N_("not announced"), "damaged": N_("damaged")}
COLS = [Col(N_("SKU"), 190), Col(N_("Product")), Col(N_("Announced"), 170, True),
        Col(N_("Received"), 150, True, theme.TEXT_TITLE - 6, True), Col(N_("Damaged"), 150, True),
        Col(N_("Difference"), 200, True, bold=True)]


def line_state(line: InboundLineView, closed: bool) -> tuple[str, str]:
    """(what the difference column says, row tone)."""
    diff = line.difference
    if line.expected == 0:
        return _("not announced"), "error"
    if diff > 0:
        return _("{n} over", n=diff), "warn"
    if diff < 0:
        return (_("{n} short", n=-diff), "error") if closed else (_("{n} to come", n=-diff), "")
    return _("all here"), "ok" if not line.damaged else "warn"


def lines_table(v: InboundView, *, key: str = "inbound.lines") -> ft.Control:
    closed = v.status == "closed"
    rows = []
    for line in v.lines:
        said, tone = line_state(line, closed)
        name = f"{line.name} · {_('lot {lot}', lot=line.lot)}" if line.lot else line.name
        rows.append(([line.sku, name, line.expected, line.received, line.damaged or "–", said], tone))
    return table(COLS, rows, key=key, empty=_("Nothing announced or received yet."))


def summary(v: InboundView) -> str:
    got = sum(1 for _s, received in v.cartons if received)
    cartons = _("cartons {got} of {n}", got=got, n=len(v.cartons)) if v.cartons else _("no cartons announced")
    got_units = sum(l.received + l.damaged for l in v.lines)
    units = _("{got} of {n} units", got=got_units, n=sum(l.expected for l in v.lines))
    return " · ".join((v.warehouse, _(STATUS.get(v.status, v.status)), units, cartons))


def discrepancies(v: InboundView) -> ft.Control:
    """After closing: every difference the seller is told about, one line each, big."""
    outcome = v.outcome or {}
    lines = [_("{sku} {kind}: {expected} announced, {received} received, {damaged} damaged",
               sku=d["sku"] + (f" ({d['lot']})" if d.get("lot") else ""), kind=_(KINDS.get(d["kind"], d["kind"])),
               expected=d["expected"], received=d["received"], damaged=d["damaged"])
             for d in outcome.get("discrepancies", ())]
    lines += [_("Carton {sscc} never arrived", sscc=s) for s in outcome.get("cartons_missing", ())]
    if not lines:
        return ft.Container(heading(_("Closed: everything as announced."), key="inbound.outcome", color=theme.OK),
                            bgcolor=theme.OK_TINT, padding=16, border_radius=theme.RADIUS)
    title = heading(n_("Closed with {n} discrepancy:", "Closed with {n} discrepancies:", len(lines)),
                    key="inbound.outcome", color=theme.ERROR)
    return ft.Container(ft.Column([title, *[theme.text(f"• {t}", theme.TEXT_BODY, bold=True, key=f"inbound.disc.{i}")
                                            for i, t in enumerate(lines)]], spacing=6),
                        bgcolor=theme.ERROR_TINT, padding=16, border_radius=theme.RADIUS, key="inbound.discrepancies")


def panel(v: InboundView) -> ft.Control:
    title = heading(f"{v.number} · {v.seller} · {v.reference}", key="inbound.title")
    parts: list[ft.Control] = [title, theme.text(summary(v), theme.TEXT_BODY, color=theme.MUTED, key="inbound.summary"),
                               lines_table(v)]
    if v.status == "closed":
        parts.append(discrepancies(v))
    return ft.Column(parts, spacing=10)


def added(line: InboundLineView, n: int) -> str:
    """What the dock is told after a scan: how many came, against the announcement."""
    if line.expected == 0:
        return _("+{n} {name}: not announced", n=n, name=line.name)
    if line.difference > 0:
        return _("+{n} {name}: {got} of {expected}, {over} over", n=n, name=line.name, got=line.received,
                 expected=line.expected, over=line.difference)
    return _("+{n} {name}: {got} of {expected}", n=n, name=line.name, got=line.received, expected=line.expected)


def changed_line(before: InboundView, after: InboundView) -> tuple[InboundLineView | None, int]:
    """The line a scan added to, and how many units it added."""
    old = {(l.sku, l.lot): l.received + l.damaged for l in before.lines}
    for line in after.lines:
        n = line.received + line.damaged - old.get((line.sku, line.lot), 0)
        if n:
            return line, n
    return None, 0
