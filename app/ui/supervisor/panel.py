"""The right-hand panel of a board screen: one station, exception or stock row and what can be done about it.
It lies over the right side of the screen when open, so the table under it keeps its width."""

from __future__ import annotations

import flet as ft

from app.i18n import _
from app.ui import theme
from app.ui.supervisor import widgets as w


class SidePanel:
    """The right-hand panel: one station, exception or stock row and what can be done about it."""

    def __init__(self, key: str, width: int = 460) -> None:
        self.title = w.heading("", key=f"{key}.title")
        self.body = ft.Column(spacing=12, scroll=ft.ScrollMode.AUTO, expand=True)
        close = ft.IconButton(ft.Icons.CLOSE, icon_size=32, on_click=self.close, key=f"{key}.close",
                              tooltip=_("Close"))
        self.control = ft.Container(
            ft.Column([ft.Row([ft.Container(self.title, expand=True), close]), self.body], spacing=12,
                      expand=True),
            width=width, padding=20, bgcolor=theme.PANEL, border_radius=theme.RADIUS, visible=False, key=key,
            border=ft.Border.all(2, theme.BRAND), right=0, top=0, bottom=0,
            shadow=ft.BoxShadow(blur_radius=24, color="#66000000", offset=ft.Offset(-4, 4)))
        self.subject = None

    def over(self, main: ft.Control) -> ft.Stack:
        """`main` filling the room, this panel over its right side when open (the table keeps its width)."""
        return ft.Stack([ft.Container(main, left=0, top=0, right=0, bottom=0), self.control], expand=True)

    def open(self, subject, title: str, controls: list[ft.Control]) -> None:
        self.subject = subject
        self.title.value = title
        self.body.controls = controls
        self.control.visible = True

    def close(self) -> None:
        self.subject = None
        self.control.visible = False
