"""The planner on synthetic networks with known answers: the forecast and its spike detector, and the
transfers HiGHS chooses (solved by hand in the comments)."""

from __future__ import annotations

import pytest

from app.domain.forecast import Forecast, forecast, is_spike, recent_rate
from app.domain.planning import Item, Lane, Policy, Position, needs_and_spares, plan

HAND = Policy(cover_days=7, urgent_days=2, shortage_penalty=10.0, urgent_penalty=40.0, day_cost=0.05)


def steady(per_day: float) -> Forecast:
    return forecast([per_day] * 14)


def test_the_recent_rate_weighs_yesterday_more_than_two_weeks_ago():
    assert recent_rate([4.0] * 14) == pytest.approx(4.0)
    rising = recent_rate([0.0] * 10 + [10.0] * 4)
    assert 4.0 < rising < 10.0
    assert recent_rate([]) == 0.0


def test_a_product_going_viral_is_a_spike_and_is_planned_at_its_new_rate():
    f = forecast([2.0] * 14, last_hours_units=30, hours=6)     # 120/day against 2/day
    assert f.spike and f.per_day == pytest.approx(120.0) and f.factor == pytest.approx(60.0)


def test_a_busy_product_selling_as_usual_is_not_a_spike():
    assert not forecast([100.0] * 14, last_hours_units=30, hours=6).spike   # 25 expected in 6 h
    assert not is_spike(4, 0.0, 6)       # a new product's first order of 4 is not a trend
    assert is_spike(12, 0.0, 6)          # 12 in 6 h with no history is


def test_a_small_case_solved_by_hand():
    # W1 sells 10/day and holds 20: 7 days of cover want 70, so 50 short; 2 days want 20: not urgent.
    # W2 sells 5/day and holds 100: it keeps 35 and can spare 65. Cartons of 12, one unit costs 1 + 0.05
    # (a day on the road). 4 cartons leave 2 units short (2 x 10 = 20), a 5th carton costs 12 x 1.05 =
    # 12.6, so the optimum is 5 cartons: 60 units, 6 days of cover at W1.
    item = Item("S1", "SKU-1", (Position("W1", available=20, forecast=steady(10)),
                                Position("W2", available=100, forecast=steady(5))), carton_units=12)
    need, urgent, spare = needs_and_spares(item, HAND)
    assert (need, urgent, spare) == ({"W1": 50}, {}, {"W2": 65})
    got = plan([item], [Lane("W2", "W1", lead_days=1, unit_cost=1.0)], HAND)
    assert [(m.source, m.dest, m.units, m.cartons) for m in got.moves] == [("W2", "W1", 60, 5)]
    move = got.moves[0]
    assert move.days_bought == pytest.approx(6.0) and move.cover_before == pytest.approx(2.0)
    assert move.cost == pytest.approx(63.0)
    assert "SKU-1 sells 10/day at W1" in move.why and "60 from W2" in move.why and "buy 6.0 days" in move.why
    assert got.unmet_units == 0 and got.solved == 1


def test_a_move_costlier_than_the_shortage_is_not_made():
    item = Item("S1", "SKU-1", (Position("W1", available=20, forecast=steady(10)),
                                Position("W2", available=100, forecast=steady(5))))
    got = plan([item], [Lane("W2", "W1", lead_days=1, unit_cost=11.0)], HAND)
    assert got.moves == () and got.unmet_units == 50


def test_stock_in_transit_inbound_and_open_orders_count():
    # the same W1 with 50 already on its way needs nothing; with 30 units of open orders it needs 30 more
    lanes = [Lane("W2", "W1", 1, 1.0)]
    w2 = Position("W2", available=100, forecast=steady(5))
    coming = Item("S1", "SKU-1", (Position("W1", available=20, in_transit=30, inbound=20, forecast=steady(10)), w2))
    assert plan([coming], lanes, HAND).moves == ()
    ordered = Item("S1", "SKU-1", (Position("W1", available=20, in_transit=50, backlog=30, forecast=steady(10)), w2))
    assert [m.units for m in plan([ordered], lanes, HAND).moves] == [30]


def test_a_spike_pulls_from_the_nearest_site_with_spare_cover():
    # DE1 spikes (120/day, 7 days want 840). DE2 is nearest but holds exactly its own 7 days: nothing to
    # spare. PL1 (1 day away) spares plenty; US1 (4 days) spares more and is not needed.
    viral = forecast([2.0] * 14, last_hours_units=30, hours=6)
    item = Item("S1", "VIRAL", (Position("DE1", available=10, forecast=viral),
                                Position("DE2", available=14, forecast=steady(2)),
                                Position("PL1", available=2000, forecast=steady(2)),
                                Position("US1", available=5000, forecast=steady(2))))
    lanes = [Lane("DE2", "DE1", 0.5, 0.2), Lane("PL1", "DE1", 1, 0.6), Lane("US1", "DE1", 4, 2.0)]
    got = plan([item], lanes, HAND)
    assert [(m.source, m.dest, m.units) for m in got.moves] == [("PL1", "DE1", 830)]
    assert got.moves[0].spike and "spiking at DE1" in got.moves[0].why


def test_when_the_near_site_runs_out_the_spike_takes_the_rest_from_farther():
    viral = forecast([2.0] * 14, last_hours_units=30, hours=6)
    item = Item("S1", "VIRAL", (Position("DE1", available=10, forecast=viral),
                                Position("PL1", available=314, forecast=steady(2)),   # spares 300
                                Position("US1", available=5000, forecast=steady(2))))
    got = plan([item], [Lane("PL1", "DE1", 1, 0.6), Lane("US1", "DE1", 4, 2.0)], HAND)
    assert sorted((m.source, m.units) for m in got.moves) == [("PL1", 300), ("US1", 530)]


def test_urgent_cover_goes_to_where_the_stock_out_is_nearest():
    # one source spares 10; W1 has 1 day of cover, W3 has 6: both short of 7 days, only W1 urgently
    item = Item("S1", "SKU-1", (Position("W1", available=10, forecast=steady(10)),
                                Position("W2", available=80, forecast=steady(10)),
                                Position("W3", available=60, forecast=steady(10))))
    got = plan([item], [Lane("W2", "W1", 1, 1.0), Lane("W2", "W3", 1, 1.0)], HAND)
    assert [(m.dest, m.units) for m in got.moves] == [("W1", 10)]


@pytest.mark.parametrize("held", [30, 70, 200])
def test_nothing_moves_when_cover_is_even(held):
    positions = tuple(Position(w, available=held, forecast=steady(10)) for w in ("W1", "W2", "W3", "W4"))
    lanes = [Lane(a, b, 1, 0.1) for a in ("W1", "W2", "W3", "W4") for b in ("W1", "W2", "W3", "W4") if a != b]
    got = plan([Item("S1", "SKU-1", positions)], lanes, HAND)
    assert got.moves == ()


def test_trucks_are_counted_per_lane_over_every_sku():
    items = [Item("S1", f"SKU-{i}", (Position("W1", available=0, forecast=steady(10)),
                                     Position("W2", available=500, forecast=steady(1)))) for i in range(3)]
    got = plan(items, [Lane("W2", "W1", 1, 0.5, truck_units=100, truck_cost=50.0)], HAND)
    assert sum(m.units for m in got.moves) == 210
    assert [(l.source, l.dest, l.units, l.trucks) for l in got.loads] == [("W2", "W1", 210, 3)]
