"""The network's stock (supervisor, desktop): per seller and SKU, every warehouse of every site: on hand,
available, in transit to it, announced inbound, days of cover; what is trending now on top. Peers that do not
answer are named; the view shows what this site and the others that answered know."""

from __future__ import annotations

import flet as ft

from app.i18n import N_, _
from app.services import network
from app.ui import theme
from app.ui.supervisor import widgets as w
from app.ui.supervisor.frame import BoardScreen
from app.ui.supervisor.table import Cell, Column, Row, Table


def cover(days: float | None) -> Cell:
    if days is None:
        return Cell("—")
    return Cell(f"{days:.1f}", "error" if days < 2 else "warn" if days < 5 else "", bold=days < 5)


def trend(r: network.StockAt) -> str:
    now = _("{sku} at {wh}: {rate}/day now", sku=r.sku, wh=r.warehouse, rate=f"{r.per_day:.0f}")
    return now + (_(", {x}x its usual", x=f"{r.factor:.0f}") if r.factor >= 1 else _(", new"))


class NetworkStockScreen(BoardScreen):
    prompt = N_("Every warehouse of the network; filter by SKU or seller.")
    interval = 0

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.sku = w.Field(ctx, _("SKU"), "network.sku", width=260, on_submit=self.update_now)
        self.seller = w.Field(ctx, _("Seller code"), "network.seller", width=220, on_submit=self.update_now)
        self.trending = ft.Row([], spacing=10, wrap=True, key="network.trending")
        self.note = w.label("", w.TEXT_SMALL, color=theme.MUTED, key="network.note", lines=2)
        self.table = Table(
            [Column(N_("Seller"), 90), Column(N_("SKU"), 150), Column(N_("Warehouse"), 150),
             Column(N_("On hand"), 110, numeric=True), Column(N_("Available"), 110, numeric=True),
             Column(N_("In transit"), 110, numeric=True), Column(N_("Inbound"), 100, numeric=True),
             Column(N_("Sells / day"), 120, numeric=True), Column(N_("Days of cover"), 130, numeric=True)],
            key="network.table", empty=_("No stock matches."))

    def content(self) -> ft.Control:
        search = w.button(_("Search"), self.update_now, key="network.search", kind="primary", icon=ft.Icons.SEARCH)
        return ft.Column([w.heading(_("Network stock")),
                          ft.Row([self.sku.control, self.seller.control, search], spacing=10,
                                 vertical_alignment=ft.CrossAxisAlignment.CENTER),
                          self.trending, self.note, self.table.control], spacing=12, expand=True)

    async def refresh(self) -> None:
        view = await self.ctx.call(network.stock_view, self.ctx.actor(), sku=self.sku.value, seller=self.seller.value)
        self.trending.controls = [w.label(_("Trending now:"), 22, bold=True)] + [
            ft.Container(w.label(trend(r), 22,
                                 bold=True, color=theme.PAPER, key=f"network.trend.{i}"),
                         bgcolor=theme.WARN, padding=ft.Padding.symmetric(horizontal=14, vertical=8),
                         border_radius=theme.RADIUS) for i, r in enumerate(view.trending)] if view.trending else []
        self.note.value = (_("No answer from {sites}: their warehouses are not shown.",
                             sites=", ".join(view.unreachable)) if view.unreachable else "")
        self.table.show([Row(i, (r.seller, Cell(r.sku, bold=True),
                                 f"{r.warehouse}" + (f" · {r.site}" if r.site else ""), Cell(str(r.on_hand), bold=True),
                                 str(r.available), str(r.in_transit or "·"), str(r.inbound or "·"),
                                 f"{r.per_day:.1f}" + (" ▲" if r.spike else ""), cover(r.cover_days)),
                             tone="warn" if r.spike else "") for i, r in enumerate(view.rows)])
