"""The API's body limit, counted on the bytes that arrive (a chunked body has no Content-Length)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.errors import problem
from app.i18n import _

MAX_API_BODY = 1024 * 1024


class BodyLimit:
    """Reads an /api request's body up front, at most `limit` bytes, then hands it on; more is a 413."""

    def __init__(self, app: ASGIApp, limit: int = MAX_API_BODY, prefix: str = "/api/") -> None:
        self.app, self.limit, self.prefix = app, limit, prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.limit:
            await self._refuse(scope, receive, send)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body, sent = b"".join(chunks), False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem(Request(scope), 413, "too_large",
                           _("The request body is over {n} MB; send less at a time.", n=self.limit // (1024 * 1024)),
                           headers={"Connection": "close"})
        await response(scope, receive, send)
