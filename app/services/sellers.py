"""Sellers as API clients: bearer tokens (stored as SHA-256) and their settings."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select

from app.db.models import Seller
from app.db.uow import UnitOfWork
from app.domain.errors import BadCredentials
from app.domain.roles import Actor, Permission
from app.domain.webhooks import UrlPolicy
from app.i18n import _
from app.services import webhooks
from app.services.catalog import seller_by_code
from app.services.commands import audit


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def authenticate(uow: UnitOfWork, token: str | None, *, given: bool = False) -> Actor:
    """The seller a bearer token belongs to, or BadCredentials (`given`: some credentials came)."""
    if not token or len(token) > 200:
        raise BadCredentials(_("Send the seller's API token as 'Authorization: Bearer <token>'."), token_given=given)
    digest = token_hash(token)
    with uow.reading() as uow:
        seller = uow.session.execute(select(Seller).where(Seller.api_token_hash == digest)).scalar_one_or_none()
        if seller is None or not hmac.compare_digest(seller.api_token_hash or "", digest):
            raise BadCredentials(_("This API token is not valid."), token_given=True)
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
                      secret: str | None = None, *, policy: UrlPolicy | None = None,
                      events: tuple[str, ...] | None = None) -> str | None:
    """Where the seller's events are POSTed (all events unless `events` says), or None to stop them;
    returns the signing secret."""
    actor.require(Permission.MANAGE_USERS, Permission.SYSTEM, Permission.ORDER_INTAKE)
    if url is not None:
        view = webhooks.subscribe(uow, actor, policy or UrlPolicy(), seller_code, url, events, secret=secret)
        if view.secret:
            return view.secret
    with uow:
        seller = seller_by_code(uow, seller_code)
        actor.require_seller(seller.id)
        if url is None:
            seller.webhook_url, seller.webhook_events = None, []
            audit(uow, actor, "seller.webhook_removed", "seller", seller.id, seller_id=seller.id)
            uow.commit()
        return seller.webhook_secret
