"""`floor serve` stopped as systemd stops it (SIGTERM): a clean exit, with its label drawing child gone.

uvicorn shuts down gracefully on SIGTERM and then raises the signal again; with the default handler the
process died there, before its clean-up, and the label child (~70 MB) lived on after every stop."""

from __future__ import annotations

import time
from pathlib import Path

from tests.printing.test_render_process import _alive, _gone_within
from tests.support.browser import FloorServer


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _label_child(pid: int, timeout: float = 60) -> int:
    """The child drawing labels: the demo's queued labels start it soon after the server is up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in _children(pid):
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                return child
        time.sleep(0.2)
    raise AssertionError("no label drawing child started")


def test_a_stopped_server_exits_cleanly_and_takes_its_label_child_with_it(tmp_path):
    server = FloorServer.start(tmp_path / "site")
    try:
        child = _label_child(server.process.pid)
        server.process.terminate()
        assert server.process.wait(timeout=20) == 0, server.log()
        assert "Traceback" not in server.log()
        assert _gone_within(child, 2), "the label child outlived the stopped server"
    finally:
        server.stop()
        if "child" in locals() and _alive(child):
            import os
            import signal
            os.kill(child, signal.SIGKILL)
