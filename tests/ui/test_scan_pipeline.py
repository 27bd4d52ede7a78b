"""The scan pipeline: scanner bursts at 0 ms a key come out whole and in order; the manual field
never doubles a code; a failed scan is retried with the same key."""

import pytest

from app.domain.errors import OutOfStock
from app.ui.scan.pipeline import RECORDED, ScanPipeline
from app.ui.scan.wedge import KeyBuffer
from tests.support.aio import run_apart
from tests.support.flet_harness import log_in, message


@pytest.fixture
def scanner_test(open_station):
    h = open_station("/login?station=tablet")
    log_in(h, "1004", "4444", home="/board")
    h.click("home.action.scanner-test")
    h.wait_for(lambda: h.path == "/scanner-test")
    return h


def received(h):
    return [(s.code, s.source) for s in h.page.data.screen.received]


def test_fifty_codes_typed_back_to_back_at_0_ms_arrive_whole_once_each_in_order(scanner_test):
    h = scanner_test
    codes = [f"BADGE-{9000 + i}" for i in range(50)]
    for code in codes:
        h.type(code, delay=0.0)
    h.wait_for(lambda: len(received(h)) >= 50)
    h.settle(0.05)
    assert received(h) == [(c, "scanner") for c in codes]
    assert h.text_of("scantest.count") == "50 received · 50 different"
    keys = {s.key for s in h.page.data.screen.received}
    assert len(keys) == 50   # each scan its own command key


def test_codes_typed_without_yielding_between_keys_still_arrive_in_order(scanner_test):
    h = scanner_test
    codes = ["LOC-A-01-01", "TOTE-0042", "4006381333931", "RMA-77"]
    for code in codes:   # every key queued as its own task before any runs: the worst interleaving
        for char in code:
            h.key(char, settle=False)
        h.key("Enter", settle=False)
    h.wait_for(lambda: len(received(h)) == 4)
    assert [c for c, _ in received(h)] == codes
    assert [s.kind for s in h.page.data.screen.received] == ["location", "tote", "gtin", "rma"]


def test_the_manual_field_enters_a_code_once_even_though_the_page_hears_its_keys(scanner_test):
    h = scanner_test
    field = h.find("scan.manual")
    h.event(field, "focus")
    for char in "TOTE-7":          # the browser reports these keys to the page too
        h.key(char, settle=False)
    h.key("Enter", settle=False)
    h.session.apply_patch(field._i, {"value": "tote-7"})
    h.event(field, "submit", settle=False)
    h.event(field, "blur")
    h.wait_for(lambda: len(received(h)) == 1)
    h.settle(0.05)
    assert received(h) == [("TOTE-7", "keyboard")]
    h.type("TOTE-8")               # focus gone: the scanner listener has the keys again
    h.wait_for(lambda: len(received(h)) == 2)
    assert received(h)[-1] == ("TOTE-8", "scanner")


def test_a_typed_code_is_told_from_a_scanner_burst_by_its_timing(scanner_test):
    h = scanner_test
    h.type("LOC-B-02", delay=0.09)
    h.wait_for(lambda: len(received(h)) == 1)
    assert received(h) == [("LOC-B-02", "keyboard")]


def test_a_refused_scan_flashes_red_with_the_reason(scanner_test):
    h = scanner_test
    h.type("4006381333932")
    h.wait_for(lambda: "check digit" in message(h))
    assert message(h) == "GTIN 4006381333932 is misread or wrong: its check digit should be 1."
    assert h.find("feedback.flash").bgcolor == "#B00020"
    h.wait_for(lambda: h.played[-1:] == ["sounds/error.wav"])


def test_a_failed_scan_is_retried_with_the_same_key(scanner_test):
    h = scanner_test
    screen = h.page.data.screen
    calls = []

    async def flaky(scan):
        calls.append((scan.key, scan.attempt))
        if len(calls) == 1:
            raise ConnectionError("database went away")
    h.page.data.scans.handler = flaky
    h.type("LOC-C-03")
    h.wait_for(lambda: h.has("feedback.retry"))
    assert message(h) == "That scan was not saved. Press Retry, or scan it again."
    h.click("feedback.retry")
    h.wait_for(lambda: len(calls) == 2)
    assert calls[0][0] == calls[1][0] and [a for _, a in calls] == [1, 2]
    assert screen is h.page.data.screen


def test_a_refusal_is_not_offered_for_retry():
    async def run():
        errors = []
        pipeline = ScanPipeline(on_error=lambda msg, retry: errors.append((msg, retry)))

        async def refuse(scan):
            raise OutOfStock("Bin LOC-A is empty.")
        pipeline.handler = refuse
        pipeline.start()
        pipeline.submit("LOC-A")
        await pipeline.idle()
        pipeline.stop()
        return errors, pipeline.retry()
    errors, retried = run_apart(run())
    assert errors == [("Bin LOC-A is empty.", False)] and retried is False


def test_key_buffer_keeps_a_burst_and_drops_stray_keys_typed_long_before_it():
    buf = KeyBuffer()
    buf.feed("X", 0.0)                       # someone leaned on the keyboard
    for i, ch in enumerate("LOC-A1"):        # then a scan 2 s later
        buf.feed(ch, 2.0 + i * 0.004)
    typed = buf.feed("Enter", 2.03)
    assert (typed.text, typed.source, typed.dropped) == ("LOC-A1", "scanner", "X")


def test_a_server_stall_inside_a_scan_keeps_its_first_key():
    buf = KeyBuffer()
    buf.feed("B", 0.0)                        # the scanner's first key, then the server stalls 0.8 s
    for i, ch in enumerate("ADGE-1004"):
        buf.feed(ch, 0.8 + i * 0.002)
    typed = buf.feed("Enter", 0.83)
    assert (typed.text, typed.dropped) == ("BADGE-1004", "")   # "ADGE-1004" is no code; "BADGE-1004" is


def test_key_buffer_ignores_shortcuts_and_edits_with_backspace():
    buf = KeyBuffer()
    for key in ("A", "B", "Backspace", "C"):
        buf.feed(key, 0.0)
    buf.feed("V", 0.0, modifier=True)
    buf.feed("Shift", 0.0)
    assert buf.feed("Enter", 0.01).text == "AC"
    assert buf.feed("Enter", 0.02) is None   # Enter alone is no scan


def test_one_key_held_back_mid_burst_is_still_a_scanner():
    buf = KeyBuffer()
    times = [0.0, 0.004, 0.008, 0.45, 0.454, 0.458, 0.462, 0.466]   # the browser stalled once
    for ch, t in zip("BADGE-70", times):
        buf.feed(ch, t)
    assert buf.feed("Enter", 0.47).source == "scanner"


def test_a_scan_is_recorded_on_the_station_once_unless_its_service_already_did():
    async def run():
        recorded = []

        async def record(scan):
            recorded.append(scan.code)
        pipeline = ScanPipeline(on_error=lambda msg, retry: None, record=record)

        async def handler(scan):
            if scan.code == "SAVED-BY-SERVICE":
                return RECORDED
            if scan.code == "REFUSED":
                raise OutOfStock("Bin LOC-A is empty.")
            return None
        pipeline.handler = handler
        pipeline.start()
        for code in ("LOC-A", "SAVED-BY-SERVICE", "REFUSED"):
            pipeline.submit(code)
        await pipeline.idle()
        pipeline.stop()
        return recorded
    assert run_apart(run()) == ["LOC-A", "REFUSED"]
