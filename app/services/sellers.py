"""Sellers as API clients: bearer tokens (stored as SHA-256) and their settings."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, replace

from sqlalchemy import func, select

from app.db.models import Product, Seller
from app.db.uow import UnitOfWork
from app.domain.errors import BadCredentials, DomainError, InvalidInput
from app.domain.orders import clean_text
from app.domain.roles import Actor, Permission
from app.domain.webhooks import UrlPolicy
from app.i18n import _
from app.services import commands, webhooks
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


@dataclass(frozen=True)
class SellerView:
    code: str
    name: str
    webhook_url: str | None
    has_token: bool
    products: int
    created: bool = False


def _seller_view(uow: UnitOfWork, seller: Seller, created: bool = False) -> SellerView:
    products = uow.session.execute(select(func.count(Product.id)).where(Product.seller_id == seller.id)).scalar_one()
    return SellerView(seller.code, seller.name, seller.webhook_url, seller.api_token_hash is not None, products,
                      created)


def add_seller(uow: UnitOfWork, actor: Actor, code: str, name: str, *, webhook: str | None = None,
               policy: UrlPolicy | None = None, key: str | None = None) -> SellerView:
    """A seller whose stock the site keeps (then `issue_token` for its API). The same seller again changes
    nothing; the same code with another name is refused."""
    actor.require(Permission.MANAGE_USERS, Permission.SYSTEM)
    code = (code or "").strip().upper()
    if not re.match(r"^[A-Z0-9][A-Z0-9_\-]{0,31}$", code):
        raise InvalidInput(_("{code} is not a seller code.", code=repr(code)),
                           {"code": _("1-32 letters, digits, _ or -")})
    try:
        name = clean_text(name or "")
    except ValueError as exc:
        raise InvalidInput(_("The seller's name cannot be used."), {"name": str(exc)}) from None
    if not name or len(name) > 200:
        raise InvalidInput(_("A seller needs a name (up to 200 characters)."), {"name": _("required")})

    def work(uow: UnitOfWork) -> SellerView:
        seller = uow.session.execute(select(Seller).where(Seller.code == code)).scalar_one_or_none()
        if seller is not None:
            if seller.name != name:
                raise DomainError(_("Seller {code} exists already, named {name}.", code=code, name=seller.name))
            return _seller_view(uow, seller)
        seller = Seller(code=code, name=name, return_rules={}, created_at=uow.now())
        uow.session.add(seller)
        uow.session.flush()
        audit(uow, actor, "seller.added", "seller", seller.id, {"code": code, "name": name}, seller_id=seller.id)
        return _seller_view(uow, seller, created=True)

    view = commands.run(uow, actor, key, "seller.add", {"code": code, "name": name}, SellerView, work)
    if webhook:
        configure_webhook(uow, actor, code, webhook, policy=policy)
        with uow.reading() as reader:
            view = replace(_seller_view(reader, seller_by_code(reader, code)), created=view.created)
    return view


def all_sellers(uow: UnitOfWork, actor: Actor) -> list[SellerView]:
    actor.require(Permission.MANAGE_USERS, Permission.SYSTEM, Permission.SUPERVISE)
    with uow.reading() as uow:
        return [_seller_view(uow, s) for s in uow.session.execute(select(Seller).order_by(Seller.code)).scalars()]
