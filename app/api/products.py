"""The seller's catalogue and stock: create or change a product by its SKU, a thousand at a time, read one,
list them by cursor, and read a SKU's stock per warehouse. Each seller its own only."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, Field, StrictBool, StrictInt, StringConstraints

from app.api.deps import IdempotencyKey, Seller, command_key, floor_of
from app.api.paging import Cursor, Limit, UpdatedSince, decode, page
from app.api.schemas import Page, Strict, Text
from app.domain.catalogue import ProductIn
from app.services import products, stock_levels
from app.services.results import to_json

router = APIRouter(prefix="/api/v1", tags=["products"])
SkuPath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._+\-]{0,63}$",
                              description="The seller's SKU (one with a / goes by products:batch).",
                              examples=["TSHIRT-M-BLK"])]
Digits = Annotated[str, StringConstraints(pattern=r"^\d{8,14}$")]

EXAMPLE = {"name": "T-shirt, black, M", "gtin": "4006381333931", "weight_g": 180, "length_mm": 300, "width_mm": 220,
           "height_mm": 20, "hazmat_un": None, "track_lot": False, "track_expiry": False, "track_serial": False,
           "hs_code": "610910", "country_of_origin": "PT", "return_rules": {"A": "restock", "D": "quarantine"}}


class ProductBody(Strict):
    name: Text(200, 1)
    gtin: Digits | None = Field(None, description="GTIN-8/12/13/14 with a valid check digit; null if none.")
    weight_g: StrictInt = Field(0, ge=0, le=1_000_000)
    length_mm: StrictInt = Field(0, ge=0, le=10_000)
    width_mm: StrictInt = Field(0, ge=0, le=10_000)
    height_mm: StrictInt = Field(0, ge=0, le=10_000)
    hazmat_un: Text(6) | None = Field(None, description="UN number (UN3481) for dangerous goods; null if none.")
    track_lot: StrictBool = False
    track_expiry: StrictBool = False
    track_serial: StrictBool = False
    hs_code: Text(10) | None = Field(None, description="Customs tariff number, 6-10 digits.")
    country_of_origin: Text(2) | None = Field(None, description="ISO 3166-1 alpha-2.")
    return_rules: dict[Text(20), Text(20)] | None = Field(
        None, description="Condition grade -> disposition for returns of this product (else the seller's rules).")

    model_config = {"json_schema_extra": {"examples": [EXAMPLE]}}

    def to_domain(self, sku: str) -> ProductIn:
        return ProductIn(sku=sku, **self.model_dump())


class BatchItem(ProductBody):
    sku: Text(64, 1)

    def to_domain(self, sku: str | None = None) -> ProductIn:
        return ProductIn(**self.model_dump())


class BatchBody(Strict):
    items: list[BatchItem] = Field(min_length=1, max_length=products.MAX_BATCH)


class Product(BaseModel):
    sku: str
    seller: str
    name: str
    gtin: str | None
    weight_g: int
    length_mm: int
    width_mm: int
    height_mm: int
    hazmat_un: str | None
    track_lot: bool
    track_expiry: bool
    track_serial: bool
    hs_code: str | None
    country_of_origin: str | None
    return_rules: dict[str, str] | None
    active: bool
    created_at: datetime
    updated_at: datetime


class BatchSaved(BaseModel):
    created: int
    updated: int
    unchanged: int


class StockLevel(BaseModel):
    warehouse: str
    on_hand: int = Field(description="Units in the warehouse's bins and work places (not in transit).")
    allocated: int = Field(description="Of on_hand, reserved for orders.")
    available: int = Field(description="Free units in pick bins: what a new order can have now.")
    in_transit: int = Field(description="Units on their way to this warehouse by a transfer.")
    inbound: int = Field(description="Units announced by inbounds and not received yet.")


class StockOfSku(BaseModel):
    sku: str
    warehouses: list[StockLevel]


@router.put("/products/{sku}", response_model=Product, operation_id="putProduct",
            summary="Create a product, or change it to what is sent",
            responses={201: {"description": "Created", "model": Product},
                       409: {"description": "The Idempotency-Key was used for another request (key_reused)"}})
def put_product(sku: SkuPath, body: ProductBody, request: Request, response: Response, actor: Seller,
                idempotency_key: IdempotencyKey = None) -> dict:
    """201 when the SKU is new, 200 when it existed (changed or not: the same body again changes nothing,
    not even updated_at). Return rules are checked against the grades and dispositions Floor knows."""
    key = command_key(actor, idempotency_key)
    result = products.put_product(floor_of(request).uow(), actor, body.to_domain(sku), key=key)
    response.status_code = 201 if result.created else 200
    return to_json(result.product)


@router.post("/products:batch", response_model=BatchSaved, operation_id="putProducts",
             summary="Create or change up to 1,000 products in one transaction",
             responses={409: {"description": "The Idempotency-Key was used for another request (key_reused)"}})
def put_products(body: BatchBody, request: Request, actor: Seller, idempotency_key: IdempotencyKey = None) -> dict:
    """All saved, or none with every problem as `items[i].field` (a SKU twice, a GTIN another SKU holds...)."""
    key = command_key(actor, idempotency_key)
    return to_json(products.put_products(floor_of(request).uow(), actor, [i.to_domain() for i in body.items], key=key))


@router.get("/products", response_model=Page[Product], operation_id="listProducts",
            summary="The seller's products, oldest change first, a page at a time")
def list_products(request: Request, actor: Seller, updated_since: UpdatedSince = None, cursor: Cursor = None,
                  limit: Limit = 50) -> dict:
    filters = {"updated_since": updated_since}
    listed = products.list_products(floor_of(request).uow(), actor, updated_since=updated_since,
                                    after=decode(cursor, filters), limit=limit)
    return page(listed, filters)


@router.get("/products/{sku}", response_model=Product, operation_id="getProduct", summary="One product by its SKU")
def get_product(sku: SkuPath, request: Request, actor: Seller) -> dict:
    return to_json(products.get_product(floor_of(request).uow(), actor, sku))


@router.get("/stock", response_model=StockOfSku, operation_id="getStock",
            summary="A SKU's stock per warehouse: on hand, allocated, available, in transit, inbound")
def get_stock(request: Request, actor: Seller,
              sku: Annotated[str, Query(min_length=1, max_length=64, description="The seller's SKU (or its GTIN).")],
              warehouse: Annotated[str | None, Query(max_length=16, description="One warehouse's code.")] = None
              ) -> dict:
    return to_json(stock_levels.stock_of(floor_of(request).uow(), actor, sku, warehouse=warehouse))
