"""A warehouse in America/Los_Angeles: its day is its own. An order due at 23:30 local falls in today's backlog,
a package shipped at 23:30 local is on today's manifest, and the hourly chart's hours are local hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import update

from app.db.models import Warehouse
from app.domain.orders import AddressIn, LineIn, OrderIn
from app.services import board, orders, shipping
from tests.support.factories import SYSTEM
from tests.support.flows import pack_and_ship, pick_all, release

LA = "America/Los_Angeles"
# Wednesday 2 December 2026, 15:30 in Los Angeles = 23:30 UTC: the UTC day ends in half an hour, LA's does not
NOW = datetime(2026, 12, 2, 23, 30, tzinfo=UTC)
DUE_2330_LOCAL = datetime(2026, 12, 3, 7, 30, tzinfo=UTC)      # 23:30 on the 2nd in Los Angeles


def in_los_angeles(floor) -> None:
    with floor.uow() as uow:
        uow.session.execute(update(Warehouse).where(Warehouse.code == "W1").values(timezone=LA))
        uow.commit()


def order_due(site, ref: str, ship_by: datetime):
    return orders.accept_order(site.floor.uow(), SYSTEM, OrderIn(
        external_ref=ref, warehouse="W1", service_level="standard", ship_by=ship_by,
        ship_to=AddressIn(name="Dana Reyes", lines=("1 Main St",), city="Los Angeles", region="CA",
                          postal_code="90012", country="US"), lines=(LineIn("S1-P1", 1),)), seller="S1")


def test_an_order_due_at_2330_local_is_in_todays_backlog_not_tomorrows(site, floor):
    in_los_angeles(floor)
    floor.clock = lambda: NOW
    order_due(site, "LA-TONIGHT", DUE_2330_LOCAL)
    order_due(site, "LA-TOMORROW", DUE_2330_LOCAL + timedelta(hours=2))    # 01:30 on the 3rd, local
    cells = {(c.bucket, c.stage): c.orders for c in board.backlog(floor.uow(), site.actor("supervisor"), "W1").cells}
    assert cells == {("today", "not_released"): 1, ("tomorrow", "not_released"): 1}
    assert board.cutoff_bucket(DUE_2330_LOCAL, NOW, "UTC") == "tomorrow"    # what a UTC day would have said
    # the whole network's backlog cuts each order by its own warehouse's day too
    everywhere = {(c.bucket, c.stage): c.orders for c in board.backlog(floor.uow(), site.actor("supervisor")).cells}
    assert everywhere == cells


def test_a_package_shipped_at_2330_local_is_on_that_days_manifest_and_the_chart_counts_local_hours(site, floor):
    in_los_angeles(floor)
    site.receive("S1", "S1-P1", "W1-A-3", 5)
    shipped_at = datetime(2026, 12, 3, 7, 30, tzinfo=UTC)          # 23:30 on the 2nd in Los Angeles
    floor.clock = lambda: shipped_at
    order_due(site, "LA-LATE", shipped_at + timedelta(hours=20))
    release(site)
    pick_all(site, totes=("TOTE-LA1",))
    shipped = pack_and_ship(site, "TOTE-LA1")
    supervisor = site.actor("supervisor")
    on_the_2nd = shipping.manifest(floor.uow(), supervisor, "W1", "FloorPost", date(2026, 12, 2))
    assert [r.tracking_number for r in on_the_2nd] == [shipped.tracking_number]
    assert shipping.manifest(floor.uow(), supervisor, "W1", "FloorPost", date(2026, 12, 3)) == []
    assert shipping.manifest(floor.uow(), supervisor, "W1", "FloorPost") == on_the_2nd    # "today" is LA's 2nd
    job = shipping.manifest_job(floor.uow(), supervisor, "W1", "FloorPost")
    assert job is not None
    chart = board.throughput(floor.uow(), supervisor, "W1")
    assert (chart.day, chart.timezone) == ("2026-12-02", LA)
    picks = next(s for s in chart.series if s.kind == "pick")
    assert picks.today[23] == 1 and sum(picks.today) == 1                 # the 23:00 hour, local
