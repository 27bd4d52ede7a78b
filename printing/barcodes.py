"""Barcodes as module patterns, drawn as vector bars and squares on the printer's dot grid."""

from __future__ import annotations

import re
from dataclasses import dataclass

import barcode as python_barcode

try:  # zxing-cpp's C++ encoder picks the best mask in ~0.2 ms; segno (pure Python) takes ~6 ms
    import zxingcpp
except ImportError:  # pragma: no cover - the fallback is correct, only slower
    zxingcpp = None

from .errors import LabelDataError
from .validators import check_code128, check_gtin

FNC1 = "\xf1"  # python-barcode's FNC1; scanners hand it on as GS (0x1D)
GS = "\x1d"
# AIs with a fixed data length; every other AI ends with FNC1 unless it is last.
FIXED_LENGTH = {"00": 18, "01": 14, "02": 14, "11": 6, "13": 6, "15": 6, "17": 6, "20": 2}
FIXED_LENGTH.update({f"31{d}{n}": 6 for d in range(7) for n in range(6)})


@dataclass(frozen=True)
class LinearSymbol:
    """A 1D barcode: its symbology, the data a scanner returns, the caption and its module pattern."""

    symbology: str  # "code128" | "gs1-128" | "ean13" | "upca" | "ean8"
    data: str       # as a scanner reports it (GS1: FNC1 between fields is GS)
    caption: str    # human-readable line printed under the bars
    modules: str    # "1" bar, "0" space, quiet zones excluded
    quiet: int      # quiet zone each side, in modules


@dataclass(frozen=True)
class Grid:
    """A page measured in printer dots from its top-left corner."""

    dpi: int
    height_pt: float

    @property
    def dot(self) -> float:
        return 72.0 / self.dpi

    def mm(self, value: float) -> float:
        """Millimetres in dots."""
        return value * self.dpi / 25.4

    def x(self, dots: float) -> float:
        return dots * 72.0 / self.dpi

    def y(self, dots_from_top: float) -> float:
        return self.height_pt - dots_from_top * 72.0 / self.dpi


def code128(field: str, text: str) -> LinearSymbol:
    """Code 128 (automatic A/B/C) of printable ASCII text."""
    check_code128(field, text)
    modules = python_barcode.get("code128", text).build()[0]
    return LinearSymbol("code128", text, text, modules, 10)


def gs1_128(field: str, elements: list[tuple[str, str]]) -> LinearSymbol:
    """GS1-128 of (AI, value) pairs, FNC1 after each variable-length field but the last."""
    raw, caption, data = "", [], ""
    for i, (ai, value) in enumerate(elements):
        if ai in FIXED_LENGTH and len(value) != FIXED_LENGTH[ai]:
            raise LabelDataError(field, f"AI ({ai}) takes {FIXED_LENGTH[ai]} characters, got {value!r}")
        check_code128(field, value)
        last = i == len(elements) - 1
        raw += ai + value + ("" if last or ai in FIXED_LENGTH else FNC1)
        data += ai + value + ("" if last or ai in FIXED_LENGTH else GS)
        caption.append(f"({ai}) {value}")
    if len(raw) > 48:
        raise LabelDataError(field, "GS1-128 carries at most 48 characters")
    modules = python_barcode.get("gs1_128", raw).build()[0]
    return LinearSymbol("gs1-128", data, " ".join(caption), modules, 10)


def retail(field: str, gtin: str) -> LinearSymbol:
    """The symbol a GTIN is printed as on a unit: EAN-8, UPC-A, EAN-13, or GS1-128 (01) for GTIN-14."""
    check_gtin(field, gtin)
    if len(gtin) == 14:
        return gs1_128(field, [("01", gtin)])
    kind, quiet = {8: ("ean8", 7), 12: ("upca", 9), 13: ("ean13", 11)}[len(gtin)]
    modules = python_barcode.get(kind, gtin[:-1]).build()[0]
    return LinearSymbol(kind, gtin, gtin, modules, quiet)


def module_dots(dpi: int, x_mm: float, available_dots: float, symbol: LinearSymbol, field: str) -> int:
    """Dots per module: near x_mm, a whole number >= 2, small enough for the symbol to fit."""
    wanted = max(2, round(x_mm * dpi / 25.4))
    widest = int(available_dots // (len(symbol.modules) + 2 * symbol.quiet))
    if widest < 2:
        raise LabelDataError(field, f"too long for a barcode here: {len(symbol.modules)} modules need "
                                    f"{(len(symbol.modules) + 2 * symbol.quiet) * 2} dots, "
                                    f"{int(available_dots)} available at {dpi} dpi")
    return min(wanted, widest)


def _fill_quarter_dots(canvas, grid: Grid, bottom_dots: float, rects: list[str]) -> None:
    """Fill rectangles given in whole quarter-dots from (0, bottom_dots) as one path. The operators go
    straight into the content stream, scaled by one `cm`: formatting integers is ~3x cheaper than
    formatting each coordinate in points through Python, which cost more than the rest of a barcode."""
    if rects:
        quarter = grid.dot / 4
        canvas._code.append(  # noqa: SLF001 - raw content stream, black fill
            f"q {quarter:.8f} 0 0 {quarter:.8f} 0 {grid.y(bottom_dots):.4f} cm\n" + "\n".join(rects) + "\nf Q")


def draw_bars(canvas, grid: Grid, modules: str, x: float, y_top: float, k: int, height: float) -> float:
    """Draw bars from x (dots, snapped) with k dots a module, each thinned 0.5 dot; returns the width in dots."""
    x0 = round(x)
    bottom = round(y_top) + round(height)
    rects = []
    for m in _BARS.finditer(modules):
        start, end = m.span()
        rects.append(f"{4 * (x0 + start * k) + 1} 0 {4 * (end - start) * k - 2} {4 * round(height)} re")
    _fill_quarter_dots(canvas, grid, bottom, rects)
    return len(modules) * k


_BARS = re.compile("1+")
_DARK = re.compile(b"\x01+")


def qr_matrix(data: str) -> tuple[bytes, ...]:
    """QR code modules (no quiet zone), error correction level M, one bytes row each; 1 is dark."""
    if zxingcpp is not None:
        symbol = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
        pixels = memoryview(symbol.to_image(scale=1, add_quiet_zones=False))
        height, width = pixels.shape[:2]
        raw = pixels.tobytes().translate(_DARK_PIXELS)
        return tuple(raw[r * width:(r + 1) * width] for r in range(height))
    import segno
    symbol = segno.make_qr(data, error="m", boost_error=False)
    return tuple(bytes(1 if v else 0 for v in row) for row in symbol.matrix)


_DARK_PIXELS = bytes([1] + [0] * 255)  # zxing-cpp image: 0 is a dark module


def draw_matrix(canvas, grid: Grid, matrix, x: float, y_top: float, k: int) -> float:
    """Draw a 2D code's dark modules as squares k dots wide, thinned 0.25 dot each edge; returns its size in dots.
    Each row's dark runs are one rectangle each, all of them one path."""
    x0, top = round(x), round(y_top)
    n = len(matrix)
    xs = [str(4 * (x0 + column * k) + 1) for column in range(n)]  # the numbers, formatted once a symbol
    tails = [f" {4 * length * k - 2} {4 * k - 2} re" for length in range(n + 1)]
    rects: list[str] = []
    append = rects.append
    for r, row in enumerate(matrix):
        y = f" {4 * (n - 1 - r) * k + 1}"
        for m in _DARK.finditer(row):
            start, end = m.span()
            append(xs[start] + y + tails[end - start])
    _fill_quarter_dots(canvas, grid, top + n * k, rects)
    return n * k
