"""Packing rules: the box on the bench and which scans it takes, which carton fits, whether a weight is
believable, what an order's status is."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.errors import WrongScan
from app.domain.scanning import ScanKind
from app.i18n import _

FILL_FACTOR = 0.8  # items never fill a carton completely
ON_BENCH = ("open", "held", "awaiting_label", "labelled")   # a box not finished: it stays on its packer's bench


class BenchScan(StrEnum):
    """What a scan at the pack bench does."""

    START = "start"     # a tote: its order, and the box being packed for it
    PACK = "pack"       # a unit into the open box
    VERIFY = "verify"   # the label just stuck on the box


def bench_scan(status: str, kind: ScanKind, *, box: int = 0, order_ref: str = "", to_pack: int = 0) -> BenchScan:
    """What a scan of `kind` does with the box on the bench in `status` ("none": no box), or WrongScan.

    open: units go in, a tote is refused (one box at a time); labelled: only its label; held or verified:
    only the next tote."""
    if status == "none" or (kind == ScanKind.TOTE and status in ("held", "awaiting_label", "verified")):
        return BenchScan.START
    if status == "open":
        if kind == ScanKind.TOTE:
            raise WrongScan(_("Box {n} of order {ref} is open: pack it, or press Put aside first.", n=box,
                              ref=order_ref))
        return BenchScan.PACK
    if status == "labelled":
        if kind == ScanKind.TOTE:
            raise WrongScan(_("Scan the label on box {n} first.", n=box))
        return BenchScan.VERIFY
    if status == "held":
        raise WrongScan(_("This box is held for the supervisor. Scan the next tote."))
    if status == "awaiting_label":
        raise WrongScan(_("Box {n} has no label yet: press Retry, or put it aside and scan the next tote.", n=box))
    raise WrongScan(_("This box is done. Press Another box, or scan the next tote.") if to_pack
                    else _("This box is done. Scan the next tote."))


@dataclass(frozen=True)
class Item:
    length_mm: int
    width_mm: int
    height_mm: int
    weight_g: int
    quantity: int = 1


@dataclass(frozen=True)
class Carton:
    code: str
    length_mm: int
    width_mm: int
    height_mm: int
    tare_g: int
    max_weight_g: int

    @property
    def volume(self) -> int:
        return self.length_mm * self.width_mm * self.height_mm


def suggest_carton(items: list[Item], cartons: list[Carton]) -> Carton | None:
    """The smallest carton the items fit in by volume, longest sides and weight; None if none does."""
    if not items:
        return None
    volume = sum(i.length_mm * i.width_mm * i.height_mm * i.quantity for i in items)
    weight = sum(i.weight_g * i.quantity for i in items)
    longest = max(sorted((i.length_mm, i.width_mm, i.height_mm), reverse=True) for i in items)
    for carton in sorted(cartons, key=lambda c: (c.volume, c.code)):
        sides = sorted((carton.length_mm, carton.width_mm, carton.height_mm), reverse=True)
        if (volume <= carton.volume * FILL_FACTOR and all(a <= b for a, b in zip(longest, sides))
                and weight + carton.tare_g <= carton.max_weight_g):
            return carton
    return None


@dataclass(frozen=True)
class WeightCheck:
    expected_g: int
    actual_g: int
    allowed_g: int

    @property
    def ok(self) -> bool:
        return abs(self.actual_g - self.expected_g) <= self.allowed_g

    @property
    def difference_g(self) -> int:
        return self.actual_g - self.expected_g


def check_weight(expected_g: int, actual_g: int, tolerance_pct: float, minimum_g: int) -> WeightCheck:
    """A weight within tolerance_pct of the expected one (but never tighter than minimum_g) passes."""
    allowed = max(minimum_g, round(expected_g * tolerance_pct / 100))
    return WeightCheck(expected_g, actual_g, allowed)


@dataclass(frozen=True)
class LineState:
    quantity: int
    allocated: int
    picked: int
    packed: int
    shipped: int


def order_status(lines: list[LineState], *, released: bool, picking: bool, cancelled: bool = False) -> str:
    """The order's status as the floor sees it, from its lines' quantities."""
    if cancelled:
        return "cancelled"
    picked = sum(l.picked for l in lines)
    open_units = sum(l.quantity - l.picked for l in lines)
    waiting = sum(l.allocated for l in lines)
    short = open_units - waiting  # neither picked nor reserved: back-ordered
    if picked and all(l.shipped == l.picked for l in lines) and not waiting:
        return "shipped"
    if picked and all(l.packed == l.picked for l in lines) and not waiting and not picking:
        return "packed"
    if any(l.packed for l in lines):
        return "packing"
    if picking:
        return "picking"
    if picked and not waiting:
        return "picked"
    if released and waiting:
        return "released"
    if short > 0:
        return "backordered"
    return "allocated" if waiting else "open"
