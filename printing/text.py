"""Measure, wrap, shrink and draw text in any script with the shipped fonts."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.abag import ABag
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfbase.ttfonts import ShapedStr, shapeFragWord

from . import fonts
from .errors import LabelDataError

LEADING = 1.18  # line height as a multiple of the font size
_FEATURES = {"kern": True, "liga": True}  # no discretionary ligatures: a name prints letter by letter


def _shape(chunk: str, font_name: str):
    """HarfBuzz-shaped glyphs of one run (Thai marks placed, Arabic joined and laid right to left).
    Glyph advances and offsets come back in 1/1000 em, so one shaping serves every font size."""
    word = [stringWidth(chunk, font_name, _SHAPE_SIZE), (ABag(fontName=font_name, fontSize=_SHAPE_SIZE), chunk)]
    return shapeFragWord(word, features=_FEATURES)[1][1]


_SHAPE_SIZE = 10.0


@dataclass(frozen=True)
class Fitted:
    """Text broken into lines at one font size, ready to draw."""

    lines: tuple[str, ...]
    size: float
    bold: bool

    @property
    def height(self) -> float:
        return len(self.lines) * self.size * LEADING


@lru_cache(maxsize=4096)
def _unit_pieces(text: str, bold: bool) -> tuple[tuple[fonts.ShippedFont, str | ShapedStr, float], ...]:
    """The runs of one line in visual order, with their (shaped) text and width at 1 pt. A string is
    measured once: fitting tries several sizes, then the line is drawn, and labels repeat their texts."""
    out = []
    for font, chunk in fonts.runs(text, bold):
        if font.shaped:
            shaped = _shape(chunk, font.name)
            if isinstance(shaped, ShapedStr):
                out.append((font, shaped, sum(g.x_advance for g in shaped.__shapeData__) / 1000))
                continue
        out.append((font, chunk, stringWidth(chunk, font.name, 1.0)))
    if fonts.is_rtl(text):
        # runs laid right to left; HarfBuzz already ordered the glyphs inside each shaped run, and a
        # left-to-right run (digits, Latin) keeps its order but its edge spaces change sides
        out = [(f, c if f.shaped else _mirror_spaces(c), w) for f, c, w in reversed(out)]
    return tuple(out)


@lru_cache(maxsize=4096)
def _unit_width(text: str, bold: bool) -> float:
    return sum(w for _, _, w in _unit_pieces(text, bold))


def _mirror_spaces(chunk: str) -> str:
    core = chunk.strip(" ")
    if not core:
        return chunk
    lead = len(chunk) - len(chunk.lstrip(" "))
    trail = len(chunk) - len(chunk.rstrip(" "))
    return " " * trail + core + " " * lead


def width(text: str, size: float, bold: bool = False) -> float:
    """Width of one line of `text` in points."""
    return _unit_width(text, bold) * size


def draw_line(canvas, x: float, y: float, text: str, size: float, *, bold: bool = False, align: str = "left") -> float:
    """Draw one line with its baseline at y; returns its width."""
    pieces = _unit_pieces(text, bold)
    total = _unit_width(text, bold) * size
    if align == "right":
        x -= total
    elif align == "center":
        x -= total / 2
    code = canvas._code  # noqa: SLF001 - plain runs go straight into the content stream
    doc = canvas._doc  # noqa: SLF001
    for font, chunk, w in pieces:
        fake_bold = bold and font is not fonts.SANS_BOLD  # no bold face for this script: fill and stroke it
        if fake_bold:
            canvas.setLineWidth(size * 0.035)
        if isinstance(chunk, ShapedStr):
            canvas.setFont(font.name, size)
            canvas.drawString(x, y, chunk, mode=2 if fake_bold else None)
        else:
            ttf = getFont(font.name)
            ops = [f"BT 1 0 0 1 {fp_str(x, y)} Tm"]
            if fake_bold:
                ops.append("2 Tr")
            for subset, run in ttf.splitString(chunk, doc):
                ops.append(f"{ttf.getSubsetInternalName(subset, doc)} {fp_str(size)} Tf ({escapePDF(run)}) Tj")
            ops.append("0 Tr ET" if fake_bold else "ET")
            code.append(" ".join(ops))
        x += w * size
    return total


def _breakable_units(word: str) -> list[str]:
    """Split a word into characters that may be broken between (marks stay with their base)."""
    units: list[str] = []
    for char in word:
        if units and (unicodedata.category(char) in ("Mn", "Mc", "Me") or char in "\u200c\u200d"
                      or units[-1][-1] == "\u200d"):
            units[-1] += char
        else:
            units.append(char)
    return units


def wrap(text: str, size: float, max_width: float, bold: bool = False) -> list[str]:
    """Greedy line breaking at spaces, and inside a word only where the word alone is too wide."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if width(trial, size, bold) <= max_width:
            current = trial
            continue
        if current:
            lines.append(current)
            current = ""
        if width(word, size, bold) <= max_width:
            current = word
            continue
        for unit in _breakable_units(word):  # a word wider than the box: break between characters
            if current and width(current + unit, size, bold) > max_width:
                lines.append(current)
                current = unit
            else:
                current += unit
    if current:
        lines.append(current)
    return lines


def fit(text: str, field: str, *, max_width: float, size: float, min_size: float,
        max_lines: int = 1, bold: bool = False) -> Fitted:
    """Shrink `text` (then wrap it) until it fits; LabelDataError naming `field` if it never does."""
    text = " ".join(text.split())
    steps = [size]
    while steps[-1] * 0.92 >= min_size:
        steps.append(round(steps[-1] * 0.92, 2))
    if steps[-1] > min_size:
        steps.append(min_size)
    for s in steps:  # one line first, as small as we may go
        if width(text, s, bold) <= max_width:
            return Fitted((text,), s, bold)
    if max_lines > 1:
        for s in steps:
            lines = wrap(text, s, max_width, bold)
            if len(lines) <= max_lines:
                return Fitted(tuple(lines), s, bold)
    raise LabelDataError(field,
                         f"too long to fit: {len(text)} characters do not fit {max_lines} line(s) at {min_size:g} pt")


def draw_fitted(canvas, fitted: Fitted, x: float, y_top: float, box_width: float, align: str = "left") -> float:
    """Draw fitted lines below y_top (points, PDF coordinates); returns the height used."""
    y = y_top
    for line in fitted.lines:
        y -= fitted.size * LEADING
        line_align = align
        if align == "left" and fonts.is_rtl(line):
            line_align = "right"
        ax = {"left": x, "right": x + box_width, "center": x + box_width / 2}[line_align]
        draw_line(canvas, ax, y + fitted.size * 0.22, line, fitted.size, bold=fitted.bold, align=line_align)
    return y_top - y
