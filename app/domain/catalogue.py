"""A seller's product as the shop or a CSV file describes it, and the rules it must pass to be stored."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.domain.gs1 import gtin_problem
from app.domain.orders import clean_text
from app.domain.returns import rules_problems
from app.i18n import _

SKU = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/+\-]{0,63}$")
UN_NUMBER = re.compile(r"^(UN)?(\d{4})$")
HS_CODE = re.compile(r"^\d{6,10}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
MAX_WEIGHT_G = 1_000_000       # a tonne: nothing a picker carries weighs more
MAX_SIDE_MM = 10_000


@dataclass(frozen=True)
class ProductIn:
    sku: str
    name: str
    gtin: str | None = None
    weight_g: int = 0
    length_mm: int = 0
    width_mm: int = 0
    height_mm: int = 0
    hazmat_un: str | None = None
    track_lot: bool = False
    track_expiry: bool = False
    track_serial: bool = False
    hs_code: str | None = None
    country_of_origin: str | None = None
    return_rules: dict | None = field(default=None, compare=False, hash=False)


def normal_un(text: str | None) -> str | None:
    """"3481" or "UN3481" as "UN3481"; None or "" as None; anything else unchanged (for the checker)."""
    if not text:
        return None
    found = UN_NUMBER.match(text.strip().upper())
    return f"UN{found.group(2)}" if found else text


def sku_problem(sku: str) -> str | None:
    if not isinstance(sku, str) or not SKU.match(sku):
        return _("1-64 letters, digits or . _ / + - (starting with a letter or digit)")
    return None


def check_product(p: ProductIn) -> dict[str, str]:
    """Field -> what is wrong; empty when the product may be stored."""
    e: dict[str, str] = {}
    if (problem := sku_problem(p.sku)) is not None:
        e["sku"] = problem
    try:   # plain ASCII (most names) needs no Unicode look-ups
        name = p.name.strip() if isinstance(p.name, str) and p.name.isascii() and p.name.isprintable() \
            else clean_text(p.name)
        if not name:
            e["name"] = _("required")
        elif len(name) > 200:
            e["name"] = _("at most {len} characters", len=200)
    except ValueError as exc:
        e["name"] = str(exc)
    if p.gtin is not None and (problem := gtin_problem(p.gtin)) is not None:
        e["gtin"] = problem
    if not 0 <= p.weight_g <= MAX_WEIGHT_G:
        e["weight_g"] = _("between 0 and {high} grams", high=MAX_WEIGHT_G)
    for side in ("length_mm", "width_mm", "height_mm"):
        if not 0 <= getattr(p, side) <= MAX_SIDE_MM:
            e[side] = _("between 0 and {high} mm", high=MAX_SIDE_MM)
    if p.hazmat_un is not None and not UN_NUMBER.match(p.hazmat_un):
        e["hazmat_un"] = _("a UN number like UN3481, or empty when the product is not dangerous goods")
    if p.hs_code is not None and not HS_CODE.match(p.hs_code):
        e["hs_code"] = _("6 to 10 digits (the customs tariff number, without dots)")
    if p.country_of_origin is not None and not COUNTRY.match(p.country_of_origin):
        e["country_of_origin"] = _("ISO 3166-1 alpha-2, upper case (e.g. DE)")
    e.update(rules_problems(p.return_rules))
    return e
