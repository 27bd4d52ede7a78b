"""The backlog: orders that may miss their ship-by cutoff first, then every open order by cutoff and stage."""

from __future__ import annotations

import flet as ft

from app.i18n import N_, _, n_
from app.services import board, catalog
from app.ui import theme
from app.ui.supervisor import widgets as w
from app.ui.supervisor.frame import BoardScreen
from app.ui.supervisor.labels import BUCKETS, ORDER_STATUSES, SERVICE_LEVELS, STAGES, shown
from app.ui.supervisor.table import Cell, Column, Row, Table

LEVELS = dict(SERVICE_LEVELS)


def time_left(minutes: int) -> Cell:
    if minutes < 0:
        return Cell(_("{t} late", t=w.ago(-minutes * 60)), "error")
    return Cell(_("in {t}", t=w.ago(minutes * 60)), "warn")


def risk_row(r: board.AtRisk) -> Row:
    return Row(r.order_id, (Cell(r.order_ref, bold=True), r.seller,
                            f"{shown(ORDER_STATUSES, r.status)}\n{shown(LEVELS, r.service_level)}",
                            w.clock(r.ship_by), time_left(r.minutes_left)),
               tone="error" if r.minutes_left < 0 else "")


def grid_rows(cells: tuple[board.BacklogCell, ...]) -> list[Row]:
    counts = {(c.bucket, c.stage): c.orders for c in cells}
    rows = []
    for bucket, title in BUCKETS:
        values = [counts.get((bucket, stage), 0) for stage, _t in STAGES]
        total = sum(values)
        tone = ("error" if bucket == "overdue" else "warn" if bucket == "2h" else "") if total else ""
        rows.append(Row(bucket, (Cell(_(title), bold=True), *(str(v) if v else "·" for v in values),
                                 Cell(str(total), bold=True)), tone=tone))
    return rows


class BacklogScreen(BoardScreen):
    prompt = N_("Orders that may miss their cutoff first.")
    interval = 2.0

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.warehouse = w.Choice([("", _("All warehouses"))], "", key="backlog.warehouse",
                                  on_change=self.update_now)
        self.total = w.label("", 22, bold=True, key="backlog.total", lines=1)
        self.at_risk = Table(
            [Column(N_("Order"), 150), Column(N_("Seller"), 80), Column(N_("Status"), 110),
             Column(N_("Ship by"), 80), Column(N_("Time left"), 175)],
            key="backlog.risk", empty=_("No order is at risk of missing its cutoff."))
        self.grid = Table([Column(N_("Ship by"), 120)] + [Column(title, 110, numeric=True) for _s, title in STAGES]
                          + [Column(N_("Total"), 60, numeric=True)], key="backlog.grid", empty="", scroll=False)

    def content(self) -> ft.Control:
        head = ft.Row([w.heading(_("Backlog")), self.total, ft.Container(expand=True), self.warehouse.control],
                      spacing=16, vertical_alignment=ft.CrossAxisAlignment.CENTER)
        release = w.button(_("Release a wave"), self._release, key="backlog.release", kind="primary",
                           icon=ft.Icons.PLAYLIST_ADD)
        risk = ft.Column([w.label(_("At risk: due within 2 h or late, not packed"), 22, bold=True,
                                  color=theme.ERROR), self.at_risk.control], spacing=8, expand=1)
        grid = ft.Column([w.label(_("Open orders by cutoff and stage"), 22, bold=True), self.grid.control,
                          ft.Container(release, padding=ft.Padding.only(top=8))], spacing=8, expand=1)
        return ft.Column([head, ft.Row([risk, grid], spacing=24, expand=True,
                                       vertical_alignment=ft.CrossAxisAlignment.START)], spacing=12, expand=True)

    async def refresh(self) -> None:
        if len(self.warehouse.options) == 1:
            codes = await self.ctx.call(catalog.all_warehouse_codes)
            self.warehouse.set_options([("", _("All warehouses"))] + [(c, c) for c in codes])
        data = await self.ctx.call(board.backlog, self.ctx.actor(), self.warehouse.value or None)
        self.total.value = n_("{n} open order, {r} at risk", "{n} open orders, {r} at risk", data.open_orders,
                              r=len(data.at_risk))
        self.at_risk.show([risk_row(r) for r in data.at_risk])
        self.grid.show(grid_rows(data.cells))

    async def _release(self) -> None:
        await self.ctx.go("/board/wave")
