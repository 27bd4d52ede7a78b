"""The network screens in-process: the supervisor's network stock (every warehouse, days of cover, what is
trending now) and the admin's peers (add a site, its token for this site shown once)."""

from __future__ import annotations

import pytest

from app.services import peers
from tests.support.factories import SYSTEM, build_site
from tests.support.flet_harness import log_in
from tests.ui.test_stock_screens import fill, goto, sent


@pytest.fixture
def site(ui_floor):
    return build_site(ui_floor)


def test_the_network_stock_shows_every_warehouse_and_what_is_trending(open_station, site, ui_floor):
    site.receive("S1", "S1-P1", "W1-A-1", 3)
    site.receive("S1", "S1-P1", "W2-A-1", 40)
    for i in range(6):
        site.order("S1", f"VIRAL-{i}", [("S1-P1", 2)])    # 12 in the last hours, nothing before: trending
    h = open_station()
    log_in(h, "1004", "4444", home="/board")
    goto(h, "/board/network")
    h.wait_for(lambda: sent(h, "network.trend.0"), what="the trending chip")
    assert h.text_of("network.trend.0") == "S1-P1 at W1: 48/day now, new"
    texts = h.texts()
    assert "W2" in texts and "40" in texts and "Days of cover" in texts


def test_an_admin_adds_a_peer_and_sees_its_token_once(open_station, site, ui_floor):
    h = open_station()
    log_in(h, "1005", "9999", home="/admin")
    goto(h, "/admin/peers")
    h.wait_for(lambda: sent(h, "peers.add"))
    fill(h, "peers.site", "pl2")
    fill(h, "peers.url", "https://floor.pl2.example")
    h.click("peers.add")
    h.wait_for(lambda: "Give PL2 this token" in (h.find("peers.new_token").value or ""), what="the token")
    token = h.find("peers.new_token").value.split("\n")[1]
    assert peers.authenticate(ui_floor.uow(), token).name == "PL2"
    h.wait_for(lambda: "https://floor.pl2.example" in h.texts(), what="the peer in the table")
    assert [p.code for p in peers.listing(ui_floor.uow(), SYSTEM)] == ["PL2"]
