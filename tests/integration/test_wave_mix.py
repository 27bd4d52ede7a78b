"""The wave release proposes a mix from the open orders (singles, batch, cluster) and releases it as proposed."""

from __future__ import annotations

from sqlalchemy import select

from app.db.models import PickTask
from app.domain.wave_mix import BATCH_MIN
from app.services import waves


def test_the_proposed_mix_is_released_one_wave_per_way_with_exactly_its_orders(site, floor):
    site.receive("S1", "S1-P1", "W1-A-6", 50)
    site.receive("S1", "S1-P2", "W1-A-1", 50)
    site.receive("S1", "S1-P3", "W1-A-2", 50)
    for i in range(6):
        site.order("S1", f"V-{i}", [("S1-P1", 1)])
    for i in range(BATCH_MIN):
        site.order("S1", f"S-{i}", [("S1-P2", 1), ("S1-P3", 1)])
    site.order("S1", "BIG-1", [("S1-P2", 3), ("S1-P3", 4)])
    supervisor = site.actor("supervisor")
    mix = waves.propose(floor.uow(), supervisor, "W1")
    plans = {p.mode: p for p in mix.plans}
    assert {m: p.orders for m, p in plans.items()} == {"singles": 6, "batch": BATCH_MIN, "cluster": 1}
    assert mix.walk_ratio < 1 and mix.cluster_only.tasks == 4 and mix.tasks == 3
    results = waves.release_mix(floor.uow(), supervisor, "W1", mix.plans, key="mix-release-1")
    again = waves.release_mix(floor.uow(), supervisor, "W1", mix.plans, key="mix-release-1")
    assert [r.orders for r in results] == [6, BATCH_MIN, 1] and again == results
    with floor.reader() as uow:
        modes = uow.session.execute(select(PickTask.mode).order_by(PickTask.id)).scalars().all()
    assert modes == ["singles", "batch", "cluster"]
    assert waves.propose(floor.uow(), supervisor, "W1").plans == ()
