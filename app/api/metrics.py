"""/metrics in Prometheus' text format (prometheus-client, not written by hand).

Three parts: what the server process counted as it worked (app/metrics.py: scans by result and their
duration, print and webhook failures), the process itself (memory, CPU, open files, garbage collection:
prometheus-client's own collectors), and gauges read from the database at each scrape (scans in the last
minute, print jobs and webhook events by state, queue depths, exceptions, stations), which are the same
from any server process. If the database does not answer, the page still answers with floor_database_up 0.
"""

from __future__ import annotations

import math
import time
from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select, text

from app.about import version
from app.api.deps import floor_of
from app.db.models import FloorException, PickEvent, PrintJob, Station, WebhookEvent
from app.db.models.printing import JOB_STATES

router = APIRouter(tags=["health"])
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
WEBHOOK_STATES = ("pending", "sending", "delivered", "failed")


def _gauge(name: str, help_: str, value: float | None = None, labels: tuple[str, ...] = (),
           samples: list[tuple[tuple[str, ...], float]] = ()) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, help_, value=value, labels=labels or None)
    for values, number in samples:
        family.add_metric(list(values), number)
    return family


class FloorFigures(Collector):
    """The database's figures, read once per scrape."""

    def __init__(self, floor) -> None:
        self.floor = floor

    def collect(self):
        floor = self.floor
        started = time.perf_counter()
        try:
            with floor.db.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()
            latency, up = time.perf_counter() - started, 1
        except Exception:  # reported as a number: a scrape must not fail because the database did
            latency, up, revision = math.nan, 0, None
        info = InfoMetricFamily("floor", "The server's version, database and schema revision.")
        info.add_metric([], {"version": version(), "database": floor.db.engine.dialect.name,
                             "revision": revision or ""})
        yield info
        yield _gauge("floor_database_up", "1 if the database answered SELECT 1.", up)
        yield _gauge("floor_database_latency_seconds", "Time for one SELECT 1 round trip.", latency)
        if up:
            yield from self._figures()

    def _figures(self):
        floor = self.floor
        now = floor.clock()
        minute_ago = now - timedelta(minutes=1)
        online_since = now - timedelta(seconds=floor.settings.station_offline_seconds)
        with floor.reader() as uow:
            s = uow.session
            scans = s.execute(select(func.count(PickEvent.id)).where(PickEvent.at >= minute_ago)).scalar_one()
            jobs = dict(s.execute(select(PrintJob.state, func.count(PrintJob.id)).group_by(PrintJob.state)).all())
            hooks = dict(s.execute(select(WebhookEvent.status, func.count(WebhookEvent.id))
                                   .group_by(WebhookEvent.status)).all())
            open_by_kind = dict(s.execute(select(FloorException.kind, func.count(FloorException.id)).where(
                FloorException.status == "open").group_by(FloorException.kind)).all())
            stations = s.execute(select(Station.name, Station.kind, Station.connected, Station.last_seen,
                                        Station.last_scan_at).order_by(Station.id)).all()
        online = [st for st in stations if st.connected and st.last_seen and st.last_seen >= online_since]
        scanned = [st for st in stations if st.last_scan_at is not None]
        yield _gauge("floor_scans_last_minute", "Pick scans confirmed in the last 60 seconds (pick events).", scans)
        yield _gauge("floor_stations_scanning", "Stations whose last scan was in the last 60 seconds.",
                     sum(1 for st in scanned if st.last_scan_at >= minute_ago))
        yield _gauge("floor_station_last_scan_age_seconds", "Seconds since each station's last scan.",
                     labels=("station", "kind"),
                     samples=[((st.name, st.kind), max(0.0, (now - st.last_scan_at).total_seconds()))
                              for st in scanned])
        yield _gauge("floor_print_jobs", "Print jobs by state; state=\"failed\" are print failures to look at.",
                     labels=("state",), samples=[((state,), jobs.get(state, 0)) for state in JOB_STATES])
        yield _gauge("floor_print_queue_depth", "Print jobs waiting to print (queued, or sent and not yet done).",
                     jobs.get("queued", 0) + jobs.get("sent", 0))
        yield _gauge("floor_webhook_events", "Webhook events to sellers by status.", labels=("status",),
                     samples=[((st,), hooks.get(st, 0)) for st in WEBHOOK_STATES])
        yield _gauge("floor_webhook_queue_depth", "Webhook events waiting to be delivered (pending or sending).",
                     hooks.get("pending", 0) + hooks.get("sending", 0))
        yield _gauge("floor_exceptions_open", "Open exceptions (short picks, weight holds, print failures, ...).",
                     sum(open_by_kind.values()))
        yield _gauge("floor_exceptions_open_by_kind", "Open exceptions by kind.", labels=("kind",),
                     samples=[((kind,), n) for kind, n in sorted(open_by_kind.items())])
        yield _gauge("floor_stations_online", "Stations connected with a heartbeat inside the offline timeout.",
                     len(online))
        yield _gauge("floor_stations_known", "Stations ever registered.", len(stations))


@router.get("/metrics", summary="Prometheus metrics: scans, print and webhook failures, queues, the process")
def metrics(request: Request) -> Response:
    per_scrape = CollectorRegistry(auto_describe=False)
    per_scrape.register(FloorFigures(floor_of(request)))
    body = generate_latest(REGISTRY) + generate_latest(per_scrape)
    return Response(body, media_type=CONTENT_TYPE)
