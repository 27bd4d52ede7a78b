"""Walk the floor through services, the way the screens do: release, pick, pack, ship."""

from __future__ import annotations

from sqlalchemy import select

from app.db.models import Product
from app.services import packing, picking, printjobs, shipping, waves
from tests.support.factories import SYSTEM, Site


def gtin_of(site: Site, sku: str) -> str:
    with site.floor.reader() as uow:
        return uow.session.execute(select(Product.gtin).where(Product.sku == sku)).scalar_one()


def release(site: Site, warehouse: str = "W1", **kw) -> waves.WaveResult:
    return waves.release(site.floor.uow(), SYSTEM, warehouse, **kw)


def pick_all(site: Site, role: str = "picker", totes: tuple[str, ...] = ()) -> picking.TaskView:
    """Claim the next task and pick every line as asked (totes TOTE-<n> unless given)."""
    floor, actor = site.floor, site.actor(role)
    view = picking.claim_next(floor.uow(), actor)
    assert view is not None, "no task to claim"
    tote_iter = iter(totes or [f"TOTE-{view.task_id:03d}{i}" for i in range(1, 13)])
    for _ in range(200):
        step = view.step
        if step.kind == "done":
            return view
        if step.kind == "scan_tote":
            code = next(tote_iter)
        elif step.kind == "scan_bin":
            code = f"LOC-{step.bin}"
        else:
            code = gtin_of(site, step.sku)
        view = picking.scan(floor.uow(), actor, view.task_id, code, quantity=1 if step.kind != "scan_item"
                            else step.remaining).view
    raise AssertionError("the task never finished")


def pack_and_ship(site: Site, tote: str, weight_g: int | None = None, role: str = "packer") -> shipping.Shipped:
    floor, actor = site.floor, site.actor(role)
    view = packing.start(floor.uow(), actor, tote)
    for line in view.lines:
        left = line.picked - line.packed
        if left:
            view = packing.pack_item(floor.uow(), actor, view.package_id, gtin_of(site, line.sku), quantity=left)
    carton = view.suggested_carton or "M"
    view = packing.close(floor.uow(), actor, floor.packing, view.package_id, carton,
                         weight_g or max(1, _expected_with(site, view, carton)))
    assert view.status == "labelled", view.message
    view = packing.verify_label(floor.uow(), actor, view.package_id, view.tracking_number)
    printjobs.process_due(floor.uow, floor.print_setup)
    return shipping.ship(floor.uow(), actor, view.sscc)


def _expected_with(site: Site, view: packing.PackView, carton: str) -> int:
    return view.expected_weight_g
