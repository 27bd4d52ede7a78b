"""Return rules: condition grades, dispositions, and which disposition a seller's rules give a grade."""

from __future__ import annotations

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


def propose(grade: str, seller_rules: dict | None, product_rules: dict | None) -> str:
    """The product's rule for this grade, else the seller's, else the house default."""
    for rules in (product_rules or {}, seller_rules or {}):
        choice = rules.get(grade)
        if choice in DISPOSITIONS:
            return choice
    return DEFAULT_RULES.get(grade, "quarantine")


def check_rules(rules: object) -> dict[str, str]:
    """Problems with a rules mapping (grade -> disposition), by grade; empty when fine."""
    if not isinstance(rules, dict):
        return {"rules": _("a mapping of grade to disposition")}
    problems = {}
    for grade, disposition in rules.items():
        if grade not in GRADES or grade == "missing":
            problems[str(grade)] = _("unknown grade")
        elif disposition not in DISPOSITIONS:
            problems[str(grade)] = _("one of {choices}", choices=", ".join(DISPOSITIONS))
    return problems
