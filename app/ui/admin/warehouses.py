"""Warehouses and their zones (admins): add a warehouse (its receiving, packing, shipping, returns and
quarantine places come with it), add zones to it. Through app/services/site.py (role checked, audited)."""

from __future__ import annotations

import flet as ft

from app.i18n import N_, _
from app.services import site
from app.ui import theme
from app.ui.supervisor import widgets as w
from app.ui.supervisor.frame import BoardScreen
from app.ui.supervisor.table import Cell, Column, Row, Table


class Warehouses(BoardScreen):
    prompt = N_("Add a warehouse, then its zones.")
    interval = 0

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.code = w.Field(ctx, _("Code (e.g. DE1)"), "warehouses.code", width=200)
        self.name = w.Field(ctx, _("Name"), "warehouses.name")
        self.country = w.Field(ctx, _("Country (DE)"), "warehouses.country", width=170)
        self.timezone = w.Field(ctx, _("Time zone (Europe/Berlin)"), "warehouses.timezone", width=300)
        self.address = w.Field(ctx, _("Street and number"), "warehouses.address")
        self.city = w.Field(ctx, _("City"), "warehouses.city", width=260)
        self.postal = w.Field(ctx, _("Postal code"), "warehouses.postal", width=200)
        self.prefix = w.Field(ctx, _("GS1 company prefix"), "warehouses.prefix", width=260, digits=True)
        self.units = w.Choice([("metric", _("Metric")), ("imperial", _("Imperial"))], "metric", key="warehouses.units")
        self.zone_wh = w.Choice([], "", key="zones.warehouse")
        self.zone_code = w.Field(ctx, _("Zone code (e.g. A)"), "zones.code", width=220)
        self.zone_kind = w.Choice([(k, k) for k in site.ZONE_KINDS], "pick", key="zones.kind")
        self.table = Table([Column(N_("Code"), 110), Column(N_("Name")), Column(N_("Country"), 90),
                            Column(N_("Time zone"), 200), Column(N_("Zones"), 80, True), Column(N_("Bins"), 100, True)],
                           key="warehouses.table", empty=_("No warehouse yet: add the first above."), scroll=False)
        self.zones = Table([Column(N_("Warehouse"), 130), Column(N_("Zone"), 110), Column(N_("Kind"), 160),
                            Column(N_("Bins"), 120, True)], key="zones.table", empty=_("No zones yet."), scroll=False)

    def content(self) -> ft.Control:
        form = ft.Column([
            ft.Row([self.code.control, self.name.control, self.country.control, self.timezone.control], spacing=10),
            ft.Row([self.address.control, self.postal.control, self.city.control], spacing=10),
            ft.Row([self.prefix.control, self.units.control], spacing=16),
            w.button(_("Add warehouse"), self._add, key="warehouses.add", kind="primary", icon=ft.Icons.ADD_BUSINESS),
        ], spacing=12)
        zone_form = ft.Column([
            w.label(_("Warehouse"), w.TEXT_SMALL, bold=True), self.zone_wh.control,
            w.label(_("Kind"), w.TEXT_SMALL, bold=True), self.zone_kind.control,
            ft.Row([self.zone_code.control,
                    w.button(_("Add zone"), self._add_zone, key="zones.add", kind="primary", icon=ft.Icons.GRID_VIEW)],
                   spacing=10),
        ], spacing=10)
        return ft.Column([w.heading(_("Warehouses and zones")), panel(form), self.table.control,
                          w.label(_("Zones"), 22, bold=True), panel(zone_form), self.zones.control],
                         spacing=12, expand=True, scroll=ft.ScrollMode.AUTO)

    async def refresh(self) -> None:
        found = await self.ctx.call(site.warehouses, self.ctx.actor())
        self.table.show([Row(x.code, (Cell(x.code, bold=True), x.name, x.country, x.timezone, str(x.zones),
                                      f"{x.bins:,}")) for x in found])
        codes = [x.code for x in found]
        if [v for v, _t in self.zone_wh.options] != codes:
            self.zone_wh.set_options([(c, c) for c in codes])
            if codes and self.zone_wh.value not in codes:
                self.zone_wh.select(codes[0])
        zones = await self.ctx.call(site.zones, self.ctx.actor())
        self.zones.show([Row(f"{z.warehouse}.{z.code}", (z.warehouse, Cell(z.code, bold=True), z.kind,
                                                         f"{z.bins:,}")) for z in zones])

    async def _add(self) -> None:
        made = await self.act(site.add_warehouse, self.code.value, name=self.name.value, country=self.country.value,
                              timezone=self.timezone.value, address=self.address.value, city=self.city.value,
                              postal_code=self.postal.value, units=self.units.value,
                              gs1_prefix=self.prefix.value or "0000000")
        if made is not None:
            self.ctx.feedback.ok(_("Warehouse {code} added.", code=made.code) if made.created
                                 else _("Warehouse {code} was there already.", code=made.code))

    async def _add_zone(self) -> None:
        if not self.zone_wh.value:
            self.ctx.feedback.error(_("Add a warehouse first."))
            return
        made = await self.act(site.add_zone, self.zone_wh.value, self.zone_code.value, kind=self.zone_kind.value)
        if made is not None:
            self.ctx.feedback.ok(_("Zone {code} ({kind}) added to {warehouse}.", code=made.code, kind=made.kind,
                                   warehouse=made.warehouse))


def panel(content: ft.Control) -> ft.Container:
    return ft.Container(content, bgcolor=theme.PANEL, padding=20, border_radius=theme.RADIUS)
