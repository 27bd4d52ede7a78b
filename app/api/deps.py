"""Request plumbing: the Floor object on the app, the seller behind a bearer token, idempotency keys."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.bootstrap import Floor
from app.domain.roles import Actor
from app.services import sellers

# declares the security scheme in OpenAPI; the check itself (and its 401 problem) is sellers.authenticate
bearer = HTTPBearer(auto_error=False, scheme_name="sellerToken", bearerFormat="flr_...",
                    description="The seller's API token (`floor seller token CODE` makes one): "
                                "`Authorization: Bearer <token>`.")


def floor_of(request: Request) -> Floor:
    return request.app.state.floor


def seller_actor(request: Request,
                 credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Actor:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return sellers.authenticate(floor_of(request).uow(), token.strip() if scheme.lower() == "bearer" else None,
                                given=bool(header))


Seller = Annotated[Actor, Depends(seller_actor)]

KEY_RULES = ("1 to 255 visible ASCII characters (no spaces), unique per request you mean; a UUID is ideal. "
             "The same key with the same request returns the first answer; with a different request it is "
             "refused (409 key_reused). Keys are kept for good.")
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", min_length=1, max_length=255,
                                              pattern=r"^[\x21-\x7E]+$", description=KEY_RULES)]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def command_key(actor: Actor, idempotency_key: str | None, natural: str | None = None) -> str | None:
    """The command key of an API call: the client's Idempotency-Key, else one made from `natural` (e.g. the
    order's whole external_ref), else None (the call is not deduplicated). Hashed, so any allowed key fits."""
    if idempotency_key:
        return f"api:{actor.seller_id}:{_digest(idempotency_key)}"
    if natural:
        return f"api:{actor.seller_id}:n:{_digest(natural)}"
    return None


def public_url_for(request: Request, name: str, **params: str) -> str:
    """An absolute link for the shop platform: FLOOR_PUBLIC_URL (what nginx serves, e.g.
    https://floor.site.lan) + the route's path; without the setting, the address the request came to."""
    base = floor_of(request).settings.public_url.rstrip("/")
    if base:
        return base + str(request.app.url_path_for(name, **params))
    return str(request.url_for(name, **params))
