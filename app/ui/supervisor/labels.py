"""What the board calls the services' codes (station kinds, exception kinds, backlog stages...): msgids,
translated when shown."""

from __future__ import annotations

from app.i18n import N_, _

STATION_KINDS = {"tablet": N_("Tablet"), "kiosk": N_("Kiosk"), "desktop": N_("Desktop"), "printer": N_("Printer")}
ACTIVITIES = {"login": N_("Login"), "home": N_("Home"), "picking": N_("Picking"), "packing": N_("Packing"),
              "board": N_("Board"), "scanner test": N_("Scanner test"), "returns": N_("Returns")}
PRINTER_STATES = {"ready": (N_("ready"), "ok"), "printing": (N_("printing"), "brand"),
                  "retrying": (N_("retrying"), "warn"), "failed": (N_("failed"), "error"),
                  "offline": (N_("offline"), "error")}
EXCEPTION_KINDS = {
    "short_pick": N_("Short pick"), "count": N_("Count"), "count_variance": N_("Count differs"),
    "weight_mismatch": N_("Weight mismatch"), "held_package": N_("Held package"),
    "print_failure": N_("Print failure"), "unexpected_return": N_("Unexpected return"),
    "quarantine": N_("Quarantine"), "wrong_label": N_("Wrong label"),
    "inbound_discrepancy": N_("Inbound discrepancy"), "transfer_discrepancy": N_("Transfer discrepancy"),
    "webhook_failed": N_("Seller not told"), "awaiting_label": N_("Awaiting label"),
    "order_cancelled": N_("Cancelled: put back"),
}
BUCKETS = (("overdue", N_("Overdue")), ("2h", N_("Within 2 h")), ("today", N_("Later today")),
           ("tomorrow", N_("Tomorrow")), ("later", N_("Later")))
STAGES = (("not_released", N_("Not released")), ("picking", N_("Picking")), ("packing", N_("Packing")),
          ("ready", N_("Ready to ship")))
WORK_KINDS = (("pick", N_("Picks")), ("pack", N_("Packs")), ("ship", N_("Shipped")), ("return", N_("Returns")))
SERVICE_LEVELS = (("express", N_("Express")), ("standard", N_("Standard")), ("economy", N_("Economy")))
DISPOSITIONS = (("restock", N_("Restock")), ("refurbish", N_("Refurbish")), ("liquidate", N_("Liquidate")),
                ("recycle", N_("Recycle")), ("dispose", N_("Dispose")), ("return_to_seller", N_("Return to seller")))
ORDER_STATUSES = {"open": N_("open"), "allocated": N_("allocated"), "backordered": N_("back-ordered"),
                  "released": N_("released"), "picking": N_("picking"), "picked": N_("picked"),
                  "packing": N_("packing"), "packed": N_("packed")}


def shown(table: dict, code: str) -> str:
    """The translated label of a code, or the code itself when the table does not know it."""
    value = table.get(code)
    if isinstance(value, tuple):
        value = value[0]
    return _(value) if value else code
