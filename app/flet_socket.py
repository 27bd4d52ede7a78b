"""The station websocket: Flet's own handler, made to always let go of the session when the socket ends.

flet-web 1.0.5's `FletApp.handle` awaits its send loop and only then disconnects the session. When
the browser goes away while the server is sending (a tablet closed mid-update), `send_bytes` raises,
the send loop re-raises, and the session is never disconnected: its page never hears `on_disconnect`
or `on_close`, its heartbeat keeps running, and the board shows a ghost station that stays online.
This handler runs the same FletApp and, whatever ends the socket, disconnects the session.

Uses Flet internals (flet is pinned ==1.0.5); keep this the one place on the server side.
"""

from __future__ import annotations

import asyncio
import logging

from fastapi import WebSocket
from flet_web.fastapi.flet_app import FletApp
from flet_web.fastapi.flet_app_manager import app_manager

log = logging.getLogger(__name__)


class StationSocket(FletApp):
    async def handle(self, websocket: WebSocket) -> None:
        try:
            await super().handle(websocket)
        except Exception:
            log.info("station socket ended while sending; disconnecting its session", exc_info=True)
            session = getattr(self, "_FletApp__session", None)
            if session is not None and session.connection is self:
                await app_manager.disconnect_session(
                    self._FletApp__get_unique_session_id(session.id),   # type: ignore[attr-defined]
                    self._FletApp__session_timeout_seconds)              # type: ignore[attr-defined]


def install(api, main, *, session_timeout_seconds: int, path: str = "/ws") -> None:
    """Serve Flet's websocket at `path` on `api` (before the Flet app is mounted at /, so this one wins)."""

    @api.websocket(path)
    async def station_socket(websocket: WebSocket) -> None:
        await StationSocket(loop=asyncio.get_running_loop(), executor=app_manager.executor, main=main,
                            before_main=None, session_timeout_seconds=session_timeout_seconds,
                            upload_endpoint_path=None, secret_key=None).handle(websocket)
