"""Every refusal as RFC 9457 problem details (`application/problem+json`), from this one module.

A problem keeps Floor's stable `error` code and, for bad input, `fields` (field path -> what is wrong).
`problem()` builds one; `install()` turns every exception the API can meet into one: domain refusals,
bad requests, unknown paths and methods (see `install_fallback`), and anything unforeseen (a 500 that
still speaks JSON). Other parts of the server add their own with `translate(ExcType)(mapper)`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match, Mount, Route

from app.domain.errors import BadCredentials, DomainError, InvalidInput
from app.i18n import _

log = logging.getLogger("floor.api")
PROBLEM_JSON = "application/problem+json"
TYPE_PREFIX = "urn:floor:problem:"

# the title of each stable code: short, the same for every occurrence (RFC 9457 section 3.1.3)
TITLES = {
    "invalid": "The request is not valid",
    "not_found": "Not found",
    "method_not_allowed": "Method not allowed",
    "bad_credentials": "Not authenticated",
    "forbidden": "Not allowed",
    "refused": "Refused by a rule of the warehouse",
    "key_reused": "Idempotency key reused",
    "too_large": "Request body too large",
    "out_of_stock": "Out of stock",
    "wrong_seller": "Another seller's stock",
    "already_shipped": "Already shipped",
    "server_error": "Server error",
    "busy": "The database is busy",
}


@dataclass(frozen=True)
class ProblemSpec:
    """What a mapper says about an exception; `problem()` makes the response."""

    status: int
    code: str
    detail: str
    fields: dict[str, str] | None = None
    headers: dict[str, str] = field(default_factory=dict)


def problem(request: Request | None, status: int, code: str, detail: str, fields: dict | None = None,
            headers: dict[str, str] | None = None) -> JSONResponse:
    """One problem details response: type, title, status, detail, instance, plus `error` and `fields`."""
    body: dict = {"type": TYPE_PREFIX + code, "title": TITLES.get(code, code.replace("_", " ").capitalize()),
                  "status": status, "detail": detail, "error": code, "message": detail}
    if request is not None:
        body["instance"] = request.url.path
    if fields:
        body["fields"] = fields
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


Mapper = Callable[[Request, BaseException], ProblemSpec]
_MAPPERS: dict[type[BaseException], Mapper] = {}


def translate(exc_type: type[BaseException]) -> Callable[[Mapper], Mapper]:
    """Register how an exception type becomes a problem (used by install(); other modules may add theirs
    before the app is built, e.g. a busy database as 503 with Retry-After)."""
    def register(mapper: Mapper) -> Mapper:
        _MAPPERS[exc_type] = mapper
        return mapper
    return register


def bearer_challenge(exc: BadCredentials) -> str:
    """RFC 6750 section 3: no error code when no token came, invalid_token when a wrong one did."""
    return 'Bearer realm="floor", error="invalid_token"' if exc.details.get("token_given") else 'Bearer realm="floor"'


@translate(DomainError)
def _domain(_request: Request, exc: BaseException) -> ProblemSpec:
    assert isinstance(exc, DomainError)
    headers = {"WWW-Authenticate": bearer_challenge(exc)} if isinstance(exc, BadCredentials) else {}
    fields = exc.fields if isinstance(exc, InvalidInput) else None
    return ProblemSpec(exc.http_status, exc.code, exc.message, fields or None, headers)


# pydantic's error types in words an integrator acts on (the rest keep pydantic's own message)
_SAYS = {
    "missing": "required",
    "extra_forbidden": "not a field of this request",
    "string_pattern_mismatch": "has characters that are not allowed (control characters such as NUL, or "
                               "outside the documented pattern)",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number (not a string)",
    "string_type": "must be a string",
    "json_invalid": "is not valid JSON",
}


def _path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if part in ("body", "query", "path", "header"):
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    if not out and loc and loc[0] == "header" and len(loc) > 1:
        out = str(loc[1])
    return out or "body"


def _message(err: dict) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind == "string_too_long":
        return f"at most {ctx.get('max_length')} characters"
    if kind == "string_too_short":
        return f"at least {ctx.get('min_length')} characters" if ctx.get("min_length", 0) > 1 else "must not be empty"
    if kind in ("less_than_equal", "greater_than_equal", "greater_than", "less_than"):
        return str(err.get("msg", "out of range")).lower()
    return _SAYS.get(kind, str(err.get("msg", "invalid")))


@translate(RequestValidationError)
def _invalid(_request: Request, exc: BaseException) -> ProblemSpec:
    assert isinstance(exc, RequestValidationError)
    fields: dict[str, str] = {}
    for err in exc.errors():
        fields.setdefault(_path(tuple(err.get("loc", ()))), _message(err))
    return ProblemSpec(422, "invalid", _("The request is not valid; see the fields."), fields)


@translate(HTTPException)
def _http(_request: Request, exc: BaseException) -> ProblemSpec:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 400 and "parsing the body" in str(exc.detail):   # FastAPI's word for broken JSON
        return ProblemSpec(422, "invalid", _("The request is not valid; see the fields."),
                           {"body": "is not valid JSON"})
    code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(exc.status_code, "http_error")
    return ProblemSpec(exc.status_code, code, str(exc.detail), None, dict(exc.headers or {}))


@translate(Exception)
def unexpected(request: Request, exc: BaseException) -> ProblemSpec:
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return ProblemSpec(500, "server_error", _("Something went wrong on the server; nothing was changed. "
                                              "Try again, and tell the site if it keeps happening."))


def _handler(mapper: Mapper):
    async def handle(request: Request, exc: Exception) -> JSONResponse:
        spec = mapper(request, exc)
        return problem(request, spec.status, spec.code, spec.detail, spec.fields, spec.headers)
    return handle


def install(app: FastAPI) -> None:
    """Every registered exception type answers as a problem."""
    for exc_type, mapper in _MAPPERS.items():
        app.add_exception_handler(exc_type, _handler(mapper))


def install_fallback(app: FastAPI, prefix: str = "/api") -> None:
    """After every API route: an unknown /api path is a JSON 404 and a known one with the wrong method a
    JSON 405 with Allow (not the web app's page, which the mount at / would otherwise answer with)."""
    methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]

    async def unknown(request: Request) -> JSONResponse:
        allowed: set[str] = set()
        for route in app.router.routes:   # routes and included routers alike: which methods match in full?
            if isinstance(route, Mount) or getattr(route, "endpoint", None) is fallback:
                continue
            for method in methods:
                probe = {"type": "http", "path": request.url.path, "method": method, "root_path": ""}
                if route.matches(probe)[0] == Match.FULL:
                    allowed.add(method)
        if allowed:
            return problem(request, 405, "method_not_allowed",
                           _("{method} is not allowed here; use {allowed}.", method=request.method,
                             allowed=", ".join(sorted(allowed))), headers={"Allow": ", ".join(sorted(allowed))})
        return problem(request, 404, "not_found", _("There is no {path} in this API; see /docs.",
                                                    path=request.url.path))

    class AnyMethod:
        """An ASGI endpoint, so its route takes every method there is (TRACE, QUERY, ...), not only GET."""

        async def __call__(self, scope, receive, send) -> None:
            await (await unknown(Request(scope, receive)))(scope, receive, send)

    fallback = AnyMethod()
    for path in (prefix + "/{rest:path}", prefix):
        app.router.routes.append(Route(path, fallback, include_in_schema=False))
