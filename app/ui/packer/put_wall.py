"""/sort: the put wall. Scan a batch cart; scan a unit: its order's slot lights (the huge number, and its tile
on the wall below); put the unit there. A full slot turns green: push its tote to packing. Undo takes the
last put back. The rules are the service's (services/put_wall.py); this screen only shows them.
"""

from __future__ import annotations

import flet as ft

from app.domain.errors import DomainError
from app.domain.scanning import ScanKind
from app.i18n import _
from app.services import put_wall
from app.services.put_wall import WallSlot, WallView
from app.ui import theme
from app.ui.calls import pressed
from app.ui.picker.widgets import GIANT, big, new_key, tagged
from app.ui.scan.manual import ManualEntry
from app.ui.scan.pipeline import RECORDED, Scan
from app.ui.screen import Screen


class PutWall(Screen):
    activity = "sorting"
    takes_scans = True

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.wall: WallView | None = None
        self.manual = ManualEntry(ctx.scans)
        self.idle = ft.Column([
            ft.Text(_("Scan a batch cart"), size=96, weight=ft.FontWeight.BOLD, color=theme.BRAND, key="wall.idle"),
            theme.text(_("Then scan each unit: put it in the slot that lights."), theme.TEXT_BODY,
                       color=theme.MUTED)], spacing=theme.GAP)
        self.slot = big(size=GIANT, key="wall.slot", color=theme.PAPER)
        self.slot_words = theme.text("", theme.TEXT_TITLE, bold=True, color=theme.PAPER, key="wall.words")
        self.lit = ft.Container(ft.Row([theme.text(_("SLOT"), theme.TEXT_TITLE, bold=True, color=theme.PAPER),
                                        tagged("wall.slot", self.slot), tagged("wall.words", self.slot_words)],
                                       spacing=theme.GAP * 2, vertical_alignment=ft.CrossAxisAlignment.CENTER),
                                bgcolor=theme.BRAND, border_radius=theme.RADIUS,
                                padding=ft.Padding.symmetric(horizontal=24, vertical=4))
        self.left = theme.text("", theme.TEXT_TITLE, bold=True, key="wall.left")
        self.tiles = ft.Row([], spacing=10, wrap=True, run_spacing=10)
        self.working = ft.Column([tagged("wall.left", self.left), self.lit, self.tiles], spacing=12)
        self.undo = theme.button(_("Undo last put"), pressed(self._undo), key="wall.undo", kind="plain",
                                 icon=ft.Icons.UNDO, height=88, size=28)
        self.actions = ft.Row([self.undo, ft.Container(self.manual.control, expand=True)], spacing=theme.GAP)

    def build(self) -> ft.Control:
        self._render()
        return ft.Column([self.idle, self.working, ft.Container(expand=True), self.actions], spacing=theme.GAP,
                         expand=True)

    async def shown(self) -> None:
        self.ctx.feedback.prompt(_("Scan a batch cart (its TOTE- label)."))

    def _render(self) -> None:
        w = self.wall
        self.idle.visible = w is None
        self.working.visible = self.undo.visible = w is not None
        if w is None:
            return
        self.left.value = _("Cart {tote} · {n} units left to sort", tote=w.cart, n=w.units_left)
        self.lit.visible = bool(w.lit)
        self.slot.value = str(w.lit)
        self.slot_words.value = _("FULL: to packing") if w.lit_full else _("put it here")
        self.lit.bgcolor = theme.OK if w.lit_full else theme.BRAND
        self.tiles.controls = [self._tile(s, lit=s.slot == w.lit and bool(w.lit)) for s in w.slots]

    @staticmethod
    def _tile(s: WallSlot, *, lit: bool) -> ft.Control:
        back = theme.OK if s.full else (theme.BRAND if lit else theme.PANEL)
        ink = theme.PAPER if (s.full or lit) else theme.INK
        return ft.Container(
            ft.Column([theme.text(str(s.slot) if s.slot else "–", 34, bold=True, color=ink),
                       theme.text(s.order_ref, 20, color=ink), theme.text(f"{s.put}/{s.units}", 20, bold=True,
                                                                         color=ink)], spacing=0, tight=True),
            bgcolor=back, border_radius=theme.RADIUS, width=230, padding=ft.Padding.symmetric(horizontal=14,
                                                                                           vertical=6),
            border=ft.Border.all(4, theme.FOCUS if lit else back))

    async def on_scan(self, scan: Scan) -> bool | None:
        if scan.kind == ScanKind.TOTE:
            self._shown(await self.ctx.call(put_wall.start, self.ctx.actor(), scan.scanned, key=scan.key))
            return None
        if self.wall is None:
            raise DomainError(_("Scan a batch cart (its TOTE- label) first."))
        self._shown(await self.ctx.call(put_wall.put, self.ctx.actor(), self.wall.cart, scan.scanned,
                                        key=scan.key, at=scan.at))
        return RECORDED   # put_wall.put wrote it on the station (its double-fire check)

    def _shown(self, wall: WallView) -> None:
        self.wall = wall
        self._render()
        self.ctx.feedback.ok(wall.message)
        self.ctx.feedback.prompt(wall.message if wall.units_left else _("The cart is sorted. Scan the next cart."))

    async def _undo(self) -> None:
        if self.wall is None:
            return
        wall = await self.ctx.attempt(put_wall.undo_put, self.ctx.actor(), self.wall.cart, key=new_key("unput"))
        if wall is not None:
            self._shown(wall)
