"""A supervisor's action reaches the station at once: paused, resumed, its person signed out.

The board (and the users screen) pokes every live session on one pubsub topic after a command
(`tell_stations`); each session then asks `stations.check` whether its person is still signed in and
whether the station is paused, and acts on the answer: a full-screen "Paused by <name>" that takes no
scans, or the login screen saying why. The heartbeat asks the same question every few seconds, for a
change made elsewhere (the command line, another server process).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import flet as ft

from app.i18n import _
from app.services import stations
from app.ui import theme
from app.ui.calls import send

if TYPE_CHECKING:
    from app.ui.scan.pipeline import Scan

log = logging.getLogger(__name__)
TOPIC = "floor.stations"


def tell_stations(page: ft.Page) -> None:
    """Ask every station's session to check itself now (after a supervisor's command)."""
    try:
        page.pubsub.send_all_on_topic(TOPIC, "check")
    except Exception:   # the heartbeat's check still finds it within seconds
        log.warning("could not tell the stations", exc_info=True)


class StationWatch:
    def __init__(self, shell) -> None:   # the station session (app/ui/shell.py)
        self.shell = shell
        self.paused_by: str | None = None   # None: not paused
        self._title = ft.Text("", size=theme.TEXT_HUGE, weight=ft.FontWeight.BOLD, color=theme.PAPER,
                              text_align=ft.TextAlign.CENTER, key="paused.title",
                              font_family_fallback=theme.FALLBACKS)
        self._refused = ft.Text("", size=theme.TEXT_TITLE, color=theme.PAPER, text_align=ft.TextAlign.CENTER,
                                key="paused.refused", font_family_fallback=theme.FALLBACKS)
        self.cover = ft.Container(
            visible=False, left=0, top=0, right=0, bottom=0, padding=48, bgcolor=theme.WARN, key="paused",
            alignment=ft.Alignment.CENTER,
            content=ft.Column([
                ft.Icon(ft.Icons.PAUSE_CIRCLE, size=180, color=theme.PAPER),
                self._title,
                ft.Text(_("This station takes no scans until a supervisor resumes it."), size=theme.TEXT_TITLE,
                        color=theme.PAPER, text_align=ft.TextAlign.CENTER, font_family_fallback=theme.FALLBACKS),
                self._refused,
            ], tight=True, spacing=24, horizontal_alignment=ft.CrossAxisAlignment.CENTER))

    def attach(self, page: ft.Page) -> None:
        page.overlay.append(self.cover)   # after the flash layer: the cover stays on top of it
        page.pubsub.subscribe_topic(TOPIC, self._told)

    def detach(self, page: ft.Page) -> None:
        try:
            page.pubsub.unsubscribe_topic(TOPIC)
        except Exception:
            log.debug("pubsub already gone", exc_info=True)

    async def _told(self, _topic: str, _message) -> None:
        try:
            await self.check()
        except Exception:
            log.warning("station check after a supervisor's action failed", exc_info=True)

    async def check(self) -> None:
        """Ask the station's row, then show what it says (paused, signed out)."""
        shell = self.shell
        if shell.station.info is None or not shell.station.online:
            return
        who = shell.signed_in
        seen = await shell.call(stations.check, shell.station.info.id, who.user_id if who else None)
        if who is not None and shell.signed_in is who and not seen.signed_in:
            await shell.signed_out_elsewhere(seen.note)
        self.show_paused(seen.paused_by or _("a supervisor") if seen.paused else None)

    def show_paused(self, by: str | None) -> None:
        if by == self.paused_by:
            return
        self.paused_by = by
        self.shell.scans.closed = self.refusal if by is not None else None
        self.cover.visible = by is not None
        self._title.value = _("Paused by {name}", name=by) if by else ""
        self._refused.value = ""
        send(self.cover)

    def refusal(self, scan: Scan) -> str:
        """While paused, what a scan gets instead of a screen (the pipeline refuses it with this)."""
        message = _("This station is paused by {name}.", name=self.paused_by)
        self._refused.value = _("Not taken: {code}", code=scan.code)
        send(self.cover)
        return message
