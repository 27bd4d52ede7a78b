"""Scans survive a lost connection, in Chromium through a TCP proxy that cuts the link, on both databases.

A picker walks a whole pick task with a wedge scanner (0 ms a key): the tote online, then the link is
cut and the bin and item scans are typed into the dead page; the page says it is offline and how many
scans wait; the page is reloaded while the websocket still cannot connect (the scans stay in the
browser); when the link is back they are handed over, applied in order, each once: the task is done, the
ledger holds exactly what was picked, one command per scan. A wrong item among them is refused and shown.
Then the server is killed during a drop and started again: the scans wait for the picker to log in again
on that station, and are applied then.
"""

from __future__ import annotations

import secrets
import time
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from app.bootstrap import build
from app.db.models import LedgerEntry, Location, OfflineScan, PickLine, Product, Stock
from app.domain.roles import Actor
from app.services import auth, picking, stations
from tests.e2e.test_pick_pack_ship import acme_gtin, released_order, wait_shown
from tests.support.browser import ROOT, Station
from tests.support.proxy import CuttableProxy

SYSTEM = Actor.system("offline test")
SHOTS = ROOT / "docs" / "screenshots"
GAP_MS = 350   # between scans: the pick service refuses one code twice within 300 ms (a double-firing scanner)


@pytest.fixture
def site(floor_server):
    floor = build(floor_server.settings(), upgrade=False)
    yield floor
    floor.close()


@pytest.fixture
def proxy(floor_server):
    proxy = CuttableProxy.start(urlsplit(floor_server.url).port)
    yield proxy
    proxy.stop()


def well_stocked(site, n: int = 2) -> list[str]:
    """ACME products with the most units in PL1 (other tests pick some of them too)."""
    with site.reader() as uow:
        rows = uow.session.execute(
            select(Product.sku, func.sum(Stock.quantity)).join(Stock, Stock.product_id == Product.id)
            .join(Location, Location.id == Stock.location_id).where(Product.sku.like("ACME-%"),
                                                                   Location.code.like("PL1-%"))
            .group_by(Product.sku).order_by(func.sum(Stock.quantity).desc()).limit(n)).all()
    return [sku for sku, _n in rows]


def walk(site, task_id: int) -> list[str]:
    """What the picker scans after the totes: each pick line's bin (when it changes) and its units."""
    codes, at = [], None
    with site.reader() as uow:
        lines = uow.session.execute(
            select(PickLine.quantity, Location.code, Product.sku).join(Location, Location.id == PickLine.location_id)
            .join(Product, Product.id == PickLine.product_id).where(PickLine.task_id == task_id)
            .order_by(PickLine.sequence, PickLine.id)).all()
    for quantity, location, sku in lines:
        if location != at:
            codes.append(f"LOC-{location}")
            at = location
        codes += [acme_gtin(sku)] * quantity
    return codes


def type_scans(station: Station, codes: list[str]) -> None:
    for code in codes:
        station.page.keyboard.type(code, delay=0)
        station.page.keyboard.press("Enter")
        station.page.wait_for_timeout(GAP_MS)


def semantics_on(station: Station) -> None:
    """After Flet's client reconnected: switch the semantics tree on again unless it still is."""
    if station.page.locator("flt-semantics-placeholder").count():
        station.enable_semantics()


def waiting(station: Station) -> int:
    return station.page.evaluate("window.floorOffline.waiting()")


def banner(station: Station) -> str:
    return station.page.evaluate("document.getElementById('floor-offline')?.style.display === 'block' ? "
                                 "document.getElementById('floor-offline').textContent : ''")


def new_picker(site) -> tuple[str, str]:
    badge = f"18{secrets.randbelow(10_000):04d}"
    auth.add_user(site.uow(), SYSTEM, site.login_policy, badge, f"Offline Picker {badge}", "picker", "2468")
    return badge, f"Offline Picker {badge}"


