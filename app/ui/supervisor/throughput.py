"""Throughput today, per hour, against the same weekday last week (picks, packs, shipped, returns), with
today's totals per zone and per person. From board.throughput (small hourly counters)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import flet as ft

from app.i18n import N_, _, formats
from app.services import board, catalog
from app.ui.supervisor import widgets as w
from app.ui.supervisor.frame import BoardScreen
from app.ui.supervisor.hourly_chart import HourlyChart
from app.ui.supervisor.labels import WORK_KINDS
from app.ui.supervisor.table import Cell, Column, Row, Table

KIND_NAMES = dict(WORK_KINDS)


def so_far(series: board.Series, hour: int) -> tuple[int, int]:
    """Today's total and last week's total up to the same hour (a fair comparison mid-day)."""
    return sum(series.today[: hour + 1]), sum(series.last_week[: hour + 1])


def compare(now: int, before: int) -> str:
    if before == 0:
        return _("{n} so far today (none by this hour last week)", n=now)
    change = round((now - before) * 100 / before)
    return _("{n} so far today, {before} by this hour last week ({change:+d} %)", n=now, before=before,
             change=change)


class ThroughputScreen(BoardScreen):
    prompt = N_("Today per hour against last week.")
    interval = 2.0

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.data: board.Throughput | None = None
        self.warehouse = w.Choice([], "", key="throughput.warehouse", on_change=self.update_now)
        self.kind = w.Choice([(k, _(t)) for k, t in WORK_KINDS], "pick", key="throughput.kind",
                             on_change=self._kind_changed)
        self.total = w.label("", 22, bold=True, key="throughput.total", lines=2)
        self.day = w.label("", w.TEXT_SMALL, color="#37474F", key="throughput.day", lines=1)
        self.chart = HourlyChart("throughput.chart")
        self.zones = Table([Column(N_("Zone"), None), Column(N_("Picks"), 120, numeric=True)],
                           key="throughput.zones", empty=_("No picks yet today."), scroll=False)
        self.people = Table([Column(N_("Person"), None), Column(N_("Work"), 140), Column(N_("Today"), 110,
                                                                                             numeric=True)],
                            key="throughput.people", empty=_("Nobody has scanned work yet today."), scroll=False)

    def content(self) -> ft.Control:
        head = ft.Row([w.heading(_("Throughput")), self.day, ft.Container(expand=True), self.warehouse.control],
                      spacing=16, vertical_alignment=ft.CrossAxisAlignment.CENTER)
        tables = ft.Row([ft.Column([w.label(_("Picks per zone today"), 22, bold=True), self.zones.control],
                                   expand=1, spacing=6),
                         ft.Column([w.label(_("Per person today"), 22, bold=True), self.people.control],
                                   expand=2, spacing=6)], spacing=24, vertical_alignment=ft.CrossAxisAlignment.START)
        return ft.Column([head, ft.Row([self.kind.control, self.total], spacing=24, wrap=True), self.chart.control,
                          tables], spacing=12, expand=True, scroll=ft.ScrollMode.AUTO)

    async def refresh(self) -> None:
        if not self.warehouse.options:
            codes = await self.ctx.call(catalog.all_warehouse_codes)
            self.warehouse.set_options([(c, c) for c in codes])
            self.warehouse.select(codes[0] if codes else "")
        self.data = await self.ctx.call(board.throughput, self.ctx.actor(), self.warehouse.value or None)
        self._show()

    def _show(self) -> None:
        data = self.data
        if data is None:
            return
        series = next(s for s in data.series if s.kind == self.kind.value)
        self.chart.show(series.today, series.last_week)
        hour = datetime.now(ZoneInfo(data.timezone)).hour
        self.total.value = compare(*so_far(series, hour))
        self.day.value = _("{day}, {tz} time", day=formats.day(date.fromisoformat(data.day), fmt="full"),
                           tz=data.timezone)
        self.zones.show([Row(z, (Cell(z, bold=True), str(n))) for z, n in data.by_zone])
        self.people.show([Row((name, kind), (name, _(KIND_NAMES.get(kind, kind)), str(n)))
                          for name, kind, n in data.by_person])

    async def _kind_changed(self) -> None:
        self._show()
        self._send()
