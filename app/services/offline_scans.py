"""Scans a tablet took while its link to the server was down (assets/station.js kept them in the browser).

They are handed over when the link is back and kept here, in the tablet's order, until the session of
the person who scanned them takes them through its scan pipeline: at once when that session is live, or
when that person logs in again on that station (the server restarted meanwhile). Each keeps the key the
tablet gave it: the pick, pack or ship command it becomes is idempotent by that key, so a scan handed
over twice, or taken again after a crash, is applied once. What each did is written back (applied,
refused and why) for review.

A station proves itself by its client id only, as its websocket does; the person a scan names is not
trusted either: a scan is applied only inside that person's own signed-in session on that station.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from app.db.models import OfflineScan, User
from app.db.uow import UnitOfWork
from app.domain.errors import InvalidInput
from app.domain.roles import Actor
from app.i18n import _
from app.services.commands import audit

_KEY = re.compile(r"^[0-9a-f]{32}$")
MAX_BATCH = 500
SETTLED = ("applied", "refused", "failed")


@dataclass(frozen=True)
class HandedOver:
    """One scan as the tablet kept it."""

    key: str
    seq: int
    code: str
    at: datetime
    path: str = ""
    user_id: int | None = None


@dataclass(frozen=True)
class WaitingScan:
    key: str
    code: str
    path: str
    scanned_at: datetime
    user_id: int | None


def keep(uow: UnitOfWork, station_id: int, scans: list[HandedOver]) -> int:
    """Keep what a tablet hands over (a key kept before is skipped); how many were new."""
    if len(scans) > MAX_BATCH:
        raise InvalidInput(_("Too many scans at once (at most {n}).", n=MAX_BATCH), {"scans": f"<= {MAX_BATCH}"})
    for scan in scans:
        if not _KEY.match(scan.key or ""):
            raise InvalidInput(_("A kept scan's key is malformed."), {"key": "32 hex digits"})
        if not scan.code or len(scan.code) > 200 or not scan.code.isprintable():
            raise InvalidInput(_("A kept scan is empty or not a code."), {"code": "1-200 printable characters"})
    with uow:
        now = uow.now()
        keys = [s.key for s in scans]
        known = set(uow.session.execute(select(OfflineScan.key).where(OfflineScan.key.in_(keys))).scalars()) \
            if keys else set()
        people = {s.user_id for s in scans if s.user_id is not None}
        real = set(uow.session.execute(select(User.id).where(User.id.in_(people))).scalars()) if people else set()
        new = [s for s in scans if s.key not in known]
        for scan in new:
            at = scan.at if scan.at.tzinfo is not None else scan.at.replace(tzinfo=now.tzinfo)
            uow.session.add(OfflineScan(
                key=scan.key, station_id=station_id, user_id=scan.user_id if scan.user_id in real else None,
                seq=scan.seq, code=scan.code, path=(scan.path or "")[:80], scanned_at=min(at, now),
                received_at=now, state="waiting", outcome=""))
        if new:
            audit(uow, Actor.system("station"), "offline.kept", "station", station_id, {"scans": len(new)})
        uow.commit()
        return len(new)


def waiting(uow: UnitOfWork, station_id: int) -> list[WaitingScan]:
    """The station's scans not applied yet, in the tablet's order."""
    with uow.reading() as uow:
        rows = uow.session.execute(select(OfflineScan).where(
            OfflineScan.station_id == station_id, OfflineScan.state == "waiting")
            .order_by(OfflineScan.seq, OfflineScan.scanned_at)).scalars()
        return [WaitingScan(r.key, r.code, r.path, r.scanned_at, r.user_id) for r in rows]


def settle(uow: UnitOfWork, key: str, state: str, outcome: str = "") -> None:
    """What a kept scan did once the pipeline took it: applied, refused (and why), failed."""
    if state not in SETTLED:
        raise InvalidInput(_("Unknown state {state}.", state=repr(state)), {"state": ", ".join(SETTLED)})
    with uow:
        uow.session.execute(update(OfflineScan).where(OfflineScan.key == key)
                            .values(state=state, outcome=(outcome or "")[:300]))
        uow.commit()


def counts(uow: UnitOfWork, station_id: int) -> dict[str, int]:
    """How many of the station's kept scans are in each state."""
    with uow.reading() as uow:
        return dict(uow.session.execute(select(OfflineScan.state, func.count()).where(
            OfflineScan.station_id == station_id).group_by(OfflineScan.state)).all())
