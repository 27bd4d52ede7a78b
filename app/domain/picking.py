"""The pick walk: what the next scan must be, what a scan means at each step, a scanner firing twice, and
what a short pick may say. Pure: the service reads the task's rows, asks here, and writes what comes back.

A task's walk: a tote for every cart slot first, then line by line in walking order: scan the bin, then
its items (the bin the picker stands at is finished first). Lines and slots are read through the small
protocols below, so the service hands in its rows as they are (no copy on the scan's hot path).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from app.domain import codes
from app.domain.errors import InvalidInput, WrongScan
from app.domain.scanning import ScanKind, ScannedCode, matches_code
from app.i18n import _

DOUBLE_SCAN = timedelta(milliseconds=300)
ACTIVE = ("assigned", "picking")      # task statuses a picker scans in
SHORT_REASONS = ("empty", "fewer", "damaged", "wrong_item_in_bin", "cannot_reach")


class Step(StrEnum):
    """What the picker does next."""

    SCAN_TOTE = "scan_tote"
    SCAN_BIN = "scan_bin"
    SCAN_ITEM = "scan_item"
    DONE = "done"


@dataclass(frozen=True)
class PickStep:
    kind: Step
    message: str
    line_id: int | None = None
    bin: str = ""
    sku: str = ""
    product: str = ""
    gtin: str = ""
    remaining: int = 0
    slot: int | None = None
    tote: str = ""
    order_ref: str = ""

    @property
    def walking(self) -> bool:
        """At or on the way to a bin: Short / empty bin may be pressed."""
        return self.kind in (Step.SCAN_BIN, Step.SCAN_ITEM)


class Line(Protocol):
    """A pick line as the walk needs it."""

    id: int
    status: str            # open | done | short
    location_id: int
    quantity: int
    picked: int
    short: int
    order_id: int
    bin: str
    sku: str
    name: str
    gtin: str


@dataclass(frozen=True)
class Slot:
    slot: int
    tote: str              # "" until a tote is scanned for it
    order_id: int
    order_ref: str
    arriving: str = ""     # zone picking: the order's tote, coming from the zone before (scan that one)


def remaining(line: Line) -> int:
    return line.quantity - line.picked - line.short


def current_line(lines: Sequence[Line], at_location_id: int | None) -> Line | None:
    """The next open line in walking order (lines come sorted); the bin the picker stands at comes first."""
    first = None
    for line in lines:
        if line.status == "open":
            if line.location_id == at_location_id:
                return line
            first = first or line
    return first


def next_step(status: str, at_location_id: int | None, slots: Sequence[Slot],
              lines: Sequence[Line]) -> tuple[PickStep, Line | None]:
    """What the picker does next in a task (and the line it is about)."""
    missing_tote = next((s for s in slots if not s.tote), None)
    current = current_line(lines, at_location_id)
    if status in ("done", "cancelled") or (missing_tote is None and current is None):
        return PickStep(Step.DONE, _("Task finished. Take the totes to packing.")), None
    if missing_tote is not None and missing_tote.arriving:
        return PickStep(Step.SCAN_TOTE, _("Scan tote {tote} from the zone before for slot {slot}.",
                                          tote=missing_tote.arriving, slot=missing_tote.slot),
                        slot=missing_tote.slot, tote=missing_tote.arriving, order_ref=missing_tote.order_ref), None
    if missing_tote is not None:
        return PickStep(Step.SCAN_TOTE, _("Scan an empty tote for slot {slot}.", slot=missing_tote.slot),
                        slot=missing_tote.slot), None
    slot = next(s for s in slots if s.order_id == current.order_id)
    left = remaining(current)
    at_bin = at_location_id == current.location_id
    message = (_("Take {n} x {product}. Put in tote {slot}.", n=left, product=current.name, slot=slot.slot)
               if at_bin else _("Go to bin {bin}.", bin=current.bin))
    return PickStep(Step.SCAN_ITEM if at_bin else Step.SCAN_BIN, message, current.id, current.bin, current.sku,
                    current.name, current.gtin, left, slot.slot, slot.tote, slot.order_ref), current


# ---- totals: singles and batch picks ----------------------------------------------------------------
TOTAL_MODES = ("singles", "batch")   # the picker takes a bin's total for many orders into one cart


def bin_group(lines: Sequence[Line], current: Line) -> list[Line]:
    """The open lines a total pick takes at once: every order's line of the same item at the same bin."""
    return [l for l in lines if l.status == "open" and l.location_id == current.location_id and l.sku == current.sku]


def next_total_step(status: str, at_location_id: int | None, cart: str, lines: Sequence[Line], *,
                    mode: str = "singles") -> tuple[PickStep, list[Line]]:
    """What the picker does next in a singles or batch task (and the lines of the bin's total it is about).

    One cart for the whole task first (slot 0); then bin by bin in walking order: the bin, then the total of
    its item for every order at once (scanned one by one, counted, or as a case)."""
    current = current_line(lines, at_location_id)
    if status in ("done", "cancelled") or (cart and current is None):
        return PickStep(Step.DONE, _("Task finished. Take the cart to the singles packing.") if mode == "singles"
                        else _("Task finished. Take the cart to the put wall.")), []
    if not cart:
        return PickStep(Step.SCAN_TOTE, _("Scan an empty cart (its TOTE- label) for this pick."), slot=0), []
    group = bin_group(lines, current)
    left = sum(remaining(l) for l in group)
    orders = len({l.order_id for l in group})
    at_bin = at_location_id == current.location_id
    message = (_("Take {n} x {product}. Put them all in the cart.", n=left, product=current.name)
               if at_bin else _("Go to bin {bin}.", bin=current.bin))
    return PickStep(Step.SCAN_ITEM if at_bin else Step.SCAN_BIN, message, current.id, current.bin, current.sku,
                    current.name, current.gtin, left, None, cart,
                    _("{n} orders", n=orders) if orders > 1 else ""), group


