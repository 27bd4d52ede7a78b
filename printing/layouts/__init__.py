"""Every layout, each described once in its own module (its LAYOUT) and listed here: the one registry that
render_pdf, render_zpl, the samples and the app's print jobs read."""

from __future__ import annotations

from ..errors import LabelDataError
from . import bins, carton, evidence, manifest, packing_slip, product, returns, shipping
from .layout import DPIS, Layout, Media, check_dpi

LAYOUTS: dict[str, Layout] = {m.LAYOUT.name: m.LAYOUT for m in (
    shipping, returns, carton, product, bins, packing_slip, manifest, evidence)}
_BY_DOCUMENT = {layout.document: layout for layout in LAYOUTS.values()}

__all__ = ["DPIS", "LAYOUTS", "Layout", "Media", "check_dpi", "layout", "layout_of"]


def layout(name: str) -> Layout:
    """The layout called `name` ("shipping_label", "bin_labels", ...)."""
    return LAYOUTS[name]


def layout_of(doc) -> Layout:
    """The layout that draws this document."""
    found = _BY_DOCUMENT.get(type(doc))
    if found is None:
        raise LabelDataError("document", f"no layout draws a {type(doc).__name__}")
    return found
