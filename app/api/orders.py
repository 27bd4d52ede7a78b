"""The shop's orders: send one, read one, list them (cursor pages), cancel one. Each seller its own only."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, StrictInt, StringConstraints

from app.api.deps import IdempotencyKey, Seller, command_key, floor_of
from app.api.paging import Cursor, Limit, UpdatedSince, decode, page
from app.api.schemas import IdPath, Page, Strict, Text
from app.db.models.orders import ORDER_STATUSES
from app.domain.orders import AddressIn, LineIn, OrderIn
from app.services import cancel, listing, orders
from app.services.results import to_json

router = APIRouter(prefix="/api/v1", tags=["orders"])
OrderStatus = Literal[ORDER_STATUSES]  # type: ignore[valid-type]
OrderId = Annotated[int, IdPath("The order's id, as the answer to POST /api/v1/orders gave it.")]


class AddressBody(Strict):
    name: Text(200, 1)
    company: Text(200) = ""
    lines: list[Text(200)] = Field(min_length=1, max_length=3)
    city: Text(120, 1)
    region: Text(120) = ""
    postal_code: Text(20) = ""
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] = Field(
        description="ISO 3166-1 alpha-2, upper case.", examples=["JP"])
    phone: Text(40) = ""
    email: Text(200) = ""
    language: Annotated[str, StringConstraints(pattern=r"^$|^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8}){0,3}$")] = Field(
        "", description="The buyer's language (BCP 47, e.g. es, es-MX, fr, zh-Hans): the return label and packing "
        "slip speak it when Floor prints in it (en, es, fr, zh-Hans); otherwise, and when left out, the warehouse's.",
        examples=["es-MX"])


class LineBody(Strict):
    sku: Text(64, 1)
    quantity: StrictInt = Field(ge=1, le=100_000)
    declared_value: Decimal | None = Field(
        None, ge=0, lt=10_000_000_000, decimal_places=2,
        description="One unit's value for customs (a parcel leaving the warehouse's customs area), in `currency`.",
        examples=["19.90"])
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = Field(
        None, description="ISO 4217 of `declared_value`, e.g. EUR; required with it.", examples=["EUR"])


EXAMPLE_ORDER = {
    "external_ref": "SHOP-20261201-0042", "warehouse": "W1", "service_level": "express",
    "ship_by": "2026-12-01T16:00:00+01:00",
    "ship_to": {"name": "Ada Lovelace", "lines": ["12 St James's Square"], "city": "London", "postal_code": "SW1Y 4JH",
                "country": "GB", "phone": "+44 20 7946 0000", "email": "ada@example.com"},
    "lines": [{"sku": "TSHIRT-M-BLK", "quantity": 2, "declared_value": "19.90", "currency": "GBP"}],
}


class OrderBody(Strict):
    external_ref: Text(64, 1) = Field(description="Your order reference; unique per seller (all 64 characters "
                                                 "count).")
    warehouse: Text(16, 1)
    service_level: Text(20) = Field("standard", description="standard, express or economy.")
    ship_by: datetime = Field(description="ISO 8601 with a time zone.")
    ship_to: AddressBody
    lines: list[LineBody] = Field(min_length=1, max_length=500)

    model_config = {"json_schema_extra": {"examples": [EXAMPLE_ORDER]}}

    def to_domain(self) -> OrderIn:
        a = self.ship_to
        return OrderIn(
            external_ref=self.external_ref, warehouse=self.warehouse, service_level=self.service_level,
            ship_by=self.ship_by,
            ship_to=AddressIn(name=a.name, company=a.company, lines=tuple(a.lines), city=a.city, region=a.region,
                              postal_code=a.postal_code, country=a.country, phone=a.phone, email=a.email,
                              language=a.language),
            lines=tuple(LineIn(line.sku, line.quantity, line.declared_value, line.currency or "")
                        for line in self.lines))


class OrderLine(BaseModel):
    line_no: int
    sku: str
    name: str
    quantity: int
    allocated: int
    picked: int
    packed: int
    shipped: int


class Address(BaseModel):
    name: str
    company: str
    lines: list[str]
    city: str
    region: str
    postal_code: str
    country: str
    phone: str
    email: str
    language: str = Field("", description="The buyer's language as Floor prints in it (en, es, fr, zh_Hans); "
                                          "empty: the warehouse's.")


class PackageOut(BaseModel):
    number: int
    status: str
    sscc: str | None
    carrier: str
    service: str
    tracking_number: str | None
    weight_g: int | None
    shipped_at: datetime | None
    contents: dict[str, int] = Field(description="SKU -> units in this package.")


class Order(BaseModel):
    id: int
    seller: str
    external_ref: str
    status: OrderStatus
    warehouse: str
    service_level: str
    ship_by: datetime
    ship_to: Address
    lines: list[OrderLine]
    created_at: datetime
    packages: list[PackageOut]


class OrderSummary(BaseModel):
    id: int
    external_ref: str
    status: OrderStatus
    warehouse: str
    service_level: str
    ship_by: datetime
    created_at: datetime
    updated_at: datetime = Field(description="When the order last changed (its status).")


class CancelBody(Strict):
    reason: Text(300) = Field("", description="Why (kept in the audit log and sent in order.cancelled).",
                              examples=["buyer cancelled in the app"])


class PutBackOut(BaseModel):
    sku: str
    lot: str
    quantity: int
    tote: str


class Cancelled(BaseModel):
    order: Order
    released_units: int = Field(description="Reserved units let go (they were never picked).")
    put_back: list[PutBackOut] = Field(description="Picked units on their way back to a bin by a put-back task.")
    message: str


@router.post("/orders", status_code=201, response_model=Order, operation_id="createOrder",
             summary="Send an order to be picked, packed and shipped",
             responses={409: {"description": "The Idempotency-Key (or external_ref) was used for another request"}})
def post_order(body: OrderBody, request: Request, actor: Seller, idempotency_key: IdempotencyKey = None) -> dict:
    """Accepts the order in one transaction. Sending the same order again (same Idempotency-Key, or without
    one the same external_ref) answers the first order; the same key with other content is 409 key_reused."""
    key = command_key(actor, idempotency_key, "order-ref:" + body.external_ref)
    return to_json(orders.accept_order(floor_of(request).uow(), actor, body.to_domain(), key=key))


@router.get("/orders", response_model=Page[OrderSummary], operation_id="listOrders",
            summary="The seller's orders, oldest change first, a page at a time")
def list_orders(request: Request, actor: Seller, status: OrderStatus | None = None,
                updated_since: UpdatedSince = None, cursor: Cursor = None, limit: Limit = 50) -> dict:
    filters = {"status": status, "updated_since": updated_since}
    listed = listing.orders(floor_of(request).uow(), actor, status=status, updated_since=updated_since,
                            after=decode(cursor, filters), limit=limit)
    return page(listed, filters)


@router.get("/orders/{order_id}", response_model=Order, operation_id="getOrder",
            summary="An order with its lines, packages and shipped quantities")
def get_order(order_id: OrderId, request: Request, actor: Seller) -> dict:
    return to_json(orders.get_order(floor_of(request).uow(), actor, order_id))


@router.post("/orders/{order_id}/cancel", response_model=Cancelled, operation_id="cancelOrder",
             summary="Cancel an order that has not shipped",
             responses={409: {"description": "The order has shipped (already_shipped): authorise a return"}})
def cancel_order(order_id: OrderId, request: Request, actor: Seller, body: CancelBody | None = None,
                 idempotency_key: IdempotencyKey = None) -> dict:
    """Before picking, its reservations are released. During or after picking, what was picked goes back to
    stock by a put-back on the floor (the picker and packer are told). After shipping: 409 already_shipped.
    Cancelling a cancelled order answers 200 again."""
    reason = body.reason if body else ""
    key = command_key(actor, idempotency_key, f"order-cancel:{order_id}:{reason}")
    return to_json(cancel.cancel_order(floor_of(request).uow(), actor, order_id, reason=reason, key=key))
