"""Which product a scanned code is: its GTIN (any length, as GTIN-14) or its SKU, typed or scanned."""

from __future__ import annotations

from typing import Protocol

from app.domain.gs1 import gtin14
from app.domain.scanning import ScannedCode


class Coded(Protocol):
    sku: str
    gtin: str | None


def matches_code(sku: str, gtin: str | None, code: ScannedCode) -> bool:
    """Is the scanned item the product with this SKU and GTIN? A product with a GTIN is matched by it."""
    if code.gtin and gtin:
        return code.gtin == gtin14(gtin)
    return code.raw.strip().upper() == sku.upper()


def matches(product: Coded, code: ScannedCode) -> bool:
    return matches_code(product.sku, product.gtin, code)
