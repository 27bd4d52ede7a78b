"""The proposed mix of ways to pick, from the orders' shape alone (no database)."""

from __future__ import annotations

from app.domain.wave_mix import OrderShape, propose


def shape(i: int, *lines: tuple[int, int, int]) -> OrderShape:
    return OrderShape(i, tuple(lines))


def test_many_one_sku_orders_become_singles_small_ones_batch_and_the_rest_cluster():
    viral = [shape(i, (7, 1, 90)) for i in range(1, 41)]                  # 40 x one unit of product 7
    small = [shape(100 + i, (i % 5 + 1, 1, 10 * (i % 5 + 1)), (20, 1, 80)) for i in range(10)]
    big = [shape(200 + i, (30, 2, 40), (31, 2, 50), (32, 1, 60)) for i in range(3)]
    few = [shape(300, (8, 1, 20)), shape(301, (8, 1, 20))]                 # 2 of a SKU: not worth a cart
    mix = propose(viral + small + big + few)
    by_mode = {p.mode: p for p in mix.plans}
    assert (by_mode["singles"].orders, by_mode["singles"].tasks) == (40, 1)
    assert by_mode["batch"].orders == 12 and by_mode["batch"].tasks == 1   # 10 small + the 2 few
    assert (by_mode["cluster"].orders, by_mode["cluster"].tasks) == (3, 1)
    assert mix.cluster_only.tasks == 14 and mix.tasks == 3
    assert by_mode["singles"].stops == 1 and mix.cluster_only.stops > 60
    assert mix.walk_ratio < 0.3


def test_a_quiet_day_stays_cluster():
    orders = [shape(i, (i, 1, 10 * i), (i + 50, 2, 10 * i + 5)) for i in range(1, 6)]
    mix = propose(orders)
    assert [p.mode for p in mix.plans] == ["cluster"] and mix.walk_ratio == 1.0
