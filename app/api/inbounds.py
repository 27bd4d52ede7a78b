"""A seller announces stock coming in, lists its inbounds and reads what arrived."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, StrictInt

from app.api.deps import IdempotencyKey, Seller, command_key, floor_of
from app.api.paging import Cursor, Limit, UpdatedSince, decode, page
from app.api.schemas import IdPath, Page, Strict, Text
from app.services import inbound, listing
from app.services.results import to_json

router = APIRouter(prefix="/api/v1", tags=["inbounds"])
InboundStatus = Literal["announced", "receiving", "closed"]
InboundId = Annotated[int, IdPath("The inbound's id, as the announcement answered it.")]


class InboundLineBody(Strict):
    sku: Text(64, 1)
    quantity: StrictInt = Field(ge=1, le=1_000_000)
    lot: Text(40) = ""
    expiry: date | None = None


class InboundBody(Strict):
    reference: Text(64, 1) = Field(description="Your reference (ASN number); unique per seller.")
    warehouse: Text(16, 1)
    expected_at: datetime | None = None
    lines: list[InboundLineBody] = Field(min_length=1, max_length=1000)
    cartons: list[Text(40, 1)] = Field(default_factory=list, max_length=1000,
                                        description="SSCCs of the cartons (18 digits), if labelled.")

    model_config = {"json_schema_extra": {"examples": [
        {"reference": "ASN-2026-0077", "warehouse": "W1", "expected_at": "2026-12-03T09:00:00Z",
         "lines": [{"sku": "TSHIRT-M-BLK", "quantity": 240, "lot": "L2611", "expiry": None}],
         "cartons": ["000123450000000017"]}]}}


class InboundLine(BaseModel):
    sku: str
    name: str
    lot: str
    expiry: date | None
    expected: int
    received: int
    damaged: int


class Inbound(BaseModel):
    id: int
    number: str
    seller: str
    warehouse: str
    reference: str
    status: InboundStatus
    lines: list[InboundLine]
    cartons: list[tuple[str, bool]] = Field(description="[SSCC, received?] per announced carton.")
    outcome: dict | None = Field(description="Set when closed: the same data as the inbound.closed event.")
    created_at: datetime


class InboundSummary(BaseModel):
    id: int
    number: str
    reference: str
    status: InboundStatus
    warehouse: str
    expected_at: datetime | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None


@router.post("/inbounds", status_code=201, response_model=Inbound, operation_id="createInbound",
             summary="Announce an inbound shipment (SKUs, quantities, lots, cartons)",
             responses={409: {"description": "The Idempotency-Key (or reference) was used for another request"}})
def post_inbound(body: InboundBody, request: Request, actor: Seller, idempotency_key: IdempotencyKey = None) -> dict:
    """Without an Idempotency-Key the whole reference is the key: announcing it again answers the first."""
    key = command_key(actor, idempotency_key, "inbound-ref:" + body.reference)
    lines = [inbound.InboundLineIn(l.sku, l.quantity, l.lot, l.expiry) for l in body.lines]
    return to_json(inbound.announce(floor_of(request).uow(), actor, body.warehouse, body.reference, lines,
                                    body.cartons, key=key))


@router.get("/inbounds", response_model=Page[InboundSummary], operation_id="listInbounds",
            summary="The seller's inbounds, oldest change first, a page at a time")
def list_inbounds(request: Request, actor: Seller, status: InboundStatus | None = None,
                  updated_since: UpdatedSince = None, cursor: Cursor = None, limit: Limit = 50) -> dict:
    filters = {"status": status, "updated_since": updated_since}
    return page(listing.inbounds(floor_of(request).uow(), actor, status=status, updated_since=updated_since,
                                 after=decode(cursor, filters), limit=limit), filters)


@router.get("/inbounds/{inbound_id}", response_model=Inbound, operation_id="getInbound",
            summary="What arrived: received, damaged and the discrepancies")
def get_inbound(inbound_id: InboundId, request: Request, actor: Seller) -> dict:
    return to_json(inbound.get(floor_of(request).uow(), actor, inbound_id))
