"""One station on the live board: pause or resume it, log its person out, reassign or unassign a pick task.

Every action is its service's command (stations.pause, stations.log_out_remotely, picking.reassign):
the service checks the role and writes the audit row. The picker's tablet learns of a reassignment
from the service (its next scan is refused with who has the task now; its task screen polls
picking.check_task)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import flet as ft

from app.i18n import _
from app.services import picking, stations
from app.ui import theme
from app.ui.supervisor import widgets as w
from app.ui.supervisor.labels import STATION_KINDS, shown

if TYPE_CHECKING:
    from app.ui.supervisor.frame import BoardScreen


def task_number(task_text: str) -> str:
    """The pick task number the board shows ('Pick task 12: 3/5 lines'), to fill in the field."""
    found = re.search(r"\d+", task_text or "")
    return found.group(0) if found else ""


class StationPanel:
    def __init__(self, board: BoardScreen) -> None:   # the live board it opens from
        self.board = board
        self.ctx = board.ctx
        self.station_id: int | None = None
        self.status = w.label("", key="board.panel.status", lines=6)
        self.pause = w.button("", self._pause, key="board.panel.pause", icon=ft.Icons.PAUSE)
        self.logout = w.button("", self._logout, key="board.panel.logout", kind="danger", icon=ft.Icons.LOGOUT)
        self.task = w.Field(self.ctx, _("Pick task number"), "board.panel.task", digits=True)
        self.badge = w.Field(self.ctx, _("Give it to badge"), "board.panel.badge", on_submit=self._give)

    def open(self, station_id: int) -> None:
        row = self.board.row(station_id)
        if row is None:
            return
        self.station_id = station_id
        self.task.value, self.badge.value = task_number(row.task), ""
        give = w.button(_("Give to this badge"), self._give, key="board.panel.give", kind="primary")
        queue = w.button(_("Back to the queue"), self._unassign, key="board.panel.queue")
        self.board.panel.open(("station", station_id), row.name, [
            self.status, ft.Row([self.pause, self.logout], spacing=10, wrap=True),
            ft.Divider(color=theme.MUTED),
            w.label(_("Reassign a pick task"), 22, bold=True),
            w.label(_("To another picker, or back to the queue. The picker who had it is told on the tablet."),
                    w.TEXT_SMALL, color=theme.MUTED, lines=3),
            self.task.control, self.badge.control, ft.Row([give, queue], spacing=10, wrap=True)])
        self.refresh()

    def refresh(self) -> None:
        """Keep what the panel says in step with the board (typed fields are left alone)."""
        if self.board.panel.subject != ("station", self.station_id):
            return
        row = self.board.row(self.station_id)
        if row is None:
            self.board.panel.close()
            return
        state = _("online") if row.online else _("offline")
        if row.paused:
            state = _("{state}, paused", state=state)
        lines = [_("{kind}, {state}", kind=shown(STATION_KINDS, row.kind), state=state),
                 _("Signed in: {name}", name=row.user) if row.user else _("Nobody is signed in."),
                 row.task or _("No pick task."),
                 _("Last scan: {code}, {ago} ago", code=row.last_scan, ago=w.ago(row.idle_seconds))
                 if row.last_scan and row.idle_seconds is not None else ""]
        self.status.value = "\n".join(line for line in lines if line)
        self.pause.content.value = _("Resume") if row.paused else _("Pause")
        self.pause.icon.icon = ft.Icons.PLAY_ARROW if row.paused else ft.Icons.PAUSE
        self.logout.content.value = _("Log out {name}", name=row.user.split(" ")[0]) if row.user else ""
        self.logout.visible = bool(row.user)

    async def _pause(self) -> None:
        row = self.board.row(self.station_id)
        if row is None:
            return
        pausing = not row.paused
        await self.board.act(stations.pause, row.id, pausing,
                             ok=_("{name} paused.", name=row.name) if pausing else _("{name} resumed.", name=row.name))

    async def _logout(self) -> None:
        row = self.board.row(self.station_id)
        if row is None or not row.user:
            return
        await self.board.act(stations.log_out_remotely, row.id,
                             ok=_("{person} was logged out of {name}.", person=row.user, name=row.name))

    def _task_id(self) -> int | None:
        if not self.task.value.isdigit():
            self.ctx.feedback.error(_("Type the pick task number (the board shows it: Pick task 12)."))
            return None
        return int(self.task.value)

    async def _give(self) -> None:
        task_id = self._task_id()
        if task_id is None:
            return
        badge = self.badge.value.upper().removeprefix("BADGE-")
        if not badge:
            self.ctx.feedback.error(_("Type the badge of the picker who takes it over."))
            return
        await self.board.act(picking.reassign, task_id, badge,
                             ok=_("Pick task {id} given to badge {badge}.", id=task_id, badge=badge))

    async def _unassign(self) -> None:
        task_id = self._task_id()
        if task_id is not None:
            await self.board.act(picking.reassign, task_id, None,
                                 ok=_("Pick task {id} is back in the queue.", id=task_id))
