"""Site to site: a peer (with the token this site gave it, acting with the site role) reads this site's
stock picture for the planner and the network view, and delivers transfer messages to the inbox."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, Field

from app.api.deps import bearer, floor_of
from app.api.schemas import Strict, Text
from app.domain.roles import Actor
from app.services import network, peers, planner
from app.services.planner import Snapshot
from app.services.results import to_json

router = APIRouter(prefix="/api/v1/network", tags=["network"])


def peer_actor(request: Request,
               credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Actor:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return peers.authenticate(floor_of(request).uow(), token.strip() if scheme.lower() == "bearer" else None)


PeerSite = Annotated[Actor, Depends(peer_actor)]


class MessageBody(Strict):
    message_id: Text(80, 1) = Field(description="The sender's id of the message: a redelivery changes nothing.")
    topic: Text(40, 1)
    ref: Text(40, 1) = Field(description="The transfer it is about; messages of one transfer come in order.")
    payload: dict[str, Any]


class MessageAnswer(BaseModel):
    message_id: str
    duplicate: bool
    effect: str


@router.get("/snapshot", response_model=Snapshot, operation_id="getNetworkSnapshot",
            summary="This site's warehouses and, per SKU and warehouse, stock, transit, inbound, backlog and demand")
def get_snapshot(request: Request, actor: PeerSite) -> dict:
    return to_json(planner.snapshot(floor_of(request).uow(), actor))


@router.post("/messages", response_model=MessageAnswer, operation_id="postNetworkMessage",
             summary="Deliver a transfer message to this site's inbox (taken once by its id)")
def post_message(body: MessageBody, request: Request, actor: PeerSite) -> dict:
    return to_json(network.accept(floor_of(request).uow(), actor, body.message_id, body.topic, body.ref,
                                  body.payload))
