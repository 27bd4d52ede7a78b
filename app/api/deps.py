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


def public_url_for(request: Request, name: str, **params: str) -> str:
    """An absolute link for the shop platform: FLOOR_PUBLIC_URL (what nginx serves, e.g.
    https://floor.site.lan) + the route's path; without the setting, the address the request came to."""
    base = floor_of(request).settings.public_url.rstrip("/")
    if base:
        return base + str(request.app.url_path_for(name, **params))
    return str(request.url_for(name, **params))
