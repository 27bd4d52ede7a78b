"""Acting on one exception, by kind, each through the service that owns it (they check the role, audit,
and close the exception):
  short pick / count differs -> the count review: approve with a reason (books adjusted) or count again
  weight mismatch / held package -> release the package with a note (it gets its label)
  print failure -> retry the same job, or reprint as a new job
  webhook failed (a seller's system did not take an event) -> send it again from the first try
  quarantined return unit -> decide again where it goes, with a reason (restock, refurbish, ...)
  anything else (unexpected return, discrepancies) -> resolve with a note."""

from __future__ import annotations

from typing import TYPE_CHECKING

import flet as ft

from app.i18n import N_, _
from app.services import board, counts, exceptions, packing, printjobs, return_units, webhooks
from app.ui import theme
from app.ui.supervisor import widgets as w
from app.ui.supervisor.labels import DISPOSITIONS, EXCEPTION_KINDS, shown
from app.ui.supervisor.table import Cell, Column, Row, Table

if TYPE_CHECKING:
    from app.ui.supervisor.frame import BoardScreen

COUNT_STATES = {"open": N_("Waiting to be counted."), "recount": N_("Waiting for a second count."),
                "review": N_("Counted twice and still differs from the books: your decision."),
                "done": N_("Counted and booked.")}
PACKAGE_KINDS = ("weight_mismatch", "held_package")


class ExceptionPanel:
    def __init__(self, queue: BoardScreen) -> None:   # the exceptions queue it opens from
        self.queue = queue
        self.ctx = queue.ctx
        self.row: board.ExceptionRow | None = None
        self.note = w.Field(self.ctx, _("Note: what you checked or did"), "exception.note")
        self.decision = w.Choice([], "", key="exception.disposition")

    async def open(self, row: board.ExceptionRow) -> None:
        self.row = row
        self.note.value = ""
        facts = [row.message, " · ".join(f for f in (row.where, row.who, _("since {time}", time=w.clock(
            row.created_at))) if f)]
        controls: list[ft.Control] = [w.label("\n".join(f for f in facts if f), key="exception.facts", lines=8)]
        if row.status == "open":
            controls += await self._actions(row)
        self.queue.panel.open(("exception", row.id), shown(EXCEPTION_KINDS, row.kind), controls)

    async def _actions(self, row: board.ExceptionRow) -> list[ft.Control]:
        specific: list[ft.Control] = []
        resolve_text = _("Resolve with this note")
        if row.count_task_id is not None:
            specific = await self._count_review(row.count_task_id)
            resolve_text = _("Close without the count")
        elif row.kind in PACKAGE_KINDS and row.package_id is not None:
            specific = [self.note.control,
                        w.button(_("Release the package"), self._release, key="exception.release", kind="ok")]
        elif row.kind == "quarantine" and row.detail.get("unit_id"):
            self.decision = w.Choice([(k, _(t)) for k, t in DISPOSITIONS], "", key="exception.disposition")
            specific = [w.label(_("Decide again for this unit:"), bold=True), self.decision.control, self.note.control,
                        w.button(_("Decide"), self._redispose, key="exception.redispose", kind="primary")]
        elif row.kind == "print_failure" and row.detail.get("job_id"):
            specific = [ft.Row([w.button(_("Retry"), self._retry, key="exception.retry", kind="primary"),
                                w.button(_("Reprint"), self._reprint, key="exception.reprint")], spacing=10)]
        elif row.kind == "webhook_failed" and row.detail.get("event"):
            specific = [w.button(_("Retry"), self._send_again, key="exception.retry", kind="primary")]
        if not any(c is self.note.control for c in specific):
            specific.append(self.note.control)
        return [ft.Divider(color=theme.MUTED), *specific,
                w.button(resolve_text, self._resolve, key="exception.resolve")]

    async def _count_review(self, task_id: int) -> list[ft.Control]:
        try:
            review = await self.ctx.call(counts.review, self.ctx.actor(), task_id)
        except Exception:
            return [w.label(_("The count review could not be read."), color=theme.ERROR)]
        state = w.label(_("Count {id}: {state}", id=task_id, state=_(COUNT_STATES.get(review.status, review.status))),
                        bold=True, key="exception.count.state", lines=3)
        table = Table([Column(N_("Product"), 200), Column(N_("Lot"), 70), Column(N_("Books"), 90, numeric=True),
                       Column(N_("Counted"), 100, numeric=True)], key="exception.count.lines",
                      empty=_("No difference counted yet."), scroll=False)
        table.show([Row(i, (v.sku if v.sku.startswith(v.seller) else f"{v.seller} {v.sku}", v.lot or "—",
                            str(v.expected), Cell(str(v.counted), bold=True)))
                    for i, v in enumerate(review.variances)])
        if review.status != "review":
            return [state, table.control]
        return [state, table.control, self.note.control,
                ft.Row([w.button(_("Approve: adjust the books"), self._approve, key="exception.approve", kind="ok"),
                        w.button(_("Count again"), self._recount, key="exception.recount")], spacing=10, wrap=True)]

    def _noted(self, what: str) -> str | None:
        if not self.note.value:
            self.ctx.feedback.error(_("Write a note first: {what}", what=what))
            return None
        return self.note.value

    async def _approve(self) -> None:
        reason = self._noted(_("why the books change."))
        if reason and self.row:
            await self.queue.act(counts.approve, self.row.count_task_id, reason, ok=_("Books adjusted."))

    async def _recount(self) -> None:
        reason = self._noted(_("why it is counted again."))
        if reason and self.row:
            await self.queue.act(counts.reject, self.row.count_task_id, reason,
                                 ok=_("The bin will be counted again."))
            await self.open(self.row)

    async def _release(self) -> None:
        note = self._noted(_("what you checked."))
        row = self.row
        if not note or row is None:
            return
        done = await self.queue.act(packing.release_hold, row.package_id, note,
                                    ok=_("Package released: its label is printing."))
        if done is not None and row.kind != "weight_mismatch":   # release_hold closes weight mismatches only
            await self.queue.act(exceptions.resolve, row.id, note)

    async def _retry(self) -> None:
        if self.row:
            await self.queue.act(printjobs.retry, int(self.row.detail["job_id"]), ok=_("Sent to the printer again."))

    async def _send_again(self) -> None:
        if self.row:
            await self.queue.act(webhooks.retry, str(self.row.detail["event"]), ok=_("Sent to the seller again."))

    async def _reprint(self) -> None:
        row = self.row
        if row is None:
            return
        job = await self.queue.act(printjobs.reprint, int(row.detail["job_id"]))
        if job is not None:
            await self.queue.act(exceptions.resolve, row.id, _("Reprinted as job {id}.", id=job.id),
                                 ok=_("Reprinted as job {id}.", id=job.id))

    async def _redispose(self) -> None:
        if not self.decision.value:
            self.ctx.feedback.error(_("Choose what happens to the unit."))
            return
        reason = self._noted(_("why it goes there."))
        if reason and self.row:
            await self.queue.act(return_units.redispose, int(self.row.detail["unit_id"]), self.decision.value,
                                 reason, ok=_("Decided: {what}.", what=shown(dict(DISPOSITIONS), self.decision.value)))

    async def _resolve(self) -> None:
        note = self._noted(_("how it was resolved."))
        if note and self.row:
            await self.queue.act(exceptions.resolve, self.row.id, note, ok=_("Resolved."))
