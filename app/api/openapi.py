"""The OpenAPI description a client generator can use: operation ids, the bearer scheme, and on every
operation its answers, errors included, each error as application/problem+json with the Problem model."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from app.api.errors import PROBLEM_JSON, TITLES, TYPE_PREFIX
from app.api.schemas import Problem

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
WHY = {
    "401": "No valid seller token (the WWW-Authenticate header says Bearer)",
    "404": "Not found, or another seller's",
    "409": "Refused by a rule of the warehouse (see error and detail)",
    "413": "The request body is over 1 MB",
    "422": "The request is not valid: fields says which and why",
    "500": "The server failed; nothing was changed (try again)",
}
PLAIN_TEXT = {"/metrics": "text/plain"}   # answers that are not JSON
CODES = {"401": "bad_credentials", "404": "not_found", "409": "refused", "413": "too_large", "422": "invalid",
         "500": "server_error"}


def operation_id(route: APIRoute) -> str:
    """An explicit id, or the endpoint's name in camelCase (healthz, printPdf): stable, readable in clients."""
    head, *rest = route.name.split("_")
    return head + "".join(w.capitalize() for w in rest)


def _problem(status: str, description: str | None = None) -> dict:
    code = CODES.get(status, "refused")
    example = {"type": TYPE_PREFIX + code, "title": TITLES.get(code, code), "status": int(status),
               "detail": WHY.get(status, "Refused"), "instance": "/api/v1/orders/1042", "error": code,
               "message": WHY.get(status, "Refused")}
    if status == "422":
        example["fields"] = {"lines[0].quantity": "must be a whole number"}
    answer = {"description": description or WHY.get(status, "Refused"),
              "content": {PROBLEM_JSON: {"schema": PROBLEM_REF, "example": example}}}
    if status == "401":
        answer["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"},
                                                  "description": 'Bearer realm="floor"'}}
    return answer


def _patch(schema: dict) -> None:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    for path, item in schema.get("paths", {}).items():
        for op in item.values():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            answers = op["responses"]
            has_input = bool(op.get("parameters") or op.get("requestBody"))
            wanted = {"500"} | ({"422"} if has_input else set())
            if op.get("security"):
                wanted |= {"401", "404"}          # 404: the order, SKU or return named is not the seller's
            if re.search(r"\{[^}]+\}", path):
                wanted.add("404")
            if op.get("requestBody"):
                wanted.add("413")
            if path in PLAIN_TEXT and "200" in answers:
                answers["200"]["content"] = {PLAIN_TEXT[path]: {"schema": {"type": "string"}}}
            for status in sorted(wanted | {s for s in answers if s[0] in "45"}):
                described = answers.get(status, {}).get("description")
                answers[status] = _problem(status, described if status not in ("422",) else None)


def install(app: FastAPI) -> None:
    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes, tags=app.openapi_tags, servers=app.servers)
            _patch(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
