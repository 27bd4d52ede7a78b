"""A small believable site for tests: two warehouses, two sellers, bins in walking order, users."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from app.bootstrap import Floor
from app.db.models import Location, Product, Seller, Warehouse, Zone
from app.domain.gs1 import with_check_digit
from app.domain.orders import AddressIn, LineIn, OrderIn
from app.domain.roles import Actor
from app.services import auth, orders, sellers, stock

SYSTEM = Actor.system("test")
PINS = {"picker": "1111", "packer": "2222", "returns_clerk": "3333", "supervisor": "4444", "admin": "9999"}
BADGES = {"picker": "2001", "packer": "2002", "returns_clerk": "2003", "supervisor": "2004", "admin": "2005"}


@dataclass
class Site:
    floor: Floor
    bins: dict[str, list[str]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    users: dict[str, auth.SignedIn] = field(default_factory=dict)

    def actor(self, role: str) -> Actor:
        return self.users[role].actor()

    def receive(self, seller: str, sku: str, location: str, quantity: int, **kw):
        return stock.receive(self.floor.uow(), SYSTEM, seller, sku, location, quantity, **kw)

    def order(self, seller: str, ref: str, lines: list[tuple[str, int]], warehouse: str = "W1",
              name: str = "Zoë Łukasiewicz", **kw) -> orders.OrderView:
        data = order_in(ref, lines, warehouse=warehouse, name=name, **kw)
        return orders.accept_order(self.floor.uow(), SYSTEM, data, seller=seller)


def order_in(ref: str, lines: list[tuple[str, int]], *, warehouse: str = "W1",
             name: str = "Zoë Łukasiewicz", hours: int = 24, service_level: str = "standard") -> OrderIn:
    return OrderIn(
        external_ref=ref, warehouse=warehouse, service_level=service_level,
        ship_by=datetime.now(UTC).replace(microsecond=0) + timedelta(hours=hours),
        ship_to=AddressIn(name=name, lines=("ul. Świętokrzyska 14",), city="Warszawa",
                          postal_code="00-050", country="PL"),
        lines=tuple(LineIn(sku, q) for sku, q in lines),
    )


def build_site(floor: Floor, *, users: bool = True,
               warehouses: tuple[tuple[str, str], ...] = (("W1", "DE"), ("W2", "PL"))) -> Site:
    """W1 (DE) and W2 (PL) (or `warehouses`), each with 6 pick bins and the special locations; sellers S1, S2."""
    site = Site(floor)
    with floor.uow() as uow:
        s = uow.session
        for n, (code, country) in enumerate(warehouses, start=1):
            wh = Warehouse(code=code, name=f"Warehouse {code}", country=country, city="Berlin",
                           postal_code="10115", address_lines="Invalidenstraße 1",
                           gs1_company_prefix=f"40{n}2345")
            s.add(wh)
            s.flush()
            zone = Zone(warehouse_id=wh.id, code="A", name="Pick A")
            s.add(zone)
            s.flush()
            site.bins[code] = [f"{code}-A-{i}" for i in range(1, 7)]
            for i, bin_code in enumerate(site.bins[code], start=1):
                s.add(Location(warehouse_id=wh.id, zone_id=zone.id, code=bin_code, kind="pick",
                               pick_sequence=i * 10))
            for suffix, kind in (("RECV", "receiving"), ("PACK", "packing"), ("RET", "returns"),
                                 ("QUAR", "quarantine"), ("TRANSIT", "in_transit"), ("REFURB", "refurbish"),
                                 ("LIQ", "liquidation"), ("RTS", "return_to_seller"), ("DISP", "disposal")):
                s.add(Location(warehouse_id=wh.id, code=f"{code}-{suffix}", kind=kind))
        for n, code in enumerate(("S1", "S2"), start=1):
            seller = Seller(code=code, name=f"Seller {code}", return_rules={"A": "restock"})
            s.add(seller)
            s.flush()
            for i in range(1, 4):
                s.add(Product(seller_id=seller.id, sku=f"{code}-P{i}", name=f"Product {i} of {code}",
                              gtin=with_check_digit(f"40{n}000000{i:03d}"), weight_g=100 * i,
                              length_mm=100, width_mm=80, height_mm=20 * i))
        uow.commit()
    for code in ("S1", "S2"):
        site.tokens[code] = sellers.issue_token(floor.uow(), SYSTEM, code, f"token-{code}")
    if users:
        for role, badge in BADGES.items():
            auth.add_user(floor.uow(), SYSTEM, floor.login_policy, badge, f"Test {role}", role, PINS[role])
            site.users[role] = auth.login(floor.uow(), floor.login_policy, badge, PINS[role])
    return site
