"""A number keypad for gloves: how many units, how many found, how many grams.

Keys are 112 x 76 px (a gloved thumb hits the one it means); the number shows at 64 px beside its unit.
The owner reads `value` (None when nothing was typed) and places its own OK / Cancel buttons.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.i18n import _
from app.ui import theme

KEY_W, KEY_H = 112, 76


class NumPad:
    def __init__(self, prefix: str, *, unit: str = "", max_digits: int = 5,
                 on_change: Callable[[], None] | None = None) -> None:
        self.prefix = prefix
        self.unit = unit
        self.max_digits = max_digits
        self.digits = ""
        self._on_change = on_change
        self.display = ft.Text("", size=64, weight=ft.FontWeight.BOLD, color=theme.INK, key=f"{prefix}.value",
                               no_wrap=True)
        self.unit_text = theme.text(unit, theme.TEXT_TITLE, bold=True, color=theme.MUTED)
        self.screen = ft.Container(
            ft.Row([self.display, self.unit_text], spacing=12, vertical_alignment=ft.CrossAxisAlignment.END),
            bgcolor=theme.PAPER, border=ft.Border.all(3, theme.INK), border_radius=theme.RADIUS,
            padding=ft.Padding.symmetric(horizontal=20, vertical=2), width=KEY_W * 3 + 24)

        def key(label: str, value: str) -> ft.Control:
            return theme.button(label, lambda: self.press(value), key=f"{prefix}.{value}", kind="plain",
                                width=KEY_W, height=KEY_H, size=40 if value.isdigit() else 24, padding=0)

        rows = [[key(d, d) for d in "123"], [key(d, d) for d in "456"], [key(d, d) for d in "789"],
                [key(_("Clear"), "clear"), key("0", "0"), key(_("Back"), "back")]]
        self.keys = ft.Column([ft.Row(r, spacing=12) for r in rows], spacing=10, tight=True)
        self.control = ft.Column([self.screen, self.keys], spacing=12, tight=True)
        self._render()

    @property
    def value(self) -> int | None:
        return int(self.digits) if self.digits else None

    def set(self, value: int | None) -> None:
        self.digits = "" if value is None else str(value)
        self._render()

    def press(self, key: str) -> None:
        if key == "clear":
            self.digits = ""
        elif key == "back":
            self.digits = self.digits[:-1]
        elif key.isdigit() and len(self.digits) < self.max_digits:
            self.digits = (self.digits + key).lstrip("0") or "0"
        self._render()
        if self._on_change is not None:
            self._on_change()

    def _render(self) -> None:
        self.display.value = self.digits or "–"
        self.display.color = theme.INK if self.digits else theme.MUTED
