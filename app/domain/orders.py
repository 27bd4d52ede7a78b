"""An order as the shop sends it, and the rules it must pass before it is accepted."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from app.i18n import _

SERVICE_LEVELS = ("economy", "standard", "express")
MAX_LINES = 500
MAX_QUANTITY = 10_000


@dataclass(frozen=True)
class AddressIn:
    name: str
    lines: tuple[str, ...]
    city: str
    country: str
    postal_code: str = ""
    region: str = ""
    company: str = ""
    phone: str = ""
    email: str = ""
    language: str = ""   # the buyer's (BCP 47), for their return label and packing slip


@dataclass(frozen=True)
class LineIn:
    sku: str
    quantity: int
    declared_value: Decimal | None = None   # one unit's value for customs, in `currency`
    currency: str = ""


@dataclass(frozen=True)
class OrderIn:
    external_ref: str
    warehouse: str
    ship_by: datetime
    ship_to: AddressIn
    lines: tuple[LineIn, ...]
    service_level: str = "standard"


def clean_text(value: object) -> str:
    """NFC-normalised text without control characters (any script is welcome)."""
    if not isinstance(value, str):
        raise ValueError(_("must be text"))
    text = unicodedata.normalize("NFC", value).strip()
    if any(unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn") for c in text):
        raise ValueError(_("contains control or unassigned characters"))
    return text


def _text(errors: dict, field: str, value: object, *, required: bool, max_len: int) -> str:
    try:
        text = clean_text(value if value is not None else "")
    except ValueError as exc:
        errors[field] = str(exc)
        return ""
    if required and not text:
        errors[field] = _("required")
    elif len(text) > max_len:
        errors[field] = _("at most {len} characters", len=max_len)
    return text


def check_order(order: OrderIn) -> dict[str, str]:
    """Field path -> what is wrong; empty when the order may be accepted (SKUs checked later)."""
    e: dict[str, str] = {}
    ref = _text(e, "external_ref", order.external_ref, required=True, max_len=64)
    if ref and not ref.isprintable():
        e["external_ref"] = _("printable characters only")
    _text(e, "warehouse", order.warehouse, required=True, max_len=16)
    if order.service_level not in SERVICE_LEVELS:
        e["service_level"] = _("one of {levels}", levels=', '.join(SERVICE_LEVELS))
    if not isinstance(order.ship_by, datetime):
        e["ship_by"] = _("a date and time")
    a = order.ship_to
    _text(e, "ship_to.name", a.name, required=True, max_len=200)
    _text(e, "ship_to.company", a.company, required=False, max_len=200)
    _text(e, "ship_to.city", a.city, required=True, max_len=120)
    _text(e, "ship_to.region", a.region, required=False, max_len=120)
    _text(e, "ship_to.postal_code", a.postal_code, required=False, max_len=20)
    _text(e, "ship_to.phone", a.phone, required=False, max_len=40)
    _text(e, "ship_to.email", a.email, required=False, max_len=200)
    if not isinstance(a.country, str) or len(a.country) != 2 or not a.country.isascii() \
            or not a.country.isalpha() or not a.country.isupper():
        e["ship_to.country"] = _("two capital letters (ISO 3166), e.g. DE")
    if not a.lines or len(a.lines) > 3:
        e["ship_to.lines"] = _("1 to 3 address lines")
    for i, line in enumerate(a.lines or ()):
        _text(e, f"ship_to.lines[{i}]", line, required=i == 0, max_len=200)
    if not order.lines:
        e["lines"] = _("at least one line")
    elif len(order.lines) > MAX_LINES:
        e["lines"] = _("at most {n} lines", n=MAX_LINES)
    seen: dict[str, int] = {}
    for i, line in enumerate(order.lines[:MAX_LINES]):
        sku = _text(e, f"lines[{i}].sku", line.sku, required=True, max_len=64)
        q = line.quantity
        if isinstance(q, bool) or not isinstance(q, int) or not 1 <= q <= MAX_QUANTITY:
            e[f"lines[{i}].quantity"] = _("a whole number from 1 to {n}", n=MAX_QUANTITY)
        if sku and sku in seen:
            e[f"lines[{i}].sku"] = _("{sku} is already on line {other}; put all its units on one line",
                                        sku=sku, other=seen[sku] + 1)
        seen.setdefault(sku, i)
        value = line.declared_value
        if value is not None and (not isinstance(value, Decimal) or not value.is_finite() or value < 0
                                  or value >= Decimal("1e10") or value != value.quantize(Decimal("0.01"))):
            e[f"lines[{i}].declared_value"] = _("an amount of 0 or more with at most 2 decimals")
        if value is not None and not (isinstance(line.currency, str) and len(line.currency) == 3
                                      and line.currency.isascii() and line.currency.isalpha()
                                      and line.currency.isupper()):
            e[f"lines[{i}].currency"] = _("three capital letters (ISO 4217), e.g. EUR")
    return e


def as_utc(moment: datetime) -> datetime:
    """A naive time is taken as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
