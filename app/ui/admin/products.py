"""Products (admins): find a product of any seller by SKU, GTIN or name; edit its name, GTIN, weight, size,
hazmat class, customs data. Through products.put_product (the same checks as the API and the CSV import)."""

from __future__ import annotations

from dataclasses import replace

import flet as ft

from app.domain.catalogue import ProductIn
from app.i18n import N_, _
from app.services import products
from app.services.products import ProductView
from app.ui.admin.warehouses import panel
from app.ui.supervisor import widgets as w
from app.ui.supervisor.frame import BoardScreen, SidePanel
from app.ui.supervisor.table import Cell, Column, Row, Table

NUMBERS = (("weight_g", N_("Weight g")), ("length_mm", N_("Length mm")), ("width_mm", N_("Width mm")),
           ("height_mm", N_("Height mm")))
TEXTS = (("name", N_("Name")), ("gtin", N_("GTIN")), ("hazmat_un", N_("UN number (dangerous goods)")),
         ("hs_code", N_("HS code")), ("country_of_origin", N_("Country of origin")))


class Products(BoardScreen):
    prompt = N_("Find a product by SKU, GTIN or name.")
    interval = 0

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.found: dict[str, ProductView] = {}
        self.editing: ProductView | None = None
        self.search = w.Field(ctx, _("SKU, GTIN or name"), "products.search", on_submit=self.update_now)
        self.panel = SidePanel("products.panel", width=560)
        self.fields = {f: w.Field(ctx, _(label), f"products.{f}") for f, label in TEXTS + NUMBERS}
        self.table = Table([Column(N_("Seller"), 120), Column(N_("SKU"), 200), Column(N_("Name")),
                            Column(N_("GTIN"), 210), Column(N_("Weight"), 120, True)], key="products.table",
                           empty=_("No product matches."), scroll=False, make_actions=self._row_actions,
                           actions_width=130)

    def content(self) -> ft.Control:
        find = ft.Row([self.search.control, w.button(_("Find"), self.update_now, key="products.find",
                                                     kind="primary", icon=ft.Icons.SEARCH)], spacing=10)
        return self.panel.over(ft.Column([w.heading(_("Products")), panel(find), self.table.control], spacing=12,
                                         expand=True, scroll=ft.ScrollMode.AUTO))

    async def refresh(self) -> None:
        found = await self.ctx.call(products.search, self.ctx.actor(), self.search.value)
        self.found = {f"{p.seller}/{p.sku}": p for p in found}
        self.table.show([Row(k, (p.seller, Cell(p.sku, bold=True), p.name, p.gtin or "—", f"{p.weight_g} g"),
                             actions=True) for k, p in self.found.items()])

    def _row_actions(self, row: Row) -> list[ft.Control]:
        async def edit() -> None:
            self.open(row.key)
        return [w.button(_("Edit"), edit, key=f"products.edit.{row.key}", icon=ft.Icons.EDIT)]

    def open(self, key: str) -> None:
        p = self.editing = self.found[key]
        for f, field in self.fields.items():
            value = getattr(p, f)
            field.value = "" if value is None else str(value)
        save = w.button(_("Save"), self._save, key="products.save", kind="primary", icon=ft.Icons.SAVE)
        self.panel.open(("product", key), f"{p.seller} {p.sku}", [f.control for f in self.fields.values()] + [save])
        self._send()

    async def _save(self) -> None:
        p = self.editing
        if p is None:
            return
        try:
            numbers = {f: int(self.fields[f].value or 0) for f, _label in NUMBERS}
        except ValueError:
            self.ctx.feedback.error(_("Weight and sizes are whole numbers."))
            return
        texts = {f: self.fields[f].value or None for f, _label in TEXTS}
        wanted = replace(ProductIn(p.sku, p.name, p.gtin, track_lot=p.track_lot, track_expiry=p.track_expiry,
                                   track_serial=p.track_serial, return_rules=p.return_rules),
                         **{**texts, "name": texts["name"] or ""}, **numbers)
        saved = await self.act(products.put_product, wanted, seller=p.seller)
        if saved is not None:
            self.editing = saved.product
            self.ctx.feedback.ok(_("{sku} saved.", sku=p.sku) if saved.changed else _("Nothing changed."))
