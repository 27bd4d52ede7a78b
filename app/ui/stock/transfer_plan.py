"""The supervisor's transfer form (seller, from, to, SKU lines) and the replenishment suggestions that
can be accepted as they are or copied into the form to edit."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import flet as ft

from app.domain.errors import InvalidInput
from app.i18n import N_, _
from app.services import transfers
from app.services.transfers import Suggestion, TransferView
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

    def fill(self, s: Suggestion) -> None:
        """Copy a suggestion into the form to change it before planning."""
        self.seller.value, self.src, self.dst = s.seller, s.from_warehouse, s.to_warehouse
        self.lines, self.key = [], new_key()
        self.add_line(s.sku, s.quantity)

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


def suggestions(ctx, found: list[Suggestion], on_planned, on_edit: Callable[[Suggestion], None]) -> ft.Control:
    """Replenishment: where a product runs short and another warehouse has spare. Accept, or edit
    (on_edit copies it into the form)."""
    keys = {id(s): new_key() for s in found}

    def accept(s: Suggestion):
        async def run() -> None:
            view = await ctx.call(transfers.plan, ctx.actor(), s.seller, s.from_warehouse, s.to_warehouse,
                                  [(s.sku, s.quantity)], key=keys[id(s)])
            ctx.feedback.ok(_("{number} planned from the suggestion.", number=view.number))
            await on_planned(view)
        return pressed(run)

    def edit(s: Suggestion):
        return lambda: on_edit(s)

    rows = [([s.sku, s.seller, f"{s.from_warehouse} → {s.to_warehouse}", s.quantity,
              _("{days} days left · {why}", days=s.short_in_days, why=s.reason),
              ft.Row([theme.button(_("Accept"), accept(s), key=f"suggest.{i}.accept", kind="ok"),
                      act(_("Edit"), edit(s), key=f"suggest.{i}.edit", kind="plain")], spacing=8)],
             "warn" if s.short_in_days < 3 else "")
            for i, s in enumerate(found)]
    cols = [Col(N_("SKU"), 160), Col(N_("Seller"), 110), Col(N_("Move"), 150), Col(N_("Units"), 90, True),
            Col(N_("Why")), Col(N_("Decide"), 270)]
    return ft.Column([heading(_("Replenishment suggestions"), key="suggest.title"),
                      table(cols, rows, key="suggest", empty=_("No warehouse runs short of anything now."))],
                     spacing=8)
