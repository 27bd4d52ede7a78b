"""/metrics: what a site's monitoring scrapes, in Prometheus' text format (version 0.0.4).

Gauges only, read from the database at scrape time, so any number of server processes report the
same figures. If the database does not answer, the page still answers with floor_database_up 0.
"""

from __future__ import annotations

import math
import time
from datetime import timedelta
from importlib import metadata

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse
from sqlalchemy import func, select, text

from app.api.deps import floor_of
from app.db.models import FloorException, PickEvent, PrintJob, Station
from app.db.models.printing import JOB_STATES

router = APIRouter(tags=["health"])
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Exposition:
    """Builds the text page: one HELP/TYPE header per metric, then its samples."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def gauge(self, name: str, help_: str, samples: list[tuple[dict[str, str], float]] | float) -> None:
        self.lines += [f"# HELP {name} {help_}", f"# TYPE {name} gauge"]
        for labels, value in samples if isinstance(samples, list) else [({}, samples)]:
            inner = ",".join(f'{k}="{_escape(v)}"' for k, v in labels.items())
            self.lines.append(f"{name}{{{inner}}} {_number(value)}" if inner else f"{name} {_number(value)}")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _escape(value: str) -> str:
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _number(value: float) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    return repr(round(value, 6)) if isinstance(value, float) else str(int(value))


def _version() -> str:
    try:
        return metadata.version("floor")
    except metadata.PackageNotFoundError:
        return "unknown"


@router.get("/metrics", summary="Prometheus metrics: scans, print failures, exceptions, stations, database")
def metrics(request: Request) -> PlainTextResponse:
    floor = floor_of(request)
    page = Exposition()
    started = time.perf_counter()
    try:
        with floor.db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()
        latency, up = time.perf_counter() - started, 1
    except Exception:  # reported as a number: a scrape must not fail because the database did
        latency, up, revision = math.nan, 0, None
    page.gauge("floor_info", "The server's version, database and schema revision (always 1).",
               [({"version": _version(), "database": floor.db.engine.dialect.name,
                  "revision": revision or ""}, 1)])
    page.gauge("floor_database_up", "1 if the database answered SELECT 1.", up)
    page.gauge("floor_database_latency_seconds", "Time for one SELECT 1 round trip.", latency)
    if up:
        _floor_figures(floor, page)
    return PlainTextResponse(page.text(), media_type=CONTENT_TYPE)


def _floor_figures(floor, page: Exposition) -> None:
    now = floor.clock()
    minute_ago = now - timedelta(minutes=1)
    online_since = now - timedelta(seconds=floor.settings.station_offline_seconds)
    with floor.reader() as uow:
        s = uow.session
        scans = s.execute(select(func.count(PickEvent.id)).where(PickEvent.at >= minute_ago)).scalar_one()
        jobs = dict(s.execute(select(PrintJob.state, func.count(PrintJob.id)).group_by(PrintJob.state)).all())
        open_by_kind = dict(s.execute(select(FloorException.kind, func.count(FloorException.id)).where(
            FloorException.status == "open").group_by(FloorException.kind)).all())
        stations = s.execute(select(Station.name, Station.kind, Station.connected, Station.last_seen,
                                    Station.last_scan_at).order_by(Station.id)).all()
    online = [st for st in stations if st.connected and st.last_seen and st.last_seen >= online_since]
    scanned = [st for st in stations if st.last_scan_at is not None]
    page.gauge("floor_scans_last_minute", "Pick scans confirmed in the last 60 seconds (pick events).", scans)
    page.gauge("floor_stations_scanning", "Stations whose last scan was in the last 60 seconds.",
               sum(1 for st in scanned if st.last_scan_at >= minute_ago))
    page.gauge("floor_station_last_scan_age_seconds", "Seconds since each station's last scan.",
               [({"station": st.name, "kind": st.kind}, max(0.0, (now - st.last_scan_at).total_seconds()))
                for st in scanned])
    page.gauge("floor_print_jobs", "Print jobs by state; state=\"failed\" are print failures to look at.",
               [({"state": state}, jobs.get(state, 0)) for state in JOB_STATES])
    page.gauge("floor_exceptions_open", "Open exceptions (short picks, weight holds, print failures, ...).",
               sum(open_by_kind.values()))
    page.gauge("floor_exceptions_open_by_kind", "Open exceptions by kind.",
               [({"kind": kind}, n) for kind, n in sorted(open_by_kind.items())])
    page.gauge("floor_stations_online", "Stations connected with a heartbeat inside the offline timeout.",
               len(online))
    page.gauge("floor_stations_known", "Stations ever registered.", len(stations))
