"""The demo site looks like the real thing and satisfies every invariant."""

from __future__ import annotations

from sqlalchemy import func, select

from app.db.models import Location, Order, Product, Seller, User, Warehouse
from app.domain.gs1 import is_valid_gtin
from app.services import auth, demo


def test_the_demo_site_is_rich_valid_and_logs_in(floor):
    summary = demo.load(floor.uow, floor.login_policy, n_orders=210)
    assert summary.orders == 210
    with floor.reader() as uow:
        s = uow.session
        countries = set(s.execute(select(Warehouse.country)).scalars())
        gtins = list(s.execute(select(Product.gtin)).scalars())
        names = list(s.execute(select(Order.ship_to_name)).scalars())
        roles = set(s.execute(select(User.role)).scalars())
        sequences = list(s.execute(select(Location.pick_sequence).where(Location.kind == "pick")).scalars())
        sellers = s.execute(select(func.count(Seller.id))).scalar_one()
    assert len(countries) == 2 and sellers >= 3
    assert len(gtins) >= 200 and all(is_valid_gtin(g) for g in gtins)
    assert any(any("\u4e00" <= c <= "\u9fff" for c in n) for n in names), "CJK buyer names"
    assert any(c in "".join(names) for c in "éüłřö"), "accented buyer names"
    assert roles == {"picker", "packer", "returns_clerk", "supervisor", "admin"}
    assert len(set(sequences)) > 100
    for badge, _name, role, pin in demo.USERS:
        assert auth.login(floor.uow(), floor.login_policy, badge, pin).role == role
    assert not demo.is_empty(floor.uow())
