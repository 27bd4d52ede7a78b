"""Which URLs a seller's webhook may use, and the retry timing: pure rules, no network."""

from __future__ import annotations

import ipaddress
import random

import pytest

from app.domain.webhooks import RetryPolicy, UrlPolicy, UrlRefused, check_address, check_url

SITE = UrlPolicy(http_hosts=frozenset({"relay.site.lan", "10.0.0.5"}), printer_hosts=frozenset({"192.168.7.20",
                                                                                                "zebra-3.lan"}))


@pytest.mark.parametrize("url, why", [
    ("http://[::1", "not a valid URL"),
    ("https://[::1]/hook", "loopback"),
    ("https://127.0.0.1/hook", "loopback"),
    ("https://127.9.9.9:8443/hook", "loopback"),
    ("https://[::ffff:127.0.0.1]/hook", "loopback"),
    ("https://localhost/hook", "this server"),
    ("https://api.localhost/hook", "this server"),
    ("https://169.254.169.254/latest/meta-data", "link-local"),
    ("https://[fe80::1]/hook", "link-local"),
    ("https://0.0.0.0/hook", "own address"),
    ("https://192.168.7.20/hook", "printers"),
    ("https://zebra-3.lan/hook", "printers"),
    ("https://shop.example:9100/hook", "printer's port"),
    ("https://shop.example:631/hook", "printer's port"),
    ("https://192.168.1.10/hook", "private network"),
    ("http://shop.example/hook", "https"),
    ("ftp://shop.example/hook", "https"),
    ("https://user:secret@shop.example/hook", "user name"),
    ("https://shop.example/hook#frag", "fragment"),
    ("https:///nohost", "no host"),
    ("https://shop example/hook", "spaces"),
    ("", "absolute"),
])
def test_a_url_the_site_must_not_post_to_is_refused_with_the_reason(url, why):
    with pytest.raises(UrlRefused, match=why):
        check_url(url, SITE)


@pytest.mark.parametrize("url", ["https://shop.example.com/floor-events", "https://shop.example:8443/x?y=1",
                                 "http://relay.site.lan/hook", "https://10.0.0.5/hook", "http://10.0.0.5:8080/hook",
                                 "https://[2001:db8::1]/hook".replace("2001:db8::1", "2606:4700::1111")])
def test_https_anywhere_public_and_http_to_an_admin_allowed_host_are_accepted(url):
    scheme, host, port = check_url(url, SITE)
    assert scheme in ("http", "https") and host and port


def test_a_name_that_resolves_to_loopback_or_a_lan_address_is_refused_at_delivery():
    for address in ("127.0.0.1", "::1", "169.254.1.1", "10.1.2.3", "192.168.7.20"):
        with pytest.raises(UrlRefused):
            check_address(ipaddress.ip_address(address), SITE)
    check_address(ipaddress.ip_address("10.1.2.3"), SITE, admin_allowed=True)
    check_address(ipaddress.ip_address("93.184.216.34"), SITE)


def test_only_tests_may_post_to_loopback():
    check_url("http://127.0.0.1:9999/hook", UrlPolicy(http_hosts=frozenset({"127.0.0.1"}), allow_loopback=True))
    with pytest.raises(UrlRefused, match="loopback"):
        check_url("http://127.0.0.1:9999/hook", UrlPolicy(http_hosts=frozenset({"127.0.0.1"})))


def test_retries_back_off_with_jitter_up_to_a_cap():
    policy, rng = RetryPolicy(base_seconds=5, cap_seconds=3600, max_attempts=16), random.Random(7)
    delays = [policy.delay(n, rng) for n in range(1, 17)]
    assert 2.5 <= delays[0] <= 5 and 5 <= delays[1] <= 10
    assert all(1800 <= d <= 3600 for d in delays[10:])          # capped at an hour, jittered below it
    assert len({round(policy.delay(4, rng), 3) for _ in range(20)}) > 10   # jitter: not all at once
    total_hours = sum(policy.delay(n, random.Random(n)) for n in range(1, 16)) / 3600
    assert 3 < total_hours < 12                                  # a receiver down for hours still hears
