"""Returns in progress: every returned unit not yet in its final place, oldest first (nothing in limbo
unseen). Quarantined units are on the exceptions queue, where they are decided again."""

from __future__ import annotations

import flet as ft

from app.domain.returns import disposition_label, grade_label
from app.i18n import N_, _, n_
from app.services import board
from app.ui.supervisor import widgets as w
from app.ui.supervisor.frame import BoardScreen
from app.ui.supervisor.table import Cell, Column, Row, Table

UNIT_STATES = {"received": (N_("received, not graded"), "warn"), "graded": (N_("graded, not decided"), "warn"),
               "to_put_away": (N_("waiting for put-away"), "brand")}
STALE_SECONDS = 4 * 3600   # a unit in the desk's hands longer than a shift's half: marked


def unit_row(u: board.PendingUnit) -> Row:
    label, tone = UNIT_STATES.get(u.status, (u.status, "muted"))
    waited = u.waiting_s
    return Row(u.unit_id, (Cell(u.rma, bold=True), u.sku, Cell(_(label), tone),
                           grade_label(u.grade) if u.grade else "—",
                           disposition_label(u.disposition) if u.disposition else "—", u.where or "—",
                           Cell(w.ago(waited), "error" if waited > STALE_SECONDS else "")),
               tone="error" if waited > STALE_SECONDS else "")


class ReturnsInProgress(BoardScreen):
    prompt = N_("Returned units not yet in their final place, oldest first.")
    interval = 2.0

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.total = w.label("", 22, bold=True, key="returns_board.total", lines=1)
        self.table = Table([Column(N_("RMA"), 140), Column(N_("Product"), 120), Column(N_("State"), 270),
                            Column(N_("Grade"), 160), Column(N_("Decision"), 170), Column(N_("Where"), 110),
                            Column(N_("Waiting"), 90)], key="returns_board.table",
                           empty=_("Every returned unit is in its final place."))

    def content(self) -> ft.Control:
        return ft.Column([ft.Row([w.heading(_("Returns in progress")), self.total], spacing=16,
                                 vertical_alignment=ft.CrossAxisAlignment.CENTER), self.table.control],
                         spacing=12, expand=True)

    async def refresh(self) -> None:
        units = await self.ctx.call(board.returns_in_progress, self.ctx.actor())
        self.total.value = n_("{n} unit", "{n} units", len(units))
        self.table.show([unit_row(u) for u in units])
