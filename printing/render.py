"""Documents in, PDF bytes out: one page per label, a batch of same-type documents in one PDF."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.pdfgen.canvas import Canvas

from . import fonts
from .barcodes import Grid
from .errors import LabelDataError
from .layouts import check_dpi, layout_of
from .layouts.kit import Page
from .layouts.layout import Media


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


class _Pages:
    """Opens the pages of one PDF on `media`, each on the dot grid of `dpi`, ending the one before."""

    def __init__(self, canvas: Canvas, dpi: int, media: Media) -> None:
        self.canvas, self.dpi = canvas, dpi
        self.size = media.points(dpi)
        self.dots = media.dots(dpi)
        self.open = False

    def __call__(self) -> Page:
        if self.open:
            self.canvas.showPage()
        self.canvas.setPageSize(self.size)
        self.open = True
        return Page(self.canvas, Grid(self.dpi, self.size[1]), *self.dots)

    def end(self) -> None:
        if self.open:
            self.canvas.showPage()


def render_pdf(doc_or_docs, *, dpi: int = 203, page: str | None = None, compress: bool | None = None) -> bytes:
    """Render one document, or a sequence of same-kind documents, to one PDF built for `dpi` on `page`
    (a layout's media by name, e.g. "A4", "Letter" or "2x1" for bin labels; None: the layout's first).

    `compress` defaults to on for batches and documents of many pages (manifests, evidence packs), and off
    for a single label or slip: for one label, zlib on its page costs more time than the few KB it saves.
    """
    docs = _as_list(doc_or_docs)
    layout = layout_of(docs[0])
    media = layout.on(page)
    check_dpi(dpi, layout.dpis)
    fonts.register()
    buffer = io.BytesIO()
    if compress is None:
        compress = len(docs) > 1 or layout.compress
    # the initial font is one of ours: ReportLab's default would add an unused Helvetica to every PDF
    canvas = Canvas(buffer, invariant=1, pageCompression=1 if compress else 0, initialFontName=fonts.SANS.name)
    canvas.setTitle(f"{type(docs[0]).__name__} x{len(docs)}")
    canvas.setCreator("Floor printing")
    pages = _Pages(canvas, dpi, media)
    layout.pdf(pages, docs, media)
    pages.end()
    canvas.save()
    return buffer.getvalue()
