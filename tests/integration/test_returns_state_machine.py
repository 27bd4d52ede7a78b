"""Hypothesis over authorise / receive / grade / dispose / restock / retry / close: every unit ends in
exactly one place, never in another seller's stock, and the ledger holds after every step."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from app.db.models import LedgerEntry, ReturnUnit
from app.domain.errors import DomainError
from app.services import return_units, returns
from app.services.invariants import violations
from tests.support.factories import SYSTEM, build_site
from tests.support.flows import gtin_of, pack_and_ship, pick_all, release

SKUS = ["S1-P1", "S1-P2"]


class Returns(RuleBasedStateMachine):
    def __init__(self, make_floor):
        super().__init__()
        self.make_floor = make_floor
        self.n = 0
        self.rmas: list[int] = []
        self.last: tuple | None = None

    @initialize()
    def shipped_orders(self):
        self.floor = self.make_floor()
        self.site = build_site(self.floor)
        self.site.receive("S1", "S1-P1", "W1-A-3", 20)
        self.site.receive("S1", "S1-P2", "W1-A-1", 20)
        self.site.receive("S2", "S2-P1", "W1-A-2", 5)
        self.orders = []
        for i in range(2):
            order = self.site.order("S1", f"SMR-{i}", [("S1-P1", 3), ("S1-P2", 2)])
            self.orders.append(order.id)
        release(self.site, orders_per_task=1)
        for i in range(2):
            pick_all(self.site, totes=(f"TOTE-SMR{i}",))
            pack_and_ship(self.site, f"TOTE-SMR{i}")
        self.clerk = self.site.actor("returns_clerk")
        self.gtins = {s: gtin_of(self.site, s) for s in ("S1-P1", "S1-P2", "S1-P3", "S2-P1")}

    def key(self):
        self.n += 1
        return f"rsm:{self.n:06d}"

    def _try(self, fn, *a, **kw):
        try:
            return fn(*a, **kw)
        except DomainError:
            return None

    @rule(order=st.integers(0, 1), sku=st.sampled_from(SKUS), qty=st.integers(1, 4))
    def authorise(self, order, sku, qty):
        rma = self._try(returns.authorise, self.floor.uow(), SYSTEM, self.orders[order],
                        [returns.LineRequest(sku, qty)], key=self.key())
        if rma:
            self.rmas.append(rma.id)

    @precondition(lambda self: self.rmas)
    @rule(i=st.integers(0, 20), what=st.sampled_from(["S1-P1", "S1-P2", "S1-P3", "S2-P1", "junk"]),
          extra=st.booleans())
    def receive(self, i, what, extra):
        rma = self.rmas[i % len(self.rmas)]
        key = self.key()
        raw = self.gtins.get(what, "NOT-A-CODE-123")
        got = self._try(return_units.receive, self.floor.uow(), self.clerk, rma, raw, as_extra=extra, key=key)
        if got:
            self.last = (rma, raw, extra, key, got)

    @precondition(lambda self: self.last is not None)
    @rule()
    def retry_last_receive(self):
        rma, raw, extra, key, first = self.last
        before = self._units()
        again = self._try(return_units.receive, self.floor.uow(), self.clerk, rma, raw, as_extra=extra, key=key)
        assert again is None or again == first
        assert self._units() == before

    def _pending(self, status):
        with self.floor.reader() as uow:
            return list(uow.session.execute(select(ReturnUnit.id, ReturnUnit.grade).where(
                ReturnUnit.status == status).order_by(ReturnUnit.id)).all())

    def _units(self):
        with self.floor.reader() as uow:
            return uow.session.execute(select(func.count(ReturnUnit.id))).scalar_one()

    @rule(i=st.integers(0, 20), grade=st.sampled_from(["A", "B", "C", "D", "wrong_item", "not_ours"]),
          why=st.sampled_from(["as_described", "defective", "used"]))
    def grade(self, i, grade, why):
        units = self._pending("received") + self._pending("graded")
        if units:
            self._try(return_units.grade, self.floor.uow(), self.clerk, units[i % len(units)][0], grade, why,
                      key=self.key())

    @rule(i=st.integers(0, 20), follow=st.booleans(),
          choice=st.sampled_from(["restock", "quarantine", "liquidate", "return_to_seller", "recycle"]))
    def dispose(self, i, follow, choice):
        units = self._pending("graded")
        if not units:
            return
        unit_id = units[i % len(units)][0]
        with self.floor.reader() as uow:
            proposed = uow.session.get(ReturnUnit, unit_id).proposed
        if follow:
            self._try(return_units.dispose, self.floor.uow(), self.clerk, unit_id, proposed, key=self.key())
        else:
            self._try(return_units.dispose, self.floor.uow(), self.clerk, unit_id, choice, "clerk's call",
                      key=self.key())

    @rule(i=st.integers(0, 20), bin_=st.sampled_from(["LOC-W1-A-3", "LOC-W1-A-5", "LOC-W2-A-1", "LOC-W1-QUAR"]),
          twice=st.booleans())
    def put_away(self, i, bin_, twice):
        units = self._pending("to_put_away")
        if not units:
            return
        unit_id = units[i % len(units)][0]
        done = self._try(return_units.put_away, self.floor.uow(), self.clerk, unit_id, bin_, key=self.key())
        if done and twice:  # a unit cannot be restocked twice
            assert self._try(return_units.put_away, self.floor.uow(), self.clerk, unit_id, bin_,
                             key=self.key()) is None

    @precondition(lambda self: self.rmas)
    @rule(i=st.integers(0, 20))
    def close(self, i):
        self._try(returns.close, self.floor.uow(), self.clerk, self.rmas[i % len(self.rmas)], key=self.key())

    @invariant()
    def units_and_stock_add_up(self):
        if not hasattr(self, "floor"):
            return
        assert violations(self.floor.reader()) == []
        with self.floor.reader() as uow:
            came_in = uow.session.execute(select(func.count(LedgerEntry.id)).where(
                LedgerEntry.reason == "return_in")).scalar_one()
            with_product = uow.session.execute(select(func.count(ReturnUnit.id)).where(
                ReturnUnit.product_id.is_not(None), ReturnUnit.grade.is_distinct_from("missing"))).scalar_one()
            moved_twice = uow.session.execute(select(LedgerEntry.ref_id).where(
                LedgerEntry.ref_type == "return_unit", LedgerEntry.reason != "return_in").group_by(
                LedgerEntry.ref_id).having(func.count() > 1)).all()
        assert came_in == with_product  # every received unit of the seller entered the books once
        assert moved_twice == []

    def teardown(self):
        if hasattr(self, "floor"):
            self.floor.close()


def test_returns_keep_every_invariant_under_random_use(databases):
    run_state_machine_as_test(
        lambda: Returns(databases.floor),
        settings=settings(max_examples=5, stateful_step_count=40, deadline=None,
                          suppress_health_check=list(HealthCheck)),
    )
