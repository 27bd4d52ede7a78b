"""What every board screen shares: the menu on the left (the board's places in app/ui/screens.py), a side
panel for acting on one thing, and a refresh loop per session (board services polled every `interval` s,
stopped when the screen leaves)."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import flet as ft

from app.domain.errors import DomainError
from app.i18n import _
from app.ui import theme
from app.ui.navigation import Menu
from app.ui.screen import Screen
from app.ui.supervisor import widgets as w
from app.ui.supervisor.panel import SidePanel  # noqa: F401  (screens import it from here)

log = logging.getLogger(__name__)
_REFUSED = object()


def link_key(path: str) -> str:
    return f"home.action.{path.strip('/')}"


class BoardScreen(Screen):
    """Subclass: set `prompt`, `interval` (0: no loop), build `content()`, fetch in `refresh()`; its path, roles
    and place in the menu are in app/ui/screens.py."""

    activity = "board"
    prompt = ""
    interval = 1.0

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._loop: asyncio.Task | None = None
        self._fetching = asyncio.Lock()   # one refresh at a time: a slow poll never lands after an action's
        self.refreshed_at: float | None = None   # loop time of the last refresh shown

    def build(self) -> ft.Control:
        menu = [w.button(_(link.label), self._opener(link.path), key=link_key(link.path), icon=link.icon,
                         kind="primary" if link.path == self.path else "plain", height=50, width=236)
                for link in self.ctx.menu(Menu.BOARD)]
        return ft.Row([ft.Column(menu, spacing=6, width=236, scroll=ft.ScrollMode.AUTO),
                       ft.Container(self.content(), expand=True)],
                      spacing=theme.GAP, expand=True, vertical_alignment=ft.CrossAxisAlignment.START)

    def content(self) -> ft.Control:
        raise NotImplementedError

    async def refresh(self) -> None:
        """Fetch from the services and show it (no page.update(): the caller sends it)."""

    async def shown(self) -> None:
        if self.prompt:
            self.ctx.feedback.prompt(_(self.prompt))
        await self.update_now()
        if self.interval:
            self._loop = asyncio.create_task(self._poll(), name=f"board-refresh {self.path}")

    def leave(self) -> None:
        if self._loop is not None:
            self._loop.cancel()
            self._loop = None

    async def update_now(self) -> None:
        """Refresh at once (after an action, or a filter changed) and send it."""
        try:
            async with self._fetching:
                await self.refresh()
            self.refreshed_at = asyncio.get_running_loop().time()
        except DomainError as exc:
            self.ctx.feedback.error(exc.message)
        self._send()

    async def act(self, service_fn, *args, ok: str | None = None, **kwargs):
        """Run one command through its service (it checks the role and audits), then refresh; say how it went."""
        result = await self.ctx.attempt(service_fn, self.ctx.actor(), *args, refused=_REFUSED, **kwargs)
        if result is _REFUSED:
            return None
        self.ctx.tell_stations()   # a pause, a log-out, a badge switched off: the station shows it now
        await self.update_now()
        if ok is not None:   # after the refresh: the message and the board change arrive together
            self.ctx.feedback.ok(ok)
        return result

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            if not self.ctx.station.online:       # the browser is away: nothing to draw for now
                if self._expired():
                    return
                continue
            try:
                async with self._fetching:
                    await self.refresh()
                self.refreshed_at = asyncio.get_running_loop().time()
                self._send()
            except asyncio.CancelledError:
                raise
            except Exception:   # a refusal or a hiccup: say nothing every second, try again
                log.warning("board refresh of %s failed", self.path, exc_info=True)

    def _expired(self) -> bool:
        try:
            expires = self.ctx.page.session.expires_at
        except RuntimeError:
            return True
        return expires is not None and expires <= datetime.now(UTC)

    def _send(self) -> None:
        if not self.ctx.send():   # the session is gone
            self.leave()

    def _opener(self, path: str):
        async def open_screen() -> None:
            await self.ctx.go(path)
        return open_screen
