"""Nobody reaches a screen that is not theirs; every tab is a station the board can see."""

import pytest
from sqlalchemy import text

from tests.support.flet_harness import FakeBrowser, log_in, message


def station_rows(floor):
    with floor.db.engine.connect() as conn:
        return conn.execute(text("SELECT id, client_id, kind, name, user_id, screen, connected, last_scan "
                                 "FROM stations ORDER BY id")).all()


def audit_actions(floor):
    with floor.db.engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT action FROM audit_log ORDER BY id"))]


@pytest.mark.parametrize("route", ["/pick", "/board", "/admin", "/scanner-test"])
def test_nobody_reaches_a_role_screen_before_logging_in(open_station, route):
    h = open_station(f"{route}?station=tablet")
    assert h.path == "/login"
    assert message(h) == "Log in first."


def test_a_picker_typing_the_board_url_is_sent_home_with_a_clear_message(open_station):
    h = open_station()
    log_in(h, "1001", "1111", home="/pick")
    h.event(h.page, "route_change", {"route": "/board?station=kiosk"})   # the URL typed in the address bar
    h.wait_for(lambda: h.path == "/pick")
    assert message(h) == "Board is not for a picker. This is your screen."
    assert h.text_of("header.person") == "Anna Kowalska"


def test_an_unknown_path_lands_on_the_home_with_a_message(open_station):
    h = open_station()
    log_in(h, "1003", "3333", home="/returns")
    h.event(h.page, "route_change", {"route": "/nowhere"})
    h.wait_for(lambda: "There is no screen at /nowhere" in message(h))
    assert h.path == "/returns"


def test_a_supervisor_opens_the_scanner_test_and_comes_back(open_station):
    h = open_station()
    log_in(h, "1004", "4444", home="/board")
    h.click("home.action.scanner-test")
    h.wait_for(lambda: h.path == "/scanner-test")
    h.click("scantest.back")
    h.wait_for(lambda: h.path == "/board")


def test_each_tab_registers_as_a_station_and_a_reload_keeps_the_same_one(open_station, ui_floor):
    browser = FakeBrowser()
    h = open_station("/login?station=kiosk", browser=browser)
    h.wait_for(lambda: [r.screen for r in station_rows(ui_floor)] == ["/login"], what="the first heartbeat")
    [(sid, client_id, kind, name, user, screen, connected, _scan)] = station_rows(ui_floor)
    assert (kind, name, connected, screen) == ("kiosk", "Kiosk 1", True, "/login")
    assert browser.local_storage["floor.station.client_id"] == client_id
    h.close()
    again = open_station("/login", browser=browser)   # same browser, new session: same station
    assert [r.id for r in station_rows(ui_floor)] == [sid]
    assert again.text_of("header.detail").startswith("Kiosk 1")


def test_the_station_shows_who_and_where_and_goes_offline_on_close(open_station, ui_floor):
    h = open_station("/login?station=tablet")
    log_in(h, "1001", "1111", home="/pick")
    h.wait_for(lambda: station_rows(ui_floor)[0].screen == "/pick")
    row = station_rows(ui_floor)[0]
    assert row.user_id is not None and row.connected
    h.close()
    row = station_rows(ui_floor)[0]
    assert (row.connected, row.user_id) == (False, None)
    assert audit_actions(ui_floor)[-1] == "logout.closed"


def test_a_scan_is_recorded_on_the_station_for_the_board(open_station, ui_floor):
    h = open_station()
    log_in(h, "1004", "4444", home="/board")
    h.click("home.action.scanner-test")
    h.wait_for(lambda: h.path == "/scanner-test")
    h.type("LOC-A-01-01")
    h.wait_for(lambda: station_rows(ui_floor)[0].last_scan == "LOC-A-01-01")


def test_a_new_session_of_the_same_browser_keeps_the_person_and_the_old_tab_returns_to_login(
        open_station, ui_floor):
    browser = FakeBrowser()
    first = open_station("/login?station=tablet", browser=browser)
    log_in(first, "1001", "1111", home="/pick")
    second = open_station("/board?station=tablet", browser=browser)   # a typed URL that got a new session
    second.wait_for(lambda: second.path == "/pick")
    assert message(second) == "Board is not for a picker. This is your screen."
    assert second.text_of("header.person") == "Anna Kowalska"
    first.wait_for(lambda: first.path == "/login")
    first.close()                                                       # the old session expiring
    assert audit_actions(ui_floor)[-1] != "logout.closed"
