"""The field for typing a code by hand (a label that will not scan, a tablet's on-screen keyboard).

While it has focus it owns the keys: the page-level scanner listener ignores them, so nothing is
applied twice. Flutter drops the focus on submit, so the next scanner burst goes to the listener.
"""

from __future__ import annotations

import flet as ft

from app.i18n import _
from app.ui import theme
from app.ui.scan.pipeline import ScanPipeline


class ManualEntry:
    def __init__(self, scans: ScanPipeline, *, label: str | None = None, key: str = "scan.manual") -> None:
        self._scans = scans
        self.field = ft.TextField(
            label=label or _("Type a code"), key=key, autofocus=False, text_size=theme.TEXT_BODY,
            label_style=ft.TextStyle(size=theme.TEXT_LABEL, color=theme.MUTED, font_family_fallback=theme.FALLBACKS),
            text_style=ft.TextStyle(font_family_fallback=theme.FALLBACKS),
            border={ft.ControlState.DEFAULT: ft.OutlineInputBorder(side=ft.BorderSide(2, theme.INK)),
                    ft.ControlState.FOCUSED: ft.OutlineInputBorder(side=ft.BorderSide(3, theme.BRAND))},
            content_padding=ft.Padding.symmetric(horizontal=18, vertical=18), expand=True,
            capitalization=ft.TextCapitalization.CHARACTERS, autocorrect=False, enable_suggestions=False,
            max_length=None, on_submit=self._submitted, on_focus=self._focused, on_blur=self._blurred,
        )
        self.control = ft.Row(
            [self.field, theme.button(_("Enter"), self._pressed, key=f"{key}.enter", kind="plain")],
            spacing=theme.GAP, vertical_alignment=ft.CrossAxisAlignment.CENTER)

    def _focused(self) -> None:
        self._scans.field_focused = True

    def _blurred(self) -> None:
        self._scans.field_focused = False

    def _submitted(self) -> None:
        self._take()
        self._scans.field_focused = False   # Flutter unfocuses a single-line field on submit

    def _pressed(self) -> None:
        self._take()

    def _take(self) -> None:
        text = (self.field.value or "").strip()
        self.field.value = ""
        if text:
            self._scans.submit(text.upper(), source="keyboard")
