"""Put-away: scan a unit waiting at receiving, see the suggested bin in huge letters and how many to take;
scanning the bin moves them there, pickable at once."""

from __future__ import annotations

import flet as ft

from app.domain.errors import DomainError
from app.domain.scanning import ScanKind
from app.i18n import N_, _
from app.services import catalog, inbound
from app.services.inbound import PutAwayView
from app.ui import theme
from app.ui.scan.manual import ManualEntry
from app.ui.scan.pipeline import Scan
from app.ui.screen import Screen
from app.ui.stock.kit import act, choose_warehouse, chosen_warehouse
from app.ui.stock.widgets import TEXT_BIN, Stepper, back, choices, heading


class PutAway(Screen):
    activity = "put-away"
    takes_scans = True
    # what a unit scan finds and a bin scan does (the put-back screen swaps these for cancelled orders' units)
    find = staticmethod(inbound.putaway_for)
    store = staticmethod(inbound.put_away)
    ask = N_("Scan a unit waiting at receiving.")
    title = N_("Scan a unit waiting at receiving")

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.warehouses: list[str] = []
        self.wh: str | None = chosen_warehouse(ctx)
        self.item: PutAwayView | None = None
        self.qty = Stepper(1, key="putaway.qty", low=1, on_change=lambda _n: self._render())
        self.manual = ManualEntry(ctx.scans)
        self.content = ft.Column(spacing=theme.GAP, scroll=ft.ScrollMode.AUTO, expand=True, key="putaway.body")

    def build(self) -> ft.Control:
        self._render()
        return self.content

    async def shown(self) -> None:
        self.warehouses = await self.ctx.call(catalog.all_warehouse_codes)
        if self.wh is None and len(self.warehouses) == 1:
            self.wh = self.warehouses[0]
        if self.wh is not None:
            await self._pick(self.wh)
        else:
            self.ctx.feedback.prompt(_("Which warehouse are you in?"))
            self._render()
        self.ctx.send()

    async def _pick(self, code: str) -> None:
        self.wh, self.item = code, None
        choose_warehouse(self.ctx, code)
        self.ctx.feedback.prompt(_(self.ask))
        self._render()

    def _change(self) -> None:
        self.wh = self.item = None
        self.ctx.feedback.prompt(_("Which warehouse are you in?"))
        self._render()

    async def on_scan(self, scan: Scan) -> None:
        if self.wh is None:
            raise DomainError(_("Choose the warehouse first."))
        if scan.kind == ScanKind.LOCATION:
            if self.item is None:
                raise DomainError(_("Scan a unit first, then its bin."))
            item = self.item
            done = await self.ctx.call(self.store, self.ctx.actor(), item.seller, item.sku, item.lot,
                                       self.qty.value, item.from_location, scan.code, key=scan.key)
            self.item = None
            other = "" if done.suggested_bin == item.suggested_bin or not item.suggested_bin else " " + _(
                "(not the suggested {bin})", bin=item.suggested_bin)
            self.ctx.feedback.ok(_("{n} × {name} in {bin}: pickable now.", n=done.quantity, name=done.name,
                                   bin=done.suggested_bin) + other)
        else:
            self.item = await self.ctx.call(self.find, self.ctx.actor(), self.wh, scan.code)
            self.qty.high = self.item.quantity
            self.qty.set(self.item.quantity)
            if self.item.suggested_bin:
                self.ctx.feedback.prompt(_("Take them to {bin} and scan the bin.", bin=self.item.suggested_bin))
            else:
                self.ctx.feedback.warn(_("No free bin found: scan any storage bin of {wh}.", wh=self.wh))
        self._render()

    def _cancel(self) -> None:
        self.item = None
        self.ctx.feedback.prompt(_(self.ask))
        self._render()

    def _render(self) -> None:
        if self.wh is None:
            self.content.controls = [
                ft.Row([back(self.ctx)]), heading(_("Which warehouse are you in?"), key="putaway.ask"),
                choices(self.ctx, self.warehouses, None, self._pick, key="putaway.wh", big=True)]
            return
        top = ft.Row([back(self.ctx), theme.text(_("Warehouse {wh}", wh=self.wh), bold=True, key="putaway.where"),
                      act(_("Change"), self._change, key="putaway.change", kind="plain")],
                     spacing=theme.GAP, vertical_alignment=ft.CrossAxisAlignment.CENTER)
        item = self.item
        if item is None:
            self.content.controls = [top, heading(_(self.title), key="putaway.title",
                                                  size=theme.TEXT_HUGE), self.manual.control]
            return
        where = item.suggested_bin or _("any free bin")
        lot = " · " + _("lot {lot}", lot=item.lot) if item.lot else ""
        self.content.controls = [
            top,
            heading(item.name, key="putaway.name"),
            theme.text(f"{item.sku} · {item.seller}{lot} · " + _("{n} waiting at {loc}", n=item.quantity,
                                                                  loc=item.from_location), key="putaway.detail"),
            ft.Container(ft.Column([theme.text(_("TAKE {n} TO BIN", n=self.qty.value), theme.TEXT_TITLE, bold=True,
                                               color=theme.PAPER, key="putaway.take"),
                                    theme.text(where, TEXT_BIN, bold=True, color=theme.PAPER, key="putaway.bin")],
                                   spacing=0, tight=True),
                         bgcolor=theme.BRAND, padding=ft.Padding.symmetric(horizontal=28, vertical=16),
                         border_radius=theme.RADIUS),
            ft.Row([theme.text(_("Units"), theme.TEXT_TITLE, bold=True), self.qty.control,
                    act(_("Cancel"), self._cancel, key="putaway.cancel", kind="plain")],
                   spacing=theme.GAP, vertical_alignment=ft.CrossAxisAlignment.CENTER),
            self.manual.control]
