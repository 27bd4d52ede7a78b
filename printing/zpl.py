"""The thermal layouts as ZPL II: the same layout code, drawn as ZPL commands in printer dots."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from . import fonts, text
from ._assets import fonts_dir
from .barcodes import Grid, LinearSymbol
from .errors import LabelDataError
from .layouts import check_dpi, layout_of
from .layouts.kit import Page
from .layouts.layout import Media

# Text the printer's resident font 0 surely draws; anything else (accents included) becomes a bitmap
# drawn with the shipped fonts, so a name prints as itself on any Zebra without downloaded fonts.
_FONT0 = frozenset(chr(c) for c in range(0x20, 0x7F))
_RETAIL = {"ean13": "^BEN,{h},N,N", "upca": "^BUN,{h},N,N,N", "ean8": "^B8N,{h},N,N"}


def _field_data(value: str) -> str:
    """A ^FD value with ^, ~ and backslash hex-escaped (the field uses ^FH)."""
    return value.replace("\\", "\\5C").replace("^", "\\5E").replace("~", "\\7E")


@lru_cache(maxsize=64)
def _pil_font(name: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(fonts_dir() / fonts.BY_NAME[name].file), px, layout_engine=ImageFont.Layout.RAQM)


def text_bitmap(line: str, px: int, bold: bool) -> Image.Image:
    """One line of text in any shipped script as a black-on-white image `px` dots high."""
    pieces = []
    for font, chunk in fonts.runs(line, bold):
        pil = _pil_font(font.name, px)
        direction = "rtl" if font.shaped and fonts.is_rtl(chunk) else "ltr"
        pieces.append((font, pil, chunk, direction, pil.getlength(chunk, direction=direction)))
    if fonts.is_rtl(line):
        pieces.reverse()
    height = int(px * 1.3)
    image = Image.new("L", (max(1, int(sum(p[4] for p in pieces)) + 2), height), 255)
    draw = ImageDraw.Draw(image)
    x = 0.0
    for font, pil, chunk, direction, w in pieces:
        stroke = max(1, px // 28) if bold and font is not fonts.SANS_BOLD else 0
        draw.text((x, px * 1.0), chunk, font=pil, fill=0, direction=direction, anchor="ls",
                  stroke_width=stroke, stroke_fill=0)
        x += w
    return image


def graphic_field(image: Image.Image) -> str:
    """A Pillow image as a ^GFA graphic field (1 bit a dot, black = 1)."""
    mono = image.point(lambda v: 255 if v < 128 else 0).convert("1")
    row = (mono.width + 7) // 8
    data = mono.tobytes().hex().upper()
    return f"^GFA,{row * mono.height},{row * mono.height},{row},{data}"


class ZplPage(Page):
    """A label drawn as ZPL commands instead of PDF operators; the layouts do not know the difference."""

    def __init__(self, dpi: int, media: Media) -> None:
        super().__init__(None, Grid(dpi, media.points(dpi)[1]), *media.dots(dpi))
        self.commands: list[str] = []

    def emit(self, command: str) -> None:
        self.commands.append(command)

    def box(self, x, y_top, w, h, *, fill=False, line=0) -> None:
        w, h = max(1, round(w)), max(1, round(h))
        thickness = min(w, h) if fill else max(1, round(line))
        self.emit(f"^FO{round(x)},{round(y_top)}^GB{w},{h},{thickness},B,0^FS")

    def draw_lines(self, fitted, x, y_top, w, *, align="left", white=False) -> float:
        px = fitted.size * self.grid.dpi / 72.0
        step = px * text.LEADING
        reverse = "^FR" if white else ""
        for i, line in enumerate(fitted.lines):
            top = round(y_top + i * step + px * 0.1)
            line_align = "right" if align == "left" and fonts.is_rtl(line) else align
            if all(c in _FONT0 for c in line) and not fitted.bold:
                h = round(px * 0.95)
                just = {"left": "L", "center": "C", "right": "R"}[line_align]
                self.emit(f"^FO{round(x)},{top}{reverse}^A0N,{h},{h}^FB{round(w)},1,0,{just}^FH^FD{_field_data(line)}^FS")
            elif all(c in _FONT0 for c in line):
                h = round(px * 0.95)
                just = {"left": "L", "center": "C", "right": "R"}[line_align]
                # font 0 has no bold: print it twice, 1 dot apart (not when reversed: twice would cancel out)
                for dx in (0,) if white else (0, 1):
                    self.emit(f"^FO{round(x) + dx},{top}{reverse}^A0N,{h},{h}^FB{round(w)},1,0,{just}"
                              f"^FH^FD{_field_data(line)}^FS")
            else:
                image = text_bitmap(line, round(px), fitted.bold)
                offset = {"left": 0, "center": (w - image.width) / 2, "right": w - image.width}[line_align]
                self.emit(f"^FX text {_field_data(line).replace(',', ' ')}^FS")
                self.emit(f"^FO{round(x + max(0, offset))},{top}{reverse}{graphic_field(image)}^FS")
        return len(fitted.lines) * step

    def bars(self, symbol: LinearSymbol, x, y_top, k, h) -> None:
        h = round(h)
        at = f"^FO{round(x)},{round(y_top)}^BY{k},3,{h}"
        if symbol.symbology in _RETAIL:
            self.emit(f"{at}{_RETAIL[symbol.symbology].format(h=h)}^FD{symbol.data[:-1]}^FS")
        elif symbol.symbology == "gs1-128":
            data = ">;>8" + symbol.data.replace("\x1d", ">8")
            self.emit(f"{at}^BCN,{h},N,N,N,A^FD{data}^FS")
        else:
            self.emit(f"{at}^BCN,{h},N,N,N,A^FH^FD{_field_data(symbol.data).replace('>', '><')}^FS")

    def matrix(self, data, matrix, x, y_top, k) -> float:
        self.emit(f"^FO{round(x)},{round(y_top)}^BQN,2,{k}^FH^FDMA,{_field_data(data)}^FS")
        return len(matrix) * k


def _one(doc, dpi: int) -> str:
    layout = layout_of(doc)
    if layout.thermal is None:
        raise LabelDataError("document", f"a {type(doc).__name__} is not a thermal label: print it as PDF")
    check_dpi(dpi, layout.dpis)
    page = ZplPage(dpi, layout.thermal)
    layout.zpl(page, doc)
    head = f"^XA^CI28^PW{page.width}^LL{page.height}^LH0,0^PON^FX {type(doc).__name__} {dpi} dpi^FS"
    return "\n".join([head, *page.commands, "^XZ"]) + "\n"


def render_zpl(doc, *, dpi: int = 203, darkness: int | None = None) -> str:
    """ZPL II for a thermal label (or a sequence of them), built for the printer's dpi and darkness."""
    check_dpi(dpi)
    if darkness is not None and not (isinstance(darkness, int) and 0 <= darkness <= 30):
        raise LabelDataError("darkness", f"darkness is 0-30, got {darkness!r}")
    fonts.register()
    docs = list(doc) if isinstance(doc, Sequence) else [doc]
    prefix = f"~SD{darkness:02d}\n" if darkness is not None else ""
    return prefix + "".join(_one(d, dpi) for d in docs)


