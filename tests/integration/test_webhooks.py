"""Sellers' webhooks against real receivers on this machine: subscriptions, Standard Webhooks signatures a
receiver verifies with the `standardwebhooks` library, secret rotation with an overlap, retries that end
failed on the supervisor's board and come back by Retry, a bad or slow receiver that holds up no other
seller, URLs checked when set and at delivery, and every event kind. Both databases."""

from __future__ import annotations

import hashlib
import hmac
import socket
import time
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from app.db.models import FloorException, Printer, Seller, WebhookEvent
from app.domain.webhooks import EVENTS
from app.server import create_app
from app.services import cancel, inbound, sellers, webhook_delivery, webhooks
from app.services.inbound import InboundLineIn
from tests.integration.test_orders_api import auth
from tests.support.factories import SYSTEM
from tests.support.flows import gtin_of, pack_and_ship, pick_all, release
from tests.support.webhook_receiver import Receiver, loopback_setup

FAST = loopback_setup(base_seconds=0.01, cap_seconds=0.05, max_attempts=3, timeout_seconds=1)


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def listen(floor, seller, url, events=tuple(EVENTS)) -> str:
    return sellers.configure_webhook(floor.uow(), SYSTEM, seller, url, policy=FAST.urls, events=events)


def due_now(floor) -> None:
    with floor.uow() as uow:
        uow.session.execute(update(WebhookEvent).values(next_attempt_at=uow.now() - timedelta(seconds=1)))
        uow.commit()


def events(floor, **where) -> list[WebhookEvent]:
    with floor.reader() as uow:
        q = select(WebhookEvent).order_by(WebhookEvent.id)
        for k, v in where.items():
            q = q.where(getattr(WebhookEvent, k) == v)
        found = list(uow.session.execute(q).scalars())
        uow.session.expunge_all()    # read after the session ends
        return found


def test_an_event_is_signed_per_standard_webhooks_and_verifies_with_the_library(site, floor, receiver):
    secret = listen(floor, "S1", receiver.url, ("order.cancelled",))
    assert secret.startswith("whsec_")
    order = site.order("S1", "SIG-1", [("S1-P1", 1)])
    cancel.cancel_order(floor.uow(), SYSTEM, order.id, reason="test")
    assert webhook_delivery.deliver_due(floor.uow, FAST) == 1
    (got,) = receiver.received
    h = {k.lower(): v for k, v in got["headers"].items()}
    payload = Webhook(secret).verify(got["raw"], h)
    assert payload["type"] == "order.cancelled" and payload["data"]["external_ref"] == "SIG-1"
    assert h["webhook-id"] == payload["id"] == f"order:{order.id}:cancelled"
    assert abs(int(h["webhook-timestamp"]) - time.time()) < 60
    legacy = "sha256=" + hmac.new(secret.encode(), got["raw"], hashlib.sha256).hexdigest()
    assert h["x-floor-signature"] == legacy
    with pytest.raises(WebhookVerificationError):              # a changed body does not verify
        Webhook(secret).verify(got["raw"].replace(b"SIG-1", b"SIG-2"), h)
    with pytest.raises(WebhookVerificationError):              # nor a replay an hour later
        Webhook(secret).verify(got["raw"], {**h, "webhook-timestamp": str(int(h["webhook-timestamp"]) - 3600)})


def test_a_seller_hears_only_the_events_it_subscribed_to(site, floor, receiver):
    listen(floor, "S1", receiver.url, ("order.shipped",))
    site.receive("S1", "S1-P1", "W1-A-3", 2)
    order = site.order("S1", "SUB-1", [("S1-P1", 1)])
    release(site)
    pick_all(site, totes=("TOTE-1101",))
    shipped = pack_and_ship(site, "TOTE-1101")
    assert [e.kind for e in events(floor)] == ["order.shipped"]      # not order.packed: not subscribed
    webhook_delivery.deliver_due(floor.uow, FAST)
    data = receiver.received[0]["body"]["data"]
    assert data["order_id"] == order.id and data["tracking_numbers"] == [shipped.tracking_number]
    assert data["packages"][0]["sscc"] == shipped.sscc


def test_every_order_inbound_and_return_event_is_written_once(site, floor):
    listen(floor, "S1", "https://shop.example/hooks")
    site.receive("S1", "S1-P1", "W1-A-3", 2)
    order = site.order("S1", "EV-1", [("S1-P1", 1)])
    release(site)
    pick_all(site, totes=("TOTE-1201",))
    pack_and_ship(site, "TOTE-1201")
    got = inbound.announce(floor.uow(), SYSTEM, "W1", "ASN-EV", [InboundLineIn("S1-P2", 2)], seller="S1")
    inbound.receive_item(floor.uow(), SYSTEM, got.id, gtin_of(site, "S1-P2"), quantity=1)
    inbound.receive_item(floor.uow(), SYSTEM, got.id, gtin_of(site, "S1-P2"), quantity=1)
    inbound.close(floor.uow(), SYSTEM, got.id)
    from app.services import return_units, returns
    rma = returns.authorise(floor.uow(), SYSTEM, order.id, [returns.LineRequest("S1-P1", 1)], "", key="rma-ev-x")
    return_units.receive(floor.uow(), site.actor("returns_clerk"), rma.id, gtin_of(site, "S1-P1"))
    kinds = [e.kind for e in events(floor)]
    assert kinds == ["order.packed", "order.shipped", "inbound.received", "inbound.closed", "return.received"]
    closed = next(e for e in events(floor) if e.kind == "inbound.closed")
    assert closed.payload["lines"][0]["received"] == 2


