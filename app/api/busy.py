"""A database that is busy (locked by other work past the wait, or out of connections) is a 503 with
Retry-After, never a 500: the caller's retry with the same Idempotency-Key is safe."""

from __future__ import annotations

import logging

from fastapi import Request
from sqlalchemy import exc as sa_exc

from app.api.errors import ProblemSpec, translate, unexpected
from app.db.engine import DatabaseBusy, is_busy
from app.i18n import _

log = logging.getLogger("floor.api")
RETRY_AFTER_SECONDS = 5


def _busy(request: Request, exc: BaseException) -> ProblemSpec:
    if not is_busy(exc):
        return unexpected(request, exc)   # another database error: the server's own 500 problem
    log.warning("database busy: %s %s answered 503 (%s)", request.method, request.url.path, type(exc).__name__)
    return ProblemSpec(503, "busy", _("The database is busy; try again in a few seconds."),
                       headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


for _kind in (DatabaseBusy, sa_exc.OperationalError, sa_exc.TimeoutError):
    translate(_kind)(_busy)
