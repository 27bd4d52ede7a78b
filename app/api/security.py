"""Security headers on every HTTP answer (the station UI, the API, label PDFs and CSVs), and the API's
docs (/docs, /redoc, /openapi.json) public or not by a setting (FLOOR_API_DOCS)."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.errors import problem
from app.i18n import _

HEADERS = {
    "X-Content-Type-Options": "nosniff",          # a PDF or CSV is never run as a script or a page
    "X-Frame-Options": "DENY",                     # no other site frames the stations (clickjacking)
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",              # label links carry ids: they leave no trace elsewhere
}
DOCS_PATHS = ("/docs", "/redoc", "/openapi.json")


def is_docs(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in DOCS_PATHS)


class SecurityHeaders:
    """Pure ASGI (not BaseHTTPMiddleware): streaming answers and the websocket pass through untouched."""

    def __init__(self, app: ASGIApp, *, docs_public: bool = True) -> None:
        self.app = app
        self.docs_public = docs_public

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        if not self.docs_public and is_docs(scope["path"]):
            await problem(None, 404, "not_found", _("Not found."))(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)
