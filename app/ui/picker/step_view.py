"""What the picker reads from arm's length: the next bin, the item, how many, which slot; or the totes.

One object per pick screen; `render(view, count)` updates the controls in place from the service's
TaskView (no control is rebuilt on a scan, so a scan's update stays a small diff).
"""

from __future__ import annotations

import flet as ft

from app.domain.picking import Step
from app.i18n import _
from app.services.picking import TaskView
from app.ui import theme
from app.ui.picker.widgets import BIN, GIANT, HUGE, TIGHT, big, labelled, tagged


class StepView:
    def __init__(self) -> None:
        self.progress = theme.text("", theme.TEXT_BODY, bold=True, key="pick.progress")
        self.bar = ft.ProgressBar(value=0, height=12, color=theme.OK, bgcolor=theme.PANEL, border_radius=6)
        self.order = theme.text("", theme.TEXT_BODY, color=theme.MUTED, key="pick.order")
        # the walk: bin (the whole width: never cut), item, quantity, slot
        self.action = ft.Text("", size=theme.TEXT_TITLE, weight=ft.FontWeight.BOLD, color=theme.MUTED,
                              key="pick.action", expand=True, no_wrap=True, font_family_fallback=theme.FALLBACKS)
        self.bin = ft.Text("", size=BIN, weight=ft.FontWeight.BOLD, color=theme.INK, key="pick.bin", no_wrap=True,
                           style=TIGHT, font_family_fallback=theme.FALLBACKS)
        self.product = ft.Text("", size=44, weight=ft.FontWeight.BOLD, color=theme.INK, key="pick.product",
                               max_lines=2, overflow=ft.TextOverflow.ELLIPSIS,
                               font_family_fallback=theme.FALLBACKS)
        self.codes = theme.text("", theme.TEXT_BODY, key="pick.codes")
        self.qty = big(key="pick.qty")
        self.qty_note = theme.text("", theme.TEXT_BODY, bold=True, color=theme.WARN, key="pick.count")
        self.slot = big(size=GIANT, key="pick.slot", color=theme.PAPER)
        self.tote = theme.text("", theme.TEXT_BODY, bold=True, color=theme.PAPER, key="pick.tote")
        what = ft.Column([tagged("pick.product", self.product), tagged("pick.codes", self.codes)], spacing=4,
                         expand=True)
        take = labelled(_("TAKE"), ft.Column([tagged("pick.qty", self.qty), self.qty_note], spacing=0, tight=True),
                        width=220)
        self.into = into = labelled(_("INTO SLOT"), ft.Column([tagged("pick.slot", self.slot), self.tote], spacing=0,
                                                   tight=True), bgcolor=theme.BRAND, ink=theme.PAPER, width=250)
        self.walk = ft.Column([
            tagged("pick.bin", self.bin),
            ft.Row([what, take, into], spacing=theme.GAP, vertical_alignment=ft.CrossAxisAlignment.START)],
            spacing=0)
        # the cart: a tote per slot (before the walk, and at the end)
        self.headline = ft.Text("", size=theme.TEXT_HUGE + 8, weight=ft.FontWeight.BOLD, color=theme.INK,
                                key="pick.headline", font_family_fallback=theme.FALLBACKS)
        self.cards = ft.Row([], spacing=theme.GAP, wrap=True, run_spacing=theme.GAP)
        self.cart = ft.Column([self.headline, self.cards], spacing=theme.GAP)
        self.control = ft.Column(
            [ft.Row([self.action, self.progress, self.order], spacing=theme.GAP * 2,
                    vertical_alignment=ft.CrossAxisAlignment.CENTER),
             self.bar, self.walk, self.cart], spacing=8)

    def render(self, view: TaskView, count: int | None = None) -> None:
        step = view.step
        self.progress.value = _("Lines {done}/{total} · Units {picked}/{units}", done=view.lines_done,
                                total=view.lines_total, picked=view.units_picked, units=view.units_total)
        self.bar.value = view.units_picked / view.units_total if view.units_total else 0
        walking = step.walking
        self.walk.visible, self.cart.visible = walking, not walking
        total = view.mode != "cluster"   # singles and batch: a bin's total for many orders into one cart
        self.order.value = (step.order_ref if total else _("Order {ref}", ref=step.order_ref)) \
            if walking and step.order_ref else ""
        self.action.visible = walking
        if walking:
            self.cards.controls = []   # out of the tree while hidden: fewer controls to diff on each scan
            self._walk(view, count)
        else:
            self._cart(view)

    def _walk(self, view: TaskView, count: int | None) -> None:
        step = view.step
        at_bin = step.kind == Step.SCAN_ITEM
        self.action.value = _("AT BIN ✓ · SCAN THE ITEM") if at_bin else _("GO TO BIN · SCAN ITS LABEL")
        self.action.color = theme.OK if at_bin else theme.BRAND
        self.bin.value = step.bin
        self.bin.size = BIN if len(step.bin) <= 14 else BIN * 14 // len(step.bin)   # never cut a bin code
        self.bin.color = theme.OK if at_bin else theme.INK
        self.product.value = step.product
        codes = [_("SKU {sku}", sku=step.sku)] + ([_("GTIN {gtin}", gtin=step.gtin)] if step.gtin else [])
        self.codes.value = " · ".join(codes)
        self.qty.value = str(step.remaining)
        self.qty_note.value = _("Next scan counts {n}", n=count) if count else ""
        self.qty_note.visible = bool(count)
        total = view.mode != "cluster"
        self.into.content.controls[0].value = _("INTO THE CART") if total else _("INTO SLOT")
        self.slot.value = step.tote.removeprefix("TOTE-") if total else str(step.slot or "")
        self.slot.size = 48 if total else GIANT    # the cart's number (8 digits) fits the tile
        self.tote.value = "" if total else step.tote

    def _cart(self, view: TaskView) -> None:
        step = view.step
        if view.mode != "cluster":
            self._one_cart(view)
            return
        if step.kind == Step.SCAN_TOTE:
            self.headline.value = _("Scan an empty tote for slot {slot}", slot=step.slot)
        else:
            self.headline.value = _("Done. Take the totes to packing.")
        self.cards.controls = [self._card(s.slot, s.tote, s.order_ref, wanted=step.kind == Step.SCAN_TOTE
                                          and s.slot == step.slot) for s in view.slots]

    def _one_cart(self, view: TaskView) -> None:
        """Singles and batch: one cart for every order of the task."""
        scan = view.step.kind == Step.SCAN_TOTE
        orders = len(view.slots)
        if scan:
            self.headline.value = _("Scan an empty cart for all {n} orders", n=orders)
        elif view.mode == "singles":
            self.headline.value = _("Done: cart to singles packing.")
        else:
            self.headline.value = _("Done: cart to the put wall.")
        card = self._card(orders, view.cart, _("orders, {units} units", units=view.units_total), wanted=scan)
        card.content.controls[0].value = _("ONE CART FOR")
        card.content.controls[2].value = view.cart.removeprefix("TOTE-") or _("no cart yet")
        self.cards.controls = [card]

    @staticmethod
    def _card(slot: int, tote: str, ref: str, *, wanted: bool) -> ft.Control:
        ink = theme.PAPER if wanted else theme.INK
        return ft.Container(
            ft.Column([theme.text(_("SLOT"), theme.TEXT_BODY, bold=True, color=ink),
                       big(str(slot), size=HUGE, key=f"pick.card.{slot}", color=ink),
                       theme.text(tote or _("no tote yet"), theme.TEXT_BODY, bold=True, color=ink,
                                  key=f"pick.card.{slot}.tote"),
                       theme.text(ref, theme.TEXT_LABEL, color=ink)], spacing=0, tight=True),
            bgcolor=theme.BRAND if wanted else theme.PANEL, border_radius=theme.RADIUS, width=260,
            padding=ft.Padding.symmetric(horizontal=20, vertical=10),
            border=ft.Border.all(4, theme.FOCUS if wanted else theme.PANEL))
