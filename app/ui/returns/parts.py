"""Pieces every returns-desk view shares: labels people read, big choice buttons, text fields that keep
the scanner's keys out, and what is still pending on a return."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.domain.returns import disposition_label, grade_label
from app.i18n import N_, _
from app.services.returns import RmaView, UnitView
from app.ui import theme

# app.domain.returns has labels for grades and dispositions, not for what the clerk observes
REASON_LABELS = {
    "as_described": N_("As described"), "damaged_in_transit": N_("Damaged in transit"),
    "defective": N_("Defective"), "not_as_described": N_("Not as described"), "wrong_size": N_("Wrong size"),
    "changed_mind": N_("Changed mind"), "used": N_("Used"), "parts_missing": N_("Parts missing"),
    "other": N_("Other"),
}
STEP_LABELS = {  # unit status -> what it still needs
    "received": N_("Grade it"), "graded": N_("Decide where it goes"),
}
WIDE = 268   # three choices side by side in the left column of a 1280 px kiosk


def reason_label(reason: str) -> str:
    return _(REASON_LABELS[reason]) if reason in REASON_LABELS else reason


def grade_text(grade: str) -> str:
    return grade_label(grade) if grade else _("not graded")


def disposition_text(disposition: str) -> str:
    return disposition_label(disposition) if disposition else ""


def unit_name(unit: UnitView) -> str:
    return f"{unit.name} · {unit.sku}" if unit.sku else unit.name


def pending(rma: RmaView) -> list[UnitView]:
    """Units received but not finished: each still needs a grade, a decision or a put-away scan."""
    return [u for u in rma.units if u.status != "done"]


def done(rma: RmaView) -> list[UnitView]:
    return [u for u in rma.units if u.status == "done" and u.grade != "missing"]


def step_label(unit: UnitView) -> str:
    if unit.status == "to_put_away":
        bin_ = unit.suggested_bin or _("any pick bin")
        return _("Put it away ({bin})", bin=bin_)
    return _(STEP_LABELS.get(unit.status, N_("Grade it")))


def choice(label: str, selected: bool, on_click: Callable, *, key: str, width: int | None = WIDE,
           size: int = theme.TEXT_LABEL) -> ft.Button:
    """A big toggle: filled with a tick when chosen, outlined otherwise."""
    return theme.button(label, on_click, key=key, kind="primary" if selected else "plain", width=width,
                        size=size, icon=ft.Icons.CHECK if selected else None, padding=16)


def heading(value: str, *, key: str | None = None) -> ft.Text:
    return theme.text(value, theme.TEXT_LABEL, bold=True, color=theme.MUTED, key=key)


def panel(controls: list[ft.Control], *, tint: str = theme.PANEL, key: str | None = None,
          padding: int = 16) -> ft.Container:
    return ft.Container(ft.Column(controls, spacing=8, tight=True), bgcolor=tint, padding=padding,
                        border_radius=theme.RADIUS, key=key)


def picture(src: str, size: int = 96) -> ft.Control:
    """The product's photo when the catalogue has one, else a plain box icon."""
    blank = ft.Container(ft.Icon(ft.Icons.INVENTORY_2_OUTLINED, size=size * 0.6, color=theme.MUTED),
                         width=size, height=size, bgcolor=theme.PANEL, border_radius=theme.RADIUS,
                         alignment=ft.Alignment.CENTER)
    if not src:
        return blank
    return ft.Image(src=src, width=size, height=size, fit=ft.BoxFit.CONTAIN, border_radius=theme.RADIUS,
                    error_content=blank)


def guarded_field(ctx, *, label: str, key: str, value: str = "", multiline: bool = False,
                  width: int | None = None, expand: bool | None = None) -> ft.TextField:
    """A text field whose keys never reach the scan buffer while it has focus (like the manual field)."""
    def focused() -> None:
        ctx.scans.field_focused = True

    def blurred() -> None:
        ctx.scans.field_focused = False

    return ft.TextField(
        label=label, value=value, key=key, multiline=multiline, min_lines=3 if multiline else 1,
        max_lines=4 if multiline else 1, text_size=theme.TEXT_LABEL, width=width, expand=expand,
        label_style=ft.TextStyle(size=theme.TEXT_LABEL, color=theme.MUTED, font_family_fallback=theme.FALLBACKS),
        text_style=ft.TextStyle(font_family_fallback=theme.FALLBACKS),
        border={ft.ControlState.DEFAULT: ft.OutlineInputBorder(side=ft.BorderSide(2, theme.INK)),
                ft.ControlState.FOCUSED: ft.OutlineInputBorder(side=ft.BorderSide(3, theme.BRAND))},
        content_padding=ft.Padding.symmetric(horizontal=16, vertical=14),
        on_focus=focused, on_blur=blurred)
