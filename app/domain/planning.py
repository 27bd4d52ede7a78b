"""Which transfers to make: per SKU, a small integer programme solved by HiGHS (highspy).

For one seller's SKU across the network: each warehouse's position (available + in transit to it +
announced inbound - open orders not yet allocated) against its forecast gives a need (short of
`cover_days` of cover) or a spare (what it holds above its own cover and can ship now). The solver chooses
whole cartons per lane, minimising transfer cost (per unit, its share of a truck, and days on the road)
plus a penalty per unit of unmet cover, heavier for the first `urgent_days`, which only lanes that arrive
in time can fill. SKUs are independent, so the network is planned one SKU at a time: memory stays small
and a SKU with nothing short or nothing spare costs no solve at all.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np

from app.domain.forecast import Forecast, days_of_cover
from app.i18n import _

NO_DEMAND = Forecast(per_day=0.0, baseline=0.0, recent=0.0, spike=False)


@dataclass(frozen=True, slots=True)
class Position:
    """One SKU at one warehouse, as the planner sees it."""

    warehouse: str
    available: int = 0      # on hand in its bins and not allocated to an order
    in_transit: int = 0     # on its way here: transfers planned or shipped to this warehouse
    inbound: int = 0        # announced by the seller, not received yet
    backlog: int = 0        # open order units here not allocated yet (they will take available units)
    forecast: Forecast = NO_DEMAND
    soon: int = 0           # of in_transit and inbound, what arrives within the urgent days

    @property
    def net(self) -> int:
        return self.available + self.in_transit + self.inbound - self.backlog

    @property
    def net_soon(self) -> int:
        """What it has to sell through the urgent days: stock arriving later cannot prevent a stock-out now."""
        return self.available + self.soon - self.backlog


@dataclass(frozen=True, slots=True)
class Item:
    """One seller's SKU across the network."""

    seller: str
    sku: str
    positions: tuple[Position, ...]
    carton_units: int = 1   # moves are whole cartons of this many units


@dataclass(frozen=True, slots=True)
class Lane:
    """A way stock can travel between two warehouses."""

    source: str
    dest: str
    lead_days: float
    unit_cost: float
    truck_units: int = 0    # 0: no truck (parcel); else a truck carries this many units...
    truck_cost: float = 0.0  # ...for this much, shared by the units it carries


@dataclass(frozen=True)
class Policy:
    """What the planner aims at; the defaults are the ones tests/bench/test_network_plan_bench.py measured."""

    cover_days: float = 5.0        # a warehouse wants this many days of cover
    urgent_days: float = 3.0       # cover short of this is urgent (a stock-out within days)
    shortage_penalty: float = 2.0   # per unit of cover missing
    urgent_penalty: float = 40.0    # per unit of urgent cover missing (on top)
    day_cost: float = 0.05          # per unit and day on the road


@dataclass(frozen=True)
class Move:
    """A proposed transfer and why."""

    seller: str
    sku: str
    source: str
    dest: str
    units: int
    cartons: int
    lead_days: float
    cost: float
    per_day: float          # the destination's forecast
    cover_before: float     # days of cover at the destination before any move
    days_bought: float      # days of cover these units buy there
    spike: bool
    why: str


@dataclass(frozen=True)
class LaneLoad:
    source: str
    dest: str
    units: int
    trucks: int


@dataclass(frozen=True)
class Plan:
    moves: tuple[Move, ...]
    loads: tuple[LaneLoad, ...] = ()
    solved: int = 0          # SKUs that needed the solver
    skus: int = 0
    unmet_units: int = 0     # cover still missing after the moves (no source could spare it)
    notes: tuple[str, ...] = field(default_factory=tuple)


def _target(pos: Position, days: float) -> int:
    return math.ceil(pos.forecast.per_day * days - 1e-9) if pos.forecast.per_day > 0 else 0


