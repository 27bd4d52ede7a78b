"""Ship-to checks at intake (app/domain/addresses.py): USPS Publication 28 for US addresses, phone numbers."""

from __future__ import annotations

from app.domain.addresses import check_ship_to
from app.domain.orders import AddressIn


def us(line: str, **kw) -> AddressIn:
    return AddressIn(**{"name": "Ada Byron", "lines": (line,), "city": "new york", "region": "ny",
                        "postal_code": "10118", "country": "US", **kw})


def test_a_us_address_is_normalised_to_publication_28():
    address, errors = check_ship_to(us("350 Fifth Avenue", lines=("350 Fifth Avenue", "Suite 3300")))
    assert errors == {}
    assert (address.lines, address.city, address.region, address.postal_code) == (
        ("350 FIFTH AVE", "STE 3300"), "NEW YORK", "NY", "10118")


def test_an_unreadable_us_street_is_a_field_error():
    _address, errors = check_ship_to(us("#### ### @@"))
    assert list(errors) == ["ship_to.lines[0]"] and "US street address" in errors["ship_to.lines[0]"]
    _address, errors = check_ship_to(us("350 Fifth Avenue", region="", postal_code=""))
    assert set(errors) == {"ship_to.region", "ship_to.postal_code"}


def test_phones_are_read_for_the_country_and_kept_in_e164():
    address, errors = check_ship_to(us("350 Fifth Avenue", phone="(212) 736-3100"))
    assert errors == {} and address.phone == "+12127363100"
    pl = AddressIn(name="Łukasz", lines=("ul. Świętokrzyska 14",), city="Warszawa", country="PL", phone="22 123 45 67")
    assert check_ship_to(pl)[0].phone == "+48221234567"
    _address, errors = check_ship_to(AddressIn(name="X", lines=("a",), city="Berlin", country="DE", phone="12"))
    assert list(errors) == ["ship_to.phone"]


def test_other_countries_keep_their_address_as_written():
    jp = AddressIn(name="山田 花子", lines=("渋谷区神南1-2-3",), city="東京都", postal_code="150-0041", country="JP")
    assert check_ship_to(jp) == (jp, {})
