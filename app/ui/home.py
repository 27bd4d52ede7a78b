"""A role's landing screen: who you are, what you do here, and the buttons to start."""

from __future__ import annotations

import flet as ft

from app.i18n import _
from app.ui import theme
from app.ui.navigation import Menu
from app.ui.screen import Screen


class RoleHome(Screen):
    """Subclass per role: set `headline`, `duties` (msgids) and `menu` (its buttons: places in app/ui/screens.py)."""

    activity = "home"
    headline = ""
    duties: tuple[str, ...] = ()
    menu: Menu | None = None
    coming = "Your work screens arrive here soon."

    def build(self) -> ft.Control:
        who = self.ctx.signed_in
        greeting = theme.text(_("Hello, {name}", name=who.name if who else ""), theme.TEXT_HUGE, bold=True,
                              key="home.greeting")
        tick = ft.Icons.CHECK
        duties = [ft.Row([ft.Icon(tick, size=36, color=theme.BRAND), theme.text(_(d), theme.TEXT_BODY)],
                         spacing=12) for d in self.duties]
        buttons = [theme.button(_(a.label), self._opener(a.path), key=f"home.action.{a.path.strip('/')}")
                   for a in (self.ctx.menu(self.menu) if self.menu else ())]
        return ft.Column(
            [greeting, theme.text(_(self.headline), theme.TEXT_TITLE, bold=True, color=theme.BRAND,
                                  key="home.headline"),
             ft.Container(ft.Column(duties, spacing=10), padding=ft.Padding.only(top=8, bottom=8)),
             ft.Row(buttons, spacing=theme.GAP, wrap=True) if buttons else
             theme.text(_(self.coming), theme.TEXT_BODY, color=theme.MUTED)],
            spacing=theme.GAP, scroll=ft.ScrollMode.AUTO)

    async def shown(self) -> None:
        self.ctx.feedback.prompt(_(self.headline))

    def _opener(self, path: str):
        async def open_screen() -> None:
            await self.ctx.go(path)
        return open_screen
