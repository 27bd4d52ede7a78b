"""Transfers for the supervisor: plan one (seller, from, to, SKUs, quantities), take or edit the
replenishment suggestions, and follow every transfer end to end (planned, picking, in transit,
received, closed with its discrepancies); close one once it has arrived."""

from __future__ import annotations

import flet as ft

from app.domain.roles import Role
from app.i18n import _
from app.services import catalog, transfers
from app.services.transfers import TransferView
from app.ui import theme
from app.ui.routes import screen
from app.ui.screen import Screen
from app.ui.stock import transfer_view as tv
from app.ui.stock.kit import act, back, guard, heading, newest, send
from app.ui.stock.transfer_plan import PlanForm, new_key, suggestions

SHOWN = 20          # transfers listed, newest first
CLOSABLE = ("in_transit", "receiving", "received")


def overview(uow, actor, limit: int = SHOWN) -> list[TransferView]:
    return newest(transfers.get, uow, actor, limit=limit)


@screen("/board/transfers", roles=[Role.SUPERVISOR, Role.ADMIN], label="Transfers")
class Transfers(Screen):
    activity = "transfers"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.form = PlanForm(ctx, self._planned)
        self.suggested: list = []
        self.list: list[TransferView] = []
        self.close_keys: dict[int, str] = {}
        self.content = ft.Column(spacing=theme.GAP * 1.5, scroll=ft.ScrollMode.AUTO, expand=True,
                                 key="transfers.body")

    def build(self) -> ft.Control:
        self._render()
        return self.content

    async def shown(self) -> None:
        self.form.warehouses = await self.ctx.call(catalog.all_warehouse_codes)
        self.form.render()
        await self.refresh()
        self.ctx.feedback.prompt(_("Plan a transfer, or take a suggestion. Each transfer shows where it is."))
        send(self.ctx)

    async def refresh(self) -> None:
        self.suggested = await self.ctx.call(transfers.replenishment, self.ctx.actor())
        self.list = await self.ctx.call(overview, self.ctx.actor())
        self._render()

    async def _planned(self, _view: TransferView) -> None:
        await self.refresh()

    def _closer(self, t: TransferView):
        async def close() -> None:
            key = self.close_keys.setdefault(t.id, new_key())
            done = await self.ctx.call(transfers.close, self.ctx.actor(), t.id, key=key)
            lost = len((done.outcome or {}).get("discrepancies", ()))
            if lost:
                self.ctx.feedback.warn(_("{number} closed with {n} discrepancies.", number=done.number, n=lost))
            else:
                self.ctx.feedback.ok(_("{number} closed: everything arrived.", number=done.number))
            await self.refresh()
        return guard(self.ctx, close)

    def _render(self) -> None:
        top = ft.Row([back(self.ctx), act(self.ctx, _("Refresh"), self.refresh, key="transfers.refresh",
                                                   kind="plain", icon=ft.Icons.REFRESH)], spacing=theme.GAP)
        cards = []
        for t in self.list:
            actions = [theme.button(_("Close"), self._closer(t), key=f"transfer.{t.number}.close", kind="danger")
                       ] if t.status in CLOSABLE else []
            cards.append(tv.panel(t, key=f"transfer.{t.number}", actions=actions))
        self.content.controls = [
            top, self.form.control, suggestions(self.ctx, self.suggested, self.form, self._planned),
            heading(_("Transfers"), key="transfers.title"),
            *(cards or [theme.text(_("No transfer yet."), color=theme.MUTED)])]
