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

    @property
    def net(self) -> int:
        return self.available + self.in_transit + self.inbound - self.backlog


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
    cover_days: float = 7.0        # a warehouse wants this many days of cover
    urgent_days: float = 2.0       # cover short of this is urgent (a stock-out within days)
    shortage_penalty: float = 10.0  # per unit of cover missing
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
        if short > 0 and pos.forecast.per_day > 0:
            need[pos.warehouse] = short
            if (u := _target(pos, policy.urgent_days) - pos.net) > 0:
                urgent[pos.warehouse] = u
        else:
            can = min(pos.available - pos.backlog, pos.net - _target(pos, policy.cover_days))
            if can >= item.carton_units:
                spare[pos.warehouse] = can
    return need, urgent, spare


class Solver:
    """One HiGHS instance reused for every SKU of a plan (creating one costs more than a small solve)."""

    def __init__(self) -> None:
        self.highs = highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("mip_rel_gap", 0.0)

    def solve(self, cost, lower, upper, integer, rows_lower, rows_upper, matrix) -> np.ndarray:
        """min cost.x subject to rows_lower <= matrix.x <= rows_upper, lower <= x <= upper."""
        lp = highspy.HighsLp()
        n_rows, n_cols = matrix.shape
        lp.num_col_, lp.num_row_ = n_cols, n_rows
        lp.col_cost_, lp.col_lower_, lp.col_upper_ = cost, lower, upper
        lp.row_lower_, lp.row_upper_ = rows_lower, rows_upper
        nz_col, nz_row = np.nonzero(matrix.T)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.concatenate(([0], np.cumsum(np.bincount(nz_col, minlength=n_cols))))
        lp.a_matrix_.index_ = nz_row
        lp.a_matrix_.value_ = matrix.T[nz_col, nz_row]
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


def plan_item(item: Item, lanes: Mapping[tuple[str, str], Lane], policy: Policy,
              solver: Solver | None = None) -> tuple[list[Move], int, bool]:
    """The moves for one SKU, the cover still unmet after them, and whether the solver ran."""
    need, urgent, spare = needs_and_spares(item, policy)
    if not need:
        return [], 0, False
    usable = [lane for (s, d), lane in lanes.items() if s in spare and d in need and lane.lead_days < policy.cover_days]
    if not usable:
        return [], sum(need.values()), False
    q = item.carton_units
    sources, dests = sorted({lane.source for lane in usable}), sorted({lane.dest for lane in usable})
    urgent_dests = [d for d in dests if d in urgent]
    n_lanes = len(usable)
    n_cols = n_lanes + len(dests) + len(urgent_dests)      # cartons per lane, unmet, urgent unmet
    n_rows = len(sources) + len(dests) + len(urgent_dests)
    matrix = np.zeros((n_rows, n_cols))
    cost, upper = np.zeros(n_cols), np.full(n_cols, highspy.kHighsInf)
    rows_lower, rows_upper = np.full(n_rows, -highspy.kHighsInf), np.full(n_rows, highspy.kHighsInf)
    s_row = {s: i for i, s in enumerate(sources)}
    d_row = {d: len(sources) + i for i, d in enumerate(dests)}
    u_row = {d: len(sources) + len(dests) + i for i, d in enumerate(urgent_dests)}
    for s, r in s_row.items():
        rows_upper[r] = spare[s]
    for d, r in d_row.items():
        rows_lower[r] = need[d]
        matrix[r, n_lanes + r - len(sources)] = 1.0
        cost[n_lanes + r - len(sources)] = policy.shortage_penalty
    for d, r in u_row.items():
        rows_lower[r] = urgent[d]
        col = n_lanes + len(dests) + (r - len(sources) - len(dests))
        matrix[r, col] = 1.0
        cost[col] = policy.urgent_penalty
    for k, lane in enumerate(usable):
        matrix[s_row[lane.source], k] = q
        matrix[d_row[lane.dest], k] = q
        if lane.dest in u_row and lane.lead_days <= policy.urgent_days:
            matrix[u_row[lane.dest], k] = q      # only what arrives in time fills urgent cover
        cost[k] = q * lane_cost(lane, policy)
        upper[k] = min(math.ceil(need[lane.dest] / q), spare[lane.source] // q)
    integer = [True] * n_lanes + [False] * (n_cols - n_lanes)
    x = (solver or Solver()).solve(cost, np.zeros(n_cols), upper, integer, rows_lower, rows_upper, matrix)
    by_pos = {p.warehouse: p for p in item.positions}
    moves = []
    for k, lane in enumerate(usable):
        cartons = int(round(x[k]))
        if cartons <= 0:
            continue
        dest = by_pos[lane.dest]
        rate = dest.forecast.per_day
        units = cartons * q
        moves.append(Move(item.seller, item.sku, lane.source, lane.dest, units, cartons, lane.lead_days,
                          round(units * lane_cost(lane, policy), 2), rate, days_of_cover(dest.net, rate),
                          units / rate, dest.forecast.spike,
                          explain(item, dest, by_pos[lane.source], lane, units, policy)))
    unmet = int(round(sum(x[n_lanes:n_lanes + len(dests)]))) + sum(v for d, v in need.items() if d not in d_row)
    return moves, unmet, True


def explain(item: Item, dest: Position, source: Position, lane: Lane, units: int, policy: Policy) -> str:
    """One line: why this move, and how many days of cover it buys."""
    f = dest.forecast
    if f.spike:
        selling = _("{sku} is spiking at {dest}: {rate}/day now, {factor}x its usual {base}/day",
                    sku=item.sku, dest=dest.warehouse, rate=_num(f.per_day), factor=_num(f.factor),
                    base=_num(f.baseline))
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
    """Plan the whole network, one SKU at a time; trucks counted per lane over all SKUs."""
    policy = policy or Policy()
    by_pair = {(lane.source, lane.dest): lane for lane in lanes}
    solver = Solver()
    moves: list[Move] = []
    solved = skus = unmet = 0
    for item in items:
        skus += 1
        found, short, ran = plan_item(item, by_pair, policy, solver)
        moves.extend(found)
        unmet += short
        solved += ran
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
