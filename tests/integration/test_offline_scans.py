"""Scans a tablet kept while offline: kept once by their key, in the tablet's order, settled with what they did."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app.domain.errors import InvalidInput
from app.services import offline_scans, stations
from app.services.offline_scans import HandedOver


def kept(seq: int, code: str, user_id=None, key: str | None = None) -> HandedOver:
    return HandedOver(key or uuid.uuid4().hex, seq, code, datetime.now(UTC) - timedelta(seconds=30 - seq),
                      "/pick/task", user_id)


def test_a_batch_handed_over_twice_is_kept_once_in_the_tablets_order(site, floor):
    station = stations.register(floor.uow(), "tablet-offline-01", "tablet")
    picker = site.users["picker"].user_id
    batch = [kept(3, "LOC-W1-A-3", picker), kept(1, "TOTE-1", picker), kept(2, "TOTE-2", picker)]
    assert offline_scans.keep(floor.uow(), station.id, batch) == 3
    assert offline_scans.keep(floor.uow(), station.id, [*batch, kept(4, "LOC-W1-A-4", picker)]) == 1
    waiting = offline_scans.waiting(floor.uow(), station.id)
    assert [w.code for w in waiting] == ["TOTE-1", "TOTE-2", "LOC-W1-A-3", "LOC-W1-A-4"]
    assert {w.user_id for w in waiting} == {picker}
    offline_scans.settle(floor.uow(), waiting[0].key, "applied")
    offline_scans.settle(floor.uow(), waiting[1].key, "refused", "Wrong tote.")
    assert [w.code for w in offline_scans.waiting(floor.uow(), station.id)] == ["LOC-W1-A-3", "LOC-W1-A-4"]
    assert offline_scans.counts(floor.uow(), station.id) == {"applied": 1, "refused": 1, "waiting": 2}


def test_a_malformed_key_or_code_is_refused_and_nothing_is_kept(site, floor):
    station = stations.register(floor.uow(), "tablet-offline-02", "tablet")
    with pytest.raises(InvalidInput, match="key is malformed"):
        offline_scans.keep(floor.uow(), station.id, [kept(1, "TOTE-1"), kept(2, "TOTE-2", key="not-a-key")])
    with pytest.raises(InvalidInput, match="not a code"):
        offline_scans.keep(floor.uow(), station.id, [kept(1, "TOTE\n1")])
    assert offline_scans.waiting(floor.uow(), station.id) == []


def test_a_person_the_site_does_not_know_is_not_trusted(site, floor):
    station = stations.register(floor.uow(), "tablet-offline-03", "tablet")
    offline_scans.keep(floor.uow(), station.id, [kept(1, "TOTE-1", user_id=999_999)])
    assert [w.user_id for w in offline_scans.waiting(floor.uow(), station.id)] == [None]


@pytest.mark.db("sqlite")
def test_the_hand_over_waits_for_the_stations_session(site, floor):
    from fastapi.testclient import TestClient

    from app.server import create_app
    with TestClient(create_app(floor)) as client:
        answer = client.post("/station/offline-scans", json={
            "client_id": "tablet-nobody-01", "scans": [{"key": uuid.uuid4().hex, "seq": 1, "code": "TOTE-1",
                                                       "at": datetime.now(UTC).isoformat()}]})
    assert answer.status_code == 409 and answer.json()["error"] == "station_not_connected"
