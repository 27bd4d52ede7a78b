"""Documents in, PDF bytes out: one page per label, a batch of same-type documents in one PDF."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen.canvas import Canvas

from . import fonts
from .barcodes import Grid
from .documents import (
    BinLabel,
    CartonLabel,
    EvidencePack,
    Manifest,
    PackingSlip,
    ProductLabel,
    ReturnLabel,
    ShippingLabel,
)
from .errors import LabelDataError
from .layouts import bins, carton, evidence, manifest, packing_slip, product, returns, shipping
from .layouts.kit import Page

SHEETS = {"A4": A4, "Letter": LETTER}
_LAYOUTS = {ShippingLabel: shipping, ReturnLabel: returns, CartonLabel: carton, ProductLabel: product}
SUPPORTED_DPI = (203, 300, 600)


def _as_list(doc_or_docs) -> list:
    docs = (list(doc_or_docs) if isinstance(doc_or_docs, Sequence) and not isinstance(doc_or_docs, str)
            else [doc_or_docs])
    if not docs:
        raise LabelDataError("documents", "nothing to render")
    kinds = {type(d) for d in docs}
    if len(kinds) > 1:
        raise LabelDataError("documents",
                             "one PDF holds documents of one kind: got " + ", ".join(sorted(k.__name__ for k in kinds)))
    return docs


def new_page(canvas: Canvas, dpi: int, size: tuple[float, float]) -> Page:
    """Start drawing a page of `size` points on the dot grid of `dpi`."""
    canvas.setPageSize(size)
    grid = Grid(dpi, size[1])
    return Page(canvas, grid, size[0] * dpi / 72.0, size[1] * dpi / 72.0)


def render_pdf(doc_or_docs, *, dpi: int = 203, page: str | None = None, compress: bool | None = None) -> bytes:
    """Render one document, or a sequence of same-kind documents, to one PDF built for `dpi`.

    `compress` defaults to on for batches, manifests and evidence packs, and off for a single label or
    slip: for one label, zlib on its page costs more time than the few KB it saves on a LAN.
    """
    if dpi not in SUPPORTED_DPI:
        raise LabelDataError("dpi", f"printers here have {', '.join(map(str, SUPPORTED_DPI))} dpi, not {dpi}")
    docs = _as_list(doc_or_docs)
    fonts.register()
    buffer = io.BytesIO()
    if compress is None:  # documents of many pages (a manifest, an evidence pack) go compressed
        compress = len(docs) > 1 or isinstance(docs[0], (Manifest, EvidencePack))
    # the initial font is one of ours: ReportLab's default would add an unused Helvetica to every PDF
    canvas = Canvas(buffer, invariant=1, pageCompression=1 if compress else 0, initialFontName=fonts.SANS.name)
    canvas.setTitle(f"{type(docs[0]).__name__} x{len(docs)}")
    canvas.setCreator("Floor printing")
    kind = type(docs[0])
    if kind is BinLabel:
        bins.draw_all(canvas, dpi, docs, page or "2x1", new_page)
    elif kind is PackingSlip:
        sheet = page or "A4"
        if sheet not in SHEETS:
            raise LabelDataError("page", f"a packing slip prints on A4 or Letter, not {sheet!r}")
        for doc in docs:
            packing_slip.draw(lambda: new_page(canvas, dpi, SHEETS[sheet]), doc)
    elif kind is Manifest:
        sheet = page or "A4"
        if sheet not in manifest.SIZES:
            raise LabelDataError("page", f"a manifest prints on A4 or Letter (landscape), not {sheet!r}")
        for doc in docs:
            manifest.draw(lambda: new_page(canvas, dpi, manifest.SIZES[sheet]), doc, sheet)
    elif kind is EvidencePack:
        sheet = page or "A4"
        if sheet not in SHEETS:
            raise LabelDataError("page", f"an evidence pack prints on A4 or Letter, not {sheet!r}")
        for doc in docs:
            evidence.draw(lambda: new_page(canvas, dpi, SHEETS[sheet]), doc)
    elif kind in _LAYOUTS:
        layout = _LAYOUTS[kind]
        if page not in (None, layout.PAGE_NAME):
            raise LabelDataError("page", f"a {kind.__name__} is {layout.PAGE_NAME} inch, not {page!r}")
        for doc in docs:
            layout.draw(new_page(canvas, dpi, layout.SIZE), doc)
            canvas.showPage()
    else:
        raise LabelDataError("document", f"cannot render a {kind.__name__}")
    canvas.save()
    return buffer.getvalue()
