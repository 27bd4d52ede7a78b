"""Logging in at a station, as a person does it: badge, PIN, home; and what happens when it goes wrong."""

from tests.support.flet_harness import enter_pin, log_in, message, scan


def test_badge_then_pin_lands_on_the_role_home_with_name_and_station(open_station):
    h = open_station()
    assert h.path == "/login" and message(h) == "Scan your badge."
    log_in(h, "1001", "1111", home="/pick")
    assert h.text_of("header.person") == "Anna Kowalska"
    assert h.text_of("header.detail") == "Picker · Kiosk 1 · Picking"
    assert "Hello, Anna Kowalska" in h.texts()
    assert h.routes_pushed[-1] == "/pick?station=kiosk"   # the URL keeps the station kind


def test_each_role_lands_on_its_own_home(open_station):
    for badge, pin, home in [("1002", "2222", "/pack"), ("1003", "3333", "/returns"),
                             ("1004", "4444", "/board"), ("1005", "9999", "/admin")]:
        h = open_station()
        log_in(h, badge, pin, home=home)


def test_a_badge_typed_by_hand_in_the_field_works_too(open_station):
    h = open_station()
    h.submit("login.badge", "1002")
    h.wait_for(lambda: h.has("keypad.ok"))
    enter_pin(h, "2222")
    h.wait_for(lambda: h.path == "/pack")


def test_the_pin_can_be_typed_on_the_physical_keyboard(open_station):
    h = open_station()
    scan(h, "BADGE-1001")
    h.wait_for(lambda: h.has("keypad.ok"))
    h.type("1111", delay=0.08)   # a person's pace
    h.wait_for(lambda: h.path == "/pick")


def test_the_keypad_shows_dots_and_back_and_clear_work(open_station):
    h = open_station()
    scan(h, "BADGE-1001")
    h.wait_for(lambda: h.has("keypad.ok"))
    enter_pin(h, "12", ok=False)
    assert h.text_of("login.dots") == "●●○○"
    h.click("keypad.back")
    assert h.text_of("login.dots") == "●○○○"
    h.click("keypad.clear")
    assert h.text_of("login.dots") == "○○○○"


def test_a_wrong_pin_says_how_many_tries_are_left_and_stays_on_the_pin(open_station):
    h = open_station()
    log_in(h, "1001", "9999")
    h.wait_for(lambda: "not recognised" in message(h))
    assert message(h) == "Badge or PIN not recognised. 4 more tries before this badge locks."
    assert h.path == "/login" and h.text_of("login.dots") == "○○○○"
    h.wait_for(lambda: h.played[-1:] == ["sounds/error.wav"], what="the error tone")


def test_five_wrong_pins_lock_the_badge_and_the_right_pin_no_longer_opens_it(open_station):
    h = open_station()
    scan(h, "BADGE-1001")
    h.wait_for(lambda: h.has("keypad.ok"))
    for left in (4, 3, 2, 1):
        enter_pin(h, "0000")
        h.wait_for(lambda left=left: f"{left} more tr" in message(h))
    enter_pin(h, "0000")
    h.wait_for(lambda: "locked" in message(h))
    assert message(h) == "This badge is locked for 15 more minutes. Ask a supervisor."
    assert h.has("login.badge")   # back to the badge step
    log_in(h, "1001", "1111")
    h.wait_for(lambda: "locked" in message(h) and not h.has("keypad.ok"))
    assert h.path == "/login"


def test_a_location_scanned_at_login_is_refused_with_what_to_do(open_station):
    h = open_station()
    scan(h, "LOC-A-01-01")
    h.wait_for(lambda: "not a badge" in message(h))
    assert message(h) == "That is a location code, not a badge. Scan your badge."


def test_log_out_returns_to_the_login_screen(open_station):
    h = open_station()
    log_in(h, "1001", "1111", home="/pick")
    h.click("header.logout")
    h.wait_for(lambda: h.path == "/login")
    assert not h.has("header.logout") and h.text_of("header.person") == "Floor"


def test_a_badge_scanned_while_the_station_is_still_registering_is_not_lost(ui_floor):
    from app.ui.app import make_main
    from tests.support.flet_harness import FletHarness

    h = FletHarness(make_main(ui_floor), route="/login?station=kiosk")
    try:
        h.run(h._register())        # the page opens; registration (a database write, local storage) runs
        for char in "BADGE-1003":  # ...and the scanner fires before it is done
            h.key(char, settle=False)
        h.key("Enter", settle=False)
        assert not h._main_done
        h.wait_for(lambda: h._main_done, what="the station to finish opening")
        h.wait_for(lambda: h.has("keypad.ok"), what="the PIN keypad for the badge scanned early")
        enter_pin(h, "3333")
        h.wait_for(lambda: h.path == "/returns")
    finally:
        h.close()
