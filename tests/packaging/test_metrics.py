"""/metrics: the figures a site's monitoring scrapes, in Prometheus text format, from the real app."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.bootstrap import Floor
from app.db.engine import Database
from app.db.models import PickEvent, Printer, PrintJob
from app.server import create_app
from app.services import exceptions, stations
from tests.conftest import FAST_PINS
from tests.support.factories import SYSTEM, build_site
from tests.support.flows import pick_all, release

LABEL = r'[a-z_]+="[^"\\]*(?:\\.[^"\\]*)*"'
SAMPLE = re.compile(rf'^(?P<name>[a-z_]+)(\{{(?P<labels>{LABEL}(,{LABEL})*)\}})? (?P<value>-?[0-9.e+-]+|NaN|\+Inf)$')


def scrape(floor: Floor) -> dict[str, float]:
    """GET /metrics through the whole app; every line must be valid exposition format."""
    reply = TestClient(create_app(floor)).get("/metrics")
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    samples, typed = {}, set()
    for line in reply.text.splitlines():
        if line.startswith("# TYPE "):
            typed.add(line.split()[2])
            continue
        if line.startswith("# HELP "):
            continue
        match = SAMPLE.match(line)
        assert match, f"not Prometheus text format: {line!r}"
        base = re.sub(r"_(total|bucket|count|sum|created|info)$", "", match["name"])
        assert {match["name"], base} & typed, f"{match['name']} has no # TYPE line before it"
        key = match["name"] + (f"{{{match['labels']}}}" if match["labels"] else "")
        samples[key] = float(match["value"])
    return samples


def test_metrics_count_scans_print_failures_exceptions_and_stations(floor):
    site = build_site(floor)
    site.receive("S1", "S1-P1", "W1-A-1", 10)
    site.order("S1", "SO-1", [("S1-P1", 2)])
    site.order("S1", "SO-2", [("S1-P1", 1)])
    release(site)
    pick_all(site)
    tablet = stations.register(floor.uow(), "tablet-client-0001", "tablet", name="Pick cart 3")
    stations.record_scan(floor.uow(), tablet.id, "LOC-W1-A-1")
    stations.register(floor.uow(), "kiosk-client-00002", "kiosk")
    with floor.uow() as uow:
        exceptions.open_exception(uow, SYSTEM, "short_pick", "Bin W1-A-2 was empty")
        printer = Printer(name="Pack 1 Zebra", kind="zpl", config={"host": "192.0.2.9", "port": 9100})
        uow.session.add(printer)
        uow.session.flush()
        for n, state in enumerate(("failed", "failed", "done")):
            uow.session.add(PrintJob(public_id=f"job-{n}", document="shipping_label",
                                     subject_type="package", subject_id=1, printer_id=printer.id, state=state,
                                     reason="connection refused" if state == "failed" else ""))
        uow.commit()
    with floor.reader() as uow:
        picks = uow.session.execute(select(func.count(PickEvent.id))).scalar_one()
    assert picks >= 2  # one per order line picked

    m = scrape(floor)

    assert m["floor_database_up"] == 1
    assert 0 < m["floor_database_latency_seconds"] < 1
    assert m["floor_scans_last_minute"] == picks
    assert m["floor_stations_scanning"] == 1
    assert 0 <= m['floor_station_last_scan_age_seconds{kind="tablet",station="Pick cart 3"}'] < 60
    assert m['floor_print_jobs{state="failed"}'] == 2
    assert m['floor_print_jobs{state="done"}'] == 1
    assert m['floor_print_jobs{state="queued"}'] == 0
    assert m["floor_exceptions_open"] == 1
    assert m['floor_exceptions_open_by_kind{kind="short_pick"}'] == 1
    assert m["floor_stations_online"] == 2 and m["floor_stations_known"] == 2
    assert any(k.startswith("floor_info{") and f'database="{floor.db.engine.dialect.name}"' in k for k in m)

    # two minutes on, without a heartbeat or a scan: nothing counts as recent any more
    later = replace(floor, clock=lambda: floor.clock() + timedelta(minutes=2))
    m = scrape(later)
    assert m["floor_scans_last_minute"] == 0
    assert m["floor_stations_scanning"] == 0 and m["floor_stations_online"] == 0
    assert m['floor_station_last_scan_age_seconds{kind="tablet",station="Pick cart 3"}'] >= 120


def test_metrics_still_answer_when_the_database_does_not(tmp_path, floor):
    gone = Database.connect(f"sqlite:///{tmp_path / 'no-such-folder' / 'floor.db'}")
    broken = Floor(settings=floor.settings, db=gone, login_policy=FAST_PINS)

    m = scrape(broken)

    assert m["floor_database_up"] == 0
    assert "floor_scans_last_minute" not in m
    gone.dispose()


def test_label_values_are_escaped(floor):
    tablet = stations.register(floor.uow(), "tablet-client-0003", "tablet", name='Dock "A"\\2')
    stations.record_scan(floor.uow(), tablet.id, "LOC-W1-A-1")
    m = scrape(floor)
    assert 'floor_station_last_scan_age_seconds{kind="tablet",station="Dock \\"A\\"\\\\2"}' in m


def test_scans_print_failures_webhook_failures_and_the_process_are_counted(floor):
    """Counters the server keeps as it works (prometheus-client), beside the database's gauges."""
    from app.metrics import PRINT_FAILURES, SCAN_SECONDS, SCANS

    before = scrape(floor)
    SCANS.labels("refused").inc()
    SCAN_SECONDS.observe(0.012)
    PRINT_FAILURES.labels("Pack 9 Zebra", "false").inc()
    m = scrape(floor)
    assert m['floor_scans_total{result="refused"}'] == before['floor_scans_total{result="refused"}'] + 1
    assert m['floor_scan_duration_seconds_bucket{le="0.025"}'] >= before.get(
        'floor_scan_duration_seconds_bucket{le="0.025"}', 0) + 1
    assert m['floor_print_failures_total{final="false",printer="Pack 9 Zebra"}'] >= 1
    assert m["process_resident_memory_bytes"] > 10_000_000
    assert m["floor_print_queue_depth"] == 0 and m["floor_webhook_queue_depth"] == 0
