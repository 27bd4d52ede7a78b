"""A PIN keypad big enough for gloves: 0-9, Clear, Back, OK."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.i18n import _
from app.ui import theme

KEY = 104   # each key is 104 x 88 px: a gloved thumb hits the one it means


class Keypad:
    def __init__(self, on_key: Callable[[str], object], on_ok: Callable[[], object]) -> None:
        def key(label: str, value: str, kind: str = "plain") -> ft.Control:
            return theme.button(label, lambda: on_key(value), key=f"keypad.{value}", kind=kind,
                                width=KEY, height=88, size=36 if value.isdigit() else 24, padding=0)

        rows = [[key(d, d) for d in "123"], [key(d, d) for d in "456"], [key(d, d) for d in "789"],
                [key(_("Clear"), "clear", "plain"), key("0", "0"), key(_("Back"), "back", "plain")]]
        self.ok = theme.button(_("OK"), on_ok, key="keypad.ok", kind="ok", width=KEY * 3 + 24, height=88,
                               size=36)
        self.control = ft.Column(
            [ft.Row(r, spacing=12, alignment=ft.MainAxisAlignment.CENTER) for r in rows]
            + [ft.Row([self.ok], alignment=ft.MainAxisAlignment.CENTER)],
            spacing=12, tight=True, horizontal_alignment=ft.CrossAxisAlignment.CENTER)
