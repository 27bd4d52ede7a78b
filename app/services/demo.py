"""Demo data that looks like the real thing: two warehouses in two countries, sellers, products
with valid GTINs, bins in walking order, stock, 200+ open orders from buyers all over the world."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from app.db import ledger
from app.db.ledger import Move
from app.db.models import Location, Order, Product, Seller, Warehouse, Zone
from app.db.uow import UnitOfWork
from app.domain.gs1 import with_check_digit
from app.domain.orders import AddressIn, LineIn, OrderIn
from app.domain.picking import Step
from app.domain.roles import Actor
from app.services import auth, orders, sellers
from app.services.commands import audit

USERS = (  # badge, name, role, PIN: listed in the README
    ("1001", "Anna Kowalska", "picker", "1111"),
    ("1002", "Jürgen Müller", "packer", "2222"),
    ("1003", "Chloé Dubois", "returns_clerk", "3333"),
    ("1004", "张伟 Wei Zhang", "supervisor", "4444"),
    ("1005", "Site Admin", "admin", "9999"),
    ("1006", "Tomáš Dvořák", "picker", "1111"),
    ("1007", "Aiko Tanaka", "packer", "2222"),
)
WAREHOUSES = (
    ("DE1", "Berlin Fulfilment", "DE", "Am Borsigturm 100", "Berlin", "13507", "Europe/Berlin", "4061234"),
    ("PL1", "Poznań Fulfilment", "PL", "ul. Głogowska 432", "Poznań", "60-004", "Europe/Warsaw", "5901234"),
)
SPECIAL = (("RECV", "receiving"), ("PACK", "packing"), ("SHIP", "shipping"), ("RET", "returns"),
           ("QUAR", "quarantine"), ("REFURB", "refurbish"), ("LIQ", "liquidation"),
           ("RTS", "return_to_seller"), ("DISP", "disposal"), ("TRANSIT", "in_transit"))
SELLERS = (
    ("ACME", "Acme Gadgets GmbH", "400638", ("Phone Case", "USB-C Cable", "Power Bank", "Earbuds",
                                               "Ring Light", "Phone Stand", "Charger", "Selfie Stick")),
    ("LUMI", "Lumière Cosmétiques SAS", "376012", ("Lip Tint", "Face Serum", "Eye Palette",
                                                   "Sheet Mask", "Nail Polish", "Hair Oil")),
    ("TAKO", "多幸 Tako Living", "490123", ("Bento Box", "Tea Cup", "Chopsticks", "Storage Jar",
                                              "Desk Lamp", "Cushion")),
    ("ZIELO", "Zielona Herbata Sp. z o.o.", "590765", ("Green Tea", "Matcha Tin", "Herbal Mix",
                                                     "Tea Strainer", "Honey Jar")),
)
COLOURS = ("Black", "White", "Sakura Pink", "Ocean Blue", "Sage", "Sand", "Crimson", "Lavender",
           "Mustard", "Graphite")
BUYERS = (
    ("Zoë Müller-Lüdenscheidt", "Schönhauser Allee 36", "Berlin", "10435", "DE"),
    ("François Lefèvre", "12 rue de l'Église", "Lyon", "69002", "FR"),
    ("Łukasz Wójcik", "ul. Świętokrzyska 14", "Warszawa", "00-050", "PL"),
    ("Kateřina Nováková", "Náměstí Míru 9", "Praha", "120 00", "CZ"),
    ("王芳", "朝阳区建国路88号", "北京", "100022", "CN"),
    ("山田 花子", "渋谷区神南1-2-3", "東京都", "150-0041", "JP"),
    ("김민준", "강남구 테헤란로 152", "서울", "06236", "KR"),
    ("Søren Kierkegård", "Nørrebrogade 45", "København", "2200", "DK"),
    ("José Álvarez Peña", "Calle de Alcalá 48", "Madrid", "28014", "ES"),
    ("Ólafur Þórsson", "Laugavegur 22", "Reykjavík", "101", "IS"),
    ("Ayşe Yılmaz", "İstiklal Cd. 101", "İstanbul", "34430", "TR"),
    ("Mia Schneider", "Königstraße 5", "Stuttgart", "70173", "DE"),
    ("Agnieszka Grzegorczyk", "ul. Piękna 7/3", "Kraków", "31-007", "PL"),
    ("Noah Fischer", "Bahnhofstraße 1", "Zürich", "8001", "CH"),
    ("สมชาย ใจดี", "ถนนสุขุมวิท 21", "กรุงเทพมหานคร", "10110", "TH"),
)


@dataclass(frozen=True)
class DemoSummary:
    warehouses: int
    sellers: int
    products: int
    locations: int
    orders: int
    users: int
    tokens: dict


def is_empty(uow: UnitOfWork) -> bool:
    with uow.reading() as uow:
        return uow.session.execute(select(Warehouse.id).limit(1)).first() is None


def load(uow_factory, policy: auth.LoginPolicy, *, seed: int = 7, n_orders: int = 220) -> DemoSummary:
    """Fill an empty database with a believable site (two warehouses, four sellers, 220 orders)."""
    rnd = random.Random(seed)
    system = Actor.system("demo")
    with uow_factory() as uow:
        uow.command_key = "demo:load"
        _site(uow, rnd)
        audit(uow, system, "demo.loaded", "site", "demo")
        uow.commit()
    for badge, name, role, pin in USERS:
        auth.add_user(uow_factory(), system, policy, badge, name, role, pin, key=f"demo:user:{badge}")
    tokens = {}
    for code, *_ in SELLERS:
        token = f"demo-{code.lower()}-token"
        sellers.issue_token(uow_factory(), system, code, token)
        tokens[code] = token
    n = _orders(uow_factory, rnd, system, n_orders)
    _history(uow_factory, system)
    with uow_factory() as uow:
        products = len(uow.session.execute(select(Product.id)).all())
        locations = len(uow.session.execute(select(Location.id)).all())
    return DemoSummary(len(WAREHOUSES), len(SELLERS), products, locations, n, len(USERS), tokens)


def _site(uow: UnitOfWork, rnd: random.Random) -> None:
    s = uow.session
    pick_bins: dict[str, list[Location]] = {}
    for code, name, country, street, city, postal, tz, prefix in WAREHOUSES:
        wh = Warehouse(code=code, name=name, country=country, address_lines=street, city=city,
                       postal_code=postal, timezone=tz, gs1_company_prefix=prefix)
        s.add(wh)
        s.flush()
        bins = pick_bins[code] = []
        seq = 0
        for zone_code, aisles in (("A", 6), ("B", 4)):
            zone = Zone(warehouse_id=wh.id, code=zone_code, name=f"Pick zone {zone_code}")
            s.add(zone)
            s.flush()
            for aisle in range(1, aisles + 1):
                bays = range(1, 9) if aisle % 2 else range(8, 0, -1)  # serpentine walk
                for bay in bays:
                    for level in (1, 2, 3):
                        seq += 10
                        loc = Location(warehouse_id=wh.id, zone_id=zone.id, kind="pick",
                                       code=f"{code}-{zone_code}{aisle:02d}-{bay:02d}-{level}",
                                       pick_sequence=seq)
                        s.add(loc)
                        bins.append(loc)
        for suffix, kind in SPECIAL:
            s.add(Location(warehouse_id=wh.id, code=f"{code}-{suffix}", kind=kind, pick_sequence=0))
    s.flush()
    for code, name, prefix, kinds in SELLERS:
        seller = Seller(code=code, name=name, return_rules={
            "A": "restock", "B": "restock", "C": "refurbish", "D": "quarantine",
            "wrong_item": "quarantine", "missing": "none", "not_ours": "return_to_seller"})
        s.add(seller)
        s.flush()
        item = 0
        for kind in kinds:
            for colour in COLOURS:
                item += 1
                gtin = with_check_digit(f"{prefix}{item:06d}")
                product = Product(seller_id=seller.id, sku=f"{code}-{item:04d}", gtin=gtin,
                                  name=f"{kind}, {colour}", weight_g=rnd.randint(40, 1800),
                                  length_mm=rnd.randint(50, 400), width_mm=rnd.randint(30, 300),
                                  height_mm=rnd.randint(10, 200))
                s.add(product)
                s.flush()
                for wh_code in ("DE1", "DE1", "PL1") if item % 3 else ("DE1", "PL1"):
                    loc = rnd.choice(pick_bins[wh_code])
                    lot = f"L{rnd.randint(2601, 2612)}" if code == "ZIELO" else ""
                    ledger.apply(uow, Move(seller_id=seller.id, product_id=product.id,
                                           quantity=rnd.randint(4, 60), reason="receive",
                                           to_location_id=loc.id, lot=lot, note="demo opening stock"))


def _history(uow_factory, system: Actor) -> None:
    """Work already done, so every screen has something to show: shipped orders with free returns on
    their way back, a released wave for the pickers, an inbound shipment announced, a transfer planned."""
    from app.services import inbound, packing, picking, returns, shipping, transfers, waves
    from app.services.packing import PackingPolicy

    waves.release(uow_factory(), system, "DE1", max_orders=6, orders_per_task=3, key="demo:wave:history")
    while (task := picking.claim_next(uow_factory(), system)) is not None:
        view, n = task, 0
        while view.step.kind != Step.DONE and n < 200:
            step = view.step
            n += 1
            if step.kind == Step.SCAN_TOTE:
                code = f"TOTE-{9000 + view.task_id * 10 + step.slot}"
            elif step.kind == Step.SCAN_BIN:
                code = f"LOC-{step.bin}"
            else:
                code = step.gtin or step.sku
            view = picking.scan(uow_factory(), system, view.task_id, code, quantity=1 if step.kind != Step.SCAN_ITEM
                                else step.remaining, key=f"demo:pick:{view.task_id}:{n}").view
        for slot in view.slots:
            _pack_and_ship(uow_factory, system, slot.tote, packing, shipping, PackingPolicy())
    with uow_factory() as uow:
        shipped = [(o.id, [l for l in o.lines]) for o in uow.session.execute(
            select(Order).where(Order.status == "shipped").order_by(Order.id)).scalars()][:4]
        wanted = [(oid, [(uow.session.get(Product, l.product_id).sku, l.quantity_shipped) for l in lines])
                  for oid, lines in shipped]
    for i, (order_id, lines) in enumerate(wanted):
        returns.authorise(uow_factory(), system, order_id, [returns.LineRequest(sku, q, "does not fit")
                                                            for sku, q in lines[:2]],
                          "Changed my mind" if i % 2 else "Arrived damaged", key=f"demo:rma:{order_id}")
    waves.release(uow_factory(), system, "DE1", max_orders=12, orders_per_task=3, key="demo:wave:today")
    inbound.announce(uow_factory(), system, "DE1", "ASN-2026-118", [
        inbound.InboundLineIn("ACME-0001", 24), inbound.InboundLineIn("ACME-0002", 12)],
        seller="ACME", key="demo:inbound:1")
    transfers.plan(uow_factory(), system, "LUMI", "DE1", "PL1", [("LUMI-0001", 3), ("LUMI-0002", 2)],
                   key="demo:transfer:1")


def _pack_and_ship(uow_factory, system: Actor, tote: str, packing, shipping, policy) -> None:
    if not tote:
        return
    view = packing.start(uow_factory(), system, tote, key=f"demo:pack:{tote}")
    for line in view.lines:
        left = line.picked - line.packed
        if left:
            view = packing.pack_item(uow_factory(), system, view.package_id, line.gtin or line.sku, quantity=left,
                                     key=f"demo:packitem:{tote}:{line.line_no}")
    carton = view.suggested_carton or "L"
    view = packing.close(uow_factory(), system, policy, view.package_id, carton, max(1, view.expected_weight_g),
                         key=f"demo:close:{tote}")
    view = packing.verify_label(uow_factory(), system, view.package_id, view.tracking_number,
                                key=f"demo:verify:{tote}")
    shipping.ship(uow_factory(), system, view.tracking_number, key=f"demo:ship:{tote}")


def _orders(uow_factory, rnd: random.Random, system: Actor, n: int) -> int:
    with uow_factory() as uow:
        skus = {code: [p.sku for p in uow.session.execute(
            select(Product).join(Seller).where(Seller.code == code)).scalars()]
            for code, *_ in SELLERS}
        now = uow.now()
    for i in range(n):
        seller = SELLERS[i % len(SELLERS)][0]
        name, street, city, postal, country = BUYERS[rnd.randrange(len(BUYERS))]
        lines = tuple(LineIn(sku, rnd.choice((1, 1, 1, 2)))
                      for sku in rnd.sample(skus[seller], rnd.choice((1, 1, 2, 2, 3))))
        order = OrderIn(
            external_ref=f"{seller[:2]}-{100000 + i}", warehouse="DE1" if i % 5 else "PL1",
            ship_by=(now + timedelta(hours=rnd.choice((2, 5, 8, 20, 26, 48, 72)))).replace(
                minute=0, second=0, microsecond=0),
            ship_to=AddressIn(name=name, lines=(street,), city=city, postal_code=postal,
                              country=country, phone=f"+49 30 {rnd.randint(1000000, 9999999)}"),
            lines=lines, service_level=rnd.choice(("standard", "standard", "express", "economy")),
        )
        orders.accept_order(uow_factory(), system, order, seller=seller, key=f"demo:order:{i}")
    return n
