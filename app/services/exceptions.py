"""The supervisor's exception queue: anything on the floor that needs a person to decide."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.db.models import CountTask, FloorException
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError, InvalidInput, NotFound
from app.domain.roles import Actor, Permission
from app.i18n import _
from app.services import commands
from app.services.commands import audit

KINDS = ("short_pick", "count", "weight_mismatch", "held_package", "print_failure", "unexpected_return",
         "quarantine", "wrong_label", "inbound_discrepancy", "transfer_discrepancy", "count_variance", "awaiting_label")


def open_exception(uow: UnitOfWork, actor: Actor, kind: str, message: str, *, warehouse_id=None,
                   location_id=None, order_id=None, package_id=None, count_task_id=None, ref: str = "",
                   detail: dict | None = None) -> FloorException:
    """Add an exception to the queue, in the caller's transaction."""
    exc = FloorException(kind=kind, message=message[:300], warehouse_id=warehouse_id, location_id=location_id,
                         order_id=order_id, package_id=package_id, count_task_id=count_task_id, ref=ref,
                         detail=detail or {}, user_id=actor.user_id, station_id=actor.station_id,
                         created_at=uow.now())
    uow.session.add(exc)
    uow.session.flush()
    audit(uow, actor, f"exception.{kind}", "exception", exc.id, {"message": message, **(detail or {})})
    return exc


def open_count(uow: UnitOfWork, actor: Actor, location_id: int, reason: str, detail: dict) -> CountTask:
    """A count task for a bin, unless one is already open for it (then that one)."""
    existing = uow.session.execute(select(CountTask).where(
        CountTask.location_id == location_id, CountTask.status != "done")).scalars().first()
    if existing is not None:
        return existing
    task = CountTask(location_id=location_id, reason=reason, detail=detail, created_at=uow.now())
    uow.session.add(task)
    uow.session.flush()
    audit(uow, actor, "count.created", "count", task.id, {"location_id": location_id, "reason": reason})
    return task


@dataclass(frozen=True)
class ExceptionView:
    id: int
    kind: str
    status: str
    message: str
    ref: str
    created_at: datetime
    resolution: str


def resolve(uow: UnitOfWork, actor: Actor, exception_id: int, resolution: str,
            key: str | None = None) -> ExceptionView:
    """Mark an exception resolved with what was done about it (the action itself is its own command)."""
    actor.require(Permission.SUPERVISE)
    resolution = (resolution or "").strip()
    if not resolution:
        raise InvalidInput(_("Say how it was resolved."), {"resolution": "required"})

    def work(uow: UnitOfWork) -> ExceptionView:
        exc = uow.session.get(FloorException, exception_id, with_for_update=True)
        if exc is None:
            raise NotFound(_("No such exception."))
        if exc.status == "resolved":
            raise DomainError(_("This exception is already resolved."))
        close(uow, actor, exc, resolution)
        return view(exc)

    return commands.run(uow, actor, key, "exception.resolve", {"id": exception_id, "resolution": resolution},
                        ExceptionView, work)


def close(uow: UnitOfWork, actor: Actor, exc: FloorException, resolution: str) -> None:
    exc.status, exc.resolved_by, exc.resolved_at = "resolved", actor.user_id, uow.now()
    exc.resolution = resolution[:300]
    audit(uow, actor, "exception.resolved", "exception", exc.id, {"kind": exc.kind, "resolution": resolution})


def close_open(uow: UnitOfWork, actor: Actor, resolution: str, **where) -> int:
    """Resolve the open exceptions matching `where` (e.g. package_id=..., kind=...)."""
    q = select(FloorException).where(FloorException.status == "open")
    for col, value in where.items():
        q = q.where(getattr(FloorException, col) == value)
    found = uow.session.execute(q).scalars().all()
    for exc in found:
        close(uow, actor, exc, resolution)
    return len(found)


def view(exc: FloorException) -> ExceptionView:
    return ExceptionView(exc.id, exc.kind, exc.status, exc.message, exc.ref, exc.created_at, exc.resolution)