def needs_and_spares(item: Item, policy: Policy) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Per warehouse: units short of cover, units short of urgent cover, and units it can spare now."""
    need, urgent, spare = {}, {}, {}
    for pos in item.positions:
        short = _target(pos, policy.cover_days) - pos.net
        soon = _target(pos, policy.urgent_days) - pos.net_soon
        if pos.forecast.per_day > 0 and (short > 0 or soon > 0):
            need[pos.warehouse] = max(short, soon)
            if soon > 0:
                urgent[pos.warehouse] = soon
        else:
            can = min(pos.available - pos.backlog, -soon, -short)
            if can >= item.carton_units:
                spare[pos.warehouse] = can
    return need, urgent, spare


class Solver:
    """One HiGHS instance reused for every solve of a plan (creating one costs more than a small solve)."""

    def __init__(self) -> None:
        self.highs = highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("mip_rel_gap", 0.0)

    def solve(self, cost, upper, integer, rows_lower, rows_upper, rows, cols, vals) -> np.ndarray:
        """min cost.x subject to rows_lower <= A.x <= rows_upper, 0 <= x <= upper; A given as triplets."""
        lp = highspy.HighsLp()
        n_cols, n_rows = len(cost), len(rows_lower)
        lp.num_col_, lp.num_row_ = n_cols, n_rows
        lp.col_cost_, lp.col_lower_, lp.col_upper_ = cost, np.zeros(n_cols), upper
        lp.row_lower_, lp.row_upper_ = rows_lower, rows_upper
        order = np.lexsort((rows, cols))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.concatenate(([0], np.cumsum(np.bincount(cols, minlength=n_cols))))
        lp.a_matrix_.index_ = rows[order]
        lp.a_matrix_.value_ = vals[order]
        if integer is not None:
            lp.integrality_ = [highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
                               for i in integer]
        self.highs.clearModel()
        self.highs.passModel(lp)
        self.highs.run()
        if self.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"HiGHS: {self.highs.modelStatusToString(self.highs.getModelStatus())}")
        return np.asarray(self.highs.getSolution().col_value)


def lane_cost(lane: Lane, policy: Policy) -> float:
    """What one unit costs on a lane: its price, its share of a full truck, and its days on the road."""
    truck = lane.truck_cost / lane.truck_units if lane.truck_units else 0.0
    return lane.unit_cost + truck + policy.day_cost * lane.lead_days


MIN_SOURCES = 3   # per short warehouse: the cheapest sources with spare, at least this many...
SPARE_FACTOR = 2  # ...and until they could spare twice its need (the rest would never be chosen)


@dataclass
class _Problem:
    item: Item
    usable: list[Lane]
    need: dict[str, int]
    urgent: dict[str, int]
    spare: dict[str, int]


def lanes_into(lanes: Iterable[Lane], policy: Policy) -> dict[str, list[Lane]]:
    """Per destination, the lanes that arrive within the cover horizon, cheapest first (sorted once a plan)."""
    into: dict[str, list[tuple[float, str, Lane]]] = {}
    for lane in lanes:
        if lane.lead_days < policy.cover_days:
            into.setdefault(lane.dest, []).append((lane_cost(lane, policy), lane.source, lane))
    return {d: [lane for _c, _s, lane in sorted(found)] for d, found in into.items()}


def _problem(item: Item, into: Mapping[str, list[Lane]], policy: Policy) -> tuple[_Problem | None, int]:
    """The SKU's small programme, or None and the cover left unmet when there is nothing to decide."""
    need, urgent, spare = needs_and_spares(item, policy)
    if not need:
        return None, 0
    usable = []
    for d, short in need.items():
        enough = taken = 0
        for lane in into.get(d, ()):
            if lane.source not in spare:
                continue
            if taken >= MIN_SOURCES and enough >= SPARE_FACTOR * short:
                break
            usable.append(lane)
            enough += spare[lane.source]
            taken += 1
    if not usable:
        return None, sum(need.values())
    return _Problem(item, usable, need, urgent, spare), 0


