"""A shared kiosk signs its person out after the idle time; any input starts the wait again."""

import time

import pytest
from sqlalchemy import text

from app.services import auth, stations
from tests.support.flet_harness import log_in, message


@pytest.fixture
def floor_settings():
    return {"kiosk_idle_seconds": 1}


def last_audit(floor):
    with floor.db.engine.connect() as conn:
        return conn.execute(text("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")).scalar()


def test_an_idle_kiosk_logs_out_and_says_why(open_station, ui_floor):
    h = open_station("/login?station=kiosk")
    log_in(h, "1001", "1111", home="/pick")
    h.wait_for(lambda: h.has("header.countdown"), timeout=2, what="the countdown")
    h.wait_for(lambda: h.path == "/login", timeout=3)
    assert message(h) == "Anna Kowalska was logged out after 1 s without input."
    assert last_audit(ui_floor) == "logout.idle"


def test_keys_and_taps_keep_the_session_alive(open_station):
    h = open_station("/login?station=tablet")
    log_in(h, "1001", "1111", home="/pick")
    end = time.monotonic() + 2.0
    while time.monotonic() < end:   # twice the idle time, with a key or a scan every 0.3 s
        h.key("Shift")
        h.settle(0.3)
        h.type("LOC-A-01")
        h.settle(0.3)
    assert h.path == "/pick"
    h.wait_for(lambda: h.path == "/login", timeout=3)


def test_a_station_set_up_as_a_desktop_does_not_time_out(open_station, ui_floor):
    h = open_station("/login?station=kiosk")
    h.wait_for(lambda: h.page.data.station.info is not None, what="the station registered")
    station_id = h.page.data.station.info.id
    supervisor = auth.login(ui_floor.uow(), ui_floor.login_policy, "1004", "4444").actor()
    stations.configure(ui_floor.uow(), supervisor, station_id, kind="desktop")   # as in Station setup
    log_in(h, "1004", "4444", home="/board")
    h.settle(1.6)
    assert h.path == "/board"


def test_the_url_cannot_switch_idle_log_out_off(open_station, ui_floor):
    """?station=desktop is no way around idle log-out: a new station is a tablet until set up otherwise."""
    h = open_station("/login?station=desktop")
    log_in(h, "1001", "1111", home="/pick")
    assert h.page.data.station.info.kind == "tablet"
    h.wait_for(lambda: h.path == "/login", timeout=3, what="the idle log-out")
    assert last_audit(ui_floor) == "logout.idle"
