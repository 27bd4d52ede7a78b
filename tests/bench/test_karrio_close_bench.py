"""Benchmark: Close box to label printed with karrio (a real karrio server, generic carrier): the close
command, the rate and purchase at karrio, the label kept and queued, then printed (spooled as made).
Baseline in the same run: the same close with the built-in FloorPost carrier (Floor draws its own label).

Run with `make bench`; prints the figures and writes tests/bench/results/karrio.md. Target (issue 17):
p95 < 1 s at the bench, asserted when the machine is not overloaded (load average under 1.5 per core): on
a machine whose cores are queued, karrio's Django workers queue too and the figures say so.
"""

from __future__ import annotations

import dataclasses
import os
import statistics
import time
from pathlib import Path

import pytest

from app.services import packing, printjobs
from app.services.carriers import BuiltInCarrier
from app.services.karrio import KarrioCarrier
from tests.support.factories import build_site
from tests.support.flows import gtin_of, pick_all, release

RESULTS = Path(__file__).parent / "results" / "karrio.md"
ROUNDS = 20


def _ready_boxes(site, n: int, first: int) -> list:
    views = []
    for i in range(n):
        site.order("S1", f"BENCH-{first + i}", [("S1-P1", 1)])
        release(site)
        tote = f"TOTE-{first + i:04d}"
        pick_all(site, totes=(tote,))
        view = packing.start(site.floor.uow(), site.actor("packer"), tote)
        views.append(packing.pack_item(site.floor.uow(), site.actor("packer"), view.package_id,
                                       gtin_of(site, "S1-P1")))
    return views


def _close_to_printed(floor, packer, policy, view) -> float:
    start = time.perf_counter()
    closed = packing.close(floor.uow(), packer, policy, view.package_id, view.suggested_carton, view.expected_weight_g)
    printjobs.process_due(floor.uow, floor.print_setup)
    elapsed = time.perf_counter() - start
    assert closed.status == "labelled", closed.message
    return elapsed


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


@pytest.mark.db("sqlite")
def test_close_box_to_label_printed_with_karrio(floor, karrio):
    site = build_site(floor)
    site.receive("S1", "S1-P1", "W1-A-3", 2 * ROUNDS + 5)
    boxes = _ready_boxes(site, 2 * ROUNDS + 2, 1)
    packer = site.actor("packer")
    through_karrio = dataclasses.replace(floor.packing, carrier=KarrioCarrier(karrio.url, karrio.api_key))
    built_in = dataclasses.replace(floor.packing, carrier=BuiltInCarrier())
    _close_to_printed(floor, packer, through_karrio, boxes.pop())   # warm both paths once
    _close_to_printed(floor, packer, built_in, boxes.pop())
    timings: dict[str, list[float]] = {"karrio": [], "floorpost": []}
    for i in range(ROUNDS):   # interleaved, so both see the same machine load
        timings["karrio"].append(_close_to_printed(floor, packer, through_karrio, boxes[2 * i]))
        timings["floorpost"].append(_close_to_printed(floor, packer, built_in, boxes[2 * i + 1]))
    k, f = timings["karrio"], timings["floorpost"]
    rows = [(name, statistics.median(v), _p(v, 95), max(v)) for name, v in (("karrio (generic)", k),
                                                                           ("FloorPost (built in)", f))]
    load = os.getloadavg()[0]
    lines = ["| Close box -> label printed | p50 ms | p95 ms | max ms |", "|---|---:|---:|---:|"]
    lines += [f"| {name} | {p50 * 1000:.0f} | {p95 * 1000:.0f} | {top * 1000:.0f} |" for name, p50, p95, top in rows]
    ratio = _p(k, 95) / _p(f, 95)
    lines.append(f"\n{ROUNDS} boxes each, interleaved; karrio p95 / FloorPost p95 = {ratio:.1f}; "
                 f"load average {load:.1f} on {os.cpu_count()} cores.")
    text = "\n".join(lines)
    print("\n" + text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("# Close box to label printed, with karrio\n\n" + text + "\n")
    busy = load / (os.cpu_count() or 1) > 1.5   # other work is queueing for the cores: karrio waits with it
    assert _p(k, 95) < 1.0 or busy, f"karrio p95 {_p(k, 95):.2f} s is over the 1 s target (load {load:.1f})"
