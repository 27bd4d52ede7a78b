"""A browser that goes away while the server is sending still turns its station offline.

flet-web's own handler skips the session's disconnect when sending to the closed socket raises; the
board then kept a ghost station online for good (its heartbeat never stopped). This drives the real
FletApp websocket handler with a socket that breaks the way a closed tablet's does.
"""

from __future__ import annotations

import asyncio
import concurrent.futures

import msgpack
from fastapi import WebSocketDisconnect
from flet.messaging.protocol import MessageAction
from sqlalchemy import select
from starlette.datastructures import URL

from app.db.models.people import Station
from app.flet_socket import StationSocket
from app.ui.app import make_main
from tests.support.aio import run_apart

A = MessageAction


class ClosingTablet:
    """The browser's side of the socket: answers method calls; after `close()`, sending to it fails."""

    def __init__(self) -> None:
        self.client = None
        self.headers = {"user-agent": "ClosingTablet"}
        self.cookies: dict[str, str] = {}
        self.url = URL("ws://127.0.0.1:8550/ws")
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.storage: dict[str, object] = {}
        self.closed = False
        self.send_failed = asyncio.Event()

    async def accept(self) -> None:
        pass

    def put(self, action: MessageAction, body: dict) -> None:
        self.inbox.put_nowait(b"\x00" + msgpack.packb([action.value, body]))

    async def receive_bytes(self) -> bytes:
        item = await self.inbox.get()
        if item is None:
            raise WebSocketDisconnect(1001)
        return item

    async def send_bytes(self, data: bytes) -> None:
        if self.closed:
            self.send_failed.set()
            self.inbox.put_nowait(None)
            raise RuntimeError('Unexpected ASGI message "websocket.send", after sending "websocket.close"')
        action, body = msgpack.unpackb(data[1:], strict_map_key=False)
        if action == A.INVOKE_METHOD.value:
            result = None
            if body["name"] == "get":
                result = self.storage.get(body["args"]["key"])
            elif body["name"] == "set":
                self.storage[body["args"]["key"]], result = body["args"]["value"], True
            self.put(A.INVOKE_METHOD, {"control_id": body["control_id"], "call_id": body["call_id"],
                                       "result": result, "error": ""})


def _connected(floor) -> list[bool]:
    with floor.uow() as uow:
        return list(uow.session.scalars(select(Station.connected)))


async def _tablet_closes_mid_send(floor) -> tuple[list[bool], list[bool]]:
    tablet = ClosingTablet()
    socket = StationSocket(loop=asyncio.get_running_loop(), executor=concurrent.futures.ThreadPoolExecutor(2),
                           main=make_main(floor), before_main=None, session_timeout_seconds=120)
    handler = asyncio.create_task(socket.handle(tablet))
    tablet.put(A.REGISTER_CLIENT, {"session_id": "", "page_name": "", "page": {
        "route": "/login?station=tablet", "web": True, "platform": "linux", "width": 1280, "height": 800}})
    for _ in range(500):   # registered and beating
        await asyncio.sleep(0.01)
        if _connected(floor) == [True]:
            break
    before = _connected(floor)
    tablet.closed = True
    for key in ("X", "Q", "Enter"):   # a stray scan: the screen answers, and that send hits the closed socket
        tablet.put(A.CONTROL_EVENT, {"target": 1, "name": "keyboard_event",
                                     "data": {"key": key, "shift": False, "ctrl": False, "alt": False,
                                              "meta": False}})
    await asyncio.wait_for(tablet.send_failed.wait(), 5)
    await asyncio.wait_for(handler, 5)
    for _ in range(300):
        await asyncio.sleep(0.01)
        if _connected(floor) == [False]:
            break
    return before, _connected(floor)


def test_a_tablet_closed_while_the_server_sends_turns_offline(ui_floor):
    before, after = run_apart(_tablet_closes_mid_send(ui_floor), timeout=30)
    assert before == [True]
    assert after == [False]
