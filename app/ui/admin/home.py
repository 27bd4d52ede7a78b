"""The admin's home: setting the site up (its Menu.ADMIN places), and what the site still lacks before it can
take orders (site.check_site), one line each."""

from __future__ import annotations

import flet as ft

from app.i18n import N_, _
from app.services import site
from app.ui import theme
from app.ui.home import RoleHome
from app.ui.navigation import Menu


class AdminHome(RoleHome):
    headline = N_("Set up the site.")
    duties = (N_("Warehouses, zones and bins; carton types; sellers and their products."),
              N_("Add people, reset PINs, switch badges off and on, change roles."),
              N_("Name stations; give each a printer and a warehouse."))
    menu = Menu.ADMIN

    def build(self) -> ft.Control:
        self.lacks = ft.Column(spacing=6, key="home.lacks")
        page = super().build()
        page.controls.append(ft.Container(self.lacks, padding=ft.Padding.only(top=12)))
        return page

    async def shown(self) -> None:
        await super().shown()
        lacks = await self.ctx.attempt(site.check_site, self.ctx.actor())
        if lacks is None:
            return
        title = (_("Before this site can take orders:") if lacks else _("The site has what it needs to take orders."))
        lines = [theme.text(title, theme.TEXT_BODY, bold=True, color=theme.ERROR if lacks else theme.OK,
                            key="home.lacks.title")]
        lines += [ft.Row([ft.Icon(ft.Icons.WARNING_AMBER, size=32, color=theme.ERROR),
                          theme.text(line, theme.TEXT_BODY, key=f"home.lacks.{i}")], spacing=12, wrap=True)
                  for i, line in enumerate(lacks)]
        self.lacks.controls = lines
        self.ctx.send()
