"""The exceptions queue: what went wrong, where, who, when; open one to act on it (exception_panel.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import flet as ft

from app.i18n import N_, _
from app.services import board
from app.ui.supervisor import widgets as w
from app.ui.supervisor.exception_panel import ExceptionPanel
from app.ui.supervisor.frame import BoardScreen, SidePanel
from app.ui.supervisor.labels import EXCEPTION_KINDS, shown
from app.ui.supervisor.table import Cell, Column, Row, Table

URGENT = {"short_pick", "weight_mismatch", "held_package", "print_failure", "awaiting_label"}   # they hold up an order


def exception_row(e: board.ExceptionRow, now: datetime) -> Row:
    age = (now - e.created_at).total_seconds()
    return Row(e.id, (
        f"{w.clock(e.created_at)}\n{w.ago(age)}",
        Cell(shown(EXCEPTION_KINDS, e.kind), "error" if e.kind in URGENT else "warn"),
        e.message,
        e.where or "—",
        e.who or "—",
        reference(e),
    ), actions=e.status)


def reference(e: board.ExceptionRow) -> str:
    """What a person can look up: the order, RMA or transfer; for a print job its number, not its token."""
    if e.kind == "print_failure" and e.detail.get("job_id"):
        return _("print job {id}", id=e.detail["job_id"])
    return e.ref or "—"


class ExceptionsQueue(BoardScreen):
    prompt = N_("Open an exception to resolve it.")

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.rows: list[board.ExceptionRow] = []
        self.status = w.Choice([("open", _("Open")), ("resolved", _("Resolved"))], "open",
                               key="exceptions.status", on_change=self._filter_changed)
        self.kind = w.Choice([("", _("All kinds"))], "", key="exceptions.kind", on_change=self._filter_changed)
        self.count = w.label("", 22, bold=True, key="exceptions.count", lines=1)
        self.panel = SidePanel("exceptions.panel", width=540)
        self.actions = ExceptionPanel(self)
        self.table = Table(
            [Column(N_("When"), 80), Column(N_("What"), 245), Column(N_("Message"), 400, lines=3),
             Column(N_("Where"), 140), Column(N_("Who"), 150), Column(N_("Reference"), 150)],
            key="exceptions.table", empty=_("Nothing to resolve."), actions_width=110,
            make_actions=lambda row: [w.button(_("Open"), self._opener_for(row.key),
                                               key=f"exceptions.{row.key}.open")])

    def content(self) -> ft.Control:
        head = ft.Row([w.heading(_("Exceptions")), self.count, ft.Container(expand=True), self.status.control],
                      spacing=16, vertical_alignment=ft.CrossAxisAlignment.CENTER)
        return self.panel.over(ft.Column([head, self.kind.control, self.table.control], spacing=12, expand=True))

    async def refresh(self) -> None:
        status = self.status.value
        rows = await self.ctx.call(board.exceptions, self.ctx.actor(), status=status)
        kinds = sorted({r.kind for r in rows} | ({self.kind.value} - {""}))
        options = [("", _("All kinds"))] + [(k, shown(EXCEPTION_KINDS, k)) for k in kinds]
        if options != self.kind.options:
            self.kind.set_options(options)
        self.rows = [r for r in rows if not self.kind.value or r.kind == self.kind.value]
        now = datetime.now(UTC)
        self.table.show([exception_row(r, now) for r in self.rows])
        self.count.value = (_("{n} open", n=len(self.rows)) if status == "open"
                            else _("{n} resolved", n=len(self.rows)))
        subject = self.panel.subject
        if subject is not None and self.row(subject[1]) is None:
            self.panel.close()

    def row(self, exception_id: int) -> board.ExceptionRow | None:
        return next((r for r in self.rows if r.id == exception_id), None)

    async def _filter_changed(self) -> None:
        self.panel.close()
        await self.update_now()

    def _opener_for(self, exception_id: int):
        async def open_exception() -> None:
            row = self.row(exception_id)
            if row is not None:
                await self.actions.open(row)
        return open_exception
