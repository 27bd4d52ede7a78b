"""Every refusal as JSON a client can act on: a stable code, a message, and field-level errors."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from app.domain.errors import DomainError, InvalidInput
from app.i18n import _


def _path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if part in ("body", "query", "path", "header"):
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


def problem(status: int, code: str, message: str, fields: dict | None = None) -> JSONResponse:
    body = {"error": code, "message": message}
    if fields:
        body["fields"] = fields
    return JSONResponse(body, status_code=status)


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_request: Request, exc: DomainError):
        fields = exc.fields if isinstance(exc, InvalidInput) else None
        return problem(exc.http_status, exc.code, exc.message, fields)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError):
        fields: dict[str, str] = {}
        for err in exc.errors():
            fields.setdefault(_path(tuple(err.get("loc", ()))), str(err.get("msg", "invalid")))
        return problem(422, "invalid", _("The request is not valid; see the fields."), fields)

    @app.exception_handler(HTTPException)
    async def _http(_request: Request, exc: HTTPException):
        return problem(exc.status_code, "http_error", str(exc.detail))
