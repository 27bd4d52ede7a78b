"""Inspect one unit: its condition grade and what the clerk sees (big buttons), notes, photos from the
kiosk camera or files (the browser's file picker), then save: the seller's rules propose a decision."""

from __future__ import annotations

import flet as ft

from app.domain.returns import GRADES, OBSERVED_REASONS, grade_label
from app.i18n import _
from app.services import return_units
from app.services.returns import UnitView
from app.ui import theme
from app.ui.returns.parts import choice, disposition_text, guarded_field, heading, panel, reason_label, unit_name
from app.ui.returns.photos import PhotoStrip

CHOOSABLE = tuple(g for g in GRADES if g != "missing")   # missing is for units that never came


class InspectView:
    manual = False

    def __init__(self, desk, unit: UnitView) -> None:
        self.desk = desk
        self.unit = unit
        self.grade = unit.grade or ""
        self.reason = unit.observed_reason or ""
        self.grades = ft.Row(wrap=True, spacing=12, run_spacing=10, key="returns.grades")
        self.reasons = ft.Row(wrap=True, spacing=12, run_spacing=10, key="returns.reasons")
        self.notes = guarded_field(desk.ctx, label=_("Notes"), key="returns.notes", value=unit.notes,
                                   multiline=True, width=360)
        self.photo_count = theme.text("", theme.TEXT_BODY, key="returns.photos")
        self.strip = PhotoStrip(desk)

    def prompt(self) -> str:
        return _("Grade the unit and say what you see; add notes and photos; then save.")

    def build(self) -> ft.Control:
        self._render()
        unit = self.unit
        title: list[ft.Control] = [theme.text(unit_name(unit), theme.TEXT_TITLE, bold=True, key="returns.unit.name")]
        if unit.grade in ("wrong_item", "not_ours"):
            title.append(panel([theme.text(_("Not on this return: recorded as {grade}.", grade=grade_label(unit.grade)),
                                           theme.TEXT_BODY, bold=True, color=theme.WARN)],
                               tint=theme.WARN_TINT, padding=10))
        left = ft.Column([*title, heading(_("Condition")), self.grades, heading(_("What you see")), self.reasons],
                         spacing=8, expand=True, scroll=ft.ScrollMode.AUTO)   # fits 554 px: no scrolling
        photo = self.desk.photos.button(width=360)
        right = ft.Column([
            self.notes, photo, self.photo_count, self.strip.control,
            theme.button(_("Save"), self._save, key="returns.save", kind="ok", icon=ft.Icons.CHECK, width=360),
            theme.button(_("Back to the parcel"), self._back, key="returns.back", kind="plain", width=360),
        ], spacing=12, width=360)
        return ft.Row([left, right], spacing=24, vertical_alignment=ft.CrossAxisAlignment.START, expand=True)

    def _render(self) -> None:
        self.grades.controls = [choice(grade_label(g), g == self.grade, self._pick_grade(g), key=f"returns.grade.{g}")
                                for g in CHOOSABLE]
        self.reasons.controls = [choice(reason_label(r), r == self.reason, self._pick_reason(r),
                                        key=f"returns.reason.{r}") for r in OBSERVED_REASONS]
        self.photo_count.value = _("Photos: {n}", n=self.unit.photos)

    def _pick_grade(self, grade: str):
        def pick() -> None:
            self.grade = grade
            self._render()
        return pick

    def _pick_reason(self, reason: str):
        def pick() -> None:
            self.reason = reason
            self._render()
        return pick

    def photos_changed(self, unit: UnitView | None) -> None:
        if unit is not None:
            self.unit = unit
        self._render()

    async def _save(self) -> None:
        desk = self.desk
        graded = await desk.act(return_units.grade, self.unit.id, self.grade, self.reason, self.notes.value or "")
        if graded is None:
            return
        await desk.reload()
        said = _("Graded {grade}. The seller's rules say: {proposal}.", grade=grade_label(graded.grade),
                 proposal=disposition_text(graded.proposed))
        await desk.open_unit(graded, said, "ok")

    def _back(self) -> None:
        self.desk.show_contents()
