"""Carton types (admins): the boxes packers choose from, smallest first; add one or change one by its code."""

from __future__ import annotations

import flet as ft

from app.i18n import N_, _
from app.services import site
from app.ui.admin.warehouses import panel
from app.ui.supervisor import widgets as w
from app.ui.supervisor.frame import BoardScreen
from app.ui.supervisor.table import Cell, Column, Row, Table


class Cartons(BoardScreen):
    prompt = N_("The cartons packers choose from.")
    interval = 0

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.code = w.Field(ctx, _("Code (e.g. M)"), "cartons.code", width=180)
        self.name = w.Field(ctx, _("Name"), "cartons.name")
        self.inner = w.Field(ctx, _("Inside LxWxH mm (350x250x150)"), "cartons.inner", width=400)
        self.max_weight = w.Field(ctx, _("Max weight g"), "cartons.max_weight", width=200, digits=True)
        self.tare = w.Field(ctx, _("Tare g"), "cartons.tare", width=160, digits=True)
        self.table = Table([Column(N_("Code"), 110), Column(N_("Name")), Column(N_("Inside (mm)"), 240),
                            Column(N_("Max weight"), 160, True), Column(N_("Tare"), 110, True)],
                           key="cartons.table", empty=_("No carton types: packers cannot close a box."),
                           scroll=False, make_actions=self._row_actions, actions_width=150)

    def content(self) -> ft.Control:
        form = ft.Column([ft.Row([self.code.control, self.name.control], spacing=10),
                          ft.Row([self.inner.control, self.max_weight.control, self.tare.control], spacing=10),
                          w.button(_("Save carton type"), self._save, key="cartons.save", kind="primary",
                                   icon=ft.Icons.INVENTORY_2)], spacing=12)
        return ft.Column([w.heading(_("Carton types")), panel(form), self.table.control], spacing=12, expand=True,
                         scroll=ft.ScrollMode.AUTO)

    async def refresh(self) -> None:
        self.found = {c.code: c for c in await self.ctx.call(site.cartons, self.ctx.actor())}
        self.table.show([Row(c.code, (Cell(c.code, bold=True), c.name, f"{c.length_mm} x {c.width_mm} x {c.height_mm}",
                                      f"{c.max_weight_g:,} g", f"{c.tare_g} g"), actions=True)
                         for c in self.found.values()])

    def _row_actions(self, row: Row) -> list[ft.Control]:
        async def choose() -> None:
            c = self.found[row.key]
            self.code.value, self.name.value = c.code, c.name
            self.inner.value = f"{c.length_mm}x{c.width_mm}x{c.height_mm}"
            self.max_weight.value, self.tare.value = str(c.max_weight_g), str(c.tare_g)
            self._send()
        return [w.button(_("Edit"), choose, key=f"cartons.edit.{row.key}", icon=ft.Icons.EDIT)]

    async def _save(self) -> None:
        try:
            weight, tare = int(self.max_weight.value or 0), int(self.tare.value or 0)
        except ValueError:
            self.ctx.feedback.error(_("Weights are whole grams."))
            return
        made = await self.act(site.add_carton, self.code.value, inner=self.inner.value, max_weight_g=weight,
                              tare_g=tare, name=self.name.value)
        if made is not None:
            self.ctx.feedback.ok(_("Carton {code} saved.", code=made.code))
