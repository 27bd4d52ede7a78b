"""Receiving a transfer at the destination: scan each carton's SSCC (what left comes in); when a carton
differs, "Enter counts" first, then scan it and count what is really inside. Then put away."""

from __future__ import annotations

import flet as ft

from app.domain.errors import DomainError
from app.i18n import N_, _
from app.services import transfers
from app.services.transfers import TransferView
from app.ui import theme
from app.ui.calls import pressed
from app.ui.scan.manual import ManualEntry
from app.ui.scan.pipeline import Scan
from app.ui.screen import Screen
from app.ui.stock import transfer_view as tv
from app.ui.stock.kit import act, choose_warehouse
from app.ui.stock.widgets import Col, Stepper, back, heading, table


class TransferIn(Screen):
    activity = "transfer receiving"
    takes_scans = True

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.view: TransferView | None = None
        self.counting = False
        self.pending: tuple[str, str, TransferView] | None = None   # (raw code, command key, transfer)
        self.steppers: dict[str, Stepper] = {}
        self.manual = ManualEntry(ctx.scans)
        self.content = ft.Column(spacing=theme.GAP, scroll=ft.ScrollMode.AUTO, expand=True, key="transferin.body")

    def build(self) -> ft.Control:
        self._render()
        return self.content

    async def shown(self) -> None:
        self.ctx.feedback.prompt(_("Scan the carton's SSCC label."))
        self.ctx.send()

    async def on_scan(self, scan: Scan) -> None:
        sscc = scan.scanned.sscc
        if not sscc or scan.scanned.gtin:
            raise DomainError(_("Scan the carton's SSCC label."))
        if self.counting:
            found = await self.ctx.call(transfers.by_carton, self.ctx.actor(), sscc)   # NotFound says so
            if (sscc, True) in found.cartons:
                raise DomainError(_("Carton {sscc} of {number} was received already.", sscc=sscc,
                                    number=found.number))
            self.pending = (scan.code, scan.key, found)
            self.steppers = {l.sku: Stepper(0, key=f"transferin.count.{l.sku}") for l in found.lines}
            self.ctx.feedback.prompt(_("Count each product in the carton, then press Receive."))
        else:
            self.view = await self.ctx.call(transfers.receive_carton, self.ctx.actor(), scan.code, key=scan.key)
            got = sum(1 for _s, r in self.view.cartons if r)
            self.ctx.feedback.ok(_("{number}: carton in ({got} of {n}). Put it away next.", number=self.view.number,
                                   got=got, n=len(self.view.cartons)))
        self._render()

    def _count_mode(self, on: bool) -> None:
        self.counting, self.pending = on, None
        self.ctx.feedback.prompt(_("Scan the carton that differs.") if on else _("Scan the carton's SSCC label."))
        self._render()

    async def _receive_counted(self) -> None:
        raw, key, _t = self.pending
        counts = {sku: s.value for sku, s in self.steppers.items()}
        self.view = await self.ctx.call(transfers.receive_carton, self.ctx.actor(), raw, counts, key=key)
        self.counting, self.pending = False, None
        self.ctx.feedback.warn(_("Received as counted ({n} units); any difference is reported.",
                                 n=sum(counts.values())))
        self._render()

    async def _put_away(self) -> None:
        choose_warehouse(self.ctx, self.view.to_warehouse)
        await self.ctx.go("/stock/putaway")

    def _render(self) -> None:
        toggle = theme.button(_("Cancel counts") if self.counting else _("Carton differs: enter counts"),
                              pressed(lambda: self._count_mode(not self.counting)), key="transferin.counts",
                              kind="danger" if self.counting else "plain", icon=ft.Icons.EDIT_NOTE)
        top: list[ft.Control] = [back(self.ctx), toggle]
        if self.view is not None and not self.counting:
            top.append(act(_("Put away now"), self._put_away, key="transferin.putaway", kind="ok"))
        parts: list[ft.Control] = [ft.Row(top, spacing=theme.GAP, wrap=True)]
        if self.pending is not None:
            raw, _key, t = self.pending
            parts += [heading(_("Count carton {sscc} of {number}", sscc=raw, number=t.number), key="transferin.title"),
                      table([Col(N_("SKU"), 200), Col(N_("Product")), Col(N_("In the carton"), 330, True)],
                            [([l.sku, l.name, self.steppers[l.sku].control], "") for l in t.lines],
                            key=None),
                      act(_("Receive with these counts"), self._receive_counted,
                                   key="transferin.submit", kind="ok")]
        elif self.view is not None and not self.counting:   # a carton came in: where its transfer is now
            parts += [tv.panel(self.view, key="transferin.transfer"),
                      heading(_("Scan the next carton's SSCC label"), key="transferin.title"), self.manual.control]
        else:
            title = _("Scan the carton that differs") if self.counting else _("Scan the carton's SSCC label")
            parts += [heading(title, key="transferin.title", size=theme.TEXT_HUGE), self.manual.control]
        self.content.controls = parts
