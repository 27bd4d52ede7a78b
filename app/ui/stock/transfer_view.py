"""One transfer, end to end: where it is (planned, picking, in transit, received, closed), its lines
planned / picked / shipped / received, its cartons, and what was lost or differed at close."""

from __future__ import annotations

import flet as ft

from app.i18n import N_, _
from app.services.transfers import TransferView
from app.ui import theme
from app.ui.stock.widgets import Col, heading, table

STAGES = (("planned", N_("Planned")), ("picking", N_("Picking")), ("in_transit", N_("In transit")),
          ("received", N_("Received")), ("closed", N_("Closed")))
STAGE_OF = {"planned": 0, "picking": 1, "in_transit": 2, "receiving": 3, "received": 3, "closed": 4}
COLS = [Col(N_("SKU"), 170), Col(N_("Product")), Col(N_("Planned"), 130, True), Col(N_("Picked"), 120, True),
        Col(N_("Shipped"), 130, True), Col(N_("Received"), 140, True, bold=True)]


def stages(v: TransferView, *, key: str) -> ft.Control:
    """The five stages as chips; done ones ticked, the current one filled."""
    at = STAGE_OF.get(v.status, 0)
    chips = []
    for i, (_status, label) in enumerate(STAGES):
        text = _(label) if not (i == 3 and v.status == "receiving") else _("Receiving")
        current = i == at
        chips.append(ft.Container(
            theme.text(("✓ " if i < at else "") + text, theme.TEXT_LABEL, bold=current,
                       color=theme.PAPER if current else theme.INK if i < at else theme.MUTED),
            bgcolor=theme.BRAND if current else theme.OK_TINT if i < at else theme.PANEL,
            padding=ft.Padding.symmetric(horizontal=14, vertical=8), border_radius=theme.RADIUS,
            key=f"{key}.stage.{i}"))
    return ft.Row(chips, spacing=8, wrap=True, key=f"{key}.stages")


def lines_table(v: TransferView, *, key: str) -> ft.Control:
    shipped_all = v.status in ("in_transit", "receiving", "received", "closed")
    rows = []
    for l in v.lines:
        tone = ("ok" if l.received == l.shipped and l.shipped else "error" if v.status in ("received", "closed")
                and l.received != l.shipped else "")
        rows.append(([l.sku, l.name, l.planned, l.picked, l.shipped if shipped_all else l.shipped or "–",
                      l.received], tone))
    return table(COLS, rows, key=f"{key}.lines")


def outcome(v: TransferView, *, key: str) -> ft.Control | None:
    if v.outcome is None:
        return None
    said = [_("{sku}: {shipped} shipped, {received} received", sku=d["sku"], shipped=d["shipped"],
              received=d["received"]) for d in v.outcome.get("discrepancies", ())]
    said += [_("{sku}: {n} lost in transit (written off)", sku=d["sku"], n=d["quantity"])
             for d in v.outcome.get("lost_in_transit", ())]
    if not said:
        return theme.text(_("Closed: everything that left arrived."), bold=True, color=theme.OK, key=f"{key}.outcome")
    return ft.Container(ft.Column([theme.text(_("Closed with discrepancies:"), bold=True, color=theme.ERROR,
                                              key=f"{key}.outcome"),
                                   *[theme.text(f"• {s}", bold=True) for s in said]], spacing=4),
                        bgcolor=theme.ERROR_TINT, padding=12, border_radius=theme.RADIUS)


def cartons(v: TransferView) -> str:
    if not v.cartons:
        return _("no carton shipped yet")
    got = sum(1 for _s, r in v.cartons if r)
    return _("cartons received {got} of {n}", got=got, n=len(v.cartons))


def panel(v: TransferView, *, key: str = "transfer", actions: list[ft.Control] = ()) -> ft.Control:
    title = ft.Row([heading(f"{v.number} · {v.seller} · {v.from_warehouse} → {v.to_warehouse}",
                            key=f"{key}.title", size=theme.TEXT_TITLE - 6), *actions],
                   spacing=theme.GAP, wrap=True, vertical_alignment=ft.CrossAxisAlignment.CENTER)
    parts = [title, stages(v, key=key), theme.text(cartons(v), color=theme.MUTED, key=f"{key}.cartons"),
             lines_table(v, key=key)]
    said = outcome(v, key=key)
    if said is not None:
        parts.append(said)
    return ft.Container(ft.Column(parts, spacing=8), padding=12, border=ft.Border.all(2, theme.PANEL),
                        border_radius=theme.RADIUS, key=key)
