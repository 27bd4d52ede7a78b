"""GS1 numbers: GTIN-8/12/13/14 and SSCC-18 check digits (mod 10, weights 3,1 from the right)."""

from __future__ import annotations

GTIN_LENGTHS = (8, 12, 13, 14)


def check_digit(data: str) -> int:
    """The mod-10 check digit for the data digits (all digits but the check digit)."""
    if not data.isdigit():
        raise ValueError("GS1 numbers are digits only")
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(data)))
    return (10 - total % 10) % 10


def is_valid(number: str, lengths: tuple[int, ...]) -> bool:
    return (
        isinstance(number, str)
        and number.isdigit()
        and len(number) in lengths
        and check_digit(number[:-1]) == int(number[-1])
    )


def is_valid_gtin(gtin: str) -> bool:
    return is_valid(gtin, GTIN_LENGTHS)


def gtin_problem(gtin: str) -> str | None:
    """Why a GTIN is not valid, in words; None when it is."""
    if not gtin.isdigit():
        return "a GTIN has digits only"
    if len(gtin) not in GTIN_LENGTHS:
        return "a GTIN has 8, 12, 13 or 14 digits"
    expected = check_digit(gtin[:-1])
    if expected != int(gtin[-1]):
        return f"the check digit should be {expected}"
    return None


def with_check_digit(data: str) -> str:
    return data + str(check_digit(data))


def gtin14(gtin: str) -> str:
    """Any valid GTIN as its 14-digit form (left-padded with zeros)."""
    return gtin.zfill(14)


def is_valid_sscc(sscc: str) -> bool:
    return is_valid(sscc, (18,))


def make_sscc(extension: int, company_prefix: str, serial: int) -> str:
    """extension digit + company prefix + serial reference (17 digits together) + check digit."""
    if not (0 <= extension <= 9) or not company_prefix.isdigit():
        raise ValueError("bad SSCC extension or company prefix")
    serial_len = 16 - len(company_prefix)
    if serial_len < 1 or serial >= 10**serial_len or serial < 0:
        raise ValueError("the SSCC serial does not fit this company prefix")
    return with_check_digit(f"{extension}{company_prefix}{serial:0{serial_len}d}")
