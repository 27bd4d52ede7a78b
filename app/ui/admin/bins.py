"""Bins (admins): find bins of a warehouse by zone and code, generate a range in walking order, print the
zone's labels (a PDF the browser opens, one job like every print). Through app/services/bins.py."""

from __future__ import annotations

import flet as ft

from app.i18n import N_, _
from app.services import bins, documents, printjobs, site
from app.ui.admin.warehouses import panel
from app.ui.supervisor import widgets as w
from app.ui.supervisor.frame import BoardScreen
from app.ui.supervisor.table import Cell, Column, Row, Table


class Bins(BoardScreen):
    prompt = N_("Choose a warehouse and zone; generate bins, print their labels.")
    interval = 0

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.warehouse = w.Choice([], "", key="bins.warehouse", on_change=self.update_now)
        self.zone = w.Choice([], "", key="bins.zone", on_change=self.update_now)
        self.search = w.Field(ctx, _("Find a bin (part of its code)"), "bins.search", on_submit=self.update_now)
        self.aisles = w.Field(ctx, _("Aisles (A01..A12)"), "bins.aisles", width=240)
        self.racks = w.Field(ctx, _("Racks (01..20)"), "bins.racks", width=220)
        self.levels = w.Field(ctx, _("Levels (1..5)"), "bins.levels", width=200)
        self.positions = w.Field(ctx, _("Positions (optional)"), "bins.positions", width=240)
        self.page_size = w.Choice([("A4", "A4"), ("Letter", "Letter"), ("2x1", _("2x1 thermal"))], "A4",
                                  key="bins.page")
        self.count = w.label("", w.TEXT_SMALL, key="bins.count")
        self.table = Table([Column(N_("Bin"), 300), Column(N_("Zone"), 100), Column(N_("Kind"), 140),
                            Column(N_("Walk order"), 160, True)], key="bins.table",
                           empty=_("No bins here yet: generate a range above."), scroll=False)

    def content(self) -> ft.Control:
        make = ft.Column([
            ft.Row([self.aisles.control, self.racks.control, self.levels.control, self.positions.control], spacing=10),
            ft.Row([w.button(_("Generate bins"), self._generate, key="bins.generate", kind="primary",
                             icon=ft.Icons.GRID_ON),
                    self.page_size.control,
                    w.button(_("Print the zone's labels"), self._print, key="bins.print", icon=ft.Icons.PRINT)],
                   spacing=12, wrap=True),
        ], spacing=12)
        pick = ft.Column([w.label(_("Warehouse"), w.TEXT_SMALL, bold=True), self.warehouse.control,
                          w.label(_("Zone"), w.TEXT_SMALL, bold=True), self.zone.control], spacing=8)
        return ft.Column([w.heading(_("Bins")), panel(pick), panel(make), self.search.control, self.count,
                          self.table.control], spacing=12, expand=True, scroll=ft.ScrollMode.AUTO)

    async def refresh(self) -> None:
        whs = [x.code for x in await self.ctx.call(site.warehouses, self.ctx.actor())]
        if [v for v, _t in self.warehouse.options] != whs:
            self.warehouse.set_options([(c, c) for c in whs])
        if whs and self.warehouse.value not in whs:
            self.warehouse.select(whs[0])
        if not self.warehouse.value:
            self.table.show([])
            return
        zones = [z.code for z in await self.ctx.call(site.zones, self.ctx.actor(), self.warehouse.value)]
        if [v for v, _t in self.zone.options] != zones:
            self.zone.set_options([(c, c) for c in zones])
        if zones and self.zone.value not in zones:
            self.zone.select(zones[0])
        found = await self.ctx.call(bins.find_bins, self.ctx.actor(), self.warehouse.value, zone=self.zone.value,
                                    text=self.search.value)
        self.count.value = _("{n} bins shown (the first 200 in walking order)", n=len(found))
        self.table.show([Row(b.code, (Cell(b.code, bold=True), b.zone, b.kind, str(b.pick_sequence)))
                         for b in found])

    async def _generate(self) -> None:
        if not self.zone.value:
            self.ctx.feedback.error(_("Add a zone first (Warehouses and zones)."))
            return
        made = await self.act(bins.add_bins, self.warehouse.value, self.zone.value, aisles=self.aisles.value,
                              racks=self.racks.value, levels=self.levels.value, positions=self.positions.value)
        if made is not None:
            self.ctx.feedback.ok(_("{n} bins added ({first} .. {last}).", n=made.created, first=made.first,
                                   last=made.last))

    async def _print(self) -> None:
        zones = await self.ctx.call(documents.zones_coded, self.zone.value, self.warehouse.value)
        if len(zones) != 1:
            self.ctx.feedback.error(_("Choose a zone first."))
            return
        job = await self.ctx.attempt(printjobs.browser_pdf, self.ctx.actor(), "bin_labels", "zone", zones[0],
                                     {"page": self.page_size.value})
        if job is not None:
            await ft.UrlLauncher().launch_url(f"/print/{job.public_id}.pdf", web_only_window_name="_blank")
            self.ctx.feedback.ok(_("Bin labels of zone {zone} opened to print.", zone=self.zone.value))
