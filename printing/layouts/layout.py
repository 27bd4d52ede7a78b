"""What a layout is, said once: the document it draws, what it prints on, how it draws it (PDF, ZPL), a sample."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4, LETTER

from ..errors import LabelDataError

if TYPE_CHECKING:
    from .kit import Page

INCH = 72.0
DPIS = (203, 300, 600)  # the printer heads there are (8, 12 and 24 dots/mm); a PDF or ZPL is built for one


def check_dpi(dpi: int, allowed: Sequence[int] = DPIS) -> None:
    """Refuse a resolution no printer here has: a label is built for the dots of the head that prints it."""
    if dpi not in allowed:
        raise LabelDataError("dpi", f"printers here have {', '.join(map(str, allowed))} dpi, not {dpi!r}")


@dataclass(frozen=True)
class Media:
    """What a layout prints on: a label on a thermal printer's roll, or a sheet for an office printer."""

    name: str                   # as people and the CLI say it: "4x6", "2x1", "A4", "Letter"
    size: tuple[float, float]   # width, height in points
    thermal: bool = False       # a label on a roll (Zebra, ZPL too) rather than a sheet of paper

    def dots(self, dpi: int) -> tuple[int, int]:
        """The page in whole dots of a `dpi` printer (what a thermal printer's ^PW and ^LL say)."""
        return round(self.size[0] * dpi / 72.0), round(self.size[1] * dpi / 72.0)

    def points(self, dpi: int) -> tuple[float, float]:
        """The page size a PDF built for `dpi` declares: whole dots, so that a rasteriser which fits the page
        to whole pixels (pdfium's render(), as a browser prints) lands every bar on the grid the layout
        snapped it to, instead of stretching A4 (2480.3 dots at 300 dpi) by a fraction of a dot."""
        return _just_under(self.dots(dpi)[0], dpi), _just_under(self.dots(dpi)[1], dpi)


def _just_under(dots: int, dpi: int) -> float:
    """`dots` in points, 0.0001-0.0002 pt under: PDF writes 4 decimals, pdfium reads single floats and sizes its
    bitmap with ceil(points * (dpi / 72)), so 792 pt at 300 dpi came out 3301 pixels, not 3300. Just under,
    ceil and round both give `dots` (and the page is under 0.0001 mm smaller, nothing a printer sees)."""
    return (math.ceil(dots * 72.0 / dpi * 10_000) - 2) / 10_000


SHEETS = (Media("A4", A4), Media("Letter", LETTER))  # portrait sheets for an office printer
LABEL_4X6 = Media("4x6", (4 * INCH, 6 * INCH), thermal=True)  # shipping, return and carton labels
NewPage = Callable[[], "Page"]


@dataclass(frozen=True)
class Layout:
    """One kind of document, described once: everything render_pdf, render_zpl, the samples and the app's
    print jobs need to know about it."""

    name: str                      # the document's name, as print jobs and the CLI say it
    document: type                 # the data class it draws (printing.documents)
    media: tuple[Media, ...]       # what it prints on; the first is the default
    pdf: Callable[[NewPage, Sequence, Media], None]   # draws the documents, each page from new_page()
    sample: Callable[[], object]   # demo data: a document or a list of them that fits every media
    zpl: Callable[[Page, object], None] | None = None  # draws one document on its thermal media, as ZPL
    compress: bool = False         # documents of many pages (photos, long tables) go zlib-compressed
    dpis: tuple[int, ...] = DPIS

    def on(self, page: str | None) -> Media:
        """The media called `page` (None: the default one)."""
        if page is None:
            return self.media[0]
        for media in self.media:
            if media.name == page:
                return media
        names = [m.name for m in self.media]
        choices = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        raise LabelDataError("page", f"{self.name.replace('_', ' ')}: printed on {choices}, not {page!r}")

    @property
    def thermal(self) -> Media | None:
        """The label roll it prints on, if it has one (then it can be ZPL for a Zebra)."""
        return next((m for m in self.media if m.thermal), None) if self.zpl else None


def one_page_each(draw: Callable[[Page, object], None]) -> Callable[[NewPage, Sequence, Media], None]:
    """A label layout's PDF: each document on a page of its own."""

    def pdf(new_page: NewPage, docs: Sequence, media: Media) -> None:
        for doc in docs:
            draw(new_page(), doc)

    return pdf
