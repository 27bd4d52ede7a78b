"""The two panels that replace the walk for a moment: Count (many units in one scan) and Short / empty bin.

Both are plain controls the pick screen shows and hides; they hold no service calls themselves:
the screen gets `on_ok(n)` / `on_short(found, reason)` and decides.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from app.i18n import N_, _
from app.ui import theme
from app.ui.picker.numpad import NumPad

REASON_LABELS = {   # app/domain/picking.py SHORT_REASONS -> what the button says
    "empty": N_("Bin empty"),
    "fewer": N_("Fewer than shown"),
    "damaged": N_("Damaged"),
    "wrong_item_in_bin": N_("Wrong item in bin"),
    "cannot_reach": N_("Cannot reach"),
}


class CountPanel:
    """How many units the next scan of the item takes (one scan, one command, n units)."""

    def __init__(self, on_ok: Callable[[int], Awaitable[None] | None], on_cancel: Callable[[], object]) -> None:
        self._on_ok = on_ok
        self.pad = NumPad("count", unit=_("units"), max_digits=4)
        self.title = theme.text("", theme.TEXT_TITLE, bold=True, key="count.title")
        self.hint = theme.text(_("Type the number, press OK, then scan one of them."), theme.TEXT_BODY,
                               color=theme.MUTED)
        ok = theme.button(_("OK"), self._ok, key="count.ok", kind="ok", width=300, height=96, size=36)
        cancel = theme.button(_("Cancel"), on_cancel, key="count.cancel", kind="plain", width=300, height=80)
        self.control = ft.Row(
            [self.pad.control, ft.Column([self.title, self.hint, ok, cancel], spacing=theme.GAP * 1.5, expand=True)],
            spacing=48, vertical_alignment=ft.CrossAxisAlignment.START, visible=False)

    def open(self, title: str) -> None:
        self.pad.set(None)
        self.title.value = title
        self.control.visible = True

    async def _ok(self) -> None:
        result = self._on_ok(self.pad.value or 0)
        if result is not None:
            await result


class ShortPanel:
    """The bin holds fewer than the task says: how many are really there, and why."""

    def __init__(self, on_short: Callable[[int, str], Awaitable[None]], on_cancel: Callable[[], object]) -> None:
        self._on_short = on_short
        self.pad = NumPad("short", unit=_("found"), max_digits=4)
        self.title = theme.text("", theme.TEXT_TITLE, bold=True, key="short.title")
        self.hint = theme.text(_("0 if the bin is empty."), theme.TEXT_BODY, color=theme.MUTED)
        self.reasons = [theme.button(_(label), self._reason(code), key=f"short.{code}",
                                     kind="danger" if code == "empty" else "primary", width=330, height=80)
                        for code, label in REASON_LABELS.items()]
        cancel = theme.button(_("Cancel"), on_cancel, key="short.cancel", kind="plain", width=330, height=80)
        self.control = ft.Row(
            [self.pad.control,
             ft.Column([self.title, self.hint,
                        ft.Row([*self.reasons, cancel], wrap=True, spacing=theme.GAP, run_spacing=theme.GAP)],
                       spacing=theme.GAP, expand=True)],
            spacing=36, vertical_alignment=ft.CrossAxisAlignment.START, visible=False)

    def open(self, bin_code: str, product: str, expected: int) -> None:
        self.pad.set(None)
        self.title.value = _("Bin {bin}: how many {product} are there? Expected {n}.", bin=bin_code,
                             product=product, n=expected)
        self.control.visible = True

    def problem(self, reason: str) -> str:
        """'' when the typed count can go to the service (which says what is wrong with it, if anything)."""
        if reason != "empty" and self.pad.value is None:
            return _("Type how many you found first (0 if none).")
        return ""

    def _reason(self, code: str):
        async def chosen() -> None:
            await self._on_short(self.pad.value or 0, code)
        return chosen
