"""Stock: one place to start receiving, put-away, transfer receipts and counts (and, for supervisors,
the inbound list, transfers and count approvals)."""

from __future__ import annotations

import flet as ft

from app.i18n import _
from app.ui import theme
from app.ui.navigation import Menu, MenuItem
from app.ui.screen import Screen


class StockHub(Screen):
    activity = "stock"

    def build(self) -> ft.Control:
        rows = [ft.Row([self._button(a) for a in self.ctx.menu(Menu.STOCK)], spacing=theme.GAP, wrap=True,
                       run_spacing=theme.GAP)]
        supervise = self.ctx.menu(Menu.STOCK_SUPERVISE)   # for supervisors and admins only
        if supervise:
            rows += [theme.text(_("Supervisor"), theme.TEXT_TITLE, bold=True, color=theme.BRAND),
                     ft.Row([self._button(a) for a in supervise], spacing=theme.GAP, wrap=True,
                            run_spacing=theme.GAP)]
        home = theme.button(_("Back"), self._home, key="stock.home", kind="plain", icon=ft.Icons.ARROW_BACK)
        return ft.Column([ft.Row([home]), *rows], spacing=theme.GAP * 2, scroll=ft.ScrollMode.AUTO)

    async def shown(self) -> None:
        self.ctx.feedback.prompt(_("What are you doing with stock?"))

    def _button(self, item: MenuItem) -> ft.Control:
        async def go() -> None:
            await self.ctx.go(item.path)
        return theme.button(_(item.label), go, key=f"stock.open.{item.path.strip('/').replace('/', '.')}",
                            icon=item.icon, width=380, height=110, size=theme.TEXT_BODY + 4)

    async def _home(self) -> None:
        await self.ctx.go(self.ctx.signed_in.home if self.ctx.signed_in else "/")
