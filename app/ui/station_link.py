"""This browser as a station: a client id kept in the browser, registration, heartbeat, goodbye."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import flet as ft

from app.services import stations
from app.services.stations import StationInfo

log = logging.getLogger(__name__)
CLIENT_ID_KEY = "floor.station.client_id"   # in the browser's local storage: a reload is the same station
USER_KEY = "floor.station.user"   # who is signed in: assets/station.js names them on the scans it keeps offline
KINDS = ("tablet", "kiosk", "desktop")


def kind_from_query(query: dict[str, str]) -> str:
    kind = (query.get("station") or "tablet").lower()
    return kind if kind in KINDS else "tablet"


class StationLink:
    """Registers the session as a station and keeps it alive; `status()` says who and what."""

    def __init__(self, call: Callable[..., Awaitable], page: ft.Page, kind: str,
                 status: Callable[[], tuple[int | None, str, str]], *, offline_after: int = 30,
                 on_beat: Callable[[], Awaitable] | None = None):
        self.call = call   # the session's service call (app/ui/shell.py)
        self.page = page
        self.kind = kind
        self.status = status
        self.on_beat = on_beat   # after each heartbeat: is the station paused, its person still signed in?
        self.info: StationInfo | None = None
        self.client_id: str | None = None
        self.interval = max(1.0, min(5.0, offline_after / 3))
        self._beat: asyncio.Task | None = None
        self._writing: asyncio.Future | None = None   # a heartbeat's write, running in a worker thread
        self.online = False   # between connect and disconnect: only then may a beat say "connected"

    @property
    def station_id(self) -> int | None:
        return self.info.id if self.info else None

    async def register(self) -> StationInfo | None:
        try:
            client_id = self.client_id = await self._client_id()
            self.info = await self.call(stations.register, client_id, self.kind, ip=self.page.client_ip or "",
                                        user_agent=self.page.client_user_agent or "")
        except Exception:   # the floor keeps working without a station row; the board will miss it
            log.exception("station registration failed")
        return self.info

    async def refresh(self) -> None:
        """Read the station again (a supervisor may have changed its kind in Station setup)."""
        if self.info is None:
            return
        try:
            self.info = await self.call(stations.info, self.info.id) or self.info
        except Exception:
            log.warning("could not read the station", exc_info=True)

    async def _client_id(self) -> str:
        prefs = ft.SharedPreferences()
        client_id = await prefs.get(CLIENT_ID_KEY)
        if not isinstance(client_id, str) or not client_id:
            client_id = stations.new_client_id()
            await prefs.set(CLIENT_ID_KEY, client_id)
        return client_id

    async def remember_user(self, user_id: int | None) -> None:
        """Tell the browser who is signed in (the scans it keeps while offline are theirs)."""
        try:
            prefs = ft.SharedPreferences()
            if user_id is None:
                await prefs.remove(USER_KEY)
            else:
                await prefs.set(USER_KEY, str(user_id))
        except Exception:
            log.warning("could not tell the browser who is signed in", exc_info=True)

    def start(self) -> None:
        self.online = True
        if self.info is not None and (self._beat is None or self._beat.done()):
            self._beat = asyncio.create_task(self._heartbeat(), name="station-heartbeat")

    def stop(self) -> None:
        if self._beat is not None:
            self._beat.cancel()
            self._beat = None

    async def beat(self) -> None:
        """Report now (after a login, a screen change...)."""
        if self.info is None or not self.online:
            return
        user_id, screen, activity = self.status()
        self._writing = asyncio.ensure_future(self.call(stations.heartbeat, self.info.id, user_id=user_id,
                                                        screen=screen, activity=activity))
        await asyncio.shield(self._writing)   # cancelled (the browser went away), the write still ends first

    async def _heartbeat(self) -> None:
        while True:
            try:
                await self.beat()
                if self.on_beat is not None:
                    await self.on_beat()
            except Exception:
                log.warning("heartbeat failed", exc_info=True)
            await asyncio.sleep(self.interval)

    async def gone(self) -> None:
        """The browser went away: stop beating and tell the board."""
        self.online = False
        self.stop()
        if self._writing is not None and not self._writing.done():
            # a beat already writing "connected" must land before "disconnected", not after it
            await asyncio.wait([self._writing], timeout=10)
        if self.info is not None:
            try:
                await self.call(stations.disconnected, self.info.id)
            except Exception:
                log.warning("could not mark the station disconnected", exc_info=True)
