"""Every command runs once: its key is claimed in the same transaction as its effect.

The key row is inserted first. A concurrent duplicate blocks on it (PostgreSQL) or waits for the
write lock (SQLite), then finds the stored answer and returns it without a second effect.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import String, bindparam, func, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from app import logs
from app.db.models import AuditEntry, Command, Station
from app.db.together import Together
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError, IdempotencyConflict, InvalidInput, PermissionDenied
from app.domain.roles import Actor
from app.i18n import _
from app.services.results import from_json, to_json

R = TypeVar("R")
log = logging.getLogger("floor.commands")
COMMANDS = Command.__table__
STATIONS = Station.__table__
ANSWER = update(COMMANDS).where(COMMANDS.c.key == bindparam("the_key")).values(result=bindparam("the_result"))
# a command from a station marks it seen (and keeps its last scan, when it was one) with the answer: one round
# trip on PostgreSQL (app/db/together.py)
STATION_SEEN = update(STATIONS).where(STATIONS.c.id == bindparam("st_id")).values(
    last_seen=bindparam("st_seen"), last_scan=func.coalesce(bindparam("st_scan", type_=String), STATIONS.c.last_scan),
    last_scan_at=func.coalesce(bindparam("st_scan_at", type_=STATIONS.c.last_scan_at.type), STATIONS.c.last_scan_at))
ANSWER_AND_STATION = Together(lambda dialect: (STATION_SEEN, ANSWER))
_CLAIM: dict[str, Any] = {}


def _claim_statement(dialect: str):
    """INSERT the key, or nothing if it is there (built once per dialect)."""
    if dialect not in _CLAIM:
        make = postgresql.insert if dialect == "postgresql" else sqlite.insert
        _CLAIM[dialect] = make(COMMANDS).on_conflict_do_nothing(index_elements=["key"]).returning(COMMANDS.c.key)
    return _CLAIM[dialect]
_KEY = re.compile(r"^[A-Za-z0-9:._\-]{8,80}$")


def new_key(prefix: str = "cmd") -> str:
    return f"{prefix}:{uuid.uuid4().hex}"


def fingerprint(payload: Any) -> str:
    blob = json.dumps(to_json(payload), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


AUDIT = AuditEntry.__table__
AUDIT_ROW = insert(AUDIT).values(**{c: bindparam(f"au_{c}") for c in (
    "at", "action", "user_id", "station_id", "seller_id", "order_id", "actor", "subject_type", "subject_id",
    "detail", "command_key")})


def audit_params(
    uow: UnitOfWork, actor: Actor, action: str, subject_type: str = "", subject_id: Any = "",
    detail: dict | None = None, *, seller_id: int | None = None, order_id: int | None = None,
) -> dict:
    """The bind values of AUDIT_ROW (for a caller sending it with other writes, see app/db/together.py)."""
    return {
        "au_at": uow.now(), "au_action": action, "au_user_id": actor.user_id, "au_station_id": actor.station_id,
        "au_seller_id": seller_id if seller_id is not None else actor.seller_id,
        "au_order_id": order_id if order_id is not None else (int(subject_id) if subject_type == "order" else None),
        "au_actor": actor.name, "au_subject_type": subject_type, "au_subject_id": str(subject_id),
        "au_detail": to_json(detail or {}), "au_command_key": uow.command_key}


def audit(
    uow: UnitOfWork, actor: Actor, action: str, subject_type: str = "", subject_id: Any = "",
    detail: dict | None = None, *, seller_id: int | None = None, order_id: int | None = None,
) -> None:
    """Append one audit row in the caller's transaction."""
    uow.session.connection().execute(AUDIT_ROW, audit_params(uow, actor, action, subject_type, subject_id, detail,
                                                             seller_id=seller_id, order_id=order_id))


def run(
    uow: UnitOfWork, actor: Actor, key: str | None, name: str, payload: Any,
    result_type: type[R], work: Callable[[UnitOfWork], R],
) -> R:
    """Run `work` once for `key` in one transaction; a retry with the same key returns the first result."""
    key = key or new_key(name)
    if not _KEY.match(key):
        raise InvalidInput(_("The command key is malformed."), {"key": "8-80 letters, digits or :._-"})
    with logs.context(station=actor.station_id, user=actor.user_id or actor.name, command=key):
        try:
            return _run_once(uow, actor, key, name, payload, result_type, work)
        except DomainError as exc:
            if exc.code in NOT_THE_USERS_FAULT:
                log.warning("%s refused (%s): %s", name, exc.code, exc.message)
            raise
        except Exception:
            log.exception("%s failed", name)
            raise


# refusals a person at the station did not cause: a site's logs should show them (the rest are feedback)
NOT_THE_USERS_FAULT = frozenset({"forbidden", "key_reused", "out_of_stock"})


def _run_once(uow: UnitOfWork, actor: Actor, key: str, name: str, payload: Any,
              result_type: type[R], work: Callable[[UnitOfWork], R]) -> R:
    print_ = fingerprint(payload)
    for _attempt in range(3):
        with uow:
            try:
                claimed = uow.session.connection().execute(_claim_statement(uow.dialect), {
                    "key": key, "name": name, "fingerprint": print_, "user_id": actor.user_id,
                    "station_id": actor.station_id, "created_at": uow.now()}).first()
            except IntegrityError:
                continue  # e.g. a foreign key raced: try again
            if claimed is None:  # the key was used (PostgreSQL waited for its transaction): the first answer
                done = uow.session.get(Command, key)
                if done is None:
                    continue
                return _replay(done, name, print_, result_type)
            uow.command_key, uow.user_id, uow.station_id = key, actor.user_id, actor.station_id
            station = _station_may_act(uow, actor)
            result = work(uow)
            uow.session.flush()
            answer = {"the_key": key, "the_result": to_json(result)}
            if station is None:
                uow.session.connection().execute(ANSWER, answer)
            else:
                scan, scan_at = uow.station_scan or (None, None)
                ANSWER_AND_STATION.execute(uow.session.connection(), {
                    **answer, "st_id": station.id, "st_seen": uow.now(), "st_scan": scan, "st_scan_at": scan_at})
            uow.commit()
            return result
    raise IdempotencyConflict(_("This command is being handled already; try again in a moment."))


def _station_may_act(uow: UnitOfWork, actor: Actor) -> Station | None:
    """A paused station, or a session a supervisor logged out remotely, cannot change anything."""
    if actor.kind != "user" or actor.station_id is None:
        return None
    station = uow.session.get(Station, actor.station_id)
    if station is None:
        return None
    uow.keep(station)
    if station.paused:
        raise PermissionDenied(_("This station is paused by {name}.", name=station.paused_by)
                               if station.paused_by else _("This station is paused by a supervisor."))
    if station.user_id != actor.user_id:
        raise PermissionDenied(_("You were logged out of this station. Log in again."))
    return station


def _replay(done: Command, name: str, print_: str, result_type: type[R]) -> R:
    if done.name != name or done.fingerprint != print_:
        raise IdempotencyConflict(
            _("This command key was already used for a different request."), key=done.key)
    return from_json(result_type, done.result)