def units_of(code: ScannedCode, quantity: int) -> int:
    """Units one item scan stands for in a total pick: a case label (GS1 with a count, AI 37) is its count."""
    return quantity * code.count if code.count else quantity


def share(group: Sequence[Line], n: int) -> list[tuple[Line, int]]:
    """n units taken at a bin, shared out over its lines in walking order (each up to what it still needs)."""
    out = []
    for line in group:
        if n <= 0:
            break
        take = min(remaining(line), n)
        if take:
            out.append((line, take))
            n -= take
    return out


# ---- what a scan means at each step ------------------------------------------------------------------
@dataclass(frozen=True)
class TakeTote:
    """The scanned tote goes into the step's slot (if it is empty: the service checks the tote)."""

    tote: str
    slot: int


@dataclass(frozen=True)
class AtBin:
    """The picker is at the step's bin (`already`: they were; nothing changes)."""

    bin: str
    already: bool = False

    @property
    def message(self) -> str:
        return _("Already at bin {bin}.", bin=self.bin) if self.already else _("Bin {bin} OK.", bin=self.bin)


@dataclass(frozen=True)
class Take:
    """`quantity` units of the step's line go from its bin into its tote."""

    quantity: int


def tote_name(code: ScannedCode) -> str:
    """A tote as printed on it: TOTE-<number>."""
    return codes.TOTE + code.value


def read_scan(step: PickStep, code: ScannedCode, quantity: int = 1) -> TakeTote | AtBin | Take:
    """What `code` means at `step`, or WrongScan saying what to scan instead."""
    if not code.ok:
        raise WrongScan(code.message)
    if step.kind == Step.SCAN_TOTE:
        if code.kind != ScanKind.TOTE:
            raise WrongScan(_("Scan a tote (a TOTE- label) for slot {slot} first.", slot=step.slot))
        if step.tote and tote_name(code) != step.tote:   # zone picking: the order's own tote travels on
            raise WrongScan(_("Order {ref} is in tote {tote}: scan that one for slot {slot}.", ref=step.order_ref,
                              tote=step.tote, slot=step.slot))
        return TakeTote(tote_name(code), step.slot)
    if step.kind == Step.SCAN_BIN:
        if code.kind != ScanKind.LOCATION:
            raise WrongScan(_("Scan the bin {bin} first.", bin=step.bin))
        if code.value != step.bin:
            raise WrongScan(_("Wrong bin: that is {scanned}. Go to {bin}.", scanned=code.value, bin=step.bin))
        return AtBin(step.bin)
    if step.kind == Step.SCAN_ITEM:
        if code.kind == ScanKind.LOCATION:
            if code.value == step.bin:
                return AtBin(step.bin, already=True)
            raise WrongScan(_("Wrong bin: that is {scanned}. Take the items from {bin}.", scanned=code.value,
                              bin=step.bin))
        if not matches_code(step.sku, step.gtin, code):
            raise WrongScan(_("Wrong item. This bin's pick is {product} ({sku}).", product=step.product,
                              sku=step.sku))
        if quantity > step.remaining:
            raise WrongScan(_("Too many: only {n} more of this item for this order.", n=step.remaining))
        return Take(quantity)
    raise WrongScan(_("This task is finished."))


def check_not_double(last: str | None, last_at: datetime | None, raw: str, at: datetime) -> None:
    """A scanner firing twice makes two keys for one unit: the same code within 300 ms is one scan.

    Measured between the times the scanner fired, not the times the server got to the scans: a scan that
    waited behind a slow one is still a second unit."""
    if last == raw and last_at is not None and abs(at - last_at) < DOUBLE_SCAN:
        raise WrongScan(_("Same code twice in a blink: counted once. Scan again for another unit."))


# ---- a short pick ------------------------------------------------------------------------------------
def check_short(found: object, reason: str) -> None:
    """What the picker says of a short bin, before any row is read: why, and how many are really there."""
    if reason not in SHORT_REASONS:
        raise InvalidInput(_("Say why: {reasons}.", reasons=", ".join(SHORT_REASONS)), {"reason": "required"})
    if isinstance(found, bool) or not isinstance(found, int) or found < 0:
        raise InvalidInput(_("How many are really there? A whole number, 0 or more."), {"found": "0 or more"})
    if reason == "empty" and found:
        raise InvalidInput(_("Bin empty means 0 found. Press Clear, or choose another reason."),
                           {"found": "0"})


def missing(line_remaining: int, found: int) -> int:
    """The units a short pick leaves missing; fewer found than still to take, or it is not short."""
    if found >= line_remaining:
        raise WrongScan(_("That is not short: scan the {n} units.", n=line_remaining))
    return line_remaining - found


# ---- the put wall: sorting a batch cart into its orders' slots ----------------------------------------
WALL_SLOTS = 48   # slots on a put wall; slot n holds the tote labelled TOTE-W<nn>


def wall_tote(slot: int) -> str:
    """The tote in slot n of the put wall, as its label reads."""
    return f"{codes.TOTE}W{slot:02d}"


def first_free_slot(busy: set[int], wall: int = WALL_SLOTS) -> int:
    """The lowest slot of the wall whose tote is free, or WrongScan when the wall is full."""
    for slot in range(1, wall + 1):
        if slot not in busy:
            return slot
    raise WrongScan(_("Every slot of the put wall is taken: pack the full slots first."))
