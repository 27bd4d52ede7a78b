"""A live table: rows keyed by what they show (a station id, an exception id), updated in place.

The board refreshes every second. Rebuilding the rows each time would give every button a new
control id and lose a click that is on its way; here a row keeps its controls, a text changes only
when its value does, and a row's buttons are rebuilt only when what they offer changes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import flet as ft

from app.i18n import _
from app.ui import theme
from app.ui.supervisor import widgets as w


@dataclass(frozen=True)
class Column:
    title: str                 # msgid (N_), translated when shown
    share: int | None = None   # its part of the width (about pixels at 1440 px wide); None: a wide one
    numeric: bool = False
    lines: int = 2             # longer text ends with "..."

    @property
    def flex(self) -> int:
        return self.share or 300


@dataclass(frozen=True)
class Cell:
    text: str
    kind: str = ""             # "" plain text; ok / warn / error / muted / brand: a pill
    bold: bool = False


@dataclass(frozen=True)
class Row:
    key: Hashable
    cells: tuple[Cell | str, ...]
    actions: Hashable = None   # what the action buttons offer; a change rebuilds them
    tone: str = ""             # "", "ok", "warn", "error", "muted": the row's background


ALIGN = {True: ft.Alignment.CENTER_RIGHT, False: ft.Alignment.CENTER_LEFT}
TONES = {"": theme.PAPER, "ok": theme.OK_TINT, "warn": theme.WARN_TINT, "error": theme.ERROR_TINT,
         "muted": theme.PANEL}


class _Line:
    def __init__(self, table: Table, row: Row) -> None:
        self.slots = [ft.Container(expand=c.flex, alignment=ALIGN[c.numeric]) for c in table.columns]
        self.cells: list[Cell | None] = [None] * len(table.columns)
        self.actions = ft.Row(spacing=8, width=table.actions_width) if table.actions_width else None
        self.offer: Hashable = object()
        self.key = row.key
        self.control = ft.Container(
            ft.Row([*self.slots, *([self.actions] if self.actions else [])], spacing=12,
                   vertical_alignment=ft.CrossAxisAlignment.CENTER),
            padding=ft.Padding.symmetric(horizontal=12, vertical=8), key=f"{table.key}.{row.key}",
            border=ft.Border.only(bottom=ft.BorderSide(1, "#B0BEC5")))

    def show(self, table: Table, row: Row) -> None:
        for i, cell in enumerate(row.cells):
            cell = Cell(cell) if isinstance(cell, str) else cell
            if cell != self.cells[i]:
                self.cells[i] = cell
                key = f"{table.key}.{row.key}.{i}"
                self.slots[i].content = (w.pill(cell.text, cell.kind, key=key) if cell.kind
                                         else w.label(cell.text, bold=cell.bold, key=key, lines=table.columns[i].lines))
        self.control.bgcolor = TONES[row.tone]
        if self.actions is not None and row.actions != self.offer:
            self.offer = row.actions
            self.actions.controls = table.make_actions(row) if table.make_actions else []


class Table:
    def __init__(self, columns: Sequence[Column], *, key: str, empty: str,
                 make_actions: Callable[[Row], list[ft.Control]] | None = None, actions_width: int = 0,
                 scroll: bool = True) -> None:
        self.columns = list(columns)
        self.key = key
        self.make_actions = make_actions
        self.actions_width = actions_width
        self._lines: dict[Hashable, _Line] = {}
        self.rows: list[Row] = []
        self.empty = w.label(empty, color=theme.MUTED, key=f"{key}.empty")
        head = [ft.Container(w.label(_(c.title), w.TEXT_SMALL, bold=True, color=theme.MUTED, lines=2),
                             expand=c.flex, alignment=ALIGN[c.numeric]) for c in self.columns]
        if actions_width:
            head.append(ft.Container(width=actions_width))
        self.body = ft.Column(spacing=0, scroll=ft.ScrollMode.AUTO if scroll else None, expand=scroll)
        self.control = ft.Column(
            [ft.Container(ft.Row(head, spacing=12), bgcolor=theme.PANEL,
                          padding=ft.Padding.symmetric(horizontal=12, vertical=8)), self.body],
            spacing=0, expand=scroll, key=key)

    def show(self, rows: Sequence[Row]) -> None:
        """Show these rows in this order, reusing the controls of rows already shown."""
        self.rows = list(rows)
        lines = {}
        for row in self.rows:
            line = self._lines.get(row.key) or _Line(self, row)
            line.show(self, row)
            lines[row.key] = line
        self._lines = lines
        self.body.controls = [lines[r.key].control for r in self.rows] or [
            ft.Container(self.empty, padding=12)]

