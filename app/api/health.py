"""/healthz: the server answers and its database does."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from app.api.deps import floor_of

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness and database reachability")
def healthz(request: Request) -> JSONResponse:
    floor = floor_of(request)
    try:
        with floor.db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # the point of a health check is to report, not to raise
        return JSONResponse({"status": "down", "database": str(exc)[:200]}, status_code=503)
    return JSONResponse({"status": "ok", "database": floor.db.engine.dialect.name})
