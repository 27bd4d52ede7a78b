"""The supervisor's transfer form (seller, from, to, SKU lines) and the planner's proposed moves, which
can be approved as they are, dismissed, or copied into the form to edit."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import flet as ft

from app.domain.errors import InvalidInput
from app.i18n import N_, _, n_
from app.services import network, planner, transfers
from app.services.planner import MoveView, PlanView
from app.services.transfers import TransferView
from app.ui import theme
from app.ui.calls import pressed
from app.ui.stock.kit import act
from app.ui.stock.widgets import Col, choice_buttons, field, heading, table


def new_key() -> str:
    return f"ui-{uuid.uuid4().hex}"


class PlanForm:
    """Fill in, press Plan: one command key per filled form, so a double press plans once."""

    def __init__(self, ctx, on_planned: Callable[[TransferView], Awaitable[None]]) -> None:
        self.ctx, self.on_planned = ctx, on_planned
        self.warehouses: list[str] = []
        self.src: str | None = None
        self.dst: str | None = None
        self.key = new_key()
        self.seller = field(ctx, _("Seller"), key="plan.seller", width=220)
        self.lines: list[tuple[ft.TextField, ft.TextField]] = []
        self.control = ft.Column(spacing=12, key="plan")
        self.add_line()

    def add_line(self, sku: str = "", qty: int | None = None) -> None:
        n = len(self.lines)
        self.lines.append((field(self.ctx, _("SKU"), key=f"plan.sku.{n}", value=sku, width=300),
                           field(self.ctx, _("Quantity"), key=f"plan.qty.{n}", width=180, numeric=True,
                                 value="" if qty is None else str(qty))))
        self.render()

    def fill(self, m: MoveView) -> None:
        """Copy a planned move into the form to change it before planning."""
        self.seller.value, self.src, self.dst = m.seller, m.source, m.dest
        self.lines, self.key = [], new_key()
        self.add_line(m.sku, m.units)

    def _from(self, code: str) -> None:
        self.src = code
        self.render()

    def _to(self, code: str) -> None:
        self.dst = code
        self.render()

    async def plan(self) -> None:
        wanted = []
        for i, (sku, qty) in enumerate(self.lines):
            if not (sku.value or "").strip() and not (qty.value or "").strip():
                continue
            text = (qty.value or "").strip()
            if not text.isdigit():
                raise InvalidInput(_("The transfer was not planned; see the fields."),
                                   {f"lines[{i}].quantity": _("line {n}: a whole number, 1 or more", n=i + 1)})
            wanted.append(((sku.value or "").strip().upper(), int(text)))
        if not self.src or not self.dst:
            raise InvalidInput(_("Choose where from and where to."))
        view = await self.ctx.call(transfers.plan, self.ctx.actor(), (self.seller.value or "").strip().upper(),
                                   self.src, self.dst, wanted, key=self.key)
        self.key, self.seller.value, self.lines = new_key(), "", []
        self.add_line()
        self.ctx.feedback.ok(_("{number} planned: the floor picks it with the next wave.", number=view.number))
        await self.on_planned(view)

    def render(self) -> None:
        rows = [ft.Row([sku, qty], spacing=theme.GAP) for sku, qty in self.lines]
        self.control.controls = [
            heading(_("Plan a transfer"), key="plan.title"),
            ft.Row([self.seller, theme.text(_("From"), bold=True),
                    *choice_buttons(self.ctx, self.warehouses, self.src, self._from, key="plan.from", width=130),
                    theme.text(_("To"), bold=True),
                    *choice_buttons(self.ctx, self.warehouses, self.dst, self._to, key="plan.to", width=130)],
                   spacing=theme.GAP, vertical_alignment=ft.CrossAxisAlignment.CENTER),
            *rows,
            ft.Row([act(_("Add a line"), lambda: self.add_line(), key="plan.add", kind="plain"),
                    act(_("Plan transfer"), self.plan, key="plan.submit", kind="ok")],
                   spacing=theme.GAP)]


def suggestions(ctx, plan: PlanView | None, on_changed, on_edit: Callable[[MoveView], None]) -> ft.Control:
    """The planner's proposed moves, each with its one-line why: Approve (the transfer is made at the source
    site), Dismiss, or Edit (copied into the form); Plan now asks every site again."""
    keys: dict[object, str] = {}

    def decide(service, ids: list[int], done: str):
        async def run() -> None:
            await ctx.call(service, ctx.actor(), ids, key=keys.setdefault((service.__name__, tuple(ids)), new_key()))
            ctx.feedback.ok(done)
            await on_changed()
        return pressed(run)

    async def plan_now() -> None:
        found = await ctx.call(network.plan_network, ctx.actor(), key=new_key())
        if found.unreachable:
            ctx.feedback.warn(_("Planned without {sites}: no answer.", sites=", ".join(found.unreachable)))
        else:
            ctx.feedback.ok(n_("{n} move proposed.", "{n} moves proposed.", len(found.moves)))
        await on_changed()

    waiting = [m for m in (plan.moves if plan else ()) if m.status == "proposed"]
    rows = []
    for i, m in enumerate(waiting):
        where = ft.Column([theme.text(f"{m.source} → {m.dest}", bold=True),
                           theme.text(m.why, theme.TEXT_LABEL, color=theme.MUTED, key=f"suggest.{i}.why")],
                          spacing=2, tight=True)
        approved = _("Approved: {sku} {src} → {dst}.", sku=m.sku, src=m.source, dst=m.dest)
        rows.append(([m.sku, m.seller, where, m.units,
                      ft.Row([theme.button(_("Approve"), decide(planner.approve, [m.id], approved),
                                           key=f"suggest.{i}.accept", kind="ok"),
                              act(_("Edit"), lambda m=m: on_edit(m), key=f"suggest.{i}.edit", kind="plain"),
                              act(_("Dismiss"), decide(planner.dismiss, [m.id], _("Dismissed.")),
                                  key=f"suggest.{i}.dismiss", kind="plain")], spacing=8)],
                     "warn" if m.spike or m.cover_before < 2 else ""))
    cols = [Col(N_("SKU"), 175), Col(N_("Seller"), 100), Col(N_("Move and why")), Col(N_("Units"), 80, True),
            Col(N_("Decide"), 460)]
    head = [heading(_("Planned moves"), key="suggest.title"),
            act(_("Plan now"), plan_now, key="suggest.plan", kind="primary", icon=ft.Icons.AUTO_GRAPH)]
    if len(waiting) > 1:
        head.append(theme.button(_("Approve all {n}", n=len(waiting)),
                                 decide(planner.approve, [m.id for m in waiting], _("Every move approved.")),
                                 key="suggest.approve_all", kind="ok"))
    return ft.Column([ft.Row(head, spacing=theme.GAP, vertical_alignment=ft.CrossAxisAlignment.CENTER),
                      table(cols, rows, key=None,
                            empty=_("Nothing to move: every warehouse has its cover, or no site can spare it."))],
                     spacing=8)
