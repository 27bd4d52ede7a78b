"""Sellers (admins): add a seller, issue or rotate its API token (shown once, here only), see its products."""

from __future__ import annotations

import flet as ft

from app.i18n import N_, _
from app.services import sellers
from app.ui import theme
from app.ui.admin.warehouses import panel
from app.ui.supervisor import widgets as w
from app.ui.supervisor.frame import BoardScreen
from app.ui.supervisor.table import Cell, Column, Row, Table


class Sellers(BoardScreen):
    prompt = N_("Add a seller, then give it an API token.")
    interval = 0

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.code = w.Field(ctx, _("Code (e.g. ACME)"), "sellers.code", width=240)
        self.name = w.Field(ctx, _("Company name"), "sellers.name")
        self.token = ft.Text("", size=w.TEXT, selectable=True, weight=ft.FontWeight.BOLD, color=theme.INK,
                             key="sellers.token")
        self.token_box = ft.Container(self.token, bgcolor=theme.PAPER, padding=16, border_radius=theme.RADIUS,
                                      border=ft.Border.all(3, theme.BRAND), visible=False)
        self.table = Table([Column(N_("Code"), 160), Column(N_("Name")), Column(N_("Products"), 130, True),
                            Column(N_("API token"), 150)], key="sellers.table", empty=_("No sellers yet."),
                           scroll=False, make_actions=self._row_actions, actions_width=230)

    def content(self) -> ft.Control:
        form = ft.Column([ft.Row([self.code.control, self.name.control], spacing=10),
                          w.button(_("Add seller"), self._add, key="sellers.add", kind="primary",
                                   icon=ft.Icons.STOREFRONT)], spacing=12)
        return ft.Column([w.heading(_("Sellers")), panel(form), self.token_box, self.table.control], spacing=12,
                         expand=True, scroll=ft.ScrollMode.AUTO)

    async def refresh(self) -> None:
        found = await self.ctx.call(sellers.all_sellers, self.ctx.actor())
        self.table.show([Row(s.code, (Cell(s.code, bold=True), s.name, f"{s.products:,}",
                                      Cell(_("yes"), "ok") if s.has_token else Cell(_("none"), "warn")), actions=True)
                         for s in found])

    def _row_actions(self, row: Row) -> list[ft.Control]:
        async def issue() -> None:
            token = await self.act(sellers.issue_token, row.key)
            if token is not None:
                self.token.value = _("API token for {code} (shown once; the old one stops working): {token}",
                                     code=row.key, token=token)
                self.token_box.visible = True
                self._send()
                self.ctx.feedback.ok(_("New API token for {code}: copy it now.", code=row.key))
        return [w.button(_("New API token"), issue, key=f"sellers.token.{row.key}", icon=ft.Icons.KEY)]

    async def _add(self) -> None:
        made = await self.act(sellers.add_seller, self.code.value, self.name.value)
        if made is not None:
            self.ctx.feedback.ok(_("Seller {code} added.", code=made.code) if made.created
                                 else _("Seller {code} was there already.", code=made.code))
