"""The station server: FastAPI routes first, then the Flet web app (no CDN) mounted at /."""

from __future__ import annotations

from pathlib import Path

import flet_web.fastapi as flet_fastapi
from fastapi import Request
from fastapi.responses import JSONResponse

from app import flet_socket
from app.api import busy, errors, health, inbounds, metrics, orders, prints, returns
from app.api.security import SecurityHeaders
from app.bootstrap import Floor
from app.ui.app import make_main

MAX_API_BODY = 1024 * 1024
SESSION_TIMEOUT = 120   # seconds a closed station's session is kept for a reconnect


def assets_dir() -> Path:
    """assets/ beside the packages in a checkout, or inside the package when installed."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "assets", here / "assets"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("Floor's assets folder is missing from this installation")


def create_app(floor: Floor):
    api = flet_fastapi.FastAPI(title="Floor", version="1.0", description=(
        "The shop platform's way into the warehouse: orders in, shipments and returns out. "
        "Authenticate with the seller's token: `Authorization: Bearer <token>`."))
    api.state.floor = floor
    errors.install(api)
    busy.install(api)
    api.add_middleware(SecurityHeaders, docs_public=floor.settings.api_docs_public)

    @api.middleware("http")
    async def limit_api_body(request: Request, call_next):
        if request.url.path.startswith("/api/"):
            length = request.headers.get("content-length", "")
            if length.isdigit() and int(length) > MAX_API_BODY:
                return JSONResponse({"error": "too_large", "message": "The request body is over 1 MB."},
                                    status_code=413)
        return await call_next(request)

    api.include_router(health.router)
    api.include_router(metrics.router)
    api.include_router(orders.router)
    api.include_router(prints.router)
    api.include_router(returns.router)
    api.include_router(inbounds.router)
    main = make_main(floor)
    flet_socket.install(api, main, session_timeout_seconds=SESSION_TIMEOUT)
    api.mount("/", flet_fastapi.app(
        main, no_cdn=True, assets_dir=str(assets_dir()), app_name="Floor",
        app_short_name="Floor", app_description="Warehouse floor stations",
        session_timeout_seconds=SESSION_TIMEOUT,
    ))
    return api
