"""MT-SICS answers of a bench scale read into grams, or told apart into what the packer should do."""

from __future__ import annotations

import pytest

from app.domain.scales import Address, ScaleProblem, grams_from_reply, parse_address


@pytest.mark.parametrize("line, grams", [
    ("S S      1.234 kg", 1234), ("S S     850 g", 850), ("S S   2.5 lb\r\n", 1134), ("S S  12.0 oz", 340),
    ("S S 0.0015 kg", 2),
])
def test_a_stable_weight_in_any_unit_is_whole_grams(line, grams):
    assert grams_from_reply(line) == grams


@pytest.mark.parametrize("line, says", [
    ("S I", "not steady"), ("S +", "Too heavy"), ("S -", "below zero"), ("ES", "does not understand"),
    ("", "does not understand"), ("S S   0.000 kg", "put the box on it"), ("S S  3 ct", "set it to grams"),
    ("S S  -0.020 kg", "put the box on it"),
])
def test_anything_else_says_what_to_do(line, says):
    with pytest.raises(ScaleProblem, match=says):
        grams_from_reply(line)


def test_an_address_is_host_and_port():
    assert parse_address(" 10.0.4.21:4001 ") == Address("10.0.4.21", 4001)
    assert parse_address("scale-bench-3.site:8000") == Address("scale-bench-3.site", 8000)
    assert parse_address("[fe80::1]:4001") == Address("fe80::1", 4001)
    for bad in ("10.0.4.21", "10.0.4.21:0", "10.0.4.21:70000", "http://x:80", "a b:1", ":4001", ""):
        with pytest.raises(ValueError):
            parse_address(bad)
