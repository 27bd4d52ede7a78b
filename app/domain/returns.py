"""Return rules: what a scan at the returns desk means, condition grades, dispositions, which disposition a
seller's rules give a grade, and which unit a bin scan puts away."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, TypeVar

from app.domain.errors import DomainError, InvalidInput, WrongScan
from app.domain.scanning import ScanKind, ScannedCode
from app.i18n import _

GRADES = ("A", "B", "C", "D", "wrong_item", "missing", "not_ours")
DISPOSITIONS = ("restock", "refurbish", "liquidate", "recycle", "dispose", "return_to_seller", "quarantine")
OBSERVED_REASONS = ("as_described", "damaged_in_transit", "defective", "not_as_described", "wrong_size",
                    "changed_mind", "used", "parts_missing", "other")
# where each disposition sends the unit (a location kind of the returns warehouse)
DESTINATION_KIND = {
    "restock": "pick", "refurbish": "refurbish", "liquidate": "liquidation", "recycle": "disposal",
    "dispose": "disposal", "return_to_seller": "return_to_seller", "quarantine": "quarantine",
}
DEFAULT_RULES = {
    "A": "restock", "B": "refurbish", "C": "liquidate", "D": "quarantine", "wrong_item": "quarantine",
    "not_ours": "quarantine",
}


def grade_label(grade: str) -> str:
    return {
        "A": _("A: new, sellable"), "B": _("B: opened, like new"), "C": _("C: used"), "D": _("D: damaged"),
        "wrong_item": _("Wrong item"), "missing": _("Missing"), "not_ours": _("Not our item"),
    }[grade]


def disposition_label(disposition: str) -> str:
    return {
        "restock": _("Back to stock"), "refurbish": _("Resale hold / refurbish"), "liquidate": _("Liquidate"),
        "recycle": _("Recycle"), "dispose": _("Dispose"), "return_to_seller": _("Return to seller"),
        "quarantine": _("Quarantine"), "missing": _("Missing"),
    }[disposition]


def reason_label(reason: str) -> str:
    return {
        "as_described": _("As described"), "damaged_in_transit": _("Damaged in transit"), "defective": _("Defective"),
        "not_as_described": _("Not as described"), "wrong_size": _("Wrong size"), "changed_mind": _("Changed mind"),
        "used": _("Used"), "parts_missing": _("Parts missing"), "other": _("Other"),
    }.get(reason, reason)


@dataclass(frozen=True)
class Decision:
    """Where a returned unit goes: restock waits for a bin scan (its restock label printed), anything else
    moves now to a location of kind `destination`."""

    disposition: str
    override_reason: str = ""   # why the clerk decided otherwise than the seller's rules proposed

    @property
    def waits_for_bin(self) -> bool:
        return self.disposition == "restock"

    @property
    def destination(self) -> str:
        return "" if self.waits_for_bin else DESTINATION_KIND[self.disposition]


def decide(disposition: str, *, proposed: str | None, override_reason: str = "", ours: bool) -> Decision:
    """The clerk's decision for a unit (`ours`: one of the seller's products); deciding otherwise than the
    seller's rules proposed needs a reason; `proposed` None: a supervisor decides again, the reason given."""
    if disposition not in DISPOSITIONS:
        raise InvalidInput(_("Pick a decision."), {"disposition": ", ".join(DISPOSITIONS)})
    reason = (override_reason or "").strip()[:300]
    if proposed is not None and disposition != proposed and not reason:
        raise InvalidInput(_("The seller's rules say {proposed}; say why you decide otherwise.",
                             proposed=disposition_label(proposed)), {"override_reason": "required"})
    if not ours and disposition == "restock":
        raise DomainError(_("An item that is not the seller's cannot go into their stock."))
    return Decision(disposition, reason if disposition != proposed else "")


def propose(grade: str, seller_rules: dict | None, product_rules: dict | None) -> str:
    """The product's rule for this grade, else the seller's, else the house default."""
    for rules in (product_rules or {}, seller_rules or {}):
        choice = rules.get(grade)
        if choice in DISPOSITIONS:
            return choice
    return DEFAULT_RULES.get(grade, "quarantine")


# ---- the desk: one scan field for parcels, items and bins ---------------------------------------------
PARCELS = frozenset({ScanKind.RMA, ScanKind.PACKAGE, ScanKind.ORDER})    # always "this parcel"
NOT_ITEMS = frozenset({ScanKind.BADGE, ScanKind.TOTE, ScanKind.COUNT, ScanKind.TRANSFER, ScanKind.INBOUND})


class DeskScan(StrEnum):
    FIND = "find"                        # the parcel: its return, or its order
    PUT_AWAY = "put_away"                # a bin: the unit waiting for one goes there
    RECEIVE = "receive"                  # an item out of the parcel
    FIND_OR_RECEIVE = "find_or_receive"  # not a code we know: the parcel's tracking number, else an item


def desk_scan(code: ScannedCode, *, parcel_open: bool) -> DeskScan:
    """What a scan at the returns desk means, with or without an open return on the desk; or WrongScan."""
    if code.kind == ScanKind.INVALID:   # a misread is never recorded as an item: scan it again
        raise WrongScan(code.message)
    if not parcel_open or code.kind in PARCELS:
        return DeskScan.FIND
    if code.kind == ScanKind.LOCATION:
        return DeskScan.PUT_AWAY
    if code.kind in NOT_ITEMS:
        raise WrongScan(_("That label is not an item from the parcel. Scan the item's barcode."))
    if code.kind == ScanKind.UNKNOWN:
        return DeskScan.FIND_OR_RECEIVE
    return DeskScan.RECEIVE


class Unit(Protocol):
    id: int
    status: str     # received | graded | to_put_away | done


U = TypeVar("U", bound=Unit)


def unit_to_put_away(in_hand: U | None, units: Sequence[U]) -> U:
    """The unit a bin scan puts away: the one in hand if it waits for a bin, else the only one waiting."""
    if in_hand is not None and in_hand.status == "to_put_away":
        return in_hand
    waiting = [u for u in units if u.status == "to_put_away"]
    if not waiting:
        raise DomainError(_("No unit is waiting for a bin. Scan an item from the parcel."))
    if len(waiting) > 1:
        raise DomainError(_("Several units wait for a bin: tap the one in your hand first."))
    return waiting[0]


def rules_problems(rules: object) -> dict[str, str]:
    """What is wrong with a seller's or product's return rules (grade -> disposition); empty when none."""
    if rules is None:
        return {}
    if not isinstance(rules, dict):
        return {"return_rules": _("an object of grade -> disposition, e.g. {example}",
                                  example='{"A": "restock", "D": "quarantine"}')}
    problems: dict[str, str] = {}
    for grade, disposition in rules.items():
        if grade not in GRADES:
            problems[f"return_rules.{grade}"] = _("not a grade; grades are {grades}", grades=", ".join(GRADES))
        elif grade == "missing" and disposition == "none":
            continue   # nothing came back: nothing to send anywhere
        elif disposition not in DISPOSITIONS:
            problems[f"return_rules.{grade}"] = _("not a disposition; choose from {names}",
                                                  names=", ".join(DISPOSITIONS))
        elif grade in ("wrong_item", "not_ours") and disposition == "restock":
            problems[f"return_rules.{grade}"] = _("an item that is not the seller's cannot go into their stock")
    return problems
