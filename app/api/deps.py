"""Request plumbing: the Floor object on the app, and the seller behind a bearer token."""

from __future__ import annotations

from fastapi import Request

from app.bootstrap import Floor
from app.domain.roles import Actor
from app.services import sellers


def floor_of(request: Request) -> Floor:
    return request.app.state.floor


def seller_actor(request: Request) -> Actor:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return sellers.authenticate(floor_of(request).uow(), token.strip() if scheme.lower() == "bearer" else None)
