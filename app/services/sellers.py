"""Sellers as API clients: bearer tokens (stored as SHA-256) and their settings."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select

from app.db.models import Seller
from app.db.uow import UnitOfWork
from app.domain.errors import BadCredentials, InvalidInput
from app.domain.roles import Actor, Permission
from app.i18n import _
from app.services.catalog import seller_by_code
from app.services.commands import audit


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def authenticate(uow: UnitOfWork, token: str | None) -> Actor:
    """The seller a bearer token belongs to, or BadCredentials."""
    if not token or len(token) > 200:
        raise BadCredentials(_("Send the seller's API token as 'Authorization: Bearer <token>'."))
    digest = token_hash(token)
    with uow.reading() as uow:
        seller = uow.session.execute(select(Seller).where(Seller.api_token_hash == digest)).scalar_one_or_none()
        if seller is None or not hmac.compare_digest(seller.api_token_hash or "", digest):
            raise BadCredentials(_("This API token is not valid."))
        return Actor.seller(seller.id, seller.code)


def issue_token(uow: UnitOfWork, actor: Actor, seller_code: str, token: str | None = None) -> str:
    """A new API token for a seller (the old one stops working); shown once."""
    actor.require(Permission.MANAGE_USERS, Permission.SYSTEM)
    token = token or "flr_" + secrets.token_urlsafe(32)
    with uow:
        seller = seller_by_code(uow, seller_code)
        seller.api_token_hash = token_hash(token)
        audit(uow, actor, "seller.token_issued", "seller", seller.id, seller_id=seller.id)
        uow.commit()
    return token


def configure_webhook(uow: UnitOfWork, actor: Actor, seller_code: str, url: str | None,
                      secret: str | None = None) -> str:
    """Where the seller's outcomes (refund triggers) are POSTed; returns the signing secret."""
    actor.require(Permission.MANAGE_USERS, Permission.SYSTEM, Permission.ORDER_INTAKE)
    if url is not None and not (url.startswith("http://") or url.startswith("https://")) or (url and len(url) > 500):
        raise InvalidInput(_("The webhook URL must start with http:// or https://."), {"url": "http(s) URL"})
    secret = secret or secrets.token_urlsafe(24)
    with uow:
        seller = seller_by_code(uow, seller_code)
        actor.require_seller(seller.id)
        seller.webhook_url, seller.webhook_secret = url, secret
        audit(uow, actor, "seller.webhook_set", "seller", seller.id, {"url": url}, seller_id=seller.id)
        uow.commit()
    return secret
