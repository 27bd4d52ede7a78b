"""Tracking numbers in the UPU S10 form (e.g. FP123456785DE): 2 letters, 8 digits, check digit, country."""

from __future__ import annotations

import re
from dataclasses import dataclass

S10 = re.compile(r"^[A-Z]{2}\d{9}[A-Z]{2}$")
_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_check_digit(serial: str) -> int:
    if len(serial) != 8 or not serial.isdigit():
        raise ValueError("an S10 serial is 8 digits")
    check = 11 - sum(int(d) * w for d, w in zip(serial, _WEIGHTS)) % 11
    return {10: 0, 11: 5}.get(check, check)


def s10(service: str, serial: int, country: str) -> str:
    digits = f"{serial:08d}"
    return f"{service}{digits}{s10_check_digit(digits)}{country}"


def is_valid_s10(number: str) -> bool:
    return bool(S10.match(number or "")) and s10_check_digit(number[2:10]) == int(number[10])


# ---- carriers' own labels (bought through karrio) ------------------------------------------------------

GS = "\x1d"
_SYMBOLOGY = re.compile(r"^\][A-Za-z][0-9]")
IMPB = re.compile(r"^420(\d{5}|\d{9})(\d{20,34})$")   # USPS: AI 420 + ship-to ZIP (5 or 9), then the number
IMPB_LENGTHS = (20, 22, 26, 30, 34)
UPS = re.compile(r"^1Z[0-9A-Z]{16}$")
GENERIC_TAIL = 6   # karrio's generic carrier label carries only the last 6 characters of the tracking number


def scanned_text(raw: str) -> str:
    """A scan without its symbology identifier (]C1, ]E0 ...), FNC1/GS separators, spaces and the brackets of a
    GS1 human-readable line ("(00)1234..."), upper case."""
    text = (raw or "").strip()
    text = _SYMBOLOGY.sub("", text)
    for mark in (GS, " ", "(", ")"):
        text = text.replace(mark, "")
    return text.upper()


def tracking_from_scan(raw: str) -> str:
    """The tracking number a carrier's label barcode holds: a USPS IMpb drops its 420+ZIP routing part."""
    return next(iter(tracking_candidates(raw)), "")


def tracking_candidates(raw: str) -> tuple[str, ...]:
    """The numbers a scan may be, most likely first: an IMpb's after a 9-digit ZIP+4 or a 5-digit ZIP (a
    scanner sending the GS between them says which), else the scan itself."""
    stripped = _SYMBOLOGY.sub("", (raw or "").strip())
    if stripped.startswith("420") and GS in stripped:
        routing, _sep, number = stripped.partition(GS)
        if routing[3:].isdigit() and len(routing) in (8, 12):
            return (scanned_text(number),)
    text = scanned_text(raw)
    if text.startswith("420") and text.isdigit():
        found = tuple(text[3 + z:] for z in (9, 5) if len(text) - 3 - z in IMPB_LENGTHS)
        if found:
            return found
    return (text,)


def label_matches(raw: str, *, tracking: str, sscc: str = "", carrier: str = "") -> bool:
    """Whether a scan is the label of a package with this tracking number (or SSCC).

    Accepted: the SSCC; the tracking number itself (UPS 1Z..., S10, FedEx); a USPS IMpb (420 + ZIP +
    the number); and for karrio's generic carrier, whose label barcode holds only the number's last six
    characters (as a GS1-128 SSCC, AI 00, zero-padded with its check digit), those six: Floor sends the
    package's SSCC as the number, so they differ box to box."""
    text = scanned_text(raw)
    if not text:
        return False
    if sscc and text in (sscc, f"00{sscc}"):
        return True
    number = (tracking or "").upper()
    if not number:
        return False
    if text == number:
        return True
    if number in tracking_candidates(raw):
        return True
    if not carrier.lower().startswith("generic") or len(number) <= GENERIC_TAIL:
        return False
    return generic_tail(text) == number[-GENERIC_TAIL:]


def generic_tail(raw: str) -> str:
    """The last six characters of a tracking number as karrio's generic label carries them: the scan itself,
    or from its GS1-128 SSCC (AI 00 + 17 digits ending with them + a check digit)."""
    text = scanned_text(raw)
    if len(text) == 20 and text.startswith("00") and text.isdigit():
        return text[2:-1][-GENERIC_TAIL:]
    return text if len(text) == GENERIC_TAIL else ""


# ---- choosing the service -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Rate:
    carrier: str
    service: str
    amount: float
    currency: str
    transit_days: int | None


def choose_rate(rates: list[Rate], days_left: int | None, fixed: str = "") -> Rate | None:
    """The seller's fixed service when it is offered; else the cheapest rate that arrives in time
    (`days_left` days until the promise; None: no promise), else the fastest one; None with no rates."""
    if not rates:
        return None
    if fixed:
        chosen = [r for r in rates if r.service == fixed]
        return min(chosen, key=lambda r: r.amount) if chosen else None
    if days_left is not None:
        in_time = [r for r in rates if r.transit_days is not None and r.transit_days <= max(days_left, 1)]
        if in_time:
            return min(in_time, key=lambda r: (r.amount, r.transit_days, r.service))
        known = [r for r in rates if r.transit_days is not None]
        if known:
            return min(known, key=lambda r: (r.transit_days, r.amount, r.service))
    return min(rates, key=lambda r: (r.amount, r.transit_days or 99, r.service))


# ---- customs ---------------------------------------------------------------------------------------

EU_CUSTOMS = frozenset("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MC MT NL PL PT RO SE SI SK".split())


def needs_customs(from_country: str, to_country: str) -> bool:
    """A parcel leaving the sender's customs area (the EU's is one; elsewhere each country is its own)."""
    a, b = (from_country or "").upper(), (to_country or "").upper()
    if a == b:
        return False
    return not (a in EU_CUSTOMS and b in EU_CUSTOMS)
