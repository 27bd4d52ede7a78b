"""Counters handed out inside the caller's transaction: never the same number twice."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from app.db.models import Serial
from app.db.uow import UnitOfWork


def take(uow: UnitOfWork, name: str, start: int = 1) -> int:
    """The next number of counter `name` (created at `start` on first use)."""
    got = uow.session.execute(
        update(Serial).where(Serial.name == name).values(next_value=Serial.next_value + 1)
        .returning(Serial.next_value)
    ).scalar_one_or_none()
    if got is not None:
        return got - 1
    try:
        with uow.session.begin_nested():
            uow.session.add(Serial(name=name, next_value=start + 1))
        return start
    except IntegrityError:  # created by a concurrent transaction a moment ago
        return take(uow, name, start)
