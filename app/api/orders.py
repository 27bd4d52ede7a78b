"""POST /api/v1/orders and GET /api/v1/orders/{id}: the shop's orders, each seller its own only."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from app.api.deps import floor_of, seller_actor
from app.domain.orders import AddressIn, LineIn, OrderIn
from app.domain.roles import Actor
from app.services import orders
from app.services.results import to_json

router = APIRouter(prefix="/api/v1", tags=["orders"])


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=500)


class AddressBody(Strict):
    name: StrictStr = Field(max_length=200)
    company: StrictStr = ""
    lines: list[StrictStr] = Field(min_length=1, max_length=3)
    city: StrictStr = Field(max_length=120)
    region: StrictStr = ""
    postal_code: StrictStr = ""
    country: StrictStr = Field(min_length=2, max_length=2)
    phone: StrictStr = ""
    email: StrictStr = ""


class LineBody(Strict):
    sku: StrictStr = Field(min_length=1, max_length=64)
    quantity: StrictInt


class OrderBody(Strict):
    external_ref: StrictStr = Field(min_length=1, max_length=64)
    warehouse: StrictStr = Field(min_length=1, max_length=16)
    service_level: StrictStr = "standard"
    ship_by: datetime
    ship_to: AddressBody
    lines: list[LineBody] = Field(min_length=1, max_length=500)

    def to_domain(self) -> OrderIn:
        a = self.ship_to
        return OrderIn(
            external_ref=self.external_ref, warehouse=self.warehouse,
            service_level=self.service_level, ship_by=self.ship_by,
            ship_to=AddressIn(name=a.name, company=a.company, lines=tuple(a.lines), city=a.city,
                              region=a.region, postal_code=a.postal_code, country=a.country,
                              phone=a.phone, email=a.email),
            lines=tuple(LineIn(line.sku, line.quantity) for line in self.lines),
        )


@router.post("/orders", status_code=201, summary="Send an order to be picked, packed and shipped")
def post_order(body: OrderBody, request: Request, actor: Annotated[Actor, Depends(seller_actor)],
               idempotency_key: Annotated[str | None, Header()] = None) -> dict:
    key = f"api:{actor.seller_id}:{idempotency_key}" if idempotency_key else None
    view = orders.accept_order(floor_of(request).uow(), actor, body.to_domain(), key=key)
    return to_json(view)


@router.get("/orders/{order_id}", summary="An order with its lines, packages and shipped quantities")
def get_order(order_id: int, request: Request, actor: Annotated[Actor, Depends(seller_actor)]) -> dict:
    return to_json(orders.get_order(floor_of(request).uow(), actor, order_id))
