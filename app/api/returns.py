"""Free returns the shop authorises, lists and reads back, with the evidence pack for a dispute."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, StrictInt

from app.api.deps import IdempotencyKey, Seller, command_key, floor_of, public_url_for
from app.api.paging import Cursor, Limit, UpdatedSince, decode, page
from app.api.schemas import MAX_ID, Page, Strict, Text
from app.services import listing, returns
from app.services.results import to_json

router = APIRouter(prefix="/api/v1", tags=["returns"])
ReturnStatus = Literal["authorised", "receiving", "closed"]
RmaNumber = Annotated[str, Path(min_length=1, max_length=30, pattern=r"^[A-Za-z0-9-]+$",
                                description="The RMA number (RMA-100001) as the authorisation answered it.",
                                examples=["RMA-100001"])]


class ReturnLineBody(Strict):
    sku: Text(64, 1)
    quantity: StrictInt = Field(ge=1, le=100_000)
    reason: Text(200) = ""


class ReturnBody(Strict):
    order_id: StrictInt = Field(ge=1, le=MAX_ID)
    reason: Text(300) = ""
    lines: list[ReturnLineBody] = Field(min_length=1, max_length=100)

    model_config = {"json_schema_extra": {"examples": [
        {"order_id": 1042, "reason": "too small", "lines": [{"sku": "TSHIRT-M-BLK", "quantity": 1,
                                                              "reason": "size"}]}]}}


class ReturnLine(BaseModel):
    line_id: int
    sku: str
    name: str
    gtin: str
    image: str
    authorised: int
    received: int
    reason: str
    missing: int


class ReturnUnit(BaseModel):
    id: int
    sku: str
    name: str
    status: str
    grade: str
    observed_reason: str
    notes: str
    proposed: str
    disposition: str
    override_reason: str
    location: str
    suggested_bin: str
    photos: int
    label_job: str


class Return(BaseModel):
    id: int
    number: str
    status: ReturnStatus
    unexpected: bool
    order_id: int
    order_ref: str
    seller: str
    warehouse: str
    buyer_name: str
    buyer_reason: str
    lines: list[ReturnLine]
    units: list[ReturnUnit]
    label_job: str
    outcome: dict | None = Field(description="Set when closed: the same data as the return.closed event.")
    created_at: datetime
    return_label_url: str | None = Field(description="The prepaid return label (PDF) for the buyer.")


class ReturnSummary(BaseModel):
    id: int
    number: str
    order_id: int
    status: ReturnStatus
    warehouse: str
    unexpected: bool
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None


def _answer(request: Request, view: returns.RmaView) -> dict:
    body = to_json(view)
    label = view.label_job
    body["return_label_url"] = public_url_for(request, "print_pdf", public_id=label) if label else None
    return body


@router.post("/returns", status_code=201, response_model=Return, operation_id="createReturn",
             summary="Authorise a free return; the answer links its return label",
             responses={409: {"description": "The Idempotency-Key was used for another request"}})
def post_return(body: ReturnBody, request: Request, actor: Seller, idempotency_key: IdempotencyKey = None) -> dict:
    """Send an Idempotency-Key: without one, a retried call authorises a second return."""
    lines = [returns.LineRequest(l.sku, l.quantity, l.reason) for l in body.lines]
    view = returns.authorise(floor_of(request).uow(), actor, body.order_id, lines, body.reason,
                             key=command_key(actor, idempotency_key))
    return _answer(request, view)


@router.get("/returns", response_model=Page[ReturnSummary], operation_id="listReturns",
            summary="The seller's returns, oldest change first, a page at a time")
def list_returns(request: Request, actor: Seller, status: ReturnStatus | None = None,
                 updated_since: UpdatedSince = None, cursor: Cursor = None, limit: Limit = 50) -> dict:
    filters = {"status": status, "updated_since": updated_since}
    return page(listing.returns(floor_of(request).uow(), actor, status=status, updated_since=updated_since,
                                after=decode(cursor, filters), limit=limit), filters)


@router.get("/returns/{number}", response_model=Return, operation_id="getReturn",
            summary="A return with what came back, its grades, dispositions and outcome")
def get_return(number: RmaNumber, request: Request, actor: Seller) -> dict:
    return _answer(request, returns.get(floor_of(request).uow(), actor, number))


@router.get("/returns/{number}/evidence.pdf", operation_id="getReturnEvidence", response_class=Response,
            responses={200: {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
                             "description": "The evidence pack"}},
            summary="The return's evidence pack (grades, notes, photos, who, when) as a PDF")
def get_evidence(number: RmaNumber, request: Request, actor: Seller) -> Response:
    floor = floor_of(request)
    name, pdf = returns.evidence_pdf(floor.uow(), actor, floor.print_setup, number)
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="evidence-{name}.pdf"'})
