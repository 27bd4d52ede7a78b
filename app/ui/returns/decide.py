"""Decide where the unit goes: the seller's rules propose, the clerk confirms, or overrides with a reason
(required by the service and recorded). Restock waits for a bin scan; everything else moves now."""

from __future__ import annotations

import flet as ft

from app.domain.returns import DISPOSITIONS, grade_label
from app.i18n import _
from app.services import return_units
from app.services.returns import UnitView
from app.ui import theme
from app.ui.returns.inspect import InspectView
from app.ui.returns.parts import choice, disposition_text, guarded_field, heading, panel, reason_label, unit_name
from app.ui.returns.photos import PhotoStrip


class DecideView:
    manual = False

    def __init__(self, desk, unit: UnitView) -> None:
        self.desk = desk
        self.unit = unit
        self.choice = unit.proposed or ""
        self.choices = ft.Row(wrap=True, spacing=12, run_spacing=12, key="returns.dispositions")
        self.why = guarded_field(desk.ctx, label=_("Why otherwise? (required)"), key="returns.override_reason",
                                 width=828)
        self.strip = PhotoStrip(desk, tile=120)   # under the buttons: the decision's field stays in view
        self.why_slot = ft.Column()   # the field is added when needed (added, not unhidden: Flet then tracks it)
        self.confirm = theme.button("", self._confirm, key="returns.confirm", kind="ok", width=380, height=96,
                                    padding=16)

    def prompt(self) -> str:
        return _("Confirm the decision, or pick another and say why.")

    def build(self) -> ft.Control:
        self._render()
        unit = self.unit
        seen = _("Grade {grade} · seen: {reason} · photos: {n}", grade=grade_label(unit.grade) if unit.grade else "",
                 reason=reason_label(unit.observed_reason), n=unit.photos)
        left = ft.Column([
            theme.text(unit_name(unit), theme.TEXT_TITLE, bold=True, key="returns.unit.name"),
            theme.text(seen, theme.TEXT_BODY, key="returns.unit.seen"),
            heading(_("Decision")), self.choices, self.why_slot,
        ], spacing=10, expand=True, scroll=ft.ScrollMode.AUTO)
        proposal = panel([
            theme.text(_("The seller's rules say"), theme.TEXT_BODY),
            theme.text(disposition_text(unit.proposed), theme.TEXT_TITLE, bold=True, color=theme.BRAND,
                       key="returns.proposal"),
        ], padding=20)
        right = ft.Column([
            ft.Container(proposal, width=380), self.confirm,
            theme.button(_("Change grade"), self._regrade, key="returns.regrade", kind="plain", width=380),
            theme.button(_("Back to the parcel"), self._back, key="returns.back", kind="plain", width=380),
            self.strip.control,
        ], spacing=12, width=380)
        return ft.Row([left, right], spacing=24, vertical_alignment=ft.CrossAxisAlignment.START, expand=True)

    def _render(self) -> None:
        self.choices.controls = [
            choice(disposition_text(d) + (" ★" if d == self.unit.proposed else ""), d == self.choice,
                   self._pick(d), key=f"returns.disposition.{d}") for d in DISPOSITIONS]
        overriding = self.choice != self.unit.proposed
        self.why_slot.controls = [self.why] if overriding else []
        self.confirm.content.value = _("Confirm: {decision}", decision=disposition_text(self.choice))
        self.confirm.style.bgcolor = theme.WARN if overriding else theme.OK

    def _pick(self, disposition: str):
        def pick() -> None:
            self.choice = disposition
            self._render()
            if disposition != self.unit.proposed:
                self.desk.ctx.feedback.prompt(_("Say why you decide otherwise than the seller's rules."))
                self.desk.refresh()
        return pick

    async def _confirm(self) -> None:
        desk, unit = self.desk, self.unit
        decided = await desk.act(return_units.dispose, unit.id, self.choice, self.why.value or "",
                                 key=desk.key("dispose", unit.id, self.choice))
        if decided is None:
            return
        await desk.reload()
        if decided.status == "to_put_away":
            await desk.open_unit(decided, _("Back to stock: open the restock label, then scan the bin."), "ok")
        else:
            desk.show_contents(_("{decision}: moved to {location}.", decision=disposition_text(decided.disposition),
                                 location=decided.location), "ok")

    def _regrade(self) -> None:
        self.desk.show(InspectView(self.desk, self.unit))

    def _back(self) -> None:
        self.desk.show_contents()
