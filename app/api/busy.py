"""A database that is busy (locked by other work past the wait, or out of connections) is a 503 with
Retry-After, never a 500: the caller's retry with the same Idempotency-Key is safe."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from sqlalchemy import exc as sa_exc

from app.api.errors import problem
from app.db.engine import DatabaseBusy, is_busy
from app.i18n import _

log = logging.getLogger("floor.api")
RETRY_AFTER_SECONDS = 5


def busy_response(request: Request, exc: Exception):
    log.warning("database busy: %s %s answered 503 (%s)", request.method, request.url.path,
                type(exc).__name__)
    answer = problem(503, "busy", _("The database is busy; try again in a few seconds."))
    answer.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return answer


def install(app: FastAPI) -> None:
    async def _busy(request: Request, exc: Exception):
        if not is_busy(exc):
            raise exc   # not ours: the server's own 500 handling
        return busy_response(request, exc)

    for kind in (DatabaseBusy, sa_exc.OperationalError, sa_exc.TimeoutError):
        app.add_exception_handler(kind, _busy)
