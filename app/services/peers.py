"""The other sites of the network: added by an admin (`floor peer add`, the admin screen), each with the URL
its server answers at and the token it gave us; we give it a token of ours, whose holder acts with the site
role (Permission.PEER: the stock picture, transfer messages, nothing else)."""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import func, select

from app.db.models import OutboxMessage, Peer, Warehouse
from app.db.uow import UnitOfWork
from app.domain.errors import BadCredentials, InvalidInput, NotFound
from app.domain.roles import Actor, Permission
from app.i18n import _
from app.services import commands
from app.services.commands import audit
from app.services.sellers import token_hash

CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")


@dataclass(frozen=True)
class PeerView:
    code: str
    url: str
    warehouses: tuple[str, ...]
    pending: int                  # messages not delivered yet
    last_seen_at: datetime | None
    last_error: str | None


@dataclass(frozen=True)
class PeerAdded:
    peer: PeerView
    token_for_peer: str | None    # new: what the peer's admin gives `floor peer add ... --token` there; shown once


def _check(code: str, url: str, token: str) -> tuple[str, str, str]:
    code, url, token = (code or "").strip().upper(), (url or "").strip().rstrip("/"), (token or "").strip()
    errors = {}
    if not CODE.match(code):
        errors["site"] = _("1 to 32 letters, digits, - or _")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 300:
        errors["url"] = _("the peer's address, e.g. https://floor.pl1.example:8550")
    if token and (not 16 <= len(token) <= 200 or not token.isprintable() or " " in token):
        errors["token"] = _("the token that site gave this one (16 to 200 characters)")
    if errors:
        raise InvalidInput(_("The peer was not added; see the fields."), errors)
    return code, url, token


def add(uow: UnitOfWork, actor: Actor, code: str, url: str, token: str = "", *, new_token: bool = False,
        key: str | None = None) -> PeerAdded:
    """Add a peer, or change its address or the token we call it with. A new peer (or `new_token`) gets a
    token to call this site with, shown once; the other site's admin passes it to their `floor peer add`."""
    actor.require(Permission.MANAGE_USERS, Permission.SYSTEM)
    code, url, token = _check(code, url, token)
    ours = "flp_" + secrets.token_urlsafe(32)

    def work(uow: UnitOfWork) -> PeerAdded:
        peer = uow.session.execute(select(Peer).where(Peer.code == code)).scalar_one_or_none()
        fresh = peer is None or new_token
        if peer is None:
            peer = Peer(code=code, url=url, token=token, created_at=uow.now())
            uow.session.add(peer)
        peer.url = url
        peer.token = token or peer.token
        if fresh:
            peer.inbound_token_hash = token_hash(ours)
        uow.session.flush()
        audit(uow, actor, "peer.added", "peer", peer.id, {"site": code, "url": url, "new_token": fresh})
        return PeerAdded(_view(uow, peer), ours if fresh else None)

    return commands.run(uow, actor, key, "peer.add", {"site": code, "url": url, "token": token_hash(token),
                                                      "new": new_token}, PeerAdded, work)


def _view(uow: UnitOfWork, peer: Peer) -> PeerView:
    warehouses = tuple(uow.session.execute(select(Warehouse.code).where(Warehouse.site == peer.code)
                                           .order_by(Warehouse.code)).scalars())
    pending = uow.session.execute(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.peer == peer.code, OutboxMessage.delivered_at.is_(None))).scalar_one()
    return PeerView(peer.code, peer.url, warehouses, pending, peer.last_seen_at, peer.last_error)


def listing(uow: UnitOfWork, actor: Actor) -> list[PeerView]:
    """Every peer, its warehouses, and how the link to it is doing."""
    actor.require(Permission.SUPERVISE, Permission.SYSTEM)
    with uow.reading() as uow:
        return [_view(uow, p) for p in uow.session.execute(select(Peer).order_by(Peer.code)).scalars()]


def authenticate(uow: UnitOfWork, token: str | None) -> Actor:
    """The peer a bearer token belongs to (acting with the site role), or BadCredentials."""
    if not token or len(token) > 200:
        raise BadCredentials(_("Send this site's peer token as 'Authorization: Bearer <token>'."), token_given=False)
    digest = token_hash(token)
    with uow.reading() as uow:
        peer = uow.session.execute(select(Peer).where(Peer.inbound_token_hash == digest)).scalar_one_or_none()
        if peer is None or not hmac.compare_digest(peer.inbound_token_hash or "", digest):
            raise BadCredentials(_("This peer token is not valid."), token_given=True)
        return Actor.peer(peer.code)


def learn_warehouses(uow: UnitOfWork, site: str, warehouses) -> None:
    """Keep the peer's warehouses (code, name, address) here, so a transfer can be planned to one of them."""
    for w in warehouses:
        row = uow.session.execute(select(Warehouse).where(Warehouse.code == w.code)).scalar_one_or_none()
        if row is None:
            row = Warehouse(code=w.code, name=w.name, country=w.country, site=site)
            uow.session.add(row)
        elif row.site != site:
            continue   # a code this site uses for its own warehouse: never overwritten by a peer
        row.name, row.country = w.name, w.country
        row.address_lines, row.city, row.postal_code = w.address_lines, w.city, w.postal_code
    uow.session.flush()


def peer_by_code(uow: UnitOfWork, code: str) -> Peer:
    peer = uow.session.execute(select(Peer).where(Peer.code == code)).scalar_one_or_none()
    if peer is None:
        raise NotFound(_("No peer {code}.", code=code))
    return peer
