"""The pick / pack / ship state machine with singles and batch waves too: carts picked as bin totals (retries,
wrong scans, short totals, undo of a whole scan), singles packed one unit one label, batch carts sorted at the
put wall (with undo), full slots packed and shipped. After every step every invariant of DOMAIN.md holds, and
no unit leaves the building but by shipping."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule, run_state_machine_as_test
from sqlalchemy import select

from app.db.models import OrderLine, Package, PickTaskOrder, Product, SortPut, Tote
from app.services import packing, put_wall, singles, waves
from app.services.picking import sorted_units
from tests.integration.test_pick_state_machine import PRODUCTS, PickPackShip
from tests.support.factories import SYSTEM


class PickingModes(PickPackShip):
    @rule(product=st.sampled_from(PRODUCTS), qty=st.integers(1, 3), extra=st.sampled_from(PRODUCTS),
          per_task=st.integers(1, 6), release=st.booleans(), mode=st.sampled_from(["cluster", "singles", "batch"]))
    def order(self, product, qty, extra, per_task, release, mode):
        lines = [(product[1], qty)] + ([(extra[1], 1)] if extra[0] == product[0] and extra != product else [])
        self.site.order(product[0], f"SM-{self.key()}", lines)
        if release:
            waves.release(self.floor.uow(), SYSTEM, "W1", orders_per_task=per_task, mode=mode, key=self.key())

    @precondition(lambda self: self.task is not None)
    @rule(qty=st.integers(1, 5))
    def walk_to_the_end(self, qty):
        """The picker walks the whole task (carts reach the singles bench and the put wall)."""
        for _ in range(80):
            if self.task is None:
                return
            self.scan(qty, False, "")

    @rule(all_units=st.booleans())
    def pack(self, all_units):
        """The pack bench takes totes of one order (a cluster tote, a full put wall slot), not carts."""
        with self.floor.reader() as uow:
            tote = uow.session.execute(select(Tote.code).where(Tote.status == "to_pack", Tote.order_id.is_not(None))
                                       .order_by(Tote.code)).scalars().first()
        if tote is not None:
            self._pack_tote(tote, all_units)

    def _pack_tote(self, tote, all_units):
        view = self._do(packing.start, self.floor.uow(), self.packer, tote, key=self.key())
        if view is None or view.status != "open":
            return
        for line in view.lines:
            left = line.picked - line.packed
            if left:
                view = packing.pack_item(self.floor.uow(), self.packer, view.package_id, self.gtins[line.sku],
                                         quantity=left if all_units else 1, key=self.key())
        if any(l.in_this_package for l in view.lines):
            view = packing.close(self.floor.uow(), self.packer, self.floor.packing, view.package_id, "XL",
                                 view.expected_weight_g + 650, key=self.key())
            if view.status == "labelled":
                packing.verify_label(self.floor.uow(), self.packer, view.package_id, view.tracking_number,
                                     key=self.key())

    def _cart_unit(self, status: str) -> tuple[str, str] | None:
        """A cart in this state and the SKU of a unit still on it."""
        with self.floor.reader() as uow:
            for cart, task_id in uow.session.execute(select(Tote.code, Tote.task_id).where(
                    Tote.status == status, Tote.order_id.is_(None)).order_by(Tote.code)):
                for line_id, picked, packed, sku in uow.session.execute(
                        select(OrderLine.id, OrderLine.quantity_picked, OrderLine.quantity_packed, Product.sku)
                        .join(Product, Product.id == OrderLine.product_id)
                        .join(PickTaskOrder, PickTaskOrder.order_id == OrderLine.order_id)
                        .where(PickTaskOrder.task_id == task_id).order_by(OrderLine.id)):
                    done = packed if status == "to_pack" else sorted_units(uow, line_id)
                    if picked > done:
                        return cart, sku
        return None

    @rule(retry=st.booleans())
    def pack_a_single(self, retry):
        found = self._cart_unit("to_pack")
        if found is None:
            return
        cart, sku = found
        key = self.key()
        got = self._do(singles.pack_unit, self.floor.uow(), self.packer, self.floor.packing, cart, self.gtins[sku],
                       key=key)
        if got is None:
            return
        if retry:
            assert singles.pack_unit(self.floor.uow(), self.packer, self.floor.packing, cart, self.gtins[sku],
                                     key=key) == got
        if got.box is not None and got.box.status == "labelled":
            singles.verify(self.floor.uow(), self.packer, cart, got.box.package_id, got.box.tracking_number,
                           key=self.key())

    @rule(undo=st.booleans())
    def sort_a_unit(self, undo):
        found = self._cart_unit("to_sort")
        if found is None:
            return
        cart, sku = found
        wall = self._do(put_wall.put, self.floor.uow(), self.packer, cart, self.gtins[sku], key=self.key())
        if wall is not None and undo and not wall.lit_full:
            put_wall.undo_put(self.floor.uow(), self.packer, cart, key=self.key())

    def _ship_all_verified(self):
        with self.floor.reader() as uow:
            return uow.session.execute(select(Package.sscc).where(Package.status == "verified")).scalars().all()

    def teardown(self):
        if hasattr(self, "floor"):
            with self.floor.reader() as uow:   # the wall never holds more than was picked (also an invariant)
                assert all(p.quantity > 0 for p in uow.session.execute(select(SortPut)).scalars())
        super().teardown()


def test_singles_and_batch_sort_keep_every_invariant_under_random_use(databases):
    run_state_machine_as_test(
        lambda: PickingModes(databases.floor),
        settings=settings(max_examples=10, stateful_step_count=50, deadline=None,
                          suppress_health_check=list(HealthCheck)),
    )