def test_stock_changes_are_one_coalesced_event_per_sku_and_warehouse(site, floor):
    setup = loopback_setup()
    setup = webhooks.WebhookSetup(urls=setup.urls, retry=setup.retry, stock_lag=timedelta(0))
    webhooks.feed_stock_changes(floor.uow(), setup)            # the feed starts here
    listen(floor, "S1", "https://shop.example/hooks", ("stock.changed",))
    site.receive("S1", "S1-P1", "W1-A-3", 5)
    site.receive("S1", "S1-P1", "W1-A-4", 2)
    site.receive("S1", "S1-P2", "W2-A-1", 1)
    site.receive("S2", "S2-P1", "W1-A-1", 9)                    # S2 does not listen
    assert webhooks.feed_stock_changes(floor.uow(), setup) == 2
    site.order("S1", "STK-1", [("S1-P1", 3)])
    release(site)                                               # reservations are not moves: no new rows
    site.receive("S1", "S1-P1", "W1-A-3", 1)
    assert webhooks.feed_stock_changes(floor.uow(), setup) == 1
    got = {(e.payload["sku"], e.payload["warehouse"]): e.payload for e in events(floor, kind="stock.changed")}
    assert set(got) == {("S1-P1", "W1"), ("S1-P2", "W2")}       # the two W1 receipts coalesced into one event
    assert (got[("S1-P1", "W1")]["on_hand"], got[("S1-P1", "W1")]["allocated"],
            got[("S1-P1", "W1")]["available"]) == (8, 3, 5)
    assert webhooks.feed_stock_changes(floor.uow(), setup) == 0


def test_rotating_the_secret_signs_with_both_until_the_overlap_ends(site, floor, receiver, client):
    old = listen(floor, "S1", receiver.url, ("order.cancelled",))
    r = client.post("/api/v1/webhook/rotate-secret", json={"overlap_seconds": 3600}, headers=auth(site))
    assert r.status_code == 200, r.text
    new = r.json()["secret"]
    assert new != old and r.json()["previous_secret_valid_until"]
    assert client.get("/api/v1/webhook", headers=auth(site)).json()["secret"] is None   # shown once only
    cancel.cancel_order(floor.uow(), SYSTEM, site.order("S1", "ROT-1", [("S1-P1", 1)]).id)
    webhook_delivery.deliver_due(floor.uow, FAST)
    got = receiver.received[-1]
    h = {k.lower(): v for k, v in got["headers"].items()}
    assert len(h["webhook-signature"].split(" ")) == 2
    Webhook(old).verify(got["raw"], h)                          # a receiver not yet updated still verifies
    Webhook(new).verify(got["raw"], h)
    with floor.uow() as uow:                                    # the overlap is over
        uow.session.execute(update(Seller).values(webhook_previous_until=uow.now() - timedelta(seconds=1)))
        uow.commit()
    cancel.cancel_order(floor.uow(), SYSTEM, site.order("S1", "ROT-2", [("S1-P1", 1)]).id)
    webhook_delivery.deliver_due(floor.uow, FAST)
    got = receiver.received[-1]
    h = {k.lower(): v for k, v in got["headers"].items()}
    Webhook(new).verify(got["raw"], h)
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(got["raw"], h)


@pytest.fixture
def client(site):
    with TestClient(create_app(site.floor), raise_server_exceptions=False) as c:
        yield c


def test_the_api_refuses_urls_into_the_site_and_accepts_https(site, floor, client):
    with floor.uow() as uow:
        uow.session.add(Printer(name="Zebra 3", kind="zpl", config={"host": "zebra-3.lan", "port": 9100}))
        uow.commit()
    for url in ("http://[::1", "https://127.0.0.1/x", "https://localhost/x", "http://shop.example/x",
                "https://zebra-3.lan/x", "https://shop.example:9100/x", "https://169.254.169.254/x",
                "https://192.168.1.10/hook"):
        r = client.put("/api/v1/webhook", json={"url": url}, headers=auth(site))
        assert r.status_code == 422 and "url" in r.json()["fields"], (url, r.text)
    r = client.put("/api/v1/webhook", json={"url": "https://shop.example/hooks", "events": ["order.shipped"]},
                   headers=auth(site))
    assert r.status_code == 200 and r.json()["secret"].startswith("whsec_") and r.json()["events"] == ["order.shipped"]
    again = client.put("/api/v1/webhook", json={"url": "https://shop.example/v2"}, headers=auth(site)).json()
    assert again["secret"] is None and set(again["events"]) == set(EVENTS)   # the secret stays, not re-shown
    assert client.put("/api/v1/webhook", json={"url": "https://shop.example/x", "events": ["order.lost"]},
                      headers=auth(site)).status_code == 422
    assert client.delete("/api/v1/webhook", headers=auth(site)).json()["url"] is None


