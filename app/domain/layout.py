"""A warehouse's bins from ranges (aisles A01..A12, racks 01..20, levels 1..5, positions 1..4), their codes
and their serpentine walking order: up aisle 1, down aisle 2, up aisle 3..., so a picker never walks back."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.errors import InvalidInput
from app.i18n import _

MAX_BINS = 100_000         # one command; a bigger site adds its zones one by one
MAX_PARTS = 10_000         # values in one range
SEQUENCE_STEP = 10         # room to slot a bin in later without renumbering
_PART = re.compile(r"^([A-Z]*)(\d{1,6})$")
CODE = re.compile(r"^[A-Z0-9][A-Z0-9\-]{0,39}$")


@dataclass(frozen=True)
class BinSpec:
    code: str
    pick_sequence: int


def expand(text: str, field: str) -> list[str]:
    """"A01..A12" -> A01, A02 ... A12; "1..5"; "3"; "1,3,5"; lists of those. Zero padding is kept."""
    values: list[str] = []
    for part in (text or "").upper().replace(" ", "").split(","):
        if not part:
            raise InvalidInput(_("Say which {field} to make.", field=field), {field: _("e.g. A01..A12 or 1..5")})
        first, _sep, last = part.partition("..")
        last = last or first
        a, b = _PART.match(first), _PART.match(last)
        if a is None or b is None or a.group(1) != b.group(1):
            raise InvalidInput(_("{text} is not a range.", text=repr(part)),
                               {field: _("letters then digits, first..last, e.g. A01..A12 or 1..5")})
        low, high = int(a.group(2)), int(b.group(2))
        if high < low:
            raise InvalidInput(_("{text} counts down.", text=repr(part)), {field: _("first..last, first the lower")})
        if high - low + 1 > MAX_PARTS:
            raise InvalidInput(_("{text} has {n} values.", text=repr(part), n=high - low + 1),
                               {field: _("at most {max}", max=MAX_PARTS)})
        width = len(a.group(2))
        values += [f"{a.group(1)}{n:0{width}d}" for n in range(low, high + 1)]
    if len(set(values)) != len(values):
        raise InvalidInput(_("A value of {field} appears twice.", field=field), {field: _("each value once")})
    return values


def serpentine(prefix: str, aisles: list[str], racks: list[str], levels: list[str], positions: list[str],
               *, first_sequence: int) -> list[BinSpec]:
    """Every bin of the ranges, codes PREFIX-AISLE-RACK-LEVEL[-POSITION], numbered in walking order."""
    total = len(aisles) * len(racks) * len(levels) * max(1, len(positions))
    if total > MAX_BINS:
        raise InvalidInput(_("That is {n} bins; one command makes at most {max}. Add the zone in parts.",
                             n=f"{total:,}", max=f"{MAX_BINS:,}"), {"aisles": _("fewer aisles, racks or levels")})
    bins: list[BinSpec] = []
    seq = first_sequence
    tails = [f"-{p}" for p in positions] or [""]
    for i, aisle in enumerate(aisles):
        for rack in racks if i % 2 == 0 else list(reversed(racks)):
            for level in levels:
                for tail in tails:
                    code = f"{prefix}-{aisle}-{rack}-{level}{tail}"
                    if not CODE.match(code):
                        raise InvalidInput(_("{code} is not a bin code a scanner reads well.", code=repr(code)),
                                           {"aisles": _("up to 40 letters, digits and dashes in all")})
                    bins.append(BinSpec(code, seq))
                    seq += SEQUENCE_STEP
    return bins
