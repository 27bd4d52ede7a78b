"""Stock on hand by seller, product and location; open a row for its ledger history (every move, newest
first: why, from where, to where, who). A scanned bin label fills the location filter."""

from __future__ import annotations

import flet as ft

from app.domain.scanning import ScanKind
from app.i18n import N_, _, n_
from app.services import board
from app.ui.scan.pipeline import Scan
from app.ui.supervisor import widgets as w
from app.ui.supervisor.frame import BoardScreen, SidePanel
from app.ui.supervisor.table import Cell, Column, Row, Table

SHOWN = 200


class StockScreen(BoardScreen):
    prompt = N_("Filter, or scan a bin; open a row's ledger.")
    interval = 0
    takes_scans = True

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.rows: list[board.StockRow] = []
        self.seller = w.Field(ctx, _("Seller code"), "stock.seller", width=220, on_submit=self.update_now)
        self.sku = w.Field(ctx, _("SKU"), "stock.sku", width=260, on_submit=self.update_now)
        self.location = w.Field(ctx, _("Location"), "stock.location", width=260, on_submit=self.update_now)
        self.count = w.label("", 22, bold=True, key="stock.count", lines=1)
        self.panel = SidePanel("stock.panel", width=640)
        self.table = Table(
            [Column(N_("Seller"), 90), Column(N_("SKU"), 130), Column(N_("Product")), Column(N_("Location"), 170),
             Column(N_("Lot"), 80), Column(N_("On hand"), 100, numeric=True),
             Column(N_("Reserved"), 100, numeric=True)],
            key="stock.table", empty=_("No stock matches."), actions_width=120,
            make_actions=lambda row: [w.button(_("Ledger"), self._opener_for(row.key), key=f"stock.{row.key}.open")])

    def content(self) -> ft.Control:
        search = w.button(_("Search"), self.update_now, key="stock.search", kind="primary", icon=ft.Icons.SEARCH)
        fields = ft.Row([self.seller.control, self.sku.control, self.location.control, search], spacing=10,
                        vertical_alignment=ft.CrossAxisAlignment.CENTER)
        return self.panel.over(ft.Column([ft.Row([w.heading(_("Stock on hand")), self.count], spacing=16), fields,
                                          self.table.control], spacing=12, expand=True))

    async def refresh(self) -> None:
        self.rows = await self.ctx.call(board.on_hand, self.ctx.actor(), seller=self.seller.value.upper() or None,
                                        sku=self.sku.value.upper() or None,
                                        location=self.location.value.upper() or None, limit=SHOWN)
        self.table.show([Row(i, (r.seller, Cell(r.sku, bold=True), r.name, r.location, r.lot or "—",
                                 Cell(str(r.quantity), bold=True), str(r.allocated or "·")),
                             tone="muted" if r.kind != "pick" else "") for i, r in enumerate(self.rows)])
        self.count.value = (_("the first {n} rows", n=len(self.rows)) if len(self.rows) >= SHOWN
                            else n_("{n} row", "{n} rows", len(self.rows)))

    async def on_scan(self, scan: Scan) -> None:
        if scan.kind != ScanKind.LOCATION:
            self.ctx.feedback.error(_("Scan a bin label (LOC-) to see what it holds."))
            return
        self.location.value = scan.scanned.value
        await self.update_now()

    def _opener_for(self, index: int):
        async def open_history() -> None:
            if index < len(self.rows):
                await self.history(self.rows[index])
        return open_history

    async def history(self, r: board.StockRow) -> None:
        entries = await self.ctx.call(board.history, self.ctx.actor(), r.seller, r.sku, r.location)
        ledger = Table([Column(N_("When"), 110), Column(N_("Why"), 120), Column(N_("Qty"), 60, numeric=True),
                        Column(N_("From → to"))], key="stock.ledger", empty=_("No ledger rows."), scroll=False)
        ledger.show([Row(e.id, (w.clock(e.at), e.reason, self._signed(e, r.location),
                                f"{e.from_location or '—'} → {e.to_location or '—'}"
                                + (f"\n{e.who}" if e.who else ""))) for e in entries])
        summary = w.label(_("{name}\n{qty} on hand at {location}", name=r.name, qty=r.quantity, location=r.location),
                          key="stock.ledger.summary", lines=3)
        self.panel.open(("stock", r.seller, r.sku, r.location), f"{r.seller} {r.sku}", [summary, ledger.control])

    @staticmethod
    def _signed(e: board.LedgerRow, location: str) -> str:
        """+n into this location, -n out of it."""
        return f"-{e.quantity}" if e.from_location == location and e.to_location != location else f"+{e.quantity}"
