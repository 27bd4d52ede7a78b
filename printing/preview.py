"""A picture of a document's first page, for the station's in-page viewer (a browser without a PDF
viewer in a frame still shows it); the PDF itself is what gets printed."""

from __future__ import annotations

import io

import pypdfium2 as pdfium

PREVIEW_DPI = 110   # a 4x6 label is 440x660 px: sharp on a tablet, about 40 KB


def first_page_png(pdf: bytes, dpi: int = PREVIEW_DPI) -> bytes:
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=dpi / 72).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()
    finally:
        document.close()
