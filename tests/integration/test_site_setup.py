"""A site set up from an empty database: warehouses, zones, bins, cartons, sellers, products, people and
opening stock, each by the services the CLI, the API and the admin screens call. Bad input names its line and
column and writes nothing; the same command or file again changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.db.models import AuditEntry, LedgerEntry, Location, Product, Stock, User, Zone
from app.domain.csv_table import read_table
from app.domain.errors import DomainError, InvalidInput
from app.services import bins, products, sellers, site, site_import
from tests.support.factories import SYSTEM


def count(floor, what, *where) -> int:
    with floor.reader() as uow:
        return uow.session.execute(select(func.count()).select_from(what).where(*where)).scalar_one()


def table(text: str, kind: str):
    required, optional = {"products": (products.CSV_REQUIRED, products.CSV_OPTIONAL),
                          "stock": (site_import.STOCK_REQUIRED, site_import.STOCK_OPTIONAL),
                          "users": (site_import.USER_REQUIRED, site_import.USER_OPTIONAL),
                          "bins": (bins.BIN_COLUMNS, bins.BIN_OPTIONAL)}[kind]
    return read_table(text.encode() if isinstance(text, str) else text, required, optional)


def berlin(floor, code="DE1"):
    return site.add_warehouse(floor.uow(), SYSTEM, code, name="Berlin Fulfilment", country="DE",
                              timezone="Europe/Berlin", address="Am Borsigturm 100", city="Berlin",
                              postal_code="13507", gs1_prefix="4061234")


def test_a_warehouse_comes_with_every_special_place_and_adding_it_again_changes_nothing(floor):
    first = berlin(floor)
    assert first.created and first.zones == 0
    places = count(floor, Location)
    assert places == len(site.SPECIAL)
    again = berlin(floor)
    assert not again.created and count(floor, Location) == places
    with pytest.raises(DomainError, match="exists already, with another name"):
        site.add_warehouse(floor.uow(), SYSTEM, "DE1", name="Other", country="DE", timezone="Europe/Berlin",
                           address="Am Borsigturm 100", city="Berlin", postal_code="13507", gs1_prefix="4061234")
    with pytest.raises(InvalidInput) as bad:
        site.add_warehouse(floor.uow(), SYSTEM, "XX", name="X", country="Germany", timezone="Mars/Base")
    assert set(bad.value.fields) == {"country", "timezone"}
    assert count(floor, Location) == places


def test_bins_are_made_in_serpentine_walking_order_and_the_same_range_again_adds_none(floor):
    berlin(floor)
    site.add_zone(floor.uow(), SYSTEM, "DE1", "A", kind="pick")
    made = bins.add_bins(floor.uow(), SYSTEM, "DE1", "A", aisles="A01..A02", racks="01..03", levels="1..2")
    assert made.created == 12
    walk = [b.code for b in bins.find_bins(floor.uow(), SYSTEM, "DE1", zone="A")]
    assert walk[:6] == ["DE1-A01-01-1", "DE1-A01-01-2", "DE1-A01-02-1", "DE1-A01-02-2", "DE1-A01-03-1",
                        "DE1-A01-03-2"]
    assert walk[6:8] == ["DE1-A02-03-1", "DE1-A02-03-2"]   # back down the next aisle
    again = bins.add_bins(floor.uow(), SYSTEM, "DE1", "A", aisles="A01..A02", racks="01..03", levels="1..2")
    assert again.created == 12 and count(floor, Location, Location.zone_id.is_not(None)) == 12   # the first answer
    wider = bins.add_bins(floor.uow(), SYSTEM, "DE1", "A", aisles="A01..A03", racks="01..03", levels="1..2")
    assert (wider.created, wider.unchanged) == (6, 12)


def test_a_range_of_two_million_bins_is_refused_before_anything_is_written(floor):
    berlin(floor)
    site.add_zone(floor.uow(), SYSTEM, "DE1", "A", kind="pick")
    with pytest.raises(InvalidInput, match="2,000,000 bins"):
        bins.add_bins(floor.uow(), SYSTEM, "DE1", "A", aisles="A0001..A2000", racks="001..100", levels="1..10")
    with pytest.raises(InvalidInput, match="No zone"):
        bins.add_bins(floor.uow(), SYSTEM, "DE1", "Z", aisles="A01", racks="01", levels="1")
    assert count(floor, Location, Location.zone_id.is_not(None)) == 0


def test_bins_by_csv_name_each_bad_row_and_take_the_zone_kind(floor):
    berlin(floor)
    site.add_zone(floor.uow(), SYSTEM, "DE1", "R", kind="reserve")
    rows, errors = table("code,zone,pick_sequence,max_weight_g\nDE1-R-1,R,5,20000\nDE1-R-2,Q,,\n"
                         "DE1-R-1,R,,\nde1 r 3,R,x,\n", "bins")
    with pytest.raises(InvalidInput) as bad:
        bins.import_bins(floor.uow(), SYSTEM, rows, parse_errors=errors, key="csv:bins:bad:1", warehouse="DE1")
    assert set(bad.value.fields) == {"line 3: zone", "line 4: code", "line 5: code", "line 5: pick_sequence"}
    assert count(floor, Location, Location.zone_id.is_not(None)) == 0
    rows, errors = table("code,zone,pick_sequence,max_weight_g\nDE1-R-1,R,5,20000\nDE1-R-2,R,,\n", "bins")
    made = bins.import_bins(floor.uow(), SYSTEM, rows, parse_errors=errors, key="csv:bins:good:1", warehouse="DE1")
    assert made.created == 2
    with floor.reader() as uow:
        one = uow.session.execute(select(Location).where(Location.code == "DE1-R-1")).scalar_one()
        assert (one.kind, one.pick_sequence, one.max_weight_g) == ("reserve", 5, 20000)


PRODUCTS = ("sku,name,gtin,weight_g,length_mm,width_mm,height_mm,hazmat_un,track_lot,track_expiry,hs_code,"
            "country_of_origin\n"
            "ACME-1,Phone Case,4006381333931,120,180,90,15,,no,no,392690,CN\n"
            "ACME-2,Power Bank,,300,150,70,25,3481,yes,no,850760,cn\n")


def with_seller(floor):
    sellers.add_seller(floor.uow(), SYSTEM, "ACME", "Acme Gadgets GmbH")


def test_products_by_csv_are_saved_whole_and_the_same_file_again_changes_nothing(floor):
    with_seller(floor)
    rows, errors = table(PRODUCTS, "products")
    saved = products.import_products(floor.uow(), SYSTEM, "ACME", rows, parse_errors=errors, key="csv:p:1:test")
    assert (saved.created, saved.updated) == (2, 0)
    bank = products.get_product(floor.uow(), SYSTEM, "ACME-2", seller="ACME")
    assert (bank.hazmat_un, bank.track_lot, bank.hs_code, bank.country_of_origin) == ("UN3481", True, "850760", "CN")
    products.import_products(floor.uow(), SYSTEM, "ACME", rows, parse_errors=errors, key="csv:p:1:test")
    other_key = products.import_products(floor.uow(), SYSTEM, "ACME", rows, parse_errors=errors, key="csv:p:2:test")
    assert (other_key.created, other_key.updated, other_key.unchanged) == (0, 0, 2)
    assert products.get_product(floor.uow(), SYSTEM, "ACME-2", seller="ACME").updated_at == bank.updated_at
    assert count(floor, Product) == 2


@pytest.mark.parametrize("body, where", [
    ("sku,name,gtin\nACME-3,Case,4006381333932\n", "line 2: gtin"),            # wrong check digit
    ("sku,name\nACME-3,Case\nACME-3,Case again\n", "line 3: sku"),             # duplicate SKU
    ("sku,name,weight_g\nACME-3,Case,-5\n", "line 2: weight_g"),
    ("sku,name,hazmat_un\nACME-3,Case,UN12\n", "line 2: hazmat_un"),
    ("sku,name,colour\nACME-3,Case,red\n", "line 1"),
    (b"sku,name\nACME-3,Caf\xe9\n", "file"),                                     # Latin-1, not UTF-8
    (b"sku,name\n" + b"X" * (33 * 1024 * 1024), "file"),                       # over 32 MB
])
def test_a_bad_products_file_names_the_problem_and_writes_nothing(floor, body, where):
    with_seller(floor)
    rows, errors = table(body, "products")
    with pytest.raises(InvalidInput) as bad:
        products.import_products(floor.uow(), SYSTEM, "ACME", rows, parse_errors=errors, key="csv:p:bad:x")
    assert where in bad.value.fields, bad.value.fields
    assert count(floor, Product) == 0


def test_a_gtin_another_sku_holds_is_refused(floor):
    with_seller(floor)
    rows, errors = table(PRODUCTS, "products")
    products.import_products(floor.uow(), SYSTEM, "ACME", rows, parse_errors=errors, key="csv:p:1:test")
    rows, errors = table("sku,name,gtin\nACME-9,Copy,4006381333931\n", "products")
    with pytest.raises(InvalidInput) as bad:
        products.import_products(floor.uow(), SYSTEM, "ACME", rows, parse_errors=errors, key="csv:p:3:test")
    assert "belongs to the seller's SKU 'ACME-1'" in bad.value.fields["line 2: gtin"]


def stocked_site(floor):
    berlin(floor)
    site.add_zone(floor.uow(), SYSTEM, "DE1", "A", kind="pick")
    bins.add_bins(floor.uow(), SYSTEM, "DE1", "A", aisles="A01", racks="01..02", levels="1..2")
    with_seller(floor)
    rows, errors = table(PRODUCTS, "products")
    products.import_products(floor.uow(), SYSTEM, "ACME", rows, parse_errors=errors, key="csv:p:1:test")


STOCK = ("warehouse,bin,seller,sku,quantity,lot,expiry\n"
         "DE1,DE1-A01-01-1,ACME,ACME-1,20,,\n"
         "DE1,DE1-A01-01-2,ACME,ACME-2,10,L2612,2027-06-30\n")


def test_opening_stock_enters_the_ledger_with_its_own_reason_once(floor):
    stocked_site(floor)
    rows, errors = table(STOCK, "stock")
    done = site_import.import_stock(floor.uow(), SYSTEM, rows, parse_errors=errors, key="csv:s:1:test")
    assert (done.rows, done.units) == (2, 30)
    site_import.import_stock(floor.uow(), SYSTEM, rows, parse_errors=errors, key="csv:s:1:test")   # again
    assert count(floor, LedgerEntry) == 2 and count(floor, LedgerEntry, LedgerEntry.reason == "opening") == 2
    with floor.reader() as uow:
        assert uow.session.execute(select(func.sum(Stock.quantity))).scalar_one() == 30
    assert count(floor, AuditEntry, AuditEntry.action == "stock.opening") == 2
    with pytest.raises(InvalidInput) as twice:   # the same balance in another file: not counted twice
        site_import.import_stock(floor.uow(), SYSTEM, rows, parse_errors=errors, key="csv:s:2:test")
    assert "has had stock" in twice.value.fields["line 2: bin"]


def test_bad_opening_stock_rows_are_named_and_nothing_is_written(floor):
    stocked_site(floor)
    rows, errors = table("warehouse,bin,seller,sku,quantity,lot,expiry\n"
                         "DE1,DE1-A01-01-1,ACME,ACME-1,-3,,\n"
                         "DE1,NOPE-1,ACME,ACME-1,3,,\n"
                         "DE1,DE1-A01-01-2,ACME,ACME-2,3,,\n"       # tracked by lot: lot required
                         "DE1,DE1-A01-02-1,ACME,ACME-404,3,,\n"
                         "DE1,DE1-PACK,ACME,ACME-1,3,,\n"
                         "DE1,DE1-A01-02-2,ACME,ACME-1,3,,31.12.2027\n", "stock")
    with pytest.raises(InvalidInput) as bad:
        site_import.import_stock(floor.uow(), SYSTEM, rows, parse_errors=errors, key="csv:s:bad:1")
    assert set(bad.value.fields) == {"line 2: quantity", "line 3: bin", "line 4: lot", "line 5: sku", "line 6: bin",
                                     "line 7: expiry"}
    assert count(floor, LedgerEntry) == 0 and count(floor, Stock) == 0


def test_people_by_csv_can_log_in_and_the_same_file_again_adds_nobody(floor):
    from app.services import auth
    rows, errors = table("badge,name,role,pin\n2001,Anna Kowalska,picker,1111\n2002,Jürgen Müller,packer,2222\n",
                         "users")
    done = site_import.import_users(floor.uow(), SYSTEM, floor.login_policy, rows, parse_errors=errors,
                                    key="csv:u:1:test")
    assert done.added == 2
    assert auth.login(floor.uow(), floor.login_policy, "2002", "2222").role == "packer"
    again = site_import.import_users(floor.uow(), SYSTEM, floor.login_policy, rows, parse_errors=errors,
                                     key="csv:u:2:test")
    assert (again.added, again.unchanged) == (0, 2) and count(floor, User) == 2
    rows, errors = table("badge,name,role,pin\n2003,Ewa,boss,1\n2001,Somebody Else,picker,1111\n", "users")
    with pytest.raises(InvalidInput) as bad:
        site_import.import_users(floor.uow(), SYSTEM, floor.login_policy, rows, parse_errors=errors,
                                 key="csv:u:3:test")
    assert set(bad.value.fields) == {"line 2: role", "line 2: pin", "line 3: badge"}
    assert count(floor, User) == 2


def test_the_site_check_says_what_is_missing_until_nothing_is(floor):
    lacks = site.check_site(floor.uow(), SYSTEM)
    assert any("No warehouse" in line for line in lacks)
    stocked_site(floor)
    lacks = site.check_site(floor.uow(), SYSTEM)
    assert not any("no bins in a pick zone" in line for line in lacks)
    assert any("No picker" in line for line in lacks) and any("no printer" in line for line in lacks)
    with floor.reader() as uow:
        assert uow.session.execute(select(Zone.kind)).scalar_one() == "pick"
