"""The closed return: what came back, in what state, where it went, what was missing. The server sends the
outcome to the seller (the refund trigger); the clerk only reads it here and takes the next parcel."""

from __future__ import annotations

import flet as ft

from app.domain.returns import disposition_label, grade_label
from app.i18n import _
from app.services.returns import RmaView
from app.ui import theme
from app.ui.returns.parts import heading, panel


def _counted(counts: dict[str, int], label) -> str:
    return " · ".join(_("{what}: {n}", what=label(k), n=n) for k, n in counts.items()) or "–"


class OutcomeView:
    manual = True

    def __init__(self, desk, rma: RmaView) -> None:
        self.desk = desk
        self.rma = rma

    def prompt(self) -> str:
        return _("Scan the next parcel.")

    def build(self) -> ft.Control:
        outcome = self.rma.outcome or {}
        lines = outcome.get("lines", [])
        others = outcome.get("other_items", [])
        received = sum(l["received"] for l in lines)
        missing = sum(l["missing"] for l in lines)
        totals = _("Received {r} of {n} · missing {m} · other items {o}", r=received,
                   n=sum(l["authorised"] for l in lines), m=missing, o=len(others))
        title = ft.Row([ft.Icon(ft.Icons.TASK_ALT, size=64, color=theme.OK),
                        theme.text(_("{number} closed", number=self.rma.number), theme.TEXT_HUGE, bold=True,
                                   color=theme.OK, key="returns.outcome.title"),
                        ft.Container(expand=True),
                        theme.button(_("Next parcel"), self._next, key="returns.next", icon=ft.Icons.ARROW_FORWARD,
                                     height=88)], spacing=16)
        refund = outcome.get("refund", {}).get("units", 0)
        rows: list[ft.Control] = [
            title, theme.text(totals, theme.TEXT_TITLE, bold=True, key="returns.outcome.totals"),
            theme.text(_("Refundable units: {n}. The server sends the outcome to the seller, who refunds the buyer.",
                         n=refund), theme.TEXT_BODY, color=theme.MUTED, key="returns.outcome.refund"),
            ft.Row([self._line(line) for line in lines], wrap=True, spacing=12, run_spacing=12),
        ]
        if others:
            rows.append(heading(_("Not on the return")))
            rows += [theme.text(_("{unit}: {grade} → {decision}", unit=o["description"], grade=grade_label(o["grade"]),
                                  decision=disposition_label(o["disposition"])), theme.TEXT_BODY) for o in others]
        return ft.Column(rows, spacing=12, scroll=ft.ScrollMode.AUTO)

    @staticmethod
    def _line(line: dict) -> ft.Control:
        """Per line: how many came, their grades and where they went (two side by side on the kiosk)."""
        sku = line["sku"]
        return ft.Container(panel([
            theme.text(_("{sku}: received {r} of {n}, missing {m}", sku=sku, r=line["received"], n=line["authorised"],
                         m=line["missing"]), theme.TEXT_BODY, bold=True, key=f"returns.outcome.{sku}"),
            theme.text(_("Grades: {grades}", grades=_counted(line["grades"], grade_label)), theme.TEXT_BODY,
                       key=f"returns.outcome.{sku}.grades"),
            theme.text(_("Decisions: {decisions}", decisions=_counted(line["dispositions"], disposition_label)),
                       theme.TEXT_BODY, key=f"returns.outcome.{sku}.decisions"),
        ], padding=14), width=610)

    def _next(self) -> None:
        self.desk.new_parcel()
