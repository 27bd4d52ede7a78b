"""In Debian's Chromium against the real server: log in with a scanned badge and the keypad, the role
guard on a typed URL, and a wedge scanner's burst of 50 codes arriving whole, once each, in order."""

import re
import time
from collections import Counter

from tests.support.browser import Station


def test_scan_badge_tap_pin_land_home_and_log_out(open_station):
    s = open_station("/login", kind="kiosk")
    s.wait_text("Scan your badge.")
    s.scan("BADGE-1001")
    s.wait_button("OK")
    s.enter_pin("1111")
    s.wait_path("/pick")
    s.wait_text("Hello, Anna Kowalska")
    s.wait_text("Picker · Kiosk")
    s.tap("Log out")
    s.wait_path("/login")
    s.wait_text("Scan your badge.")


def test_a_wrong_pin_shows_the_attempts_left(open_station):
    s = open_station("/login")
    s.scan("BADGE-1006")
    s.wait_button("OK")
    s.enter_pin("0000")
    s.wait_text("Badge or PIN not recognised. 4 more tries before this badge locks.")
    assert s.path == "/login"


def test_a_picker_typing_the_board_url_lands_on_pick_with_the_message(open_station):
    s = open_station("/login")
    s.log_in("1001", "1111", home="/pick")
    s.type_url("/board")    # typed into the address bar: a full page load
    s.wait_path("/pick")
    s.wait_text("Board is not for a picker. This is your screen.")
    s.wait_text("Hello, Anna Kowalska")


def test_fifty_badge_codes_at_0_ms_a_key_arrive_once_each_in_order(open_station):
    s = open_station("/login", kind="desktop")
    s.log_in("1004", "4444", home="/board")
    s.tap("Scanner test")
    s.wait_path("/scanner-test")
    s.wait_text("Nothing scanned yet")
    codes = [f"BADGE-{7000 + i}" for i in range(50)]
    started = time.perf_counter()
    for code in codes:
        s.scan(code)
    s.wait_text("50 received · 50 different", timeout=20)
    elapsed = time.perf_counter() - started
    log = s.page.locator("flt-semantics-host").get_by_text("BADGE-7000").last.text_content()
    rows = re.findall(r"(\d+)\s+(BADGE-\d+)\s+badge\s+(\w+)", log)   # newest first
    assert [(n, code) for n, code, _source in rows] == [(str(i + 1), code)
                                                       for i, code in reversed(list(enumerate(codes)))]
    # scanner vs typing is judged by the key gaps the server saw; on a loaded machine Playwright
    # itself may type slower than a scanner, so the split is reported, not asserted (tests/ui does)
    sources = Counter(source for _n, _code, source in rows)
    print(f"\n50 scans typed and shown in {elapsed:.2f} s; sources: {dict(sources)}")

    enter = s.scan("LOC-A-01-01")   # one more: from Enter to the code on screen
    s.wait_text("51 received · 51 different")
    print(f"Enter to screen update: {(time.perf_counter() - enter) * 1000:.0f} ms")


def test_a_new_tab_in_the_same_browser_is_the_same_station(open_station):
    s = open_station("/login", kind="kiosk")
    name = s.text("Kiosk ").first.inner_text().split(" · ")[0]
    other = s.page.context.new_page()       # same browser, same local storage, a new Flet session
    again = Station(other, s.base_url).open("/login", kind="kiosk")
    again.wait_text(f"{name} · Log in", exact=True)
