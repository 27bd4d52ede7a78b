"""The order on the bench: who it is for, and per line how many are picked, packed, and in this box.

A line with units still to pack is drawn loud (its "left" number 64 px); a finished line is grey with a tick.
"""

from __future__ import annotations

import flet as ft

from app.i18n import _
from app.services.packing import PackLine, PackView
from app.ui import theme
from app.ui.picker.widgets import HUGE, big, labelled, tagged


class OrderPanel:
    def __init__(self) -> None:
        self.title = ft.Text("", size=theme.TEXT_TITLE, weight=ft.FontWeight.BOLD, color=theme.INK,
                             key="pack.order", font_family_fallback=theme.FALLBACKS, no_wrap=True,
                             overflow=ft.TextOverflow.ELLIPSIS)
        self.detail = theme.text("", theme.TEXT_BODY, color=theme.MUTED, key="pack.detail")
        self.rows = ft.Column([], spacing=8, scroll=ft.ScrollMode.AUTO, expand=True)
        self.left = big(size=HUGE, key="pack.left")
        self.box = big(size=HUGE, key="pack.box", color=theme.PAPER)
        tiles = ft.Column([labelled(_("LEFT TO PACK"), tagged("pack.left", self.left), width=250),
                           labelled(_("IN THIS BOX"), self.box, bgcolor=theme.BRAND, ink=theme.PAPER, width=250)],
                          spacing=theme.GAP)
        self.control = ft.Column(
            [self.title, self.detail,
             ft.Row([self.rows, tiles], spacing=theme.GAP, expand=True,
                    vertical_alignment=ft.CrossAxisAlignment.START)],
            spacing=6, expand=True)

    def render(self, view: PackView) -> None:
        self.title.value = _("Order {ref} · box {n}", ref=view.order_ref, n=view.package_number)
        self.detail.value = " · ".join(p for p in (_("to {name}", name=view.ship_to), view.seller,
                                                   view.service_level.capitalize(), view.tote) if p)
        self.left.value = str(view.to_pack)
        self.left.color = theme.INK if view.to_pack else theme.OK
        self.box.value = str(sum(line.in_this_package for line in view.lines))
        self.rows.controls = [self._row(line) for line in view.lines]

    @staticmethod
    def _row(line: PackLine) -> ft.Control:
        left = line.picked - line.packed
        done = left == 0
        ink = theme.MUTED if done else theme.INK
        what = ft.Column(
            [ft.Text(line.name, size=32, weight=ft.FontWeight.BOLD, color=ink, max_lines=1,
                     overflow=ft.TextOverflow.ELLIPSIS, font_family_fallback=theme.FALLBACKS),
             theme.text(" · ".join(p for p in (line.sku, line.gtin) if p), theme.TEXT_LABEL, color=ink)],
            spacing=0, tight=True, expand=True)
        counts = theme.text(_("picked {picked} · packed {packed}", picked=line.picked, packed=line.packed),
                            theme.TEXT_LABEL, color=ink)
        tail = (ft.Icon(ft.Icons.CHECK_CIRCLE, size=64, color=theme.OK) if done else
                ft.Text(str(left), size=64, weight=ft.FontWeight.BOLD, color=theme.INK,
                        key=f"pack.line.{line.line_no}.left", font_family_fallback=theme.FALLBACKS))
        return ft.Container(
            ft.Row([what, counts, ft.Container(tail, width=90, alignment=ft.Alignment.CENTER)], spacing=theme.GAP,
                   vertical_alignment=ft.CrossAxisAlignment.CENTER),
            bgcolor=theme.PANEL if done else theme.PAPER, border=ft.Border.all(2, theme.PANEL if done else theme.INK),
            border_radius=theme.RADIUS, padding=ft.Padding.symmetric(horizontal=16, vertical=6),
            key=f"pack.line.{line.line_no}")
