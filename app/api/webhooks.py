"""The seller's webhook: where its events go, which events, the signing secret and its rotation."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, StrictInt

from app.api.deps import Seller, floor_of
from app.api.schemas import Strict, Text
from app.domain.webhooks import EVENTS
from app.services import webhooks
from app.services.results import to_json

router = APIRouter(prefix="/api/v1", tags=["webhooks"])
EventName = Literal[tuple(EVENTS)]  # type: ignore[valid-type]


class WebhookBody(Strict):
    url: Text(500, 8) = Field(description="https URL (plain http only to hosts the site's admin allows; never "
                                          "loopback, link-local, private addresses or the site's printers).",
                              examples=["https://shop.example.com/floor-events"])
    events: list[EventName] | None = Field(default=None, min_length=1, max_length=len(EVENTS),
                                           description="The events to receive; all of them when left out.")

    model_config = {"json_schema_extra": {"examples": [
        {"url": "https://shop.example.com/floor-events", "events": ["order.shipped", "return.closed"]}]}}


class RotateBody(Strict):
    overlap_seconds: StrictInt = Field(86_400, ge=0, le=604_800,
                                 description="How long the old secret keeps signing beside the new one.")


class Subscription(BaseModel):
    url: str | None
    events: list[EventName]
    secret: str | None = Field(description="The signing secret (whsec_...): only in the answer that made it "
                                           "(the first PUT, a rotation). Keep it; it is not shown again.")
    previous_secret_valid_until: datetime | None = Field(
        description="Until then every event carries a second signature made with the previous secret.")
    signature_headers: list[str] = Field(
        default=["webhook-id", "webhook-timestamp", "webhook-signature", "X-Floor-Signature"],
        description="Standard Webhooks headers, and the older X-Floor-Signature (sha256=HMAC of the body).")


class EventKind(BaseModel):
    name: EventName
    description: str


def _answer(view: webhooks.SubscriptionView) -> dict:
    return {**to_json(view), "signature_headers": Subscription.model_fields["signature_headers"].default}


@router.get("/webhook", response_model=Subscription, operation_id="getWebhook",
            summary="Where the seller's events are sent, and which")
def get_webhook(request: Request, actor: Seller) -> dict:
    return _answer(webhooks.subscription(floor_of(request).uow(), actor))


@router.put("/webhook", response_model=Subscription, operation_id="setWebhook",
            summary="Set the URL and the events; the first time, the answer holds the signing secret")
def put_webhook(body: WebhookBody, request: Request, actor: Seller) -> dict:
    floor = floor_of(request)
    return _answer(webhooks.subscribe(floor.uow(), actor, floor.webhooks.urls, actor.name, body.url,
                                      tuple(body.events) if body.events else None))


@router.delete("/webhook", response_model=Subscription, operation_id="deleteWebhook",
               summary="Stop sending events (what waits in the outbox is dropped)")
def delete_webhook(request: Request, actor: Seller) -> dict:
    return _answer(webhooks.unsubscribe(floor_of(request).uow(), actor))


@router.post("/webhook/rotate-secret", response_model=Subscription, operation_id="rotateWebhookSecret",
             summary="A new signing secret; the old one keeps signing beside it for the overlap")
def rotate_secret(request: Request, actor: Seller, body: RotateBody | None = None) -> dict:
    overlap = timedelta(seconds=(body or RotateBody()).overlap_seconds)
    return _answer(webhooks.rotate_secret(floor_of(request).uow(), actor, overlap))


@router.get("/webhook/events", response_model=list[EventKind], operation_id="listWebhookEvents",
            summary="Every event a seller can subscribe to")
def list_events(actor: Seller) -> list[dict]:
    return [{"name": name, "description": text} for name, text in EVENTS.items()]
