"""Hypothesis drives the real stock services against a simple dict model, checking after every step."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

from app.db.models import LedgerEntry, Location, Product, Seller, Stock
from app.domain.errors import OutOfStock
from app.services import allocation, stock
from app.services.invariants import violations
from tests.support.factories import SYSTEM, build_site

SKUS = {"S1": ["S1-P1", "S1-P2"], "S2": ["S2-P1"]}
PAIRS = [(s, k) for s, ks in SKUS.items() for k in ks]
BINS = ["W1-A-1", "W1-A-2", "W1-A-3", "W1-RECV"]


class StockMachine(RuleBasedStateMachine):
    def __init__(self, make_floor):
        super().__init__()
        self.make_floor = make_floor
        self.on_hand: dict[tuple[str, str, str], int] = {}
        self.allocated: dict[tuple[str, str], int] = {}
        self.last: tuple | None = None
        self.n = 0

    @initialize()
    def site(self):
        self.floor = self.make_floor()
        self.site = build_site(self.floor, users=False)
        self.supervisor = SYSTEM

    def key(self) -> str:
        self.n += 1
        return f"sm:{self.n:06d}"

    def free(self, seller, sku, where):
        return self.on_hand.get((seller, sku, where), 0) - self.reserved_in(seller, sku, where)

    def reserved_in(self, seller, sku, where) -> int:
        with self.floor.reader() as uow:
            return uow.session.execute(
                select(func.coalesce(func.sum(Stock.allocated), 0)).join(Location, Location.id == Stock.location_id)
                .join(Product, Product.id == Stock.product_id).join(Seller, Seller.id == Stock.seller_id)
                .where(Seller.code == seller, Product.sku == sku, Location.code == where)).scalar_one()

    @rule(pair=st.sampled_from(PAIRS), where=st.sampled_from(BINS), qty=st.integers(1, 6))
    def receive(self, pair, where, qty):
        key = self.key()
        self.last = ("receive", key, pair, where, qty)
        stock.receive(self.floor.uow(), SYSTEM, pair[0], pair[1], where, qty, key=key)
        self.on_hand[(*pair, where)] = self.on_hand.get((*pair, where), 0) + qty

    @rule(pair=st.sampled_from(PAIRS), src=st.sampled_from(BINS), dst=st.sampled_from(BINS), qty=st.integers(1, 6))
    def move(self, pair, src, dst, qty):
        if src == dst:
            return
        expected_ok = self.free(*pair, src) >= qty
        try:
            stock.move(self.floor.uow(), SYSTEM, pair[0], pair[1], src, dst, qty, key=self.key())
        except OutOfStock:
            assert not expected_ok, "a possible move was refused"
            return
        assert expected_ok, "a move took more than was free"
        self.on_hand[(*pair, src)] -= qty
        self.on_hand[(*pair, dst)] = self.on_hand.get((*pair, dst), 0) + qty

    @rule(pair=st.sampled_from(PAIRS), where=st.sampled_from(BINS), delta=st.integers(-6, 6).filter(bool))
    def adjust(self, pair, where, delta):
        expected_ok = delta > 0 or self.free(*pair, where) >= -delta
        try:
            stock.adjust(self.floor.uow(), SYSTEM, pair[0], pair[1], where, delta, "count", key=self.key())
        except OutOfStock:
            assert not expected_ok
            return
        assert expected_ok
        self.on_hand[(*pair, where)] = self.on_hand.get((*pair, where), 0) + delta

    @rule(pair=st.sampled_from(PAIRS), qty=st.integers(1, 8))
    def order_and_allocate(self, pair, qty):
        free_in_pick = sum(self.free(*pair, b) for b in BINS if b != "W1-RECV")
        order = self.site.order(pair[0], f"SM-{self.key()}", [(pair[1], qty)])
        result = allocation.allocate(self.floor.uow(), SYSTEM, order.id, key=self.key())
        assert result.lines[0].allocated == min(qty, free_in_pick)
        assert result.status == ("allocated" if qty <= free_in_pick else "backordered")
        self.allocated[pair] = self.allocated.get(pair, 0) + result.lines[0].allocated

    @rule()
    def retry_last_receive(self):
        if not self.last:
            return
        _, key, pair, where, qty = self.last
        with self.floor.reader() as uow:
            rows = uow.session.execute(select(func.count(LedgerEntry.id))).scalar_one()
        stock.receive(self.floor.uow(), SYSTEM, pair[0], pair[1], where, qty, key=key)
        with self.floor.reader() as uow:
            assert uow.session.execute(select(func.count(LedgerEntry.id))).scalar_one() == rows

    @invariant()
    def database_matches_the_model_and_the_invariants_hold(self):
        if not hasattr(self, "floor"):
            return
        with self.floor.reader() as uow:
            rows = uow.session.execute(
                select(Seller.code, Product.sku, Location.code, func.sum(Stock.quantity))
                .join(Seller, Seller.id == Stock.seller_id).join(Product, Product.id == Stock.product_id)
                .join(Location, Location.id == Stock.location_id)
                .group_by(Seller.code, Product.sku, Location.code)).all()
        actual = {(s, k, w): q for s, k, w, q in rows if q}
        assert actual == {k: v for k, v in self.on_hand.items() if v}
        assert violations(self.floor.reader()) == []

    def teardown(self):
        if hasattr(self, "floor"):
            self.floor.close()


def test_stock_services_keep_every_invariant_under_random_use(databases):
    run_state_machine_as_test(
        lambda: StockMachine(databases.floor),
        settings=settings(max_examples=12, stateful_step_count=25, deadline=None,
                          suppress_health_check=list(HealthCheck)),
    )
