"""/pick/task: the pick task, one step at a time. Totes for the cart slots, then bin by bin: scan the bin,
scan each unit (or Count for many), Short / empty bin, Undo last scan; done -> take the totes to packing.

Every scan goes to `picking.scan` with the scan's own key; a refusal (wrong bin, wrong item, too many)
flashes red with the service's words and records nothing. The buttons live in task_actions.py, the poll
that notices a supervisor's reassign in task_watch.py.
"""

from __future__ import annotations

import asyncio

import flet as ft

from app.domain.errors import DomainError, PermissionDenied
from app.domain.picking import Step
from app.i18n import _
from app.services import picking
from app.services.picking import TaskView
from app.ui import theme
from app.ui.calls import pressed
from app.ui.picker.panels import CountPanel, ShortPanel
from app.ui.picker.step_view import StepView
from app.ui.picker.task_actions import TaskActions
from app.ui.picker.task_watch import HOME, TaskWatch
from app.ui.scan.manual import ManualEntry
from app.ui.scan.pipeline import RECORDED, Scan
from app.ui.screen import Screen


class PickTask(TaskActions, TaskWatch, Screen):
    activity = "picking"
    takes_scans = True

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.view: TaskView | None = None
        self.count: int | None = None      # units the next item scan takes (the Count button)
        self.gone = False
        self.busy = False
        self.step = StepView()
        self.panel: CountPanel | ShortPanel | None = None   # Count or Short / empty bin, while open
        self.panel_slot = ft.Container()
        self.manual = ManualEntry(ctx.scans)

        def act(label, handler, key, kind="primary", icon=None):
            return theme.button(label, pressed(handler), key=key, kind=kind, icon=icon, height=88, size=28,
                                padding=22)

        self.count_btn = act(_("Count"), self._open_count, "pick.count_button", icon=ft.Icons.DIALPAD)
        self.short_btn = act(_("Short / empty bin"), self._open_short, "pick.short_button", "danger",
                             ft.Icons.REPORT)
        self.undo_btn = act(_("Undo last scan"), self._undo, "pick.undo", "plain", ft.Icons.UNDO)
        self.next_btn = act(_("Next task"), self._next_task, "pick.next", "ok", ft.Icons.PLAY_ARROW)
        self.home_btn = act(_("Home"), lambda: self.ctx.go(HOME), "pick.home", "plain", ft.Icons.HOME)
        self.actions = ft.Row([self.count_btn, self.short_btn, self.undo_btn, self.next_btn, self.home_btn,
                               ft.Container(self.manual.control, expand=True)], spacing=theme.GAP,
                              vertical_alignment=ft.CrossAxisAlignment.CENTER)

    def build(self) -> ft.Control:
        return ft.Column([self.step.control, self.panel_slot, ft.Container(expand=True), self.actions],
                         spacing=theme.GAP, expand=True)

    async def shown(self) -> None:
        self.ctx.spawn(self._load())   # beside the shell's show(), as on the home (see home.py)

    async def _load(self) -> None:
        view = await self.ctx.attempt(picking.my_task, self.ctx.actor())
        if self.gone:
            return
        if view is None:
            await self.ctx.go(HOME)
            self.ctx.feedback.warn(_("You have no pick task now. Press Start picking."))
            return
        self.view = view
        self._render()
        words = view.step.message
        if view.notice:
            self.ctx.feedback.warn(f"{view.notice} {words}")
        else:
            self.ctx.feedback.prompt(words)
        self.watch()
        self.ctx.send()

    def leave(self) -> None:
        self.unwatch()

    async def ready(self) -> None:
        while self.view is None and not self.gone:   # _load is on its way
            await asyncio.sleep(0.05)

    # ---- scans -----------------------------------------------------------------------------------
    async def on_scan(self, scan: Scan) -> bool | None:
        if self.view is None:
            raise DomainError(_("The task is still loading. Scan again in a moment."))
        if self.panel is not None:
            raise DomainError(_("Finish this first: press OK or Cancel."))
        counted = self.count if self.count and self.view.step.kind == Step.SCAN_ITEM else None
        try:
            result = await self.ctx.call(picking.scan, self.ctx.actor(), self.view.task_id, scan.scanned,
                                         quantity=counted or 1, key=scan.key, at=scan.at)
        except PermissionDenied as exc:
            await self._denied(exc.message)
            return
        if counted:
            self.count = None
        self._show(result.view, result.message)
        return RECORDED   # picking.scan wrote it on the station (its double-fire check)

    def _show(self, view: TaskView, message: str, *, sticky: bool = False) -> None:
        """A step went through: green flash and tone; the strip keeps `message` (sticky) or says what next."""
        self.view = view
        self._render()
        self.ctx.feedback.ok(message)
        if sticky:
            self.ctx.feedback.warn(message)
        else:
            self.ctx.feedback.prompt(self._next_words())

    def _next_words(self) -> str:
        words = self.view.step.message
        return f"{words} {_('Next scan counts {n}.', n=self.count)}" if self.count else words

    def _render(self) -> None:
        kind = self.view.step.kind
        panel = self.panel is not None
        self.panel_slot.content = self.panel.control if panel else None
        self.step.render(self.view, self.count)
        self.step.control.visible = self.actions.visible = not panel
        self.count_btn.visible = kind == Step.SCAN_ITEM
        self.short_btn.visible = self.view.step.walking
        self.undo_btn.visible = self.view.can_undo
        self.next_btn.visible = self.home_btn.visible = kind == Step.DONE
        self.manual.control.visible = kind != Step.DONE
