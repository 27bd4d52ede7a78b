"""Which way to pick which open orders: the mix a wave release proposes from the orders' shape, and what each
way costs in pick tasks, bin stops and walking. Pure: the service hands in each order's lines with the walking
position (pick sequence) of the bin its stock would come from.

Walking model: a trip starts and ends at the depot (sequence 0) and walks the aisle path to its furthest bin
and back (2 x the largest pick sequence). Crude, but the same for every way, so the ratio is fair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SINGLES_MIN = 4          # orders of one SKU worth a singles cart
SINGLES_PER_CART = 500
BATCH_MAX_UNITS = 3      # an order this small sorts well at a put wall
BATCH_MIN = 8            # fewer small orders than this: cluster them
BATCH_PER_CART = 24      # put wall slots a batch fills
CLUSTER_PER_CART = 4     # totes on a cluster cart


@dataclass(frozen=True)
class OrderShape:
    order_id: int
    lines: tuple[tuple[int, int, int], ...]   # (product id, units, pick sequence of its bin)

    @property
    def units(self) -> int:
        return sum(n for _p, n, _s in self.lines)


@dataclass(frozen=True)
class ModePlan:
    mode: str
    orders: int
    tasks: int
    stops: int           # bin visits over all tasks
    walk: int            # walking, in pick-sequence units
    order_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Mix:
    plans: tuple[ModePlan, ...]     # the proposal, one per way with orders
    cluster_only: ModePlan          # the same orders, all as cluster waves of today

    @property
    def walk(self) -> int:
        return sum(p.walk for p in self.plans)

    @property
    def tasks(self) -> int:
        return sum(p.tasks for p in self.plans)

    @property
    def walk_ratio(self) -> float:
        """Walking of the proposal against one cluster wave for the same orders (lower is better)."""
        return self.walk / self.cluster_only.walk if self.cluster_only.walk else 1.0


def _chunks(items: Sequence[OrderShape], size: int) -> list[Sequence[OrderShape]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def cost(mode: str, orders: Sequence[OrderShape], per_task: int) -> ModePlan:
    """Tasks, bin stops and walking of picking `orders` this way, `per_task` orders to a cart."""
    tasks = _chunks(orders, per_task)
    stops = walk = 0
    for task in tasks:
        bins = {seq for o in task for _p, _n, seq in o.lines}
        stops += len(bins) if mode != "cluster" else sum(len({s for _p, _n, s in o.lines}) for o in task)
        walk += 2 * max(bins, default=0)
    return ModePlan(mode, len(orders), len(tasks), stops, walk, tuple(o.order_id for o in orders))


def propose(orders: Sequence[OrderShape], cluster_per_cart: int = CLUSTER_PER_CART) -> Mix:
    """Singles for SKUs many one-SKU orders share; batch for many small orders; cluster for the rest."""
    by_sku: dict[int, list[OrderShape]] = {}
    for o in orders:
        if len({p for p, _n, _s in o.lines}) == 1:
            by_sku.setdefault(o.lines[0][0], []).append(o)
    singles = [o for same in by_sku.values() if len(same) >= SINGLES_MIN for o in same]
    taken = {o.order_id for o in singles}
    small = [o for o in orders if o.order_id not in taken and o.units <= BATCH_MAX_UNITS]
    if len(small) < BATCH_MIN:
        small = []
    taken |= {o.order_id for o in small}
    rest = [o for o in orders if o.order_id not in taken]
    plans = []
    if singles:   # a singles cart holds one SKU: cost each SKU's carts on their own
        parts = [cost("singles", same, SINGLES_PER_CART) for same in by_sku.values() if len(same) >= SINGLES_MIN]
        plans.append(ModePlan("singles", sum(p.orders for p in parts), sum(p.tasks for p in parts),
                              sum(p.stops for p in parts), sum(p.walk for p in parts),
                              tuple(i for p in parts for i in p.order_ids)))
    if small:
        plans.append(cost("batch", sorted(small, key=_first_bin), BATCH_PER_CART))
    if rest:
        plans.append(cost("cluster", rest, cluster_per_cart))
    return Mix(tuple(plans), cost("cluster", list(orders), cluster_per_cart))


def _first_bin(o: OrderShape) -> int:
    return min(s for _p, _n, s in o.lines)
