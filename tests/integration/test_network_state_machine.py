"""Hypothesis over inbound / put-away / transfer / count: every invariant holds after every step, stock in
transit is never reserved, and a transfer's units are always somewhere (transit, received, or written off)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

from app.db.models import LedgerEntry, Location, Package, Stock, Transfer
from app.domain.errors import DomainError
from app.services import counts, inbound, transfers, waves
from app.services.invariants import violations
from tests.support.factories import SYSTEM, build_site
from tests.support.flows import gtin_of, pack_and_ship, pick_all

SKUS = ["S1-P1", "S1-P2"]


class Network(RuleBasedStateMachine):
    def __init__(self, make_floor):
        super().__init__()
        self.make_floor = make_floor
        self.n = 0

    @initialize()
    def site(self):
        self.floor = self.make_floor()
        self.site = build_site(self.floor)
        self.worker = self.site.actor("picker")
        self.boss = self.site.actor("supervisor")
        self.gtins = {s: gtin_of(self.site, s) for s in SKUS}

    def key(self):
        self.n += 1
        return f"net:{self.n:06d}"

    def _try(self, fn, *a, **kw):
        try:
            return fn(*a, **kw)
        except DomainError:
            return None

    @rule(sku=st.sampled_from(SKUS), announced=st.integers(1, 6), came=st.integers(0, 8), damaged=st.booleans())
    def inbound(self, sku, announced, came, damaged):
        got = inbound.announce(self.floor.uow(), SYSTEM, "W1", f"ASN-{self.key()}",
                               [inbound.InboundLineIn(sku, announced)], seller="S1", key=self.key())
        if came:
            inbound.receive_item(self.floor.uow(), self.worker, got.id, self.gtins[sku], quantity=came, key=self.key())
        if damaged:
            inbound.receive_item(self.floor.uow(), self.worker, got.id, self.gtins[sku], damaged=True, key=self.key())
        inbound.close(self.floor.uow(), self.worker, got.id, key=self.key())

    @rule(sku=st.sampled_from(SKUS), where=st.sampled_from(["W1", "W2"]), bin_=st.integers(1, 6), some=st.booleans())
    def put_away(self, sku, where, bin_, some):
        wh = 1 if where == "W1" else 2
        ready = self._try(inbound.putaway_for, self.floor.uow(), self.worker, wh, self.gtins[sku])
        if ready and ready.quantity:
            qty = max(1, ready.quantity // 2) if some else ready.quantity
            inbound.put_away(self.floor.uow(), self.worker, "S1", sku, ready.lot, qty, ready.from_location,
                             f"LOC-{where}-A-{bin_}", key=self.key())

    @rule(sku=st.sampled_from(SKUS), qty=st.integers(1, 4))
    def transfer_and_ship(self, sku, qty):
        planned = transfers.plan(self.floor.uow(), SYSTEM, "S1", "W1", "W2", [(sku, qty)], key=self.key())
        waves.release(self.floor.uow(), SYSTEM, "W1", key=self.key())
        while True:
            with self.floor.reader() as uow:
                from app.db.models import PickTask
                ready = uow.session.execute(select(PickTask.id).where(PickTask.status.in_(("ready", "assigned",
                                                                                            "picking")))).first()
            if not ready:
                break
            view = pick_all(self.site)
            for slot in view.slots:
                if slot.tote:
                    self._try(pack_and_ship, self.site, slot.tote)
        self.last_transfer = planned.id

    @rule(found=st.sampled_from([None, 0, 1, 5]))
    def receive_transfer(self, found):
        with self.floor.reader() as uow:
            cartons = uow.session.execute(select(Package.sscc, Transfer.id).join(
                Transfer, Transfer.order_id == Package.order_id).where(Package.status == "shipped")).all()
        for sscc, _tid in cartons:
            counts_ = None if found is None else {"S1-P1": found} if found else {}
            self._try(transfers.receive_carton, self.floor.uow(), self.worker, sscc, counts_, key=self.key())

    @rule()
    def close_transfers(self):
        with self.floor.reader() as uow:
            ids = list(uow.session.execute(select(Transfer.id).where(Transfer.status.in_(("received", "receiving")))
                                           ).scalars())
        for tid in ids:
            transfers.close(self.floor.uow(), self.boss, tid, key=self.key())

    @rule(bin_=st.integers(1, 6), seen=st.integers(0, 6), sku=st.sampled_from(SKUS), agree=st.booleans())
    def count(self, bin_, seen, sku, agree):
        task = counts.create(self.floor.uow(), self.boss, f"W1-A-{bin_}", key=self.key())
        entries = [counts.CountEntry("S1", sku, seen)]
        first = self._try(counts.submit, self.floor.uow(), self.worker, task.task_id, entries, key=self.key())
        if first and first.status == "recount":
            second = counts.submit(self.floor.uow(), self.worker, task.task_id, entries, key=self.key())
            if second.status == "review":
                if agree:
                    counts.approve(self.floor.uow(), self.boss, task.task_id, "checked", key=self.key())
                else:
                    counts.reject(self.floor.uow(), self.boss, task.task_id, "recount", key=self.key())

    @invariant()
    def network_holds(self):
        if not hasattr(self, "floor"):
            return
        assert violations(self.floor.reader()) == []
        with self.floor.reader() as uow:
            reserved_in_transit = uow.session.execute(select(func.coalesce(func.sum(Stock.allocated), 0)).join(
                Location, Location.id == Stock.location_id).where(Location.kind == "in_transit")).scalar_one()
            assert reserved_in_transit == 0
            for t in uow.session.execute(select(Transfer)).scalars():
                moved = dict(uow.session.execute(select(LedgerEntry.reason, func.sum(LedgerEntry.quantity)).where(
                    ((LedgerEntry.ref_type == "transfer") & (LedgerEntry.ref_id == t.id))
                    | (LedgerEntry.to_location_id == t.transit_location_id)).group_by(LedgerEntry.reason)).all())
                in_transit = uow.session.execute(select(func.coalesce(func.sum(Stock.quantity), 0)).where(
                    Stock.location_id == t.transit_location_id)).scalar_one()
                assert moved.get("ship", 0) == in_transit + moved.get("transfer_in", 0) + moved.get("transfer_lost", 0)

    def teardown(self):
        if hasattr(self, "floor"):
            self.floor.close()


def test_inbound_putaway_transfer_and_count_keep_every_invariant(databases):
    run_state_machine_as_test(
        lambda: Network(databases.floor),
        settings=settings(max_examples=6, stateful_step_count=25, deadline=None,
                          suppress_health_check=list(HealthCheck)),
    )
