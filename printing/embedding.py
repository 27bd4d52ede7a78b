"""Embedding the shipped fonts in a PDF cheaply.

ReportLab builds every font subset afresh for every PDF: it assigns codes to characters in the order
they are first drawn, then re-subsets the TrueType file, and formats each width and the ToUnicode map
through its generic object formatter. For one label per PDF that was ~5 ms of ~7 ms.

Here the characters almost every label uses (ASCII, Latin-1, Latin Extended-A, a little punctuation)
sit in *fixed* subsets of DejaVu Sans and Bold: the same codes in every PDF, so their font program,
widths and ToUnicode map are built and compressed once per process and written as bytes after that.
Whatever else a label holds (Cyrillic, CJK, Hangul, Thai, Arabic, HarfBuzz's unnamed glyphs) goes into
ordinary per-document subsets after the fixed ones, built the way ReportLab builds them, minus its
generic formatter. A fixed subset no text of the document used is left out.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import cached_property

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont, TTFontFace, makeToUnicodeCMap

# Punctuation and signs a name, an address or a layout's own text may hold, beyond Latin-1.
_PUNCTUATION = ("\u2010\u2011\u2012\u2013\u2014\u2015\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u2020\u2021\u2022"
                "\u2026\u2030\u2032\u2033\u2039\u203a\u20ac\u2116\u2122\u2212\u2190\u2192\u2713\u2717\u0218\u0219"
                "\u021a\u021b\u0259\u018f\u01cd\u01ce\u01d0\u01cf\u01d1\u01d2\u01d3\u01d4\u02bc\u02c6\u02c7\u02d8"
                "\u02d9\u02da\u02db\u02dc\u02dd")
LATIN = (
    "".join(chr(c) for c in range(0xA1, 0x100)),                       # subset 0: ASCII and Latin-1
    "".join(chr(c) for c in range(0x100, 0x180)) + _PUNCTUATION,       # subset 1: Latin Extended-A and more
)


class Raw(pdfdoc.PDFObject):
    """An object written as ready-made bytes, where `{0}`, `{1}`... stand for references to the
    objects in `refs` (their numbers are known only when the document is written)."""

    __RefOnly__ = 1  # a direct object of its own, referred to from elsewhere

    def __init__(self, template: bytes, refs: tuple = ()) -> None:
        self.template = template
        self.refs = refs

    def format(self, document) -> bytes:  # noqa: A003 - ReportLab's name
        if not self.refs:
            return self.template
        numbers = document.idToObjectNumberAndVersion
        return self.template % tuple(b"%d %d R" % numbers[ref.name] for ref in self.refs)


def _stream(content: bytes, compressed: bool, extra: bytes = b"") -> Raw:
    """A stream whose content is final: compressed here (or not), never again by the document."""
    head = b"<< %s/Length %d%s >>\nstream\n" % (b"/Filter /FlateDecode " if compressed else b"", len(content), extra)
    return Raw(head + content + b"\nendstream")


def _numbers(values) -> bytes:
    values = list(map(fp_str, values))
    rows = [" ".join(values[i:i + 16]) for i in range(0, len(values), 16)]
    return ("[ " + "\n  ".join(rows) + " ]").encode("ascii")


@dataclass(frozen=True)
class _Built:
    """One subset's PDF objects with their bytes made: the font program, its ToUnicode map, the
    font descriptor and the font dictionary (the last two waiting for their references)."""

    font_file: bytes
    cmap: bytes
    descriptor: bytes  # %b: the font file
    font: bytes        # %b: the ToUnicode map, then the descriptor


class _Face(TTFontFace):
    """A parsed font file that keeps the tables it copied: subsetting copies ten of them each time,
    and the glyph table of a CJK font alone is ~3.5 MB (0.5 ms a subset, spent copying)."""

    def get_table(self, tag):
        tables = self.__dict__.setdefault("_tables", {})
        if tag not in tables:
            tables[tag] = super().get_table(tag)
        return tables[tag]


class LabelFont(TTFont):
    """A TrueType font for labels: fixed subsets built once per process, lean subsets for the rest.

    `fixed` lists the characters of each fixed subset (subset 0 also keeps ASCII at its own codes,
    so a PDF's text stays readable); a font without fixed subsets keeps no ASCII in its first subset
    either, so a CJK font used for a name embeds those characters only.
    """

    def __init__(self, name: str, filename: str, *, shaped: bool = False, fixed: tuple[str, ...] = ()) -> None:
        super().__init__(name, filename, shapable=shaped, asciiReadable=bool(fixed))
        self.face.__class__ = _Face
        self.fixed = fixed
        self._built: dict[int, _Built] = {}
        self._fixed_splits: dict[str, list[tuple[int, bytes]]] = {}

    # --- which character gets which code -------------------------------------------------------

    @cached_property
    def _seed(self) -> tuple[dict[int, int], list[list[int]]]:
        """Codes of the fixed subsets: (unicode -> code, the subsets' code -> unicode lists)."""
        have = self.face.charToGlyph
        assignments: dict[int, int] = {0: 0}
        subsets: list[list[int]] = []
        for n, chars in enumerate(self.fixed):
            codes = [ord(c) for c in chars if ord(c) in have and ord(c) not in assignments]
            if n == 0:
                table = [0] * 32 + list(range(32, 128))  # ASCII at its own codes, 127 unused
                free = list(range(1, 32)) + list(range(128, 256))
            else:
                table = [0] * 33
                table[32] = 32  # code 32 is a space in every subset (PDF word spacing acts on it)
                free = list(range(1, 32)) + list(range(33, 256))
            if len(codes) > len(free):
                raise ValueError(f"fixed subset {n} of {self.fontName} holds {len(codes)} characters, "
                                 f"at most {len(free)}")
            for code, slot in zip(codes, free):
                if slot >= len(table):
                    table.extend([0] * (slot + 1 - len(table)))
                table[slot] = code
            if n == 0:
                assignments.update({c: c for c in range(32, 128) if c in have})
            assignments.update({code: n * 256 + slot for code, slot in zip(codes, free)})
            subsets.append(table)
        return assignments, subsets

    def _state(self, doc):
        state = self.state.get(doc)
        if state is None:
            state = self.state[doc] = TTFont.State(self._asciiReadable, self)
            state.used = set()
            if self.fixed:
                assignments, subsets = self._seed
                state.assignments = dict(assignments)
                state.subsets = [list(s) for s in subsets]
                state.nextCode = 256 * len(subsets)  # the next code opens subset len(fixed)
        return state

    def splitString(self, text, doc, encoding="utf-8"):
        """(subset, bytes) runs of `text`; text of fixed-subset characters only splits the same way in
        every document, so that split is remembered (most of a label's text)."""
        split = self._fixed_splits.get(text)
        if split is not None:
            return split
        self._state(doc)
        split = super().splitString(text, doc, encoding)
        if self.fixed and len(self._fixed_splits) < 4096 and all(n < len(self.fixed) for n, _ in split):
            assignments = self._seed[0]
            if all(ord(c) in assignments or c == "\xa0" for c in text):
                self._fixed_splits[text] = split
        return split

    def getSubsetInternalName(self, subset, doc):
        self._state(doc).used.add(subset)
        return super().getSubsetInternalName(subset, doc)

    # --- writing the subsets --------------------------------------------------------------------

    def _base_name(self, n: int) -> str:
        face = self.face
        return b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")

    def _build(self, n: int, subset: list[int], compressed: bool) -> _Built:
        face = self.face
        base_name = self._base_name(n).encode("latin-1")
        program = face.makeSubset(subset)
        cmap = makeToUnicodeCMap(self._base_name(n), subset).encode("latin-1")
        length1 = len(program)
        if compressed:
            cmap, program = zlib.compress(cmap), zlib.compress(program)
        flags = (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
        descriptor = (b"<< /Type /FontDescriptor /FontName /%b /Flags %d /FontBBox %b\n"
                      b"  /Ascent %b /Descent %b /CapHeight %b /ItalicAngle %b /StemV %b /MissingWidth %b\n"
                      b"  /FontFile2 %%b >>" % (
                          base_name, flags, _numbers(face.bbox), *(fp_str(v).encode() for v in (
                              face.ascent, face.descent, face.capHeight, face.italicAngle, face.stemV,
                              face.defaultWidth))))
        font = (b"<< /Type /Font /Subtype /TrueType /Name /%%s /BaseFont /%b /FirstChar 0 /LastChar %d\n"
                b"  /ToUnicode %%b /FontDescriptor %%b\n  /Widths %b >>" % (
                    base_name, len(subset) - 1, _numbers(map(face.getCharWidth, subset))))
        return _Built(_stream(program, compressed, b" /Length1 %d" % length1).template,
                      _stream(cmap, compressed).template, descriptor, font)

    def _fixed_subset(self, n: int) -> _Built:
        if n not in self._built:
            self._built[n] = self._build(n, self._seed[1][n], compressed=True)  # once, so compressed
        return self._built[n]

    def addObjects(self, doc):
        state = self._state(doc)
        state.frozen = 1
        fonts = doc.idToObject["BasicFonts"].dict
        for n, subset in enumerate(state.subsets):
            if n < len(self.fixed) and n not in state.used:
                continue  # a fixed subset nothing was drawn with
            internal = self.getSubsetInternalName(n, doc)[1:]
            built = self._fixed_subset(n) if n < len(self.fixed) else self._build(n, subset, bool(doc.compression))
            key = f"{self.fontName}+{n}"
            font_file = doc.Reference(Raw(built.font_file), f"fontFile:{key}")
            cmap = doc.Reference(Raw(built.cmap), f"toUnicodeCMap:{key}")
            descriptor = doc.Reference(Raw(built.descriptor, (font_file,)), f"fontDescriptor:{key}")
            font = Raw(built.font.replace(b"%s", internal.encode("ascii"), 1), (cmap, descriptor))
            doc.Reference(font, internal)
            fonts[internal] = font
        del self.state[doc]
