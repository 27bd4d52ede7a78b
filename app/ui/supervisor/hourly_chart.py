"""Today against the same weekday last week, hour by hour: a bar chart (flet-charts) updated in place."""

from __future__ import annotations

import math

import flet as ft
import flet_charts as fch

from app.i18n import _
from app.ui import theme
from app.ui.supervisor import widgets as w

TODAY = theme.BRAND
LAST_WEEK = "#8FA3B0"    # a quiet grey-blue next to the navy: told apart by shade, legend and tooltip
AXIS = 16


def swatch(colour: str, text: str, key: str) -> ft.Row:
    return ft.Row([ft.Container(width=22, height=22, bgcolor=colour, border_radius=4),
                   w.label(text, w.TEXT_SMALL, key=key, lines=1)], spacing=8, tight=True)


def nice_top(value: int) -> int:
    """A round top for the y axis a little above the highest bar (10, 20, 50, 100, 200...)."""
    if value <= 5:
        return 5
    step = 10 ** int(math.log10(value))
    for m in (1, 2, 5, 10):
        if value * 1.1 <= m * step:
            return m * step
    return 10 * step


class HourlyChart:
    def __init__(self, key: str) -> None:
        self.top: int | None = None
        self.today = [fch.BarChartRod(from_y=0, to_y=0, width=14, color=TODAY, border_radius=3) for _h in range(24)]
        self.week = [fch.BarChartRod(from_y=0, to_y=0, width=14, color=LAST_WEEK, border_radius=3)
                     for _h in range(24)]
        groups = [fch.BarChartGroup(x=h, rods=[self.week[h], self.today[h]], spacing=2) for h in range(24)]
        hours = [fch.ChartAxisLabel(value=h, label=ft.Text(f"{h:02d}", size=AXIS, color=theme.INK))
                 for h in range(0, 24, 2)]
        self.chart = fch.BarChart(
            groups=groups, key=key, expand=True, interactive=True, max_y=5, min_y=0,
            bottom_axis=fch.ChartAxis(labels=hours, label_size=28),
            left_axis=fch.ChartAxis(label_size=48, show_labels=True),
            horizontal_grid_lines=fch.ChartGridLines(color="#CFD8DC", width=1),
            border=ft.Border.all(1, "#90A4AE"), animation=ft.Animation(0, ft.AnimationCurve.LINEAR))
        self.legend = ft.Row([swatch(TODAY, _("Today"), f"{key}.legend.today"),
                              swatch(LAST_WEEK, _("Same weekday last week"), f"{key}.legend.week")], spacing=24)
        self.control = ft.Column([self.legend, ft.Container(self.chart, height=340, padding=ft.Padding.only(
            top=8, right=8))], spacing=8)

    def show(self, today: tuple[int, ...], last_week: tuple[int, ...]) -> None:
        top = nice_top(max([*today, *last_week, 1]))
        if self.top != top:
            self.top = top
            self.chart.max_y = top
            self.chart.left_axis.label_spacing = max(1, top // 5)
            self.chart.left_axis.labels = [
                fch.ChartAxisLabel(value=v, label=ft.Text(str(v), size=AXIS, color=theme.INK))
                for v in range(0, top + 1, max(1, top // 5))]
            self.chart.horizontal_grid_lines = fch.ChartGridLines(interval=top / 5, color="#CFD8DC", width=1)
        for h in range(24):
            hour = str(h).zfill(2)
            for rod, value, when in ((self.today[h], today[h], _("today")),
                                     (self.week[h], last_week[h], _("last week"))):
                if rod.to_y != value:
                    rod.to_y = value
                    rod.tooltip = _("{hour}:00 {when}: {n}", hour=hour, when=when, n=value)
