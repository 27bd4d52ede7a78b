"""Demand per SKU and warehouse: the recent daily rate, and a spike detector that compares the last hours
with the SKU's own baseline (a social-commerce product can sell 20x its usual in an hour)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import mul

HALF_LIFE_DAYS = 3.0     # how fast the recent rate forgets: a day 3 days ago weighs half of yesterday
SPIKE_FACTOR = 3.0       # the last hours must sell at least this many times the baseline rate...
SPIKE_MIN_UNITS = 5      # ...and at least this many units (one order of 3 is not a trend)
SPIKE_SIGMAS = 3.0       # ...and more than chance allows: Poisson mean + 3 sigma of the baseline


@dataclass(frozen=True)
class Forecast:
    """Units a day to plan with, the baseline it was judged against, and whether it is spiking now."""

    per_day: float
    baseline: float
    recent: float        # the last hours' units, as a daily rate
    spike: bool

    @property
    def factor(self) -> float:
        """How many times its baseline the SKU sells now (0 when it had no baseline)."""
        return self.recent / self.baseline if self.baseline > 0 else 0.0


@lru_cache(maxsize=64)
def _weights(days: int, half_life: float) -> tuple[tuple[float, ...], float]:
    decay = 0.5 ** (1.0 / half_life)
    weights = tuple(decay ** (days - 1 - i) for i in range(days))   # oldest first, yesterday weighs 1
    return weights, sum(weights)


def recent_rate(daily: Sequence[float], half_life: float = HALF_LIFE_DAYS) -> float:
    """Exponentially weighted units a day; `daily` is oldest first, yesterday last."""
    if not daily:
        return 0.0
    weights, norm = _weights(len(daily), half_life)
    return sum(map(mul, weights, daily)) / norm


def is_spike(last_hours_units: float, baseline_per_day: float, hours: float) -> bool:
    """The last `hours` sold far more than the baseline explains (by ratio, by count, and by chance)."""
    if last_hours_units < SPIKE_MIN_UNITS or hours <= 0:
        return False
    expected = baseline_per_day * hours / 24.0
    if last_hours_units < SPIKE_FACTOR * expected:
        return False
    return last_hours_units > expected + SPIKE_SIGMAS * math.sqrt(max(expected, 1.0))


def forecast(daily: Sequence[float], last_hours_units: float = 0.0, hours: float = 6.0) -> Forecast:
    """Plan with the recent rate; while it spikes, with the rate of the last hours."""
    baseline = recent_rate(daily)
    recent = last_hours_units * 24.0 / hours if hours > 0 else 0.0
    spike = is_spike(last_hours_units, baseline, hours)
    return Forecast(per_day=max(recent, baseline) if spike else baseline, baseline=baseline, recent=recent,
                    spike=spike)


def days_of_cover(units: float, per_day: float) -> float:
    """How many days `units` last at `per_day` (infinite when nothing sells)."""
    return math.inf if per_day <= 0 else max(units, 0) / per_day
