"""The picker's home: one big button, "Start picking" (claim the next task) or "Resume task"; and Stock
(receiving, put-away, counts: /stock, app/ui/stock)."""

from __future__ import annotations

import flet as ft

from app.i18n import N_, _
from app.services import picking
from app.ui import theme
from app.ui.calls import pressed
from app.ui.home import RoleHome
from app.ui.picker.widgets import new_key

TASK = "/pick/task"


class PickerHome(RoleHome):
    headline = N_("Pick orders into totes.")
    duties = (N_("Take a pick task: the bins come in walking order."),
              N_("Scan the bin, then each item, into the tote."),
              N_("Bin short or empty? Say so: a supervisor is told at once."))

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.mine = None
        self.gone = False
        self.start = theme.button(_("Start picking"), pressed(self._start), key="pick.start", kind="ok",
                                  icon=ft.Icons.PLAY_ARROW, height=120, size=44, padding=48)
        self.task = theme.text("", theme.TEXT_BODY, bold=True, color=theme.MUTED, key="pick.home.task")
        self.stock = theme.button(_("Stock"), lambda: self.ctx.go("/stock"), key="home.action.stock", kind="plain",
                                  icon=ft.Icons.INVENTORY, height=88)

    def build(self) -> ft.Control:
        page = super().build()
        page.controls.insert(2, ft.Row([self.start, self.task], spacing=theme.GAP * 2,
                                       vertical_alignment=ft.CrossAxisAlignment.CENTER))
        page.controls[-1] = self.stock   # instead of "your work screens arrive here soon"
        return page

    async def shown(self) -> None:
        await super().shown()
        # looked up beside the shell's show(), not inside it: a show() that awaits can push its route
        # after a later one (a tap on Start picking) and bounce the picker back here
        self.ctx.spawn(self._look_up())

    def leave(self) -> None:
        self.gone = True

    async def _look_up(self) -> None:
        self.mine = await self.ctx.attempt(picking.my_task, self.ctx.actor())
        if self.gone:
            return
        if self.mine is not None:
            v = self.mine
            self.start.content.value = _("Resume task")
            self.task.value = _("Task {id}: lines {done}/{total}, units {picked}/{units}", id=v.task_id,
                                done=v.lines_done, total=v.lines_total, picked=v.units_picked, units=v.units_total)
            self.ctx.feedback.prompt(_("You have a task on your cart. Press Resume task."))
        self.ctx.send()

    async def _start(self) -> None:
        if self.mine is None:
            view = await self.ctx.attempt(picking.claim_next, self.ctx.actor(), key=new_key("claim"))
            if view is None:
                if self.ctx.feedback.last is None or self.ctx.feedback.last[0] != "error":
                    self.ctx.feedback.warn(_("No pick task is ready now. Ask your supervisor."))
                return
        await self.ctx.go(TASK)
