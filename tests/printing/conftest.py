"""Fixtures for the printing tests: a private CUPS scheduler and a loopback 'Zebra'."""

from __future__ import annotations

import socket
import threading

import pytest

from . import cups_server


@pytest.fixture(scope="session")
def cups(tmp_path_factory):
    """A cupsd of our own (private config, spool, port, socket), with a queue that writes job files
    and one whose device always fails; stopped at the end of the session."""
    server = cups_server.start(tmp_path_factory.mktemp("cups"))
    try:
        server.add_queue("FloorLabels", f"floortest:{server.out}")
        server.add_queue("FloorZebra", f"floortest:{server.out}")
        server.add_queue("FloorJammed", "floortest:/fail/Paper_jam_in_printer_head",
                         "-o", "printer-error-policy=abort-job")
        yield server
    finally:
        server.stop()


class ZebraListener:
    """A TCP listener on loopback standing in for a Zebra on port 9100: keeps every byte of each connection."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(5)
            chunks = []
            while chunk := conn.recv(65536):
                chunks.append(chunk)
            self.received.append(b"".join(chunks))
        self.done.set()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def zebra():
    listener = ZebraListener()
    yield listener
    listener.close()
