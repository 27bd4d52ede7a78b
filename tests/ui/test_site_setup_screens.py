"""The admin sets a site up on screen, from an empty site: the admin home says what is missing; a warehouse,
a zone, a range of bins (and their labels), a carton type, a seller with its token shown once, a product
edited, people pasted as CSV; each through its service, each change visible in its table."""

from __future__ import annotations

from app.services import auth, products, sellers
from tests.support.factories import SYSTEM
from tests.support.flet_harness import log_in, message
from tests.ui.test_admin_screens import admin
from tests.ui.test_board_screens import fill


def test_the_admin_home_lists_what_the_site_lacks_and_opens_every_setup_screen(open_station):
    h = open_station("/login?station=desktop")
    log_in(h, "1005", "9999", home="/admin")
    h.wait_for(lambda: h.has("home.lacks.title"), what="the site check")
    assert h.text_of("home.lacks.title") == "Before this site can take orders:"
    assert any("No warehouse" in t for t in h.texts())
    for path in ("/admin/warehouses", "/admin/bins", "/admin/cartons", "/admin/sellers", "/admin/products",
                 "/admin/users"):
        assert h.has(f"home.action.{path.strip('/')}"), path


def test_a_warehouse_a_zone_and_a_range_of_bins_are_set_up_on_screen(open_station, ui_floor):
    h = admin(open_station, "/admin/warehouses")
    for key, text in (("code", "NL1"), ("name", "Tilburg Fulfilment"), ("country", "NL"),
                      ("timezone", "Europe/Amsterdam"), ("prefix", "8712345")):
        fill(h, f"warehouses.{key}", text)
    h.click("warehouses.add")
    h.wait_for(lambda: message(h) == "Warehouse NL1 added.")
    assert h.text_of("warehouses.table.NL1.1") == "Tilburg Fulfilment"
    fill(h, "zones.code", "A")
    h.click("zones.kind.pick")
    h.click("zones.add")
    h.wait_for(lambda: message(h) == "Zone A (pick) added to NL1.")
    fill(h, "zones.code", "A")
    h.click("zones.kind.reserve")
    h.click("zones.add")                        # the same code as another kind: the service says why
    h.wait_for(lambda: "exists already as a pick zone" in message(h))

    h.click("home.action.admin/bins")
    h.wait_for(lambda: h.page.data.path == "/admin/bins")
    h.wait_for(lambda: h.has("bins.table.empty"), what="an empty zone")
    fill(h, "bins.aisles", "A01..A02")
    fill(h, "bins.racks", "01..03")
    fill(h, "bins.levels", "1..2")
    h.click("bins.generate")
    h.wait_for(lambda: message(h) == "12 bins added (NL1-A01-01-1 .. NL1-A02-01-2).")
    assert h.text_of("bins.table.NL1-A02-03-1.0") == "NL1-A02-03-1"
    fill(h, "bins.aisles", "A1..A9999")
    fill(h, "bins.racks", "1..99")
    h.click("bins.generate")
    h.wait_for(lambda: "one command makes at most 100,000" in message(h))
    h.click("bins.print")
    h.wait_for(lambda: message(h) == "Bin labels of zone A opened to print.")


def test_cartons_sellers_products_and_people_on_screen(open_station, ui_floor):
    h = admin(open_station, "/admin/cartons")
    for key, text in (("code", "XL"), ("name", "Box XL"), ("inner", "600x400x400"), ("max_weight", "25000"),
                      ("tare", "600")):
        fill(h, f"cartons.{key}", text)
    h.click("cartons.save")
    h.wait_for(lambda: message(h) == "Carton XL saved.")
    assert h.text_of("cartons.table.XL.2") == "600 x 400 x 400"

    h.click("home.action.admin/sellers")
    h.wait_for(lambda: h.page.data.path == "/admin/sellers")
    fill(h, "sellers.code", "ACME")
    fill(h, "sellers.name", "Acme Gadgets GmbH")
    h.click("sellers.add")
    h.wait_for(lambda: message(h) == "Seller ACME added.")
    h.click("sellers.token.ACME")
    h.wait_for(lambda: message(h) == "New API token for ACME: copy it now.")
    token = h.text_of("sellers.token").rsplit(": ", 1)[1]
    assert sellers.authenticate(ui_floor.uow(), token).seller_id is not None

    products.put_product(ui_floor.uow(), SYSTEM, products.ProductIn("ACME-1", "Phone Case"), seller="ACME")
    h.click("home.action.admin/products")
    h.wait_for(lambda: h.page.data.path == "/admin/products")
    fill(h, "products.search", "phone")
    h.click("products.find")
    h.wait_for(lambda: h.has("products.table.ACME/ACME-1"))
    h.click("products.edit.ACME/ACME-1")
    fill(h, "products.gtin", "4006381333932")
    h.click("products.save")
    h.wait_for(lambda: "check digit" in message(h) or "cannot be saved" in message(h))
    fill(h, "products.gtin", "4006381333931")
    fill(h, "products.hs_code", "392690")
    h.click("products.save")
    h.wait_for(lambda: message(h) == "ACME-1 saved.")
    assert products.get_product(ui_floor.uow(), SYSTEM, "ACME-1", seller="ACME").hs_code == "392690"

    h.click("home.action.admin/users")
    h.wait_for(lambda: h.page.data.path == "/admin/users")
    fill(h, "users.csv", "badge,name,role,pin\n3001,Ewa Łęcka,packer,4321\n3002,Li Wei,picker,1234\n")
    h.click("users.import")
    h.wait_for(lambda: message(h) == "2 added, 0 there already.")
    assert auth.login(ui_floor.uow(), ui_floor.login_policy, "3001", "4321").role == "packer"
