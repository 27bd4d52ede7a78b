"""Check a label like a scanner would: raster at printer dpi, threshold, decode, walk scan lines."""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import zxingcpp
from PIL import Image


@dataclass(frozen=True)
class Read:
    """One decoded symbol: zxing's format name, symbology identifier, text and where it sits."""

    format: str
    symbology: str
    text: str
    box: tuple[int, int, int, int]  # left, top, right, bottom in pixels


_FLAGS = (pdfium_c.FPDF_GRAYSCALE | pdfium_c.FPDF_RENDER_NO_SMOOTHTEXT | pdfium_c.FPDF_RENDER_NO_SMOOTHIMAGE
          | pdfium_c.FPDF_RENDER_NO_SMOOTHPATH)


def _render_exact(page, dpi: int) -> Image.Image:
    """One page at exactly dpi/72 pixels a point: pypdfium2's render() stretches the page to whole
    pixels, which moves bars by a fraction of a dot on pages (A4, Letter) that are not whole dots wide."""
    scale = dpi / 72
    width, height = math.ceil(page.get_width() * scale), math.ceil(page.get_height() * scale)
    bitmap = pdfium_c.FPDFBitmap_Create(width, height, 0)
    pdfium_c.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, 0xFFFFFFFF)
    matrix = pdfium_c.FS_MATRIX(scale, 0, 0, scale, 0, 0)
    clip = pdfium_c.FS_RECTF(0, 0, width, height)
    pdfium_c.FPDF_RenderPageBitmapWithMatrix(bitmap, page.raw, matrix, clip, _FLAGS)
    stride = pdfium_c.FPDFBitmap_GetStride(bitmap)
    buffer = ctypes.string_at(pdfium_c.FPDFBitmap_GetBuffer(bitmap), stride * height)
    pdfium_c.FPDFBitmap_Destroy(bitmap)
    return Image.frombuffer("RGBX", (width, height), buffer, "raw", "BGRX", stride, 1).convert("L")


def raster_pages(pdf: bytes, dpi: int) -> list[Image.Image]:
    """Every page at exactly `dpi`, no smoothing, thresholded at 128 (as a thermal head would print it)."""
    document = pdfium.PdfDocument(pdf)
    pages = [_render_exact(page, dpi).point(lambda v: 255 if v >= 128 else 0) for page in document]
    document.close()
    return pages


def fitted_pages(pdf: bytes, dpi: int) -> list[Image.Image]:
    """Every page as pypdfium2's render() draws it at `dpi` (no smoothing, threshold 128): the page fitted to a
    bitmap of whole pixels, as a browser or driver fits a page to the printer's dots. A page that is not a whole
    number of dots is stretched by up to a dot, and bars far from its left edge move off the grid."""
    document = pdfium.PdfDocument(pdf)
    pages = [page.render(scale=dpi / 72, grayscale=True, no_smoothpath=True, no_smoothtext=True,
                         no_smoothimage=True).to_pil().convert("L").point(lambda v: 255 if v >= 128 else 0)
             for page in document]
    document.close()
    return pages


def decode(image: Image.Image) -> list[Read]:
    """Every barcode zxing-cpp finds in the image."""
    found = []
    for b in zxingcpp.read_barcodes(image):
        xs = [b.position.top_left.x, b.position.top_right.x, b.position.bottom_left.x, b.position.bottom_right.x]
        ys = [b.position.top_left.y, b.position.top_right.y, b.position.bottom_left.y, b.position.bottom_right.y]
        found.append(Read(str(b.format).split(".")[-1].replace(" ", "").replace("-", ""), b.symbology_identifier,
                          b.text, (min(xs), min(ys), max(xs), max(ys))))
    return found


def bar_runs(image: Image.Image, read: Read, y: int | None = None) -> list[int]:
    """Widths (pixels) of the bars and spaces along scan line `y` (default: the middle) of a 1D symbol."""
    left, top, right, bottom = read.box
    y = (top + bottom) // 2 if y is None else y
    row = [image.getpixel((x, y)) == 0 for x in range(max(0, left - 40), min(image.width, right + 40))]
    first, last = row.index(True), len(row) - 1 - row[::-1].index(True)
    runs, count = [], 1
    for a, b in zip(row[first:last], row[first + 1:last + 1]):
        if a == b:
            count += 1
        else:
            runs.append(count)
            count = 1
    runs.append(count)
    return runs


def page_text(pdf: bytes) -> str:
    """All text of all pages, as pdfium extracts it (logical order, Arabic included)."""
    document = pdfium.PdfDocument(pdf)
    parts = []
    for page in document:
        textpage = page.get_textpage()
        parts.append(textpage.get_text_range())
    document.close()
    # pdfium reads a hyphen that ends a line as a possible soft hyphen, U+FFFE, and joins the lines
    return "\n".join(parts).replace("\ufffe", "-\n")


def squeeze(value: str) -> str:
    """Text without whitespace: line breaks chosen by the layout are not part of the data."""
    return "".join(value.split())


def reads_back(value: str, text: str) -> bool:
    """True if `value` is in the extracted `text`. A line that mixes right-to-left characters with
    anything else comes back in whatever order pdfium's own bidi pass picks, so for those the same
    characters must come back on one line (pure Arabic lines are checked in order elsewhere)."""
    import unicodedata
    from collections import Counter

    if squeeze(value) in squeeze(text):
        return True
    # pdfium hands ligatures and other compatibility characters (ﬀ, ㎏) on decomposed
    if unicodedata.normalize("NFKC", squeeze(value)) in unicodedata.normalize("NFKC", squeeze(text)):
        return True
    if not any(unicodedata.bidirectional(c) in ("R", "AL", "AN") for c in value):
        return False
    wanted = Counter(squeeze(value))
    return any(not wanted - Counter(squeeze(line)) for line in text.splitlines())
