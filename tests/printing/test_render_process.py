"""Under `floor serve` labels are drawn in a child process (app/render_process.py): the same bytes as
drawn in place, a label that cannot be made is the same LabelDataError, and an idle child goes away."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import printing
import printing.samples as samples
from app.render_process import RenderProcess


@pytest.fixture
def renderer():
    r = RenderProcess(idle_seconds=0)
    yield r
    r.stop()


def test_a_label_drawn_in_the_child_is_the_label_drawn_in_place(renderer):
    label = samples.shipping_label("chinese")
    assert renderer.draw("pdf", label, dpi=203) == printing.render_pdf(label, dpi=203)
    assert renderer.draw("zpl", label, dpi=300) == printing.render_zpl(label, dpi=300).encode("utf-8")


def test_a_label_that_cannot_be_made_is_the_same_error_from_the_child(renderer):
    label = samples.shipping_label("polish")
    bad = dataclasses.replace(label, ship_to=dataclasses.replace(label.ship_to, name="W" * 118))   # cannot fit
    with pytest.raises(printing.LabelDataError) as in_place:
        printing.render_pdf(bad, dpi=203)
    with pytest.raises(printing.LabelDataError) as in_child:
        renderer.draw("pdf", bad, dpi=203)
    assert (in_child.value.field, in_child.value.message) == (in_place.value.field, in_place.value.message)


def test_an_idle_child_stops_and_the_next_label_starts_it_again(renderer):
    label = samples.shipping_label("polish")
    renderer.draw("pdf", label, dpi=203)
    assert renderer.running and renderer.stop_if_idle() and not renderer.running
    assert renderer.draw("pdf", label, dpi=203)[:5] == b"%PDF-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"   # a zombie has ended


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return False


def test_the_child_ends_when_the_server_that_started_it_is_killed():
    """A kill -9 (or the out-of-memory killer) runs no clean-up in the server: the child must notice alone."""
    parent = subprocess.Popen([sys.executable, "-c", (
        "import sys, printing.samples as s\n"
        "from app.render_process import RenderProcess\n"
        "r = RenderProcess()\n"
        "r.draw('pdf', s.shipping_label('polish'), dpi=203)\n"
        "print(r.child_pid(), flush=True)\n"
        "sys.stdin.read()\n")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    try:
        assert _alive(child)
        parent.kill()
        parent.wait()
        assert _gone_within(child, 5), "the label child outlived its killed server"
    finally:
        if _alive(child):
            os.kill(child, signal.SIGKILL)
