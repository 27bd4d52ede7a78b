"""What was scanned: one classifier for every scan field (our prefixed codes, GTINs, GS1-128), and whether a
scanned code is a given product.

`classify(text)` never raises: anything a scanner or a person types becomes a `ScannedCode`;
what we cannot use comes back as kind UNKNOWN (not a code we know) or INVALID (looks like a code
we know but fails its check, e.g. a GTIN check digit), with a message a person can act on.
Length and characters are limited before any parsing (RELIABILITY.md).

`ScanKind` is the one list of what a scan can be: services, screens and rules compare against it,
never against bare strings. A code is classified once, where it comes in (a station's scan pipeline
or a service called with text); `read(code)` takes either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from biip import ParseError
from biip.gs1_messages import GS1Message

from app.domain import codes, gs1
from app.i18n import _

MAX_LENGTH = 120
GS = "\x1d"  # FNC1 as a keyboard wedge may send it
GS1_SYMBOLOGIES = ("]C1", "]e0", "]d2", "]Q3", "]J1")  # GS1-128, DataBar, DataMatrix, QR, DotCode
PLAIN_SYMBOLOGIES = ("]C0", "]E0", "]E4", "]A0", "]Q1", "]d1")  # Code 128, EAN/UPC, Code 39, QR...


class ScanKind(StrEnum):
    """What one scan is. A StrEnum: stored and compared as its value ("tote"), so JSON and logs are plain."""

    LOCATION = "location"
    TOTE = "tote"
    PACKAGE = "package"     # PKG- or an SSCC: a carton we shipped or are shipping
    RMA = "rma"
    BADGE = "badge"
    ORDER = "order"
    COUNT = "count"
    TRANSFER = "transfer"
    INBOUND = "inbound"
    GTIN = "gtin"           # a product's GTIN-8/12/13/14
    GS1 = "gs1"             # a GS1 element string with a GTIN (or only lot, expiry... fields)
    INVALID = "invalid"     # one of ours or a GTIN, misread: its check failed
    UNKNOWN = "unknown"     # not a code we know (or nothing at all)


PREFIXES = (  # longest first would matter only if one prefix began another; none does
    (codes.LOCATION, ScanKind.LOCATION), (codes.TOTE, ScanKind.TOTE), (codes.PACKAGE, ScanKind.PACKAGE),
    (codes.RMA, ScanKind.RMA), (codes.BADGE, ScanKind.BADGE), (codes.ORDER, ScanKind.ORDER),
    (codes.COUNT, ScanKind.COUNT), (codes.TRANSFER, ScanKind.TRANSFER), (codes.INBOUND, ScanKind.INBOUND),
)
KINDS = tuple(ScanKind)
ITEMS = frozenset({ScanKind.GTIN, ScanKind.GS1, ScanKind.UNKNOWN})   # what a product's own barcode can be
_KEY_AIS = ("00", "01", "02")  # identifying keys: enough to call an unprefixed string GS1


@dataclass(frozen=True)
class ScannedCode:
    """One classified scan. `value` is the code without its prefix (or the digits, for GS1)."""

    kind: ScanKind
    raw: str
    value: str = ""
    message: str = ""
    gtin: str | None = None  # always the 14-digit form
    sscc: str | None = None
    lot: str | None = None
    expiry: date | None = None
    serial: str | None = None
    count: int | None = None
    net_weight_kg: Decimal | None = None
    elements: tuple[tuple[str, str], ...] = ()

    @property
    def ok(self) -> bool:
        return self.kind not in (ScanKind.UNKNOWN, ScanKind.INVALID)


def read(code: ScannedCode | str) -> ScannedCode:
    """A code already classified (by a station's scan pipeline) as it is; text is classified here."""
    return code if isinstance(code, ScannedCode) else classify(code)


class Coded(Protocol):
    """A product as matching needs it."""

    sku: str
    gtin: str | None


def matches_code(sku: str, gtin: str | None, code: ScannedCode) -> bool:
    """Is the scanned item the product with this SKU and GTIN? By GTIN (any length) when both have one, else
    by the SKU typed or scanned."""
    if code.gtin and gtin:
        return code.gtin == gs1.gtin14(gtin)
    return code.raw.strip().upper() == sku.upper()


def matches(product: Coded, code: ScannedCode) -> bool:
    return matches_code(product.sku, product.gtin, code)


def _unknown(raw: str, message: str = "") -> ScannedCode:
    return ScannedCode(ScanKind.UNKNOWN, raw, message=message or _("That is not a code we know."))


def _invalid(raw: str, message: str) -> ScannedCode:
    return ScannedCode(ScanKind.INVALID, raw, message=message)


def _allowed(text: str) -> bool:
    return all(" " <= c <= "~" or c == GS for c in text)


def classify(text: object) -> ScannedCode:
    """Tell what a scanned or typed text is; never raises."""
    raw = text if isinstance(text, str) else ""
    cleaned = raw.strip(" \t\r\n")
    if not cleaned:
        return _unknown(raw[:MAX_LENGTH], _("Nothing was scanned."))
    if len(cleaned) > MAX_LENGTH:
        return _unknown(cleaned[:MAX_LENGTH], _("That code is too long (over {n} characters).", n=MAX_LENGTH))
    if not _allowed(cleaned):
        return _unknown(cleaned.encode("ascii", "replace").decode(),
                        _("That code has characters a barcode does not have."))
    try:
        return _classify(cleaned)
    except Exception:  # a parser bug must not reach a picker as a crash
        return _unknown(cleaned)


def _classify(text: str) -> ScannedCode:
    symbology = text[:3] if text.startswith("]") else ""
    body = text[3:] if symbology else text
    body = body.lstrip(GS)
    if symbology in GS1_SYMBOLOGIES:
        return _gs1(text, body, trusted=True)
    if symbology and symbology not in PLAIN_SYMBOLOGIES:
        return _unknown(text)
    upper = body.upper()
    for prefix, kind in PREFIXES:
        if upper.startswith(prefix):
            value = upper[len(prefix):]
            if not value or GS in value:
                return _invalid(text, _("That {kind} code has no number after {prefix}.",
                                        kind=kind, prefix=prefix))
            return ScannedCode(kind, text, value=value)
    if body.isdigit():
        if len(body) in gs1.GTIN_LENGTHS:
            return _gtin(text, body)
        if len(body) == 18:
            return _sscc(text, body)
    return _gs1(text, body, trusted=GS in body)


def _gtin(raw: str, digits: str) -> ScannedCode:
    problem = gs1.gtin_problem(digits)
    if problem is not None:
        expected = gs1.check_digit(digits[:-1])
        return _invalid(raw, _("GTIN {gtin} is misread or wrong: its check digit should be {digit}.",
                               gtin=digits, digit=expected))
    return ScannedCode(ScanKind.GTIN, raw, value=digits, gtin=gs1.gtin14(digits))


def _sscc(raw: str, digits: str) -> ScannedCode:
    if not gs1.is_valid_sscc(digits):
        expected = gs1.check_digit(digits[:-1])
        return _invalid(raw, _("SSCC {sscc} is misread or wrong: its check digit should be {digit}.",
                               sscc=digits, digit=expected))
    return ScannedCode(ScanKind.PACKAGE, raw, value=digits, sscc=digits)


def _gs1(raw: str, body: str, *, trusted: bool) -> ScannedCode:
    """A GS1 element string; `trusted` when a GS1 symbology prefix or a GS says it is one."""
    try:
        message = GS1Message.parse(body)
    except ParseError:
        return _unknown(raw)
    elements = tuple((e.ai.ai, e.value) for e in message.element_strings)
    ais = [ai for ai, _v in elements]
    # biip reads almost any digits as some AI; without a prefix ask for a key or two elements
    if not elements or (not trusted and not any(ai in _KEY_AIS for ai in ais) and len(elements) < 2):
        return _unknown(raw)
    found: dict[str, object] = {}
    for e in message.element_strings:
        ai = e.ai.ai
        if ai in ("01", "02"):
            if e.gtin_error or not gs1.is_valid_gtin(e.value):
                return _gtin(raw, e.value)
            found["gtin"] = gs1.gtin14(e.value)
        elif ai == "00":
            if not gs1.is_valid_sscc(e.value):
                return _sscc(raw, e.value)
            found["sscc"] = e.value
        elif ai == "10":
            found["lot"] = e.value
        elif ai == "17":
            if e.date is None:
                return _invalid(raw, _("The expiry date {value} is not a date.", value=e.value))
            found["expiry"] = e.date
        elif ai == "21":
            found["serial"] = e.value
        elif ai == "37":
            found["count"] = int(e.value)
        elif ai.startswith("310") and e.decimal is not None:
            found["net_weight_kg"] = e.decimal
    only_sscc = "sscc" in found and "gtin" not in found
    kind = ScanKind.PACKAGE if only_sscc else ScanKind.GS1
    value = found.get("sscc") if only_sscc else found.get("gtin", body)
    return ScannedCode(kind, raw, value=str(value), elements=elements, **found)
