"""Station setup (supervisors and admins): rename a station, give it a default printer, a warehouse and a
bench scale (host:port). Through stations.rename / stations.configure (they check the role and audit)."""

from __future__ import annotations

import flet as ft

from app.i18n import N_, _
from app.services import board, catalog, stations
from app.ui.supervisor import widgets as w
from app.ui.supervisor.frame import BoardScreen, SidePanel
from app.ui.supervisor.home import state_cell
from app.ui.supervisor.labels import STATION_KINDS, shown
from app.ui.supervisor.table import Cell, Column, Row, Table

KEEP = "·keep"   # a choice nobody made yet: leave that setting as it is


class StationSetup(BoardScreen):
    prompt = N_("Name stations; give each a printer.")
    interval = 2.0

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.rows: list[board.StationRow] = []
        self.printer_names: list[str] = []
        self.warehouses: list[str] = []
        self.editing: int | None = None
        self.warehouse_set: dict[int, str] = {}   # set here this visit (board rows do not carry it)
        self.panel = SidePanel("stations.panel", width=520)
        self.name = w.Field(ctx, _("Name"), "stations.name", on_submit=self._save)
        self.scale = w.Field(ctx, _("Scale (host:port; empty: none)"), "stations.scale", on_submit=self._save)
        self.warehouse_note = w.label("", w.TEXT_SMALL, bold=True, key="stations.warehouse_note")
        self.printer = w.Choice([], KEEP, key="stations.printer")
        self.warehouse = w.Choice([], KEEP, key="stations.warehouse")
        # the kind decides idle log-out (tablets and kiosks); only here, never from the station's URL
        self.kind = w.Choice([(k, _(STATION_KINDS[k])) for k in stations.BROWSER_KINDS], KEEP, key="stations.kind")
        self.table = Table(
            [Column(N_("Station"), 220), Column(N_("Kind"), 120), Column(N_("State"), 130), Column(N_("Person")),
             Column(N_("Printer"), 240)],
            key="stations.table", empty=_("No station has connected yet."), actions_width=110,
            make_actions=lambda row: [w.button(_("Edit"), self._opener_for(row.key),
                                               key=f"stations.{row.key}.edit")])

    def content(self) -> ft.Control:
        return self.panel.over(ft.Column([w.heading(_("Station setup")), self.table.control], spacing=12,
                                         expand=True))

    async def refresh(self) -> None:
        self.rows, printers = await self.ctx.call(board.stations, self.ctx.actor())
        self.printer_names = [p.name for p in printers]
        if not self.warehouses:
            self.warehouses = await self.ctx.call(catalog.all_warehouse_codes)
        self.table.show([Row(s.id, (Cell(s.name, bold=True), shown(STATION_KINDS, s.kind), state_cell(s),
                                    s.user or "—", s.printer)) for s in self.rows])

    def _opener_for(self, station_id: int):
        async def open_station() -> None:
            self.open(station_id)
        return open_station

    def open(self, station_id: int) -> None:
        row = next((s for s in self.rows if s.id == station_id), None)
        if row is None:
            return
        self.editing = station_id
        self.name.value = row.name
        self.scale.value = row.scale
        self.printer.set_options([("", _("Default"))] + [(n, n) for n in self.printer_names])
        self.printer.select(KEEP)
        self.warehouse.set_options([("", _("None"))] + [(c, c) for c in self.warehouses])
        self.warehouse.select(KEEP)
        self.kind.select(row.kind)
        self._note_warehouse(station_id)
        save = w.button(_("Save"), self._save, key="stations.save", kind="primary", icon=ft.Icons.SAVE)
        self.panel.open(("station", station_id), row.name, [
            self.name.control,
            w.label(_("Default printer (now: {printer}); unchanged unless you choose", printer=row.printer),
                    w.TEXT_SMALL, bold=True, lines=2),
            self.printer.control,
            self.warehouse_note, self.warehouse.control,
            self.scale.control,
            w.label(_("Kind: a tablet or kiosk logs out when idle, a desktop does not"), w.TEXT_SMALL, bold=True,
                    lines=2),
            self.kind.control,
            save])

    async def _save(self) -> None:
        row = next((s for s in self.rows if s.id == self.editing), None)
        if row is None:
            return
        name = self.name.value or row.name
        printer = None if self.printer.value == KEEP else self.printer.value
        warehouse = None if self.warehouse.value == KEEP else self.warehouse.value
        scale = (self.scale.value or "").strip()
        scale = None if scale == row.scale else scale
        kind = None if self.kind.value in (KEEP, row.kind) else self.kind.value
        if name == row.name and printer is None and warehouse is None and scale is None and kind is None:
            self.ctx.feedback.warn(_("Nothing changed."))
            return
        if name != row.name and await self.act(stations.rename, row.id, name) is None:
            return   # the service said why
        settings = {k: v for k, v in (("printer", printer), ("warehouse", warehouse), ("scale", scale),
                                      ("kind", kind)) if v is not None}
        if settings and await self.act(stations.configure, row.id, **settings) is None:
            return
        if warehouse is not None:
            self.warehouse_set[row.id] = warehouse
        self.printer.select(KEEP)
        self.warehouse.select(KEEP)
        self._note_warehouse(row.id)
        self.panel.title.value = name
        self.ctx.feedback.ok(_("{name} saved.", name=name))

    def _note_warehouse(self, station_id: int) -> None:
        code = self.warehouse_set.get(station_id)
        self.warehouse_note.value = (_("Warehouse (now: {code}); unchanged unless you choose", code=code or _("none"))
                                     if code is not None else _("Warehouse; unchanged unless you choose"))
