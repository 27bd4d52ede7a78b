"""Receiving from a seller at the dock: scan the inbound (or one of its cartons), then every carton and
every unit or case (GS1-128 with lot, expiry, count); "Damaged" sends the next scan to quarantine;
close shows the discrepancies."""

from __future__ import annotations

import flet as ft

from app.domain.errors import NotFound
from app.domain.scanning import ScanKind
from app.i18n import _, n_
from app.services import inbound
from app.services.inbound import InboundView
from app.ui import theme
from app.ui.scan.manual import ManualEntry
from app.ui.scan.pipeline import Scan
from app.ui.screen import Screen
from app.ui.stock import receive_view as rv
from app.ui.stock.kit import act, choose_warehouse
from app.ui.stock.widgets import back, heading


class Receive(Screen):
    activity = "receiving"
    takes_scans = True

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.view: InboundView | None = None
        self.damaged = False
        self.confirming = False
        self.manual = ManualEntry(ctx.scans, label=_("Type a code"))
        self.content = ft.Column(spacing=theme.GAP, scroll=ft.ScrollMode.AUTO, expand=True, key="receive.body")

    def build(self) -> ft.Control:
        self._render()
        return self.content

    async def shown(self) -> None:
        self.ctx.feedback.prompt(_("Scan the delivery note or a carton label."))
        self.ctx.send()

    # ---- scans -------------------------------------------------------------------------------
    async def on_scan(self, scan: Scan) -> None:
        code = scan.scanned
        if self.view is None or self.view.status == "closed" or code.kind in (ScanKind.INBOUND, ScanKind.UNKNOWN):
            await self._find(scan)
        elif code.sscc and not code.gtin:
            self.view = await self.ctx.call(inbound.receive_carton, self.ctx.actor(), self.view.id, scan.code,
                                            key=scan.key)
            got = sum(1 for _s, r in self.view.cartons if r)
            self.ctx.feedback.ok(_("Carton received: {got} of {n}.", got=got, n=len(self.view.cartons)))
        else:
            before = self.view
            self.view = await self.ctx.call(inbound.receive_item, self.ctx.actor(), before.id, scan.code,
                                            damaged=self.damaged, key=scan.key)
            line, n = rv.changed_line(before, self.view)
            name = line.name if line else scan.code
            if self.damaged:
                self.ctx.feedback.warn(_("{n} × {name}: damaged, to quarantine.", n=n, name=name))
            else:
                self.ctx.feedback.ok(rv.added(line, n) if line else _("+{n} {name}", n=n, name=name))
            self.damaged = False
        self.confirming = False
        self._render()

    async def _find(self, scan: Scan) -> None:
        try:
            found = await self.ctx.call(inbound.find, self.ctx.actor(), scan.code)
        except NotFound:
            if self.view is not None and self.view.status != "closed" and not scan.scanned.ok:
                raise NotFound(scan.scanned.message) from None
            raise
        self.view, self.damaged = found, False
        carton = scan.scanned.sscc
        if carton and (carton, False) in found.cartons:   # found by one of its cartons: that carton is here
            self.view = await self.ctx.call(inbound.receive_carton, self.ctx.actor(), found.id, scan.code, key=scan.key)
        if found.status == "closed":
            self.ctx.feedback.warn(_("{number} is closed already.", number=found.number))
        else:
            self.ctx.feedback.ok(_("{number} from {seller}: scan the cartons and every unit or case.",
                                   number=found.number, seller=found.seller))

    # ---- buttons -----------------------------------------------------------------------------
    def _toggle_damaged(self) -> None:
        self.damaged = not self.damaged
        if self.damaged:
            self.ctx.feedback.warn(_("Scan the damaged unit: it goes to quarantine."))
        else:
            self.ctx.feedback.prompt(_("Scan the next unit or case."))
        self._render()

    def _ask_close(self, asking: bool) -> None:
        self.confirming = asking
        self._render()

    async def _close(self) -> None:
        self.view = await self.ctx.call(inbound.close, self.ctx.actor(), self.view.id)
        self.confirming = self.damaged = False
        n = len((self.view.outcome or {}).get("discrepancies", ())) + len((self.view.outcome or {}).get(
            "cartons_missing", ()))
        if n:
            self.ctx.feedback.warn(n_("{number} closed with {n} discrepancy; the supervisor is told.",
                                      "{number} closed with {n} discrepancies; the supervisor is told.", n,
                                      number=self.view.number))
        else:
            self.ctx.feedback.ok(_("{number} closed: everything as announced.", number=self.view.number))
        self._render()

    async def _put_away(self) -> None:
        choose_warehouse(self.ctx, self.view.warehouse)
        await self.ctx.go("/stock/putaway")

    def _another(self) -> None:
        self.view, self.damaged, self.confirming = None, False, False
        self.ctx.feedback.prompt(_("Scan the delivery note or a carton label."))
        self._render()

    # ---- drawing -----------------------------------------------------------------------------
    def _render(self) -> None:
        v = self.view
        if v is None:
            self.content.controls = [
                ft.Row([back(self.ctx)], spacing=theme.GAP),
                heading(_("Scan the delivery"), key="receive.title", size=theme.TEXT_HUGE),
                theme.text(_("The INB- number, the seller's reference (ASN) or any carton's SSCC label."),
                           key="receive.hint"),
                self.manual.control]
            return
        buttons: list[ft.Control] = [back(self.ctx)]
        if v.status == "closed":
            buttons += [act(_("Put away now"), self._put_away, key="receive.putaway", kind="ok"),
                        act(_("Next inbound"), self._another, key="receive.next", kind="plain")]
        elif self.confirming:   # two taps to close: a glove brushing the button closes nothing
            buttons = [ft.Container(ft.Row([
                theme.text(_("Close {number}? What is missing or extra is reported.", number=v.number),
                           theme.TEXT_BODY + 4, bold=True, key="receive.confirm"),
                act(_("Yes, close"), self._close, key="receive.close.yes", kind="danger"),
                act(_("Not yet"), lambda: self._ask_close(False), key="receive.close.no", kind="plain")],
                spacing=theme.GAP, vertical_alignment=ft.CrossAxisAlignment.CENTER),
                bgcolor=theme.ERROR_TINT, padding=12, border_radius=theme.RADIUS)]
        else:
            buttons += [act(_("Damaged: ON") if self.damaged else _("Damaged unit"), self._toggle_damaged,
                                     key="receive.damaged", kind="danger" if self.damaged else "plain",
                                     icon=ft.Icons.BROKEN_IMAGE),
                        act(_("Close inbound"), lambda: self._ask_close(True), key="receive.close")]
        banner = ft.Container(heading(_("NEXT SCAN IS DAMAGED → QUARANTINE"), key="receive.damaged.banner",
                                      color=theme.PAPER), bgcolor=theme.ERROR, padding=16,
                              border_radius=theme.RADIUS, visible=self.damaged)
        top = buttons[0] if self.confirming else ft.Row(buttons, spacing=theme.GAP, wrap=True)   # no Row in a Row
        self.content.controls = [top, banner, rv.panel(v)]
        if v.status != "closed":
            self.content.controls.append(self.manual.control)
