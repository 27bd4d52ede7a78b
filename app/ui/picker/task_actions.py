"""The pick screen's buttons: Count, Short / empty bin, Undo last scan, Next task (a mixin of PickTask).

Each press that changes something goes to a service with its own command key; a refusal flashes red
with the service's words (`attempt`), and a task taken away sends the picker home (`_denied`).
"""

from __future__ import annotations

from app.domain.picking import Step
from app.i18n import _
from app.services import picking
from app.services.short_pick import short_pick
from app.ui.calls import pressed
from app.ui.picker.panels import CountPanel, ShortPanel
from app.ui.picker.widgets import new_key


class TaskActions:
    """Count and Short / empty bin open a panel in place of the walk; it is built when opened and dropped
    when closed, so the controls diffed on every scan stay few (a page.update walks the whole tree)."""

    async def _open_count(self) -> None:
        step = self.view.step
        if step.kind == Step.SCAN_ITEM:
            self.panel = CountPanel(pressed(self._count_ok), pressed(self._close_panels))
            self.panel.open(_("How many of {product}? Up to {n}.", product=step.product, n=step.remaining))
            self._render()
            self.ctx.feedback.prompt(_("Type how many, press OK, scan one."))

    async def _count_ok(self, n: int) -> None:
        step = self.view.step
        if not 1 <= n <= step.remaining:
            self.ctx.feedback.error(_("Type 1 to {n}.", n=step.remaining))
            return
        self.count = n if n > 1 else None
        await self._close_panels(prompt=False)
        self.ctx.feedback.prompt(_("Scan one {product}: it counts {n}.", product=step.product, n=n))

    async def _open_short(self) -> None:
        step = self.view.step
        if step.walking:
            self.panel = ShortPanel(pressed(self._short), pressed(self._close_panels))
            self.panel.open(step.bin, step.product, step.remaining)
            self._render()
            self.ctx.feedback.prompt(_("Count the bin, type it, press the reason."))

    async def _close_panels(self, prompt: bool = True) -> None:
        self.panel = None
        self._render()
        if prompt:
            self.ctx.feedback.prompt(self._next_words())

    async def _short(self, found: int, reason: str) -> None:
        problem = self.panel.problem(reason) if isinstance(self.panel, ShortPanel) else ""
        if problem:
            self.ctx.feedback.error(problem)
        if problem or self.busy:
            return
        self.busy = True
        try:
            result = await self.ctx.attempt(short_pick, self.ctx.actor(), self.view.task_id,
                                   self.view.step.line_id, found, reason, key=new_key("short"), denied=self._denied)
        finally:
            self.busy = False
        if result is not None:
            self.count = None
            self.panel = None
            self._show(result.view, result.message, sticky=True)

    async def _undo(self) -> None:
        if self.busy:
            return
        self.busy = True
        try:
            result = await self.ctx.attempt(picking.undo_last, self.ctx.actor(), self.view.task_id,
                                   key=new_key("undo"), denied=self._denied)
        finally:
            self.busy = False
        if result is not None:
            self._show(result.view, result.message, sticky=True)

    async def _next_task(self) -> None:
        view = await self.ctx.attempt(picking.claim_next, self.ctx.actor(), key=new_key("claim"))
        if view is None:
            self.ctx.feedback.warn(_("No pick task is ready now. Ask your supervisor."))
            return
        self.view = view
        self._render()
        self.ctx.feedback.prompt(view.step.message)
