"""POST /api/v1/returns and GET /api/v1/returns/{rma}: free returns the shop authorises and reads back."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from app.api.deps import floor_of, public_url_for, seller_actor
from app.domain.roles import Actor
from app.services import printjobs, returns, sellers
from app.services.results import to_json

router = APIRouter(prefix="/api/v1", tags=["returns"])


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=500)


class ReturnLineBody(Strict):
    sku: StrictStr = Field(min_length=1, max_length=64)
    quantity: StrictInt
    reason: StrictStr = Field(default="", max_length=200)


class ReturnBody(Strict):
    order_id: StrictInt
    reason: StrictStr = Field(default="", max_length=300)
    lines: list[ReturnLineBody] = Field(min_length=1, max_length=100)


def _answer(request: Request, view: returns.RmaView) -> dict:
    body = to_json(view)
    label = view.label_job
    body["return_label_url"] = public_url_for(request, "print_pdf", public_id=label) if label else None
    return body


@router.post("/returns", status_code=201, summary="Authorise a free return; the answer links its return label")
def post_return(body: ReturnBody, request: Request, actor: Annotated[Actor, Depends(seller_actor)],
                idempotency_key: Annotated[str | None, Header()] = None) -> dict:
    key = f"api:{actor.seller_id}:{idempotency_key}" if idempotency_key else None
    lines = [returns.LineRequest(l.sku, l.quantity, l.reason) for l in body.lines]
    view = returns.authorise(floor_of(request).uow(), actor, body.order_id, lines, body.reason, key=key)
    return _answer(request, view)


@router.get("/returns/{number}", summary="A return with what came back, its grades, dispositions and outcome")
def get_return(number: str, request: Request, actor: Annotated[Actor, Depends(seller_actor)]) -> dict:
    return _answer(request, returns.get(floor_of(request).uow(), actor, number[:30]))


class WebhookBody(Strict):
    url: StrictStr = Field(min_length=8, max_length=500)


@router.put("/webhook", summary="Where return outcomes (refund triggers) are POSTed; answers the signing secret")
def put_webhook(body: WebhookBody, request: Request, actor: Annotated[Actor, Depends(seller_actor)]) -> dict:
    secret = sellers.configure_webhook(floor_of(request).uow(), actor, actor.name, body.url)
    return {"url": body.url, "secret": secret, "signature_header": "X-Floor-Signature",
            "signature": "sha256=HMAC-SHA256(secret, raw body) as hex"}


@router.get("/returns/{number}/evidence.pdf", summary="The return's evidence pack (grades, notes, photos, who, when)")
def get_evidence(number: str, request: Request, actor: Annotated[Actor, Depends(seller_actor)]) -> Response:
    floor = floor_of(request)
    view = returns.get(floor.uow(), actor, number[:30])
    job = returns.evidence_job(floor.uow(), actor, view.id)
    return Response(printjobs.pdf_of(floor.reader(), floor.print_setup, job.public_id), media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="evidence-{view.number}.pdf"'})
