"""Transfers for the supervisor: plan one (seller, from, to, SKUs, quantities), approve, dismiss or edit
the planner's moves, and follow every transfer end to end (planned, picking, in transit,
received, closed with its discrepancies); close one once it has arrived."""

from __future__ import annotations

import flet as ft

from app.i18n import _, n_
from app.services import catalog, planner, transfers
from app.services.planner import PlanView
from app.services.transfers import TransferView
from app.ui import theme
from app.ui.calls import pressed
from app.ui.screen import Screen
from app.ui.stock import transfer_view as tv
from app.ui.stock.kit import act
from app.ui.stock.transfer_plan import PlanForm, new_key, suggestions
from app.ui.stock.widgets import back

SHOWN = 20          # transfers listed, newest first
CLOSABLE = ("in_transit", "receiving", "received")
SECTIONS = ("list", "plan", "suggest")   # one thing at a time: the transfers, the form, the suggestions


class Transfers(Screen):
    activity = "transfers"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.form = PlanForm(ctx, self._planned)
        self.plan: PlanView | None = None
        self.list: list[TransferView] = []
        self.close_keys: dict[int, str] = {}
        self.section = "list"
        self.content = ft.Column(spacing=theme.GAP * 1.5, scroll=ft.ScrollMode.AUTO, expand=True,
                                 key="transfers.body")

    def build(self) -> ft.Control:
        self._render()
        return self.content

    async def shown(self) -> None:
        self.form.warehouses = await self.ctx.call(catalog.all_warehouse_codes)
        self.form.render()
        await self.refresh()
        self.ctx.feedback.prompt(_("Plan transfers and follow each one to closed."))
        self.ctx.send()

    async def refresh(self) -> None:
        self.plan = await self.ctx.call(planner.latest, self.ctx.actor())
        self.list = await self.ctx.call(transfers.recent, self.ctx.actor(), limit=SHOWN)
        self._render()

    async def _planned(self, _view: TransferView) -> None:
        self.section = "list"
        await self.refresh()

    def _edit(self, s) -> None:
        self.form.fill(s)
        self._show("plan")
        self.ctx.feedback.prompt(_("Change the line, then press Plan transfer."))

    def _show(self, section: str) -> None:
        self.section = section
        self._render()

    def _closer(self, t: TransferView):
        async def close() -> None:
            key = self.close_keys.setdefault(t.id, new_key())
            done = await self.ctx.call(transfers.close, self.ctx.actor(), t.id, key=key)
            lost = len((done.outcome or {}).get("discrepancies", ()))
            if lost:
                self.ctx.feedback.warn(n_("{number} closed with {n} discrepancy.",
                                          "{number} closed with {n} discrepancies.", lost, number=done.number))
            else:
                self.ctx.feedback.ok(_("{number} closed: everything arrived.", number=done.number))
            await self.refresh()
        return pressed(close)

    def _render(self) -> None:
        labels = {"list": _("Transfers"), "plan": _("Plan a transfer"),
                  "suggest": _("Planned moves: {n}", n=sum(m.status == "proposed" for m in
                                                             (self.plan.moves if self.plan else ())))}
        tabs = [act(labels[s], lambda s=s: self._show(s), key=f"transfers.tab.{s}",
                    kind="primary" if s == self.section else "plain") for s in SECTIONS]
        top = ft.Row([back(self.ctx), *tabs, act(_("Refresh"), self.refresh, key="transfers.refresh",
                                                 kind="plain", icon=ft.Icons.REFRESH)], spacing=theme.GAP)
        if self.section == "plan":
            body = [self.form.control]
        elif self.section == "suggest":
            body = [suggestions(self.ctx, self.plan, self.refresh, self._edit)]
        else:
            body = [tv.panel(t, key=f"transfer.{t.number}", actions=[
                theme.button(_("Close {number}", number=t.number), self._closer(t), key=f"transfer.{t.number}.close",
                             kind="danger")] if t.status in CLOSABLE else []) for t in self.list]
            body = body or [theme.text(_("No transfer yet."), color=theme.MUTED, key="transfers.none")]
        self.content.controls = [top, *body]
