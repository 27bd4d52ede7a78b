"""In Debian's Chromium, on a site set up by docs/operations.md's "new site" steps (no demo data): the admin
imported from users.csv logs in, the home says what the site still lacks, and every setup screen is found
from the admin home. Screenshots of each go to docs/screenshots/."""

from __future__ import annotations

import pytest

from tests.support import new_site
from tests.support.browser import FloorServer, Station

SHOTS = new_site.REPO / "docs" / "screenshots"
DESKTOP = {"width": 1440, "height": 900}
SCREENS = (("Warehouses and zones", "/admin/warehouses", "Berlin Fulfilment"),
           ("Bins", "/admin/bins", "DE1-A01-01-1"),
           ("Carton types", "/admin/cartons", "XL"),
           ("Sellers", "/admin/sellers", "Acme Gadgets GmbH"),
           ("Products", "/admin/products", "Power Bank 10000 mAh"),
           ("Users", "/admin/users", "Anna Kowalska"))


@pytest.fixture(scope="module")
def new_site_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("new-site")
    url = f"sqlite:///{(data / 'floor.db').resolve()}"
    mp = pytest.MonkeyPatch()
    mp.setenv("FLOOR_PIN_HASH_TIME_COST", "1")
    mp.setenv("FLOOR_PIN_HASH_MEMORY_KIB", "8192")
    try:
        new_site.run_steps(data, url)
    finally:
        mp.undo()
    server = FloorServer.start(data, demo=False)
    yield server
    server.stop()


def test_the_imported_admin_finds_every_setup_screen_from_the_admin_home(new_site_server, chromium):
    context = chromium.new_context(viewport=DESKTOP)
    try:
        s = Station(context.new_page(), new_site_server.url).open("/login", kind="desktop")
        s.log_in("9001", "9999", home="/admin")
        s.wait_text("Before this site can take orders:")
        s.wait_text("DE1: no pack station with a printer (Admin > Stations).")
        s.screenshot(SHOTS / "admin-home-site-check.png")
        for label, path, shown in SCREENS:
            s.tap(label)
            s.wait_path(path)
            s.wait_text(shown)
            s.screenshot(SHOTS / f"admin-{path.rsplit('/', 1)[-1]}.png")
            s.type_url("/admin")
            s.wait_path("/admin")
    finally:
        context.close()
