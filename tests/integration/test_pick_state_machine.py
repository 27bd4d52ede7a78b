"""Hypothesis walks pick / short-pick / undo / pack / ship with wrong scans and retries thrown in.

After every step: shipped <= packed <= picked <= ordered, no seller's stock in another's order, the
ledger matches on-hand, and units only leave the building by shipping.
"""

from __future__ import annotations

import pytest
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

from app.db.models import LedgerEntry, Package, Stock, Tote
from app.domain.errors import DomainError, InvalidInput, WrongScan
from app.domain.picking import Step
from app.services import packing, picking, shipping, waves
from app.services.invariants import violations
from app.services.short_pick import short_pick
from tests.support.factories import SYSTEM, build_site
from tests.support.flows import gtin_of

PRODUCTS = [("S1", "S1-P1"), ("S1", "S1-P2"), ("S2", "S2-P1")]


class PickPackShip(RuleBasedStateMachine):
    def __init__(self, make_floor):
        super().__init__()
        self.make_floor = make_floor
        self.n = 0
        self.task: picking.TaskView | None = None
        self.received = 0
        self.shipped = 0
        self.last_scan: tuple | None = None

    @initialize()
    def site(self):
        self.floor = self.make_floor()
        self.site = build_site(self.floor)
        for i, (seller, sku) in enumerate(PRODUCTS):
            self.site.receive(seller, sku, f"W1-A-{i + 1}", 4)
            self.site.receive(seller, sku, f"W1-A-{i + 4}", 2)
            self.received += 6
        self.picker, self.packer = self.site.actor("picker"), self.site.actor("packer")
        self.gtins = {sku: gtin_of(self.site, sku) for _, sku in PRODUCTS}

    def key(self) -> str:
        self.n += 1
        return f"pps:{self.n:06d}"

    @rule(product=st.sampled_from(PRODUCTS), qty=st.integers(1, 3), extra=st.sampled_from(PRODUCTS),
          per_task=st.integers(1, 3), release=st.booleans())
    def order(self, product, qty, extra, per_task, release):
        lines = [(product[1], qty)] + ([(extra[1], 1)] if extra[0] == product[0] and extra != product else [])
        self.site.order(product[0], f"SM-{self.key()}", lines)
        if release:
            waves.release(self.floor.uow(), SYSTEM, "W1", orders_per_task=per_task, key=self.key())

    @precondition(lambda self: self.task is None)
    @rule()
    def claim(self):
        self.task = picking.claim_next(self.floor.uow(), self.picker, key=self.key())

    @precondition(lambda self: self.task is not None)
    @rule(steps=st.integers(1, 8), qty=st.integers(1, 3))
    def walk(self, steps, qty):
        for _ in range(steps):
            if self.task is None:
                return
            self.scan(qty, False, "")

    def _do(self, fn, *args, **kw):
        try:
            return fn(*args, **kw)
        except DomainError:
            return None

    @precondition(lambda self: self.task is not None)
    @rule(qty=st.integers(1, 3), wrong=st.booleans(), junk=st.sampled_from(["LOC-W1-A-6", "TOTE-X", "123", ""]))
    def scan(self, qty, wrong, junk):
        step = self.task.step
        if step.kind == "done":
            self.task = None
            return
        if wrong:
            if junk == f"LOC-{step.bin}" or (step.kind == Step.SCAN_TOTE and junk.startswith("TOTE-")):
                junk = "123"   # that one is right at this step: throw one that is wrong here
            before = self._ledger_rows()
            with pytest.raises(WrongScan):
                picking.scan(self.floor.uow(), self.picker, self.task.task_id, junk, key=self.key())
            assert self._ledger_rows() == before   # a wrong scan records nothing...
            assert picking.task_view(self.floor.uow(), self.picker, self.task.task_id) == self.task  # ...moves nothing
            return
        if step.kind == "scan_tote":
            code, qty = f"TOTE-{self.key()[4:]}", 1
        elif step.kind == "scan_bin":
            code, qty = f"LOC-{step.bin}", 1
        else:
            code, qty = self.gtins[step.sku], min(qty, step.remaining)
        key = self.key()
        result = picking.scan(self.floor.uow(), self.picker, self.task.task_id, code, quantity=qty, key=key)
        self.last_scan = (self.task.task_id, code, qty, key, result)
        self.task = result.view

    @precondition(lambda self: self.task is not None and self.task.step.kind == "scan_item")
    @rule(found=st.integers(0, 2), reason=st.sampled_from(["empty", "fewer", "damaged"]))
    def short(self, found, reason):
        step = self.task.step
        if found >= step.remaining:
            return
        if reason == "empty" and found:
            with pytest.raises(InvalidInput, match="Bin empty means 0 found"):
                short_pick(self.floor.uow(), self.picker, self.task.task_id, step.line_id, found, reason,
                           key=self.key())
            return
        self.task = short_pick(self.floor.uow(), self.picker, self.task.task_id, step.line_id, found, reason,
                               key=self.key()).view

    @precondition(lambda self: self.task is not None and self.task.can_undo)
    @rule()
    def undo(self):
        result = self._do(picking.undo_last, self.floor.uow(), self.picker, self.task.task_id, key=self.key())
        if result is not None:
            self.task = result.view

    @precondition(lambda self: self.last_scan is not None)
    @rule()
    def retry_last_scan(self):
        task_id, code, qty, key, first = self.last_scan
        rows = self._ledger_rows()
        again = self._do(picking.scan, self.floor.uow(), self.picker, task_id, code, quantity=qty, key=key)
        assert again is None or again == first
        assert self._ledger_rows() == rows

    @rule(all_units=st.booleans())
    def pack(self, all_units):
        with self.floor.reader() as uow:
            tote = uow.session.execute(select(Tote.code).where(Tote.status == "to_pack").order_by(Tote.code)
                                       ).scalars().first()
        if tote is None:
            return
        view = self._do(packing.start, self.floor.uow(), self.packer, tote, key=self.key())
        if view is None or view.status != "open":
            return
        for line in view.lines:
            left = line.picked - line.packed
            if left:
                view = packing.pack_item(self.floor.uow(), self.packer, view.package_id, self.gtins[line.sku],
                                         quantity=left if all_units else 1, key=self.key())
        if not any(l.in_this_package for l in view.lines):
            return
        view = packing.close(self.floor.uow(), self.packer, self.floor.packing, view.package_id, "XL",
                             view.expected_weight_g + 650, key=self.key())
        if view.status == "labelled":
            packing.verify_label(self.floor.uow(), self.packer, view.package_id, view.tracking_number, key=self.key())

    @rule()
    def ship(self):
        with self.floor.reader() as uow:
            pkg = uow.session.execute(select(Package.sscc).where(Package.status == "verified")).scalars().first()
        if pkg:
            shipped = shipping.ship(self.floor.uow(), self.packer, pkg, key=self.key())
            assert shipped.sscc == pkg

    def _ledger_rows(self) -> int:
        with self.floor.reader() as uow:
            return uow.session.execute(select(func.count(LedgerEntry.id))).scalar_one()

    @invariant()
    def everything_adds_up(self):
        if not hasattr(self, "floor"):
            return
        assert violations(self.floor.reader()) == []
        with self.floor.reader() as uow:
            on_hand = uow.session.execute(select(func.coalesce(func.sum(Stock.quantity), 0))).scalar_one()
            shipped = uow.session.execute(select(func.coalesce(func.sum(LedgerEntry.quantity), 0)).where(
                LedgerEntry.reason == "ship")).scalar_one()
        assert on_hand + shipped == self.received

    def teardown(self):
        if hasattr(self, "floor"):
            self.floor.close()


def test_pick_pack_ship_keeps_every_invariant_under_random_use(databases):
    run_state_machine_as_test(
        lambda: PickPackShip(databases.floor),
        settings=settings(max_examples=12, stateful_step_count=50, deadline=None,
                          suppress_health_check=list(HealthCheck)),
    )