def start_task(site, floor_server, tablet: Station, badge: str, lines) -> tuple[int, Actor]:
    released_order(floor_server, site, lines)
    tablet.wait_text("Scan your badge.", timeout=30)
    tablet.log_in(badge, "2468", "/pick")
    tablet.tap("Start picking")
    tablet.wait_path("/pick/task")
    tablet.wait_text("Scan an empty tote for slot 1")
    row = next(r for r in stations_rows(site) if r.user.endswith(badge))
    who = auth.login  # noqa: F841 (the tablet's actor is built below, as its session holds it)
    user_id = site_user_id(site, badge)
    actor = Actor.user(user_id, f"Offline Picker {badge}", "picker", row.id)
    return picking.my_task(site.uow(), actor).task_id, actor


def stations_rows(site):
    from app.services import board
    return board.stations(site.uow(), SYSTEM)[0]


def site_user_id(site, badge: str) -> int:
    from app.db.models import User
    with site.reader() as uow:
        return uow.session.execute(select(User.id).where(User.badge == badge)).scalar_one()


def ledger_of(site, user_id: int) -> tuple[int, int]:
    """Units the picker moved in the ledger, and by how many commands."""
    with site.reader() as uow:
        units, keys = uow.session.execute(select(func.coalesce(func.sum(LedgerEntry.quantity), 0),
                                                 func.count(func.distinct(LedgerEntry.command_key)))
                                          .where(LedgerEntry.user_id == user_id)).one()
    return int(units), int(keys)


def kept_states(site, station_id: int) -> dict[str, int]:
    return dict(stations_counts(site, station_id))


def stations_counts(site, station_id: int):
    from app.services import offline_scans
    return offline_scans.counts(site.uow(), station_id)


