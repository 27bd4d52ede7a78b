"""The shipped fonts: registration, which font draws which character, and text runs."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFile

from ._assets import fonts_dir
from .embedding import LATIN, LabelFont
from .errors import LabelDataError


@dataclass(frozen=True)
class ShippedFont:
    """One shipped font file, the name it is registered under and whether it needs shaping."""

    name: str
    file: str
    shaped: bool = False  # Thai and Arabic need HarfBuzz to place marks and join letters


SANS = ShippedFont("Floor-Sans", "DejaVuSans.ttf")
SANS_BOLD = ShippedFont("Floor-Sans-Bold", "DejaVuSans-Bold.ttf")
CJK = ShippedFont("Floor-CJK", "DroidSansFallbackFull.ttf")
HANGUL = ShippedFont("Floor-Hangul", "NanumGothic.ttf")
THAI = ShippedFont("Floor-Thai", "NotoSansThai-Regular.ttf", shaped=True)
ARABIC = ShippedFont("Floor-Arabic", "NotoSansArabic-Regular.ttf", shaped=True)

FALLBACK_ORDER = (SANS, CJK, HANGUL, THAI, ARABIC)
BY_NAME = {f.name: f for f in (SANS, SANS_BOLD, CJK, HANGUL, THAI, ARABIC)}

# Script blocks that must go to their own font even where DejaVu has a glyph (it cannot join Arabic).
_PREFERRED = (
    ((0x0600, 0x06FF), ARABIC), ((0x0750, 0x077F), ARABIC), ((0x08A0, 0x08FF), ARABIC),
    ((0x0E00, 0x0E7F), THAI),
    ((0x1100, 0x11FF), HANGUL), ((0x3130, 0x318F), HANGUL), ((0xAC00, 0xD7AF), HANGUL),
    ((0x3000, 0x30FF), CJK), ((0x3400, 0x4DBF), CJK), ((0x4E00, 0x9FFF), CJK), ((0xFF00, 0xFFEF), CJK),
)
_ALLOWED_FORMAT = {"\u200c", "\u200d"}  # ZWNJ / ZWJ matter in Arabic and Indic text


@cache
def register(name: str | None = None) -> None:
    """Register a shipped font with ReportLab (once per process; DejaVu keeps Latin in fixed subsets).

    Without a name, the Latin fonts every document uses. The others are registered when a text first needs
    them (has_glyph, below): a parsed font stays in memory for good, and the CJK one alone is tens of MB,
    which a site printing only Latin addresses never needs to hold."""
    for font in [BY_NAME[name]] if name else [SANS, SANS_BOLD]:
        if font.name not in pdfmetrics.getRegisteredFontNames():
            fixed = LATIN if font in (SANS, SANS_BOLD) else ()
            pdfmetrics.registerFont(LabelFont(font.name, str(fonts_dir() / font.file), shaped=font.shaped, fixed=fixed))


@cache
def _cmap(name: str) -> frozenset[int]:
    """Code points the font draws with ink: a glyph with no outline (some fonts map thousands of
    characters to one) would print as a silent blank, so it does not count.

    Read from a parse of the file that is dropped afterwards, not from a registered font: validating a
    document's text (which a server does for every label it reads) needs the character map only, and the
    full parse of the CJK font is ~25 MB that only the process that draws needs to keep."""
    if name in pdfmetrics.getRegisteredFontNames():
        face = pdfmetrics.getFont(name).face
    else:
        face = TTFontFile(str(fonts_dir() / BY_NAME[name].file))
    pos = face.glyphPos
    return frozenset(code for code, glyph in face.charToGlyph.items()
                     if chr(code).isspace() or (glyph + 1 < len(pos) and pos[glyph + 1] > pos[glyph]))


def has_glyph(font: ShippedFont, char: str) -> bool:
    """True if `font` draws `char`."""
    return ord(char) in _cmap(font.name)


@lru_cache(maxsize=65536)
def font_for(char: str, bold: bool = False) -> ShippedFont | None:
    """The shipped font that draws `char` (bold Latin where asked), or None if none does."""
    code = ord(char)
    if code > 0xFFFF:  # ReportLab's ToUnicode map keeps 16 bits: the PDF's text would read back wrong
        return None
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        return None  # legacy Arabic presentation forms: HarfBuzz shapes the base letters, these break it
    for (lo, hi), font in _PREFERRED:
        if lo <= code <= hi and has_glyph(font, char):
            return font
    if bold and has_glyph(SANS_BOLD, char):
        return SANS_BOLD
    for font in FALLBACK_ORDER:
        if has_glyph(font, char):
            return font
    return None


def check_printable(field: str, text: str) -> None:
    """Raise LabelDataError if `text` holds a control character or one no shipped font draws."""
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Co", "Cn") or (category == "Cf" and char not in _ALLOWED_FORMAT):
            raise LabelDataError(field, f"holds an unprintable character U+{ord(char):04X}")
        if char != " " and font_for(char) is None:
            name = unicodedata.name(char, "unnamed")
            raise LabelDataError(field, f"no shipped font can print U+{ord(char):04X} {name} ({char!r})")


def _sticks(char: str) -> bool:
    """Spaces, marks and neutral punctuation stay in the font of the run they are in."""
    category = unicodedata.category(char)
    return category[0] in "MZ" or category in ("Po", "Pd", "Cf") or char in "()"


@lru_cache(maxsize=8192)
def runs(text: str, bold: bool = False) -> tuple[tuple[ShippedFont, str], ...]:
    """Split `text` into (font, substring) runs, each drawn by one shipped font."""
    out: list[list] = []
    for char in text:
        current = out[-1][0] if out else None
        if current is not None and _sticks(char) and has_glyph(current, char):
            out[-1][1] += char
            continue
        font = font_for(char, bold)
        if font is None:
            raise LabelDataError("text", f"no shipped font can print U+{ord(char):04X} ({char!r})")
        if font is current:
            out[-1][1] += char
        else:
            out.append([font, char])
    for font in {font for font, _chunk in out}:
        register(font.name)   # runs are what gets measured and drawn: their fonts must be registered
    return tuple((font, chunk) for font, chunk in out)


def is_rtl(text: str) -> bool:
    """True if the first strong character of `text` is right-to-left (Arabic, Hebrew)."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False
