"""This site among its peers: the planner's picture of every site (asked over HTTP, each peer with the token
it gave us), and the plan made from it. A peer that does not answer is named, and the plan is made without
it: each site keeps working alone when the link is down."""

from __future__ import annotations

import logging
from dataclasses import replace

import httpx
from sqlalchemy import select

from app.db.models import Peer
from app.db.uow import UnitOfWork
from app.domain.planning import Policy
from app.domain.roles import Actor, Permission
from app.services import planner
from app.services.planner import PlanView, Snapshot
from app.services.results import from_json

log = logging.getLogger(__name__)
TIMEOUT = httpx.Timeout(10.0, connect=3.0)


def peer_snapshot(url: str, token: str, site: str) -> Snapshot:
    """One peer's picture, its warehouses marked as that site's."""
    answer = httpx.get(f"{url.rstrip('/')}/api/v1/network/snapshot", headers={"Authorization": f"Bearer {token}"},
                       timeout=TIMEOUT)
    answer.raise_for_status()
    snap = from_json(Snapshot, answer.json())
    return replace(snap, site=site, warehouses=tuple(replace(w, site=site) for w in snap.warehouses))


def plan_network(uow: UnitOfWork, actor: Actor, *, policy: Policy | None = None, key: str | None = None) -> PlanView:
    """`floor plan transfers`: ask every peer for its picture, then plan the network (planner.propose)."""
    actor.require(Permission.SUPERVISE, Permission.SYSTEM)
    with uow.reading() as reader:
        peers = [(p.code, p.url, p.token) for p in reader.session.execute(select(Peer).order_by(Peer.code)).scalars()]
    pictures, unreachable = [], []
    for code, url, token in peers:
        try:
            pictures.append(peer_snapshot(url, token, code))
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            log.warning("peer %s did not give its picture: %s", code, exc)
            unreachable.append(code)
    return planner.propose(uow, actor, pictures, unreachable=unreachable, policy=policy, key=key)
