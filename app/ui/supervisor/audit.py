"""The audit log: who did what, when, at which station; filter by person, station, product, order or RMA.
A scan fills the filter it belongs to (a badge, an order, an RMA label)."""

from __future__ import annotations

import json

import flet as ft

from app.domain.scanning import ScanKind
from app.i18n import N_, _, n_
from app.services import board
from app.ui.scan.pipeline import Scan
from app.ui.supervisor import widgets as w
from app.ui.supervisor.frame import BoardScreen
from app.ui.supervisor.table import Cell, Column, Row, Table

SHOWN = 200


def detail_text(detail: dict) -> str:
    """The detail of an audit row on one line: key: value, short."""
    if not detail:
        return ""
    parts = [f"{k}: {json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, (dict, list)) else v}"
             for k, v in detail.items()]
    text = ", ".join(parts)
    return text if len(text) <= 160 else text[:157] + "..."


class AuditLog(BoardScreen):
    prompt = N_("Filter, or scan a badge, order or RMA.")
    interval = 0
    takes_scans = True

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.person = w.Field(ctx, _("Person (badge or name)"), "audit.person", on_submit=self.update_now)
        self.station = w.Field(ctx, _("Station"), "audit.station", on_submit=self.update_now)
        self.product = w.Field(ctx, _("Product SKU"), "audit.product", on_submit=self.update_now)
        self.order = w.Field(ctx, _("Order"), "audit.order", on_submit=self.update_now)
        self.rma = w.Field(ctx, _("RMA"), "audit.rma", on_submit=self.update_now)
        self.count = w.label("", 22, bold=True, key="audit.count", lines=1)
        self.table = Table(
            [Column(N_("When"), 150), Column(N_("Action"), 220), Column(N_("Who"), 200), Column(N_("Station"), 150),
             Column(N_("Subject"), 160), Column(N_("Detail"))],
            key="audit.table", empty=_("No entries match."))

    def content(self) -> ft.Control:
        search = w.button(_("Search"), self.update_now, key="audit.search", kind="primary", icon=ft.Icons.SEARCH)
        clear = w.button(_("Clear"), self._clear, key="audit.clear")
        fields = ft.Row([f.control for f in (self.person, self.station, self.product, self.order, self.rma)],
                        spacing=10)
        return ft.Column([ft.Row([w.heading(_("Audit log")), self.count], spacing=16), fields,
                          ft.Row([search, clear], spacing=10), self.table.control], spacing=12, expand=True)

    async def refresh(self) -> None:
        rma = self.rma.value.upper()
        if rma and not rma.startswith("RMA-"):
            rma = f"RMA-{rma}"          # the number as printed under the barcode, without its prefix
        rows = await self.ctx.call(board.audit_log, self.ctx.actor(), person=self.person.value or None,
                                   station=self.station.value or None, product=self.product.value or None,
                                   order=self.order.value or None, rma=rma or None, limit=SHOWN)
        self.table.show([Row(a.id, (w.clock(a.at, seconds=True), Cell(a.action, bold=True), a.actor,
                                    a.station or "—", a.subject, detail_text(a.detail))) for a in rows])
        self.count.value = (_("the latest {n}", n=len(rows)) if len(rows) >= SHOWN
                            else n_("{n} entry", "{n} entries", len(rows)))

    async def on_scan(self, scan: Scan) -> None:
        code = scan.scanned
        targets = {ScanKind.BADGE: self.person, ScanKind.ORDER: self.order, ScanKind.RMA: self.rma}
        field = targets.get(code.kind)
        if field is None:
            self.ctx.feedback.error(_("Scan a badge, an order or an RMA label to filter by it."))
            return
        field.value = scan.code if code.kind == ScanKind.RMA else code.value
        await self.update_now()

    async def _clear(self) -> None:
        for f in (self.person, self.station, self.product, self.order, self.rma):
            f.value = ""
        await self.update_now()
