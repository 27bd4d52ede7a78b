"""A synthetic network for the planner's benchmark: sites in several countries, SKUs with a steady demand
per warehouse, viral spikes (20x for a few days), weekly supplier deliveries, and two replenishment policies
run over the same demand: the planner (app/domain/planning.py) and the 14-day rule it replaced."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from app.domain.forecast import forecast
from app.domain.planning import Item, Lane, Policy, Position, default_lane, plan

BLOCKS = 4                      # a day in 6-hour blocks: the spike detector looks at the last one
HISTORY = 14
COUNTRIES = ("DE", "PL", "CZ", "FR", "NL", "IT", "ES", "AT", "SE", "DK")
SPIKE_SHAPE = (20.0, 14.0, 8.0, 4.0, 2.0)   # a viral product: x its usual, day by day


@dataclass
class Network:
    sites: list[str]
    countries: list[str]
    base: np.ndarray            # (skus, sites) usual units a day
    demand: np.ndarray          # (days, BLOCKS, skus, sites) units ordered
    start: np.ndarray           # (skus, sites) stock on day 0
    delivery: np.ndarray        # (skus, sites) units the supplier brings every 7 days
    spikes: int = 0

    @property
    def lanes(self) -> list[Lane]:
        return [default_lane(a, b, same_site=False, same_country=ca == cb)
                for a, ca in zip(self.sites, self.countries) for b, cb in zip(self.sites, self.countries) if a != b]


def build(sites: int, skus: int, days: int, *, seed: int = 7, spike_share: float = 0.05) -> Network:
    rng = np.random.default_rng(seed)
    names = [f"{COUNTRIES[i % 4]}{i // 4 + 1}" for i in range(sites)]
    countries = [COUNTRIES[i % 4] for i in range(sites)]   # 10 sites in 4 countries: 2-day lanes within one
    popularity = rng.lognormal(0.0, 1.0, skus)[:, None]                 # some SKUs sell far more than others
    local = rng.lognormal(0.0, 0.5, (skus, sites))                      # and better in some places
    base = 1.5 * popularity * local / np.mean(popularity * local)
    multiplier = np.ones((days, BLOCKS, skus, sites))
    spiking = rng.choice(skus, int(skus * spike_share), replace=False)
    for s in spiking:
        where = rng.choice(sites, rng.integers(1, 3), replace=False)
        day, block = int(rng.integers(5, days - 5)), int(rng.integers(0, BLOCKS))
        for i, x in enumerate(SPIKE_SHAPE):
            for b in range(BLOCKS):
                t = (day + i) * BLOCKS + b - block   # the spike starts at a random hour of its day
                if 0 <= t // BLOCKS < days and t >= day * BLOCKS:
                    multiplier[t // BLOCKS, t % BLOCKS, s, where] = x
    demand = rng.poisson(base[None, None] * multiplier / BLOCKS).astype(np.int32)
    start = np.rint(base * 10 * rng.uniform(0.3, 2.0, (skus, sites))).astype(np.int64)
    delivery = np.rint(base * 7).astype(np.int64)
    return Network(names, countries, base, demand, start, delivery, len(spiking))


@dataclass
class Outcome:
    stockout_units: int = 0     # units asked for and not there: a unit for each day it was missing
    moved_units: int = 0
    moves: int = 0
    plan_seconds: float = 0.0
    solved: int = 0
    daily: list[int] = field(default_factory=list)


def history_and_last(net: Network, day: int) -> tuple[np.ndarray, np.ndarray]:
    """At the start of `day`: units a day before the last 6 hours (oldest first), and the last 6 hours."""
    per_block = net.demand[max(0, day - HISTORY - 1):day]            # (d, BLOCKS, skus, sites)
    flat = per_block.reshape(-1, *per_block.shape[2:])
    if flat.shape[0] == 0:
        zeros = np.zeros((HISTORY,) + net.base.shape)
        return zeros, np.zeros(net.base.shape)
    last = flat[-1]
    before = flat[:-1]
    days = np.zeros((HISTORY,) + net.base.shape)
    # whole days ending where the last block starts, newest last
    for k in range(HISTORY):
        hi = before.shape[0] - k * BLOCKS
        lo = max(0, hi - BLOCKS)
        if hi <= 0:
            break
        days[HISTORY - 1 - k] = before[lo:hi].sum(axis=0)
    return days, last


def planner_moves(net: Network, day: int, stock: np.ndarray, coming: np.ndarray, soon: np.ndarray,
                  policy: Policy) -> tuple[list[tuple[int, int, int, int, float]], int]:
    days, last = history_and_last(net, day)
    index = {w: i for i, w in enumerate(net.sites)}

    def items() -> Iterator[Item]:
        for s in range(stock.shape[0]):
            yield Item("S", str(s), tuple(
                Position(w, int(stock[s, i]), int(coming[s, i]), 0, 0,
                         forecast(days[:, s, i].tolist(), float(last[s, i]), 24 / BLOCKS), int(soon[s, i]))
                for i, w in enumerate(net.sites)))

    found = plan(items(), net.lanes, policy)
    return [(int(m.sku), index[m.source], index[m.dest], m.units, m.lead_days) for m in found.moves], found.solved


def fourteen_day_rule_moves(net: Network, day: int, stock: np.ndarray, days: int = 14,
                            cover_days: int = 7) -> list[tuple[int, int, int, int, float]]:
    """The rule the planner replaced (services/transfers.replenishment before issue 18), as it was:
    14 days' orders, 7 days of cover, the first other warehouse with spare; stock in transit not counted."""
    sold = net.demand[max(0, day - days):day].sum(axis=(0, 1))        # (skus, sites)
    lanes = {(lane.source, lane.dest): lane for lane in net.lanes}
    out = []
    for s, w in zip(*np.nonzero(sold)):
        daily = sold[s, w] / days
        need = int(daily * cover_days + 0.999) - int(stock[s, w])
        if need <= 0:
            continue
        for o in range(len(net.sites)):
            if o == w:
                continue
            spare = int(stock[s, o]) - int(sold[s, o] / days * cover_days + 0.999)
            if spare > 0:
                lead = lanes[(net.sites[o], net.sites[w])].lead_days
                out.append((int(s), o, int(w), min(need, spare), lead))
                break
    return out


