"""POST /api/v1/inbounds and GET /api/v1/inbounds/{id}: a seller announces stock and reads what arrived."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from app.api.deps import floor_of, seller_actor
from app.domain.roles import Actor
from app.services import inbound
from app.services.results import to_json

router = APIRouter(prefix="/api/v1", tags=["inbounds"])


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=500)


class InboundLineBody(Strict):
    sku: StrictStr = Field(min_length=1, max_length=64)
    quantity: StrictInt
    lot: StrictStr = Field(default="", max_length=40)
    expiry: date | None = None


class InboundBody(Strict):
    reference: StrictStr = Field(min_length=1, max_length=64)
    warehouse: StrictStr = Field(min_length=1, max_length=16)
    expected_at: datetime | None = None
    lines: list[InboundLineBody] = Field(min_length=1, max_length=1000)
    cartons: list[StrictStr] = Field(default_factory=list, max_length=1000)


@router.post("/inbounds", status_code=201, summary="Announce an inbound shipment (SKUs, quantities, lots, cartons)")
def post_inbound(body: InboundBody, request: Request, actor: Annotated[Actor, Depends(seller_actor)],
                 idempotency_key: Annotated[str | None, Header()] = None) -> dict:
    key = f"api:{actor.seller_id}:{idempotency_key or 'inb:' + body.reference}"
    lines = [inbound.InboundLineIn(l.sku, l.quantity, l.lot, l.expiry) for l in body.lines]
    return to_json(inbound.announce(floor_of(request).uow(), actor, body.warehouse, body.reference, lines,
                                    body.cartons, key=key[:80]))


@router.get("/inbounds/{inbound_id}", summary="What arrived: received, damaged and the discrepancies")
def get_inbound(inbound_id: int, request: Request, actor: Annotated[Actor, Depends(seller_actor)]) -> dict:
    return to_json(inbound.get(floor_of(request).uow(), actor, inbound_id))
