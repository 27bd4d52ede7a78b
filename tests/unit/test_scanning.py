"""The scan classifier: every scan field relies on it, so it must know real codes and survive junk."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.scanning import GS, KINDS, MAX_LENGTH, ScannedCode, classify


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("LOC-A-01-02", "location", "A-01-02"),
    ("loc-a-01-02", "location", "A-01-02"),
    ("TOTE-0042", "tote", "0042"),
    ("PKG-77", "package", "77"),
    ("RMA-2024-0001", "rma", "2024-0001"),
    ("BADGE-1001", "badge", "1001"),
    ("ORD-1234", "order", "1234"),
    ("CNT-9", "count", "9"),
    ("TRF-12", "transfer", "12"),
    ("INB-3", "inbound", "3"),
    ("  LOC-B-02\r\n", "location", "B-02"),
])
def test_our_prefixed_codes_are_told_apart_by_prefix(text, kind, value):
    code = classify(text)
    assert (code.kind, code.value, code.ok) == (kind, value, True)


def test_a_prefix_without_a_number_is_refused_with_a_reason():
    code = classify("LOC-")
    assert code.kind == "invalid" and "LOC-" in code.message


@pytest.mark.parametrize(("text", "gtin14"), [
    ("4006381333931", "04006381333931"),   # EAN-13
    ("036000291452", "00036000291452"),    # UPC-A
    ("96385074", "00000096385074"),        # GTIN-8
    ("10614141000415", "10614141000415"),  # GTIN-14
])
def test_gtins_with_a_right_check_digit_are_normalised_to_gtin14(text, gtin14):
    code = classify(text)
    assert (code.kind, code.value, code.gtin) == ("gtin", text, gtin14)


def test_a_gtin_with_a_wrong_check_digit_is_refused_naming_the_right_digit():
    code = classify("4006381333932")
    assert code.kind == "invalid" and not code.ok
    assert "should be 1" in code.message


def test_a_bare_sscc_is_a_package_and_a_wrong_one_names_its_check_digit():
    assert classify("340123450000000017") == ScannedCode(
        "package", "340123450000000017", value="340123450000000017", sscc="340123450000000017")
    assert "should be 7" in classify("340123450000000016").message


def test_gs1_128_with_symbology_prefix_and_gs_separators_exposes_every_field():
    code = classify("]C1" + "0104006381333931" + "10LOT-7A" + GS + "17260630" + "21SN123" + GS + "3103001250")
    assert code.kind == "gs1"
    assert code.gtin == "04006381333931"
    assert (code.lot, code.expiry, code.serial) == ("LOT-7A", date(2026, 6, 30), "SN123")
    assert code.net_weight_kg == Decimal("1.250")


def test_gs1_128_without_separators_reads_fixed_length_fields_before_a_trailing_variable_one():
    code = classify("0104006381333931" + "17251231" + "3700000024" + "10ABC")
    assert code.kind == "gs1"
    assert (code.gtin, code.expiry, code.count, code.lot) == ("04006381333931", date(2025, 12, 31), 24, "ABC")


def test_an_sscc_in_gs1_00_is_a_package():
    code = classify("]C1" + "00340123450000000017")
    assert (code.kind, code.sscc) == ("package", "340123450000000017")


def test_a_gs1_gtin_with_a_wrong_check_digit_is_refused():
    code = classify("]C1" + "0104012345678904" + "10ABC")
    assert code.kind == "invalid" and "should be 1" in code.message


@pytest.mark.parametrize("text", ["hello world", "", "   ", "12345", "]X9abc", "10ABC",
                                  "x" * (MAX_LENGTH + 1), "LOC-\u00e9", "\x00\x01", "ORD-1\x07"])
def test_anything_else_is_not_a_code_we_know_with_a_message(text):
    code = classify(text)
    assert code.kind == "unknown" and code.message and not code.ok


def test_input_is_limited_before_parsing():
    code = classify("0" * 10_000)
    assert code.kind == "unknown" and len(code.raw) <= MAX_LENGTH


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=200),
                 st.text(alphabet="0123456789" + GS + "]C1-LOCABD", max_size=60),
                 st.from_regex(r"\A(\]C1)?(0[012]\d{14,16}|1[07]\d{6}|10[A-Z0-9]{1,20}\x1d?|21\w{1,20})+\Z")))
def test_any_text_becomes_a_scanned_code_never_an_exception(text):
    code = classify(text)
    assert isinstance(code, ScannedCode)
    assert code.kind in KINDS
    assert code.ok or code.message


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=80))
def test_non_text_input_is_refused_calmly(data):
    assert classify(data).kind == "unknown"


def test_a_scanner_typing_gs_as_ctrl_bracket_keeps_the_gs1_field_separator():
    from app.ui.scan.wedge import GS, KeyBuffer

    buf = KeyBuffer()
    t = 0.0
    code = "0104006381333931" + "10ABC"
    for ch in code[:16]:
        buf.feed(ch, t)
        t += 0.002
    for ch in "10AB":
        buf.feed(ch, t)
        t += 0.002
    buf.feed("]", t, modifier=True)
    for ch in "21X9":
        buf.feed(ch, t)
        t += 0.002
    typed = buf.feed("Enter", t)
    assert typed.text == "010400638133393110AB" + GS + "21X9"
    from app.domain.scanning import classify

    scanned = classify(typed.text)
    assert scanned.lot == "AB" and scanned.serial == "X9"