def simulate(net: Network, policy_name: str, policy: Policy | None = None) -> Outcome:
    """Run the 60 days with `policy_name`: "planner", "rule" (the 14-day rule) or "none" (no transfers).
    Supplier deliveries are not announced to either policy; both see the same demand."""
    import time

    policy = policy or Policy()
    n_days = net.demand.shape[0]
    stock = net.start.copy()
    arriving = np.zeros((n_days + 10,) + stock.shape, dtype=np.int64)
    out = Outcome()
    for day in range(n_days):
        stock += arriving[day]
        if day % 7 == 0:
            stock += net.delivery
        coming = arriving[day + 1:].sum(axis=0)
        soon = arriving[day + 1:day + 1 + math.floor(policy.urgent_days)].sum(axis=0)
        t = time.perf_counter()
        if policy_name == "planner":
            moves, solved = planner_moves(net, day, stock, coming, soon, policy)
            out.solved += solved
        elif policy_name == "rule":
            moves = fourteen_day_rule_moves(net, day, stock)
        else:
            moves = []
        out.plan_seconds += time.perf_counter() - t
        for s, src, dst, units, lead in moves:
            units = min(units, int(stock[s, src]))      # what is really on the shelf when it is picked
            if units <= 0:
                continue
            stock[s, src] -= units
            arriving[day + max(1, math.ceil(lead)), s, dst] += units
            out.moved_units += units
            out.moves += 1
        missed = 0
        for b in range(BLOCKS):
            want = net.demand[day, b]
            sold = np.minimum(stock, want)
            stock -= sold
            missed += int((want - sold).sum())
        out.stockout_units += missed
        out.daily.append(missed)
    return out


def scale_items(sites: int, skus: int, *, seed: int = 11) -> tuple[list[Lane], Iterator[Item]]:
    """A moment of a big network: every SKU at every site with 14 days of history, 5% spiking somewhere."""
    rng = np.random.default_rng(seed)
    names = [f"S{i:02d}" for i in range(sites)]
    countries = [COUNTRIES[i % len(COUNTRIES)] for i in range(sites)]
    lanes = [default_lane(a, b, same_site=False, same_country=ca == cb)
             for a, ca in zip(names, countries) for b, cb in zip(names, countries) if a != b]

    base = 1.5 * rng.lognormal(0.0, 1.0, (skus, 1)) * rng.lognormal(0.0, 0.5, (skus, sites))
    history = rng.poisson(np.repeat(base[:, :, None], HISTORY, axis=2)).astype(np.int32)
    last = rng.poisson(base / BLOCKS).astype(np.int32)
    viral = np.nonzero(rng.random(skus) < 0.05)[0]
    last[viral, rng.integers(0, sites, len(viral))] += (20 * base[viral].max(axis=1)).astype(np.int32)
    stock = np.rint(base * 10 * rng.uniform(0.3, 2.0, (skus, sites))).astype(np.int32)

    def items() -> Iterator[Item]:
        for s in range(skus):
            hs, ls, st = history[s].tolist(), last[s].tolist(), stock[s].tolist()
            yield Item("S", f"SKU-{s}", tuple(Position(names[i], st[i], 0, 0, 0, forecast(hs[i], ls[i], 6.0))
                                              for i in range(sites)))

    return lanes, items()
