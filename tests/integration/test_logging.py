"""What `floor serve`'s log says (app/logs.py): a refusal that is not the person's fault and every print
failure, each with its station, user and command key, as plain text or one JSON object a line."""

from __future__ import annotations

import io
import json
import logging
import socket

import pytest

from app import logs
from app.domain.errors import PermissionDenied
from app.services import printjobs, stations, stock
from tests.integration.test_pick_pack_ship import _packed_at_zebra


@pytest.fixture
def log_lines():
    """Logging set up as `floor serve` sets it up (JSON lines), into a buffer; the test's own set-up after."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    out = io.StringIO()
    logs.configure("INFO", "json", stream=out)
    yield lambda: [json.loads(line) for line in out.getvalue().splitlines()]
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def test_a_command_refused_by_a_paused_station_is_logged_with_station_user_and_key(site, floor, log_lines):
    station = stations.register(floor.uow(), "tablet-log-0001", "tablet")
    from app.services import auth

    picker = auth.login(floor.uow(), floor.login_policy, "2001", "1111", station.id).actor()
    stations.pause(floor.uow(), site.actor("supervisor"), station.id)
    with pytest.raises(PermissionDenied):
        stock.move(floor.uow(), picker, "S1", "S1-P1", "W1-RECV", "W1-A-1", 1, key="move-logged-0001")
    [line] = [r for r in log_lines() if r["logger"] == "floor.commands"]
    assert line["level"] == "WARNING" and "stock.move refused (forbidden)" in line["message"]
    assert (line["station"], line["user"], line["command"]) == (str(station.id), str(picker.user_id),
                                                                "move-logged-0001")


def test_a_wrong_item_is_feedback_not_a_log_line(site, floor, log_lines):
    from app.domain.errors import DomainError

    with pytest.raises(DomainError):
        stock.move(floor.uow(), site.actor("picker"), "S1", "NO-SUCH-SKU", "W1-RECV", "W1-A-1", 1)
    assert [r for r in log_lines() if r["logger"] == "floor.commands"] == []


def test_a_print_failure_is_logged_with_the_packers_station_and_user(site, floor, log_lines):
    site.receive("S1", "S1-P1", "W1-A-3", 5)
    with socket.socket() as probe:   # a port nobody listens on: the Zebra is switched off
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    station, packer, _view = _packed_at_zebra(site, floor, 7, port=port, timeout=0.5)
    printjobs.process_due(floor.uow, printjobs.PrintSetup(floor.print_setup.spool_dir, max_attempts=3))
    failures = [r for r in log_lines() if r["logger"] == "floor.printing"]
    assert failures and all(r["level"] == "WARNING" for r in failures)
    assert "on Zebra bench 7 failed (attempt 1 of 3), next try in 2 s" in failures[0]["message"]
    assert (failures[0]["station"], failures[0]["user"]) == (str(station.id), str(packer.user_id))
    assert failures[0]["command"].startswith("print:")


def test_plain_lines_carry_the_same_context():
    out = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        logs.configure("INFO", "plain", stream=out)
        with logs.context(station=3, user=7, command="scan:abc12345"):
            logging.getLogger("floor.test").warning("printer jammed")
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    line = out.getvalue().rstrip()
    assert line.endswith("WARNING floor.test: printer jammed [station=3 user=7 command=scan:abc12345]")
