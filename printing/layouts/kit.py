"""Drawing pieces every layout shares, measured in printer dots from the top-left corner."""

from __future__ import annotations

from dataclasses import dataclass

from .. import text
from ..barcodes import Grid, LinearSymbol, draw_bars, draw_matrix, module_dots, qr_matrix
from ..documents import Address
from ..errors import LabelDataError

COUNTRY_NAMES = {
    "DE": "GERMANY", "PL": "POLAND", "CZ": "CZECHIA", "FR": "FRANCE", "ES": "SPAIN", "IT": "ITALY",
    "NL": "NETHERLANDS", "GB": "UNITED KINGDOM", "US": "UNITED STATES", "CN": "CHINA", "JP": "JAPAN",
    "KR": "KOREA", "TH": "THAILAND", "AE": "UNITED ARAB EMIRATES", "SA": "SAUDI ARABIA", "EG": "EGYPT",
    "AT": "AUSTRIA", "CH": "SWITZERLAND", "BE": "BELGIUM", "SE": "SWEDEN", "CA": "CANADA", "AU": "AUSTRALIA",
}
_CITY_FIRST = {"US", "CA", "AU", "GB"}


@dataclass
class Page:
    """One page being drawn: the ReportLab canvas, its size in dots and the dot grid."""

    canvas: object
    grid: Grid
    width: float   # dots
    height: float  # dots

    def pt(self, dots: float) -> float:
        return dots * 72.0 / self.grid.dpi

    def box(self, x: float, y_top: float, w: float, h: float, *, fill: bool = False, line: float = 0) -> None:
        """A filled rectangle, or an outline `line` dots thick."""
        c = self.canvas
        if fill:
            c.rect(self.grid.x(round(x)), self.grid.y(round(y_top + h)), self.pt(round(w)), self.pt(round(h)),
                   stroke=0, fill=1)
        else:
            t = max(1, round(line))
            for bx, by, bw, bh in ((x, y_top, w, t), (x, y_top + h - t, w, t), (x, y_top, t, h),
                                   (x + w - t, y_top, t, h)):
                self.box(bx, by, bw, bh, fill=True)

    def rule(self, y: float, thickness: float = 3, x: float = 0, w: float | None = None) -> None:
        """A horizontal line across the page (or from x, w dots long)."""
        self.box(x, y, self.width - x if w is None else w, thickness, fill=True)

    def words(self, value: str, field: str, x: float, y_top: float, w: float, *, size: float,
              min_size: float | None = None, lines: int = 1, bold: bool = False, align: str = "left",
              white: bool = False) -> float:
        """Fit and draw text in a box w dots wide; returns the height used in dots."""
        fitted = text.fit(value, field, max_width=self.pt(w), size=size, min_size=min_size or size * 0.6,
                          max_lines=lines, bold=bold)
        return self.draw_lines(fitted, x, y_top, w, align=align, white=white)

    def draw_lines(self, fitted: text.Fitted, x: float, y_top: float, w: float, *, align: str = "left",
                   white: bool = False) -> float:
        """Draw already fitted lines; returns the height used in dots."""
        if white:
            self.canvas.setFillColorRGB(1, 1, 1)
            self.canvas.setStrokeColorRGB(1, 1, 1)
        used = text.draw_fitted(self.canvas, fitted, self.grid.x(x), self.grid.y(y_top), self.pt(w), align)
        if white:
            self.canvas.setFillColorRGB(0, 0, 0)
            self.canvas.setStrokeColorRGB(0, 0, 0)
        return used * self.grid.dpi / 72.0

    def barcode(self, symbol: LinearSymbol, field: str, x: float, y_top: float, w: float, h: float, *,
                x_mm: float = 0.375, caption_size: float = 9, caption: str | None = None) -> float:
        """A 1D symbol centred in a box w dots wide with its caption below; returns the height used."""
        k = module_dots(self.grid.dpi, x_mm, w, symbol, field)
        bars = len(symbol.modules) * k
        left = x + (w - bars) / 2
        self.bars(symbol, left, y_top, k, h)
        used = round(h)
        if caption_size:
            used += 2 + self.words(caption if caption is not None else symbol.caption, field, x, y_top + used + 2, w,
                                   size=caption_size, min_size=5, align="center")
        return used

    def bars(self, symbol: LinearSymbol, x: float, y_top: float, k: int, h: float) -> None:
        """The bars of a 1D symbol, k dots a module."""
        draw_bars(self.canvas, self.grid, symbol.modules, x, y_top, k, h)

    def qr(self, data: str, x: float, y_top: float, size: float) -> float:
        """A QR code of `data` at most `size` dots wide, modules a whole number of dots; returns its width."""
        matrix = qr_matrix(data)
        k = int(size // len(matrix))
        if k < 2:
            raise LabelDataError("qr", f"{len(data)} characters make a QR code too big for {int(size)} dots")
        return self.matrix(data, matrix, x, y_top, k)

    def matrix(self, data: str, matrix, x: float, y_top: float, k: int) -> float:
        """The modules of a QR code, k dots each; returns its width in dots."""
        return draw_matrix(self.canvas, self.grid, matrix, x, y_top, k)


def city_line(a: Address) -> str:
    """Postal code and city in the order the country writes them."""
    if a.country.upper() in _CITY_FIRST:
        return " ".join(p for p in (a.city + ("," if a.region else ""), a.region, a.postal_code) if p)
    return " ".join(p for p in (a.postal_code, a.city, a.region) if p)


def country_line(a: Address) -> str:
    code = a.country.upper()
    return f"{COUNTRY_NAMES.get(code, code)} ({code})" if code in COUNTRY_NAMES else code


def address(page: Page, a: Address, prefix: str, x: float, y_top: float, w: float, h: float, *,
            name_size: float, line_size: float, bold_city: bool = True, phone: bool = True) -> float:
    """An address block fitted into w x h dots, shrinking all of it if needed; returns the height used."""
    parts = [(a.name, "name", name_size, True, 2)]
    if a.company:
        parts.append((a.company, "company", line_size, False, 2))
    parts += [(line, f"lines[{i}]", line_size, False, 2) for i, line in enumerate(a.lines) if line.strip()]
    parts.append((city_line(a), "city", line_size * 1.1, bold_city, 2))
    parts.append((country_line(a), "country", line_size, bold_city, 1))
    if phone and a.phone:
        parts.append((f"Tel. {a.phone}", "phone", line_size * 0.8, False, 1))
    scale = 1.0
    while True:
        try:
            fits = [text.fit(value, f"{prefix}.{name}", max_width=page.pt(w), size=size * scale,
                             min_size=max(6.0, size * scale * 0.7), max_lines=lines, bold=bold)
                    for value, name, size, bold, lines in parts]
            if sum(f.height for f in fits) * page.grid.dpi / 72.0 <= h:
                break
            culprit = f"{prefix}.{parts[max(range(len(parts)), key=lambda i: fits[i].height)][1]}"
        except LabelDataError as error:
            culprit = error.field
        scale *= 0.9
        if scale < 0.5:
            raise LabelDataError(culprit, "address too long to fit on the label, even shrunk and wrapped")
    y = y_top
    for fitted in fits:
        y += page.draw_lines(fitted, x, y, w)
    return y - y_top
