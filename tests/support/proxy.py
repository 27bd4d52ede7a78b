"""A TCP proxy between Chromium and the station server that a test can cut, as warehouse Wi-Fi drops.

    proxy = CuttableProxy.start(server_port)     # http://127.0.0.1:{proxy.port} reaches the server
    proxy.cut()       # every open connection is closed and new ones are refused (closed at once)
    proxy.cut(websockets_only=True)   # pages still load, the station's websocket does not connect
    proxy.mend()
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field

from tests.support.browser import free_port


@dataclass
class CuttableProxy:
    target: int
    port: int = 0
    _listener: socket.socket | None = None
    _open: set = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _cut: str = ""   # "" | "all" | "websockets"
    _stop: bool = False

    @classmethod
    def start(cls, target: int) -> CuttableProxy:
        proxy = cls(target, free_port())
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", proxy.port))
        listener.listen(64)
        proxy._listener = listener
        threading.Thread(target=proxy._accept, daemon=True).start()
        return proxy

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cut(self, *, websockets_only: bool = False) -> None:
        self._cut = "websockets" if websockets_only else "all"
        with self._lock:
            doomed = list(self._open)
        for conn in doomed:
            if not websockets_only or getattr(conn, "websocket", False):
                _close(conn)

    def mend(self) -> None:
        self._cut = ""

    def stop(self) -> None:
        self._stop = True
        self.cut()
        _close(self._listener)

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _addr = self._listener.accept()
            except OSError:
                return
            if self._cut == "all":
                _close(client)
                continue
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            first = client.recv(65536)
        except OSError:
            _close(client)
            return
        websocket = b"upgrade: websocket" in first.lower()
        if not first or self._cut == "all" or (self._cut == "websockets" and websocket):
            _close(client)
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target), timeout=5)
            upstream.settimeout(None)
        except OSError:   # the server is down (killed for the test): like a drop
            _close(client)
            return
        pair = _Pair(client, upstream, websocket)
        with self._lock:
            self._open.add(pair)
        upstream.sendall(first)
        threading.Thread(target=self._pump, args=(upstream, client, pair), daemon=True).start()
        self._pump(client, upstream, pair)

    def _pump(self, source: socket.socket, sink: socket.socket, pair: _Pair) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        _close(pair)
        with self._lock:
            self._open.discard(pair)


@dataclass(eq=False)
class _Pair:
    a: socket.socket
    b: socket.socket
    websocket: bool

    def close(self) -> None:
        for s in (self.a, self.b):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()


def _close(thing) -> None:
    if thing is None:
        return
    if isinstance(thing, _Pair):
        thing.close()
        return
    try:
        thing.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    thing.close()
