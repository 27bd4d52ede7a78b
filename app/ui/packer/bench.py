"""/pack: the pack bench. Scan a tote -> its order; scan every unit into the box (a unit not in the order is
refused); Weigh and close (carton + grams) -> held for the supervisor, or labelled: the label PDF opens,
scan the label on the box -> verified; Another box while units are left; then the next tote.
"""

from __future__ import annotations

import flet as ft

from app.domain.errors import DomainError
from app.domain.packing import BenchScan, bench_scan
from app.i18n import _
from app.services import packing, printjobs
from app.services.packing import PackView
from app.ui import theme
from app.ui.calls import pressed
from app.ui.packer.bench_actions import BenchActions
from app.ui.packer.close_panel import ClosePanel
from app.ui.packer.label_panel import LabelPanel
from app.ui.packer.order_panel import OrderPanel
from app.ui.picker.panels import CountPanel
from app.ui.scan.manual import ManualEntry
from app.ui.scan.pipeline import Scan
from app.ui.screen import Screen


class PackBench(BenchActions, Screen):
    activity = "packing"
    takes_scans = True

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.view: PackView | None = None
        self.jobs: list[printjobs.JobView] = []
        self.mode = "pack"            # pack | count | close, while the box is open
        self.count: int | None = None
        self.order = OrderPanel()
        self.labels = LabelPanel(lambda name: pressed(self._action(name)),
                                 lambda service: pressed(self._buy(service)))
        self.closer: ClosePanel | None = None          # built when opened (fewer controls to diff per scan)
        self.count_panel: CountPanel | None = None
        self.panel_slot = ft.Container()
        self.manual = ManualEntry(ctx.scans)
        name = ctx.signed_in.name if ctx.signed_in else ""
        self.idle = ft.Column([
            theme.text(_("Hello, {name}", name=name), theme.TEXT_TITLE, bold=True, key="home.greeting"),
            ft.Text(_("Scan a tote"), size=120, weight=ft.FontWeight.BOLD, color=theme.BRAND, key="pack.idle",
                    font_family_fallback=theme.FALLBACKS),
            theme.text(_("Its order and items appear here. Scan each unit into the box, weigh, close, label."),
                       theme.TEXT_BODY, color=theme.MUTED),
            ft.Row([theme.button(_("To the dock"), lambda: self.ctx.go("/pack/dock"), key="pack.dock",
                                 kind="plain", icon=ft.Icons.LOCAL_SHIPPING, height=88),
                    theme.button(_("Singles"), lambda: self.ctx.go("/pack/singles"), key="pack.singles",
                                 kind="plain", icon=ft.Icons.BOLT, height=88),
                    theme.button(_("Put wall"), lambda: self.ctx.go("/sort"), key="pack.sort",
                                 kind="plain", icon=ft.Icons.GRID_VIEW, height=88),
                    theme.button(_("Stock"), lambda: self.ctx.go("/stock"), key="home.action.stock", kind="plain",
                                 icon=ft.Icons.INVENTORY, height=88)], spacing=theme.GAP)], spacing=theme.GAP)

        def act(label, handler, key, kind, icon):
            return theme.button(label, pressed(handler), key=key, kind=kind, icon=icon, height=88, size=28,
                                padding=22)

        self.buttons = ft.Row([act(_("Count"), self._open_count, "pack.count_button", "primary", ft.Icons.DIALPAD),
                               act(_("Weigh and close"), self._open_close, "pack.weigh", "ok", ft.Icons.SCALE),
                               act(_("Put aside"), self._aside, "pack.aside", "plain", ft.Icons.PAUSE)],
                              spacing=theme.GAP)
        self.actions = ft.Row([self.buttons, ft.Container(self.manual.control, expand=True)], spacing=theme.GAP)
        self.spacer = ft.Container(expand=True)   # keeps the actions at the bottom when nothing else expands

    def build(self) -> ft.Control:
        self._render()
        return ft.Column([self.idle, self.order.control, self.panel_slot, self.labels.control, self.spacer,
                          self.actions], spacing=theme.GAP, expand=True)

    async def shown(self) -> None:
        self.ctx.feedback.prompt(_("Scan a tote to start packing."))
        self.ctx.spawn(self._resume())

    async def _resume(self) -> None:
        """A reload brings back the box left on the bench (read outside shown(): it must not hold the route)."""
        view = await self.ctx.attempt(packing.my_open_package, self.ctx.actor())
        if view is not None and self.view is None:
            self.view, self.jobs = view, []
            if view.status == "labelled":
                self.jobs = await self.ctx.attempt(printjobs.jobs_for, "package", view.package_id) or []
            self._render()
            self.ctx.feedback.prompt(f"{view.message} {self._next_words()}")
            self.ctx.send()

    def _render(self) -> None:
        status = self.view.status if self.view else "none"
        open_ = status == "open"
        self.idle.visible = self.view is None
        self.order.control.visible = open_ and self.mode == "pack"
        panel = {"count": self.count_panel, "close": self.closer}.get(self.mode) if open_ else None
        self.panel_slot.content = panel.control if panel else None
        self.labels.control.visible = status in ("held", "awaiting_label", "labelled", "verified")
        self.actions.visible = not open_ or self.mode == "pack"
        self.buttons.visible = open_
        self.spacer.visible = not self.order.control.visible
        if self.view is not None:
            self.order.render(self.view)
            self.labels.render(self.view, self.jobs)

    # ---- scans -----------------------------------------------------------------------------------
    async def on_scan(self, scan: Scan) -> None:
        box = self.view
        if box is not None and box.status == "open" and self.mode == "count":
            raise DomainError(_("Finish this first: press OK or Cancel."))
        meaning = bench_scan(box.status if box else "none", scan.kind, box=box.package_number if box else 0,
                             order_ref=box.order_ref if box else "", to_pack=box.to_pack if box else 0)
        if meaning is BenchScan.START:
            view = await self.ctx.call(packing.start, self.ctx.actor(), scan.scanned, key=scan.key)
            self.mode, self.count = "pack", None
        elif meaning is BenchScan.PACK:
            view = await self.ctx.call(packing.pack_item, self.ctx.actor(), box.package_id, scan.scanned,
                                       quantity=self.count or 1, key=scan.key)
            self.count = None
        else:
            view = await self.ctx.call(packing.verify_label, self.ctx.actor(), box.package_id, scan.scanned,
                                       key=scan.key)
        await self._show(view, view.message)

    async def _show(self, view: PackView, message: str) -> None:
        self.view = view
        self.jobs = []
        if view.status in ("labelled", "verified"):
            self.jobs = await self.ctx.attempt(printjobs.jobs_for, "package", view.package_id) or []
        self._render()
        if view.status in ("held", "awaiting_label"):
            self.ctx.feedback.error(message)
            if view.status == "awaiting_label":
                self.ctx.feedback.prompt(_("Press Retry label, or choose another service."))
            return
        self.ctx.feedback.ok(message)
        self.ctx.feedback.prompt(self._next_words())

    def _next_words(self) -> str:
        v = self.view
        if v.status == "open":
            return (_("Scan the next unit: {n} left.", n=v.to_pack) if v.to_pack
                    else _("All packed. Press Weigh and close."))
        if v.status == "labelled":
            return _("Stick the label on the box, then scan it.")
        return _("Box {n} done. Another box for the {left} units left.", n=v.package_number, left=v.to_pack) \
            if v.to_pack else _("Box done: on the dock with it. Scan the next tote.")
