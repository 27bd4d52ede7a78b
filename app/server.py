"""The station server: FastAPI routes first, then the Flet web app (no CDN) mounted at /."""

from __future__ import annotations

from pathlib import Path

import flet_web.fastapi as flet_fastapi

from app import flet_socket, station_scans
from app.api import (
    busy,  # noqa: F401  (registers the busy database as a 503 problem)
    docs,
    errors,
    health,
    inbounds,
    metrics,
    network,
    openapi,
    orders,
    prints,
    products,
    returns,
    webhooks,
)
from app.api.limits import MAX_API_BODY, BodyLimit
from app.api.security import SecurityHeaders
from app.bootstrap import Floor
from app.ui.app import make_main

SESSION_TIMEOUT = 120   # seconds a closed station's session is kept for a reconnect


def assets_dir() -> Path:
    """assets/ beside the packages in a checkout, or inside the package when installed."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "assets", here / "assets"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("Floor's assets folder is missing from this installation")


API_DESCRIPTION = """The shop platform's way into the warehouse: orders in, shipments and returns out.

Authenticate with the seller's token: `Authorization: Bearer <token>`. Every error is RFC 9457 problem
details (`application/problem+json`) with a stable `error` code. Lists are cursor-paginated. POSTs take an
`Idempotency-Key`. Events reach the seller's webhook signed per Standard Webhooks. The integrator's guide
is docs/api.md in the distribution."""


def create_app(floor: Floor):
    api = flet_fastapi.FastAPI(title="Floor", version="1.1", description=API_DESCRIPTION, docs_url=None,
                               redoc_url=None, generate_unique_id_function=openapi.operation_id,
                               openapi_tags=[{"name": t} for t in ("orders", "products", "returns", "inbounds",
                                                                   "webhooks", "network", "health", "printing")])
    api.state.floor = floor
    errors.install(api)   # every mapped exception a problem (app/api/busy.py adds the busy database's 503)
    api.add_middleware(BodyLimit, limit=MAX_API_BODY)
    api.add_middleware(SecurityHeaders, docs_public=floor.settings.api_docs_public)   # outermost: every answer
    for module in (health, metrics, orders, products, prints, returns, inbounds, webhooks, network):
        api.include_router(module.router)
    errors.install_fallback(api)       # after every API route: the rest of /api is a JSON 404 or 405
    openapi.install(api)
    docs.install(api, assets_dir())
    station_scans.install(api, floor)   # the scans a tablet kept while offline (assets/station.js)
    main = make_main(floor)
    flet_socket.install(api, main, session_timeout_seconds=SESSION_TIMEOUT)
    api.mount("/", flet_fastapi.app(
        main, no_cdn=True, assets_dir=str(assets_dir()), app_name="Floor",
        app_short_name="Floor", app_description="Warehouse floor stations",
        session_timeout_seconds=SESSION_TIMEOUT,
    ))
    return api
