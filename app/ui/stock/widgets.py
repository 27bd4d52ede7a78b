"""The stock screens' building blocks, big enough for gloves at arm's length: tables with coloured rows,
number steppers, form fields that keep the scanner listener out while typed into, warehouse buttons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import flet as ft

from app.i18n import _
from app.ui import theme
from app.ui.calls import pressed

TONES = {"ok": theme.OK_TINT, "warn": theme.WARN_TINT, "error": theme.ERROR_TINT, "head": theme.PANEL, "": None}
TEXT_BIN = 96          # the bin to walk to, read from across an aisle


@dataclass(frozen=True)
class Col:
    label: str              # msgid (N_), translated when shown
    width: int | None = None   # None: takes the room left
    numeric: bool = False
    size: int = theme.TEXT_BODY
    bold: bool = False


def cell(value, col: Col, *, bold: bool = False, size: int = theme.TEXT_BODY, color: str = theme.INK) -> ft.Control:
    content = value if isinstance(value, ft.Control) else theme.text(
        str(value), size, bold=bold, color=color, align=ft.TextAlign.RIGHT if col.numeric else ft.TextAlign.START)
    return ft.Container(content, width=col.width, expand=col.width is None,
                        alignment=ft.Alignment.CENTER_RIGHT if col.numeric else ft.Alignment.CENTER_LEFT)


def table(cols: list[Col], rows: list[tuple[list, str]], *, key: str | None, empty: str = "") -> ft.Control:
    """Rows of (cells, tone); tone is ok | warn | error | "" and colours the whole row.

    Tables are built anew on every render. Flet diffs a new control that has the key of an old one as a
    frozen copy and freezes everything in it: a table holding controls that live on (a Stepper) takes
    key=None, and so do its rows."""
    head = ft.Container(ft.Row([cell(_(c.label), c, bold=True, size=theme.TEXT_LABEL, color=theme.MUTED)
                                for c in cols], spacing=12), bgcolor=theme.PANEL, padding=ft.Padding.symmetric(
        horizontal=12, vertical=8), border_radius=theme.RADIUS)
    body = [ft.Container(ft.Row([cell(v, c, bold=i == 0 or c.bold, size=c.size)
                                 for i, (v, c) in enumerate(zip(values, cols))],
                                spacing=12, vertical_alignment=ft.CrossAxisAlignment.CENTER),
                         bgcolor=TONES.get(tone), padding=ft.Padding.symmetric(horizontal=12, vertical=10),
                         border=ft.Border.only(bottom=ft.BorderSide(1, theme.MUTED)),
                         key=f"{key}.{n}" if key else None)
            for n, (values, tone) in enumerate(rows)]
    if not rows and empty:
        body = [ft.Container(theme.text(empty, color=theme.MUTED), padding=12)]
    return ft.Column([head, *body], spacing=0, key=key)


class Stepper:
    """[-] n [+] with 72 px buttons: a number changed by gloved taps (never below `low`)."""

    def __init__(self, value: int, *, key: str, low: int = 0, high: int = 100_000,
                 on_change: Callable[[int], None] | None = None) -> None:
        self.value, self.low, self.high, self._on_change = value, low, high, on_change
        self.number = theme.text(str(value), theme.TEXT_TITLE, bold=True, key=f"{key}.value",
                                 align=ft.TextAlign.CENTER)
        minus = theme.button("−", lambda: self.set(self.value - 1), key=f"{key}.minus", kind="plain",
                             width=84, size=theme.TEXT_TITLE, padding=0)
        plus = theme.button("+", lambda: self.set(self.value + 1), key=f"{key}.plus", kind="plain",
                            width=84, size=theme.TEXT_TITLE, padding=0)   # no update() inside: auto-update sends
        self.control = ft.Row([minus, ft.Container(self.number, width=110, alignment=ft.Alignment.CENTER), plus],
                              spacing=8, tight=True)

    def set(self, value: int) -> None:
        self.value = max(self.low, min(self.high, value))
        self.number.value = str(self.value)
        if self._on_change is not None:
            self._on_change(self.value)


def field(ctx, label: str, *, key: str, value: str = "", width: int | None = None, numeric: bool = False,
          upper: bool = True, on_submit=None) -> ft.TextField:
    """A text field for forms: while it has focus the scanner listener ignores the keys (as ManualEntry)."""
    def focused() -> None:
        ctx.scans.field_focused = True

    def blurred() -> None:
        ctx.scans.field_focused = False

    return ft.TextField(
        label=label, value=value, key=key, width=width, expand=width is None, text_size=theme.TEXT_BODY,
        label_style=ft.TextStyle(size=theme.TEXT_LABEL, color=theme.MUTED, font_family_fallback=theme.FALLBACKS),
        text_style=ft.TextStyle(font_family_fallback=theme.FALLBACKS),
        border={ft.ControlState.DEFAULT: ft.OutlineInputBorder(side=ft.BorderSide(2, theme.INK)),
                ft.ControlState.FOCUSED: ft.OutlineInputBorder(side=ft.BorderSide(3, theme.BRAND))},
        content_padding=ft.Padding.symmetric(horizontal=16, vertical=16),
        keyboard_type=ft.KeyboardType.NUMBER if numeric else ft.KeyboardType.TEXT,
        capitalization=ft.TextCapitalization.CHARACTERS if upper else ft.TextCapitalization.NONE,
        autocorrect=False, enable_suggestions=False, on_focus=focused, on_blur=blurred, on_submit=on_submit)


def choices(ctx, values: list[str], chosen: str | None, on_pick: Callable[[str], object], *, key: str,
            label: str = "", big: bool = False) -> ft.Row:
    """One big button per value (warehouses), the chosen one filled, after an optional label. A wrapping
    Row: never put it inside another Row (Flutter cannot lay that out: a grey box in the browser)."""
    lead = [ft.Container(theme.text(label, bold=True), width=170)] if label else []
    size = dict(width=260, height=120, size=theme.TEXT_TITLE) if big else {}
    return ft.Row([*lead, *choice_buttons(ctx, values, chosen, on_pick, key=key, **size)], spacing=theme.GAP * 2,
                  wrap=True, key=key, vertical_alignment=ft.CrossAxisAlignment.CENTER)


def choice_buttons(ctx, values: list[str], chosen: str | None, on_pick: Callable[[str], object], *, key: str,
                   width: int = 150, height: int = theme.TOUCH, size: int = theme.TEXT_BODY) -> list[ft.Control]:
    def picker(value: str):
        return pressed(lambda: on_pick(value))
    return [theme.button(f"✓ {v}" if v == chosen else v, picker(v), key=f"{key}.{v}", height=height, size=size,
                         kind="primary" if v == chosen else "plain", width=width) for v in values]


def back(ctx, path: str = "/stock", *, key: str = "stock.back") -> ft.Button:
    async def go() -> None:
        await ctx.go(path)
    return theme.button(_("Back"), go, key=key, kind="plain", icon=ft.Icons.ARROW_BACK)


def heading(value: str, *, key: str, size: int = theme.TEXT_TITLE, color: str = theme.INK) -> ft.Text:
    return theme.text(value, size, bold=True, key=key, color=color)