def test_a_broken_url_fails_its_own_event_and_the_other_sellers_are_delivered(site, floor, receiver):
    listen(floor, "S1", receiver.url, ("order.cancelled",))
    listen(floor, "S2", receiver.url, ("order.cancelled",))
    with floor.uow() as uow:      # a URL from before the checks: the worker must survive it
        uow.session.execute(update(Seller).where(Seller.code == "S1").values(webhook_url="http://[::1"))
        uow.commit()
    cancel.cancel_order(floor.uow(), SYSTEM, site.order("S1", "BAD-1", [("S1-P1", 1)]).id)
    cancel.cancel_order(floor.uow(), SYSTEM, site.order("S2", "OK-1", [("S2-P1", 1)]).id)
    assert webhook_delivery.deliver_due(floor.uow, FAST) == 1
    assert [r["body"]["data"]["external_ref"] for r in receiver.received] == ["OK-1"]
    (bad,) = [e for e in events(floor) if e.payload["external_ref"] == "BAD-1"]
    assert bad.status == "pending" and "URL refused" in bad.last_error


def test_a_name_resolving_to_loopback_is_refused_at_delivery(site, floor, receiver):
    site_rules = webhooks.WebhookSetup()              # the production rules: no loopback
    sellers.configure_webhook(floor.uow(), SYSTEM, "S1", "https://shop.example/hooks", events=("order.cancelled",))
    cancel.cancel_order(floor.uow(), SYSTEM, site.order("S1", "DNS-1", [("S1-P1", 1)]).id)
    delivered = webhook_delivery.deliver_due(floor.uow, site_rules, resolver=lambda host, port: ["127.0.0.1"])
    assert delivered == 0 and receiver.tries == 0
    assert "loopback" in events(floor)[0].last_error


def test_retries_end_failed_on_the_supervisors_board_and_retry_delivers(site, floor):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]                    # nothing listens here
    listen(floor, "S1", f"http://127.0.0.1:{port}/down", ("order.cancelled",))
    cancel.cancel_order(floor.uow(), SYSTEM, site.order("S1", "FAIL-1", [("S1-P1", 1)]).id)
    for _ in range(3):
        due_now(floor)
        assert webhook_delivery.deliver_due(floor.uow, FAST) == 0
    (event,) = events(floor)
    assert (event.status, event.attempts) == ("failed", 3) and event.failed_at is not None
    with floor.reader() as uow:
        exc = uow.session.execute(select(FloorException).where(FloorException.kind == "webhook_failed")).scalar_one()
        uow.session.expunge(exc)
    assert "S1" in exc.message and exc.ref == event.event_id and exc.status == "open"
    assert webhooks.failed_event_of(floor.uow(), exc.id) == event.event_id
    due_now(floor)
    assert webhook_delivery.deliver_due(floor.uow, FAST) == 0      # failed stays failed until Retry
    up = Receiver()
    try:
        listen(floor, "S1", up.url, ("order.cancelled",))
        webhooks.retry(floor.uow(), site.actor("supervisor"), event.event_id)
        assert webhook_delivery.deliver_due(floor.uow, FAST) == 1
        assert len(up.received) == 1 and up.received[0]["headers"]["webhook-id"] == event.event_id
    finally:
        up.close()
    with floor.reader() as uow:
        assert uow.session.get(FloorException, exc.id).status == "resolved"


def test_a_hung_receiver_holds_up_no_other_sellers_events(site, floor):
    slow, quick = Receiver(delay=6), Receiver()
    patient = loopback_setup(base_seconds=0.01, cap_seconds=0.05, max_attempts=3, timeout_seconds=8)
    dispatcher = webhook_delivery.Dispatcher(floor.uow, patient, workers=4)
    try:
        listen(floor, "S1", slow.url, ("order.cancelled",))
        listen(floor, "S2", quick.url, ("order.cancelled",))
        for i in range(3):
            cancel.cancel_order(floor.uow(), SYSTEM, site.order("S1", f"SLOW-{i}", [("S1-P1", 1)]).id)
        dispatcher.tick()                                        # S1's first event is stuck in its POST
        for i in range(3):
            cancel.cancel_order(floor.uow(), SYSTEM, site.order("S2", f"FAST-{i}", [("S2-P1", 1)]).id)
        deadline = time.monotonic() + 5
        while len(quick.received) < 3 and time.monotonic() < deadline:
            dispatcher.tick()
            time.sleep(0.02)
        assert len(quick.received) == 3                          # all of S2's, one after the other ...
        assert slow.tries == 1 and slow.received == []           # ... while S1's first POST still hangs
    finally:
        dispatcher.close()
        slow.close()
        quick.close()
