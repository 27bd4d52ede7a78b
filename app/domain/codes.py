"""Our own barcodes: a short type prefix tells one scan field what was scanned."""

from __future__ import annotations

LOCATION = "LOC-"
TOTE = "TOTE-"
RMA = "RMA-"
BADGE = "BADGE-"
ORDER = "ORD-"
PACKAGE = "PKG-"
COUNT = "CNT-"
TRANSFER = "TRF-"
INBOUND = "INB-"


def location_barcode(code: str) -> str:
    return LOCATION + code


def badge_number(scanned: str) -> str:
    """A badge as stored: the scanned badge barcode without its prefix, or what was typed."""
    text = scanned.strip().upper()
    return text[len(BADGE):] if text.startswith(BADGE) else text
