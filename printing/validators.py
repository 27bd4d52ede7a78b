"""Check digits and barcode character sets (GS1 mod-10, Code 128), standard library only."""

from __future__ import annotations

from .errors import LabelDataError

# Code 128 carries ASCII 0-127; on a label we accept printable ASCII only (a tab or NUL is a typo).
CODE128_CHARS = frozenset(chr(c) for c in range(32, 127))


def gs1_check_digit(digits: str) -> str:
    """The GS1 mod-10 check digit for `digits` (weights 3,1,3,... from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return str((10 - total % 10) % 10)


def has_valid_check_digit(code: str) -> bool:
    """True if the last digit of an all-digit `code` is its GS1 check digit."""
    return len(code) >= 2 and code.isascii() and code.isdigit() and gs1_check_digit(code[:-1]) == code[-1]


def check_gtin(field: str, gtin: str) -> str:
    """A valid GTIN-8/12/13/14 as given, or LabelDataError naming `field`."""
    if not isinstance(gtin, str) or not (gtin.isascii() and gtin.isdigit()):
        raise LabelDataError(field, f"a GTIN is digits only, got {gtin!r}")
    if len(gtin) not in (8, 12, 13, 14):
        raise LabelDataError(field, f"a GTIN has 8, 12, 13 or 14 digits, got {len(gtin)}")
    if not has_valid_check_digit(gtin):
        raise LabelDataError(field, f"GTIN {gtin} has a wrong check digit (expected {gs1_check_digit(gtin[:-1])})")
    return gtin


def check_sscc(field: str, sscc: str) -> str:
    """A valid 18-digit SSCC, or LabelDataError naming `field`."""
    if not isinstance(sscc, str) or not (sscc.isascii() and sscc.isdigit()) or len(sscc) != 18:
        raise LabelDataError(field, f"an SSCC is 18 digits, got {sscc!r}")
    if not has_valid_check_digit(sscc):
        raise LabelDataError(field, f"SSCC {sscc} has a wrong check digit (expected {gs1_check_digit(sscc[:-1])})")
    return sscc


def check_code128(field: str, text: str, *, max_length: int = 48) -> str:
    """Text a Code 128 symbol can carry (printable ASCII), or LabelDataError naming `field`."""
    if not isinstance(text, str) or not text.strip():
        raise LabelDataError(field, "is empty")
    bad = sorted({c for c in text if c not in CODE128_CHARS})
    if bad:
        shown = ", ".join(repr(c) for c in bad[:5])
        raise LabelDataError(field, f"Code 128 cannot carry {shown}: printable ASCII only")
    if len(text) > max_length:
        raise LabelDataError(field, f"is {len(text)} characters, at most {max_length} fit a barcode")
    return text


def make_sscc(extension: int, company_prefix: str, serial: int) -> str:
    """An SSCC-18 from its extension digit, company prefix and serial reference."""
    body = f"{extension}{company_prefix}"
    body += str(serial).zfill(17 - len(body))
    if len(body) != 17:
        raise ValueError("extension + company prefix + serial must be 17 digits")
    return body + gs1_check_digit(body)
