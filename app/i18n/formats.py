"""Dates, times, numbers, weights, sizes and relative times in the current language (Babel), in the
warehouse's time zone and units. Stored values stay UTC, grams and millimetres."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_datetime, format_skeleton, format_time, format_timedelta
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit

from app.i18n import current_locale
from app.i18n.units import length_parts, weight_parts

_UNIT_NAMES = {"g": "mass-gram", "kg": "mass-kilogram", "lb": "mass-pound", "oz": "mass-ounce",
               "cm": "length-centimeter", "in": "length-inch", "mm": "length-millimeter"}


@lru_cache(maxsize=64)
def zone(name: str | None) -> tzinfo:
    """The IANA zone `name` ("America/Los_Angeles"); UTC when empty or unknown."""
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def local(at: datetime, tz: str | None) -> datetime:
    """`at` (aware, or naive UTC) as wall-clock time in the zone `tz`."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(zone(tz))


def local_day(at: datetime, tz: str | None) -> date:
    """The calendar day `at` falls on in the warehouse (23:30 in Los Angeles is still today there)."""
    return local(at, tz).date()


def day_bounds(day: date, tz: str | None) -> tuple[datetime, datetime]:
    """The UTC instants where the warehouse's local `day` starts and the next one starts (23 or 25 hours
    on a daylight-saving change)."""
    z = zone(tz)
    start = datetime(day.year, day.month, day.day, tzinfo=z)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=z)
    return start.astimezone(UTC), end.astimezone(UTC)


def when(at: datetime | None, tz: str | None = None, fmt: str = "short") -> str:
    """Date and time, e.g. "12/2/26, 3:05 PM" / "2/12/26, 15:05"."""
    if at is None:
        return ""
    return format_datetime(local(at, tz), fmt, locale=current_locale())


def clock(at: datetime | None, tz: str | None = None, fmt: str = "short") -> str:
    """The time of day, e.g. "3:05 PM" / "15:05"."""
    if at is None:
        return ""
    return format_time(local(at, tz), fmt, locale=current_locale())


def day(d: date | datetime | None, tz: str | None = None, fmt: str = "medium") -> str:
    """A date, e.g. "Dec 2, 2026" / "2 dic 2026" / "2026年12月2日"."""
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = local_day(d, tz)
    return format_date(d, fmt, locale=current_locale())


def month_day(at: datetime, tz: str | None = None) -> str:
    """A short date without the year, e.g. "Dec 2" / "2 dic" / "12月2日"."""
    return format_skeleton("MMMd", local(at, tz), locale=current_locale())


def number(value: int | float | Decimal, decimals: int | None = None) -> str:
    """A number with the language's separators ("1,234.5" / "1.234,5" / "1 234,5")."""
    if decimals is not None:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=current_locale())
    return format_decimal(value, locale=current_locale())


def percent(value: float) -> str:
    return format_percent(value, locale=current_locale())


def measure(value: Decimal | float | int, unit: str) -> str:
    """A number with its unit symbol as the language writes it ("30 cm", "30厘米", "12 po")."""
    return format_unit(value, _UNIT_NAMES[unit], length="short", locale=current_locale())


def weight(grams: int | None, units: str = "metric") -> str:
    """A stored weight as people read it: "350 g", "1.25 kg"; imperial "7.4 oz", "2.76 lb"."""
    if grams is None:
        return ""
    value, unit = weight_parts(int(grams), units)
    return measure(value, unit)


def length(mm: int | None, units: str = "metric") -> str:
    if mm is None:
        return ""
    value, unit = length_parts(int(mm), units)
    return measure(value, unit)


def size(dims_mm: tuple[int, int, int] | list[int], units: str = "metric") -> str:
    """Carton or item sides, "40 × 30 × 20 cm" / "15.7 × 11.8 × 7.9 in"."""
    parts = [length_parts(int(d), units) for d in dims_mm]
    numbers = " × ".join(number(v) for v, _unit in parts[:-1])
    return f"{numbers} × {measure(*parts[-1])}" if numbers else measure(*parts[-1])


def ago(at: datetime | None, now: datetime, threshold: float = 0.9) -> str:
    """How long ago (or from now), e.g. "5 minutes ago", "hace 5 minutos", "5分钟前", "in 2 hours"."""
    if at is None:
        return ""
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    return format_timedelta(at - now, add_direction=True, threshold=threshold, locale=current_locale())


def span(delta: timedelta, granularity: str = "second") -> str:
    """A duration with no direction, e.g. "3 minutes", "3 minutos", "3分钟"."""
    return format_timedelta(delta, granularity=granularity, threshold=0.9, locale=current_locale())
