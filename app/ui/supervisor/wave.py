"""Release orders into a wave: which warehouse, ship-by cutoff, service levels, how many, orders per task.
waves.release reserves each seller's own stock and cuts the pick tasks in walking order."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import flet as ft

from app.i18n import N_, _, n_
from app.services import board, catalog, waves
from app.ui import theme
from app.ui.supervisor import widgets as w
from app.ui.supervisor.frame import BoardScreen
from app.ui.supervisor.labels import SERVICE_LEVELS


def whole(text: str, default: int | None) -> int | None:
    """A whole number typed in a field; blank -> default; anything else -> ValueError."""
    text = text.strip()
    if not text:
        return default
    if not text.isdigit():
        raise ValueError(text)
    return int(text)


class ReleaseWave(BoardScreen):
    prompt = N_("The most urgent orders go first.")
    interval = 0

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.warehouse = w.Choice([], "", key="wave.warehouse", on_change=self.update_now)
        self.levels = w.Choice([(k, _(t)) for k, t in SERVICE_LEVELS], "", key="wave.levels", multiple=True)
        self.hours = w.Field(ctx, _("Due within hours (empty: any)"), "wave.hours", digits=True)
        self.max_orders = w.Field(ctx, _("How many orders (1-500)"), "wave.max", value="60", digits=True)
        self.per_task = w.Field(ctx, _("Orders per pick task (1-12)"), "wave.per_task", value="4", digits=True)
        self.waiting = w.label("", 22, key="wave.waiting", lines=2)
        self.result = w.label("", 22, bold=True, key="wave.result", lines=6)

    def content(self) -> ft.Control:
        release = w.button(_("Release"), self._release, key="wave.release", kind="primary", icon=ft.Icons.PLAY_ARROW)
        form = ft.Column([
            w.label(_("Warehouse"), 22, bold=True), self.warehouse.control, self.waiting,
            w.label(_("Service levels (none chosen: all)"), 22, bold=True), self.levels.control,
            ft.Row([self.hours.control, self.max_orders.control, self.per_task.control], spacing=16),
            ft.Row([release], spacing=16), self.result], spacing=14)
        return ft.Column([w.heading(_("Release orders into a wave")),
                          ft.Container(form, bgcolor=theme.PANEL, padding=24, border_radius=theme.RADIUS)],
                         spacing=12, expand=True, scroll=ft.ScrollMode.AUTO)

    async def refresh(self) -> None:
        if not self.warehouse.options:
            codes = await self.ctx.call(catalog.all_warehouse_codes)
            self.warehouse.set_options([(c, c) for c in codes])
            self.warehouse.select(codes[0] if codes else "")
        if self.warehouse.value:
            backlog = await self.ctx.call(board.backlog, self.ctx.actor(), self.warehouse.value)
            waiting = sum(c.orders for c in backlog.cells if c.stage == "not_released")
            risky = sum(1 for r in backlog.at_risk if r.status in ("open", "allocated", "backordered"))
            self.waiting.value = n_("{n} order is not released yet; {r} of them at risk.",
                                    "{n} orders are not released yet; {r} of them at risk.", waiting, r=risky)

    async def _release(self) -> None:
        try:
            hours = whole(self.hours.value, None)
            max_orders = whole(self.max_orders.value, 60)
            per_task = whole(self.per_task.value, 4)
        except ValueError as bad:
            self.ctx.feedback.error(_("Type whole numbers only ({text} is not one).", text=str(bad)))
            return
        cutoff = datetime.now(UTC) + timedelta(hours=hours) if hours is not None else None
        levels = tuple(k for k, _t in SERVICE_LEVELS if k in self.levels.selected)
        result = await self.act(waves.release, self.warehouse.value, cutoff=cutoff, service_levels=levels,
                                max_orders=max_orders, orders_per_task=per_task, key=uuid.uuid4().hex)
        if result is None:
            return
        lines = [result.message]
        if result.orders:
            lines.append(_("{lines} pick lines; pickers can claim the tasks now.", lines=result.lines))
        if result.backordered:
            lines.append(_("Short of stock, back-ordered: {refs}", refs=", ".join(result.backordered[:12])))
        self.result.value = "\n".join(lines)
        (self.ctx.feedback.ok if result.orders else self.ctx.feedback.warn)(result.message)
        await self.update_now()
