"""One count waiting for the supervisor: the bin, every product whose count differs from the books
(books, counted, difference), a reason, and Approve (the books change) or Count again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import flet as ft

from app.i18n import N_, _
from app.services import counts
from app.services.counts import CountResult
from app.ui import theme
from app.ui.stock.kit import act
from app.ui.stock.transfer_plan import new_key
from app.ui.stock.widgets import Col, field, heading, table

COLS = [Col(N_("Seller"), 120), Col(N_("SKU"), 180), Col(N_("Lot"), 120), Col(N_("Books"), 120, True),
        Col(N_("Counted"), 140, True), Col(N_("Difference"), 170, True)]


@dataclass(frozen=True)
class Waiting:
    bin: str
    message: str
    result: CountResult


def waiting(reviews: list[counts.CountReview]) -> list[Waiting]:
    """Counts waiting for approval (counts.in_review), bin by bin, with the last round against the books."""
    return [Waiting(r.bin, _("Bin {bin}: counted twice, differs from the books.", bin=r.bin),
                    CountResult(r.task_id, "review", "", r.variances)) for r in reviews]


class ReviewCard:
    def __init__(self, ctx, w: Waiting, on_done: Callable[[], Awaitable[None]]) -> None:
        self.ctx, self.w, self.on_done = ctx, w, on_done
        self.keys = {"approve": new_key(), "reject": new_key()}
        task = w.result.task_id
        self.reason = field(ctx, _("Reason (required to approve)"), key=f"review.{task}.reason", upper=False)
        rows = [([v.seller, v.sku, v.lot or "–", v.expected, v.counted, f"{v.counted - v.expected:+d}"],
                 "error" if v.counted < v.expected else "warn") for v in w.result.variances]
        self.control = ft.Container(ft.Column([
            heading(_("Bin {bin}", bin=w.bin), key=f"review.{task}.bin"),
            theme.text(w.message, color=theme.MUTED),
            table(COLS, rows, key=f"review.{task}.variances"),
            ft.Row([self.reason,
                    act(_("Approve"), self.approve, key=f"review.{task}.approve", kind="ok"),
                    act(_("Count again"), self.reject, key=f"review.{task}.reject",
                                 kind="plain")], spacing=theme.GAP, vertical_alignment=ft.CrossAxisAlignment.CENTER),
        ], spacing=10), padding=12, border=ft.Border.all(2, theme.PANEL), border_radius=theme.RADIUS)

    async def approve(self) -> None:
        done = await self.ctx.call(counts.approve, self.ctx.actor(), self.w.result.task_id, self.reason.value or "",
                                   key=self.keys["approve"])
        self.ctx.feedback.ok(_("Bin {bin}: {said}", bin=self.w.bin, said=done.message))
        await self.on_done()

    async def reject(self) -> None:
        done = await self.ctx.call(counts.reject, self.ctx.actor(), self.w.result.task_id,
                                   self.reason.value or _("sent back for another count"), key=self.keys["reject"])
        self.ctx.feedback.ok(_("Bin {bin}: {said}", bin=self.w.bin, said=done.message))
        await self.on_done()