def _block(p: _Problem, policy: Policy) -> tuple:
    """Columns: cartons per lane, unmet cover per short warehouse, unmet urgent cover; rows: spare, need, urgent."""
    q = p.item.carton_units
    sources = sorted({lane.source for lane in p.usable})
    dests = sorted({lane.dest for lane in p.usable})
    urgent_dests = [d for d in dests if d in p.urgent]
    n_lanes = len(p.usable)
    s_row = {s: i for i, s in enumerate(sources)}
    d_row = {d: len(sources) + i for i, d in enumerate(dests)}
    u_row = {d: len(sources) + len(dests) + i for i, d in enumerate(urgent_dests)}
    n_rows = len(sources) + len(dests) + len(urgent_dests)
    cost, upper, rows, cols, vals = [], [], [], [], []
    lower_b, upper_b = [-highspy.kHighsInf] * n_rows, [highspy.kHighsInf] * n_rows
    for s, r in s_row.items():
        upper_b[r] = p.spare[s]
    for k, lane in enumerate(p.usable):
        cost.append(q * lane_cost(lane, policy))
        upper.append(min(math.ceil(p.need[lane.dest] / q), p.spare[lane.source] // q))
        rows += [s_row[lane.source], d_row[lane.dest]]
        cols += [k, k]
        vals += [q, q]
        if lane.dest in u_row and lane.lead_days <= policy.urgent_days:   # only what arrives in time
            rows.append(u_row[lane.dest])
            cols.append(k)
            vals.append(q)
    for d, r in d_row.items():
        lower_b[r] = p.need[d]
        rows.append(r)
        cols.append(len(cost))
        vals.append(1.0)
        cost.append(policy.shortage_penalty)
        upper.append(highspy.kHighsInf)
    for d, r in u_row.items():
        lower_b[r] = p.urgent[d]
        rows.append(r)
        cols.append(len(cost))
        vals.append(1.0)
        cost.append(policy.urgent_penalty)
        upper.append(highspy.kHighsInf)
    return cost, upper, lower_b, upper_b, rows, cols, vals, n_lanes, len(dests)


def _solve_alone(p: _Problem, policy: Policy, solver: Solver) -> np.ndarray:
    cost, upper, lo, hi, rows, cols, vals, n_lanes, _n = _block(p, policy)
    integer = [True] * n_lanes + [False] * (len(cost) - n_lanes)
    return solver.solve(np.array(cost), np.array(upper, dtype=float), integer, np.array(lo, dtype=float),
                        np.array(hi, dtype=float), np.array(rows), np.array(cols), np.array(vals, dtype=float))


def _read(p: _Problem, x: np.ndarray, policy: Policy) -> tuple[list[Move], int]:
    q = p.item.carton_units
    by_pos = {pos.warehouse: pos for pos in p.item.positions}
    moves = []
    n_lanes = len(p.usable)
    for k, lane in enumerate(p.usable):
        cartons = int(round(x[k]))
        if cartons <= 0:
            continue
        dest = by_pos[lane.dest]
        rate = dest.forecast.per_day
        units = cartons * q
        moves.append(Move(p.item.seller, p.item.sku, lane.source, lane.dest, units, cartons, lane.lead_days,
                          round(units * lane_cost(lane, policy), 2), rate, days_of_cover(dest.net, rate),
                          units / rate, dest.forecast.spike,
                          explain(p.item, dest, by_pos[lane.source], lane, units, policy)))
    n_dests = len({lane.dest for lane in p.usable})
    unmet = int(round(sum(x[n_lanes:n_lanes + n_dests])))
    unmet += sum(v for d, v in p.need.items() if d not in {lane.dest for lane in p.usable})
    return moves, unmet


def plan_item(item: Item, lanes: Mapping[tuple[str, str], Lane], policy: Policy,
              solver: Solver | None = None) -> tuple[list[Move], int, bool]:
    """The moves for one SKU (solved alone, whole cartons), the cover still unmet, and whether HiGHS ran."""
    p, unmet = _problem(item, lanes_into(lanes.values(), policy), policy)
    if p is None:
        return [], unmet, False
    moves, unmet = _read(p, _solve_alone(p, policy, solver or Solver()), policy)
    return moves, unmet, True


BATCH = 200   # SKUs of single units solved together as one LP (their blocks do not touch)


def _solve_batch(batch: list[_Problem], policy: Policy, solver: Solver) -> list[tuple[list[Move], int]]:
    """Many SKUs moved unit by unit, as one LP: an integral answer is the MIP's; a block that is not
    (rare: the urgent rows can make a vertex fractional) is solved again alone with whole units."""
    parts = [_block(p, policy) for p in batch]
    cost, upper, lo, hi, rows, cols, vals, spans = [], [], [], [], [], [], [], []
    for c, u, rl, ru, r, k, v, n_lanes, _n in parts:
        col0, row0 = len(cost), len(lo)
        spans.append((col0, len(c), n_lanes))
        cost += c
        upper += u
        lo += rl
        hi += ru
        rows += [i + row0 for i in r]
        cols += [j + col0 for j in k]
        vals += v
    x = solver.solve(np.array(cost), np.array(upper, dtype=float), None, np.array(lo, dtype=float),
                     np.array(hi, dtype=float), np.array(rows), np.array(cols), np.array(vals, dtype=float))
    out = []
    for p, (col0, width, n_lanes) in zip(batch, spans):
        mine = x[col0:col0 + width]
        if np.any(np.abs(mine[:n_lanes] - np.round(mine[:n_lanes])) > 1e-6):
            mine = _solve_alone(p, policy, solver)
        out.append(_read(p, mine, policy))
    return out


def explain(item: Item, dest: Position, source: Position, lane: Lane, units: int, policy: Policy) -> str:
    """One line: why this move, and how many days of cover it buys."""
    f = dest.forecast
    if f.spike and f.factor >= 1:
        selling = _("{sku} is spiking at {dest}: {rate}/day now, {factor}x its usual {base}/day",
                    sku=item.sku, dest=dest.warehouse, rate=_num(f.per_day), factor=_num(f.factor),
                    base=_num(f.baseline))
    elif f.spike:
        selling = _("{sku} is spiking at {dest}: {rate}/day now, next to nothing before",
                    sku=item.sku, dest=dest.warehouse, rate=_num(f.per_day))
    else:
        selling = _("{sku} sells {rate}/day at {dest}", sku=item.sku, rate=_num(f.per_day), dest=dest.warehouse)
    left = days_of_cover(dest.net, f.per_day)
    kept = days_of_cover(source.net - units, source.forecast.per_day)
    return _("{selling}, {left} days of cover left; {units} from {source} ({lead} days away, keeps {kept} days) "
             "buy {bought} days.", selling=selling, left=_num(left), units=units, source=source.warehouse,
             lead=_num(lane.lead_days), kept="∞" if math.isinf(kept) else _num(kept),
             bought=_num(units / f.per_day))


def _num(x: float) -> str:
    return f"{x:.0f}" if x >= 10 else f"{x:.1f}"


def plan(items: Iterable[Item], lanes: Sequence[Lane], policy: Policy | None = None) -> Plan:
    """Plan the whole network, one SKU at a time (single units in batches, cartons alone); trucks per lane."""
    policy = policy or Policy()
    by_pair = {(lane.source, lane.dest): lane for lane in lanes}
    into = lanes_into(lanes, policy)
    solver = Solver()
    moves: list[Move] = []
    solved = skus = unmet = 0
    batch: list[_Problem] = []

    def flush() -> None:
        nonlocal unmet
        for found, short in _solve_batch(batch, policy, solver):
            moves.extend(found)
            unmet += short
        batch.clear()

    for item in items:
        skus += 1
        p, short = _problem(item, into, policy)
        unmet += short
        if p is None:
            continue
        solved += 1
        if item.carton_units == 1:
            batch.append(p)
            if len(batch) >= BATCH:
                flush()
        else:
            found, short = _read(p, _solve_alone(p, policy, solver), policy)
            moves.extend(found)
            unmet += short
    if batch:
        flush()
    totals: dict[tuple[str, str], int] = {}
    for m in moves:
        totals[(m.source, m.dest)] = totals.get((m.source, m.dest), 0) + m.units
    loads = tuple(LaneLoad(s, d, n, math.ceil(n / by_pair[(s, d)].truck_units) if by_pair[(s, d)].truck_units else 0)
                  for (s, d), n in sorted(totals.items()))
    moves.sort(key=lambda m: (m.cover_before, -m.units))
    return Plan(tuple(moves), loads, solved, skus, unmet)


def default_lane(source: str, dest: str, *, same_site: bool, same_country: bool) -> Lane:
    """A lane nobody configured: next door within a site, a day more within a country, a truck between sites."""
    if same_site:
        return Lane(source, dest, lead_days=1.0, unit_cost=0.2)
    if same_country:
        return Lane(source, dest, lead_days=2.0, unit_cost=0.4, truck_units=2000, truck_cost=400.0)
    return Lane(source, dest, lead_days=4.0, unit_cost=0.8, truck_units=2000, truck_cost=800.0)
