"""Stations: every browser session registers as one and keeps a heartbeat the board can read."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import object_session

from app.db.models import Printer, Station, Warehouse
from app.db.uow import UnitOfWork
from app.domain.errors import InvalidInput, NotFound
from app.domain.languages import checked as checked_language
from app.domain.roles import Actor, Permission
from app.domain.scales import parse_address
from app.i18n import _
from app.services.commands import audit

_CLIENT_ID = re.compile(r"^[A-Za-z0-9_\-]{8,64}$")
KINDS = ("tablet", "kiosk", "desktop", "printer")
SHARED_KINDS = ("tablet", "kiosk")   # shared devices: idle log-out applies
BROWSER_KINDS = ("tablet", "kiosk", "desktop")   # what Station setup may set


@dataclass(frozen=True)
class StationInfo:
    id: int
    client_id: str
    name: str
    kind: str
    paused: bool
    warehouse: str = ""  # the warehouse code a supervisor set for it ("" = not set)
    scale: str = ""      # host:port of its bench scale ("" = none: the packer types the weight)
    language: str = "en"  # what its login screen speaks: its own choice, else its warehouse's, else English
    units: str = "metric"  # its warehouse's units (metric or imperial)
    timezone: str = "UTC"  # its warehouse's time zone: "today" at this station
    paused_by: str = ""  # the supervisor who paused it


def _info(s: Station) -> StationInfo:
    wh = object_session(s).get(Warehouse, s.warehouse_id) if s.warehouse_id else None
    language = s.language or (wh.language if wh else "") or "en"
    return StationInfo(s.id, s.client_id, s.name, s.kind, s.paused, wh.code if wh else "", s.scale, language,
                       wh.units if wh else "metric", wh.timezone if wh else "UTC", s.paused_by if s.paused else "")


def new_client_id() -> str:
    return secrets.token_urlsafe(16)


def register(uow: UnitOfWork, client_id: str, kind: str = "tablet", *, ip: str = "",
             user_agent: str = "", name: str = "") -> StationInfo:
    """Find or create the station a browser stored `client_id` for; mark it connected.

    `kind` (from the station's URL) is only a hint for a new station, and only between the shared kinds: a
    desktop (no idle log-out) is made so in Station setup by a supervisor, never by a URL. A known
    station keeps the kind it has."""
    if not _CLIENT_ID.match(client_id or ""):
        raise InvalidInput(_("The station id is malformed."), {"client_id": "8-64 letters or digits"})
    if kind not in KINDS:
        raise InvalidInput(_("Unknown station kind {kind}.", kind=repr(kind)), {"kind": ", ".join(KINDS)})
    kind = kind if kind in SHARED_KINDS or kind == "printer" else "tablet"
    with uow:
        now = uow.now()
        station = uow.session.execute(
            select(Station).where(Station.client_id == client_id)
        ).scalar_one_or_none()
        if station is None:
            count = uow.session.execute(select(Station.id).where(Station.kind == kind)).all()
            station = Station(client_id=client_id, kind=kind, created_at=now,
                              name=(name or f"{kind.title()} {len(count) + 1}")[:80])
            uow.session.add(station)
            uow.session.flush()
            audit(uow, Actor.system("station"), "station.registered", "station", station.id,
                  {"name": station.name, "kind": kind, "ip": ip})
        station.last_seen, station.connected = now, True
        station.ip, station.user_agent = ip[:64], user_agent[:300]
        info = _info(station)
        uow.commit()
        return info


def heartbeat(uow: UnitOfWork, station_id: int, *, user_id: int | None = None,
              screen: str | None = None, activity: str | None = None) -> None:
    """The station is alive; optionally what it shows and who uses it.

    After a dropped connection the first heartbeat puts its signed-in person back on the station. A station
    that stayed connected but has nobody was logged out by a supervisor: a heartbeat does not undo that.
    """
    values: dict = {"last_seen": uow.now(), "connected": True}
    if screen is not None:
        values["screen"] = screen[:80]
    if activity is not None:
        values["activity"] = activity[:200]
    with uow:
        uow.session.execute(update(Station).where(Station.id == station_id).values(**values))
        if user_id is not None:
            uow.session.execute(update(Station).where(
                Station.id == station_id, Station.user_id.is_(None), Station.reconnecting.is_(True))
                .values(user_id=user_id, reconnecting=False))
        uow.commit()


def record_scan(uow: UnitOfWork, station_id: int, code: str, at: datetime | None = None) -> None:
    """The station's last scan, for the board (`at`: when the scanner fired; defaults to now).

    Not a connection event: a scan handled after its browser went away does not put the station back
    online (registration and heartbeats do that)."""
    with uow:
        now = uow.now()
        uow.session.execute(update(Station).where(Station.id == station_id).values(
            last_scan=code[:120], last_scan_at=min(at, now) if at is not None else now, last_seen=now))
        uow.commit()


def disconnected(uow: UnitOfWork, station_id: int) -> None:
    """The browser went away (tab closed, network lost)."""
    with uow:
        uow.session.execute(update(Station).where(Station.id == station_id)
                            .values(connected=False, user_id=None, screen="", activity="", reconnecting=True))
        uow.commit()


def rename(uow: UnitOfWork, actor: Actor, station_id: int, name: str) -> StationInfo:
    actor.require(Permission.SUPERVISE)
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise InvalidInput(_("A station name is 1 to 80 characters."), {"name": "1-80 characters"})
    with uow:
        station = uow.session.get(Station, station_id)
        if station is None:
            raise NotFound(_("No such station."))
        old, station.name = station.name, name
        audit(uow, actor, "station.renamed", "station", station_id, {"from": old, "to": name})
        info = _info(station)
        uow.commit()
        return info


def set_language(uow: UnitOfWork, station_id: int, language: str) -> StationInfo:
    """The language this station's login screen speaks (the switch on it: anyone at the station may choose,
    as with the badge reader; a signed-in person's own language still wins). Setting it again changes
    nothing and writes no second audit row."""
    language = checked_language(language)
    with uow:
        station = _station(uow, station_id)
        if station.language != language:
            old, station.language = station.language, language
            audit(uow, Actor.system("station"), "station.language", "station", station_id,
                  {"from": old, "to": language})
        info = _info(station)
        uow.commit()
        return info


def _station(uow: UnitOfWork, station_id: int) -> Station:
    station = uow.session.get(Station, station_id, with_for_update=True)
    if station is None:
        raise NotFound(_("No such station."))
    return station


def pause(uow: UnitOfWork, actor: Actor, station_id: int, paused: bool = True) -> StationInfo:
    """Stop (or resume) a station: while paused it can read but change nothing."""
    actor.require(Permission.SUPERVISE)
    with uow:
        station = _station(uow, station_id)
        station.paused, station.paused_by = paused, actor.name[:120] if paused else ""
        audit(uow, actor, "station.paused" if paused else "station.resumed", "station", station_id)
        info = _info(station)
        uow.commit()
        return info


def log_out_remotely(uow: UnitOfWork, actor: Actor, station_id: int) -> StationInfo:
    """Sign whoever uses a station out of it: their next action is refused, and the station's screen (told
    at once, see app/ui/station_watch.py) goes to the login screen saying who did it."""
    actor.require(Permission.SUPERVISE)
    with uow:
        station = _station(uow, station_id)
        who = station.user_id
        station.user_id, station.screen, station.activity, station.reconnecting = None, "", "", False
        station.signed_out_note = _("{name} logged you out of this station.", name=actor.name)[:200]
        audit(uow, actor, "logout.remote", "station", station_id, {"user_id": who})
        info = _info(station)
        uow.commit()
        return info


def configure(uow: UnitOfWork, actor: Actor, station_id: int, *, printer: str | None = None,
              warehouse: str | None = None, scale: str | None = None, kind: str | None = None) -> StationInfo:
    """A station's default printer and warehouse (by name and code), the bench scale it reads
    (`host:port`, MT-SICS over TCP) and its kind (tablet and kiosk log out when idle, a desktop does not);
    "" clears, None leaves as it is."""
    actor.require(Permission.SUPERVISE)
    if kind is not None and kind not in BROWSER_KINDS:
        raise InvalidInput(_("Unknown station kind {kind}.", kind=repr(kind)), {"kind": ", ".join(BROWSER_KINDS)})
    if scale:
        try:
            scale = str(parse_address(scale))
        except ValueError:
            raise InvalidInput(_("{text} is not a scale address: write host:port, e.g. 10.0.4.21:4001.",
                                 text=scale.strip()[:60]), {"scale": "host:port"}) from None
    with uow:
        station = _station(uow, station_id)
        if printer is not None:
            found = uow.session.execute(select(Printer).where(Printer.name == printer)).scalar_one_or_none()
            if printer and found is None:
                raise InvalidInput(_("No printer {name}.", name=printer), {"printer": "unknown"})
            station.default_printer_id = found.id if found else None
        if warehouse is not None:
            wh = uow.session.execute(select(Warehouse).where(Warehouse.code == warehouse)).scalar_one_or_none()
            if warehouse and wh is None:
                raise InvalidInput(_("No warehouse {code}.", code=warehouse), {"warehouse": "unknown"})
            station.warehouse_id = wh.id if wh else None
        if scale is not None:
            station.scale = scale
        if kind is not None:
            station.kind = kind
        audit(uow, actor, "station.configured", "station", station_id,
              {"printer": printer, "warehouse": warehouse, "scale": scale, "kind": kind})
        info = _info(station)
        uow.commit()
        return info


def info(uow: UnitOfWork, station_id: int) -> StationInfo | None:
    """The station as Station setup left it (its kind decides idle log-out)."""
    with uow.reading() as uow:
        station = uow.session.get(Station, station_id)
        return _info(station) if station is not None else None


@dataclass(frozen=True)
class SessionCheck:
    """What a station's screen should know: still signed in (else `note` says why not), paused by whom."""

    signed_in: bool
    paused: bool
    user_id: int | None
    paused_by: str = ""
    note: str = ""


def check(uow: UnitOfWork, station_id: int, user_id: int | None) -> SessionCheck:
    """Is `user_id` still signed in at the station, and is it paused? A station whose connection dropped
    (`reconnecting`) has nobody on its row until its next heartbeat: that is not a log-out."""
    with uow.reading() as uow:
        station = uow.session.get(Station, station_id)
        if station is None:
            return SessionCheck(False, False, None)
        signed_in = user_id is not None and (
            station.user_id == user_id or (station.user_id is None and station.reconnecting))
        return SessionCheck(signed_in, station.paused, station.user_id, station.paused_by if station.paused else "",
                            "" if signed_in else station.signed_out_note)
