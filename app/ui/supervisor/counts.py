"""Counts for the supervisor: the counts waiting for approval with their variances (approve with a
reason, or send to recount), counts scheduled every N days, and a count of one bin on demand."""

from __future__ import annotations

import flet as ft

from app.i18n import _
from app.services import catalog, counts
from app.ui import theme
from app.ui.screen import Screen
from app.ui.stock.count_review import ReviewCard, waiting
from app.ui.stock.kit import act
from app.ui.stock.transfer_plan import new_key
from app.ui.stock.widgets import Stepper, back, choices, field, heading


class Counts(Screen):
    activity = "counts"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.cards: list[ReviewCard] = []
        self.warehouses: list[str] = []
        self.wh: str | None = None
        self.every = Stepper(30, key="counts.every", low=1, high=365)
        self.limit = Stepper(50, key="counts.limit", low=1, high=1000)
        self.bin = field(ctx, _("Bin"), key="counts.bin", width=360)
        self.keys = {"schedule": new_key(), "create": new_key()}
        self.content = ft.Column(spacing=theme.GAP * 1.5, scroll=ft.ScrollMode.AUTO, expand=True, key="counts.body")

    def build(self) -> ft.Control:
        self._render()
        return self.content

    async def shown(self) -> None:
        self.warehouses = await self.ctx.call(catalog.all_warehouse_codes)
        await self.refresh()
        self.ctx.feedback.prompt(_("Approve or recount what differs; plan the next counts."))
        self.ctx.send()

    async def refresh(self) -> None:
        found = waiting(await self.ctx.call(counts.in_review, self.ctx.actor()))
        self.cards = [ReviewCard(self.ctx, w, self.refresh) for w in found]
        self._render()

    def _choose(self, code: str) -> None:
        self.wh = code
        self._render()

    async def _schedule(self) -> None:
        if self.wh is None:
            self.ctx.feedback.error(_("Choose the warehouse first."))
            return
        made = await self.ctx.call(counts.schedule, self.ctx.actor(), self.wh, self.every.value,
                                   limit=self.limit.value, key=self.keys["schedule"])
        self.keys["schedule"] = new_key()
        self.ctx.feedback.ok(_("{n} bins of {wh} to count (not counted in {days} days).", n=made, wh=self.wh,
                               days=self.every.value))

    async def _create(self) -> None:
        code = (self.bin.value or "").strip().upper()
        if not code:
            self.ctx.feedback.error(_("Type or scan the bin first."))
            return
        made = await self.ctx.call(counts.create, self.ctx.actor(), code, key=self.keys["create"])
        self.keys["create"], self.bin.value = new_key(), ""
        self.ctx.feedback.ok(_("Bin {bin} is on the count list.", bin=made.bin))

    def _render(self) -> None:
        top = ft.Row([back(self.ctx), act(_("Refresh"), self.refresh, key="counts.refresh",
                                                   kind="plain", icon=ft.Icons.REFRESH)], spacing=theme.GAP)
        label = ft.CrossAxisAlignment.CENTER
        plan = ft.Column([
            heading(_("Plan counts"), key="counts.plan"),
            choices(self.ctx, self.warehouses, self.wh, self._choose, key="counts.wh", label=_("Warehouse")),
            ft.Row([theme.text(_("Every bin not counted in"), bold=True), self.every.control,
                    theme.text(_("days"), bold=True)], spacing=theme.GAP, vertical_alignment=label),
            ft.Row([theme.text(_("At most"), bold=True), self.limit.control,
                    theme.text(_("bins at a time"), bold=True)], spacing=theme.GAP, vertical_alignment=label),
            act(_("Schedule counts"), self._schedule, key="counts.schedule", kind="ok"),
            ft.Row([self.bin, act(_("Count this bin"), self._create, key="counts.create")],
                   spacing=theme.GAP, vertical_alignment=label)], spacing=12)
        waiting_title = heading(_("Waiting for your decision: {n}", n=len(self.cards)), key="counts.waiting")
        self.content.controls = [top, waiting_title,
                                 *(c.control for c in self.cards),
                                 *([] if self.cards else [theme.text(_("No count waits for approval."),
                                                                      color=theme.MUTED)]),
                                 plan]
