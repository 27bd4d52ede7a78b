"""A bench scale on a real TCP socket speaking MT-SICS, for tests: it answers `S` with what it is told to.

`FakeScale.start()` listens on 127.0.0.1 (a free port); set `reply` to the line it sends next
("S S     1.234 kg", "S I", ...), or `silent = True` to accept and never answer. `asked` counts the
commands it got, each as received."""

from __future__ import annotations

import socket
import socketserver
import threading


class FakeScale:
    def __init__(self) -> None:
        self.reply = "S S      0.500 kg"
        self.silent = False
        self.asked: list[str] = []
        scale = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                command = self.rfile.readline().decode("ascii", "replace").strip()
                scale.asked.append(command)
                if scale.silent:
                    self.request.settimeout(10)
                    try:
                        self.request.recv(1)   # hold the line open, answer nothing
                    except OSError:
                        pass
                    return
                self.wfile.write((scale.reply + "\r\n").encode("ascii"))

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, name="fake-scale", daemon=True)

    @classmethod
    def start(cls) -> FakeScale:
        scale = cls()
        scale._thread.start()
        return scale

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{host}:{port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def closed_port() -> str:
    """An address on this machine where nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{sock.getsockname()[1]}"
