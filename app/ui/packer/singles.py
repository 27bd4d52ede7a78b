"""/pack/singles: the singles bench. Scan a singles cart; then each unit scanned is the next order's box,
closed and labelled at once (the label opens / prints); scan the label on the box; next unit. A multiple of
one SKU takes its units into one box first. The label buttons are the pack bench's (bench_actions.py).
"""

from __future__ import annotations

import flet as ft

from app.domain.errors import DomainError
from app.domain.scanning import ScanKind
from app.i18n import _
from app.services import packing, printjobs, singles
from app.services.singles import SinglesView
from app.ui import theme
from app.ui.packer.bench_actions import BenchActions
from app.ui.packer.label_panel import LabelPanel
from app.ui.picker.widgets import big, labelled, tagged
from app.ui.scan.manual import ManualEntry
from app.ui.scan.pipeline import RECORDED, Scan
from app.ui.screen import Screen


class SinglesBench(BenchActions, Screen):
    activity = "packing"
    takes_scans = True

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.cart: SinglesView | None = None
        self.view = None                  # the box on the bench (a PackView), as BenchActions expects
        self.jobs: list[printjobs.JobView] = []
        self.scale = ""
        self.labels = LabelPanel(lambda name: self._action(name))
        self.manual = ManualEntry(ctx.scans)
        self.idle = ft.Column([
            ft.Text(_("Scan a singles cart"), size=96, weight=ft.FontWeight.BOLD, color=theme.BRAND,
                    key="singles.idle"),
            theme.text(_("Then scan one unit at a time: each is one order's box, its label prints at once."),
                       theme.TEXT_BODY, color=theme.MUTED)], spacing=theme.GAP)
        self.product = ft.Text("", size=36, weight=ft.FontWeight.BOLD, color=theme.INK, max_lines=1,
                               overflow=ft.TextOverflow.ELLIPSIS,
                               font_family_fallback=theme.FALLBACKS)
        self.cart_code = ft.Text("", size=theme.TEXT_TITLE, weight=ft.FontWeight.BOLD, color=theme.INK,
                                 key="singles.cart", no_wrap=True)
        self.orders = big(size=72, key="singles.orders")
        self.units = big(size=72, key="singles.units")
        self.box = theme.text("", theme.TEXT_TITLE, bold=True, key="singles.box")
        self.box_tag = tagged("singles.box", self.box)
        self.working = ft.Column([
            ft.Row([ft.Column([self.product, tagged("singles.cart", self.cart_code)], spacing=4, expand=True),
                    labelled(_("ORDERS LEFT"), tagged("singles.orders", self.orders), width=260),
                    labelled(_("UNITS LEFT"), tagged("singles.units", self.units), width=260)],
                   spacing=theme.GAP, vertical_alignment=ft.CrossAxisAlignment.START),
            self.box_tag], spacing=8)
        dock = theme.button(_("To the dock"), lambda: self.ctx.go("/pack/dock"), key="singles.dock", kind="plain",
                            icon=ft.Icons.LOCAL_SHIPPING, height=88)
        self.actions = ft.Row([dock, ft.Container(self.manual.control, expand=True)], spacing=theme.GAP)

    def build(self) -> ft.Control:
        self._render()
        return ft.Column([self.idle, self.working, self.labels.control, ft.Container(expand=True), self.actions],
                         spacing=theme.GAP, expand=True)

    async def shown(self) -> None:
        self.ctx.feedback.prompt(_("Scan a singles cart (its TOTE- label)."))
        self.scale = await self.ctx.attempt(packing.scale_of, self.ctx.actor()) or ""

    def _render(self) -> None:
        c = self.cart
        self.idle.visible = c is None
        self.working.visible = c is not None
        box = self.view
        self.labels.control.visible = box is not None and box.status in ("held", "labelled", "verified")
        if c is not None:
            self.product.value = c.product
            self.cart_code.value = (_("Order {ref}", ref=box.order_ref) if box is not None
                                    else _("Cart {tote}", tote=c.cart))
            self.orders.value, self.units.value = str(c.orders_left), str(c.units_left)
            self.box.value = (_("Box of {ref}: {n} more unit(s) of it.", ref=box.order_ref, n=box.to_pack)
                              if box is not None and box.status == "open" else "")
            self.box_tag.visible = bool(self.box.value)
        if box is not None:
            self.labels.render(box, self.jobs)
            for name in ("another", "next", "dock"):   # the bench's own To the dock button stays below
                self.labels.buttons[name].visible = False

    # ---- scans -----------------------------------------------------------------------------------
    async def on_scan(self, scan: Scan) -> bool | None:
        box = self.view
        if box is not None and box.status == "labelled":
            got = await self.ctx.call(singles.verify, self.ctx.actor(), self.cart.cart, box.package_id,
                                      scan.scanned, key=scan.key)
        elif scan.kind == ScanKind.TOTE and (box is None or box.status != "open"):
            got = await self.ctx.call(singles.start, self.ctx.actor(), scan.scanned, key=scan.key)
            self.view, self.jobs = None, []
        elif self.cart is None:
            raise DomainError(_("Scan a singles cart (its TOTE- label) first."))
        else:
            weight = await self.ctx.call(packing.weigh, self.ctx.actor()) if self.scale else None
            got = await self.ctx.call(singles.pack_unit, self.ctx.actor(), self.cart.cart, scan.scanned,
                                      weight_g=weight, key=scan.key, at=scan.at)
            await self._shown(got)
            if got.box is not None and got.box.status == "labelled":
                self.ctx.spawn(self._open("label"))
            return RECORDED   # pack_unit wrote it on the station (its double-fire check)
        await self._shown(got)
        return None

    async def _shown(self, got: SinglesView) -> None:
        self.cart = got
        self.view = got.box if got.box is not None else self.view
        self.jobs = []
        if self.view is not None and self.view.status in ("labelled", "verified"):
            self.jobs = await self.ctx.attempt(printjobs.jobs_for, "package", self.view.package_id) or []
        if got.box is None:
            self.view = None
        self._render()
        if self.view is not None and self.view.status == "held":
            self.ctx.feedback.error(got.message)
            return
        self.ctx.feedback.ok(got.message)
        self.ctx.feedback.prompt(self._next_words())

    def _next_words(self) -> str:
        box = self.view
        if box is not None and box.status == "labelled":
            return _("Stick the label on the box, then scan it.")
        if self.cart is not None and not self.cart.orders_left:
            return _("The cart is done. Scan the next cart.")
        return _("Scan the next unit.")
