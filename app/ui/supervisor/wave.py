"""Release orders into a wave: which warehouse, ship-by cutoff, service levels, how many, orders per task.
waves.release reserves each seller's own stock and cuts the pick tasks in walking order."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import flet as ft

from app.domain import wave_mix
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


MODES = (("cluster", N_("Cluster: a tote per order")), ("singles", N_("Singles: one SKU, packed unit by unit")),
         ("batch", N_("Batch: sorted at the put wall")), ("zone", N_("Zone: a task per zone")))
WIDTHS = (360, 120, 140, 130, 130)


class ReleaseWave(BoardScreen):
    prompt = N_("The most urgent orders go first.")
    interval = 0

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.warehouse = w.Choice([], "", key="wave.warehouse", on_change=self.update_now)
        self.levels = w.Choice([(k, _(t)) for k, t in SERVICE_LEVELS], "", key="wave.levels", multiple=True)
        self.hours = w.Field(ctx, _("Due within hours (empty: any)"), "wave.hours", digits=True)
        self.max_orders = w.Field(ctx, _("How many orders"), "wave.max", value="60", digits=True)
        self.per_task = w.Field(ctx, _("Orders per pick task (1-12)"), "wave.per_task", value="4", digits=True)
        self.mode = w.Choice([(k, _(t)) for k, t in MODES], "cluster", key="wave.mode")
        self.waiting = w.label("", 22, key="wave.waiting", lines=2)
        self.result = w.label("", 22, bold=True, key="wave.result", lines=6)
        self.mix: wave_mix.Mix | None = None
        self.proposal = ft.Column([], spacing=0)
        self.mix_words = w.label("", 22, bold=True, key="wave.mix", lines=2)
        self.accept = w.button(_("Release this mix"), self._release_mix, key="wave.release_mix", kind="primary",
                               icon=ft.Icons.DONE_ALL)

    def content(self) -> ft.Control:
        release = w.button(_("Release"), self._release, key="wave.release", kind="primary", icon=ft.Icons.PLAY_ARROW)
        propose = w.button(_("Propose a mix"), self._propose, key="wave.propose", kind="plain",
                           icon=ft.Icons.AUTO_AWESOME)
        self.accept.visible = False
        form = ft.Column([
            w.label(_("Warehouse"), 22, bold=True), self.warehouse.control, self.waiting,
            w.label(_("Service levels (none chosen: all)"), 22, bold=True), self.levels.control,
            ft.Row([self.hours.control, self.max_orders.control, self.per_task.control], spacing=16),
            w.label(_("How they are picked"), 22, bold=True), self.mode.control,
            ft.Row([propose, release], spacing=16), self.proposal, self.mix_words, self.accept, self.result],
            spacing=14)
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
                                max_orders=max_orders, orders_per_task=per_task, mode=self.mode.value or "cluster",
                                key=uuid.uuid4().hex)
        self._said(result)

    def _said(self, result) -> None:
        if result is None:
            return
        lines = [result.message]
        if result.orders:
            lines.append(_("{lines} pick lines; pickers can claim the tasks now.", lines=result.lines))
        if result.backordered:
            lines.append(_("Short of stock, back-ordered: {refs}", refs=", ".join(result.backordered[:12])))
        self.result.value = "\n".join(lines)
        (self.ctx.feedback.ok if result.orders else self.ctx.feedback.warn)(result.message)

    def _form(self):
        """The cutoff, levels and how many, as typed (ValueError names what is not a whole number)."""
        hours = whole(self.hours.value, None)
        cutoff = datetime.now(UTC) + timedelta(hours=hours) if hours is not None else None
        levels = tuple(k for k, _t in SERVICE_LEVELS if k in self.levels.selected)
        return cutoff, levels, whole(self.max_orders.value, 60), whole(self.per_task.value, 4)

    async def _propose(self) -> None:
        try:
            cutoff, levels, max_orders, per_task = self._form()
        except ValueError as bad:
            self.ctx.feedback.error(_("Type whole numbers only ({text} is not one).", text=str(bad)))
            return
        found = await self.ctx.attempt(waves.propose, self.ctx.actor(), self.warehouse.value, cutoff=cutoff,
                                       service_levels=levels, max_orders=min(max_orders, 20_000),
                                       orders_per_task=min(per_task, 12))
        if found is None:
            return
        self.mix = found
        self._show_mix(found)
        self.ctx.feedback.ok(_("Proposed: check the mix, then release it or choose a way yourself."))
        self.ctx.send()

    def _show_mix(self, found: wave_mix.Mix) -> None:
        head = ("", _("Orders"), _("Pick tasks"), _("Bin stops"), _("Walking"))
        rows = [head] + [(_(dict(MODES)[p.mode]), p.orders, p.tasks, p.stops, p.walk) for p in found.plans]
        c = found.cluster_only
        rows.append((_("All as one cluster wave"), c.orders, c.tasks, c.stops, c.walk))
        self.proposal.controls = [ft.Row([ft.Container(w.label(str(v), 22, bold=i == 0 or j == 0,
                                                               key=f"wave.mix.{i}.{j}"), width=WIDTHS[j])
                                          for j, v in enumerate(row)], spacing=8)
                                  for i, row in enumerate(rows)]
        self.mix_words.value = (_("The mix walks {pct}% of one cluster wave ({tasks} tasks instead of {cluster}).",
                                  pct=round(100 * found.walk_ratio), tasks=found.tasks, cluster=c.tasks)
                                if found.plans else _("No order to release now."))
        self.accept.visible = bool(found.plans)

    async def _release_mix(self) -> None:
        if self.mix is None or not self.mix.plans:
            return
        results = await self.act(waves.release_mix, self.warehouse.value, self.mix.plans, key=uuid.uuid4().hex)
        if results is None:
            return
        self.mix, self.accept.visible, self.proposal.controls = None, False, []
        self.mix_words.value = ""
        self.result.value = "\n".join(r.message for r in results)
        self.ctx.feedback.ok(_("Mix released: {n} waves.", n=len(results)))
