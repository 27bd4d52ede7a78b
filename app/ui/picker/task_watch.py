"""The pick task may be taken away: a poll of `check_task` every `poll_seconds`, and what a refused
command means (a mixin of PickTask). A supervisor's reassign sends the picker home at once, told who has
the task now; a refusal for another reason (a paused station) is shown and the picker stays; a new notice
on the task (an order of it cancelled) is shown at once with the step that follows."""

from __future__ import annotations

import asyncio
import logging

from app.services import picking

log = logging.getLogger(__name__)
HOME = "/pick"


class TaskWatch:
    poll_seconds = 1.5

    def watch(self) -> None:
        self._poll = asyncio.create_task(self._watch(), name="pick-task-watch")

    def unwatch(self) -> None:
        self.gone = True
        poll = getattr(self, "_poll", None)
        if poll is not None and poll is not asyncio.current_task():   # never cancel the poll from inside it
            poll.cancel()

    async def _watch(self) -> None:
        while not self.gone:
            await asyncio.sleep(self.poll_seconds)
            if self.ctx.signed_in is None:
                return
            try:
                check = await self.ctx.call(picking.check_task, self.ctx.actor(), self.view.task_id)
            except Exception:
                log.warning("could not check the pick task", exc_info=True)
                continue
            if not check.mine:
                await self._lost(check.message)
                return
            if check.message and self.view is not None and check.message != self.view.notice:
                await self._told(check.message)   # e.g. an order of the task was cancelled: show it now

    async def _told(self, notice: str) -> None:
        self.view = await self.ctx.call(picking.task_view, self.ctx.actor(), self.view.task_id)
        self._render()
        self.ctx.feedback.warn(f"{notice} {self.view.step.message}")
        self.ctx.send()

    async def _denied(self, message: str) -> None:
        check = await self.ctx.call(picking.check_task, self.ctx.actor(), self.view.task_id)
        if check.mine:   # refused for another reason (a paused station): say so, stay
            self.ctx.feedback.error(message)
        else:
            await self._lost(check.message)

    async def _lost(self, message: str) -> None:
        if self.gone:
            return
        self.gone = True
        await self.ctx.go(HOME)
        self.ctx.feedback.error(message)
        self.ctx.send()