def test_scans_typed_while_the_link_is_cut_and_across_a_reload_are_applied_once_in_order(
        floor_server, site, proxy, chromium):
    tablet = Station(chromium.new_context(viewport={"width": 1280, "height": 800}).new_page(), proxy.url)
    tablet.open("/login")
    badge, _name = new_picker(site)
    skus = well_stocked(site)
    task_id, actor = start_task(site, floor_server, tablet, badge, [(skus[0], 9), (skus[1], 9)])
    tablet.scan(f"TOTE-{secrets.randbelow(10**8):08d}")   # online
    wait_shown(tablet, "pick.bin", r"^PL1-")
    codes = walk(site, task_id)
    wrong = acme_gtin("ACME-0250") if acme_gtin("ACME-0250") not in codes else acme_gtin("ACME-0249")

    proxy.cut()
    cut_at = time.perf_counter()
    tablet.page.wait_for_function("!window.floorOffline.holding() === false", timeout=5000)
    first, rest = codes[:len(codes) // 2], codes[len(codes) // 2:]
    type_scans(tablet, [first[0], wrong, *first[1:]])   # a wrong item among them: refused, not swallowed
    assert waiting(tablet) == len(first) + 1
    assert f"{len(first) + 1} scans wait" in banner(tablet) and "Offline" in banner(tablet)
    tablet.screenshot(SHOTS / "offline-banner.png", settle=0.5)

    proxy.cut(websockets_only=True)   # the page loads again, its websocket still cannot connect
    tablet.page.reload()
    tablet.wait_first_frame()
    assert waiting(tablet) == len(first) + 1   # kept in the browser across the reload
    type_scans(tablet, rest)
    assert waiting(tablet) == len(codes) + 1
    print(f"\nlink cut for {time.perf_counter() - cut_at:.1f} s with {len(codes) + 1} scans typed and a reload")

    proxy.mend()
    mended = time.perf_counter()
    tablet.page.wait_for_function("window.floorOffline.waiting() === 0", timeout=60_000)
    handed = time.perf_counter() - mended
    semantics_on(tablet)
    tablet.wait_text("Done. Take the totes to packing.", timeout=60)
    applied = time.perf_counter() - mended
    tablet.wait_text("Scans from while offline, refused:", timeout=10)
    assert banner(tablet) == ""
    tablet.screenshot(SHOTS / "offline-replayed.png")
    print(f"link back -> handed over {handed:.1f} s, all applied {applied:.1f} s")

    view = picking.task_view(site.uow(), actor, task_id)
    assert view.units_picked == view.units_total == 18
    units, commands = ledger_of(site, actor.user_id)
    assert units == 18 and commands == 18          # each unit once, one command per scan
    assert kept_states(site, actor.station_id) == {"applied": len(codes), "refused": 1}
    with site.reader() as uow:
        refused = uow.session.execute(select(OfflineScan.code, OfflineScan.outcome)
                                      .where(OfflineScan.state == "refused",
                                             OfflineScan.station_id == actor.station_id)).one()
    assert refused.code == wrong and "Wrong item" in refused.outcome
    tablet.page.context.close()
    assert stations.check(site.uow(), actor.station_id, actor.user_id) is not None


@pytest.fixture(params=["sqlite", "postgresql"])
def restartable(request, tmp_path):
    """A server of this test's own, on a fixed port, that the test kills and starts again."""
    from tests.support.browser import FloorServer, free_port
    from tests.support.postgres import copy_database, drop_databases
    env, drop = {}, []
    if request.param == "postgresql":
        name, env["FLOOR_DATABASE_URL"] = copy_database(request.getfixturevalue("pg_admin_url"),
                                                        request.getfixturevalue("pg_template"), "e2e")
        drop.append(name)
    port = free_port()
    servers = [FloorServer.start(tmp_path / "site", port=port, env=env)]

    def restart() -> FloorServer:
        servers[-1].process.kill()      # no goodbye to anyone: a crash, a power cut
        servers[-1].process.wait()
        servers.append(FloorServer.start(tmp_path / "site", port=port, env=env))
        return servers[-1]

    yield servers[0], restart
    servers[-1].stop()
    if drop:
        drop_databases(request.getfixturevalue("pg_admin_url"), drop)


def test_scans_kept_across_a_server_restart_wait_for_their_picker_to_log_in_again(restartable, chromium):
    server, restart = restartable
    proxy = CuttableProxy.start(urlsplit(server.url).port)
    site = build(server.settings(), upgrade=False)
    try:
        tablet = Station(chromium.new_context(viewport={"width": 1280, "height": 800}).new_page(), proxy.url)
        tablet.open("/login")
        badge, name = new_picker(site)
        skus = well_stocked(site)
        task_id, actor = start_task(site, server, tablet, badge, [(skus[0], 8), (skus[1], 9)])
        tablet.scan(f"TOTE-{secrets.randbelow(10**8):08d}")
        wait_shown(tablet, "pick.bin", r"^PL1-")
        codes = walk(site, task_id)
        site.close()

        proxy.cut()
        tablet.page.wait_for_function("window.floorOffline.holding()", timeout=5000)
        type_scans(tablet, codes[:10])
        restart()                        # the server dies during the drop and comes back: every session is gone
        type_scans(tablet, codes[10:])
        assert waiting(tablet) == len(codes)
        proxy.mend()
        tablet.page.wait_for_function("window.floorOffline.waiting() === 0", timeout=60_000)
        semantics_on(tablet)
        tablet.wait_text(f"{len(codes)} scans taken while offline wait for their person to log in here.",
                         timeout=30)
        tablet.screenshot(SHOTS / "offline-waiting-for-login.png")

        site = build(server.settings(), upgrade=False)
        assert picking.task_view(site.uow(), actor, task_id).units_picked == 0   # nothing applied without them
        tablet.log_in(badge, "2468", "/pick/task")   # back to the screen they scanned at, the scans applied
        tablet.wait_text("Done. Take the totes to packing.", timeout=60)
        assert picking.task_view(site.uow(), actor, task_id).units_picked == 17
        assert ledger_of(site, actor.user_id) == (17, 17)
        assert kept_states(site, actor.station_id) == {"applied": len(codes)}
        tablet.page.context.close()
    finally:
        site.close()
        proxy.stop()
