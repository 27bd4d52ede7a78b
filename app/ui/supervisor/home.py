"""The supervisor's home, the live board: every station (who, what, last scan, idle, online, paused,
printer) and every printer, refreshed each second; open a station to pause it, log its person out or
reassign their pick task (station_panel.py)."""

from __future__ import annotations

import flet as ft

from app.domain.roles import ROLE_LABELS, Role
from app.i18n import N_, _, n_
from app.services import board
from app.ui.supervisor import widgets as w
from app.ui.supervisor.frame import BoardScreen, SidePanel
from app.ui.supervisor.labels import ACTIVITIES, PRINTER_STATES, STATION_KINDS, shown
from app.ui.supervisor.station_panel import StationPanel
from app.ui.supervisor.table import Cell, Column, Row, Table

IDLE_WARN = 300   # seconds without a scan before a signed-in station is marked


def role_label(role: str) -> str:
    return _(ROLE_LABELS[Role(role)]) if role in Role._value2member_map_ else role


def state_cell(s: board.StationRow) -> Cell:
    if not s.online:
        return Cell(_("Offline"), "muted")
    return Cell(_("Paused"), "warn") if s.paused else Cell(_("Online"), "ok")


def station_row(s: board.StationRow) -> Row:
    kind = shown(STATION_KINDS, s.kind)
    doing = s.task or (shown(ACTIVITIES, s.activity) if s.activity else s.screen)
    idle = s.idle_seconds
    tone = PRINTER_STATES.get(s.printer_state, ("", "muted"))[1]
    return Row(s.id, (
        Cell(s.name if kind.lower() in s.name.lower() else f"{s.name}\n{kind}", bold=True),
        f"{s.user}\n{role_label(s.role)}" if s.user else "—",
        doing or "—",
        s.last_scan or "—",
        Cell(w.ago(idle), "warn" if idle is not None and idle >= IDLE_WARN else "") if s.user else "—",
        state_cell(s),
        Cell(f"{s.printer}: {shown(PRINTER_STATES, s.printer_state)}", tone) if s.printer_state != "ready"
        else s.printer,
    ), actions=True, tone="muted" if not s.online else "warn" if s.paused else "")


def printer_row(p: board.PrinterRow) -> Row:
    state = Cell(shown(PRINTER_STATES, p.state), PRINTER_STATES.get(p.state, ("", "muted"))[1])
    return Row(p.id, (Cell(p.name, bold=True), p.kind, state, str(p.failed_jobs), p.last_reason or "—"),
               tone="error" if p.state in ("failed", "offline") else "")


class LiveBoard(BoardScreen):
    prompt = N_("Every station, live. Open one to act on it.")

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.rows: list[board.StationRow] = []
        self.summary = ft.Row(spacing=10, wrap=True, key="board.summary")
        self.exceptions = w.button("", self._open_exceptions, key="board.exceptions", kind="plain",
                                   icon=ft.Icons.REPORT)
        self.panel = SidePanel("board.panel", width=500)
        self.station_panel = StationPanel(self)
        self.stations = Table(
            [Column(N_("Station"), 140), Column(N_("Person"), 230), Column(N_("Doing"), 240),
             Column(N_("Last scan"), 200), Column(N_("Idle"), 70), Column(N_("State"), 150),
             Column(N_("Printer"), 170)],
            key="board.stations", empty=_("No station has connected yet."), actions_width=110,
            make_actions=lambda row: [w.button(_("Open"), self._opener_for(row.key),
                                               key=f"board.station.{row.key}.open")])
        self.printers = Table(
            [Column(N_("Printer"), 260), Column(N_("Kind"), 120), Column(N_("State"), 150),
             Column(N_("Failed jobs"), 130, numeric=True), Column(N_("Last problem"))],
            key="board.printers", empty=_("No printer is set up."), scroll=False)

    def content(self) -> ft.Control:
        head = ft.Row([w.heading(_("Stations")), self.summary, ft.Container(expand=True), self.exceptions],
                      spacing=16, vertical_alignment=ft.CrossAxisAlignment.CENTER)
        tables = ft.Column([self.stations.control, w.heading(_("Printers")), self.printers.control],
                           spacing=12, expand=True)
        return self.panel.over(ft.Column([head, tables], spacing=12, expand=True))

    async def refresh(self) -> None:
        rows, printers = await self.ctx.call(board.stations, self.ctx.actor())
        open_ = await self.ctx.call(board.exceptions, self.ctx.actor())
        self.rows = sorted(rows, key=lambda s: (not s.online, s.name))
        self.stations.show([station_row(s) for s in self.rows])
        self.printers.show([printer_row(p) for p in printers])
        online = sum(1 for s in rows if s.online)
        paused = sum(1 for s in rows if s.online and s.paused)
        self.summary.controls = [w.pill(_("{n} online", n=online), "ok", key="board.summary.online"),
                                 w.pill(_("{n} offline", n=len(rows) - online), "muted"),
                                 *([w.pill(_("{n} paused", n=paused), "warn")] if paused else [])]
        self.exceptions.content.value = n_("{n} open exception", "{n} open exceptions", len(open_))
        self.station_panel.refresh()

    def row(self, station_id: int) -> board.StationRow | None:
        return next((s for s in self.rows if s.id == station_id), None)

    def _opener_for(self, station_id: int):
        async def open_station() -> None:
            self.station_panel.open(station_id)
        return open_station

    async def _open_exceptions(self) -> None:
        await self.ctx.go("/board/exceptions")
