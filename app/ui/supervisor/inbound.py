"""Inbound shipments for the supervisor: the latest announced, receiving and closed shipments with
their units and discrepancies; open one to see announced vs received per SKU."""

from __future__ import annotations

import flet as ft

from app.i18n import N_, _
from app.services import inbound
from app.services.inbound import InboundView
from app.ui import theme
from app.ui.screen import Screen
from app.ui.stock import receive_view as rv
from app.ui.stock.kit import act
from app.ui.stock.widgets import Col, back, heading, table

SHOWN = 30
COLS = [Col(N_("Inbound"), 170), Col(N_("Seller"), 110), Col(N_("Reference")), Col(N_("Where"), 90),
        Col(N_("State"), 150), Col(N_("Units"), 120, True), Col(N_("Problems"), 130, True), Col(N_("Open"), 140)]


def problems(v: InboundView) -> int:
    if v.outcome is not None:
        return len(v.outcome.get("discrepancies", ())) + len(v.outcome.get("cartons_missing", ()))
    return sum(1 for l in v.lines if l.expected == 0 or l.difference > 0 or l.damaged)


class InboundList(Screen):
    activity = "inbound"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.found: list[InboundView] = []
        self.open: InboundView | None = None
        self.content = ft.Column(spacing=theme.GAP * 1.5, scroll=ft.ScrollMode.AUTO, expand=True, key="inbound.body")

    def build(self) -> ft.Control:
        self._render()
        return self.content

    async def shown(self) -> None:
        await self.refresh()
        self.ctx.feedback.prompt(_("Newest first. Open one to see each SKU."))
        self.ctx.send()

    async def refresh(self) -> None:
        self.found = await self.ctx.call(inbound.recent, self.ctx.actor(), limit=SHOWN)
        if self.open is not None:
            self.open = next((v for v in self.found if v.id == self.open.id), None)
        self._render()

    def _opener(self, v: InboundView):
        def show() -> None:
            self.open = None if self.open is not None and self.open.id == v.id else v
            self._render()
        return show

    def _render(self) -> None:
        top = ft.Row([back(self.ctx), act(_("Refresh"), self.refresh, key="inbound.refresh",
                                                   kind="plain", icon=ft.Icons.REFRESH)], spacing=theme.GAP)
        rows = []
        for v in self.found:
            n = problems(v)
            units = f"{sum(l.received + l.damaged for l in v.lines)} / {sum(l.expected for l in v.lines)}"
            shown = self.open is not None and self.open.id == v.id
            rows.append(([v.number, v.seller, v.reference, v.warehouse, _(rv.STATUS.get(v.status, v.status)), units,
                          n or "–", act(_("Hide") if shown else _("Open"), self._opener(v),
                                                 key=f"inbound.open.{v.number}", kind="plain", width=130)],
                         "error" if n and v.status == "closed" else "warn" if n else ""))
        parts: list[ft.Control] = [top, heading(_("Inbound shipments"), key="inbound.list.title"),
                                   table(COLS, rows, key="inbound.list", empty=_("No inbound shipment yet."))]
        if self.open is not None:
            parts.insert(1, ft.Container(rv.panel(self.open), padding=12, border=ft.Border.all(2, theme.BRAND),
                                         border_radius=theme.RADIUS, key="inbound.detail"))
        self.content.controls = parts
