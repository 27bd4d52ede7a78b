"""Label layouts (data in, PDF or ZPL out) and the printers that print them; imports nothing from app."""

from .documents import (
    Address,
    BinLabel,
    CartonLabel,
    EvidenceLine,
    EvidencePack,
    EvidenceUnit,
    Manifest,
    ManifestRow,
    PackingSlip,
    PackingSlipLine,
    ProductLabel,
    ReturnLabel,
    ShippingLabel,
)
from .errors import LabelDataError, PrinterError, PrinterUnreachable
from .layouts import DPIS, LAYOUTS, Layout, Media, layout, layout_of
from .render import render_pdf
from .zpl import render_zpl

__all__ = [
    "Address", "BinLabel", "CartonLabel", "EvidenceLine", "EvidencePack", "EvidenceUnit", "LabelDataError", "Manifest",
    "ManifestRow", "PackingSlip", "PackingSlipLine", "PrinterError", "PrinterUnreachable", "ProductLabel",
    "ReturnLabel", "ShippingLabel",
    "DPIS", "LAYOUTS", "Layout", "Media", "layout", "layout_of",
    "render_pdf", "render_zpl",
]
