"""Feedback a picker notices from a metre away: a full-screen flash, a tone, the next step in big type.

Screens call `feedback.ok(msg)`, `feedback.error(msg)` or `feedback.prompt(msg)`; the strip under
the header keeps the last message until the next one, so a glance later still says what to do.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import flet as ft
import flet_audio as fta

from app.i18n import _
from app.ui import theme
from app.ui.calls import send

log = logging.getLogger(__name__)
SOUNDS = {"ok": "sounds/ok.wav", "error": "sounds/error.wav"}
_STYLE = {  # kind -> (flash colour, strip background, strip text colour, icon)
    "ok": (theme.OK, theme.OK_TINT, theme.OK, ft.Icons.CHECK_CIRCLE),
    "error": (theme.ERROR, theme.ERROR_TINT, theme.ERROR, ft.Icons.ERROR),
    "prompt": (None, theme.PANEL, theme.INK, ft.Icons.ARROW_FORWARD),
    "warn": (None, theme.WARN_TINT, theme.WARN, ft.Icons.INFO),
}


class Feedback:
    def __init__(self, *, flash_seconds: float = 0.7, on_retry: Callable[[], None] | None = None) -> None:
        self.flash_seconds = flash_seconds
        self.last: tuple[str, str] | None = None   # (kind, message): what the person sees now
        self._on_retry = on_retry
        self._audio: dict[str, fta.Audio] = {}
        self._tasks: set[asyncio.Task] = set()
        self._hide: asyncio.Task | None = None
        self._flash_icon = ft.Icon(ft.Icons.CHECK_CIRCLE, size=160, color=theme.PAPER)
        self._flash_text = ft.Text("", size=theme.TEXT_HUGE, weight=ft.FontWeight.BOLD, color=theme.PAPER,
                                   text_align=ft.TextAlign.CENTER, key="feedback.flash.text",
                                   font_family_fallback=theme.FALLBACKS)
        self.flash = ft.Container(
            visible=False, left=0, top=0, right=0, bottom=0, padding=40, key="feedback.flash",
            alignment=ft.Alignment.CENTER, on_click=lambda: self._set_flash(False),
            content=ft.Column([self._flash_icon, self._flash_text], tight=True,
                              horizontal_alignment=ft.CrossAxisAlignment.CENTER),
        )
        self._strip_icon = ft.Icon(ft.Icons.ARROW_FORWARD, size=44, color=theme.INK)
        self._strip_text = theme.text("", theme.TEXT_TITLE, bold=True, key="feedback.message")
        self._retry = theme.button(_("Retry"), lambda: self._retry_clicked(), key="feedback.retry",
                                   kind="danger")
        self._retry.visible = False
        self.strip = ft.Container(
            visible=False, padding=ft.Padding.symmetric(horizontal=24, vertical=14), bgcolor=theme.PANEL,
            content=ft.Row([self._strip_icon, ft.Container(self._strip_text, expand=True), self._retry],
                           spacing=theme.GAP, vertical_alignment=ft.CrossAxisAlignment.CENTER),
        )

    def attach(self, page: ft.Page) -> None:
        """Add the flash layer and the tones to the page (once per session)."""
        page.overlay.append(self.flash)
        for kind, src in SOUNDS.items():
            self._audio[kind] = fta.Audio(src=src, release_mode=fta.ReleaseMode.STOP)

    def ok(self, message: str) -> None:
        self._show("ok", message)

    def error(self, message: str, *, retry: bool = False) -> None:
        self._show("error", message, retry=retry)

    def prompt(self, message: str) -> None:
        """A calm instruction (no flash, no tone), e.g. 'Scan your badge'."""
        self._show("prompt", message)

    def warn(self, message: str) -> None:
        self._show("warn", message)

    def clear(self) -> None:
        self.last = None
        self.strip.visible = False
        self._retry.visible = False
        self._set_flash(False, update=False)

    def _show(self, kind: str, message: str, *, retry: bool = False) -> None:
        flash, tint, ink, icon = _STYLE[kind]
        self.last = (kind, message)
        self._strip_text.value, self._strip_text.color = message, ink
        self._strip_icon.icon, self._strip_icon.color = icon, ink
        self.strip.bgcolor, self.strip.visible = tint, True
        self._retry.visible = retry and self._on_retry is not None
        if flash is not None:
            self.flash.bgcolor = flash
            self._flash_icon.icon = icon
            self._flash_text.value = message
            self._set_flash(True, update=False)
            self._play(kind)
            if self._hide is not None:
                self._hide.cancel()
            self._hide = self._spawn(self._hide_later())
        self._update()

    def _retry_clicked(self) -> None:
        self._retry.visible = False
        if self._on_retry is not None:
            self._on_retry()

    def _set_flash(self, visible: bool, *, update: bool = True) -> None:
        self.flash.visible = visible
        if update:
            self._update()

    async def _hide_later(self) -> None:
        await asyncio.sleep(self.flash_seconds)
        self._set_flash(False)

    def _play(self, kind: str) -> None:
        audio = self._audio.get(kind)
        if audio is not None:
            self._spawn(self._play_now(audio))

    async def _play_now(self, audio: fta.Audio) -> None:
        try:  # a browser that refuses to play before the first tap must not hold anything up
            await asyncio.wait_for(audio.play(), timeout=5)
        except Exception:
            log.debug("tone not played", exc_info=True)

    def _spawn(self, coro) -> asyncio.Task:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def _update(self) -> None:
        send(self.strip, self.flash)   # nothing to send before the screen is shown
