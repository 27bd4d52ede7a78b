"""Weigh and close a box: the carton (the suggested one framed in amber, the chosen one filled) and the
weight in grams on a big keypad, then Close box. A bench with a scale (stations.configure) has *Weigh on
scale*, which fills the keypad from the scale (the packer can still type over it).

The carton types are the site's (packing.carton_types), smallest first.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from app.i18n import _
from app.i18n.units import IMPERIAL, to_grams
from app.services.packing import CartonChoice
from app.ui import theme
from app.ui.picker.numpad import NumPad


class ClosePanel:
    def __init__(self, cartons: tuple[CartonChoice, ...], on_close: Callable[[str, int | None], Awaitable[None]],
                 on_back: Callable[[], object], on_weigh: Callable[[], object] | None = None,
                 units: str = "metric") -> None:
        self._on_close = on_close
        self.names = {c.code: c.name for c in cartons}
        self.carton = ""
        self.suggested = ""
        # whole grams at a metric bench, whole ounces at an imperial one; stored in grams either way
        self.imperial = units == IMPERIAL
        self.weight = NumPad("weight", unit=_("oz") if self.imperial else _("g"), max_digits=4 if self.imperial else 5)
        self.title = theme.text("", theme.TEXT_TITLE, bold=True, key="close.title")
        self.hint = theme.text("", theme.TEXT_BODY, color=theme.MUTED, key="close.hint")
        self.buttons = {c.code: self._carton_button(c.code, c.name) for c in cartons}
        self.close = theme.button(_("Close box"), self._close, key="close.ok", kind="ok", width=340, height=100,
                                  size=36, icon=ft.Icons.INVENTORY_2)
        back = theme.button(_("Back to packing"), on_back, key="close.back", kind="plain", width=340, height=80)
        weigh = [theme.button(_("Weigh on scale"), on_weigh, key="close.scale", kind="plain", width=340, height=80,
                              icon=ft.Icons.SCALE)] if on_weigh is not None else []
        self.control = ft.Row(
            [ft.Column([theme.text(_("WEIGHT"), theme.TEXT_BODY, bold=True, color=theme.MUTED), self.weight.control],
                       spacing=4, tight=True),
             ft.Column([self.title, self.hint,
                        ft.Row(list(self.buttons.values()), spacing=12, wrap=True, run_spacing=12),
                        ft.Row([self.close, back], spacing=theme.GAP, wrap=True), *weigh],
                       spacing=theme.GAP, expand=True)],
            spacing=36, vertical_alignment=ft.CrossAxisAlignment.START, visible=False)

    def open(self, box: int, suggested: str) -> None:
        self.suggested = suggested
        self.carton = suggested
        self.weight.set(None)
        self.title.value = _("Box {n}: carton, then weight", n=box)
        self._render()
        self.control.visible = True

    def _carton_button(self, code: str, label: str) -> ft.Button:
        async def chosen() -> None:
            self.carton = code
            self._render()
        face = ft.Text(label, size=30, weight=ft.FontWeight.BOLD, font_family_fallback=theme.FALLBACKS)
        return ft.Button(content=face, key=f"close.carton.{code}", on_click=theme.touching(chosen), width=150,
                         height=96)

    def _render(self) -> None:
        for code, button in self.buttons.items():
            chosen, suggested = code == self.carton, code == self.suggested
            bg, fg = (theme.BRAND, theme.PAPER) if chosen else (theme.PANEL, theme.INK)
            button.content.color = fg
            button.style = ft.ButtonStyle(
                bgcolor=bg, color=fg, padding=ft.Padding.symmetric(horizontal=8),
                shape=ft.RoundedRectangleBorder(radius=theme.RADIUS),
                side=ft.BorderSide(8, theme.FOCUS) if suggested else ft.BorderSide(2, theme.INK))
        label = self.names.get(self.suggested)
        self.hint.value = (_("Suggested: {carton} (framed). Tap another if it does not fit.", carton=label)
                           if label else _("Choose the carton."))

    @property
    def grams(self) -> int | None:
        """What the keypad shows, in grams (ounces converted)."""
        typed = self.weight.value
        return to_grams(typed, "oz") if self.imperial and typed else typed

    def show_grams(self, grams: int) -> None:
        """A scale's reading (grams) on the keypad, in the bench's unit."""
        self.weight.set(round(grams / 28.349523125) if self.imperial else grams)

    async def _close(self) -> None:
        await self._on_close(self.carton, self.grams)
