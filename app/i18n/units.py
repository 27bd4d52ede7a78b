"""Metric or imperial, as a warehouse is set: stored values stay grams and millimetres, people see their own.

Pure arithmetic (standard library): what a weight in pounds is in grams, what a typed "2.5" means at an
imperial bench. Words and number formats are app/i18n/formats.py's.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

METRIC, IMPERIAL = "metric", "imperial"
UNITS = (METRIC, IMPERIAL)
GRAMS_PER_POUND = Decimal("453.59237")        # exact, by definition (1959)
GRAMS_PER_OUNCE = GRAMS_PER_POUND / 16
MM_PER_INCH = Decimal("25.4")                 # exact
SCALE_UNITS = {"g": Decimal(1), "kg": Decimal(1000), "lb": GRAMS_PER_POUND, "oz": GRAMS_PER_OUNCE}


def check(units: str) -> str:
    if units not in UNITS:
        raise ValueError(f"units must be one of {', '.join(UNITS)}, not {units!r}")
    return units


def to_grams(value: Decimal | float | int | str, unit: str) -> int:
    """A weight in g, kg, lb or oz as whole grams (half up)."""
    try:
        factor = SCALE_UNITS[unit.strip().lower()]
        amount = Decimal(str(value))
    except (KeyError, InvalidOperation) as exc:
        raise ValueError(f"not a weight: {value!r} {unit!r}") from exc
    return int((amount * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def entry_unit(units: str) -> str:
    """The unit a weight is typed in at a bench: kilograms or pounds."""
    return "lb" if check(units) == IMPERIAL else "kg"


def grams_in(grams: int, unit: str) -> Decimal:
    return Decimal(grams) / SCALE_UNITS[unit]


def weight_parts(grams: int, units: str) -> tuple[Decimal, str]:
    """The number and unit a person reads: g under a kilogram, else kg; oz under a pound, else lb."""
    if check(units) == IMPERIAL:
        if abs(grams) < GRAMS_PER_POUND:
            return (Decimal(grams) / GRAMS_PER_OUNCE).quantize(Decimal("0.1"), ROUND_HALF_UP), "oz"
        return (Decimal(grams) / GRAMS_PER_POUND).quantize(Decimal("0.01"), ROUND_HALF_UP), "lb"
    if abs(grams) < 1000:
        return Decimal(grams), "g"
    return (Decimal(grams) / 1000).quantize(Decimal("0.001"), ROUND_HALF_UP).normalize(), "kg"


def length_parts(mm: int, units: str) -> tuple[Decimal, str]:
    """The number and unit of a carton side: whole centimetres (one decimal under 10) or inches to a tenth."""
    if check(units) == IMPERIAL:
        return (Decimal(mm) / MM_PER_INCH).quantize(Decimal("0.1"), ROUND_HALF_UP).normalize(), "in"
    cm = Decimal(mm) / 10
    return (cm.quantize(Decimal("0.1"), ROUND_HALF_UP) if cm < 10 else cm.quantize(Decimal(1), ROUND_HALF_UP)
            ).normalize(), "cm"


def typed_weight(text: str, units: str) -> int:
    """What a person typed at a bench as grams: a plain number is kg (metric) or lb (imperial); a number
    with a unit after it ("350 g", "12 oz", "2.5lb") is taken in that unit. A comma works as the decimal mark."""
    raw = (text or "").strip().lower().replace(",", ".")
    unit = entry_unit(units)
    for suffix in ("kg", "lb", "oz", "g"):
        if raw.endswith(suffix):
            raw, unit = raw[: -len(suffix)].strip(), suffix
            break
    return to_grams(raw, unit)
